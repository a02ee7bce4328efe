// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The overlap analysis: pairs of rules of one syscall, with different
 * actions, that one call matches both of.  Usually a mistake (the outcome
 * then rests on the rule order), so `secbpf compile` warns about each and
 * `secbpf check` reports each, both from this one computation.
 *
 * For each pair the conditions on each argument are solved together: a
 * value within the bounds (EQ, LT, LE, GT, GE), with the bits every
 * MASKED_EQ fixes, that no NE excludes.  That is exact, and a pair costs
 * a few steps per argument.  Word and negated conditions (only the native
 * builder makes them) are tried at the values at and beside each boundary
 * instead: that may miss a pair, never invents one.  Which rule decides
 * the call both match is the compiler's answer: the first that matches in
 * sb_order_rules' order.
 *
 * The work is quadratic in the rules of a syscall and a hostile profile
 * holds thousands, so it is budgeted; what the budget leaves out is
 * counted and said.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir/ir.h"

/* What one rule's plain conditions on one argument ask, together:
 * lo <= x <= hi and (x & mask) == bits (NE values are kept apart). */
struct argset {
	uint64_t lo, hi;
	uint64_t mask, bits;
};

/* One rule, summarised for an ABI. */
struct rsum {
	uint8_t used;  /* arguments it tests */
	uint8_t fuzzy; /* ... with word or negated conditions */
	bool never;    /* no call matches it */
	uint8_t nne;
	uint8_t ne_arg[SB_MAX_CONDS];
	uint64_t ne[SB_MAX_CONDS];
	struct argset arg[6];
};

struct analysis {
	struct secbpf_policy *pol;
	uint64_t *budget;
	unsigned bits;
	uint64_t max;
	/* per syscall, reused */
	struct rsum *sum;
	uint64_t *by_action; /* (action << 32 | rule index), sorted */
	size_t *group;	     /* start of each action's run in by_action */
	size_t ngroup, cap;
	struct sb_norm_rule *order; /* the compiler's order, when needed */
	size_t norder;
	bool have_order;
	bool ordered; /* the syscall's rules keep their order */
};

/* ---- one argument ---- */

static void argset_init(struct argset *s, uint64_t max)
{
	*s = (struct argset){.lo = 0, .hi = max, .mask = 0, .bits = 0};
}

/* Narrow "s" by plain condition "c" (ABI values); false when nothing is
 * left. */
static bool argset_add(struct argset *s, const struct sb_cond *c, uint64_t max)
{
	uint64_t v = c->value, d;

	switch (c->op) {
	case SB_OP_EQ:
		if (v > s->lo)
			s->lo = v;
		if (v < s->hi)
			s->hi = v;
		break;
	case SB_OP_LT:
		if (v == 0)
			return false;
		if (v - 1 < s->hi)
			s->hi = v - 1;
		break;
	case SB_OP_LE:
		if (v < s->hi)
			s->hi = v;
		break;
	case SB_OP_GT:
		if (v >= max)
			return false;
		if (v + 1 > s->lo)
			s->lo = v + 1;
		break;
	case SB_OP_GE:
		if (v > s->lo)
			s->lo = v;
		break;
	case SB_OP_MASKED_EQ:
		d = c->value2 & v;
		if ((s->bits ^ d) & s->mask & v)
			return false;
		s->mask |= v;
		s->bits = (s->bits & ~v) | d;
		break;
	default: /* NE: checked when solving */
		break;
	}
	return s->lo <= s->hi;
}

static bool argset_meet(struct argset *s, const struct argset *t)
{
	if ((s->bits ^ t->bits) & s->mask & t->mask)
		return false;
	s->bits |= t->bits;
	s->mask |= t->mask;
	if (t->lo > s->lo)
		s->lo = t->lo;
	if (t->hi < s->hi)
		s->hi = t->hi;
	return s->lo <= s->hi;
}

