// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The native builder: the same IR as the JSON path for the same rules,
 * by-number rules exactly as given, every refusal, verdicts through the
 * interpreter and, for the host arch, through the kernel.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

static const struct secbpf_arch *arch(const char *name)
{
	const struct secbpf_arch *a = secbpf_arch_lookup(name);

	cr_assert_not_null(a, "arch %s", name);
	return a;
}

static struct secbpf_builder *new_builder(uint32_t def,
					  const char *const *arches, size_t n)
{
	struct secbpf_builder *b = NULL;
	struct secbpf_error err;

	cr_assert_eq(secbpf_builder_new(def, NULL, &b, &err), 0, "%s",
		     err.message);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(secbpf_builder_add_arch(b, arch(arches[i]), &err),
			     0, "%s", err.message);
	return b;
}

static struct secbpf_policy *build_ok(const struct secbpf_builder *b)
{
	struct secbpf_policy *p = NULL;
	struct secbpf_error err;

	cr_assert_eq(secbpf_builder_build(b, &p, &err), 0, "%s", err.message);
	cr_assert_not_null(p);
	return p;
}

static struct secbpf_policy *
policy_from_json(const char *json, const char *const *arches, size_t n)
{
	struct secbpf_resolve_opts ro = {
		.sz = sizeof(ro), .arches = arches, .narches = n};
	struct secbpf_profile *p = NULL, *r = NULL;
	struct secbpf_policy *pol = NULL;
	struct secbpf_error err;

	cr_assert_eq(secbpf_profile_load_bytes(json, strlen(json), "t.json", &p,
					       &err),
		     0, "%s", err.message);
	cr_assert_eq(secbpf_profile_resolve(p, &ro, &r, &err), 0, "%s",
		     err.message);
	cr_assert_eq(secbpf_policy_new(r, NULL, &pol, &err), 0, "%s",
		     err.message);
	secbpf_profile_free(r);
	secbpf_profile_free(p);
	return pol;
}

/* The IR of two policies, compared field by field (not the warnings). */
static void assert_same_ir(const struct secbpf_policy *a,
			   const struct secbpf_policy *b)
{
	cr_assert_eq(a->default_action, b->default_action);
	cr_assert_eq(a->badarch_action, b->badarch_action);
	cr_assert_eq(a->narch, b->narch);
	for (size_t i = 0; i < a->narch; i++) {
		const struct sb_ir_arch *x = &a->arch[i], *y = &b->arch[i];

		cr_assert_eq(x->arch, y->arch);
		cr_assert_eq(x->max_named_nr, y->max_named_nr, "%s: %u vs %u",
			     x->arch->name, x->max_named_nr, y->max_named_nr);
		cr_assert_eq(x->nsys, y->nsys, "%s: %zu vs %zu syscalls",
			     x->arch->name, x->nsys, y->nsys);
		for (size_t s = 0; s < x->nsys; s++) {
			const struct sb_ir_syscall *p = &x->sys[s],
						   *q = &y->sys[s];

			cr_assert_eq(p->nr, q->nr);
			cr_assert_str_eq(p->name, q->name);
			cr_assert_eq(p->nrules, q->nrules, "%s %s",
				     x->arch->name, p->name);
			for (size_t r = 0; r < p->nrules; r++) {
				const struct sb_rule *u = &p->rules[r],
						     *v = &q->rules[r];

				cr_assert_eq(u->action, v->action);
				cr_assert_eq(u->ncond, v->ncond);
				for (unsigned c = 0; c < u->ncond; c++) {
					cr_assert_eq(u->cond[c].arg,
						     v->cond[c].arg);
					cr_assert_eq(u->cond[c].op,
						     v->cond[c].op);
					cr_assert_eq(u->cond[c].value,
						     v->cond[c].value);
					cr_assert_eq(u->cond[c].value2,
						     v->cond[c].value2);
				}
			}
		}
	}
}

