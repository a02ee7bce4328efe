// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The analysis of filters (src/bpf/stack.c, explore.c, summary.c,
 * diff.c) and the action-cache rule per arch: which arches a program
 * accepts, how a stack of filters decides, what the kernel caches, the
 * summary and the diff, and the work budget on adversarial programs.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "adversarial.h"
#include "secbpf.h"

#define LD(k) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (k))
#define RET(v) BPF_STMT(BPF_RET | BPF_K, (v))
#define JEQ(k, t, f) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))

static struct secbpf_prog *mk(const struct sock_filter *f, size_t n)
{
	struct secbpf_prog *p = NULL;
	struct secbpf_error err;

	cr_assert_eq(secbpf_prog_new((const struct secbpf_insn *)f, n, false,
				     &p, &err),
		     0, "%s", err.message);
	cr_assert_eq(secbpf_prog_verify(p, &err), 0, "%s", err.message);
	return p;
}
#define MK(arr) mk((arr), sizeof(arr) / sizeof((arr)[0]))

static const struct secbpf_arch *arch(const char *name)
{
	const struct secbpf_arch *a = secbpf_arch_lookup(name);

	cr_assert(a, "%s", name);
	return a;
}

static uint32_t nr(const char *a, const char *name)
{
	uint32_t n;

	cr_assert_eq(secbpf_syscall_lookup(arch(a), name, &n), 0, "%s", name);
	return n;
}

/*
 * x86_64 (and x32, under the same AUDIT_ARCH): read allowed, write
 * ERRNO(1), personality allowed only for 8, ptrace KILL_PROCESS, every
 * other call ERRNO(38); other arches KILL_THREAD.
 */
static struct secbpf_prog *sample(void)
{
	struct sock_filter f[] = {
		LD(4),
		JEQ(AUDIT_ARCH_X86_64, 1, 0),
		RET(SECCOMP_RET_KILL_THREAD),
		LD(0),
		JEQ(0, 6, 0),	/* read */
		JEQ(1, 6, 0),	/* write */
		JEQ(101, 6, 0), /* ptrace */
		JEQ(135, 1, 0), /* personality */
		RET(SECCOMP_RET_ERRNO | 38),
		LD(16),
		JEQ(8, 0, 3),
		RET(SECCOMP_RET_ALLOW),
		RET(SECCOMP_RET_ERRNO | 1),
		RET(SECCOMP_RET_KILL_PROCESS),
		RET(SECCOMP_RET_ERRNO | 1),
	};

	return MK(f);
}

static const struct secbpf_syscall_summary *row(const struct secbpf_summary *s,
						const char *a, const char *name)
{
	for (size_t i = 0; i < s->narches; i++) {
		const struct secbpf_arch_summary *as = &s->arches[i];

		if (strcmp(secbpf_arch_name(as->arch), a))
			continue;
		for (size_t k = 0; k < as->nsyscalls; k++)
			if (!strcmp(as->syscalls[k].name, name))
				return &as->syscalls[k];
	}
	cr_assert_fail("no row %s %s", a, name);
	return NULL;
}

static const struct secbpf_arch_summary *
arch_row(const struct secbpf_summary *s, const char *a)
{
	for (size_t i = 0; i < s->narches; i++)
		if (!strcmp(secbpf_arch_name(s->arches[i].arch), a))
			return &s->arches[i];
	cr_assert_fail("no arch %s", a);
	return NULL;
}

/* ---- the action cache, per arch ---- */

