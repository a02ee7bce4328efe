// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Argument comparisons: how one condition on a syscall argument (EQ, NE,
 * GT, GE, LT, LE, MASKED_EQ on a 32- or 64-bit ABI, or on one word of it,
 * maybe negated) becomes 32-bit loads and jumps, and how one syscall's
 * rules become a chain of them where the first rule whose conditions all
 * hold decides.  What a condition means is the IR's (src/ir/cond.c); the
 * order of the rules is src/ir/order.c's.
 */
#include "codegen.h"

#define OP_JEQ (BPF_JMP | BPF_JEQ | BPF_K)
#define OP_JGT (BPF_JMP | BPF_JGT | BPF_K)
#define OP_JGE (BPF_JMP | BPF_JGE | BPF_K)
#define OP_JSET (BPF_JMP | BPF_JSET | BPF_K)

/* Offsets of the two halves of argument "arg" in struct seccomp_data. */
static int lo_off(bool big_endian, unsigned arg)
{
	return SB_OFF_ARGS + 8 * (int)arg + (big_endian ? 4 : 0);
}

static int hi_off(bool big_endian, unsigned arg)
{
	return SB_OFF_ARGS + 8 * (int)arg + (big_endian ? 0 : 4);
}

/* Where to go for "l" when the word at "off" is known to equal "v". */
static struct label known_eq(const struct label *l, int off, uint32_t v)
{
	struct label r = *l;

	if (l->eq_valid && l->eq_off == off && l->eq_val == v) {
		r = (struct label){.pos = l->eq_t.pos,
				   .ld_off = l->eq_t.ld_off,
				   .and_mask = l->eq_t.and_mask,
				   .after_ld = l->eq_t.after_ld,
				   .after_and = l->eq_t.after_and};
	}
	return r;
}

/* (word & m) == d on one 32-bit word */
static struct label masked_word(struct emitter *e, int off, uint32_t m,
				uint32_t d, const struct label *t,
				const struct label *f)
{
	d &= m;
	if (m == 0)
		return *t;
	if ((m & (m - 1)) == 0) /* one bit: JSET needs no AND */
		return d ? sb_emit_test1(e, off, UINT32_MAX, OP_JSET, m, t, f)
			 : sb_emit_test1(e, off, UINT32_MAX, OP_JSET, m, f, t);
	if (m == UINT32_MAX)
		return sb_emit_test1(e, off, UINT32_MAX, OP_JEQ, d, t, f);
	return sb_emit_test1(e, off, m, OP_JEQ, d, t, f);
}

/* 64-bit "x > v" (or >= with ge) where x = hi:lo */
static struct label greater64(struct emitter *e, unsigned arg, uint64_t v,
			      bool ge, const struct label *t,
			      const struct label *f)
{
	bool be = sb_emit_big_endian(e);
	uint32_t vh = (uint32_t)(v >> 32), vl = (uint32_t)v;
	int ho = hi_off(be, arg);
	struct label low;

	if (ge && vl == 0) {
		/* x >= vh:0 is hi >= vh */
		if (vh == 0)
			return *t;
		return sb_emit_test1(e, ho, UINT32_MAX, OP_JGE, vh, t, f);
	}
	if (ge)
		low = sb_emit_test1(e, lo_off(be, arg), UINT32_MAX, OP_JGE, vl,
				    t, f);
	else if (vl == UINT32_MAX)
		low = *f; /* lo > 0xffffffff never */
	else
		low = sb_emit_test1(e, lo_off(be, arg), UINT32_MAX, OP_JGT, vl,
				    t, f);
	if (vh == 0) /* not hi > 0 means hi == 0 */
		return sb_emit_test1(e, ho, UINT32_MAX, OP_JGT, 0, t, &low);
	if (vh == UINT32_MAX) /* hi > max never */
		return sb_emit_test1(e, ho, UINT32_MAX, OP_JEQ, vh, &low, f);
	return sb_emit_test2(e, ho, OP_JGT, vh, t, OP_JEQ, vh, &low, f);
}

/* One comparison on the 32-bit word at "off". */
static struct label word_cond(struct emitter *e, int off, unsigned op,
			      uint32_t v, uint32_t v2, const struct label *t,
			      const struct label *f)
{
	switch (op) {
	case SB_OP_EQ:
		return sb_emit_test1(e, off, UINT32_MAX, OP_JEQ, v, t, f);
	case SB_OP_NE:
		return sb_emit_test1(e, off, UINT32_MAX, OP_JEQ, v, f, t);
	case SB_OP_GT:
		return v == UINT32_MAX ? *f
				       : sb_emit_test1(e, off, UINT32_MAX,
						       OP_JGT, v, t, f);
	case SB_OP_GE:
		return v == 0 ? *t
			      : sb_emit_test1(e, off, UINT32_MAX, OP_JGE, v, t,
					      f);
	case SB_OP_LT:
		return v == 0 ? *f
			      : sb_emit_test1(e, off, UINT32_MAX, OP_JGE, v, f,
					      t);
	case SB_OP_LE:
		return v == UINT32_MAX ? *t
				       : sb_emit_test1(e, off, UINT32_MAX,
						       OP_JGT, v, f, t);
	default:
		return masked_word(e, off, v, v2, t, f);
	}
}

/* A condition on a 32-bit ABI: only the low word counts. */
static struct label cond32(struct emitter *e, const struct sb_cond *cd,
			   const struct label *t, const struct label *f)
{
	return word_cond(e, lo_off(sb_emit_big_endian(e), cd->arg),
			 cd->op & SB_OP_MASK, (uint32_t)cd->value,
			 (uint32_t)cd->value2, t, f);
}

