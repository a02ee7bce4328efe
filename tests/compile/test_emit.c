// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The emitter on hand-built IR: program shape, every operator on 32- and
 * 64-bit ABIs and both byte orders, the x32 split, ENOSYS for new
 * syscalls, the action cache, size limits, errors.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bpf/compile.h"
#include "diff.h"
#include "irgen.h"

#define ALLOW SECBPF_RET_ALLOW
#define EPERM_ SECBPF_RET_ERRNO(1)
#define KILL SECBPF_RET_KILL_THREAD

/* The IR layer's overlap analysis on a hand-built policy. */
static int overlaps(struct secbpf_policy *p)
{
	uint64_t budget = SB_IR_OVERLAP_BUDGET;

	return sb_ir_overlaps(p, &budget, NULL, 0);
}

static struct secbpf_prog *compile(const struct secbpf_policy *p,
				   enum secbpf_layout layout, bool enosys)
{
	struct secbpf_compile_opts o = {
		.sz = sizeof(o), .layout = layout, .enosys_newer = enosys};
	struct secbpf_prog *prog = NULL;
	struct secbpf_error err;
	int rc = secbpf_compile(p, &o, &prog, &err);

	cr_assert_eq(rc, 0, "compile: %s", err.message);
	rc = secbpf_prog_verify(prog, &err);
	cr_assert_eq(rc, 0, "verify: %s", err.message);
	return prog;
}

/* The weighted layout with the table names[0..n) -> weights. */
static struct secbpf_prog *compile_freq(const struct secbpf_policy *p,
					const char *const *names,
					const double *weights, size_t n)
{
	struct secbpf_compile_opts o = {.sz = sizeof(o),
					.layout = SECBPF_LAYOUT_WEIGHTED,
					.freq_names = names,
					.freq_weights = weights,
					.nfreq = n};
	struct secbpf_prog *prog = NULL;
	struct secbpf_error err;
	int rc = secbpf_compile(p, &o, &prog, &err);

	cr_assert_eq(rc, 0, "compile: %s", err.message);
	rc = secbpf_prog_verify(prog, &err);
	cr_assert_eq(rc, 0, "verify: %s", err.message);
	return prog;
}

/* Instructions the program runs for "nr" on "a" with zero arguments. */
static unsigned count_of(const struct secbpf_prog *prog,
			 const struct secbpf_arch *a, uint32_t nr)
{
	struct secbpf_data d = {.nr = nr, .arch = a->audit};
	struct secbpf_run_result res = {0};
	struct secbpf_error err;

	cr_assert_eq(secbpf_prog_run(prog, &d, &res, &err), 0, "%s",
		     err.message);
	return res.count;
}

static uint32_t run(const struct secbpf_prog *prog, const struct secbpf_arch *a,
		    uint32_t nr, const uint64_t *args)
{
	struct secbpf_data d = {.nr = nr, .arch = a ? a->audit : 0x1234};
	struct secbpf_run_result res = {0};
	struct secbpf_error err;

	if (args)
		memcpy(d.args, args, sizeof(d.args));
	cr_assert_eq(secbpf_prog_run(prog, &d, &res, &err), 0, "%s",
		     err.message);
	return res.action;
}

static uint32_t nr_of(const char *arch, const char *name)
{
	uint32_t nr;

	cr_assert_eq(secbpf_syscall_lookup(secbpf_arch_lookup(arch), name, &nr),
		     0);
	return nr;
}

Test(emit, shape_and_defaults)
{
	const char *arches[] = {"x86_64"};
	struct secbpf_policy *p = ir_new(EPERM_, KILL, arches, 1);
	const struct secbpf_arch *x = secbpf_arch_lookup("x86_64");
	struct secbpf_prog *prog;
	const struct secbpf_insn *in;

	ir_add(p, 0, "read", ALLOW, NULL, 0);
	ir_add(p, 0, "write", ALLOW, NULL, 0);
	prog = compile(p, SECBPF_LAYOUT_BALANCED, false);
	in = secbpf_prog_insns(prog);
	/* ld [4]; jeq AUDIT_ARCH_X86_64 */
	cr_assert_eq(in[0].code, 0x20);
	cr_assert_eq(in[0].k, 4);
	cr_assert_eq(in[1].code, 0x15);
	cr_assert_eq(in[1].k, 0xc000003e);
	cr_assert_eq(run(prog, x, 0, NULL), ALLOW);
	cr_assert_eq(run(prog, x, 1, NULL), ALLOW);
	cr_assert_eq(run(prog, x, 2, NULL), EPERM_);
	cr_assert_eq(run(prog, x, 1000, NULL), EPERM_);
	/* x32 numbers without x32 in the filter: bad arch, but -1 */
	cr_assert_eq(run(prog, x, 0x40000000, NULL), KILL);
	cr_assert_eq(run(prog, x, 0x40000001, NULL), KILL);
	cr_assert_eq(run(prog, x, 0xfffffffe, NULL), KILL);
	cr_assert_eq(run(prog, x, 0xffffffff, NULL), EPERM_);
	/* foreign arch */
	cr_assert_eq(run(prog, secbpf_arch_lookup("aarch64"), 0, NULL), KILL);
	cr_assert_eq(run(prog, NULL, 0, NULL), KILL);
	/* neighbours merged: read and write are one range, so the whole
	 * program stays tiny */
	cr_assert_leq(secbpf_prog_len(prog), 10, "%zu insns",
		      secbpf_prog_len(prog));
	secbpf_prog_free(prog);
	ir_free(p);
}

Test(emit, x32_block)
{
	const char *arches[] = {"x86_64", "x32"};
	struct secbpf_policy *p = ir_new(EPERM_, KILL, arches, 2);
	const struct secbpf_arch *x = secbpf_arch_lookup("x86_64");
	struct secbpf_prog *prog;

	ir_add(p, 0, "read", ALLOW, NULL, 0);
	ir_add(p, 1, "write", ALLOW, NULL, 0);
	prog = compile(p, SECBPF_LAYOUT_BALANCED, false);
	cr_assert_eq(run(prog, x, 0, NULL), ALLOW);
	cr_assert_eq(run(prog, x, 1, NULL), EPERM_);
	cr_assert_eq(run(prog, x, 0x40000001, NULL), ALLOW);
	cr_assert_eq(run(prog, x, 0x40000000, NULL), EPERM_);
	cr_assert_eq(run(prog, x, 0xffffffff, NULL), EPERM_);
	secbpf_prog_free(prog);
	ir_free(p);
}

