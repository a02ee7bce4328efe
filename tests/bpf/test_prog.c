// SPDX-License-Identifier: LGPL-2.1-or-later
/* Program I/O, the verifier and the interpreter, on hand-written programs. */
#include <criterion/criterion.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secbpf.h"

#define LD(k) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (k))
#define RET(v) BPF_STMT(BPF_RET | BPF_K, (v))
#define JEQ(k, t, f) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))

static struct secbpf_prog *mk(const struct sock_filter *f, size_t n, bool be)
{
	struct secbpf_prog *p = NULL;
	struct secbpf_error err;

	cr_assert_eq(secbpf_prog_new((const struct secbpf_insn *)f, n, be, &p,
				     &err),
		     0, "%s", err.message);
	return p;
}
#define MK(arr, be) mk((arr), sizeof(arr) / sizeof((arr)[0]), (be))

static const struct sock_filter sample[] = {
	LD(4),
	JEQ(AUDIT_ARCH_X86_64, 0, 5),
	LD(0),
	JEQ(257, 0, 3),
	LD(16),
	JEQ(42, 1, 0),
	RET(SECCOMP_RET_ERRNO | 1),
	RET(SECCOMP_RET_ALLOW),
};

Test(prog, roundtrip_every_format_and_byte_order)
{
	const enum secbpf_format fmts[] = {SECBPF_FORMAT_RAW,
					   SECBPF_FORMAT_BASE64,
					   SECBPF_FORMAT_HEX,
					   SECBPF_FORMAT_JSON};

	for (int be = 0; be < 2; be++) {
		struct secbpf_prog *p = MK(sample, be);

		for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
			struct secbpf_prog *q = NULL;
			struct secbpf_error err;
			char *buf;
			size_t len;

			cr_assert_eq(secbpf_prog_write(p, fmts[f], &buf, &len,
						       &err),
				     0, "%s", err.message);
			cr_assert_eq(secbpf_prog_read(buf, len, fmts[f], be, &q,
						      &err),
				     0, "format %d: %s", fmts[f], err.message);
			cr_expect_eq(secbpf_prog_len(q), secbpf_prog_len(p));
			cr_expect_eq(memcmp(secbpf_prog_insns(p),
					    secbpf_prog_insns(q),
					    secbpf_prog_len(p) * 8),
				     0);
			free(buf);
			secbpf_prog_free(q);
		}
		secbpf_prog_free(p);
	}
}

Test(prog, raw_bytes_are_in_the_target_order)
{
	struct sock_filter one[] = {RET(0x7fff0000)};
	struct secbpf_prog *le = MK(one, false), *be = MK(one, true);
	const unsigned char want_le[8] = {0x06, 0, 0, 0, 0, 0, 0xff, 0x7f};
	const unsigned char want_be[8] = {0, 0x06, 0, 0, 0x7f, 0xff, 0, 0};
	char *buf;
	size_t len;

	cr_assert_eq(secbpf_prog_write(le, SECBPF_FORMAT_RAW, &buf, &len, NULL),
		     0);
	cr_expect_eq(len, 8);
	cr_expect_eq(memcmp(buf, want_le, 8), 0);
	free(buf);
	cr_assert_eq(secbpf_prog_write(be, SECBPF_FORMAT_RAW, &buf, &len, NULL),
		     0);
	cr_expect_eq(memcmp(buf, want_be, 8), 0);
	free(buf);
	cr_assert_eq(secbpf_prog_write(le, SECBPF_FORMAT_BASE64, &buf, &len,
				       NULL),
		     0);
	cr_expect_str_eq(buf, "BgAAAAAA/38=\n");
	free(buf);
	secbpf_prog_free(le);
	secbpf_prog_free(be);
}