Test(builder, same_ir_as_the_json_path)
{
	const char *const arches[] = {"x86_64", "x86", "x32"};
	/* direct and multiplexed calls, a rule equal to the default, a
	 * name one arch lacks (_llseek: x86 only), MASKED_EQ, 64-bit
	 * values, several conditions */
	const char *json =
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
		"{\"names\": [\"read\", \"write\", \"_llseek\"], "
		"\"action\": \"SCMP_ACT_ALLOW\"},"
		"{\"names\": [\"socket\"], \"action\": \"SCMP_ACT_ALLOW\", "
		"\"args\": [{\"index\": 0, \"value\": 1, \"op\": "
		"\"SCMP_CMP_EQ\"}, {\"index\": 2, \"value\": 255, "
		"\"valueTwo\": 6, \"op\": \"SCMP_CMP_MASKED_EQ\"}]},"
		"{\"names\": [\"shmget\", \"close\"], \"action\": "
		"\"SCMP_ACT_ERRNO\"},"
		"{\"names\": [\"personality\"], \"action\": "
		"\"SCMP_ACT_LOG\", \"args\": [{\"index\": 0, \"value\": "
		"4294967296, \"op\": \"SCMP_CMP_GE\"}, {\"index\": 1, "
		"\"value\": 8, \"op\": \"SCMP_CMP_LT\"}]}"
		"]}";
	struct secbpf_policy *want = policy_from_json(json, arches, 3);
	struct secbpf_builder *b = new_builder(SECBPF_RET_ERRNO(1), arches, 3);
	struct secbpf_cond sock[] = {
		{0, SECBPF_OP_EQ, 1, 0, 0},
		{2, SECBPF_OP_MASKED_EQ, 255, 6, 0},
	};
	struct secbpf_cond pers[] = {
		{0, SECBPF_OP_GE, 0x100000000ULL, 0, 0},
		{1, SECBPF_OP_LT, 8, 0, 0},
	};
	struct secbpf_error err;
	struct secbpf_policy *got;

	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_ALLOW, "read", NULL,
					     0, &err),
		     0);
	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_ALLOW, "write", NULL,
					     0, &err),
		     0);
	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_ALLOW, "_llseek",
					     NULL, 0, &err),
		     0);
	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_ALLOW, "socket",
					     sock, 2, &err),
		     0);
	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_ERRNO(1), "shmget",
					     NULL, 0, &err),
		     0);
	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_ERRNO(1), "close",
					     NULL, 0, &err),
		     0);
	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_LOG, "personality",
					     pers, 2, &err),
		     0);
	got = build_ok(b);
	assert_same_ir(got, want);
	/* the multiplexer rule is there: x86 socketcall (102), arg0 == 1 */
	{
		const struct sb_ir_arch *x86 = &got->arch[1];
		bool found = false;

		for (size_t s = 0; s < x86->nsys; s++)
			if (x86->sys[s].nr == 102) {
				found = true;
				cr_assert_eq(x86->sys[s].rules[0].cond[0].op,
					     SB_OP_EQ);
				cr_assert_eq(x86->sys[s].rules[0].cond[0].value,
					     1);
			}
		cr_assert(found, "no socketcall rule on x86");
	}
	/* building twice gives the same */
	{
		struct secbpf_policy *again = build_ok(b);

		assert_same_ir(again, want);
		secbpf_policy_free(again);
	}
	secbpf_policy_free(got);
	secbpf_policy_free(want);
	secbpf_builder_free(b);
}