Test(emit, x32_alone)
{
	const char *arches[] = {"x32"};
	struct secbpf_policy *p = ir_new(EPERM_, KILL, arches, 1);
	const struct secbpf_arch *x = secbpf_arch_lookup("x86_64");
	struct secbpf_prog *prog;

	ir_add(p, 0, "write", ALLOW, NULL, 0);
	prog = compile(p, SECBPF_LAYOUT_BALANCED, false);
	cr_assert_eq(run(prog, x, 0x40000001, NULL), ALLOW);
	cr_assert_eq(run(prog, x, 1, NULL), KILL);
	cr_assert_eq(run(prog, x, 0xffffffff, NULL), EPERM_);
	secbpf_prog_free(prog);
	ir_free(p);
}

/* One condition on a 64-bit and on a 32-bit ABI; expected verdicts for
 * arg0 values. */
struct op_case {
	uint8_t op;
	uint64_t v, v2;
	uint64_t arg;
	bool match64, match32;
};

static const struct op_case op_cases[] = {
	{SB_OP_EQ, 5, 0, 5, true, true},
	{SB_OP_EQ, 5, 0, 0x100000005ULL, false, true},
	{SB_OP_EQ, 0x100000005ULL, 0, 5, false, true},
	{SB_OP_NE, 5, 0, 5, false, false},
	{SB_OP_NE, 5, 0, 0x100000005ULL, true, false},
	{SB_OP_GT, 0x100000005ULL, 0, 0x100000006ULL, true, true},
	{SB_OP_GT, 0x100000005ULL, 0, 0x100000005ULL, false, false},
	{SB_OP_GT, 0x100000005ULL, 0, 0x200000000ULL, true, false},
	{SB_OP_GT, 0x100000005ULL, 0, 9, false, true},
	{SB_OP_GE, 0x100000005ULL, 0, 0x100000005ULL, true, true},
	{SB_OP_GE, 0x100000005ULL, 0, 0x100000004ULL, false, false},
	{SB_OP_GE, 0x100000000ULL, 0, 0xffffffffULL, false, true},
	{SB_OP_LT, 0x100000005ULL, 0, 0x100000004ULL, true, true},
	{SB_OP_LT, 0x100000005ULL, 0, 0x100000005ULL, false, false},
	{SB_OP_LT, 0x100000005ULL, 0, 0xffffffffULL, true, false},
	{SB_OP_LE, 0x100000005ULL, 0, 0x100000005ULL, true, true},
	{SB_OP_LE, 0x100000005ULL, 0, 0x100000006ULL, false, false},
	{SB_OP_LE, 0xffffffffULL, 0, 0x100000000ULL, false, true},
	{SB_OP_LT, 0, 0, 0, false, false},
	{SB_OP_GE, 0, 0, 0, true, true},
	{SB_OP_GT, UINT64_MAX, 0, UINT64_MAX, false, false},
	{SB_OP_LE, UINT64_MAX, 0, 1, true, true},
	{SB_OP_MASKED_EQ, 0xff, 0x12, 0x3412, true, true},
	{SB_OP_MASKED_EQ, 0xff, 0x12, 0x3413, false, false},
	{SB_OP_MASKED_EQ, 0x8, 0x8, 0x9, true, true},
	{SB_OP_MASKED_EQ, 0x8, 0x0, 0x9, false, false},
	{SB_OP_MASKED_EQ, 0x8, 0x0, 0x1, true, true},
	{SB_OP_MASKED_EQ, 0xff000000ffULL, 0x1200000034ULL, 0x1200000034ULL,
	 true, true},
	{SB_OP_MASKED_EQ, 0xff000000ffULL, 0x1200000034ULL, 0x1300000034ULL,
	 false, true},
	/* no low bits in the mask: dropped on 32-bit ABIs (as libseccomp) */
	{SB_OP_MASKED_EQ, 0xff00000000ULL, 0x1200000000ULL, 0x13, false, true},
};

static void op_matrix(const char *arch_name, bool is64)
{
	const struct secbpf_arch *a = secbpf_arch_lookup(arch_name);

	for (size_t i = 0; i < SB_ARRAY_SIZE(op_cases); i++) {
		const struct op_case *c = &op_cases[i];
		const char *arches[] = {arch_name};
		struct secbpf_policy *p = ir_new(EPERM_, KILL, arches, 1);
		struct sb_cond cd = {
			.arg = 2, .op = c->op, .value = c->v, .value2 = c->v2};
		uint64_t args[6] = {0};
		bool want = is64 ? c->match64 : c->match32;
		struct secbpf_prog *prog;

		ir_add(p, 0, "openat", ALLOW, &cd, 1);
		prog = compile(p, SECBPF_LAYOUT_BALANCED, false);
		args[2] = c->arg;
		cr_expect_eq(run(prog, a, nr_of(arch_name, "openat"), args),
			     want ? ALLOW : EPERM_,
			     "%s case %zu: op %u %#llx arg %#llx", arch_name, i,
			     c->op, (unsigned long long)c->v,
			     (unsigned long long)c->arg);
		secbpf_prog_free(prog);
		ir_free(p);
	}
}

Test(emit, operators_64bit_le)
{
	op_matrix("x86_64", true);
}

Test(emit, operators_64bit_be)
{
	op_matrix("s390x", true);
}

Test(emit, operators_32bit_le)
{
	op_matrix("x86", false);
}

Test(emit, operators_32bit_be)
{
	op_matrix("s390", false);
}

/* A policy built by the library from a profile's text. */
static struct secbpf_policy *policy_of(const char *json, const char *arch,
				       bool and_repeated)
{
	const char *arches[] = {arch};
	struct secbpf_resolve_opts ro = {
		.sz = sizeof(ro), .arches = arches, .narches = 1};
	struct secbpf_policy_opts po = {.sz = sizeof(po),
					.and_repeated_args = and_repeated};
	struct secbpf_profile *p = NULL, *r = NULL;
	struct secbpf_policy *pol = NULL;
	struct secbpf_error err;

	cr_assert_eq(secbpf_profile_load_bytes(json, strlen(json), "t.json", &p,
					       &err),
		     0, "%s", err.message);
	cr_assert_eq(secbpf_profile_resolve(p, &ro, &r, &err), 0, "%s",
		     err.message);
	cr_assert_eq(secbpf_policy_new(r, &po, &pol, &err), 0, "%s",
		     err.message);
	secbpf_profile_free(r);
	secbpf_profile_free(p);
	return pol;
}