Test(prog, c_and_json_output)
{
	struct secbpf_prog *p = MK(sample, false);
	char *buf;

	cr_assert_eq(secbpf_prog_write(p, SECBPF_FORMAT_C, &buf, NULL, NULL),
		     0);
	cr_expect(strstr(buf, "struct sock_filter filter[]"));
	cr_expect(strstr(buf, "BPF_STMT(BPF_RET | BPF_K, 0x7fff0000), /* 7: "
			      "ret ALLOW */"),
		  "%s", buf);
	cr_expect(strstr(buf, "BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x101, 0, "
			      "3), /* 3: jeq #257 (openat) -> 4 else 7 */"),
		  "%s", buf);
	cr_expect(strstr(buf, "BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0x10), /* 4: "
			      "ld [16] ; args[0].lo */"),
		  "%s", buf);
	free(buf);
	cr_assert_eq(secbpf_prog_write(p, SECBPF_FORMAT_JSON, &buf, NULL, NULL),
		     0);
	cr_expect(strstr(buf, "{\"code\": 32, \"jt\": 0, \"jf\": 0, \"k\": 4}"),
		  "%s", buf);
	free(buf);
	secbpf_prog_free(p);
}

/* The C output is C: compile it with the system compiler and check that
 * the array holds the very instructions. */