Test(builder, by_number_rules_exactly_as_given)
{
	const char *const arches[] = {"x86"};
	struct secbpf_builder *b = new_builder(SECBPF_RET_ALLOW, arches, 1);
	struct secbpf_cond c = {.arg = 1, .op = SECBPF_OP_GT, .value = 5};
	struct secbpf_error err;
	struct secbpf_policy *p;

	/* x86 socket (359) by number: no socketcall rule */
	cr_assert_eq(secbpf_builder_add_rule_nr(b, arch("x86"), 359,
						SECBPF_RET_TRAP, &c, 1, &err),
		     0, "%s", err.message);
	/* a number the table lacks, and a tracer's -1 */
	cr_assert_eq(secbpf_builder_add_rule_nr(b, arch("x86"), 9999,
						SECBPF_RET_ERRNO(3), NULL, 0,
						&err),
		     0);
	cr_assert_eq(secbpf_builder_add_rule_nr(b, arch("x86"), UINT32_MAX,
						SECBPF_RET_ERRNO(4), NULL, 0,
						&err),
		     0);
	/* not a target */
	cr_assert_eq(secbpf_builder_add_rule_nr(b, arch("x86_64"), 1,
						SECBPF_RET_TRAP, NULL, 0, &err),
		     -ENOENT);
	p = build_ok(b);
	cr_assert_eq(p->narch, 1);
	cr_assert_eq(p->arch[0].nsys, 3);
	cr_assert_eq(p->arch[0].sys[0].nr, 359);
	cr_assert_str_eq(p->arch[0].sys[0].name, "socket");
	cr_assert_eq(p->arch[0].sys[0].rules[0].cond[0].arg, 1);
	cr_assert_eq(p->arch[0].sys[1].nr, 9999);
	cr_assert_null(p->arch[0].sys[1].name);
	cr_assert_eq(p->arch[0].sys[2].nr, UINT32_MAX);
	/* the highest named number ignores the tracer's -1 */
	cr_assert_eq(p->arch[0].max_named_nr, 9999);
	secbpf_policy_free(p);
	secbpf_builder_free(b);
}

Test(builder, refusals)
{
	const char *const arches[] = {"x86_64"};
	struct secbpf_builder *b = new_builder(SECBPF_RET_ALLOW, arches, 1);
	struct secbpf_builder_opts o = {.sz = sizeof(o)};
	struct secbpf_cond c[SECBPF_MAX_CONDS + 1];
	struct secbpf_builder *nb = NULL;
	struct secbpf_error err;

	memset(c, 0, sizeof(c));
	for (size_t i = 0; i < SB_ARRAY_SIZE(c); i++)
		c[i] = (struct secbpf_cond){
			.arg = i % 6, .op = SECBPF_OP_NE, .value = i};
	/* actions the kernel does not know */
	cr_assert_eq(secbpf_builder_new(0x12340000, NULL, &nb, &err), -EINVAL);
	cr_assert_null(nb);
	cr_assert_eq(secbpf_builder_new(SECBPF_RET_ALLOW | 1, NULL, &nb, &err),
		     -EINVAL);
	o.badarch_set = true;
	o.badarch_action = 0x00060000;
	cr_assert_eq(secbpf_builder_new(SECBPF_RET_ALLOW, &o, &nb, &err),
		     -EINVAL);
	cr_assert(strstr(err.message, "bad-arch"), "%s", err.message);
	cr_assert_eq(secbpf_builder_new(SECBPF_RET_ALLOW, NULL, NULL, &err),
		     -EINVAL);
	/* options from a newer header with unknown non-zero bytes */
	{
		char big[sizeof(o) + 8] = {0};
		struct secbpf_builder_opts *bo = (void *)big;

		bo->sz = sizeof(big);
		big[sizeof(o) + 3] = 1;
		cr_assert_eq(secbpf_builder_new(SECBPF_RET_ALLOW, bo, &nb,
						&err),
			     -EINVAL);
	}
	cr_assert_eq(secbpf_builder_add_rule(b, 0x00020000, "read", NULL, 0,
					     &err),
		     -EINVAL);
	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_TRAP, "no_such_call",
					     NULL, 0, &err),
		     -ENOENT);
	cr_assert(strstr(err.message, "unknown syscall 'no_such_call'"), "%s",
		  err.message);
	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_TRAP, "read", c,
					     SECBPF_MAX_CONDS + 1, &err),
		     -E2BIG);
	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_TRAP, "read", NULL,
					     1, &err),
		     -EINVAL);
	c[0].arg = 6;
	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_TRAP, "read", c, 1,
					     &err),
		     -EINVAL);
	c[0].arg = 0;
	c[0].op = (enum secbpf_op)8;
	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_TRAP, "read", c, 1,
					     &err),
		     -EINVAL);
	c[0].op = (enum secbpf_op)0;
	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_TRAP, "read", c, 1,
					     &err),
		     -EINVAL);
	/* arches: twice, other byte order, absent */
	cr_assert_eq(secbpf_builder_add_arch(b, arch("x86_64"), &err), -EEXIST);
	cr_assert_eq(secbpf_builder_add_arch(b, arch("s390x"), &err), -EDOM);
	cr_assert_eq(secbpf_builder_remove_arch(b, arch("x86"), &err), -ENOENT);
	cr_assert_eq(secbpf_builder_add_arch(b, NULL, &err), -EINVAL);
	/* 16 conditions are fine */
	c[0].op = SECBPF_OP_EQ;
	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_TRAP, "read", c,
					     SECBPF_MAX_CONDS, &err),
		     0, "%s", err.message);
	secbpf_builder_free(b);
	secbpf_builder_free(NULL);
}