/*
 * The smallest x >= lo, x <= max, with (x & mask) == bits.  Past lo's
 * highest bit that disagrees with a fixed bit, x must differ from lo: at
 * the lowest bit i at or above it where lo has 0 and x may have 1; x keeps
 * lo's bits above i, and below i only the fixed ones.
 */
static bool next_fit(uint64_t lo, uint64_t mask, uint64_t bits, uint64_t max,
		     uint64_t *x)
{
	uint64_t diff = (lo ^ bits) & mask, may1, above;
	int j, i;

	if (!diff) {
		*x = lo;
		return lo <= max;
	}
	j = 63 - __builtin_clzll(diff);
	may1 = ~lo & (~mask | bits) & (~0ULL << j);
	if (!may1)
		return false;
	i = __builtin_ctzll(may1);
	above = i == 63 ? 0 : lo & (~0ULL << (i + 1));
	*x = above | (1ULL << i) | (bits & ((1ULL << i) - 1));
	return *x <= max;
}

static bool excluded(const struct rsum *r, unsigned arg, uint64_t x)
{
	for (unsigned k = 0; k < r->nne; k++)
		if (r->ne_arg[k] == arg && r->ne[k] == x)
			return true;
	return false;
}

/* A value of argument "arg" in "s" that neither rule's NE excludes. */
static bool solve(const struct argset *s, const struct rsum *a,
		  const struct rsum *b, unsigned arg, uint64_t max,
		  uint64_t *work, uint64_t *x)
{
	uint64_t lo = s->lo;

	/* each step passes one excluded value: 32 at most */
	for (;;) {
		(*work)++;
		if (!next_fit(lo, s->mask, s->bits, max, x) || *x > s->hi)
			return false;
		if (!excluded(a, arg, *x) && !excluded(b, arg, *x))
			return true;
		if (*x == max)
			return false;
		lo = *x + 1;
	}
}

/* ---- word and negated conditions: values at and beside boundaries ---- */

#define MAX_HALVES 64

static size_t add_half(uint32_t *h, size_t n, uint32_t v)
{
	for (size_t i = 0; i < n; i++)
		if (h[i] == v)
			return n;
	if (n < MAX_HALVES)
		h[n++] = v;
	return n;
}

/* The values worth trying of one condition, as a whole argument. */
static size_t cond_values(const struct sb_cond *c, uint64_t *v)
{
	uint64_t m = c->value, d = c->value2 & c->value;
	size_t n = 0;

	if ((c->op & SB_OP_MASK) == SB_OP_MASKED_EQ) {
		v[n++] = d;
		v[n++] = d | ~m;
		v[n++] = d | (~m & (~m - 1)); /* the lowest free bit clear */
		v[n++] = d ^ (m & -m);	      /* the lowest fixed bit flipped */
	} else {
		v[n++] = c->value;
		v[n++] = c->value - 1;
		v[n++] = c->value + 1;
	}
	return n;
}

static bool probe(const struct sb_rule *ra, const struct sb_rule *rb,
		  unsigned arg, unsigned bits, uint64_t max, uint64_t *work,
		  uint64_t *x)
{
	const struct sb_rule *rs[2] = {ra, rb};
	uint32_t hi[MAX_HALVES], lo[MAX_HALVES];
	size_t nh = 0, nl = 0;

	nh = add_half(hi, nh, 0);
	nl = add_half(lo, nl, 0);
	nl = add_half(lo, nl, UINT32_MAX);
	if (bits == 64)
		nh = add_half(hi, nh, UINT32_MAX);
	for (int k = 0; k < 2; k++) {
		for (unsigned i = 0; i < rs[k]->ncond; i++) {
			struct sb_cond c = sb_cond_abi(&rs[k]->cond[i], bits);
			uint64_t v[4];
			size_t n;

			if (c.arg != arg)
				continue;
			n = cond_values(&c, v);
			for (size_t j = 0; j < n; j++) {
				if (c.op & SB_OP_WORD_HI) {
					nh = add_half(hi, nh, (uint32_t)v[j]);
				} else if (c.op & SB_OP_WORD_LO) {
					nl = add_half(lo, nl, (uint32_t)v[j]);
				} else {
					nh = add_half(hi, nh,
						      (uint32_t)(v[j] >> 32));
					nl = add_half(lo, nl, (uint32_t)v[j]);
				}
			}
		}
	}
	if (bits == 32)
		nh = 1; /* an argument is its low word */
	for (size_t h = 0; h < nh; h++) {
		for (size_t l = 0; l < nl; l++) {
			uint64_t cand = ((uint64_t)hi[h] << 32 | lo[l]) & max;
			bool ok = true;

			(*work)++;
			for (int k = 0; k < 2 && ok; k++)
				for (unsigned i = 0; i < rs[k]->ncond && ok;
				     i++) {
					struct sb_cond c = sb_cond_abi(
						&rs[k]->cond[i], bits);

					if (c.arg == arg)
						ok = sb_cond_holds(&c, cand);
				}
			if (ok) {
				*x = cand;
				return true;
			}
		}
	}
	return false;
}

