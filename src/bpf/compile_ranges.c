// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Number ranges and their layout.  For one arch block, every syscall
 * number 0..UINT32_MAX is given a decision: a plain return (the default,
 * ENOSYS for numbers newer than the profile, the bad-arch action for the
 * wrong half of x86_64 / x32), or a syscall's argument checks.  Adjacent
 * numbers with the same decision merge into one range.  The ranges are
 * then weighed (every syscall alike, or by how often it is called) and
 * laid out as a binary decision tree on nr, split where the weight halves.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/elf-em.h>
#include <stdlib.h>
#include <string.h>

#include "codegen.h"

/* x32 syscall numbers carry this bit (__X32_SYSCALL_BIT, which only x86
 * hosts' headers define). */
#define X32_SYSCALL_BIT 0x40000000U
/* The errno of the ENOSYS stub as a number: fixed, so that the program
 * does not depend on the build host's <errno.h>. */
#define ENOSYS_NR 38

/* What a range of syscall numbers leads to. */
struct decision {
	bool is_ret;
	uint32_t ret;
	/* a syscall with argument checks: its ordered rules */
	unsigned bits;
	bool ordered; /* as given (first match), not sorted */
	struct sb_norm_rule *rules;
	size_t nrules;
	bool emitted;
	struct label lbl;
};

struct range {
	uint32_t lo, hi; /* inclusive */
	size_t dec;	 /* index into the block's decisions */
	double weight;
};

/* ---- decisions ---- */

static bool same_rules(const struct sb_norm_rule *a, size_t na,
		       const struct sb_norm_rule *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		if (a[i].action != b[i].action || a[i].ncond != b[i].ncond)
			return false;
		for (unsigned j = 0; j < a[i].ncond; j++) {
			const struct sb_cond *x = &a[i].cond[j],
					     *y = &b[i].cond[j];

			if (x->arg != y->arg || x->op != y->op ||
			    x->value != y->value || x->value2 != y->value2)
				return false;
		}
	}
	return true;
}

/* Add "d" unless an equal decision exists (then d's rules are freed). */
static int add_dec(struct compile_ctx *cx, struct arch_block *b,
		   const struct decision *d, size_t *idx)
{
	for (size_t i = 0; i < b->ndec; i++) {
		const struct decision *x = &b->decs[i];

		if (x->is_ret != d->is_ret)
			continue;
		if (d->is_ret
			    ? x->ret == d->ret
			    : x->bits == d->bits && x->ordered == d->ordered &&
				      same_rules(x->rules, x->nrules, d->rules,
						 d->nrules)) {
			*idx = i;
			if (!d->is_ret)
				free(d->rules);
			return 0;
		}
	}
	if (b->ndec == b->capdec) {
		size_t cap = b->capdec ? b->capdec * 2 : 64;
		struct decision *nd = realloc(b->decs, cap * sizeof(*nd));

		if (!nd)
			return sb_err(cx->err, -ENOMEM, "out of memory");
		b->decs = nd;
		b->capdec = cap;
	}
	b->decs[b->ndec] = *d;
	*idx = b->ndec++;
	return 0;
}

static int ret_dec(struct compile_ctx *cx, struct arch_block *b, uint32_t ret,
		   size_t *idx)
{
	struct decision d = {.is_ret = true, .ret = ret};

	/* asked for every syscall: find it without building a decision */
	for (size_t i = 0; i < b->ndec; i++) {
		if (b->decs[i].is_ret && b->decs[i].ret == ret) {
			*idx = i;
			return 0;
		}
	}
	return add_dec(cx, b, &d, idx);
}

/*
 * Whether the syscall's outcome needs no argument check, and then which
 * it is: the default when it has no rules, else the action of its first
 * unconditional rule (a MASKED_EQ whose mask has no bit of the ABI's
 * width always holds).  Most syscalls are such; this path allocates
 * nothing.
 */