Test(emit, and_within_or_across)
{
	const char *arches[] = {"aarch64"};
	struct secbpf_policy *p = ir_new(EPERM_, KILL, arches, 1);
	const struct secbpf_arch *a = secbpf_arch_lookup("aarch64");
	struct sb_cond both[2] = {{.arg = 0, .op = SB_OP_EQ, .value = 1},
				  {.arg = 1, .op = SB_OP_EQ, .value = 2}};
	struct sb_cond other = {.arg = 0, .op = SB_OP_EQ, .value = 7};
	/* the conditions of one IR rule are ANDed, on one argument too:
	 * the IR the and_repeated_args option builds */
	struct sb_cond range[2] = {{.arg = 2, .op = SB_OP_GE, .value = 10},
				   {.arg = 2, .op = SB_OP_LE, .value = 20}};
	/* the same range written in one profile rule: by default each
	 * condition is a rule of its own, as the runtimes split it, so
	 * any value passes one of them */
	const char *json = "{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
			   "\"syscalls\": [{\"names\": [\"openat\"], "
			   "\"action\": \"SCMP_ACT_ALLOW\", \"args\": ["
			   "{\"index\": 2, \"value\": 10, \"op\": "
			   "\"SCMP_CMP_GE\"},"
			   "{\"index\": 2, \"value\": 20, \"op\": "
			   "\"SCMP_CMP_LE\"}]}]}";
	uint32_t nr = nr_of("aarch64", "kill");
	uint32_t nr2 = nr_of("aarch64", "openat");
	struct secbpf_prog *prog;
	struct secbpf_policy *pol;

	ir_add(p, 0, "kill", ALLOW, both, 2);
	ir_add(p, 0, "kill", SECBPF_RET_TRAP, &other, 1);
	ir_add(p, 0, "openat", ALLOW, range, 2);
	prog = compile(p, SECBPF_LAYOUT_BALANCED, false);
	cr_assert_eq(run(prog, a, nr, (uint64_t[6]){1, 2}), ALLOW);
	cr_assert_eq(run(prog, a, nr, (uint64_t[6]){1, 3}), EPERM_);
	cr_assert_eq(run(prog, a, nr, (uint64_t[6]){2, 2}), EPERM_);
	cr_assert_eq(run(prog, a, nr, (uint64_t[6]){7, 2}), SECBPF_RET_TRAP);
	cr_assert_eq(run(prog, a, nr2, (uint64_t[6]){0, 0, 9}), EPERM_);
	cr_assert_eq(run(prog, a, nr2, (uint64_t[6]){0, 0, 10}), ALLOW);
	cr_assert_eq(run(prog, a, nr2, (uint64_t[6]){0, 0, 20}), ALLOW);
	cr_assert_eq(run(prog, a, nr2, (uint64_t[6]){0, 0, 21}), EPERM_);
	secbpf_prog_free(prog);
	ir_free(p);

	pol = policy_of(json, "aarch64", false);
	prog = compile(pol, SECBPF_LAYOUT_BALANCED, false);
	cr_assert_eq(run(prog, a, nr2, (uint64_t[6]){0, 0, 0}), ALLOW);
	cr_assert_eq(run(prog, a, nr2, (uint64_t[6]){0, 0, 9}), ALLOW);
	cr_assert_eq(run(prog, a, nr2, (uint64_t[6]){0, 0, 15}), ALLOW);
	cr_assert_eq(run(prog, a, nr2, (uint64_t[6]){0, 0, 21}), ALLOW);
	cr_assert_eq(run(prog, a, nr2, (uint64_t[6]){0, 0, UINT64_MAX}), ALLOW);
	cr_assert_eq(run(prog, a, nr_of("aarch64", "read"), NULL), EPERM_);
	secbpf_prog_free(prog);
	secbpf_policy_free(pol);

	/* the opt-in keeps the range */
	pol = policy_of(json, "aarch64", true);
	prog = compile(pol, SECBPF_LAYOUT_BALANCED, false);
	cr_assert_eq(run(prog, a, nr2, (uint64_t[6]){0, 0, 9}), EPERM_);
	cr_assert_eq(run(prog, a, nr2, (uint64_t[6]){0, 0, 10}), ALLOW);
	cr_assert_eq(run(prog, a, nr2, (uint64_t[6]){0, 0, 20}), ALLOW);
	cr_assert_eq(run(prog, a, nr2, (uint64_t[6]){0, 0, 21}), EPERM_);
	secbpf_prog_free(prog);
	secbpf_policy_free(pol);
}

