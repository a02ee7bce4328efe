// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Classic BPF, portable: the raw format's byte order written and read on
 * this machine whatever its own order, the text formats, and the
 * interpreter on hand-written programs whose verdicts are fixed by the
 * table (struct seccomp_data laid out per the program's byte order: on a
 * big-endian target the word at offset 16 is the HIGH half of args[0]).
 */
#include <linux/filter.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tap.h"

#define STMT(c, v)                                                             \
	{                                                                      \
		(uint16_t)(c), 0, 0, (uint32_t)(v)                             \
	}
#define JUMP(c, v, t, f)                                                       \
	{                                                                      \
		(uint16_t)(c), (uint8_t)(t), (uint8_t)(f), (uint32_t)(v)       \
	}
#define LD(off) STMT(BPF_LD | BPF_W | BPF_ABS, off)
#define RET(v) STMT(BPF_RET | BPF_K, v)
/* A == v ? ALLOW : KILL_PROCESS, the tail of most programs below */
#define EXPECT_A(v)                                                            \
	JUMP(BPF_JMP | BPF_JEQ | BPF_K, v, 0, 1), RET(SECBPF_RET_ALLOW),       \
		RET(SECBPF_RET_KILL_PROCESS)

static void raw_byte_order(void)
{
	static const struct secbpf_insn in[] = {{0x0020, 1, 2, 0x01020304},
						RET(0x7fff0000)};
	static const unsigned char le[] = {0x20, 0x00, 0x01, 0x02, 0x04, 0x03,
					   0x02, 0x01, 0x06, 0x00, 0x00, 0x00,
					   0x00, 0x00, 0xff, 0x7f};
	static const unsigned char be[] = {0x00, 0x20, 0x01, 0x02, 0x01, 0x02,
					   0x03, 0x04, 0x00, 0x06, 0x00, 0x00,
					   0x7f, 0xff, 0x00, 0x00};

	for (int big = 0; big < 2; big++) {
		const unsigned char *want = big ? be : le;
		struct secbpf_prog *p = NULL, *back = NULL, *other = NULL;
		struct secbpf_error err = {0};
		char *out = NULL;
		size_t len = 0;

		REQUIRE(secbpf_prog_new(in, 2, big, &p, &err) == 0, "%s",
			err.message);
		REQUIRE(secbpf_prog_write(p, SECBPF_FORMAT_RAW, &out, &len,
					  &err) == 0,
			"%s", err.message);
		CHECK(len == sizeof(le) && !memcmp(out, want, len),
		      "%s-endian raw bytes", big ? "big" : "little");
		CHECK(secbpf_prog_read(want, sizeof(le), SECBPF_FORMAT_RAW, big,
				       &back, &err) == 0 &&
			      secbpf_prog_len(back) == 2 &&
			      !memcmp(secbpf_prog_insns(back), in, sizeof(in)),
		      "read back %s-endian", big ? "big" : "little");
		/* read with the wrong order: every field swapped */
		CHECK(secbpf_prog_read(want, sizeof(le), SECBPF_FORMAT_RAW,
				       !big, &other, &err) == 0 &&
			      secbpf_prog_insns(other)[0].code == 0x2000 &&
			      secbpf_prog_insns(other)[0].k == 0x04030201,
		      "wrong order swaps the fields");
		CHECK(secbpf_prog_big_endian(back) == (bool)big, "order kept");
		free(out);
		secbpf_prog_free(p);
		secbpf_prog_free(back);
		secbpf_prog_free(other);
	}
}