static bool unchecked_action(const struct compile_ctx *cx,
			     const struct sb_ir_arch *ia,
			     const struct sb_ir_syscall *sys, uint32_t *action)
{
	if (sys->nrules == 0) {
		*action = cx->p->default_action;
		return true;
	}
	/* rules in their own order: only a first one beats the others (the
	 * first rule decides either way when it is unconditional, the usual
	 * case: asked only past it) */
	for (size_t i = 0, n = sys->nrules; i < n; i++) {
		const struct sb_rule *r = &sys->rules[i];
		bool uncond = true;

		for (unsigned c = 0; c < r->ncond && uncond; c++)
			uncond = sb_cond_always(&r->cond[c], ia->arch->bits);
		if (uncond) {
			*action = r->action;
			return true;
		}
		if (i == 0 && sb_rules_ordered(sys))
			break;
	}
	return false;
}

/* The decision for one syscall whose rules all check arguments. */
static int checked_dec(struct compile_ctx *cx, struct arch_block *b,
		       const struct sb_ir_arch *ia,
		       const struct sb_ir_syscall *sys, size_t *idx)
{
	struct decision d = {.bits = ia->arch->bits};
	size_t n;

	/* every conditional rule costs at least one instruction: refuse
	 * before ordering thousands of them */
	if (sys->nrules > SECBPF_MAX_INSNS)
		return sb_err(cx->err, -E2BIG,
			      "the program needs more than 4096 instructions "
			      "(the kernel's limit): '%s' alone has %zu "
			      "conditional rules",
			      sys->name ? sys->name : "?", sys->nrules);
	d.rules = calloc(sys->nrules, sizeof(*d.rules));
	if (!d.rules)
		return sb_err(cx->err, -ENOMEM, "out of memory");
	n = sb_order_rules(sys, ia->arch->bits, d.rules);
	d.ordered = sb_rules_ordered(sys);
	/* rules that all end where the default would need no checks */
	if (n == 1 && d.rules[0].ncond == 0) {
		uint32_t act = d.rules[0].action;

		free(d.rules);
		return ret_dec(cx, b, act, idx);
	}
	{
		bool all_default = true;

		for (size_t i = 0; i < n; i++)
			all_default &= d.rules[i].action ==
				       cx->p->default_action;
		if (all_default) {
			free(d.rules);
			return ret_dec(cx, b, cx->p->default_action, idx);
		}
	}
	d.nrules = n;
	return add_dec(cx, b, &d, idx);
}

/* ---- ranges ---- */

static int add_range(struct compile_ctx *cx, struct arch_block *b, uint32_t lo,
		     uint32_t hi, size_t dec)
{
	if (b->nrange && b->ranges[b->nrange - 1].dec == dec &&
	    b->ranges[b->nrange - 1].hi + 1 == lo) {
		b->ranges[b->nrange - 1].hi = hi;
		return 0;
	}
	if (b->nrange == b->caprange) {
		size_t cap = b->caprange ? b->caprange * 2 : 128;
		struct range *nr = realloc(b->ranges, cap * sizeof(*nr));

		if (!nr)
			return sb_err(cx->err, -ENOMEM, "out of memory");
		b->ranges = nr;
		b->caprange = cap;
	}
	b->ranges[b->nrange++] = (struct range){lo, hi, dec, 0};
	return 0;
}

/* The arch of the block that owns number "nr" (x32 numbers carry bit 30). */
static const struct sb_ir_arch *owner(const struct arch_block *b, uint32_t nr)
{
	for (size_t i = 0; i < b->nia; i++) {
		bool x32 = b->ia[i]->arch->nr_base == X32_SYSCALL_BIT;

		if (b->nia == 1 || x32 == ((nr & X32_SYSCALL_BIT) != 0))
			return b->ia[i];
	}
	return b->ia[0];
}

/* s390 or s390x, whose AUDIT_ARCH values differ only in the 64-bit flag. */
static bool is_s390(const struct secbpf_arch *arch)
{
	return (arch->audit & 0xffff) == EM_S390;
}