Test(emit, repeated_argument_rules_as_runc_hands_them_over)
{
	/* runc's own scenarios: arg0 == 100 or 9001 allowed; an ERRNO(55)
	 * rule on 1337 or 2020; two conditions on two arguments ANDed */
	const char *json =
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
		"{\"names\": [\"process_vm_readv\"], \"action\": "
		"\"SCMP_ACT_ALLOW\", \"args\": ["
		"{\"index\": 0, \"value\": 100, \"op\": \"SCMP_CMP_EQ\"},"
		"{\"index\": 0, \"value\": 9001, \"op\": \"SCMP_CMP_EQ\"}]},"
		"{\"names\": [\"process_vm_writev\"], \"action\": "
		"\"SCMP_ACT_ERRNO\", \"errnoRet\": 55, \"args\": ["
		"{\"index\": 0, \"value\": 1337, \"op\": \"SCMP_CMP_EQ\"},"
		"{\"index\": 0, \"value\": 2020, \"op\": \"SCMP_CMP_EQ\"}]},"
		"{\"names\": [\"ftruncate\"], \"action\": \"SCMP_ACT_ALLOW\", "
		"\"args\": ["
		"{\"index\": 0, \"value\": 123456789, \"op\": "
		"\"SCMP_CMP_EQ\"},"
		"{\"index\": 1, \"value\": 1337, \"op\": "
		"\"SCMP_CMP_EQ\"}]}]}";
	static const char *const archs[] = {"x86_64", "x86", "aarch64", "arm",
					    "riscv64"};

	for (size_t i = 0; i < SB_ARRAY_SIZE(archs); i++) {
		const struct secbpf_arch *a = secbpf_arch_lookup(archs[i]);
		uint32_t rd = nr_of(archs[i], "process_vm_readv");
		uint32_t wr = nr_of(archs[i], "process_vm_writev");
		uint32_t ft = nr_of(archs[i], "ftruncate");

		for (int and = 0; and < 2; and++) {
			struct secbpf_policy *pol =
				policy_of(json, archs[i], and);
			struct secbpf_prog *prog =
				compile(pol, SECBPF_LAYOUT_BALANCED, true);
			uint32_t either = and? EPERM_ : ALLOW;
			uint32_t e55 = and? EPERM_ : SECBPF_RET_ERRNO(55);

			cr_assert_eq(run(prog, a, rd, (uint64_t[6]){100}),
				     either, "%s", archs[i]);
			cr_assert_eq(run(prog, a, rd, (uint64_t[6]){9001}),
				     either);
			cr_assert_eq(run(prog, a, rd, (uint64_t[6]){0}),
				     EPERM_);
			cr_assert_eq(run(prog, a, wr, (uint64_t[6]){1337}),
				     e55);
			cr_assert_eq(run(prog, a, wr, (uint64_t[6]){2020}),
				     e55);
			cr_assert_eq(run(prog, a, wr, (uint64_t[6]){0}),
				     EPERM_);
			cr_assert_eq(run(prog, a, ft,
					 (uint64_t[6]){123456789, 1337}),
				     ALLOW);
			cr_assert_eq(run(prog, a, ft,
					 (uint64_t[6]){123456789, 0}),
				     EPERM_);
			cr_assert_eq(run(prog, a, ft, (uint64_t[6]){500, 1337}),
				     EPERM_);
			cr_assert_eq(run(prog, a, 1000, NULL),
				     SECBPF_RET_ERRNO(38), "ENOSYS above");
			secbpf_prog_free(prog);
			secbpf_policy_free(pol);
		}
	}
}

Test(emit, first_unconditional_wins)
{
	const char *arches[] = {"x86_64"};
	struct secbpf_policy *p =
		ir_new(SECBPF_RET_KILL_PROCESS, KILL, arches, 1);
	const struct secbpf_arch *a = secbpf_arch_lookup("x86_64");
	struct sb_cond c = {.arg = 0, .op = SB_OP_EQ, .value = 1};
	struct secbpf_prog *prog;

	ir_add(p, 0, "close", SECBPF_RET_TRAP, &c, 1);
	ir_add(p, 0, "close", ALLOW, NULL, 0);
	ir_add(p, 0, "close", EPERM_, NULL, 0);
	prog = compile(p, SECBPF_LAYOUT_BALANCED, false);
	cr_assert_eq(run(prog, a, 3, (uint64_t[6]){1}), ALLOW);
	cr_assert_eq(run(prog, a, 3, (uint64_t[6]){2}), ALLOW);
	secbpf_prog_free(prog);
	cr_assert_eq(overlaps(p), 0);
	cr_assert_geq(p->noverlap, 1, "overlaps are reported");
	ir_free(p);
}

Test(emit, libseccomp_order_for_overlaps)
{
	const char *arches[] = {"x86"};
	struct secbpf_policy *p = ir_new(EPERM_, KILL, arches, 1);
	const struct secbpf_arch *a = secbpf_arch_lookup("x86");
	struct sb_cond c0 = {.arg = 0, .op = SB_OP_EQ, .value = 1};
	struct sb_cond c1 = {.arg = 1, .op = SB_OP_EQ, .value = 1};
	struct sb_cond gt = {.arg = 2, .op = SB_OP_GT, .value = 5};
	struct sb_cond eq = {.arg = 2, .op = SB_OP_EQ, .value = 7};
	struct secbpf_prog *prog;

	/* higher argument index first (measured with libseccomp 2.5.4) */
	ir_add(p, 0, "read", SECBPF_RET_ERRNO(2), &c0, 1);
	ir_add(p, 0, "read", SECBPF_RET_ERRNO(3), &c1, 1);
	/* EQ before GT */
	ir_add(p, 0, "write", SECBPF_RET_ERRNO(2), &gt, 1);
	ir_add(p, 0, "write", SECBPF_RET_ERRNO(3), &eq, 1);
	prog = compile(p, SECBPF_LAYOUT_BALANCED, false);
	cr_assert_eq(run(prog, a, 3, (uint64_t[6]){1, 1}), SECBPF_RET_ERRNO(3));
	cr_assert_eq(run(prog, a, 4, (uint64_t[6]){0, 0, 7}),
		     SECBPF_RET_ERRNO(3));
	cr_assert_eq(run(prog, a, 4, (uint64_t[6]){0, 0, 8}),
		     SECBPF_RET_ERRNO(2));
	secbpf_prog_free(prog);
	ir_free(p);
}