Test(cache, arches_the_kernel_caches)
{
	const char *cached[] = {"x86_64", "x86",     "aarch64",	   "arm",
				"ppc",	  "ppc64",   "ppc64le",	   "s390",
				"s390x",  "riscv64", "loongarch64"};
	const char *never[] = {"x32",	   "mips",	"mipsel",     "mips64",
			       "mipsel64", "mips64n32", "mipsel64n32"};

	for (size_t i = 0; i < sizeof(cached) / sizeof(cached[0]); i++) {
		const struct secbpf_arch *a = arch(cached[i]);
		uint32_t first, last = 0;

		secbpf_syscall_at(a, 0, NULL, &first);
		cr_expect(secbpf_arch_cacheable(a, first), "%s", cached[i]);
		cr_expect(secbpf_arch_cacheable(a, 0), "%s 0", cached[i]);
		/* the table's last regular number is in, past it is not */
		for (size_t k = 0; k < secbpf_syscall_count(a); k++) {
			uint32_t n;

			secbpf_syscall_at(a, k, NULL, &n);
			if (n < 0x10000 && n > last)
				last = n;
		}
		cr_expect(secbpf_arch_cacheable(a, last), "%s %u", cached[i],
			  last);
		cr_expect(!secbpf_arch_cacheable(a, last + 1), "%s %u",
			  cached[i], last + 1);
		cr_expect(!secbpf_arch_cacheable(a, 0x40000000U | first), "%s",
			  cached[i]);
		cr_expect(!secbpf_arch_cacheable(a, 0xffffffffU), "%s",
			  cached[i]);
	}
	for (size_t i = 0; i < sizeof(never) / sizeof(never[0]); i++) {
		const struct secbpf_arch *a = arch(never[i]);

		for (size_t k = 0; k < secbpf_syscall_count(a); k++) {
			uint32_t n;

			secbpf_syscall_at(a, k, NULL, &n);
			cr_expect(!secbpf_arch_cacheable(a, n), "%s %u",
				  never[i], n);
		}
	}
	/* ARM's private calls lie past the bitmap */
	cr_expect(!secbpf_arch_cacheable(arch("arm"), nr("arm", "cacheflush")));
	cr_expect(!secbpf_arch_cacheable(NULL, 0));
}

Test(cache, x32_and_mips_numbers_never_cached)
{
	struct sock_filter all[] = {RET(SECCOMP_RET_ALLOW)};
	struct secbpf_prog *p = MK(all);

	cr_expect(secbpf_prog_cacheable(p, AUDIT_ARCH_X86_64, 1));
	cr_expect(secbpf_prog_cacheable(p, AUDIT_ARCH_I386, 1));
	/* x32's write: x86_64's AUDIT_ARCH, bit 30 set */
	cr_expect(!secbpf_prog_cacheable(p, AUDIT_ARCH_X86_64,
					 nr("x32", "write")));
	cr_expect(!secbpf_prog_cacheable(p, AUDIT_ARCH_MIPS64,
					 nr("mips64", "write")));
	cr_expect(!secbpf_prog_cacheable(p, AUDIT_ARCH_MIPSEL, 4004));
	/* an AUDIT_ARCH no kernel runs */
	cr_expect(!secbpf_prog_cacheable(p, 0x12345678, 1));
	secbpf_prog_free(p);
}

/* The case: secbpf check --default --arch x86_64 --arch x32 said
 * 307/309 x32 calls were cacheable; the kernel caches none of them. */
Test(cache, default_profile_x32_is_never_cached)
{
	const char *names[] = {"x86_64", "x32"};
	const struct secbpf_arch *arches[] = {arch("x86_64"), arch("x32")};
	struct secbpf_resolve_opts ro = {
		.sz = sizeof(ro), .arches = names, .narches = 2};
	struct secbpf_analysis_opts ao = {
		.sz = sizeof(ao), .arches = arches, .narches = 2};
	struct secbpf_profile *p, *r;
	struct secbpf_policy *pol;
	struct secbpf_prog *prog;
	struct secbpf_summary *s;
	struct secbpf_error err;
	const struct secbpf_arch_summary *x, *x32;

	cr_assert_eq(secbpf_profile_default(&p, &err), 0, "%s", err.message);
	cr_assert_eq(secbpf_profile_resolve(p, &ro, &r, &err), 0, "%s",
		     err.message);
	cr_assert_eq(secbpf_policy_new(r, NULL, &pol, &err), 0, "%s",
		     err.message);
	cr_assert_eq(secbpf_compile(pol, NULL, &prog, &err), 0, "%s",
		     err.message);
	cr_assert_eq(secbpf_summarize((const struct secbpf_prog *const *)&prog,
				      1, &ao, &s, &err),
		     0, "%s", err.message);
	cr_assert(s->complete);
	x = arch_row(s, "x86_64");
	x32 = arch_row(s, "x32");
	cr_expect_gt(x32->allowed, 300);
	cr_expect_eq(x32->cached, 0, "x32: %zu of %zu allowed cached",
		     x32->cached, x32->allowed);
	cr_expect_gt(x->cached, 300);
	/* what the kernel caches it allows whatever the arguments */
	cr_expect_leq(x->cached, x->allowed);
	cr_expect(row(s, "x86_64", "read")->cached);
	cr_expect(!row(s, "x32", "read")->cached);
	secbpf_summary_free(s);
	secbpf_prog_free(prog);
	secbpf_policy_free(pol);
	secbpf_profile_free(r);
	secbpf_profile_free(p);
}