/*
 * What a number no rule names gets: the default action; ENOSYS above the
 * highest number the profile names (enosys_newer); the bad-arch action
 * for the other half of the x86_64 / x32 split when only one is present
 * (but -1, a tracer's skip, falls through to the default, as libseccomp).
 */
static uint32_t gap_action(const struct compile_ctx *cx,
			   const struct arch_block *b, uint32_t nr)
{
	bool has64 = false, has32 = false;
	const struct sb_ir_arch *ia;

	if (nr == UINT32_MAX)
		return cx->p->default_action;
	for (size_t i = 0; i < b->nia; i++) {
		if (b->ia[i]->arch->nr_base == X32_SYSCALL_BIT)
			has32 = true;
		else if (b->audit == AUDIT_ARCH_X86_64)
			has64 = true;
	}
	if (has64 && !has32 && nr >= X32_SYSCALL_BIT)
		return cx->p->badarch_action;
	if (has32 && !has64 && nr < X32_SYSCALL_BIT)
		return cx->p->badarch_action;
	ia = owner(b, nr);
	if (cx->enosys && nr > ia->max_named_nr)
		return SECBPF_RET_ERRNO(ENOSYS_NR);
	/* s390: number 0 is not a syscall of its own (svc 0 takes the
	 * number from a register); runc's stub gives it ENOSYS too */
	if (cx->enosys && nr == 0 && is_s390(ia->arch))
		return SECBPF_RET_ERRNO(ENOSYS_NR);
	return cx->p->default_action;
}

/* Fill the gap [lo, hi] with ranges of constant gap action. */
static int add_gap(struct compile_ctx *cx, struct arch_block *b, uint32_t lo,
		   uint32_t hi)
{
	uint32_t cuts[8];
	size_t nc = 0;

	cuts[nc++] = X32_SYSCALL_BIT;
	cuts[nc++] = UINT32_MAX;
	cuts[nc++] = 1; /* s390's number 0 may differ from 1.. */
	for (size_t i = 0; i < b->nia; i++)
		if (b->ia[i]->max_named_nr < UINT32_MAX)
			cuts[nc++] = b->ia[i]->max_named_nr + 1;
	/* each piece ends before the first cut above its start: the cuts
	 * need no order */
	while (lo <= hi) {
		uint32_t end = hi;
		size_t d;
		int rc;

		for (size_t i = 0; i < nc; i++)
			if (cuts[i] > lo && cuts[i] - 1 < end)
				end = cuts[i] - 1;
		d = 0;
		rc = ret_dec(cx, b, gap_action(cx, b, lo), &d);
		if (!rc)
			rc = add_range(cx, b, lo, end, d);
		if (rc)
			return rc;
		if (end == UINT32_MAX)
			break;
		lo = end + 1;
	}
	return 0;
}

/* Walk the block's arches' syscalls in number order, filling the gaps. */
static int build_ranges(struct compile_ctx *cx, struct arch_block *b)
{
	size_t idx[2] = {0, 0};
	uint32_t next = 0; /* first number not covered yet */
	uint32_t last_act = 0;
	long last_ret = -1; /* the decision of last_act, once known */
	bool done = false;

	for (;;) {
		const struct sb_ir_syscall *best = NULL;
		const struct sb_ir_arch *bia = NULL;
		size_t bi = 0, d;
		uint32_t act;
		int rc;

		for (size_t i = 0; i < b->nia; i++) {
			const struct sb_ir_arch *ia = b->ia[i];

			if (idx[i] < ia->nsys &&
			    (!best || ia->sys[idx[i]].nr < best->nr)) {
				best = &ia->sys[idx[i]];
				bia = ia;
				bi = i;
			}
		}
		if (!best)
			break;
		idx[bi]++;
		if (done || best->nr < next)
			continue; /* duplicate number: the IR is sorted */
		if (best->nr > next) {
			rc = add_gap(cx, b, next, best->nr - 1);
			if (rc)
				return rc;
		}
		rc = 0;
		if (!unchecked_action(cx, bia, best, &act)) {
			rc = checked_dec(cx, b, bia, best, &d);
		} else if (last_ret < 0 || act != last_act) {
			/* most syscalls take the action of the one before */
			rc = ret_dec(cx, b, act, &d);
			last_act = act;
			last_ret = (long)d;
		} else {
			d = (size_t)last_ret;
		}
		if (rc)
			return rc;
		/* a number next to a range of the same decision extends it */
		if (b->nrange && b->ranges[b->nrange - 1].dec == d &&
		    b->ranges[b->nrange - 1].hi + 1 == best->nr)
			b->ranges[b->nrange - 1].hi = best->nr;
		else
			rc = add_range(cx, b, best->nr, best->nr, d);
		if (rc)
			return rc;
		if (best->nr == UINT32_MAX)
			done = true;
		else
			next = best->nr + 1;
	}
	if (!done)
		return add_gap(cx, b, next, UINT32_MAX);
	return 0;
}