Test(emit, enosys_newer)
{
	const char *arches[] = {"x86_64", "x86", "x32"};
	struct secbpf_policy *p = ir_new(EPERM_, KILL, arches, 3);
	const struct secbpf_arch *x = secbpf_arch_lookup("x86_64");
	const struct secbpf_arch *i = secbpf_arch_lookup("x86");
	struct secbpf_prog *prog;

	ir_add(p, 0, "read", ALLOW, NULL, 0);
	ir_add(p, 0, "openat", ALLOW, NULL, 0); /* 257 */
	ir_add(p, 1, "read", ALLOW, NULL, 0);
	ir_add(p, 2, "read", ALLOW, NULL, 0);
	prog = compile(p, SECBPF_LAYOUT_BALANCED, true);
	cr_assert_eq(run(prog, x, 0, NULL), ALLOW);
	cr_assert_eq(run(prog, x, 100, NULL), EPERM_);
	cr_assert_eq(run(prog, x, 258, NULL), SECBPF_RET_ERRNO(38));
	cr_assert_eq(run(prog, x, 0x3fffffff, NULL), SECBPF_RET_ERRNO(38));
	/* x32: its own maximum */
	cr_assert_eq(run(prog, x, 0x40000000, NULL), ALLOW);
	cr_assert_eq(run(prog, x, 0x40000001, NULL), SECBPF_RET_ERRNO(38));
	cr_assert_eq(run(prog, x, 0xffffffff, NULL), EPERM_);
	cr_assert_eq(run(prog, i, 3, NULL), ALLOW);
	cr_assert_eq(run(prog, i, 2, NULL), EPERM_);
	cr_assert_eq(run(prog, i, 4, NULL), SECBPF_RET_ERRNO(38));
	secbpf_prog_free(prog);
	ir_free(p);
	/* s390x: number 0 (svc 0) too, as runc's stub */
	{
		const char *s390[] = {"s390x"};
		const struct secbpf_arch *z = secbpf_arch_lookup("s390x");

		p = ir_new(EPERM_, KILL, s390, 1);
		ir_add(p, 0, "read", ALLOW, NULL, 0);
		prog = compile(p, SECBPF_LAYOUT_BALANCED, true);
		cr_assert_eq(run(prog, z, 0, NULL), SECBPF_RET_ERRNO(38));
		cr_assert_eq(run(prog, z, 1, NULL), EPERM_);
		cr_assert_eq(run(prog, z, 3, NULL), ALLOW);
		secbpf_prog_free(prog);
		ir_free(p);
	}
	p = ir_new(EPERM_, KILL, arches, 3);
	ir_add(p, 0, "read", ALLOW, NULL, 0);
	ir_add(p, 0, "openat", ALLOW, NULL, 0);
	/* not with a permissive default (as runc) */
	p->default_action = SECBPF_RET_LOG;
	prog = compile(p, SECBPF_LAYOUT_BALANCED, true);
	cr_assert_eq(run(prog, x, 258, NULL), SECBPF_RET_LOG);
	secbpf_prog_free(prog);
	ir_free(p);
}

Test(emit, unconditional_allow_is_cacheable)
{
	const char *arches[] = {"x86_64", "x86"};
	struct secbpf_policy *p = ir_new(EPERM_, KILL, arches, 2);
	struct sb_cond c = {.arg = 0, .op = SB_OP_EQ, .value = 1};
	const struct secbpf_arch *x = secbpf_arch_lookup("x86_64");
	const struct secbpf_arch *i = secbpf_arch_lookup("x86");
	struct secbpf_prog *prog;

	for (size_t k = 0; k < x->nsyscalls; k += 3)
		ir_add(p, 0, x->by_nr[k].name, ALLOW, NULL, 0);
	for (size_t k = 0; k < i->nsyscalls; k += 2)
		ir_add(p, 1, i->by_nr[k].name, ALLOW, NULL, 0);
	ir_add(p, 0, "ioctl", ALLOW, &c, 1);
	prog = compile_freq(p, (const char *[]){"ioctl", "read"},
			    (const double[]){5, 100}, 2);
	for (size_t k = 0; k < x->nsyscalls; k++)
		cr_assert_eq(secbpf_prog_cacheable(prog, x->audit,
						   x->by_nr[k].nr),
			     k % 3 == 0 && strcmp(x->by_nr[k].name, "ioctl"),
			     "x86_64 %s", x->by_nr[k].name);
	for (size_t k = 0; k < i->nsyscalls; k++)
		cr_assert_eq(secbpf_prog_cacheable(prog, i->audit,
						   i->by_nr[k].nr),
			     k % 2 == 0, "x86 %s", i->by_nr[k].name);
	secbpf_prog_free(prog);
	ir_free(p);
}

Test(emit, weighted_puts_hot_syscalls_near_the_top)
{
	const char *arches[] = {"x86_64"};
	struct secbpf_policy *p = ir_new(EPERM_, KILL, arches, 1);
	const struct secbpf_arch *x = secbpf_arch_lookup("x86_64");
	struct secbpf_prog *bal, *wei;
	unsigned cb, cw;

	/* every other syscall allowed: many ranges */
	for (size_t k = 0; k < x->nsyscalls; k += 2)
		ir_add(p, 0, x->by_nr[k].name, ALLOW, NULL, 0);
	ir_add(p, 0, "futex", ALLOW, NULL, 0);
	bal = compile(p, SECBPF_LAYOUT_BALANCED, false);
	wei = compile_freq(p, (const char *[]){"futex"}, (const double[]){1000},
			   1);
	cb = count_of(bal, x, nr_of("x86_64", "futex"));
	cw = count_of(wei, x, nr_of("x86_64", "futex"));
	cr_assert_eq(run(bal, x, nr_of("x86_64", "futex"), NULL),
		     run(wei, x, nr_of("x86_64", "futex"), NULL));
	cr_assert_lt(cw, cb, "futex: weighted %u, balanced %u", cw, cb);
	/* nearly all the weight: ld arch, jeq, ld nr, two tests at most
	 * (a number between two ranges), ret */
	cr_assert_leq(cw, 6, "futex: %u instructions", cw);
	secbpf_prog_free(bal);
	secbpf_prog_free(wei);
	ir_free(p);
}

/* A deterministic generator for the tables below. */
static uint64_t lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

/* Mean instructions under the table names -> weights, on arch "a". */
static double table_mean(const struct secbpf_prog *prog,
			 const struct secbpf_arch *a, const char *const *names,
			 const double *weights, size_t n)
{
	double sum = 0, total = 0;

	for (size_t i = 0; i < n; i++) {
		uint32_t nr;

		if (secbpf_syscall_lookup(a, names[i], &nr))
			continue;
		sum += weights[i] * count_of(prog, a, nr);
		total += weights[i];
	}
	return sum / total;
}

/*
 * With the workload's table, the weighted layout runs fewer instructions
 * for that workload than the balanced one, on many tables (skewed as real
 * mixes are), and decides every syscall alike.
 */