/* ---- rules ---- */

static void summarise(const struct sb_rule *r, unsigned bits, uint64_t max,
		      struct rsum *s)
{
	s->used = s->fuzzy = 0;
	s->never = false;
	s->nne = 0;
	for (unsigned a = 0; a < 6; a++)
		argset_init(&s->arg[a], max);
	for (unsigned i = 0; i < r->ncond && i < SB_MAX_CONDS; i++) {
		struct sb_cond c = sb_cond_abi(&r->cond[i], bits);
		uint8_t bit = (uint8_t)(1U << c.arg);

		if (c.arg > 5) {
			s->never = true;
			continue;
		}
		if (c.op & ~SB_OP_MASK) {
			s->used |= bit;
			s->fuzzy |= bit;
			continue;
		}
		if (sb_cond_always(&c, bits))
			continue;
		s->used |= bit;
		if (c.op == SB_OP_NE) {
			s->ne_arg[s->nne] = c.arg;
			s->ne[s->nne++] = c.value;
		} else if (!argset_add(&s->arg[c.arg], &c, max)) {
			s->never = true;
		}
	}
}

/* A call both rules match, within the budget: *work counts the steps. */
static bool meet(const struct sb_rule *ra, const struct rsum *a,
		 const struct sb_rule *rb, const struct rsum *b, unsigned bits,
		 uint64_t max, uint64_t *work, uint64_t args[6])
{
	unsigned used = a->used | b->used, fuzzy = a->fuzzy | b->fuzzy;
	struct argset s[6];

	if (a->never || b->never)
		return false;
	/* the bounds and fixed bits of every argument first: most pairs
	 * that do not meet fail there, before any value is looked for */
	for (unsigned left = used & ~fuzzy; left; left &= left - 1) {
		unsigned arg = (unsigned)__builtin_ctz(left);

		(*work)++;
		s[arg] = a->arg[arg];
		if (!argset_meet(&s[arg], &b->arg[arg]))
			return false;
	}
	memset(args, 0, 6 * sizeof(*args));
	for (unsigned left = used; left; left &= left - 1) {
		unsigned arg = (unsigned)__builtin_ctz(left);

		if (fuzzy & (1U << arg)) {
			if (!probe(ra, rb, arg, bits, max, work, &args[arg]))
				return false;
		} else if (!solve(&s[arg], a, b, arg, max, work, &args[arg])) {
			return false;
		}
	}
	return true;
}

/* What was solved must be what the IR means: checked where it is told. */
static bool both_match(const struct sb_rule *a, const struct sb_rule *b,
		       unsigned bits, const uint64_t args[6])
{
	return sb_rule_matches(a, bits, args) && sb_rule_matches(b, bits, args);
}