/* ---- layout ---- */

/* The largest weight a frequency table entry counts for: weights add up,
 * and the sums stay finite and exact enough. */
#define MAX_WEIGHT 1e15

struct freq_index {
	const char *const *names;
	const double *weights;
	size_t *order; /* entries by name, then by position */
	size_t n;
};

static int cmp_freq(const void *a, const void *b, void *arg)
{
	const struct freq_index *fi = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(fi->names[x], fi->names[y]);

	if (c)
		return c;
	return x < y ? -1 : x > y;
}

/* The caller's table sorted by name, for a binary search per syscall. */
static int freq_index_new(const struct secbpf_compile_opts *o,
			  struct freq_index *fi)
{
	fi->names = o->freq_names;
	fi->weights = o->freq_weights;
	fi->n = 0;
	fi->order = malloc((o->nfreq ? o->nfreq : 1) * sizeof(*fi->order));
	if (!fi->order)
		return -ENOMEM;
	for (size_t i = 0; i < o->nfreq; i++)
		if (o->freq_names[i])
			fi->order[fi->n++] = i;
	qsort_r(fi->order, fi->n, sizeof(*fi->order), cmp_freq, fi);
	return 0;
}

/* The weight of "name": its first entry in the table, 0 if none. */
static double freq_weight(const struct freq_index *fi, const char *name)
{
	size_t lo = 0, hi = fi->n;
	double w;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(fi->names[fi->order[mid]], name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == fi->n || strcmp(fi->names[fi->order[lo]], name))
		return 0;
	w = fi->weights[fi->order[lo]];
	/* negative, NaN: nothing; infinite: the most */
	return w > 0 ? (w < MAX_WEIGHT ? w : MAX_WEIGHT) : 0;
}

/*
 * Each range's weight: the syscalls it holds.  Balanced: every syscall
 * the block's arches have counts one.  Weighted: a syscall counts as
 * often as the caller's table says it is called; the table describes the
 * workload's calls on the block's first arch (the one it was recorded
 * on: a runtime lists the host's arch first), so in the block x86_64
 * shares with x32 the second arch's syscalls count nothing from it.
 */
static int weigh_ranges(const struct compile_ctx *cx, struct arch_block *b)
{
	bool weighted = cx->opts->layout == SECBPF_LAYOUT_WEIGHTED;
	struct freq_index fi = {0};
	double total = 0;

	if (weighted && freq_index_new(cx->opts, &fi))
		return sb_err(cx->err, -ENOMEM, "out of memory");
	for (size_t i = 0; i < b->nrange; i++)
		b->ranges[i].weight = 0;
	for (size_t a = 0; a < b->nia; a++) {
		const struct secbpf_arch *arch = b->ia[a]->arch;
		size_t s = 0;

		if (weighted && a > 0)
			continue;
		for (size_t i = 0; i < arch->nsyscalls; i++) {
			const struct sb_syscall *sc = &arch->by_nr[i];
			double w = weighted ? freq_weight(&fi, sc->name) : 1.0;

			while (s < b->nrange && b->ranges[s].hi < sc->nr)
				s++;
			if (s == b->nrange)
				break;
			b->ranges[s].weight += w;
			total += w;
		}
	}
	/* a floor, so that numbers nobody listed still get a balanced
	 * share of the tree */
	for (size_t i = 0; i < b->nrange; i++)
		b->ranges[i].weight += (total > 0 ? total : 1) * 1e-4;
	free(fi.order);
	return 0;
}