Test(prog, c_output_compiles_to_the_same_program)
{
	struct secbpf_prog *p = MK(sample, false);
	char dir[] = "/tmp/secbpf-c-XXXXXX", cmd[512], path[128];
	struct sock_filter got[16];
	char *buf;
	FILE *f;
	size_t n;

	if (system("command -v cc >/dev/null 2>&1") != 0)
		cr_skip_test("no C compiler");
	cr_assert_not_null(mkdtemp(dir));
	cr_assert_eq(secbpf_prog_write(p, SECBPF_FORMAT_C, &buf, NULL, NULL),
		     0);
	snprintf(path, sizeof(path), "%s/f.c", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fprintf(f,
		"%s\n#include <stdio.h>\nint main(void)\n{\n"
		"\tfwrite(filter, sizeof(filter[0]), prog.len, stdout);\n"
		"\treturn 0;\n}\n",
		buf);
	fclose(f);
	free(buf);
	snprintf(cmd, sizeof(cmd),
		 "cc -Wall -Werror -o %s/f %s/f.c && %s/f > %s/out", dir, dir,
		 dir, dir);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	snprintf(path, sizeof(path), "%s/out", dir);
	f = fopen(path, "rb");
	cr_assert_not_null(f);
	n = fread(got, sizeof(got[0]), 16, f);
	fclose(f);
	cr_expect_eq(n, sizeof(sample) / sizeof(sample[0]));
	cr_expect_eq(memcmp(got, sample, sizeof(sample)), 0);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_expect_eq(system(cmd), 0);
	secbpf_prog_free(p);
}

Test(prog, malformed_input_is_refused_with_a_reason)
{
	static const struct {
		const char *text;
		size_t len;
		enum secbpf_format fmt;
		const char *msg;
	} bad[] = {
		{"\x06\0\0\0\0\0\xff", 7, SECBPF_FORMAT_RAW, "8-byte"},
		{"", 0, SECBPF_FORMAT_RAW, "empty"},
		{"BgAAAAAA/38", 11, SECBPF_FORMAT_BASE64, "multiple of 4"},
		{"BgAA*AAA/38=", 12, SECBPF_FORMAT_BASE64, "invalid base64"},
		{"0600000000", 10, SECBPF_FORMAT_HEX, "8-byte"},
		{"06000000000000ff7", 17, SECBPF_FORMAT_HEX, "odd number"},
		{"zz", 2, SECBPF_FORMAT_HEX, "invalid hex"},
		{"[]", 2, SECBPF_FORMAT_JSON, "empty"},
		{"{}", 2, SECBPF_FORMAT_JSON, "byte 0: expected '['"},
		{"[{\"code\": 6, \"jt\": 0, \"jf\": 0}]", 31,
		 SECBPF_FORMAT_JSON, "needs code, jt, jf and k"},
		{"[{\"code\": 6, \"jt\": 256, \"jf\": 0, \"k\": 0}]", 41,
		 SECBPF_FORMAT_JSON, "out of range"},
		{"[{\"code\": 6, \"code\": 6}]", 24, SECBPF_FORMAT_JSON,
		 "twice"},
		{"[{\"op\": 6}]", 11, SECBPF_FORMAT_JSON, "unknown key"},
		{"[{\"code\": -6}]", 14, SECBPF_FORMAT_JSON, "unsigned"},
		{"[{\"code\": 6, \"jt\": 0, \"jf\": 0, \"k\": 0}] x", 41,
		 SECBPF_FORMAT_JSON, "text after"},
		{"[{\"code\": 6, \"jt\": 0, \"jf\": 0, \"k\": 0}", 38,
		 SECBPF_FORMAT_JSON, "expected ',' or ']'"},
		{"[{\"code", 7, SECBPF_FORMAT_JSON, "unterminated"},
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct secbpf_prog *p = NULL;
		struct secbpf_error err;

		cr_expect_neq(secbpf_prog_read(bad[i].text, bad[i].len,
					       bad[i].fmt, false, &p, &err),
			      0, "case %zu", i);
		cr_expect_null(p);
		cr_expect(strstr(err.message, bad[i].msg), "case %zu: %s", i,
			  err.message);
	}
}

Test(prog, too_long_is_refused_not_truncated)
{
	size_t n = SECBPF_MAX_INSNS + 1;
	struct secbpf_insn *insns = calloc(n, sizeof(*insns));
	struct secbpf_prog *p = NULL;
	struct secbpf_error err;

	cr_assert_not_null(insns);
	for (size_t i = 0; i < n; i++)
		insns[i].code = BPF_RET | BPF_K;
	cr_expect_eq(secbpf_prog_new(insns, n, false, &p, &err), -E2BIG);
	cr_expect(strstr(err.message, "4096"), "%s", err.message);
	cr_expect_eq(secbpf_prog_new(insns, n - 1, false, &p, &err), 0);
	cr_expect_eq(secbpf_prog_verify(p, &err), 0, "%s", err.message);
	secbpf_prog_free(p);
	free(insns);
}

struct vcase {
	struct sock_filter f[4];
	size_t n;
	int insn;
	const char *msg;
};

Test(verify, rejects_each_kernel_rule_naming_the_insn)
{
	const struct vcase cases[] = {
		{{BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 0), RET(0)},
		 2,
		 0,
		 "not allowed"},
		{{BPF_STMT(BPF_ALU | BPF_MOD | BPF_K, 3), RET(0)},
		 2,
		 0,
		 "not allowed"},
		{{LD(2), RET(0)}, 2, 0, "aligned"},
		{{LD(64), RET(0)}, 2, 0, "aligned"},
		{{JEQ(1, 5, 0), RET(0)}, 2, 0, "past the end"},
		{{BPF_STMT(BPF_JMP | BPF_JA, 1), RET(0)}, 2, 0, "past the end"},
		{{LD(0), LD(0)}, 2, 1, "not a return"},
		{{BPF_STMT(BPF_LD | BPF_MEM, 3), RET(0)},
		 2,
		 0,
		 "before it is written"},
		{{BPF_STMT(BPF_ST, 16), RET(0)}, 2, 0, "does not exist"},
		{{BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 0), RET(0)},
		 2,
		 0,
		 "division by zero"},
		{{BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 32), RET(0)},
		 2,
		 0,
		 "shift"},
		/* written on one path only */
		{{JEQ(1, 0, 1), BPF_STMT(BPF_ST, 2),
		  BPF_STMT(BPF_LD | BPF_MEM, 2), RET(0)},
		 4,
		 2,
		 "before it is written"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct secbpf_prog *p = mk(cases[i].f, cases[i].n, false);
		struct secbpf_error err;

		cr_expect_eq(secbpf_prog_verify(p, &err), -EINVAL, "case %zu",
			     i);
		cr_expect_eq(err.insn, cases[i].insn, "case %zu: insn %d", i,
			     err.insn);
		cr_expect(strstr(err.message, cases[i].msg), "case %zu: %s", i,
			  err.message);
		secbpf_prog_free(p);
	}
}

Test(verify, accepts_valid_programs)
{
	struct sock_filter scratch[] = {
		LD(0),
		BPF_STMT(BPF_ST, 3),
		BPF_STMT(BPF_LDX | BPF_MEM, 3),
		BPF_STMT(BPF_MISC | BPF_TXA, 0),
		RET(SECCOMP_RET_ALLOW),
	};
	struct secbpf_prog *p = MK(sample, false), *q = MK(scratch, false);

	cr_expect_eq(secbpf_prog_verify(p, NULL), 0);
	cr_expect_eq(secbpf_prog_verify(q, NULL), 0);
	secbpf_prog_free(p);
	secbpf_prog_free(q);
}