/* ---- which arches a program accepts ---- */

Test(arches, detected_by_the_branch_taken)
{
	struct sock_filter i386[] = {
		LD(4),
		JEQ(AUDIT_ARCH_I386, 0, 1),
		RET(SECCOMP_RET_ALLOW),
		RET(SECCOMP_RET_KILL_PROCESS),
	};
	/* 8 is AUDIT_ARCH_MIPS, but here it is an argument's value */
	struct sock_filter arg8[] = {
		LD(16),
		JEQ(8, 0, 1),
		RET(SECCOMP_RET_ALLOW),
		RET(SECCOMP_RET_KILL_PROCESS),
	};
	struct secbpf_prog *p = sample(), *q = MK(i386), *r = MK(arg8);
	const struct secbpf_arch *out[8];

	/* x32 shares x86_64's AUDIT_ARCH: it comes along */
	cr_assert_eq(secbpf_prog_arches(p, out, 8), 2);
	cr_expect_eq(out[0], arch("x86_64"));
	cr_expect_eq(out[1], arch("x32"));
	cr_assert_eq(secbpf_prog_arches(q, out, 8), 1);
	cr_expect_eq(out[0], arch("x86"));
	cr_expect_eq(secbpf_prog_arches(r, out, 8), 0);
	/* the count, whatever fits */
	cr_expect_eq(secbpf_prog_arches(p, out, 1), 2);
	cr_expect_eq(secbpf_prog_arches(p, NULL, 0), 2);
	cr_expect_eq(secbpf_prog_arches(NULL, out, 8), 0);
	secbpf_prog_free(p);
	secbpf_prog_free(q);
	secbpf_prog_free(r);
}

/* ---- stacks of filters ---- */

static void stack_is(const struct secbpf_prog *const *ps, size_t n,
		     uint32_t action, size_t decided_by, uint32_t count)
{
	struct secbpf_data data = {.arch = AUDIT_ARCH_X86_64};
	struct secbpf_stack_result res;
	struct secbpf_error err;

	cr_assert_eq(secbpf_stack_run(ps, n, &data, &res, &err), 0, "%s",
		     err.message);
	cr_expect_eq(res.action, action, "%#x, not %#x", res.action, action);
	cr_expect_eq(res.decided_by, decided_by);
	cr_expect_eq(res.count, count);
}

Test(stack, most_severe_wins_and_a_tie_goes_to_the_more_recent)
{
	struct sock_filter e5[] = {RET(SECCOMP_RET_ERRNO | 5)};
	struct sock_filter e7[] = {RET(SECCOMP_RET_ERRNO | 7)};
	struct sock_filter allow[] = {RET(SECCOMP_RET_ALLOW)};
	struct sock_filter log[] = {LD(0), RET(SECCOMP_RET_LOG)};
	struct sock_filter kill[] = {RET(SECCOMP_RET_KILL_PROCESS)};
	struct secbpf_prog *a = MK(e5), *b = MK(e7), *c = MK(allow),
			   *d = MK(log), *k = MK(kill);
	const struct secbpf_prog *tie[] = {a, b, c}, *sev[] = {k, b, d},
				 *allows[] = {c, c}, *logs[] = {c, d};
	struct secbpf_data data = {.arch = AUDIT_ARCH_X86_64};
	struct secbpf_stack_result res;
	struct secbpf_error err;

	/* index 0 the first installed: ERRNO(7) is the more recent */
	stack_is(tie, 3, SECCOMP_RET_ERRNO | 7, 1, 3);
	stack_is(sev, 3, SECCOMP_RET_KILL_PROCESS, 0, 4);
	/* all allow: no filter decides */
	stack_is(allows, 2, SECCOMP_RET_ALLOW, 2, 2);
	stack_is(logs, 2, SECCOMP_RET_LOG, 1, 3);
	cr_expect_eq(secbpf_stack_run(tie, 0, &data, &res, &err), -EINVAL);
	cr_expect_eq(secbpf_stack_run(NULL, 1, &data, &res, &err), -EINVAL);
	secbpf_prog_free(a);
	secbpf_prog_free(b);
	secbpf_prog_free(c);
	secbpf_prog_free(d);
	secbpf_prog_free(k);
}