Test(builder, arches_and_their_rules)
{
	const char *const arches[] = {"x86_64", "x86"};
	struct secbpf_builder *b = new_builder(SECBPF_RET_ALLOW, arches, 2);
	struct secbpf_error err;
	struct secbpf_policy *p;

	cr_assert_eq(secbpf_builder_arch_count(b), 2);
	cr_assert_eq(secbpf_builder_arch_at(b, 1), arch("x86"));
	cr_assert_null(secbpf_builder_arch_at(b, 2));
	cr_assert_eq(secbpf_builder_add_rule_nr(b, arch("x86"), 20,
						SECBPF_RET_TRAP, NULL, 0, &err),
		     0);
	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_TRAP, "getpid", NULL,
					     0, &err),
		     0);
	/* removing x86 takes its by-number rule; by-name rules stay */
	cr_assert_eq(secbpf_builder_remove_arch(b, arch("x86"), &err), 0);
	cr_assert_eq(secbpf_builder_arch_count(b), 1);
	/* arches added after the rules get the by-name rules */
	cr_assert_eq(secbpf_builder_add_arch(b, arch("aarch64"), &err), 0);
	p = build_ok(b);
	cr_assert_eq(p->narch, 2);
	cr_assert_eq(p->arch[1].arch, arch("aarch64"));
	cr_assert_eq(p->arch[1].nsys, 1);
	cr_assert_eq(p->arch[1].sys[0].nr, 172); /* getpid on aarch64 */
	cr_assert_eq(p->arch[0].nsys, 1);
	cr_assert_eq(p->arch[0].sys[0].nr, 39);
	secbpf_policy_free(p);
	secbpf_builder_free(b);
}

Test(builder, no_arch_means_native)
{
	struct secbpf_builder *b = new_builder(SECBPF_RET_ALLOW, NULL, 0);
	struct secbpf_policy *p = NULL;
	struct secbpf_error err;
	int rc = secbpf_builder_build(b, &p, &err);

	if (!secbpf_arch_native()) {
		cr_assert_eq(rc, -EOPNOTSUPP);
	} else {
		cr_assert_eq(rc, 0, "%s", err.message);
		cr_assert_eq(p->narch, 1);
		cr_assert_eq(p->arch[0].arch, secbpf_arch_native());
	}
	secbpf_policy_free(p);
	secbpf_builder_free(b);
}

static bool has_warning(const struct secbpf_policy *p, const char *text)
{
	for (size_t i = 0; i < secbpf_policy_warning_count(p); i++)
		if (strstr(secbpf_policy_warning(p, i), text))
			return true;
	return false;
}

