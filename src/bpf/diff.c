// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * secbpf_prog_diff: where two programs decide differently, by meaning
 * rather than by bytes.  Both run on the same numbers and argument
 * vectors; vectors come from either program's comparisons (explore.c),
 * so a value only one of them singles out is tried on both.  The same
 * two-pass budget as secbpf_summarize: every number once with zero
 * arguments, then the arguments of those whose paths compared one.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "explore.h"

/* The numbers past the top of a table tried, and the sign bit and -1
 * and their neighbours, which a filter may treat specially. */
#define PAST_TOP 64
static const uint32_t special[] = {0x3fffffffU, 0x40000000U, 0x7fffffffU,
				   0x80000000U, 0xfffffffeU, 0xffffffffU};

struct number {
	const struct secbpf_arch *arch; /* the arch that runs it */
	uint32_t nr;
	const char *name; /* NULL if no table names it */
};

struct diff_ctx {
	struct secbpf_diff *d;
	const struct number *num;
	size_t cap; /* of d->differences */
	size_t max;
};

static int visit(void *p, const uint64_t *args,
		 const struct secbpf_run_result *runs)
{
	struct diff_ctx *c = p;
	struct secbpf_diff *d = c->d;
	struct secbpf_difference *x;

	if (runs[0].action == runs[1].action)
		return 0;
	d->total++;
	if (d->ndifferences >= c->max)
		return 0;
	if (d->ndifferences == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		void *np = realloc(d->differences, cap * sizeof(*x));

		if (!np)
			return -ENOMEM;
		d->differences = np;
		c->cap = cap;
	}
	x = &d->differences[d->ndifferences++];
	x->arch = c->num->arch;
	x->nr = c->num->nr;
	x->name = c->num->name;
	memcpy(x->args, args, sizeof(x->args));
	x->action_a = runs[0].action;
	x->action_b = runs[1].action;
	return 0;
}

static bool listed(const struct sb_analysis *an, const struct secbpf_arch *a)
{
	for (size_t i = 0; i < an->narches; i++)
		if (an->arches[i] == a)
			return true;
	return false;
}

static bool have(const struct number *nums, size_t from, size_t n, uint32_t nr)
{
	for (size_t i = from; i < n; i++)
		if (nums[i].nr == nr)
			return true;
	return false;
}

/*
 * The numbers worth trying on arch "a": its table; the 64 past its top (a
 * filter that allows "everything above N" shows there); the numbers of
 * every ABI that shares its AUDIT_ARCH and is not analysed itself (x32's,
 * bit 30 set, under x86_64: --arch x86_64 alone still sees how a filter
 * treats them); -1, the sign bit and their neighbours.  Appends to nums.
 */
static size_t numbers(const struct sb_analysis *an, const struct secbpf_arch *a,
		      struct number *nums, size_t n)
{
	size_t first = n;
	uint32_t top = 0;

	for (size_t i = 0; i < a->nsyscalls; i++) {
		uint32_t nr = a->by_nr[i].nr;

		nums[n++] = (struct number){a, nr, a->by_nr[i].name};
		/* ARM's private calls (0x0f0000..) are not the top */
		if (nr > top && (nr & 0xffff0000U) != 0x000f0000U)
			top = nr;
	}
	for (uint32_t x = 1; x <= PAST_TOP; x++)
		if (!secbpf_syscall_name(a, top + x))
			nums[n++] = (struct number){a, top + x, NULL};
	for (size_t j = 0; j < secbpf_arch_count(); j++) {
		const struct secbpf_arch *s = secbpf_arch_at(j);

		if (s == a || s->audit != a->audit || listed(an, s))
			continue;
		for (size_t i = 0; i < s->nsyscalls; i++)
			if (!have(nums, first, n, s->by_nr[i].nr))
				nums[n++] = (struct number){a, s->by_nr[i].nr,
							    s->by_nr[i].name};
	}
	for (size_t i = 0; i < SB_ARRAY_SIZE(special); i++)
		if (!have(nums, first, n, special[i]))
			nums[n++] = (struct number){a, special[i], NULL};
	return n;
}