Test(stack, the_kernels_bound_on_a_stack)
{
	static struct sock_filter f[SECBPF_MAX_INSNS];
	const struct secbpf_prog *stack[9];
	struct secbpf_data data = {.arch = AUDIT_ARCH_X86_64};
	struct secbpf_stack_result res;
	struct secbpf_error err;
	struct secbpf_prog *p;
	size_t n = adv_chain(f);

	p = mk(f, n);
	for (size_t i = 0; i < 9; i++)
		stack[i] = p;
	/* 8 x (4085 + 4) = 32712: the kernel takes it */
	cr_expect_eq(secbpf_stack_run(stack, 8, &data, &res, &err), 0, "%s",
		     err.message);
	/* a ninth does not fit in 32768 */
	cr_expect_eq(secbpf_stack_run(stack, 9, &data, &res, &err), -E2BIG);
	cr_expect(strstr(err.message, "32768"), "%s", err.message);
	secbpf_prog_free(p);
}

/* ---- summaries ---- */

Test(summary, verdicts_actions_cache_and_counts)
{
	struct secbpf_prog *p = sample();
	const struct secbpf_arch *only[] = {arch("x86_64")};
	struct secbpf_analysis_opts ao = {
		.sz = sizeof(ao), .arches = only, .narches = 1};
	const struct secbpf_syscall_summary *r;
	const struct secbpf_arch_summary *a;
	struct secbpf_summary *s;
	struct secbpf_error err;
	double sum = 0;

	cr_assert_eq(secbpf_summarize((const struct secbpf_prog *const *)&p, 1,
				      &ao, &s, &err),
		     0, "%s", err.message);
	cr_assert_eq(s->narches, 1);
	cr_expect(s->complete);
	cr_expect_eq(s->nprogs, 1);
	cr_expect_leq(s->work, s->budget);
	cr_expect_eq(s->budget, SECBPF_ANALYSIS_BUDGET);

	r = row(s, "x86_64", "read");
	cr_expect_eq(r->action, SECCOMP_RET_ALLOW);
	cr_expect_eq(r->nactions, 1);
	cr_expect(r->cached);
	cr_expect_eq(r->explored, SECBPF_EXPLORED_ALL);
	cr_expect_eq(r->insns, 5);

	r = row(s, "x86_64", "write");
	cr_expect_eq(r->action, SECCOMP_RET_ERRNO | 1);
	cr_expect(!r->cached);

	r = row(s, "x86_64", "personality");
	cr_expect_eq(r->nactions, 2, "zero and 8 fare differently");
	cr_expect_eq(r->actions[0], SECCOMP_RET_ERRNO | 1);
	cr_expect_eq(r->actions[1], SECCOMP_RET_ALLOW);
	cr_expect(!r->more_actions);
	cr_expect(!r->cached, "it reads an argument");
	cr_expect_eq(r->insns, 10);
	cr_expect_eq(r->worst, 10);

	r = row(s, "x86_64", "ptrace");
	cr_expect_eq(r->action, SECCOMP_RET_KILL_PROCESS);

	a = arch_row(s, "x86_64");
	cr_expect_eq(a->allowed, 1);
	cr_expect_eq(a->depends, 1);
	cr_expect_eq(a->denied, a->nsyscalls - 2);
	cr_expect_eq(a->cached, 1);
	cr_expect_eq(a->partly + a->not_run, 0);
	for (size_t k = 0; k < a->nsyscalls; k++)
		sum += a->syscalls[k].insns;
	cr_expect_float_eq(a->mean, sum / (double)a->nsyscalls, 1e-9);
	cr_expect_eq(a->worst, 10);
	secbpf_summary_free(s);

	/* no arches given: the ones the program checks */
	cr_assert_eq(secbpf_summarize((const struct secbpf_prog *const *)&p, 1,
				      NULL, &s, &err),
		     0, "%s", err.message);
	cr_expect_eq(s->narches, 2);
	cr_expect_eq(s->arches[1].arch, arch("x32"));
	cr_expect(!row(s, "x32", "read")->cached, "x32: never");
	secbpf_summary_free(s);
	secbpf_prog_free(p);
}