/* A condition on a 64-bit ABI: both words, the high one first. */
static struct label cond64(struct emitter *e, const struct sb_cond *cd,
			   const struct label *t, const struct label *f)
{
	bool be = sb_emit_big_endian(e);
	int lo = lo_off(be, cd->arg), hi = hi_off(be, cd->arg);

	switch (cd->op & SB_OP_MASK) {
	case SB_OP_EQ:
	case SB_OP_NE: {
		bool eq = (cd->op & SB_OP_MASK) == SB_OP_EQ;
		const struct label *yes = eq ? t : f;
		const struct label *no = eq ? f : t;
		uint32_t vh = (uint32_t)(cd->value >> 32);
		/* past the high-word check, the high word is known */
		struct label yes2 = known_eq(yes, hi, vh);
		struct label no2 = known_eq(no, hi, vh);
		struct label low = sb_emit_test1(e, lo, UINT32_MAX, OP_JEQ,
						 (uint32_t)cd->value, &yes2,
						 &no2);

		return sb_emit_test1(e, hi, UINT32_MAX, OP_JEQ,
				     (uint32_t)(cd->value >> 32), &low, no);
	}
	case SB_OP_GT:
		return greater64(e, cd->arg, cd->value, false, t, f);
	case SB_OP_GE:
		return greater64(e, cd->arg, cd->value, true, t, f);
	case SB_OP_LT:
		return greater64(e, cd->arg, cd->value, true, f, t);
	case SB_OP_LE:
		return greater64(e, cd->arg, cd->value, false, f, t);
	default: {
		struct label low = masked_word(e, lo, (uint32_t)cd->value,
					       (uint32_t)cd->value2, t, f);

		return masked_word(e, hi, (uint32_t)(cd->value >> 32),
				   (uint32_t)(cd->value2 >> 32), &low, f);
	}
	}
}

/*
 * One condition: on one word where it says so (libseccomp's tree nodes,
 * laid out by the builder), else on the ABI's width; negated ones swap
 * their targets.
 */
static struct label emit_cond(struct emitter *e, unsigned bits,
			      const struct sb_cond *cd, const struct label *t,
			      const struct label *f)
{
	bool be = sb_emit_big_endian(e);

	if (cd->op & SB_OP_NOT) {
		const struct label *x = t;

		t = f;
		f = x;
	}
	if (cd->op & (SB_OP_WORD_LO | SB_OP_WORD_HI))
		return word_cond(e,
				 cd->op & SB_OP_WORD_HI ? hi_off(be, cd->arg)
							: lo_off(be, cd->arg),
				 cd->op & SB_OP_MASK, (uint32_t)cd->value,
				 (uint32_t)cd->value2, t, f);
	return bits == 32 ? cond32(e, cd, t, f) : cond64(e, cd, t, f);
}

static bool same_cond(const struct sb_cond *a, const struct sb_cond *b)
{
	return a->arg == b->arg && a->op == b->op && a->value == b->value &&
	       a->value2 == b->value2;
}

/* Whether "b" is "a" negated (the other branch of the same test). */
static bool negates(const struct sb_cond *a, const struct sb_cond *b)
{
	return a->arg == b->arg && (a->op ^ b->op) == SB_OP_NOT &&
	       a->value == b->value && a->value2 == b->value2;
}

/*
 * Rules r[0..n) from condition "depth" on, first match wins, "fail" when
 * none matches.  Consecutive rules that share their next condition test
 * it once: all of them need it, so when it fails none can match and the
 * rules after them are next; and when it held but they failed later, the
 * rules right after that need it negated are skipped too.  Rules laid out
 * from a tree (paths in depth-first order, a node's true branch before
 * its false one) get the tree's shape back this way.
 */
static struct label emit_shared(struct emitter *e, unsigned bits,
				const struct sb_norm_rule *r, size_t n,
				unsigned depth, struct label fail)
{
	struct label next = fail, after_prev = fail;
	const struct sb_cond *prev = NULL; /* first test of the group after */

	for (size_t i = n; i-- > 0;) {
		const struct sb_cond *cd;
		struct label inner, start;
		size_t j = i;

		if (r[i].ncond <= depth) {
			next = plain_label(sb_emit_ret(e, r[i].action));
			prev = NULL;
			continue;
		}
		cd = &r[i].cond[depth];
		while (j > 0 && r[j - 1].ncond > depth &&
		       same_cond(&r[j - 1].cond[depth], cd))
			j--;
		inner = emit_shared(e, bits, &r[j], i - j + 1, depth + 1,
				    prev && negates(cd, prev) ? after_prev
							      : next);
		start = emit_cond(e, bits, cd, &inner, &next);
		after_prev = next;
		prev = cd;
		next = start;
		i = j;
	}
	return next;
}

struct label sb_emit_rules(struct emitter *e, unsigned bits,
			   const struct sb_norm_rule *rules, size_t n,
			   uint32_t def, bool ordered)
{
	struct label next = plain_label(sb_emit_ret(e, def));

	if (ordered)
		return emit_shared(e, bits, rules, n, 0, next);
	/* backwards: a rule's conditions fall through to its RET, and each
	 * failed condition goes on to the next rule */
	for (size_t i = n; i-- > 0;) {
		struct label l = plain_label(sb_emit_ret(e, rules[i].action));

		for (unsigned j = rules[i].ncond; j-- > 0;)
			l = emit_cond(e, bits, &rules[i].cond[j], &l, &next);
		next = l;
	}
	return next;
}
