/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Valid seccomp programs built to make argument exploration as costly as
 * it can be (bpfdump --summary / --diff, secbpf_summarize,
 * secbpf_prog_diff), for the tests that check the work budget bounds
 * them.  Each fills "f" (room for SECBPF_MAX_INSNS) and returns its
 * length; every one is x86_64-only and checks arguments before the
 * syscall number, so that every syscall pays.
 *
 *   chain     2040 loads of an argument word, each compared (JEQ) with
 *             its own constant: 4085 instructions, the shape that took
 *             bpfdump --summary 13 minutes
 *   jset      2040 bit tests, each skipping the next on a hit: paths of
 *             many lengths
 *   constants one argument word against 2040 constants, each with its
 *             own ERRNO: thousands of actions
 *   nested    1360 nested "if argument > k" on words in turn, each level
 *             returning when false: a path only a long series of
 *             vectors reaches
 *   arches    the chain behind a check of every AUDIT_ARCH: the most
 *             arches at once
 */
#ifndef SECBPF_TEST_ADVERSARIAL_H
#define SECBPF_TEST_ADVERSARIAL_H

#include <linux/filter.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define ADV_LD(k) ((struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (k)))
#define ADV_RET(v) ((struct sock_filter)BPF_STMT(BPF_RET | BPF_K, (v)))
#define ADV_JMP(op, k, t, f)                                                   \
	((struct sock_filter)BPF_JUMP(BPF_JMP | (op) | BPF_K, (k), (t), (f)))
#define ADV_X86_64 0xc000003eU
#define ADV_ALLOW 0x7fff0000U
#define ADV_ERRNO(e) (0x00050000U | ((e)&0xffffU))

/* The argument word "i" of 12 (args[i/2], low word first on LE). */
static inline uint32_t adv_word(unsigned i)
{
	return 16 + 4 * (i % 12);
}

/* ld arch; jeq x86_64 else kill */
static inline size_t adv_head(struct sock_filter *f)
{
	f[0] = ADV_LD(4);
	f[1] = ADV_JMP(BPF_JEQ, ADV_X86_64, 1, 0);
	f[2] = ADV_RET(0);
	f[3] = ADV_LD(0);
	return 4;
}

static inline size_t adv_chain(struct sock_filter *f)
{
	size_t n = adv_head(f);

	for (unsigned i = 0; i < 2040; i++) {
		f[n++] = ADV_LD(16 + 8 * (i % 6));
		f[n++] = ADV_JMP(BPF_JEQ, i * 7 + 1, 0, 0);
	}
	f[n++] = ADV_RET(ADV_ALLOW);
	return n; /* 4085 */
}

static inline size_t adv_jset(struct sock_filter *f)
{
	size_t n = adv_head(f);

	for (unsigned i = 0; i < 2040; i++) {
		f[n++] = ADV_LD(adv_word(i));
		/* a hit skips the next test */
		f[n++] = ADV_JMP(BPF_JSET, 1U << (i % 32), i < 2039 ? 2 : 0, 0);
	}
	f[n++] = ADV_RET(ADV_ALLOW);
	return n;
}

static inline size_t adv_constants(struct sock_filter *f)
{
	size_t n = adv_head(f);

	f[n++] = ADV_LD(16);
	for (unsigned i = 0; i < 2044; i++) {
		f[n++] = ADV_JMP(BPF_JEQ, 0x1000 + 3 * i, 0, 1);
		f[n++] = ADV_RET(ADV_ERRNO(i + 1));
	}
	f[n++] = ADV_RET(ADV_ALLOW);
	return n;
}

static inline size_t adv_nested(struct sock_filter *f)
{
	size_t n = adv_head(f);

	for (unsigned i = 0; i < 1360; i++) {
		f[n++] = ADV_LD(adv_word(i));
		/* each word's bound grows, so that a deeper level needs a
		 * larger value than the vectors that reached this one */
		f[n++] = ADV_JMP(BPF_JGT, 100 * (i / 12 + 1), 1, 0);
		f[n++] = ADV_RET(ADV_ERRNO(i % 4000 + 1));
	}
	f[n++] = ADV_RET(ADV_ALLOW);
	return n;
}

static inline size_t adv_arches(struct sock_filter *f)
{
	/* every AUDIT_ARCH secbpf knows (include/uapi/linux/audit.h) */
	static const uint32_t audits[] = {
		0xc000003e, 0x40000003, 0xc00000b7, 0x40000028, 0x00000008,
		0x40000008, 0x80000008, 0xc0000008, 0xa0000008, 0xe0000008,
		0x00000014, 0x80000015, 0xc0000015, 0x00000016, 0x80000016,
		0xc00000f3, 0xc0000102,
	};
	size_t na = sizeof(audits) / sizeof(audits[0]), n = 0;

	f[n++] = ADV_LD(4);
	for (size_t i = 0; i < na; i++)
		f[n++] = ADV_JMP(BPF_JEQ, audits[i], (uint8_t)(na - i), 0);
	f[n++] = ADV_RET(0);
	f[n++] = ADV_LD(0);
	for (unsigned i = 0; i < 2030; i++) {
		f[n++] = ADV_LD(16 + 8 * (i % 6));
		f[n++] = ADV_JMP(BPF_JEQ, i * 7 + 1, 0, 0);
	}
	f[n++] = ADV_RET(ADV_ALLOW);
	return n;
}

struct adv_shape {
	const char *name;
	size_t (*build)(struct sock_filter *f);
};

static const struct adv_shape adv_shapes[] = {
	{"chain", adv_chain},	      {"jset", adv_jset},
	{"constants", adv_constants}, {"nested", adv_nested},
	{"arches", adv_arches},
};

#endif /* SECBPF_TEST_ADVERSARIAL_H */