Test(builder, warnings_and_options)
{
	struct secbpf_builder_opts o = {.sz = sizeof(o),
					.badarch_action = SECBPF_RET_TRAP,
					.badarch_set = true,
					.flags = 4,
					.flags_set = true};
	struct secbpf_builder *b = NULL;
	struct secbpf_error err;
	struct secbpf_policy *p;

	cr_assert_eq(secbpf_builder_new(SECBPF_RET_ERRNO(5000), &o, &b, &err),
		     0, "%s", err.message);
	cr_assert_eq(secbpf_builder_add_arch(b, arch("aarch64"), &err), 0);
	/* open is no aarch64 syscall: skipped with a warning */
	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_ALLOW, "open", NULL,
					     0, &err),
		     0);
	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_ERRNO(7000), "read",
					     NULL, 0, &err),
		     0);
	p = build_ok(b);
	cr_assert_eq(p->default_action, SECBPF_RET_ERRNO(4095));
	cr_assert_eq(p->badarch_action, SECBPF_RET_TRAP);
	cr_assert_eq(secbpf_policy_flags(p), 4);
	cr_assert(secbpf_policy_flags_set(p));
	cr_assert(has_warning(p, "unknown syscall 'open'"));
	cr_assert(has_warning(p, "default action: errno 5000"));
	cr_assert(has_warning(p, "rule 1: errno 7000"));
	/* both capped to 4095: the rule equals the default and goes */
	cr_assert_eq(p->arch[0].nsys, 0);
	secbpf_policy_free(p);
	secbpf_builder_free(b);
}

/* Compile what the builder built and ask the interpreter. */
Test(builder, verdicts_through_the_compiler)
{
	const char *const arches[] = {"x86_64", "x86"};
	struct secbpf_builder *b = new_builder(SECBPF_RET_ERRNO(1), arches, 2);
	struct secbpf_cond big = {
		.arg = 0, .op = SECBPF_OP_GT, .value = 0x100000000ULL};
	struct secbpf_cond msk = {.arg = 1,
				  .op = SECBPF_OP_MASKED_EQ,
				  .value = 0xf0,
				  .value2 = 0x30};
	struct secbpf_policy *p;
	struct secbpf_prog *prog = NULL;
	struct secbpf_error err;
	static const struct {
		uint32_t audit, nr;
		uint64_t a0, a1;
		uint32_t want;
	} q[] = {
		{0xc000003e, 0, 0, 0, SECBPF_RET_ALLOW}, /* read */
		{0xc000003e, 1, 0x100000001ULL, 0, SECBPF_RET_TRAP},
		{0xc000003e, 1, 0x100000000ULL, 0, SECBPF_RET_ERRNO(1)},
		{0xc000003e, 2, 0, 0x3f, SECBPF_RET_LOG}, /* open */
		{0xc000003e, 2, 0, 0x4f, SECBPF_RET_ERRNO(1)},
		{0x40000003, 3, 0, 0, SECBPF_RET_ALLOW}, /* x86 read */
		/* x86 compares the low word: GT 0x100000000 is GT 0 */
		{0x40000003, 4, 1, 0, SECBPF_RET_TRAP},
		{0x40000003, 4, 0, 0, SECBPF_RET_ERRNO(1)},
		{0xc00000b7, 63, 0, 0, SECBPF_RET_KILL_THREAD}, /* aarch64 */
	};

	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_ALLOW, "read", NULL,
					     0, &err),
		     0);
	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_TRAP, "write", &big,
					     1, &err),
		     0);
	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_LOG, "open", &msk, 1,
					     &err),
		     0);
	p = build_ok(b);
	cr_assert_eq(secbpf_compile(p, NULL, &prog, &err), 0, "%s",
		     err.message);
	for (size_t i = 0; i < SB_ARRAY_SIZE(q); i++) {
		struct secbpf_data d = {.nr = q[i].nr, .arch = q[i].audit};
		struct secbpf_run_result r = {0};

		d.args[0] = q[i].a0;
		d.args[1] = q[i].a1;
		cr_assert_eq(secbpf_prog_run(prog, &d, &r, &err), 0);
		cr_assert_eq(r.action, q[i].want, "query %zu: %#x, want %#x", i,
			     r.action, q[i].want);
	}
	secbpf_prog_free(prog);
	secbpf_policy_free(p);
	secbpf_builder_free(b);
}