static uint32_t run(const struct secbpf_prog *p, uint32_t nr, uint64_t a0,
		    unsigned *count)
{
	struct secbpf_data d = {
		.nr = nr, .arch = AUDIT_ARCH_X86_64, .args = {a0}};
	struct secbpf_run_result r = {0};

	cr_assert_eq(secbpf_prog_run(p, &d, &r, NULL), 0);
	if (count)
		*count = r.count;
	return r.action;
}

Test(interp, arguments_follow_the_byte_order)
{
	/* the sample loads offset 16: args[0] low word on LE, high on BE */
	struct secbpf_prog *le = MK(sample, false), *be = MK(sample, true);
	unsigned count;

	cr_expect_eq(run(le, 257, 42, &count), SECCOMP_RET_ALLOW);
	cr_expect_eq(count, 7);
	cr_expect_eq(run(le, 257, 42ULL << 32, NULL), SECCOMP_RET_ERRNO | 1);
	cr_expect_eq(run(be, 257, 42ULL << 32, NULL), SECCOMP_RET_ALLOW);
	cr_expect_eq(run(be, 257, 42, NULL), SECCOMP_RET_ERRNO | 1);
	cr_expect_eq(run(le, 0, 0, NULL), SECCOMP_RET_ALLOW);
	secbpf_prog_free(le);
	secbpf_prog_free(be);
}

Test(interp, alu_scratch_and_division_by_zero)
{
	struct sock_filter f[] = {
		LD(0),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xff),
		BPF_STMT(BPF_ALU | BPF_ADD | BPF_K, 1),
		BPF_STMT(BPF_ST, 0),
		BPF_STMT(BPF_LDX | BPF_MEM, 0),
		BPF_STMT(BPF_LD | BPF_IMM, 100),
		BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};
	struct secbpf_prog *p = MK(f, false);

	cr_expect_eq(secbpf_prog_verify(p, NULL), 0);
	cr_expect_eq(run(p, 0x103, 0, NULL), 25); /* 100 / (3 + 1) */
	cr_expect_eq(run(p, 0x1ff, 0, NULL), 0, "x = 0: the kernel returns 0");
	secbpf_prog_free(p);
}

Test(interp, path_is_recorded)
{
	struct secbpf_prog *p = MK(sample, false);
	struct secbpf_data d = {.nr = 257, .arch = AUDIT_ARCH_X86_64};
	uint32_t path[16];
	struct secbpf_run_result r = {.path = path, .path_cap = 16};
	const uint32_t want[] = {0, 1, 2, 3, 4, 5, 6};

	cr_assert_eq(secbpf_prog_run(p, &d, &r, NULL), 0);
	cr_assert_eq(r.path_len, 7);
	cr_expect_eq(memcmp(path, want, sizeof(want)), 0);
	secbpf_prog_free(p);
}

Test(cache, emulates_seccomp_is_const_allow)
{
	struct secbpf_prog *p = MK(sample, false);
	struct sock_filter masked[] = {
		LD(0),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xff),
		JEQ(5, 0, 1),
		RET(SECCOMP_RET_ALLOW),
		RET(SECCOMP_RET_LOG),
	};
	struct secbpf_prog *q = MK(masked, false);

	/* openat loads an argument: not cacheable; others reach ALLOW */
	cr_expect(!secbpf_prog_cacheable(p, AUDIT_ARCH_X86_64, 257));
	cr_expect(secbpf_prog_cacheable(p, AUDIT_ARCH_X86_64, 0));
	cr_expect(secbpf_prog_cacheable(p, AUDIT_ARCH_I386, 0), "a foreign "
								"arch falls "
								"through to "
								"ALLOW here");
	cr_expect(secbpf_prog_cacheable(q, AUDIT_ARCH_X86_64, 0x105));
	cr_expect(!secbpf_prog_cacheable(q, AUDIT_ARCH_X86_64, 6), "LOG is not "
								   "ALLOW");
	secbpf_prog_free(p);
	secbpf_prog_free(q);
}

