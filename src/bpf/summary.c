// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * secbpf_summarize: per arch, each syscall's fate under a stack of filters
 * (verdict, the actions arguments can get, the kernel's action cache,
 * instructions run).  One computation for bpfdump --summary and the cost
 * that secbpf check reports.
 *
 * Two passes share the budget: every syscall's all-zero run first, so
 * that each verdict is known before any argument is explored, then the
 * arguments of the syscalls whose paths compared one, each with a fair
 * share of the work left.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "explore.h"

struct visit_ctx {
	const struct secbpf_prog *const *progs;
	size_t n;
	struct secbpf_syscall_summary *s;
};

/* One vector's result under the stack, folded into the syscall's row. */
static int visit(void *p, const uint64_t *args,
		 const struct secbpf_run_result *runs)
{
	struct visit_ctx *c = p;
	struct secbpf_syscall_summary *s = c->s;
	uint32_t action = SECBPF_RET_ALLOW, count = 0;
	bool seen = false;

	(void)args;
	/* as secbpf_stack_run: the most recent filter first */
	for (size_t i = c->n; i-- > 0;) {
		count += runs[i].count;
		if (sb_more_severe(runs[i].action, action))
			action = runs[i].action;
	}
	if (!s->nactions) {
		s->action = action;
		s->insns = count;
	}
	if (count > s->worst)
		s->worst = count;
	for (size_t j = 0; j < s->nactions && !seen; j++)
		seen = s->actions[j] == action;
	if (!seen) {
		if (s->nactions < SECBPF_SUMMARY_ACTIONS)
			s->actions[s->nactions++] = action;
		else
			s->more_actions = true;
	}
	return 0;
}

static bool cached(const struct secbpf_prog *const *progs, size_t n,
		   const struct secbpf_arch *a, uint32_t nr)
{
	/* a task's bitmap is the AND of its filters' */
	for (size_t k = 0; k < n; k++)
		if (!secbpf_prog_cacheable(progs[k], a->audit, nr))
			return false;
	return n > 0;
}

static void tally(struct secbpf_arch_summary *as, struct secbpf_summary *sum)
{
	double total = 0;
	size_t ran = 0;

	for (size_t i = 0; i < as->nsyscalls; i++) {
		const struct secbpf_syscall_summary *s = &as->syscalls[i];

		if (s->explored == SECBPF_EXPLORED_NONE) {
			as->not_run++;
			sum->complete = false;
			continue;
		}
		if (s->explored == SECBPF_EXPLORED_PART) {
			as->partly++;
			sum->complete = false;
		}
		ran++;
		total += s->insns;
		if (s->worst > as->worst)
			as->worst = s->worst;
		if (s->nactions > 1)
			as->depends++;
		else if (s->action == SECBPF_RET_ALLOW)
			as->allowed++;
		else
			as->denied++;
		as->cached += s->cached;
	}
	as->mean = ran ? total / (double)ran : 0;
}

void secbpf_summary_free(struct secbpf_summary *summary)
{
	if (!summary)
		return;
	for (size_t i = 0; i < summary->narches; i++)
		free(summary->arches[i].syscalls);
	free(summary->arches);
	free(summary);
}

static int alloc_summary(const struct sb_analysis *an, size_t nprogs,
			 struct secbpf_summary **out, size_t *total,
			 struct secbpf_error *err)
{
	struct secbpf_summary *sum = calloc(1, sizeof(*sum));

	*total = 0;
	if (!sum)
		goto nomem;
	*out = sum;
	sum->arches = calloc(an->narches, sizeof(*sum->arches));
	if (!sum->arches)
		goto nomem;
	sum->narches = an->narches;
	sum->nprogs = nprogs;
	sum->budget = an->budget;
	sum->complete = true;
	for (size_t ai = 0; ai < an->narches; ai++) {
		struct secbpf_arch_summary *as = &sum->arches[ai];
		const struct secbpf_arch *a = an->arches[ai];

		as->arch = a;
		as->nsyscalls = a->nsyscalls;
		as->syscalls = calloc(a->nsyscalls ? a->nsyscalls : 1,
				      sizeof(*as->syscalls));
		if (!as->syscalls)
			goto nomem;
		for (size_t i = 0; i < a->nsyscalls; i++) {
			as->syscalls[i].name = a->by_nr[i].name;
			as->syscalls[i].nr = a->by_nr[i].nr;
			as->syscalls[i].explored = SECBPF_EXPLORED_NONE;
		}
		*total += a->nsyscalls;
	}
	return 0;
nomem:
	return sb_err(err, -ENOMEM, "out of memory");
}

int secbpf_summarize(const struct secbpf_prog *const *progs, size_t n,
		     const struct secbpf_analysis_opts *opts,
		     struct secbpf_summary **out, struct secbpf_error *err)
{
	struct secbpf_summary *sum = NULL;
	struct sb_explorer ex = {0};
	struct sb_analysis an;
	struct visit_ctx c = {.progs = progs, .n = n};
	size_t total, left = 0;
	bool *pending = NULL;
	int rc;

	if (!out)
		return sb_err(err, -EINVAL, "invalid arguments");
	*out = NULL;
	rc = sb_stack_check(progs, n, err);
	if (rc)
		return rc;
	rc = sb_analysis_opts(opts, progs, n, &an, err);
	if (rc)
		return rc;
	rc = alloc_summary(&an, n, &sum, &total, err);
	if (rc)
		goto fail;
	rc = sb_explorer_init(&ex, progs, n, an.budget, err);
	if (rc)
		goto fail;
	pending = calloc(total ? total : 1, sizeof(*pending));
	if (!pending) {
		rc = sb_err(err, -ENOMEM, "out of memory");
		goto fail;
	}
	/* every verdict first: the all-zero run of each syscall */
	for (size_t ai = 0, at = 0; ai < sum->narches; ai++) {
		struct secbpf_arch_summary *as = &sum->arches[ai];

		for (size_t i = 0; i < as->nsyscalls; i++, at++) {
			struct secbpf_syscall_summary *s = &as->syscalls[i];
			bool ran, args;

			c.s = s;
			rc = sb_explore_zero(&ex, as->arch->audit, s->nr, visit,
					     &c, &ran, &args, err);
			if (rc)
				goto fail;
			if (!ran)
				continue;
			s->explored = SECBPF_EXPLORED_ALL;
			s->cached = cached(progs, n, as->arch, s->nr);
			if (args) {
				/* not cached: it reads an argument */
				pending[at] = true;
				left++;
			}
		}
	}
	/* then the arguments, each syscall its share of what is left */
	for (size_t ai = 0, at = 0; ai < sum->narches; ai++) {
		struct secbpf_arch_summary *as = &sum->arches[ai];

		for (size_t i = 0; i < as->nsyscalls; i++, at++) {
			if (!pending[at])
				continue;
			c.s = &as->syscalls[i];
			rc = sb_explore_args(&ex, as->arch->audit, c.s->nr,
					     sb_explore_share(&ex, left), visit,
					     &c, &c.s->explored, err);
			if (rc)
				goto fail;
			left--;
		}
	}
	for (size_t ai = 0; ai < sum->narches; ai++)
		tally(&sum->arches[ai], sum);
	sum->work = ex.work;
	sb_explorer_release(&ex);
	free(pending);
	*out = sum;
	return 0;
fail:
	sb_explorer_release(&ex);
	free(pending);
	secbpf_summary_free(sum);
	return rc;
}