Test(summary, a_stack_as_the_kernel_runs_it)
{
	struct sock_filter later[] = {
		LD(0),
		JEQ(0, 0, 1),
		RET(SECCOMP_RET_ERRNO | 9),
		RET(SECCOMP_RET_ALLOW),
	};
	struct secbpf_prog *p = sample(), *q = MK(later);
	const struct secbpf_prog *stack[] = {p, q};
	const struct secbpf_arch *only[] = {arch("x86_64")};
	struct secbpf_analysis_opts ao = {
		.sz = sizeof(ao), .arches = only, .narches = 1};
	struct secbpf_summary *s;
	struct secbpf_error err;

	cr_assert_eq(secbpf_summarize(stack, 2, &ao, &s, &err), 0, "%s",
		     err.message);
	/* read: the first allows, the later ERRNO(9) */
	cr_expect_eq(row(s, "x86_64", "read")->action, SECCOMP_RET_ERRNO | 9);
	cr_expect(!row(s, "x86_64", "read")->cached);
	/* write: the first says ERRNO(1), the later allows; both ran */
	cr_expect_eq(row(s, "x86_64", "write")->action, SECCOMP_RET_ERRNO | 1);
	cr_expect_eq(row(s, "x86_64", "write")->insns, 6 + 3);
	secbpf_summary_free(s);
	secbpf_prog_free(p);
	secbpf_prog_free(q);
}

Test(summary, the_budget_says_what_it_left_out)
{
	struct secbpf_prog *p = sample();
	struct secbpf_analysis_opts ao = {.sz = sizeof(ao), .budget = 1000};
	struct secbpf_summary *s;
	struct secbpf_error err;
	size_t none = 0, ran = 0;

	cr_assert_eq(secbpf_summarize((const struct secbpf_prog *const *)&p, 1,
				      &ao, &s, &err),
		     0, "%s", err.message);
	cr_expect(!s->complete);
	cr_expect_eq(s->budget, 1000);
	/* one run past the budget at most */
	cr_expect_leq(s->work, 1000 + SECBPF_MAX_INSNS);
	for (size_t i = 0; i < s->narches; i++) {
		const struct secbpf_arch_summary *a = &s->arches[i];
		size_t n = 0;

		for (size_t k = 0; k < a->nsyscalls; k++) {
			n += a->syscalls[k].explored != SECBPF_EXPLORED_ALL;
			none += a->syscalls[k].explored == SECBPF_EXPLORED_NONE;
			ran += a->syscalls[k].explored != SECBPF_EXPLORED_NONE;
		}
		cr_expect_eq(a->partly + a->not_run, n);
		cr_expect_eq(a->allowed + a->denied + a->depends,
			     a->nsyscalls - a->not_run);
	}
	cr_expect_gt(none, 0);
	cr_expect_gt(ran, 0, "the first calls ran");
	secbpf_summary_free(s);
	secbpf_prog_free(p);
}

Test(summary, options_are_checked)
{
	struct secbpf_prog *p = sample();
	const struct secbpf_prog *const *pp =
		(const struct secbpf_prog *const *)&p;
	struct {
		struct secbpf_analysis_opts o;
		uint64_t future;
	} big = {.o = {.sz = sizeof(big)}, .future = 0};
	const struct secbpf_arch *bogus[] = {(const void *)"x86_64"};
	struct secbpf_analysis_opts bad = {
		.sz = sizeof(bad), .arches = bogus, .narches = 1};
	struct secbpf_summary *s;
	struct secbpf_error err;

	/* a newer caller's zeroed fields are fine, set ones are refused */
	cr_expect_eq(secbpf_summarize(pp, 1, &big.o, &s, &err), 0);
	secbpf_summary_free(s);
	big.future = 1;
	cr_expect_eq(secbpf_summarize(pp, 1, &big.o, &s, &err), -EINVAL);
	cr_expect_eq(secbpf_summarize(pp, 1, &bad, &s, &err), -EINVAL);
	cr_expect_eq(secbpf_summarize(pp, 0, NULL, &s, &err), -EINVAL);
	cr_expect_eq(secbpf_summarize(NULL, 1, NULL, &s, &err), -EINVAL);
	cr_expect_eq(secbpf_summarize(pp, 1, NULL, NULL, &err), -EINVAL);
	secbpf_prog_free(p);
}

