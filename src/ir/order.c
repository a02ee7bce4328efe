// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The order in which rules of one syscall decide, as libseccomp decides it.
 *
 * libseccomp turns each rule into a chain of 32-bit comparisons (argument 0
 * first; the high word before the low word on 64-bit ABIs) and merges the
 * chains of one syscall into a tree.  Siblings in the tree are kept sorted:
 * higher argument index first, high word before low word, then by operator
 * class (EQ/NE/MASKED_EQ, then LT/LE, then GT/GE), then by value (largest
 * first, smallest first for LT/LE); equal nodes are shared, and a rule that
 * is a prefix of another (fewer conditions on the same path) wins.  The BPF
 * it generates tries siblings in that order and falls back to the next one
 * when a branch fails, so the tree behaves as a first-match list of the
 * rules sorted by that key.  We compute that order here: the compiler
 * emits the list (src/bpf), and the overlap analysis asks it which rule
 * decides a call (overlap.c).
 */
#include <stdlib.h>
#include <string.h>

#include "ir/ir.h"

/* One 32-bit comparison node of libseccomp's tree, as far as ordering and
 * merging go. */
struct node_key {
	unsigned argprio; /* arg * 2 + (high word) */
	unsigned opprio;  /* 3: EQ/NE/MASKED_EQ, 2: LT/LE, 1: GT/GE */
	unsigned op;	  /* operator after rewriting NE->EQ etc. */
	uint32_t datum;
	uint32_t mask;
};

static unsigned op_prio(unsigned op)
{
	switch (op) {
	case SB_OP_MASKED_EQ:
	case SB_OP_EQ:
	case SB_OP_NE:
		return 3;
	case SB_OP_LE:
	case SB_OP_LT:
		return 2;
	default:
		return 1;
	}
}

static size_t cond_nodes(const struct sb_cond *c, unsigned bits,
			 struct node_key out[2])
{
	bool masked = c->op == SB_OP_MASKED_EQ;
	uint64_t mask = masked ? c->value : UINT64_MAX;
	uint64_t datum = (masked ? c->value2 : c->value) & mask;
	unsigned lo_op, hi_op;

	switch (c->op) {
	case SB_OP_EQ:
	case SB_OP_NE:
		lo_op = hi_op = SB_OP_EQ;
		break;
	case SB_OP_MASKED_EQ:
		lo_op = hi_op = SB_OP_MASKED_EQ;
		break;
	case SB_OP_GT:
	case SB_OP_LE:
		hi_op = SB_OP_GT;
		lo_op = SB_OP_GT;
		break;
	default: /* GE, LT */
		hi_op = SB_OP_GT;
		lo_op = SB_OP_GE;
		break;
	}
	if (bits == 32) {
		out[0] = (struct node_key){c->arg * 2u, op_prio(c->op), lo_op,
					   (uint32_t)datum, (uint32_t)mask};
		return 1;
	}
	out[0] = (struct node_key){c->arg * 2u + 1, op_prio(c->op), hi_op,
				   (uint32_t)(datum >> 32),
				   (uint32_t)(mask >> 32)};
	out[1] = (struct node_key){c->arg * 2u, op_prio(c->op), lo_op,
				   (uint32_t)datum, (uint32_t)mask};
	return 2;
}

static bool node_merges(const struct node_key *a, const struct node_key *b)
{
	return a->argprio == b->argprio && a->op == b->op &&
	       a->datum == b->datum && a->mask == b->mask;
}

/* True if libseccomp tries node "a" before sibling "b". */
static bool node_before(const struct node_key *a, const struct node_key *b)
{
	if (a->argprio != b->argprio)
		return a->argprio > b->argprio;
	if (a->opprio != b->opprio)
		return a->opprio > b->opprio;
	if (a->opprio == 2)
		return a->datum < b->datum;
	return a->datum > b->datum;
}

/*
 * The nodes of a rule in the order they decide its place.  On 64-bit ABIs
 * a range check (GT/GE/LT/LE) or NE leads from its high-word node straight
 * to the next condition when the high word settles it, so rules whose
 * high-word nodes merge also share the level of their next conditions:
 * there, the next conditions decide the order, and the low-word nodes only
 * break ties (they go last).
 */
static size_t rule_nodes(const struct sb_norm_rule *r, unsigned bits,
			 struct node_key *out)
{
	struct node_key deferred[SB_MAX_CONDS];
	size_t n = 0, nd = 0;

	for (unsigned i = 0; i < r->ncond; i++) {
		struct node_key k[2];
		size_t m = cond_nodes(&r->cond[i], bits, k);

		out[n++] = k[0];
		if (m < 2)
			continue;
		if (r->cond[i].op == SB_OP_EQ ||
		    r->cond[i].op == SB_OP_MASKED_EQ)
			out[n++] = k[1];
		else
			deferred[nd++] = k[1];
	}
	for (size_t i = 0; i < nd; i++)
		out[n++] = deferred[i];
	return n;
}

/*
 * libseccomp's tree for one syscall, reduced to what decides the order: a
 * trie of node keys.  A node keeps the key of the rule that created it
 * (libseccomp keeps the first node and merges later equal ones into it),
 * children are kept in libseccomp's sibling order, and rules that end at a
 * node come before anything below it (a shorter rule shadows longer ones).
 */
struct trie {
	struct node_key key;
	int child; /* first child, -1 */
	int next;  /* next sibling, -1 */
	int rules; /* first rule ending here, -1 (chained via rnext) */
	int rules_tail;
};