/* Every readable format written then read gives the same instructions. */
static void formats_round_trip(void)
{
	static const enum secbpf_format fmts[] = {
		SECBPF_FORMAT_RAW, SECBPF_FORMAT_BASE64, SECBPF_FORMAT_HEX};
	static const struct secbpf_insn in[] = {
		LD(4),
		JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x80000016, 1, 0),
		RET(SECBPF_RET_KILL_PROCESS),
		LD(0),
		JUMP(BPF_JMP | BPF_JGE | BPF_K, 0xfffe1234, 0, 1),
		RET(SECBPF_RET_ERRNO(38)),
		RET(SECBPF_RET_ALLOW)};

	for (int big = 0; big < 2; big++)
		for (size_t f = 0; f < TAP_ARRAY_SIZE(fmts); f++) {
			struct secbpf_prog *p = NULL, *back = NULL;
			struct secbpf_error err = {0};
			char *out = NULL;
			size_t len = 0;

			REQUIRE(secbpf_prog_new(in, TAP_ARRAY_SIZE(in), big, &p,
						&err) == 0,
				"%s", err.message);
			CHECK(secbpf_prog_write(p, fmts[f], &out, &len, &err) ==
					      0 &&
				      secbpf_prog_read(out, len, fmts[f], big,
						       &back, &err) == 0 &&
				      secbpf_prog_len(back) ==
					      TAP_ARRAY_SIZE(in) &&
				      !memcmp(secbpf_prog_insns(back), in,
					      sizeof(in)),
			      "format %d, %s-endian: %s", (int)fmts[f],
			      big ? "big" : "little", err.message);
			free(out);
			secbpf_prog_free(p);
			secbpf_prog_free(back);
		}
}

#define ARG0 0x1122334455667788ULL
#define IP 0x8899aabbccddeeffULL

struct interp_case {
	const char *what;
	struct secbpf_insn insn[12];
	size_t n;
	/* data: nr, arch, ip, args[0] fixed below; the verdict by order */
	uint32_t nr;
	uint32_t want_le, want_be;
};

/* The same programs judged as little- and as big-endian filters. */
static const struct interp_case interp_cases[] = {
	{"ret k",
	 {RET(SECBPF_RET_ERRNO(13))},
	 1,
	 0,
	 SECBPF_RET_ERRNO(13),
	 SECBPF_RET_ERRNO(13)},
	{"nr", {LD(0), EXPECT_A(59)}, 4, 59, SECBPF_RET_ALLOW, SECBPF_RET_ALLOW},
	{"arch",
	 {LD(4), EXPECT_A(0x80000016)},
	 4,
	 1,
	 SECBPF_RET_ALLOW,
	 SECBPF_RET_ALLOW},
	{"args[0] offset 16",
	 {LD(16), EXPECT_A(0x55667788)},
	 4,
	 1,
	 SECBPF_RET_ALLOW,
	 SECBPF_RET_KILL_PROCESS},
	{"args[0] offset 20",
	 {LD(20), EXPECT_A(0x55667788)},
	 4,
	 1,
	 SECBPF_RET_KILL_PROCESS,
	 SECBPF_RET_ALLOW},
	{"args[0] high word",
	 {LD(16), EXPECT_A(0x11223344)},
	 4,
	 1,
	 SECBPF_RET_KILL_PROCESS,
	 SECBPF_RET_ALLOW},
	{"instruction pointer",
	 {LD(8), EXPECT_A(0xccddeeff)},
	 4,
	 1,
	 SECBPF_RET_ALLOW,
	 SECBPF_RET_KILL_PROCESS},
	{"args[5] low word",
	 {LD(60), EXPECT_A(5)},
	 4,
	 1,
	 SECBPF_RET_KILL_PROCESS,
	 SECBPF_RET_ALLOW},
	{"len",
	 {STMT(BPF_LD | BPF_W | BPF_LEN, 0), EXPECT_A(64)},
	 4,
	 1,
	 SECBPF_RET_ALLOW,
	 SECBPF_RET_ALLOW},
	{"alu add/mul/sub",
	 {STMT(BPF_LD | BPF_IMM, 7), STMT(BPF_ALU | BPF_ADD | BPF_K, 5),
	  STMT(BPF_ALU | BPF_MUL | BPF_K, 0x10000001),
	  STMT(BPF_ALU | BPF_SUB | BPF_K, 2),
	  EXPECT_A(0x0000000aU + 0xc0000000U)},
	 7,
	 1,
	 SECBPF_RET_ALLOW,
	 SECBPF_RET_ALLOW},
	{"alu div/and/or/xor/shifts",
	 {STMT(BPF_LD | BPF_IMM, 0xf00000ff),
	  STMT(BPF_ALU | BPF_DIV | BPF_K, 3),
	  STMT(BPF_ALU | BPF_AND | BPF_K, 0xffff00ff),
	  STMT(BPF_ALU | BPF_OR | BPF_K, 0x100),
	  STMT(BPF_ALU | BPF_XOR | BPF_K, 0x3),
	  STMT(BPF_ALU | BPF_LSH | BPF_K, 4),
	  STMT(BPF_ALU | BPF_RSH | BPF_K, 8), STMT(BPF_ALU | BPF_NEG, 0),
	  EXPECT_A(0u - ((((((0xf00000ffu / 3) & 0xffff00ffu) | 0x100u) ^ 3u)
			  << 4) >>
			 8))},
	 11,
	 1,
	 SECBPF_RET_ALLOW,
	 SECBPF_RET_ALLOW},
	{"x register, scratch memory",
	 {LD(0), STMT(BPF_MISC | BPF_TAX, 0), STMT(BPF_ST, 3),
	  STMT(BPF_LD | BPF_IMM, 1), STMT(BPF_ALU | BPF_ADD | BPF_X, 0),
	  STMT(BPF_LDX | BPF_MEM, 3), STMT(BPF_ALU | BPF_ADD | BPF_X, 0),
	  STMT(BPF_MISC | BPF_TXA, 0), EXPECT_A(42)},
	 11,
	 42,
	 SECBPF_RET_ALLOW,
	 SECBPF_RET_ALLOW},
	{"jgt/jge/jset unsigned",
	 {LD(4), JUMP(BPF_JMP | BPF_JGT | BPF_K, 0x80000015, 0, 4),
	  JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x80000017, 3, 0),
	  JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x00000006, 0, 2),
	  STMT(BPF_JMP | BPF_JA, 0), RET(SECBPF_RET_TRACE(7)),
	  RET(SECBPF_RET_KILL_PROCESS)},
	 7,
	 1,
	 SECBPF_RET_TRACE(7),
	 SECBPF_RET_TRACE(7)},
};