/* Whether ranges [i, i+3) are one number inside a range, which the tree
 * tests with one JEQ (emit_tree). */
static bool jeq_span(const struct arch_block *b, size_t i)
{
	return b->ranges[i].dec == b->ranges[i + 2].dec &&
	       b->ranges[i + 1].lo == b->ranges[i + 1].hi;
}

/* Above this many ranges in one arch test the weighted layout splits
 * where the weights halve: the tree below keeps two tables of the square
 * of the ranges (2.5 MiB here).  Real profiles have 10-200 ranges per arch
 * test. */
#define OPTIMAL_MAX_RANGES 512
/* Spans of at most this many ranges are tried at every split. */
#define FULL_SEARCH_SPAN 8

/*
 * The weighted layout: the tree over the ranges whose sum of weight times
 * tests is the least, each split being one JGE and a number inside a
 * range one JEQ, as emit_tree writes them.  Dynamic programming over the
 * spans of ranges, shortest first: a span's cost is its weight plus the
 * least cost of its two halves.  Trying every split is cubic (a million
 * splits, 11 million instructions, for the containers default on x86); so
 * spans longer than FULL_SEARCH_SPAN try only the splits between those of
 * the span less its last range and less its first (Knuth's bounds,
 * quadratic in all: 1.5 million instructions).  With the JEQ of a number
 * inside a range those bounds are not exact: over the shared profiles,
 * the recorded mixes and the old shipped table, the trees cost at most
 * 0.05% more than the optimum (tests/compile/test_emit.c compares small
 * ones with the optimum found by brute force).
 */
static int optimal_splits(const struct compile_ctx *cx, struct arch_block *b)
{
	size_t n = b->nrange, w = n + 1;
	double *cost, *pre;
	uint16_t *split;

	b->split = NULL;
	if (cx->opts->layout != SECBPF_LAYOUT_WEIGHTED || n < 2 ||
	    n > OPTIMAL_MAX_RANGES)
		return 0;
	/* cost[i * w + j]: the least cost of a tree over ranges [i, j) */
	cost = malloc(w * w * sizeof(*cost));
	pre = malloc(w * sizeof(*pre));
	split = malloc(w * w * sizeof(*split));
	if (!cost || !pre || !split) {
		free(cost);
		free(pre);
		free(split);
		return sb_err(cx->err, -ENOMEM, "out of memory");
	}
	pre[0] = 0;
	for (size_t i = 0; i < n; i++) {
		pre[i + 1] = pre[i] + b->ranges[i].weight;
		cost[i * w + i + 1] = 0;
	}
	for (size_t len = 2; len <= n; len++) {
		for (size_t i = 0, j = len; j <= n; i++, j++) {
			size_t lo = i + 1, hi = j - 1, best_m;
			double best;

			if (len == 3 && jeq_span(b, i)) {
				/* emit_tree tests it with one JEQ */
				cost[i * w + j] = pre[j] - pre[i];
				split[i * w + j] = (uint16_t)(i + 1);
				continue;
			}
			if (len > FULL_SEARCH_SPAN) {
				lo = split[i * w + j - 1];
				hi = split[(i + 1) * w + j];
				if (hi < lo)
					hi = lo;
			}
			best_m = lo;
			best = cost[i * w + lo] + cost[lo * w + j];
			for (size_t m = lo + 1; m <= hi; m++) {
				double c = cost[i * w + m] + cost[m * w + j];

				if (c < best) {
					best = c;
					best_m = m;
				}
			}
			cost[i * w + j] = pre[j] - pre[i] + best;
			split[i * w + j] = (uint16_t)best_m;
		}
	}
	free(cost);
	free(pre);
	b->split = split;
	return 0;
}