bool sb_rules_meet(const struct sb_rule *a, const struct sb_rule *b,
		   unsigned bits, uint64_t args[6])
{
	uint64_t max = bits == 32 ? UINT32_MAX : UINT64_MAX, work = 0;
	struct rsum sa, sb;

	summarise(a, bits, max, &sa);
	summarise(b, bits, max, &sb);
	return meet(a, &sa, b, &sb, bits, max, &work, args) &&
	       both_match(a, b, bits, args);
}

/* ---- one syscall ---- */

static int grow(struct analysis *an, size_t n)
{
	struct rsum *s;
	uint64_t *ba;
	size_t *g;

	if (n <= an->cap)
		return 0;
	s = realloc(an->sum, n * sizeof(*s));
	if (s)
		an->sum = s;
	ba = realloc(an->by_action, n * sizeof(*ba));
	if (ba)
		an->by_action = ba;
	g = realloc(an->group, (n + 1) * sizeof(*g));
	if (g)
		an->group = g;
	if (!s || !ba || !g)
		return -ENOMEM;
	an->cap = n;
	return 0;
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

#define KEY_INDEX(k) ((uint32_t)(k))

/*
 * Group the rules by action: an->by_action holds (action << 32 | index)
 * sorted, an->group where each action's run starts.  Returns how many
 * pairs of rules have different actions.
 */
static uint64_t group_rules(struct analysis *an,
			    const struct sb_ir_syscall *sys)
{
	uint64_t n = sys->nrules, pairs = n * (n - 1) / 2;

	for (size_t i = 0; i < sys->nrules; i++)
		an->by_action[i] = (uint64_t)sys->rules[i].action << 32 | i;
	qsort(an->by_action, sys->nrules, sizeof(*an->by_action), cmp_u64);
	an->ngroup = 0;
	for (size_t i = 0; i < sys->nrules; i++)
		if (!i || an->by_action[i] >> 32 != an->by_action[i - 1] >> 32)
			an->group[an->ngroup++] = i;
	an->group[an->ngroup] = sys->nrules;
	for (size_t g = 0; g < an->ngroup; g++) {
		uint64_t c = an->group[g + 1] - an->group[g];

		pairs -= c * (c - 1) / 2;
	}
	return pairs;
}

/* The first entry of group "g" whose rule index is above "i". */
static size_t first_after(const struct analysis *an, size_t g, size_t i)
{
	size_t lo = an->group[g], hi = an->group[g + 1];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (KEY_INDEX(an->by_action[mid]) <= i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void spend(uint64_t *budget, uint64_t work)
{
	*budget = work < *budget ? *budget - work : 0;
}

/* The rule that decides the call "args": the compiler's first match. */
static int decider(struct analysis *an, const struct sb_ir_syscall *sys,
		   const uint64_t args[6], struct sb_overlap *o)
{
	if (!an->have_order) {
		struct sb_norm_rule *no =
			realloc(an->order, sys->nrules * sizeof(*no));

		if (!no)
			return -ENOMEM;
		an->order = no;
		an->norder = sb_order_rules(sys, an->bits, an->order);
		an->have_order = true;
	}
	for (size_t k = 0; k < an->norder; k++) {
		const struct sb_rule *r = &sys->rules[an->order[k].orig];

		spend(an->budget, 1);
		if (sb_rule_matches(r, an->bits, args)) {
			o->winner = (uint32_t)an->order[k].orig;
			o->how = an->ordered		   ? SB_DECIDED_IN_ORDER
				 : an->order[k].ncond == 0 ? SB_DECIDED_UNCOND
							   : SB_DECIDED_TREE;
			return 0;
		}
	}
	/* both rules match "args": the order holds one that does */
	o->winner = UINT32_MAX;
	o->how = SB_DECIDED_TREE;
	return 0;
}

static int record(struct analysis *an, uint32_t ai, uint32_t si, uint32_t a,
		  uint32_t b, const uint64_t args[6])
{
	struct secbpf_policy *pol = an->pol;
	const struct sb_ir_syscall *sys = &pol->arch[ai].sys[si];
	struct sb_overlap *o;

	if (pol->noverlap < SB_IR_MAX_OVERLAPS &&
	    !both_match(&sys->rules[a], &sys->rules[b], an->bits, args))
		return 0; /* never: the tests hold the two together */
	pol->overlaps_found++;
	if (pol->noverlap == SB_IR_MAX_OVERLAPS)
		return 0;
	if (!(pol->noverlap & (pol->noverlap - 1))) {
		/* room doubles at 0, 1, 2, 4, ... entries */
		size_t cap = pol->noverlap ? 2 * pol->noverlap : 1;
		struct sb_overlap *no;

		if (cap > SB_IR_MAX_OVERLAPS)
			cap = SB_IR_MAX_OVERLAPS;
		no = realloc(pol->overlap, cap * sizeof(*no));
		if (!no)
			return -ENOMEM;
		pol->overlap = no;
	}
	o = &pol->overlap[pol->noverlap++];
	o->arch = ai;
	o->sys = si;
	o->a = a;
	o->b = b;
	memcpy(o->args, args, sizeof(o->args));
	return decider(an, sys, args, o);
}

/* Where the budget ran out (or the list filled up) first. */
struct stop {
	bool stopped;
	uint32_t arch, sys;
};

static bool same_rules(const struct sb_ir_syscall *x,
		       const struct sb_ir_syscall *y)
{
	if (x->nrules != y->nrules || x->ordered != y->ordered ||
	    strcmp(x->name ? x->name : "", y->name ? y->name : ""))
		return false;
	for (size_t i = 0; i < x->nrules; i++) {
		const struct sb_rule *a = &x->rules[i], *b = &y->rules[i];

		if (a->action != b->action || a->origin != b->origin ||
		    a->ncond != b->ncond)
			return false;
		for (unsigned c = 0; c < a->ncond && c < SB_MAX_CONDS; c++)
			if (a->cond[c].arg != b->cond[c].arg ||
			    a->cond[c].op != b->cond[c].op ||
			    a->cond[c].value != b->cond[c].value ||
			    a->cond[c].value2 != b->cond[c].value2)
				return false;
	}
	return true;
}

/*
 * Whether an earlier arch of the same width has this syscall with the
 * same rules (x32 beside x86_64): it had the same pairs, found already.
 */
static bool seen_before(const struct secbpf_policy *pol, uint32_t ai,
			const struct sb_ir_syscall *sys)
{
	for (uint32_t aj = 0; aj < ai; aj++) {
		const struct sb_ir_arch *ja = &pol->arch[aj];

		if (ja->arch->bits != pol->arch[ai].arch->bits)
			continue;
		for (size_t k = 0; k < ja->nsys; k++)
			if (same_rules(&ja->sys[k], sys))
				return true;
	}
	return false;
}

static int cmp_pair(const void *x, const void *y)
{
	const struct sb_overlap *a = x, *b = y;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

static int check_syscall(struct analysis *an, uint32_t ai, uint32_t si,
			 struct stop *stop)
{
	const struct sb_ir_syscall *sys = &an->pol->arch[ai].sys[si];
	size_t first = an->pol->noverlap;
	uint64_t diff, done = 0;
	bool differ = false;
	int rc = 0;

	for (size_t i = 1; i < sys->nrules && !differ; i++)
		differ = sys->rules[i].action != sys->rules[0].action;
	/* rules that all agree cannot conflict; x32 has x86_64's pairs */
	if (!differ || seen_before(an->pol, ai, sys))
		return 0;
	rc = grow(an, sys->nrules);
	if (rc)
		return rc;
	diff = group_rules(an, sys);
	spend(an->budget, sys->nrules);
	if (!*an->budget || an->pol->noverlap == SB_IR_MAX_OVERLAPS)
		goto out_of_budget;
	for (size_t i = 0; i < sys->nrules; i++)
		summarise(&sys->rules[i], an->bits, an->max, &an->sum[i]);
	an->have_order = false;
	an->ordered = sb_rules_ordered(sys);
	for (size_t i = 0; i < sys->nrules; i++) {
		uint32_t act = sys->rules[i].action;

		for (size_t g = 0; g < an->ngroup; g++) {
			size_t end = an->group[g + 1];

			if (an->by_action[an->group[g]] >> 32 == act)
				continue;
			for (size_t k = first_after(an, g, i); k < end; k++) {
				size_t j = KEY_INDEX(an->by_action[k]);
				uint64_t args[6], work = 1;

				if (!*an->budget ||
				    an->pol->noverlap == SB_IR_MAX_OVERLAPS)
					goto out_of_budget;
				done++;
				if (meet(&sys->rules[i], &an->sum[i],
					 &sys->rules[j], &an->sum[j], an->bits,
					 an->max, &work, args))
					rc = record(an, ai, si, (uint32_t)i,
						    (uint32_t)j, args);
				spend(an->budget, work);
				if (rc)
					return rc;
			}
		}
	}
	goto out;
out_of_budget:
	an->pol->overlap_unchecked += diff - done;
	if (!stop->stopped)
		*stop = (struct stop){true, ai, si};
out:
	/* found by action, listed in rule order (the list may not exist
	 * yet: no qsort of NULL) */
	if (an->pol->noverlap > first)
		qsort(&an->pol->overlap[first], an->pol->noverlap - first,
		      sizeof(an->pol->overlap[0]), cmp_pair);
	return 0;
}

/* ---- warnings ---- */

static const char *rule_name(const char *const *where, size_t nwhere,
			     uint32_t origin)
{
	return origin < nwhere && where[origin] ? where[origin] : "a rule";
}

/* "personality(0x1002)": the call, up to the last argument either rule
 * tests, or "every call" when neither tests one. */
static void format_call(const struct sb_ir_syscall *sys,
			const struct sb_rule *a, const struct sb_rule *b,
			const uint64_t args[6], char *buf, size_t len)
{
	int last = -1;
	size_t off;

	for (unsigned i = 0; i < a->ncond; i++)
		if ((int)a->cond[i].arg > last)
			last = a->cond[i].arg;
	for (unsigned i = 0; i < b->ncond; i++)
		if ((int)b->cond[i].arg > last)
			last = b->cond[i].arg;
	if (last < 0 || last > 5) {
		snprintf(buf, len, "every call");
		return;
	}
	off = (size_t)snprintf(buf, len, "%s(", sys->name ? sys->name : "?");
	for (int i = 0; i <= last && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%#" PRIx64,
					i ? ", " : "", args[i]);
	if (off < len)
		snprintf(buf + off, len - off, ")");
}

/* Why the winner wins, in the compiler's terms. */
static const char *why(const struct sb_overlap *o)
{
	switch (o->how) {
	case SB_DECIDED_IN_ORDER:
		return "the first rule that matches decides";
	case SB_DECIDED_UNCOND:
		return "the first unconditional rule wins";
	default:
		return "libseccomp's rule order decides";
	}
}

static uint64_t key_hash(const struct secbpf_policy *pol,
			 const struct sb_overlap *o)
{
	const struct sb_ir_syscall *sys = &pol->arch[o->arch].sys[o->sys];
	const char *name = sys->name ? sys->name : "";
	uint64_t h = 1469598103934665603ULL;

	for (const char *c = name; *c; c++)
		h = (h ^ (unsigned char)*c) * 1099511628211ULL;
	h = (h ^ sys->rules[o->a].origin) * 1099511628211ULL;
	h = (h ^ sys->rules[o->b].origin) * 1099511628211ULL;
	return h;
}

static bool same_key(const struct secbpf_policy *pol,
		     const struct sb_overlap *x, const struct sb_overlap *y)
{
	const struct sb_ir_syscall *sx = &pol->arch[x->arch].sys[x->sys],
				   *sy = &pol->arch[y->arch].sys[y->sys];

	return sx->rules[x->a].origin == sy->rules[y->a].origin &&
	       sx->rules[x->b].origin == sy->rules[y->b].origin &&
	       !strcmp(sx->name ? sx->name : "", sy->name ? sy->name : "");
}

/* One warning per pair of rule origins over all arches, for the pairs
 * listed, in the order found. */
static int warn_pairs(struct secbpf_policy *pol, const char *const *where,
		      size_t nwhere)
{
	size_t cap = 16;
	uint32_t *seen;
	int rc = 0;

	while (cap < 2 * pol->noverlap)
		cap *= 2;
	seen = malloc(cap * sizeof(*seen));
	if (!seen)
		return -ENOMEM;
	memset(seen, 0xff, cap * sizeof(*seen));
	for (size_t i = 0; i < pol->noverlap && !rc; i++) {
		const struct sb_overlap *o = &pol->overlap[i];
		const struct sb_ir_arch *ia = &pol->arch[o->arch];
		const struct sb_ir_syscall *sys = &ia->sys[o->sys];
		const struct sb_rule *a = &sys->rules[o->a],
				     *b = &sys->rules[o->b], *w = NULL;
		const char *pa = rule_name(where, nwhere, a->origin);
		char call[160], act_a[32], act_b[32], act_w[32];
		size_t h = key_hash(pol, o) & (cap - 1);
		bool dup = false;

		for (; seen[h] != UINT32_MAX; h = (h + 1) & (cap - 1))
			if (same_key(pol, &pol->overlap[seen[h]], o)) {
				dup = true;
				break;
			}
		if (dup)
			continue;
		seen[h] = (uint32_t)i;
		if (o->winner < sys->nrules)
			w = &sys->rules[o->winner];
		format_call(sys, a, b, o->args, call, sizeof(call));
		rc = sb_ir_warn(
			pol, SB_WARN_OVERLAP, pa[0] == '/' ? pa : NULL,
			"%s: rules for '%s' overlap with different actions "
			"(%s, %s in %s): %s matches both and gets %s (%s)",
			pa, sys->name ? sys->name : "?",
			secbpf_action_str(a->action, act_a, sizeof(act_a)),
			secbpf_action_str(b->action, act_b, sizeof(act_b)),
			rule_name(where, nwhere, b->origin), call,
			w ? secbpf_action_str(w->action, act_w, sizeof(act_w))
			  : "?",
			why(o));
	}
	free(seen);
	return rc;
}

int sb_ir_overlaps(struct secbpf_policy *pol, uint64_t *budget,
		   const char *const *where, size_t nwhere)
{
	struct analysis an = {.pol = pol, .budget = budget};
	struct stop stop = {0};
	int rc = 0;

	for (uint32_t ai = 0; ai < pol->narch && !rc; ai++) {
		const struct sb_ir_arch *ia = &pol->arch[ai];

		an.bits = ia->arch->bits;
		an.max = an.bits == 32 ? UINT32_MAX : UINT64_MAX;
		for (uint32_t si = 0; si < ia->nsys && !rc; si++) {
			/* most syscalls have one rule: no call for them */
			if (ia->sys[si].nrules < 2)
				continue;
			rc = check_syscall(&an, ai, si, &stop);
		}
	}
	free(an.sum);
	free(an.by_action);
	free(an.group);
	free(an.order);
	if (rc || !where)
		return rc;
	rc = warn_pairs(pol, where, nwhere);
	if (!rc && pol->overlap_unchecked) {
		const struct sb_ir_arch *ia = &pol->arch[stop.arch];
		const char *name = ia->sys[stop.sys].name;

		rc = sb_ir_warn(pol, SB_WARN_OVERLAP_UNCHECKED, NULL,
				"too many rules to look for overlaps in all "
				"of them: %" PRIu64 " pairs of rules with "
				"different actions were not compared, from "
				"'%s' on %s on",
				pol->overlap_unchecked, name ? name : "?",
				ia->arch->name);
	}
	return rc;
}