/* The host arch through the kernel, in a forked child. */
Test(builder, kernel_verdicts)
{
	const struct secbpf_arch *host = secbpf_arch_native();
	struct secbpf_builder *b;
	struct secbpf_cond sig = {.arg = 1, .op = SECBPF_OP_EQ};
	struct secbpf_policy *p;
	struct secbpf_prog *prog = NULL;
	struct secbpf_error err;
	int status;
	pid_t pid;

	if (!host)
		cr_skip_test("no native arch");
	/* valgrind runs the guest's syscalls itself and has no seccomp(2):
	 * a filter installed here would judge valgrind, not this test */
	if (getenv("SECBPF_TEST_UNDER_VALGRIND"))
		cr_skip_test("under valgrind");
	cr_assert_eq(secbpf_builder_new(SECBPF_RET_ALLOW, NULL, &b, &err), 0);
	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_ERRNO(42), "getppid",
					     NULL, 0, &err),
		     0);
	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_ERRNO(43), "kill",
					     &sig, 1, &err),
		     0);
	p = build_ok(b);
	cr_assert_eq(secbpf_compile(p, NULL, &prog, &err), 0, "%s",
		     err.message);
	fflush(NULL);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		struct secbpf_install_opts o = {.sz = sizeof(o)};
		int bad = 0;

		if (secbpf_install(prog, &o, NULL, &err))
			_exit(err.code == -EINVAL ? 77 : 100);
		bad += !(syscall(SYS_getppid) == -1 && errno == 42);
		bad += !(syscall(SYS_kill, 0x7ffffff0, 0) == -1 && errno == 43);
		/* another signal: the kernel's own answer */
		bad += !(syscall(SYS_kill, 0x7ffffff0, 9) == -1 &&
			 errno == ESRCH);
		bad += syscall(SYS_getpid) <= 0;
		_exit(bad);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 77)
		cr_skip_test("the kernel refuses filters here (qemu-user?)");
	cr_assert(WIFEXITED(status));
	cr_assert_eq(WEXITSTATUS(status), 0, "%d wrong answers",
		     WEXITSTATUS(status));
	secbpf_prog_free(prog);
	secbpf_policy_free(p);
	secbpf_builder_free(b);
}

/* Word and negated conditions, rules in their order (what the
 * libseccomp-compatible library hands over). */