/*
 * Every adversarial shape, summarised and diffed against the chain: both
 * end, within the budget (plus at most one vector's work), and say they
 * are incomplete.  A budget of 2^22 keeps the suite quick under the
 * sanitizers; tests/bpf/check_budget.sh runs bpfdump on the default one.
 */
Test(budget, adversarial_programs_stay_within_it)
{
	static struct sock_filter f[SECBPF_MAX_INSNS];
	struct secbpf_prog *chain = mk(f, adv_chain(f));
	struct secbpf_analysis_opts ao = {.sz = sizeof(ao),
					  .budget = 1ULL << 22};
	/* a vector: every program's path plus 6 proposals per insn */
	const uint64_t slack = 2 * 7 * SECBPF_MAX_INSNS;

	for (size_t i = 0; i < sizeof(adv_shapes) / sizeof(adv_shapes[0]);
	     i++) {
		struct secbpf_prog *p = mk(f, adv_shapes[i].build(f));
		struct secbpf_summary *s;
		struct secbpf_diff *d;
		struct secbpf_error err;

		cr_assert_eq(
			secbpf_summarize((const struct secbpf_prog *const *)&p,
					 1, &ao, &s, &err),
			0, "%s", err.message);
		cr_expect(!s->complete, "%s", adv_shapes[i].name);
		cr_expect_eq(s->budget, 1ULL << 22);
		cr_expect_leq(s->work, s->budget + slack, "%s",
			      adv_shapes[i].name);
		secbpf_summary_free(s);
		cr_assert_eq(secbpf_prog_diff(chain, p, &ao, &d, &err), 0, "%s",
			     err.message);
		cr_expect(!d->complete, "%s", adv_shapes[i].name);
		cr_expect_gt(d->nunexplored, 0);
		cr_expect_leq(d->work, d->budget + slack, "%s",
			      adv_shapes[i].name);
		secbpf_diff_free(d);
		secbpf_prog_free(p);
	}
	secbpf_prog_free(chain);
}

/* Seven of the every-arch chain stacked, as a process could hold them. */
Test(budget, a_full_stack_stays_within_it)
{
	static struct sock_filter f[SECBPF_MAX_INSNS];
	struct secbpf_prog *p = mk(f, adv_arches(f));
	const struct secbpf_prog *stack[7] = {p, p, p, p, p, p, p};
	struct secbpf_analysis_opts ao = {.sz = sizeof(ao),
					  .budget = 1ULL << 22};
	struct secbpf_summary *s;
	struct secbpf_error err;
	size_t not_run = 0;

	cr_assert_eq(secbpf_summarize(stack, 7, &ao, &s, &err), 0, "%s",
		     err.message);
	cr_expect(!s->complete);
	cr_expect_leq(s->work, s->budget + 7 * 7 * SECBPF_MAX_INSNS);
	cr_expect_eq(s->narches, 18, "every arch: %zu", s->narches);
	for (size_t i = 0; i < s->narches; i++)
		not_run += s->arches[i].not_run;
	/* 7 x 4081 instructions on each of some 7,000 calls is more than
	 * the budget: the last ones are not run, and said so */
	cr_expect_gt(not_run, 0);
	secbpf_summary_free(s);
	secbpf_prog_free(p);
}

Test(budget, many_actions_are_counted_not_listed)
{
	static struct sock_filter f[SECBPF_MAX_INSNS];
	struct secbpf_prog *p = mk(f, adv_constants(f));
	const struct secbpf_arch *only[] = {arch("x86_64")};
	/* the default budget: each errno read reaches costs a run through
	 * the 2044 compares for its neighbours */
	struct secbpf_analysis_opts ao = {
		.sz = sizeof(ao), .arches = only, .narches = 1};
	struct secbpf_summary *s;
	struct secbpf_error err;
	const struct secbpf_syscall_summary *r;

	cr_assert_eq(secbpf_summarize((const struct secbpf_prog *const *)&p, 1,
				      &ao, &s, &err),
		     0, "%s", err.message);
	r = row(s, "x86_64", "read");
	cr_expect_eq(r->nactions, SECBPF_SUMMARY_ACTIONS);
	cr_expect(r->more_actions);
	secbpf_summary_free(s);
	secbpf_prog_free(p);
}

/* ---- diffs ---- */

