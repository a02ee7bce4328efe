// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What a condition means, on either width of ABI, and the normalisation of
 * rules that every consumer of the IR relies on.  The compiler writes the
 * same comparisons as BPF (src/bpf/compile_args.c); the tests hold the two
 * together by running compiled filters on the calls this file decides.
 */
#include <string.h>

#include "ir/ir.h"

bool sb_cond_holds(const struct sb_cond *c, uint64_t x)
{
	uint64_t v = c->value, v2 = c->value2;
	bool r;

	if (c->op & SB_OP_WORD_HI) {
		x >>= 32;
		v &= UINT32_MAX;
		v2 &= UINT32_MAX;
	} else if (c->op & SB_OP_WORD_LO) {
		x &= UINT32_MAX;
		v &= UINT32_MAX;
		v2 &= UINT32_MAX;
	}
	switch (c->op & SB_OP_MASK) {
	case SB_OP_NE:
		r = x != v;
		break;
	case SB_OP_LT:
		r = x < v;
		break;
	case SB_OP_LE:
		r = x <= v;
		break;
	case SB_OP_EQ:
		r = x == v;
		break;
	case SB_OP_GE:
		r = x >= v;
		break;
	case SB_OP_GT:
		r = x > v;
		break;
	case SB_OP_MASKED_EQ:
		r = (x & v) == (v2 & v);
		break;
	default:
		return false;
	}
	return c->op & SB_OP_NOT ? !r : r;
}

struct sb_cond sb_cond_abi(const struct sb_cond *c, unsigned bits)
{
	struct sb_cond n = *c;

	if (bits == 32) {
		/* libseccomp keeps the low word only */
		n.value &= UINT32_MAX;
		n.value2 &= UINT32_MAX;
	}
	return n;
}

bool sb_cond_always(const struct sb_cond *c, unsigned bits)
{
	uint64_t max = bits == 32 ? UINT32_MAX : UINT64_MAX;

	return c->op == SB_OP_MASKED_EQ && !(c->value & max);
}

bool sb_rule_matches(const struct sb_rule *r, unsigned bits,
		     const uint64_t args[6])
{
	uint64_t max = bits == 32 ? UINT32_MAX : UINT64_MAX;

	for (unsigned i = 0; i < r->ncond && i < SB_MAX_CONDS; i++) {
		struct sb_cond c = sb_cond_abi(&r->cond[i], bits);

		if (c.arg > 5 || !sb_cond_holds(&c, args[c.arg] & max))
			return false;
	}
	return true;
}

int sb_rule_repeated_arg(const struct sb_rule *r)
{
	unsigned seen = 0, twice = 0;

	for (unsigned i = 0; i < r->ncond && i < SB_MAX_CONDS; i++) {
		unsigned bit = 1U << (r->cond[i].arg & 7);

		twice |= seen & bit;
		seen |= bit;
	}
	for (int arg = 0; arg < 8; arg++)
		if (twice & (1U << arg))
			return arg;
	return -1;
}

static bool same_cond(const struct sb_cond *a, const struct sb_cond *b)
{
	return a->arg == b->arg && a->op == b->op && a->value == b->value &&
	       a->value2 == b->value2;
}

size_t sb_rule_split(const struct sb_rule *r, struct sb_rule *out)
{
	unsigned nc = r->ncond < SB_MAX_CONDS ? r->ncond : SB_MAX_CONDS;
	size_t n = 0;

	if (sb_rule_repeated_arg(r) < 0) {
		out[0] = *r;
		return 1;
	}
	for (unsigned i = 0; i < nc; i++) {
		bool seen = false;

		for (size_t k = 0; k < n && !seen; k++)
			seen = same_cond(&out[k].cond[0], &r->cond[i]);
		if (seen)
			continue;
		/* the padding too: IR rules compare as bytes */
		memset(&out[n], 0, sizeof(out[n]));
		out[n].action = r->action;
		out[n].origin = r->origin;
		out[n].ncond = 1;
		out[n].cond[0] = r->cond[i];
		n++;
	}
	return n;
}