struct trie_build {
	struct trie *t;
	size_t n, cap;
	int *rnext; /* per rule: next rule ending at the same node */
};

static int trie_node(struct trie_build *b, const struct node_key *k)
{
	if (b->n == b->cap)
		return -1;
	b->t[b->n] = (struct trie){*k, -1, -1, -1, -1};
	return (int)b->n++;
}

/* Find or add the child of "*head" for key "k"; -1 when out of space. */
static int trie_child(struct trie_build *b, int *head, const struct node_key *k)
{
	int *link = head, nn;

	for (int c = *head; c >= 0; c = b->t[c].next)
		if (node_merges(&b->t[c].key, k))
			return c;
	/* before the first sibling this node is tried before */
	while (*link >= 0 && !node_before(k, &b->t[*link].key))
		link = &b->t[*link].next;
	nn = trie_node(b, k);
	if (nn < 0)
		return -1;
	b->t[nn].next = *link;
	*link = nn;
	return nn;
}

static size_t trie_walk(const struct trie_build *b, int node, int *order,
			size_t n)
{
	for (int c = node; c >= 0; c = b->t[c].next) {
		for (int r = b->t[c].rules; r >= 0; r = b->rnext[r])
			order[n++] = r;
		n = trie_walk(b, b->t[c].child, order, n);
	}
	return n;
}

static int cond_arg_cmp(const void *a, const void *b)
{
	const struct sb_cond *x = a, *y = b;

	return (int)x->arg - (int)y->arg;
}

/* Rules that decide in their own order: word or negated conditions say
 * the caller laid them out (libseccomp's tree, node by node). */
bool sb_rules_ordered(const struct sb_ir_syscall *sys)
{
	if (sys->ordered)
		return true;
	for (size_t i = 0; i < sys->nrules; i++)
		for (unsigned j = 0; j < sys->rules[i].ncond; j++)
			if (sys->rules[i].cond[j].op & ~SB_OP_MASK)
				return true;
	return false;
}

size_t sb_order_rules(const struct sb_ir_syscall *sys, unsigned bits,
		      struct sb_norm_rule *out)
{
	struct trie_build b = {0};
	int root = -1, *order = NULL;
	size_t n = 0;

	if (sb_rules_ordered(sys)) {
		/* first match, as given; the emitter narrows 32-bit values */
		for (size_t i = 0; i < sys->nrules; i++) {
			const struct sb_rule *r = &sys->rules[i];
			unsigned nc = r->ncond < SB_MAX_CONDS ? r->ncond
							      : SB_MAX_CONDS;

			out[i].action = r->action;
			out[i].orig = i;
			out[i].ncond = nc;
			memcpy(out[i].cond, r->cond, nc * sizeof(*r->cond));
		}
		return sys->nrules;
	}

	for (size_t i = 0; i < sys->nrules; i++) {
		const struct sb_rule *r = &sys->rules[i];
		struct sb_norm_rule nr;

		/* no need to clear the 16 conditions: ncond says how many */
		nr.action = r->action;
		nr.orig = i;
		nr.ncond = 0;

		for (unsigned j = 0; j < r->ncond && j < SB_MAX_CONDS; j++) {
			struct sb_cond c = sb_cond_abi(&r->cond[j], bits);

			if (sb_cond_always(&c, bits))
				continue; /* no instructions: always true */
			nr.cond[nr.ncond++] = c;
		}
		/* stable: several conditions on one argument keep their
		 * order */
		for (unsigned a = 1; a < nr.ncond; a++)
			for (unsigned k = a;
			     k > 0 &&
			     cond_arg_cmp(&nr.cond[k - 1], &nr.cond[k]) > 0;
			     k--) {
				struct sb_cond t = nr.cond[k];

				nr.cond[k] = nr.cond[k - 1];
				nr.cond[k - 1] = t;
			}
		if (nr.ncond == 0) {
			/* the first unconditional rule beats everything */
			out[0] = nr;
			return 1;
		}
		out[n++] = nr;
	}
	if (n < 2)
		return n;
	/* build the trie; on allocation failure keep profile order.  Each
	 * array is written before it is read (trie_node fills a node,
	 * rnext[i] is set before rule i is chained): nothing to zero */
	b.cap = n * SB_MAX_CONDS * 2 + 1;
	b.t = malloc(b.cap * sizeof(*b.t));
	b.rnext = malloc((n + 1) * sizeof(*b.rnext));
	order = malloc((n + 1) * sizeof(*order));
	if (b.t && b.rnext && order) {
		struct sb_norm_rule *copy = malloc((n + 1) * sizeof(*copy));
		bool ok = copy != NULL;

		for (size_t i = 0; i < n && ok; i++) {
			struct node_key k[SB_MAX_CONDS * 2];
			size_t nk = rule_nodes(&out[i], bits, k);
			int *head = &root, node = -1;

			for (size_t j = 0; j < nk && ok; j++) {
				node = trie_child(&b, head, &k[j]);
				ok = node >= 0;
				if (ok)
					head = &b.t[node].child;
			}
			if (!ok)
				break;
			b.rnext[i] = -1;
			if (b.t[node].rules < 0)
				b.t[node].rules = (int)i;
			else
				b.rnext[b.t[node].rules_tail] = (int)i;
			b.t[node].rules_tail = (int)i;
		}
		if (ok && trie_walk(&b, root, order, 0) == n) {
			memcpy(copy, out, n * sizeof(*out));
			for (size_t i = 0; i < n; i++)
				out[i] = copy[order[i]];
		}
		free(copy);
	}
	free(b.t);
	free(b.rnext);
	free(order);
	return n;
}