Test(emit, weighted_runs_fewer_instructions_for_its_workload)
{
	const char *arches[] = {"x86_64", "x86"};
	struct secbpf_policy *p = ir_new(EPERM_, KILL, arches, 2);
	const struct secbpf_arch *x = secbpf_arch_lookup("x86_64");
	const struct secbpf_arch *i386 = secbpf_arch_lookup("x86");
	struct sb_cond c = {.arg = 1, .op = SB_OP_EQ, .value = 3};
	const char *names[80];
	double weights[80];
	struct secbpf_prog *bal;
	uint64_t seed = 7;

	for (size_t k = 0; k < x->nsyscalls; k++)
		if (k % 3 != 1)
			ir_add(p, 0, x->by_nr[k].name,
			       k % 7 ? ALLOW : SECBPF_RET_ERRNO(9),
			       k % 11 ? NULL : &c, k % 11 ? 0 : 1);
	for (size_t k = 0; k < i386->nsyscalls; k += 2)
		ir_add(p, 1, i386->by_nr[k].name, ALLOW, NULL, 0);
	bal = compile(p, SECBPF_LAYOUT_BALANCED, false);
	for (int t = 0; t < 40; t++) {
		struct secbpf_prog *wei;
		double mb, mw;

		/* 80 syscalls, weights falling off as 1/rank */
		for (size_t k = 0; k < 80; k++) {
			names[k] = x->by_nr[lcg(&seed) % x->nsyscalls].name;
			weights[k] = 1e6 / (double)(k + 1);
		}
		wei = compile_freq(p, names, weights, 80);
		mb = table_mean(bal, x, names, weights, 80);
		mw = table_mean(wei, x, names, weights, 80);
		cr_assert_leq(mw, mb, "table %d: weighted %.3f, balanced %.3f",
			      t, mw, mb);
		for (size_t k = 0; k < x->nsyscalls; k++) {
			uint32_t nr = x->by_nr[k].nr;

			cr_assert_eq(run(wei, x, nr, NULL),
				     run(bal, x, nr, NULL), "%s",
				     x->by_nr[k].name);
			cr_assert_eq(run(wei, x, nr, (uint64_t[6]){0, 3}),
				     run(bal, x, nr, (uint64_t[6]){0, 3}));
		}
		for (size_t k = 0; k < i386->nsyscalls; k++)
			cr_assert_eq(run(wei, i386, i386->by_nr[k].nr, NULL),
				     run(bal, i386, i386->by_nr[k].nr, NULL));
		secbpf_prog_free(wei);
	}
	secbpf_prog_free(bal);
	ir_free(p);
}

/* The number ranges of the policy below, as the compiler cuts them. */
static const struct {
	uint32_t lo, hi;
	int dec; /* 0: the default, 1: allowed, 2: bad arch */
} ranges9[] = {
	{0, 9, 0},
	{10, 10, 1},
	{11, 19, 0},
	{20, 20, 1},
	{21, 29, 0},
	{30, 30, 1},
	{31, 0x3fffffff, 0},
	{0x40000000, 0xfffffffe, 2},
	{0xffffffff, 0xffffffff, 0},
};

/* The least sum of weights times tests of any tree over ranges [i, j), as
 * the emitter writes trees (a number inside a range: one JEQ), by brute
 * force. */
static double brute_optimum(const double *w, size_t i, size_t j)
{
	double sum = 0, best = -1;

	for (size_t k = i; k < j; k++)
		sum += w[k];
	if (j - i == 1)
		return 0;
	if (j - i == 3 && ranges9[i].dec == ranges9[i + 2].dec &&
	    ranges9[i + 1].lo == ranges9[i + 1].hi)
		return sum;
	for (size_t m = i + 1; m < j; m++) {
		double c = brute_optimum(w, i, m) + brute_optimum(w, m, j);

		if (best < 0 || c < best)
			best = c;
	}
	return sum + best;
}

/*
 * The weighted layout's tree is the optimal one: the sum over the ranges
 * of their weight times their tests is the least any tree reaches (found
 * here by brute force), for many tables.
 */
Test(emit, weighted_tree_is_optimal)
{
	const char *arches[] = {"x86_64"};
	struct secbpf_policy *p = ir_new(EPERM_, KILL, arches, 1);
	const struct secbpf_arch *x = secbpf_arch_lookup("x86_64");
	const size_t n = SB_ARRAY_SIZE(ranges9);
	const char *names[12];
	double weights[12];
	uint64_t seed = 99;

	ir_add(p, 0, x->by_nr[10].name, ALLOW, NULL, 0);
	ir_add(p, 0, x->by_nr[20].name, ALLOW, NULL, 0);
	ir_add(p, 0, x->by_nr[30].name, ALLOW, NULL, 0);
	cr_assert_eq(x->by_nr[30].nr, 30);
	for (int t = 0; t < 200; t++) {
		double w[SB_ARRAY_SIZE(ranges9)] = {0}, total = 0, got = 0;
		struct secbpf_prog *wei;
		size_t nt = 1 + lcg(&seed) % 12;

		/* names of numbers 0..40 and a few far above */
		for (size_t k = 0; k < nt; k++) {
			size_t at = lcg(&seed) % 4 ? lcg(&seed) % 41
						   : 41 + lcg(&seed) % 200;

			names[k] = x->by_nr[at].name;
			weights[k] = (double)(1 + lcg(&seed) % 1000);
		}
		wei = compile_freq(p, names, weights, nt);
		/* each range's weight as the compiler counts it: the first
		 * entry of a name, every syscall of the table once */
		for (size_t k = 0; k < x->nsyscalls; k++) {
			for (size_t e = 0; e < nt; e++) {
				if (strcmp(names[e], x->by_nr[k].name))
					continue;
				for (size_t r = 0; r < n; r++)
					if (x->by_nr[k].nr >= ranges9[r].lo &&
					    x->by_nr[k].nr <= ranges9[r].hi)
						w[r] += weights[e];
				total += weights[e];
				break;
			}
		}
		for (size_t r = 0; r < n; r++) {
			/* the compiler's floor, then the tests each range's
			 * numbers take: all but ld arch, jeq, ld nr, ret */
			w[r] += total * 1e-4;
			got += w[r] * (count_of(wei, x, ranges9[r].lo) - 4);
		}
		cr_assert_float_eq(got, brute_optimum(w, 0, n), 1e-6 * got,
				   "table %d: tree %f, optimum %f", t, got,
				   brute_optimum(w, 0, n));
		secbpf_prog_free(wei);
	}
	ir_free(p);
}

/*
 * The table describes the workload's calls on the first arch of an arch
 * test: of x86_64 and x32, tested together, the one listed first; an arch
 * tested on its own (x86) takes the table too.
 */