void secbpf_diff_free(struct secbpf_diff *diff)
{
	if (!diff)
		return;
	free(diff->differences);
	free(diff->unexplored);
	free(diff);
}

/* The most numbers numbers() gives for the arches of "an". */
static size_t numbers_cap(const struct sb_analysis *an)
{
	size_t cap = 0;

	for (size_t i = 0; i < an->narches; i++) {
		cap += an->arches[i]->nsyscalls + PAST_TOP +
		       SB_ARRAY_SIZE(special);
		for (size_t j = 0; j < secbpf_arch_count(); j++)
			if (secbpf_arch_at(j)->audit == an->arches[i]->audit)
				cap += secbpf_arch_at(j)->nsyscalls;
	}
	return cap;
}

int secbpf_prog_diff(const struct secbpf_prog *a, const struct secbpf_prog *b,
		     const struct secbpf_analysis_opts *opts,
		     struct secbpf_diff **out, struct secbpf_error *err)
{
	const struct secbpf_prog *both[2] = {a, b};
	struct sb_explorer ex = {0};
	struct secbpf_diff *d = NULL;
	struct number *nums = NULL;
	enum secbpf_explored *state = NULL;
	struct diff_ctx c = {0};
	struct sb_analysis an;
	size_t n = 0, left = 0, nun = 0;
	int rc;

	if (!a || !b || !out)
		return sb_err(err, -EINVAL, "invalid arguments");
	*out = NULL;
	rc = sb_analysis_opts(opts, both, 2, &an, err);
	if (rc)
		return rc;
	d = calloc(1, sizeof(*d));
	nums = calloc(numbers_cap(&an), sizeof(*nums));
	if (!d || !nums)
		goto nomem;
	for (size_t i = 0; i < an.narches; i++)
		n = numbers(&an, an.arches[i], nums, n);
	state = calloc(n ? n : 1, sizeof(*state));
	if (!state)
		goto nomem;
	d->budget = an.budget;
	c.d = d;
	c.max = an.max_differences;
	rc = sb_explorer_init(&ex, both, 2, an.budget, err);
	if (rc)
		goto fail;
	/* every number with zero arguments first */
	for (size_t i = 0; i < n; i++) {
		bool ran, args;

		c.num = &nums[i];
		rc = sb_explore_zero(&ex, nums[i].arch->audit, nums[i].nr,
				     visit, &c, &ran, &args, err);
		if (rc)
			goto fail;
		state[i] = !ran	  ? SECBPF_EXPLORED_NONE
			   : args ? SECBPF_EXPLORED_PART /* pending */
				  : SECBPF_EXPLORED_ALL;
		left += ran && args;
	}
	for (size_t i = 0; i < n; i++) {
		if (state[i] != SECBPF_EXPLORED_PART)
			continue;
		c.num = &nums[i];
		rc = sb_explore_args(&ex, nums[i].arch->audit, nums[i].nr,
				     sb_explore_share(&ex, left), visit, &c,
				     &state[i], err);
		if (rc)
			goto fail;
		left--;
	}
	for (size_t i = 0; i < n; i++)
		nun += state[i] != SECBPF_EXPLORED_ALL;
	if (nun) {
		d->unexplored = calloc(nun, sizeof(*d->unexplored));
		if (!d->unexplored)
			goto nomem;
		for (size_t i = 0; i < n; i++)
			if (state[i] != SECBPF_EXPLORED_ALL)
				d->unexplored[d->nunexplored++] =
					(struct secbpf_unexplored){nums[i].arch,
								   nums[i].nr,
								   nums[i].name,
								   state[i]};
	}
	d->complete = !nun;
	d->work = ex.work;
	sb_explorer_release(&ex);
	free(nums);
	free(state);
	*out = d;
	return 0;
nomem:
	rc = sb_err(err, -ENOMEM, "out of memory");
fail:
	sb_explorer_release(&ex);
	free(nums);
	free(state);
	secbpf_diff_free(d);
	return rc;
}