Test(builder, ordered_rules_with_word_conditions)
{
	const char *const arches[] = {"x86_64", "x86"};
	struct secbpf_builder_opts o = {.sz = sizeof(o), .ordered = true};
	struct secbpf_builder *b = NULL;
	struct secbpf_policy *p;
	struct secbpf_prog *prog = NULL;
	struct secbpf_error err;
	/* lseek: a2's high word above 1 -> TRAP; else high word == 1 and
	 * low word not >= 5 -> LOG; a rule with the default action still
	 * stops the ones after it; then anything -> KILL */
	struct secbpf_cond hi_gt = {.arg = 2,
				    .op = SECBPF_OP_GT,
				    .value = 1,
				    .flags = SECBPF_COND_HIGH_WORD};
	struct secbpf_cond hi_eq_lo_lt[] = {
		{.arg = 2,
		 .op = SECBPF_OP_EQ,
		 .value = 1,
		 .flags = SECBPF_COND_HIGH_WORD},
		{.arg = 2,
		 .op = SECBPF_OP_GE,
		 .value = 5,
		 .flags = SECBPF_COND_LOW_WORD | SECBPF_COND_NOT},
	};
	struct secbpf_cond lo_masked = {.arg = 0,
					.op = SECBPF_OP_MASKED_EQ,
					.value = 0xf0,
					.value2 = 0x30,
					.flags = SECBPF_COND_LOW_WORD};
	struct secbpf_cond bad = {.arg = 0,
				  .op = SECBPF_OP_EQ,
				  .flags = SECBPF_COND_LOW_WORD |
					   SECBPF_COND_HIGH_WORD};
	static const struct {
		uint64_t a0, a2;
		uint32_t want;
	} q[] = {
		{0, 0x200000000ULL, SECBPF_RET_TRAP},
		{0, 0x100000004ULL, SECBPF_RET_LOG},
		{0, 0x100000005ULL, SECBPF_RET_ALLOW}, /* default rule */
		{0x30, 0x100000005ULL, SECBPF_RET_ALLOW},
		{0x30, 0, SECBPF_RET_ALLOW},
		{0x130, 0, SECBPF_RET_ALLOW},
		{0x41, 0, SECBPF_RET_KILL_THREAD},
	};

	cr_assert_eq(secbpf_builder_new(SECBPF_RET_ALLOW, &o, &b, &err), 0);
	for (size_t i = 0; i < SB_ARRAY_SIZE(arches); i++)
		cr_assert_eq(secbpf_builder_add_arch(b, arch(arches[i]), &err),
			     0);
	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_TRAP, "lseek", &bad,
					     1, &err),
		     -EINVAL);
	cr_assert_eq(secbpf_builder_add_rule_nr(b, arch("x86_64"), 8,
						SECBPF_RET_TRAP, &hi_gt, 1,
						&err),
		     0);
	cr_assert_eq(secbpf_builder_add_rule_nr(b, arch("x86_64"), 8,
						SECBPF_RET_LOG, hi_eq_lo_lt, 2,
						&err),
		     0);
	cr_assert_eq(secbpf_builder_add_rule_nr(b, arch("x86_64"), 8,
						SECBPF_RET_ALLOW, &lo_masked, 0,
						&err),
		     0);
	/* never reached: the rule above matches everything left */
	cr_assert_eq(secbpf_builder_add_rule_nr(b, arch("x86_64"), 8,
						SECBPF_RET_ERRNO(9), NULL, 0,
						&err),
		     0);
	/* x86: the masked word, then everything else is killed */
	cr_assert_eq(secbpf_builder_add_rule_nr(b, arch("x86"), 19,
						SECBPF_RET_ALLOW, &lo_masked, 1,
						&err),
		     0);
	cr_assert_eq(secbpf_builder_add_rule_nr(b, arch("x86"), 19,
						SECBPF_RET_KILL_THREAD, NULL, 0,
						&err),
		     0);
	p = build_ok(b);
	cr_assert(p->arch[0].sys[0].ordered);
	cr_assert_eq(p->arch[0].sys[0].nrules, 4);
	cr_assert_eq(secbpf_compile(p, NULL, &prog, &err), 0, "%s",
		     err.message);
	cr_assert_eq(secbpf_prog_verify(prog, &err), 0, "%s", err.message);
	for (size_t i = 0; i < SB_ARRAY_SIZE(q); i++) {
		struct secbpf_data d = {.nr = 8, .arch = 0xc000003e};
		struct secbpf_run_result r = {0};

		d.args[0] = q[i].a0;
		d.args[2] = q[i].a2;
		if (i >= 3) {
			/* x86 lseek (19): the low word only */
			d.nr = 19;
			d.arch = 0x40000003;
		}
		cr_assert_eq(secbpf_prog_run(prog, &d, &r, &err), 0);
		cr_assert_eq(r.action, q[i].want, "query %zu: %#x, want %#x", i,
			     r.action, q[i].want);
	}
	secbpf_prog_free(prog);
	secbpf_policy_free(p);
	secbpf_builder_free(b);
}