int sb_block_build(struct compile_ctx *cx, struct arch_block *b)
{
	int rc = build_ranges(cx, b);

	if (!rc)
		rc = weigh_ranges(cx, b);
	if (!rc)
		rc = optimal_splits(cx, b);
	return rc;
}

/* The code of decision "di", emitted the first time it is asked for. */
static struct label dec_label(struct compile_ctx *cx, struct arch_block *b,
			      size_t di)
{
	struct decision *d = &b->decs[di];

	if (d->is_ret)
		return plain_label(sb_emit_ret(cx->e, d->ret));
	if (!d->emitted) {
		d->lbl = sb_emit_rules(cx->e, d->bits, d->rules, d->nrules,
				       cx->p->default_action, d->ordered);
		d->emitted = true;
	}
	return d->lbl;
}

/* Where to split ranges [i, j): the optimal tree's split, or where the
 * weights on both sides are nearest equal. */
static size_t split_point(const struct arch_block *b, size_t i, size_t j)
{
	double total = 0, acc = 0, best = -1;
	size_t m = i + (j - i) / 2;

	if (b->split)
		return b->split[i * (b->nrange + 1) + j];
	for (size_t s = i; s < j; s++)
		total += b->ranges[s].weight;
	for (size_t s = i; s + 1 < j; s++) {
		double diff;

		acc += b->ranges[s].weight;
		diff = acc * 2 > total ? acc * 2 - total : total - acc * 2;
		if (best < 0 || diff < best) {
			best = diff;
			m = s + 1;
		}
	}
	return m;
}

/* The weight of ranges [i, j). */
static double span_weight(const struct arch_block *b, size_t i, size_t j)
{
	double sum = 0;

	for (size_t s = i; s < j; s++)
		sum += b->ranges[s].weight;
	return sum;
}

/* The tree over ranges [i, j); emitted backwards, a split's halves in the
 * order that puts the likelier one next to its test. */
static struct label emit_tree(struct compile_ctx *cx, struct arch_block *b,
			      size_t i, size_t j)
{
	struct astate as = {SB_OFF_NR, UINT32_MAX};
	struct label l, r;
	size_t m;

	if (sb_emit_error(cx->e))
		return plain_label(0);
	if (j - i == 1)
		return dec_label(cx, b, b->ranges[i].dec);
	/* one number inside a range: a single JEQ */
	if (j - i == 3 && b->ranges[i].dec == b->ranges[i + 2].dec &&
	    b->ranges[i + 1].lo == b->ranges[i + 1].hi) {
		struct label out = dec_label(cx, b, b->ranges[i].dec);
		struct label mid = dec_label(cx, b, b->ranges[i + 1].dec);

		return plain_label(
			sb_emit_jmp(cx->e, as, BPF_JMP | BPF_JEQ | BPF_K,
				    b->ranges[i + 1].lo, &mid, &out));
	}
	m = split_point(b, i, j);
	/*
	 * The half emitted last lies right after the test; the other lies
	 * beyond it and, past 255 instructions, is reached through a JA.
	 * The weighted layout puts the heavier half next to the test, so
	 * that the JA, if any, is on the lighter paths.
	 */
	if (cx->opts->layout == SECBPF_LAYOUT_WEIGHTED &&
	    span_weight(b, m, j) > span_weight(b, i, m)) {
		l = emit_tree(cx, b, i, m);
		r = emit_tree(cx, b, m, j);
	} else {
		r = emit_tree(cx, b, m, j);
		l = emit_tree(cx, b, i, m);
	}
	return plain_label(sb_emit_jmp(cx->e, as, BPF_JMP | BPF_JGE | BPF_K,
				       b->ranges[m].lo, &r, &l));
}

struct label sb_block_emit(struct compile_ctx *cx, struct arch_block *b)
{
	return emit_tree(cx, b, 0, b->nrange);
}

void sb_block_free(struct arch_block *b)
{
	for (size_t i = 0; i < b->ndec; i++)
		if (!b->decs[i].is_ret)
			free(b->decs[i].rules);
	free(b->decs);
	free(b->ranges);
	free(b->split);
}