Test(emit, weighted_table_counts_for_the_first_arch)
{
	const char *order[2][3] = {{"x86_64", "x32", "x86"},
				   {"x32", "x86_64", "x86"}};
	const struct secbpf_arch *x = secbpf_arch_lookup("x86_64");
	const struct secbpf_arch *i386 = secbpf_arch_lookup("x86");
	const char *names[] = {"read", "write"};
	const double weights[] = {1e9, 1};

	for (int o = 0; o < 2; o++) {
		struct secbpf_policy *p = ir_new(EPERM_, KILL, order[o], 3);
		struct secbpf_prog *wei;
		unsigned r64, r32, r386;

		for (size_t a = 0; a < 3; a++) {
			const struct secbpf_arch *arch =
				secbpf_arch_lookup(order[o][a]);

			for (size_t k = 0; k < arch->nsyscalls; k += 2)
				ir_add(p, a, arch->by_nr[k].name, ALLOW, NULL,
				       0);
			ir_add(p, a, "read", ALLOW, NULL, 0);
		}
		wei = compile_freq(p, names, weights, 2);
		r64 = count_of(wei, x, nr_of("x86_64", "read"));
		r32 = count_of(wei, x, nr_of("x32", "read"));
		r386 = count_of(wei, i386, nr_of("x86", "read"));
		/* the first of the pair: ld arch, jeq, ld nr, 2 tests,
		 * ret; the second is laid out by nothing but the floor */
		if (o == 0) {
			cr_assert_leq(r64, 6, "x86_64 read: %u", r64);
			cr_assert_gt(r32, r64 + 2, "x32 read %u, x86_64 %u",
				     r32, r64);
		} else {
			cr_assert_leq(r32, 6, "x32 read: %u", r32);
			cr_assert_gt(r64, r32 + 2, "x86_64 read %u, x32 %u",
				     r64, r32);
		}
		/* x86, tested on its own after the pair, takes the table:
		 * ld arch, jeq x86_64, a JA over the pair's tree (far), jeq
		 * x86, ld nr, two tests, ret */
		cr_assert_leq(r386, 8, "x86 read: %u", r386);
		secbpf_prog_free(wei);
		ir_free(p);
	}
}

/* Past the optimal tree's size limit (512 ranges in one arch test) the
 * weighted layout splits where the weights halve; verdicts stay. */
Test(emit, weighted_many_ranges)
{
	const char *arches[] = {"x86_64", "x32"};
	struct secbpf_policy *p = ir_new(EPERM_, KILL, arches, 2);
	const struct secbpf_arch *a[2] = {secbpf_arch_lookup("x86_64"),
					  secbpf_arch_lookup("x32")};
	struct secbpf_prog *bal, *wei;

	for (size_t i = 0; i < 2; i++)
		for (size_t k = 0; k < a[i]->nsyscalls; k += 2)
			ir_add(p, i, a[i]->by_nr[k].name, ALLOW, NULL, 0);
	bal = compile(p, SECBPF_LAYOUT_BALANCED, false);
	wei = compile_freq(p, (const char *[]){"read", "close"},
			   (const double[]){10, 5}, 2);
	for (size_t i = 0; i < 2; i++)
		for (size_t k = 0; k < a[i]->nsyscalls; k++)
			cr_assert_eq(run(wei, a[i], a[i]->by_nr[k].nr, NULL),
				     run(bal, a[i], a[i]->by_nr[k].nr, NULL));
	cr_assert_lt(count_of(wei, a[0], nr_of("x86_64", "read")),
		     count_of(bal, a[0], nr_of("x86_64", "read")));
	secbpf_prog_free(bal);
	secbpf_prog_free(wei);
	ir_free(p);
}

/* No table is built in: the weighted layout needs the caller's. */
Test(emit, weighted_needs_a_table)
{
	const char *arches[] = {"x86_64"};
	struct secbpf_policy *p = ir_new(EPERM_, KILL, arches, 1);
	struct secbpf_compile_opts o = {.sz = sizeof(o),
					.layout = SECBPF_LAYOUT_WEIGHTED};
	struct secbpf_prog *prog = NULL;
	struct secbpf_error err;

	ir_add(p, 0, "read", ALLOW, NULL, 0);
	cr_assert_eq(secbpf_compile(p, &o, &prog, &err), -EINVAL);
	cr_assert(strstr(err.message, "frequency table"), "%s", err.message);
	cr_assert_null(prog);
	/* an empty table is a table: the floor alone lays the tree out */
	o.freq_names = (const char *[]){NULL};
	o.freq_weights = (const double[]){1};
	cr_assert_eq(secbpf_compile(p, &o, &prog, &err), 0, "%s", err.message);
	cr_assert_eq(run(prog, secbpf_arch_lookup("x86_64"), 0, NULL), ALLOW);
	secbpf_prog_free(prog);
	ir_free(p);
}

Test(emit, errors)
{
	const char *mixed[] = {"x86_64", "s390x"};
	const char *one[] = {"x86_64"};
	struct secbpf_policy *p = ir_new(EPERM_, KILL, mixed, 2);
	struct secbpf_prog *prog = NULL;
	struct secbpf_error err;
	struct secbpf_compile_opts o = {.sz = sizeof(o), .layout = 7};

	cr_assert_eq(secbpf_compile(p, NULL, &prog, &err), -EINVAL);
	cr_assert(strstr(err.message, "byte order"), "%s", err.message);
	cr_assert_null(prog);
	ir_free(p);
	p = ir_new(EPERM_, KILL, one, 1);
	cr_assert_eq(secbpf_compile(p, &o, &prog, &err), -EINVAL);
	cr_assert_eq(secbpf_compile(NULL, NULL, &prog, &err), -EINVAL);
	ir_free(p);
}

Test(emit, too_big_is_refused)
{
	const char *arches[] = {"x86_64"};
	struct secbpf_policy *p = ir_new(EPERM_, KILL, arches, 1);
	const struct secbpf_arch *x = secbpf_arch_lookup("x86_64");
	struct secbpf_prog *prog = NULL;
	struct secbpf_error err;
	int rc;

	/* distinct argument checks on every syscall */
	for (size_t k = 0; k < x->nsyscalls; k++)
		for (unsigned v = 0; v < 6; v++) {
			struct sb_cond c = {.arg = (uint8_t)v,
					    .op = SB_OP_EQ,
					    .value = k * 7 + v};

			ir_add(p, 0, x->by_nr[k].name, ALLOW, &c, 1);
		}
	rc = secbpf_compile(p, NULL, &prog, &err);
	cr_assert_eq(rc, -E2BIG);
	cr_assert(strstr(err.message, "4096"), "%s", err.message);
	cr_assert_null(prog);
	ir_free(p);
}