static void interpreter(void)
{
	struct secbpf_data d = {.arch = 0x80000016,
				.instruction_pointer = IP,
				.args = {ARG0, 1, 2, 3, 4, 5}};

	for (size_t i = 0; i < TAP_ARRAY_SIZE(interp_cases); i++) {
		const struct interp_case *c = &interp_cases[i];

		for (int big = 0; big < 2; big++) {
			struct secbpf_run_result r = {0};
			struct secbpf_prog *p = NULL;
			struct secbpf_error err = {0};
			uint32_t want = big ? c->want_be : c->want_le;

			d.nr = c->nr;
			if (!CHECK(secbpf_prog_new(c->insn, c->n, big, &p,
						   &err) == 0 &&
					   secbpf_prog_verify(p, &err) == 0,
				   "%s: %s", c->what, err.message)) {
				secbpf_prog_free(p);
				continue;
			}
			CHECK(secbpf_prog_run(p, &d, &r, &err) == 0 &&
				      r.action == want,
			      "%s (%s-endian): 0x%08x, want 0x%08x", c->what,
			      big ? "big" : "little", r.action, want);
			secbpf_prog_free(p);
		}
	}
}

/* The verifier refuses what the kernel refuses, on every host. */
static void verifier(void)
{
	static const struct {
		const char *what;
		struct secbpf_insn insn[3];
		size_t n;
	} bad[] = {
		{"no return", {LD(0)}, 1},
		{"load past seccomp_data", {LD(64), RET(0)}, 2},
		{"unaligned load", {LD(2), RET(0)}, 2},
		{"jump out of the program",
		 {JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 5, 0), RET(0)},
		 2},
		{"scratch slot 16", {STMT(BPF_ST, 16), RET(0)}, 2},
	};

	for (size_t i = 0; i < TAP_ARRAY_SIZE(bad); i++) {
		struct secbpf_prog *p = NULL;
		struct secbpf_error err = {0};

		if (!CHECK(secbpf_prog_new(bad[i].insn, bad[i].n, false, &p,
					   &err) == 0,
			   "%s: %s", bad[i].what, err.message))
			continue;
		CHECK(secbpf_prog_verify(p, &err) < 0, "%s accepted",
		      bad[i].what);
		secbpf_prog_free(p);
	}
}

int main(int argc, char **argv)
{
	static const struct tap_case cases[] = {
		{"raw_byte_order", raw_byte_order},
		{"formats_round_trip", formats_round_trip},
		{"interpreter", interpreter},
		{"verifier", verifier},
	};

	return tap_main(cases, TAP_ARRAY_SIZE(cases), argc, argv);
}