Test(action, names)
{
	char b[32];

	cr_expect_str_eq(secbpf_action_str(0x7fff0000, b, sizeof(b)), "ALLOW");
	cr_expect_str_eq(secbpf_action_str(0x00050001, b, sizeof(b)), "ERRNO("
								      "1)");
	cr_expect_str_eq(secbpf_action_str(0x80000000, b, sizeof(b)), "KILL_"
								      "PROCES"
								      "S");
	cr_expect_str_eq(secbpf_action_str(0, b, sizeof(b)), "KILL_THREAD");
	cr_expect_str_eq(secbpf_action_str(0x7ff00005, b, sizeof(b)), "TRACE("
								      "5)");
	cr_expect_str_eq(secbpf_action_str(0x7fc00000, b, sizeof(b)), "USER_"
								      "NOTIF");
	cr_expect_str_eq(secbpf_action_str(0x7ffc0000, b, sizeof(b)), "LOG");
	cr_expect_str_eq(secbpf_action_str(0x00030000, b, sizeof(b)), "TRAP");
}

Test(disasm, symbolic)
{
	struct secbpf_prog *p = MK(sample, false);
	struct secbpf_disasm_opts o = {.sz = sizeof(o)};
	char *text;

	cr_assert_eq(secbpf_prog_disasm(p, &o, &text, NULL), 0);
	cr_expect(strstr(text, "(x86_64)"), "%s", text);
	cr_expect(strstr(text, "(openat)"), "%s", text);
	cr_expect(strstr(text, "args[0].lo"), "%s", text);
	cr_expect(strstr(text, "ret  ERRNO(1)"), "%s", text);
	cr_expect(strstr(text, "-> 7 else 6"), "%s", text);
	free(text);
	secbpf_prog_free(p);
	p = MK(sample, true);
	cr_assert_eq(secbpf_prog_disasm(p, &o, &text, NULL), 0);
	cr_expect(strstr(text, "args[0].hi"), "big-endian: %s", text);
	free(text);
	secbpf_prog_free(p);
}

/* Two arches reach one nr check: its names come from opts->arch, or none. */
Test(disasm, merged_arches_fall_back_to_the_given_arch)
{
	static const struct sock_filter merged[] = {
		LD(4),
		JEQ(AUDIT_ARCH_X86_64, 1, 0),
		JEQ(AUDIT_ARCH_I386, 0, 3),
		LD(0),
		JEQ(102, 0, 1), /* socketcall on x86, getuid on x86_64 */
		RET(SECCOMP_RET_ERRNO | 1),
		RET(SECCOMP_RET_ALLOW),
	};
	struct secbpf_prog *p = MK(merged, false);
	struct secbpf_disasm_opts o = {.sz = sizeof(o)};
	char *text;

	cr_assert_eq(secbpf_prog_disasm(p, &o, &text, NULL), 0);
	cr_expect(strstr(text, "(x86_64)") && strstr(text, "(x86)"), "%s",
		  text);
	cr_expect(!strstr(text, "(getuid)") && !strstr(text, "(socketcall)"),
		  "no arch is known at the merge: %s", text);
	free(text);
	o.arch = secbpf_arch_lookup("x86");
	cr_assert_not_null(o.arch);
	cr_assert_eq(secbpf_prog_disasm(p, &o, &text, NULL), 0);
	cr_expect(strstr(text, "#102        (socketcall)"), "%s", text);
	free(text);
	o.no_symbols = true;
	cr_assert_eq(secbpf_prog_disasm(p, &o, &text, NULL), 0);
	cr_expect(!strstr(text, "(socketcall)") && !strstr(text, "(x86)") &&
			  strstr(text, "ret  #0x7fff0000"),
		  "%s", text);
	free(text);
	secbpf_prog_free(p);
}

Test(prog, text_input_over_the_limit_is_refused)
{
	size_t len = (1U << 20) + 1;
	char *big = malloc(len);
	struct secbpf_prog *p = NULL;
	struct secbpf_error err;

	cr_assert_not_null(big);
	memset(big, 'A', len);
	cr_expect_eq(secbpf_prog_read(big, len, SECBPF_FORMAT_BASE64, false, &p,
				      &err),
		     -E2BIG);
	cr_expect_null(p);
	cr_expect_eq(secbpf_prog_read(big, len, SECBPF_FORMAT_HEX, false, &p,
				      &err),
		     -E2BIG);
	free(big);
}