Test(emit, long_jumps_use_trampolines)
{
	const char *arches[] = {"x86_64"};
	struct secbpf_policy *p = ir_new(EPERM_, KILL, arches, 1);
	const struct secbpf_arch *x = secbpf_arch_lookup("x86_64");
	struct secbpf_prog *prog;

	/* enough argument code that the tree's jumps span > 255 */
	for (size_t k = 0; k < x->nsyscalls; k += 2) {
		struct sb_cond c = {.arg = 0, .op = SB_OP_EQ, .value = k};

		ir_add(p, 0, x->by_nr[k].name, ALLOW, &c, 1);
	}
	prog = compile(p, SECBPF_LAYOUT_BALANCED, false);
	cr_assert_gt(secbpf_prog_len(prog), 600);
	for (size_t k = 0; k < x->nsyscalls; k++) {
		uint64_t args[6] = {k};

		cr_assert_eq(run(prog, x, x->by_nr[k].nr, args),
			     k % 2 ? EPERM_ : ALLOW, "%s", x->by_nr[k].name);
		args[0] = k + 1;
		cr_assert_eq(run(prog, x, x->by_nr[k].nr, args), EPERM_);
	}
	secbpf_prog_free(prog);
	ir_free(p);
}

Test(emit, many_rules_fail_fast, .timeout = 20)
{
	const char *arches[] = {"x86_64"};
	struct secbpf_policy *p = ir_new(EPERM_, KILL, arches, 1);
	struct secbpf_prog *prog = NULL;
	struct secbpf_error err;

	/* 6000 distinct checks on one syscall: refused, quickly */
	for (unsigned v = 0; v < 6000; v++) {
		struct sb_cond c = {.arg = 0, .op = SB_OP_EQ, .value = v};

		ir_add(p, 0, "ioctl", ALLOW, &c, 1);
	}
	cr_assert_eq(secbpf_compile(p, NULL, &prog, &err), -E2BIG);
	cr_assert(strstr(err.message, "4096"), "%s", err.message);
	/* the overlap analysis is bounded too */
	cr_assert_eq(overlaps(p), 0);
	ir_free(p);
}

Test(emit, thousands_of_rules_still_compile, .timeout = 20)
{
	const char *arches[] = {"x86"};
	struct secbpf_policy *p = ir_new(EPERM_, KILL, arches, 1);
	const struct secbpf_arch *a = secbpf_arch_lookup("x86");
	struct secbpf_prog *prog;

	/* one JEQ each on a 32-bit ABI: fits in 4096 */
	for (unsigned v = 0; v < 3000; v++) {
		struct sb_cond c = {.arg = 1, .op = SB_OP_EQ, .value = v * 3};

		ir_add(p, 0, "ioctl", ALLOW, &c, 1);
	}
	prog = compile(p, SECBPF_LAYOUT_BALANCED, false);
	cr_assert_eq(run(prog, a, 54, (uint64_t[6]){0, 300}), ALLOW);
	cr_assert_eq(run(prog, a, 54, (uint64_t[6]){0, 301}), EPERM_);
	cr_assert_eq(run(prog, a, 54, (uint64_t[6]){0, 8997}), ALLOW);
	secbpf_prog_free(prog);
	ir_free(p);
}

Test(emit, callers_frequency_table)
{
	const char *arches[] = {"x86_64"};
	struct secbpf_policy *p = ir_new(EPERM_, KILL, arches, 1);
	const struct secbpf_arch *x = secbpf_arch_lookup("x86_64");
	const char *names[] = {"getpid"};
	const double weights[] = {1000.0};
	struct secbpf_compile_opts o = {.sz = sizeof(o),
					.layout = SECBPF_LAYOUT_WEIGHTED,
					.freq_names = names,
					.freq_weights = weights,
					.nfreq = 1};
	struct secbpf_prog *bal, *wei = NULL;
	struct secbpf_data d = {.arch = 0xc000003e};
	struct secbpf_run_result rb = {0}, rw = {0};
	struct secbpf_error err;

	for (size_t k = 0; k < x->nsyscalls; k += 2)
		ir_add(p, 0, x->by_nr[k].name, ALLOW, NULL, 0);
	ir_add(p, 0, "getpid", ALLOW, NULL, 0);
	bal = compile(p, SECBPF_LAYOUT_BALANCED, false);
	cr_assert_eq(secbpf_compile(p, &o, &wei, &err), 0, "%s", err.message);
	d.nr = nr_of("x86_64", "getpid");
	secbpf_prog_run(bal, &d, &rb, &err);
	secbpf_prog_run(wei, &d, &rw, &err);
	cr_assert_eq(rw.action, ALLOW);
	cr_assert_lt(rw.count, rb.count, "getpid: weighted %u, balanced %u",
		     rw.count, rb.count);
	/* every verdict unchanged */
	for (size_t k = 0; k < x->nsyscalls; k++)
		cr_assert_eq(run(bal, x, x->by_nr[k].nr, NULL),
			     run(wei, x, x->by_nr[k].nr, NULL));
	secbpf_prog_free(wei);
	o.nfreq = 100000;
	cr_assert_eq(secbpf_compile(p, &o, &wei, &err), -EINVAL);
	cr_assert_null(wei);
	secbpf_prog_free(bal);
	ir_free(p);
}

/* libseccomp refuses the second of two rules with identical conditions and
 * different actions (EEXIST); we keep the first, as it had, and warn. */
Test(emit, identical_conditions_first_rule_kept)
{
	const char *arches[] = {"x86_64"};
	struct secbpf_policy *p = ir_new(EPERM_, KILL, arches, 1);
	const struct secbpf_arch *a = secbpf_arch_lookup("x86_64");
	struct sb_cond c = {.arg = 1, .op = SB_OP_EQ, .value = 5};
	struct secbpf_prog *prog;

	ir_add(p, 0, "read", SECBPF_RET_ERRNO(9), &c, 1);
	ir_add(p, 0, "read", ALLOW, &c, 1);
	prog = compile(p, SECBPF_LAYOUT_BALANCED, false);
	cr_assert_eq(run(prog, a, 0, (uint64_t[6]){0, 5}), SECBPF_RET_ERRNO(9));
	cr_assert_eq(run(prog, a, 0, (uint64_t[6]){0, 6}), EPERM_);
	secbpf_prog_free(prog);
	cr_assert_eq(overlaps(p), 0);
	cr_assert_geq(p->noverlap, 1, "the overlap is reported");
	ir_free(p);
}