Test(diff, finds_where_two_programs_part)
{
	struct sock_filter other[] = {
		LD(4),
		JEQ(AUDIT_ARCH_X86_64, 1, 0),
		RET(SECCOMP_RET_KILL_THREAD),
		LD(0),
		JEQ(0, 7, 0),	/* read */
		JEQ(1, 6, 0),	/* write: now allowed */
		JEQ(101, 7, 0), /* ptrace */
		JEQ(135, 1, 0), /* personality */
		RET(SECCOMP_RET_ERRNO | 38),
		LD(16),
		JEQ(0xffff, 1, 0), /* personality(0xffff) too */
		JEQ(8, 0, 1),
		RET(SECCOMP_RET_ALLOW),
		RET(SECCOMP_RET_ERRNO | 1),
		RET(SECCOMP_RET_KILL_PROCESS),
	};
	struct secbpf_prog *a = sample(), *b = MK(other);
	const struct secbpf_arch *only[] = {arch("x86_64")};
	struct secbpf_analysis_opts ao = {
		.sz = sizeof(ao), .arches = only, .narches = 1};
	struct secbpf_diff *d;
	struct secbpf_error err;
	struct sock_filter x32w[] = {
		LD(0),
		JEQ(0x40000001, 0, 1),
		RET(SECCOMP_RET_ALLOW),
		RET(SECCOMP_RET_ERRNO | 1),
	};
	struct sock_filter none[] = {RET(SECCOMP_RET_ERRNO | 1)};
	struct secbpf_prog *c = MK(x32w), *e = MK(none);
	bool write = false, pers = false;

	cr_assert_eq(secbpf_prog_diff(a, b, &ao, &d, &err), 0, "%s",
		     err.message);
	cr_expect(d->complete);
	cr_expect_eq(d->nunexplored, 0);
	cr_expect_eq(d->total, d->ndifferences);
	for (size_t i = 0; i < d->ndifferences; i++) {
		const struct secbpf_difference *x = &d->differences[i];

		cr_expect_eq(x->arch, only[0]);
		if (x->nr == 1) {
			write = true;
			cr_expect_str_eq(x->name, "write");
			cr_expect_eq(x->action_a, SECCOMP_RET_ERRNO | 1);
			cr_expect_eq(x->action_b, SECCOMP_RET_ALLOW);
		} else if (x->nr == 135) {
			pers = true;
			cr_expect_eq(x->args[0], 0xffff);
			cr_expect_eq(x->action_a, SECCOMP_RET_ERRNO | 1);
			cr_expect_eq(x->action_b, SECCOMP_RET_ALLOW);
		} else {
			cr_expect_fail("unexpected difference at %#x", x->nr);
		}
	}
	cr_expect(write && pers);
	secbpf_diff_free(d);

	/* x32's numbers are tried under x86_64 when x32 is not analysed
	 * itself: they come in under x86_64's AUDIT_ARCH */
	cr_assert_eq(secbpf_prog_diff(c, e, &ao, &d, &err), 0);
	cr_assert_eq(d->total, 1);
	cr_expect_eq(d->differences[0].arch, arch("x86_64"));
	cr_expect_eq(d->differences[0].nr, 0x40000001U);
	cr_expect_str_eq(d->differences[0].name, "write");
	secbpf_diff_free(d);

	/* listed up to max_differences, all counted */
	ao.max_differences = 1;
	cr_assert_eq(secbpf_prog_diff(a, b, &ao, &d, &err), 0);
	cr_expect_eq(d->ndifferences, 1);
	cr_expect_eq(d->total, 2);
	secbpf_diff_free(d);

	cr_assert_eq(secbpf_prog_diff(a, a, NULL, &d, &err), 0);
	cr_expect_eq(d->total, 0);
	cr_expect(d->complete);
	secbpf_diff_free(d);

	/* a tiny budget: nothing proven, and said where */
	ao.max_differences = 0;
	ao.budget = 100;
	cr_assert_eq(secbpf_prog_diff(a, a, &ao, &d, &err), 0);
	cr_expect(!d->complete);
	cr_expect_gt(d->nunexplored, 0);
	cr_expect_eq(d->unexplored[d->nunexplored - 1].explored,
		     SECBPF_EXPLORED_NONE);
	secbpf_diff_free(d);
	cr_expect_eq(secbpf_prog_diff(a, NULL, NULL, &d, &err), -EINVAL);
	secbpf_prog_free(a);
	secbpf_prog_free(b);
	secbpf_prog_free(c);
	secbpf_prog_free(e);
}
