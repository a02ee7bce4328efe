// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The model of libseccomp 2.5's rule database (see tree.h).
 *
 * What it reproduces, from libseccomp's documented and observed behaviour:
 *  - a rule becomes a chain of 32-bit comparison nodes, one per argument
 *    condition in argument order (64-bit ABIs: EQ/NE/MASKED_EQ as a high
 *    word node then a low word node, GT/GE/LT/LE as "hi >", "hi ==" and a
 *    low word node; 32-bit ABIs: one low word node, NE/LT/LE written as
 *    EQ/GE/GT with the action on the false branch);
 *  - chains of one syscall are merged into a tree whose levels are kept in
 *    a fixed sibling order; equal nodes are shared;
 *  - an unconditional rule replaces the conditional ones of its syscall
 *    and absorbs later ones; a rule whose chain ends where an existing
 *    longer chain with the same action goes on removes that longer chain;
 *    a longer rule under an existing shorter one is absorbed;
 *  - where a rule would end on a node whose existing subtree or action
 *    says otherwise, the rule is refused with -EEXIST.
 * Nodes are reference counted and shared between levels the way
 * libseccomp shares them, because when a node is released decides which
 * nodes later additions compare against.  The count of nodes libseccomp
 * believes each syscall's tree holds is kept as it keeps it (the count
 * of the new chain, less what it releases on the way): seccomp_export_pfc
 * prints the priority made of it.  Released nodes stay allocated
 * (marked dead) until the database is freed: the model never reuses
 * memory a later step might still look at.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tree.h"

/* Operators, libseccomp's numbering (enum scmp_compare). */
enum { OP_NE = 1, OP_LT, OP_LE, OP_EQ, OP_GE, OP_GT, OP_MASKED_EQ };

/* Nodes allocated per database at most: bounds memory and, since a
 * level is walked node by node, the quadratic time a hostile caller's
 * rules could cost.  A filter needs far fewer long before it reaches the
 * kernel's 4096 instructions. */
#define LT_MAX_NODES (1U << 15)

struct lt_node {
	struct lt_node *prev, *next; /* the same level */
	struct lt_node *on_t, *on_f; /* the next level */
	struct lt_node *chain;	     /* every node of the database */
	unsigned refs;
	bool dead;
	uint8_t arg;
	bool hi;	 /* the high word of a 64-bit value */
	uint8_t op;	 /* as compared: EQ, GT, GE, MASKED_EQ */
	uint8_t op_user; /* as written, for the sibling order */
	uint32_t mask, datum;
	uint64_t datum64;
	bool has_t, has_f; /* an action on the branch */
	uint32_t act_t, act_f;
};

struct lt_sys {
	uint32_t nr;
	struct lt_node *chains;
	uint32_t action; /* when there are no chains */
	/* libseccomp's priority: the caller's hint in bits 16-23, 0xffff
	 * less node_cnt below (the fewer nodes, the earlier) */
	uint32_t priority;
	uint32_t node_cnt;
	/* false: an entry made by a priority hint alone, with no rule */
	bool valid;
};

/* Syscall entries come from blocks (hundreds per filter): one
 * allocation for many.  An entry taken back (rollback) is not reused. */
#define SYS_BLOCK 64

struct sys_block {
	struct sys_block *next;
	size_t used;
	struct lt_sys sys[SYS_BLOCK];
};

struct undo {
	void *addr;
	uint64_t old;
	uint8_t size;
};

struct lt_db {
	bool bits64;
	struct lt_sys **sys; /* sorted by number */
	size_t nsys, capsys;
	/* libseccomp's count of syscalls (it does not count an entry made by
	 * a hint that later gets a rule): sizes the PFC's binary tree */
	uint32_t syscall_cnt;
	struct lt_node *nodes;
	size_t nnodes;
	/* the transaction: writes to undo, and a syscall entry inserted */
	bool journal;
	struct undo *log;
	size_t nlog, caplog;
	bool oom; /* a journal entry could not be kept */
	/* syscall entries the transaction inserted (a multiplexed call
	 * inserts two) */
	struct lt_sys **inserted;
	size_t ninserted, capinserted;
	struct sys_block *blocks;
};

/* ---- journaled writes ---- */

/* memcpy of the sizes fields have, without a call */
static inline void copy_small(void *dst, const void *src, size_t size)
{
	switch (size) {
	case 1:
		memcpy(dst, src, 1);
		break;
	case 4:
		memcpy(dst, src, 4);
		break;
	case 8:
		memcpy(dst, src, 8);
		break;
	default:
		memcpy(dst, src, size);
		break;
	}
}

static void jset(struct lt_db *db, void *addr, const void *val, size_t size)
{
	if (db->journal) {
		if (db->nlog == db->caplog) {
			size_t ncap = db->caplog ? db->caplog * 2 : 64;
			struct undo *nl = realloc(db->log, ncap * sizeof(*nl));

			if (!nl) {
				db->oom = true;
				return;
			}
			db->log = nl;
			db->caplog = ncap;
		}
		db->log[db->nlog].addr = addr;
		db->log[db->nlog].size = (uint8_t)size;
		db->log[db->nlog].old = 0;
		copy_small(&db->log[db->nlog].old, addr, size);
		db->nlog++;
	}
	copy_small(addr, val, size);
}

#define SET(db, lval, val)                                                     \
	do {                                                                   \
		__typeof__(lval) set_v_ = (val);                               \
		jset((db), &(lval), &set_v_, sizeof(set_v_));                  \
	} while (0)

void lt_db_begin(struct lt_db *db)
{
	db->journal = true;
	db->nlog = 0;
	db->oom = false;
	db->ninserted = 0;
}

void lt_db_commit(struct lt_db *db)
{
	db->journal = false;
	db->nlog = 0;
	db->ninserted = 0;
}

/* Take entry "s" out of the sorted array (it stays allocated). */
static void sys_unlink(struct lt_db *db, const struct lt_sys *s)
{
	for (size_t i = 0; i < db->nsys; i++)
		if (db->sys[i] == s) {
			memmove(&db->sys[i], &db->sys[i + 1],
				(db->nsys - i - 1) * sizeof(*db->sys));
			db->nsys--;
			return;
		}
}

void lt_db_rollback(struct lt_db *db)
{
	while (db->nlog) {
		struct undo *u = &db->log[--db->nlog];

		copy_small(u->addr, &u->old, u->size);
	}
	while (db->ninserted)
		sys_unlink(db, db->inserted[--db->ninserted]);
	db->journal = false;
}

/*
 * libseccomp undoes a failed rule by going back to a copy of the
 * filter it rebuilt from the rules alone: what priority hints made is
 * not in it.  Entries made by hints go; every priority is the one the
 * rules made (0xffff less the nodes), and every entry is counted.
 */
void lt_db_forget_hints(struct lt_db *db)
{
	size_t k = 0;

	for (size_t i = 0; i < db->nsys; i++) {
		struct lt_sys *s = db->sys[i];

		if (!s->valid)
			continue;
		s->priority = 0xffffU - s->node_cnt;
		db->sys[k++] = s;
	}
	db->nsys = k;
	db->syscall_cnt = (uint32_t)k;
}

struct lt_db *lt_db_new(bool bits64)
{
	struct lt_db *db = calloc(1, sizeof(*db));

	if (db)
		db->bits64 = bits64;
	return db;
}

void lt_db_free(struct lt_db *db)
{
	if (!db)
		return;
	for (struct lt_node *n = db->nodes, *nx; n; n = nx) {
		nx = n->chain;
		free(n);
	}
	for (struct sys_block *b = db->blocks, *nb; b; b = nb) {
		nb = b->next;
		free(b);
	}
	free(db->sys);
	free(db->log);
	free(db->inserted);
	free(db);
}

static struct lt_node *node_new(struct lt_db *db)
{
	struct lt_node *n;

	if (db->nnodes >= LT_MAX_NODES)
		return NULL;
	n = calloc(1, sizeof(*n));
	if (!n)
		return NULL;
	n->chain = db->nodes;
	db->nodes = n;
	db->nnodes++;
	return n;
}

/* ---- references ---- */

static struct lt_node *get(struct lt_db *db, struct lt_node *n)
{
	if (n)
		SET(db, n->refs, n->refs + 1);
	return n;
}

static unsigned tree_put(struct lt_db *db, struct lt_node *t,
			 struct lt_node **repl);

/*
 * Drop one reference to "n".  When it was the last, the node leaves its
 * level (its neighbours are joined), the levels below lose its references,
 * and *repl gets a neighbour (or NULL) to go on with; otherwise *repl is
 * "n".  Returns the number of nodes released.
 */
static unsigned node_put(struct lt_db *db, struct lt_node *n,
			 struct lt_node **repl)
{
	struct lt_node *lp, *ln, *t, *f;
	unsigned cnt = 0;

	*repl = n;
	if (!n)
		return 0;
	SET(db, n->refs, n->refs - 1);
	if (n->refs)
		return 0;
	lp = n->prev;
	ln = n->next;
	t = n->on_t;
	f = n->on_f;
	if (lp)
		SET(db, lp->next, (struct lt_node *)NULL);
	if (ln)
		SET(db, ln->prev, (struct lt_node *)NULL);
	if (lp)
		cnt += node_put(db, lp, &lp);
	if (ln)
		cnt += node_put(db, ln, &ln);
	if (lp)
		SET(db, lp->next, get(db, ln));
	if (ln)
		SET(db, ln->prev, get(db, lp));
	*repl = lp ? lp : ln;
	cnt += tree_put(db, t, &t);
	cnt += tree_put(db, f, &f);
	SET(db, n->dead, true);
	return cnt + 1;
}

/* Release a whole level if nothing outside it refers to it any more. */
static unsigned level_clean(struct lt_db *db, struct lt_node *n)
{
	struct lt_node *start;
	unsigned cnt = 0;

	while (n->prev)
		n = n->prev;
	start = n;
	for (; n; n = n->next) {
		unsigned links = (n->prev != NULL) + (n->next != NULL);

		if (n->refs > links)
			return 0;
	}
	for (n = start; n;)
		cnt += node_put(db, n, &n);
	return cnt;
}

/* Drop a parent's reference to the level that starts (or sits) at "t". */
static unsigned tree_put(struct lt_db *db, struct lt_node *t,
			 struct lt_node **repl)
{
	unsigned cnt = node_put(db, t, &t);

	if (t)
		cnt += level_clean(db, t);
	*repl = t;
	return cnt;
}

/* ---- node order ---- */

static unsigned arg_prio(const struct lt_node *n)
{
	return (unsigned)(n->arg << 1) + (n->hi ? 1 : 0);
}

static unsigned op_prio(unsigned op)
{
	switch (op) {
	case OP_MASKED_EQ:
	case OP_EQ:
	case OP_NE:
		return 3;
	case OP_LE:
	case OP_LT:
		return 2;
	case OP_GE:
	case OP_GT:
		return 1;
	default:
		return 0;
	}
}

/* Whether "a" sorts before "b" on a level (libseccomp tries later nodes
 * first: levels are kept in descending order of this). */
static bool node_lt(const struct lt_node *a, const struct lt_node *b)
{
	unsigned pa = arg_prio(a), pb = arg_prio(b);

	if (pa != pb)
		return pa < pb;
	pa = op_prio(a->op_user);
	pb = op_prio(b->op_user);
	if (pa != pb)
		return pa < pb;
	if (a->op_user == OP_LE || a->op_user == OP_LT)
		return a->datum > b->datum;
	return a->datum < b->datum;
}

static bool node_eq(const struct lt_node *a, const struct lt_node *b)
{
	return arg_prio(a) == arg_prio(b) && a->op == b->op &&
	       a->datum == b->datum && a->mask == b->mask;
}

static bool is_leaf(const struct lt_node *n)
{
	return !n->on_t && !n->on_f;
}

static bool is_zombie(const struct lt_node *n)
{
	return is_leaf(n) && !n->has_t && !n->has_f;
}

/* ---- removal and checks ---- */

/*
 * Remove "node" (and what hangs below it) from the tree at *tree, and
 * nodes left without a branch or an action on the way.
 */
static unsigned tree_remove(struct lt_db *db, struct lt_node **tree,
			    struct lt_node *node)
{
	struct lt_node *c;
	unsigned cnt = 0;

	if (!tree || !*tree || !node)
		return 0;
	c = *tree;
	while (c->prev)
		c = c->prev;
	do {
		if (c == node)
			goto remove;
		cnt += tree_remove(db, &c->on_t, node);
		cnt += tree_remove(db, &c->on_f, node);
		if (is_zombie(c))
			goto remove;
		c = c->next;
	} while (c && !cnt);
	return cnt;
remove:
	if (c == *tree)
		SET(db, *tree, c->prev ? c->prev : c->next);
	if (c->prev)
		SET(db, c->prev->next, c->next);
	if (c->next)
		SET(db, c->next->prev, c->prev);
	SET(db, c->prev, (struct lt_node *)NULL);
	SET(db, c->next, (struct lt_node *)NULL);
	cnt += node_put(db, c, &c);
	return cnt;
}

/* 0 if every action in the tree is "action", else -EEXIST. */
static int act_check(const struct lt_node *t, uint32_t action)
{
	if (!t)
		return 0;
	while (t->prev)
		t = t->prev;
	for (; t; t = t->next) {
		if (t->has_t && t->act_t != action)
			return -EEXIST;
		if (t->has_f && t->act_f != action)
			return -EEXIST;
		if (act_check(t->on_t, action) || act_check(t->on_f, action))
			return -EEXIST;
	}
	return 0;
}

/* ---- pruning: the existing tree against a new chain ---- */

#define ST_MATCH 0x001
#define ST_MATCH_ONCE 0x002
#define ST_X_FINISHED 0x010
#define ST_N_FINISHED 0x020
#define ST_X_PREFIX 0x100
#define ST_N_PREFIX 0x200
#define ST_MATCHSET (ST_MATCH | ST_MATCH_ONCE)
#define ST_REDUNDANT (ST_MATCH | ST_X_FINISHED | ST_N_PREFIX)

struct pstate {
	unsigned flags;
	uint32_t action;
	struct lt_sys *sx;
};

/*
 * Walk the existing level at "existing" beside the new chain at "nw":
 * where the new chain is a prefix of existing chains with its own action,
 * those chains go (the new, shorter rule covers them); where an existing
 * chain is a prefix of the new one with the same action, the state says
 * the new rule is redundant.  Returns the number of nodes removed.
 */
static unsigned prune(struct lt_db *db, struct lt_node *existing,
		      struct lt_node *nw, struct pstate *st)
{
	struct pstate nst = *st, sub;
	struct lt_node *x = existing, *x_next, *n = nw;
	unsigned cnt = 0;

	if (!n || !x)
		goto out;
	if ((st->flags & ST_MATCHSET) == ST_MATCH_ONCE)
		goto out;
	while (x->prev)
		x = x->prev;
	do {
		x_next = x->next;
		if (node_eq(x, n)) {
			nst.flags |= ST_MATCHSET;
			if (is_leaf(n))
				nst.flags |= ST_N_FINISHED;
			if (is_leaf(x))
				nst.flags |= ST_X_FINISHED;
			/* the existing node goes on where the new one ends */
			if ((x->has_t || x->on_t) && !(n->has_t || n->on_t))
				goto out;
			if ((x->has_f || x->on_f) && !(n->has_f || n->on_f))
				goto out;
			if ((nst.flags & ST_N_FINISHED) &&
			    (nst.flags & ST_X_FINISHED)) {
				if (n->has_t != x->has_t ||
				    n->act_t != x->act_t)
					goto out;
				if (n->has_f != x->has_f ||
				    n->act_f != x->act_f)
					goto out;
			}
			if (n->on_t) {
				get(db, x);
				sub = *st;
				sub.flags |= ST_MATCHSET;
				cnt += prune(db, x->on_t, n->on_t, &sub);
				cnt += node_put(db, x, &x);
				if (sub.flags & ST_MATCH)
					nst.flags |= sub.flags;
				if (!x)
					goto next;
			}
			if (n->on_f) {
				get(db, x);
				sub = *st;
				sub.flags |= ST_MATCHSET;
				cnt += prune(db, x->on_f, n->on_f, &sub);
				cnt += node_put(db, x, &x);
				if (sub.flags & ST_MATCH)
					nst.flags |= sub.flags;
				if (!x)
					goto next;
			}
			if (!act_check(x, nst.action) &&
			    (nst.flags & ST_MATCH) &&
			    (nst.flags & ST_N_FINISHED) &&
			    (nst.flags & ST_X_PREFIX)) {
				/* the new chain is shorter: the old goes */
				cnt += tree_remove(db, &st->sx->chains, x);
				if (!st->sx->chains)
					goto out;
			} else if (!act_check(x, nst.action) &&
				   (nst.flags & ST_MATCH) &&
				   (nst.flags & ST_X_FINISHED) &&
				   (nst.flags & ST_N_PREFIX)) {
				/* the new chain is longer */
				goto out;
			}
		} else if (node_lt(x, n)) {
			if (st->flags & ST_N_PREFIX)
				goto out;
			/* look for the new node below the existing one */
			if (x->on_t) {
				get(db, x);
				sub = *st;
				sub.flags &= ~ST_MATCH;
				sub.flags |= ST_X_PREFIX;
				cnt += prune(db, x->on_t, n, &sub);
				cnt += node_put(db, x, &x);
				if (sub.flags & ST_MATCH) {
					nst.flags |= sub.flags;
					goto out;
				}
				if (!x)
					goto next;
			}
			if (x->on_f) {
				get(db, x);
				sub = *st;
				sub.flags &= ~ST_MATCH;
				sub.flags |= ST_X_PREFIX;
				cnt += prune(db, x->on_f, n, &sub);
				cnt += node_put(db, x, &x);
				if (sub.flags & ST_MATCH) {
					nst.flags |= sub.flags;
					goto out;
				}
				if (!x)
					goto next;
			}
		} else {
			if (st->flags & ST_X_PREFIX)
				goto out;
			/* look for the existing node below the new one */
			if (n->on_t) {
				get(db, x);
				sub = *st;
				sub.flags &= ~ST_MATCH;
				sub.flags |= ST_N_PREFIX;
				cnt += prune(db, x, n->on_t, &sub);
				cnt += node_put(db, x, &x);
				if (sub.flags & ST_MATCH) {
					nst.flags |= sub.flags;
					goto out;
				}
				if (!x)
					goto next;
			}
			if (n->on_f) {
				get(db, x);
				sub = *st;
				sub.flags &= ~ST_MATCH;
				sub.flags |= ST_N_PREFIX;
				cnt += prune(db, x, n->on_f, &sub);
				cnt += node_put(db, x, &x);
				if (sub.flags & ST_MATCH) {
					nst.flags |= sub.flags;
					goto out;
				}
				if (!x)
					goto next;
			}
		}
	next:
		x = x_next;
	} while (x);
	/* nothing on this level matched */
	nst.flags &= ~ST_MATCH;
out:
	if (nst.flags & ST_MATCH)
		st->flags |= nst.flags;
	else
		st->flags &= ~ST_MATCH;
	return cnt;
}

/* ---- merging a new chain into the existing tree ---- */

static int tree_add(struct lt_db *db, struct lt_node **existing,
		    struct lt_node *nw, struct lt_sys *sx)
{
	struct lt_node *x = *existing, *n = nw;
	unsigned released;
	int rc;

	do {
		if (node_eq(x, n)) {
			if (n->has_t) {
				if (!x->has_t) {
					struct lt_node *gone;

					/* the new chain ends here: whatever
					 * went on below must agree */
					rc = act_check(x->on_t, n->act_t);
					if (rc)
						return rc;
					released = node_put(db, x->on_t, &gone);
					SET(db, sx->node_cnt,
					    sx->node_cnt - released);
					SET(db, x->on_t, gone);
					SET(db, x->on_t,
					    (struct lt_node *)NULL);
					SET(db, x->act_t, n->act_t);
					SET(db, x->has_t, true);
				} else if (n->act_t != x->act_t) {
					/* a 64-bit range: the larger value
					 * decides above the shared word */
					if (n->hi && n->datum64 > x->datum64)
						SET(db, x->act_t, n->act_t);
					if (is_leaf(x) || is_leaf(n))
						return -EEXIST;
				}
			}
			if (n->has_f) {
				if (!x->has_f) {
					struct lt_node *gone;

					rc = act_check(x->on_f, n->act_f);
					if (rc)
						return rc;
					released = node_put(db, x->on_f, &gone);
					SET(db, sx->node_cnt,
					    sx->node_cnt - released);
					SET(db, x->on_f, gone);
					SET(db, x->on_f,
					    (struct lt_node *)NULL);
					SET(db, x->act_f, n->act_f);
					SET(db, x->has_f, true);
				} else if (n->act_f != x->act_f) {
					/* libseccomp writes the true action
					 * here (sic): kept as it behaves */
					if (n->hi && n->datum64 < x->datum64)
						SET(db, x->act_t, n->act_t);
					if (is_leaf(x) || is_leaf(n))
						return -EEXIST;
				}
			}
			if (n->on_t) {
				if (x->on_t) {
					rc = tree_add(db, &x->on_t, n->on_t,
						      sx);
					if (rc)
						return rc;
				} else if (!x->has_t) {
					SET(db, x->on_t, get(db, n->on_t));
				} else {
					/* the existing chain is shorter */
					return 0;
				}
			}
			if (n->on_f) {
				if (x->on_f) {
					rc = tree_add(db, &x->on_f, n->on_f,
						      sx);
					if (rc)
						return rc;
				} else if (!x->has_f) {
					SET(db, x->on_f, get(db, n->on_f));
				} else {
					return 0;
				}
			}
			return 0;
		} else if (!node_lt(x, n)) {
			/* move along the level */
			if (!x->next) {
				SET(db, n->prev, get(db, x));
				SET(db, x->next, get(db, n));
				return 0;
			}
			x = x->next;
		} else {
			/* insert before the existing node */
			if (x->prev) {
				SET(db, x->prev->next, get(db, n));
				SET(db, n->prev, x->prev);
				SET(db, x->prev, get(db, n));
				SET(db, n->next, x);
			} else {
				SET(db, x->prev, get(db, n));
				SET(db, n->next, get(db, x));
			}
			if (*existing == x) {
				struct lt_node *old;

				SET(db, *existing, get(db, n));
				node_put(db, x, &old);
			}
			return 0;
		}
	} while (x);
	return 0;
}

/* ---- chains from rules ---- */

static struct lt_node *chain_node(struct lt_db *db, unsigned arg, bool hi,
				  unsigned op_user, uint32_t mask,
				  uint32_t datum, uint64_t datum64)
{
	struct lt_node *n = node_new(db);

	if (!n)
		return NULL;
	n->arg = (uint8_t)arg;
	n->hi = hi;
	n->op_user = (uint8_t)op_user;
	n->mask = mask;
	n->datum = datum & mask;
	n->datum64 = datum64;
	return n;
}

/* A chain for a 64-bit ABI; *head is NULL for an unconditional rule. */
static int chain_64(struct lt_db *db, const struct lt_rule *r,
		    struct lt_node **head, uint32_t *cnt)
{
	struct lt_node *prev[3] = {NULL, NULL, NULL}, *cur[3] = {0};
	unsigned prev_op = 0;

	*head = NULL;
	*cnt = 0;
	for (unsigned a = 0; a < 6; a++) {
		const struct lt_arg *c = &r->args[a];
		uint32_t mh = (uint32_t)(c->mask >> 32), ml = (uint32_t)c->mask;
		uint32_t dh = (uint32_t)(c->datum >> 32),
			 dl = (uint32_t)c->datum;

		if (!c->valid)
			continue;
		/* a MASKED_EQ without mask bits compares nothing */
		if (c->op == OP_MASKED_EQ && !mh && !ml)
			continue;
		cur[0] = chain_node(db, a, true, c->op, mh, dh, c->datum);
		cur[1] = chain_node(db, a, c->op > OP_LE && c->op < OP_GE,
				    c->op, 0, 0, c->datum);
		cur[2] = NULL;
		if (!cur[0] || !cur[1])
			return -ENOMEM;
		switch (c->op) {
		case OP_GT:
		case OP_GE:
		case OP_LE:
		case OP_LT:
			cur[2] = chain_node(db, a, false, c->op, ml, dl,
					    c->datum);
			if (!cur[2])
				return -ENOMEM;
			/* hi >, then hi ==, then the low word */
			cur[1]->hi = true;
			cur[1]->mask = mh;
			cur[1]->datum = dh & mh;
			cur[0]->op = OP_GT;
			cur[1]->op = OP_EQ;
			cur[2]->op = c->op == OP_GT || c->op == OP_LE ? OP_GT
								      : OP_GE;
			cur[0]->on_f = get(db, cur[1]);
			cur[1]->on_t = get(db, cur[2]);
			break;
		default: /* EQ, NE, MASKED_EQ: hi then lo */
			cur[1]->hi = false;
			cur[1]->mask = ml;
			cur[1]->datum = dl & ml;
			cur[0]->op = cur[1]->op =
				c->op == OP_MASKED_EQ ? OP_MASKED_EQ : OP_EQ;
			cur[0]->on_t = get(db, cur[1]);
			break;
		}
		if (prev[0]) {
			switch (prev_op) {
			case OP_GT:
			case OP_GE:
				prev[0]->on_t = get(db, cur[0]);
				prev[2]->on_t = get(db, cur[0]);
				break;
			case OP_EQ:
			case OP_MASKED_EQ:
				prev[1]->on_t = get(db, cur[0]);
				break;
			case OP_LE:
			case OP_LT:
				prev[1]->on_f = get(db, cur[0]);
				prev[2]->on_f = get(db, cur[0]);
				break;
			default: /* NE */
				prev[0]->on_f = get(db, cur[0]);
				prev[1]->on_f = get(db, cur[0]);
				break;
			}
		} else {
			*head = get(db, cur[0]);
		}
		/* libseccomp's count: two nodes, three for a range */
		*cnt += cur[2] ? 3 : 2;
		memcpy(prev, cur, sizeof(prev));
		prev_op = c->op;
	}
	if (!prev[0])
		return 0;
	switch (prev_op) {
	case OP_GT:
	case OP_GE:
		prev[0]->has_t = prev[2]->has_t = true;
		prev[0]->act_t = prev[2]->act_t = r->action;
		break;
	case OP_LE:
	case OP_LT:
		prev[1]->has_f = prev[2]->has_f = true;
		prev[1]->act_f = prev[2]->act_f = r->action;
		break;
	case OP_EQ:
	case OP_MASKED_EQ:
		prev[1]->has_t = true;
		prev[1]->act_t = r->action;
		break;
	default: /* NE */
		prev[0]->has_f = prev[1]->has_f = true;
		prev[0]->act_f = prev[1]->act_f = r->action;
		break;
	}
	return 0;
}

/* A chain for a 32-bit ABI: the low word only. */
static int chain_32(struct lt_db *db, const struct lt_rule *r,
		    struct lt_node **head, uint32_t *cnt)
{
	struct lt_node *prev = NULL, *cur = NULL;
	bool on_true = true;

	*head = NULL;
	*cnt = 0;
	for (unsigned a = 0; a < 6; a++) {
		const struct lt_arg *c = &r->args[a];

		if (!c->valid)
			continue;
		if (c->op == OP_MASKED_EQ && !(uint32_t)c->mask)
			continue;
		cur = chain_node(db, a, false, c->op, (uint32_t)c->mask,
				 (uint32_t)c->datum, c->datum);
		if (!cur)
			return -ENOMEM;
		/* the datum is masked below, after the op is rewritten */
		cur->datum = (uint32_t)c->datum;
		if (prev) {
			if (on_true)
				prev->on_t = get(db, cur);
			else
				prev->on_f = get(db, cur);
		} else {
			*head = get(db, cur);
		}
		switch (c->op) {
		case OP_NE:
			cur->op = OP_EQ;
			on_true = false;
			break;
		case OP_LT:
			cur->op = OP_GE;
			on_true = false;
			break;
		case OP_LE:
			cur->op = OP_GT;
			on_true = false;
			break;
		default:
			cur->op = c->op;
			on_true = true;
			break;
		}
		cur->datum &= cur->mask;
		prev = cur;
		(*cnt)++;
	}
	if (!cur)
		return 0;
	if (on_true) {
		cur->has_t = true;
		cur->act_t = r->action;
	} else {
		cur->has_f = true;
		cur->act_f = r->action;
	}
	return 0;
}

/* ---- the database ---- */

static struct lt_sys *sys_alloc(struct lt_db *db)
{
	struct sys_block *b = db->blocks;

	if (!b || b->used == SYS_BLOCK) {
		b = calloc(1, sizeof(*b));
		if (!b)
			return NULL;
		b->next = db->blocks;
		db->blocks = b;
	}
	return &b->sys[b->used++];
}

/* Syscall entries one database holds at most (rules and hints). */
#define LT_MAX_SYS (1U << 16)

static struct lt_sys *find_or_insert(struct lt_db *db, uint32_t nr,
				     bool *created)
{
	size_t lo = 0, hi = db->nsys;
	struct lt_sys *s;

	*created = false;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (db->sys[mid]->nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < db->nsys && db->sys[lo]->nr == nr)
		return db->sys[lo];
	if (db->nsys >= LT_MAX_SYS)
		return NULL;
	if (db->nsys == db->capsys) {
		size_t ncap = db->capsys ? db->capsys * 2 : 32;
		struct lt_sys **ns = realloc(db->sys, ncap * sizeof(*ns));

		if (!ns)
			return NULL;
		db->sys = ns;
		db->capsys = ncap;
	}
	if (db->journal && db->ninserted == db->capinserted) {
		size_t ncap = db->capinserted ? db->capinserted * 2 : 4;
		struct lt_sys **ni = realloc(db->inserted, ncap * sizeof(*ni));

		if (!ni)
			return NULL;
		db->inserted = ni;
		db->capinserted = ncap;
	}
	s = sys_alloc(db);
	if (!s)
		return NULL;
	s->nr = nr;
	memmove(&db->sys[lo + 1], &db->sys[lo],
		(db->nsys - lo) * sizeof(*db->sys));
	db->sys[lo] = s;
	db->nsys++;
	if (db->journal)
		db->inserted[db->ninserted++] = s;
	*created = true;
	return s;
}

/* The part of a priority the rules make: 0xffff less the nodes. */
static void priority_update(struct lt_db *db, struct lt_sys *s)
{
	SET(db, s->priority,
	    (s->priority & ~0xffffU) | (0xffffU - s->node_cnt));
}

int lt_db_add(struct lt_db *db, const struct lt_rule *r)
{
	struct lt_node *head = NULL, *dropped;
	struct lt_sys *s;
	bool created, pruned = false;
	uint32_t cnt;
	unsigned removed;
	struct pstate st;
	int rc;

	rc = db->bits64 ? chain_64(db, r, &head, &cnt)
			: chain_32(db, r, &head, &cnt);
	if (rc)
		return rc;
	s = find_or_insert(db, r->nr, &created);
	if (!s)
		return -ENOMEM;
	if (created) {
		/* a new syscall: the chain is its tree */
		s->chains = head;
		s->action = r->action;
		s->node_cnt = cnt;
		s->priority = 0xffffU - cnt;
		s->valid = true;
		SET(db, db->syscall_cnt, db->syscall_cnt + 1);
		return db->oom ? -ENOMEM : 0;
	}
again:
	if (!s->chains) {
		if (pruned || !s->valid) {
			/* the new rule replaced every chain there was, or
			 * the entry was a priority hint's: the chain is the
			 * tree (a hint's priority stays, another goes) */
			SET(db, s->chains, head);
			SET(db, s->action, r->action);
			SET(db, s->node_cnt, cnt);
			if (s->valid)
				SET(db, s->priority, 0xffffU - cnt);
			SET(db, s->valid, true);
		} else {
			/* an unconditional rule is there: it wins */
			tree_put(db, head, &dropped);
		}
		priority_update(db, s);
		return db->oom ? -ENOMEM : 0;
	}
	if (!head) {
		/* an unconditional rule replaces the conditional ones */
		tree_put(db, s->chains, &dropped);
		SET(db, s->chains, dropped);
		SET(db, s->chains, (struct lt_node *)NULL);
		SET(db, s->node_cnt, 0U);
		SET(db, s->action, r->action);
		priority_update(db, s);
		return db->oom ? -ENOMEM : 0;
	}
	st = (struct pstate){0, r->action, s};
	removed = prune(db, s->chains, head, &st);
	if (removed > 0) {
		pruned = true;
		SET(db, s->node_cnt, s->node_cnt - removed);
		if (!s->chains)
			goto again;
	} else if ((st.flags & ST_REDUNDANT) == ST_REDUNDANT) {
		/* an existing shorter rule with this action covers it */
		tree_put(db, head, &dropped);
		priority_update(db, s);
		return db->oom ? -ENOMEM : 0;
	}
	rc = tree_add(db, &s->chains, head, s);
	if (rc) {
		tree_put(db, head, &dropped);
		return rc;
	}
	/* the new chain's nodes count, less those it did not leave in the
	 * tree */
	removed = tree_put(db, head, &dropped);
	SET(db, s->node_cnt, s->node_cnt + cnt - removed);
	priority_update(db, s);
	return db->oom ? -ENOMEM : 0;
}

int lt_db_priority(struct lt_db *db, uint32_t nr, uint8_t priority)
{
	uint32_t hint = (uint32_t)priority << 16;
	bool created;
	struct lt_sys *s = find_or_insert(db, nr, &created);

	if (!s)
		return -ENOMEM;
	if (created) {
		/* no rule yet: an entry that only carries the hint */
		s->priority = hint;
		s->valid = false;
		return 0;
	}
	/* the highest hint given stays */
	if (hint > (s->priority & 0xff0000U))
		SET(db, s->priority, (s->priority & ~0xff0000U) | hint);
	return 0;
}

/* ---- what the database decides, as paths ---- */

struct walk {
	lt_path_fn fn;
	void *opaque;
	uint32_t nr;
	size_t paths, max_paths;
	struct lt_lit lit[48];
	size_t nlit;
};

static bool lit_true(const struct lt_lit *l, uint32_t word)
{
	bool r;

	switch (l->op) {
	case OP_GT:
		r = (word & l->mask) > l->datum;
		break;
	case OP_GE:
		r = (word & l->mask) >= l->datum;
		break;
	default: /* EQ, MASKED_EQ */
		r = (word & l->mask) == l->datum;
		break;
	}
	return r == l->holds;
}

/*
 * Where a path pins a word to one value (an EQ that holds, all mask bits),
 * the other literals on that word are either implied (dropped) or
 * impossible (the path goes).  Returns the number kept, or 0 with *dead.
 */
static size_t simplify(const struct lt_lit *in, size_t n, struct lt_lit *out,
		       bool *dead)
{
	size_t k = 0;

	*dead = false;
	for (size_t i = 0; i < n; i++) {
		bool keep = true;

		for (size_t j = 0; j < n && keep; j++) {
			const struct lt_lit *p = &in[j];

			if (j == i || p->arg != in[i].arg ||
			    p->hi != in[i].hi || !p->holds ||
			    p->mask != UINT32_MAX ||
			    (p->op != OP_EQ && p->op != OP_MASKED_EQ))
				continue;
			/* in[j] pins the word to p->datum */
			if (!lit_true(&in[i], p->datum)) {
				*dead = true;
				return 0;
			}
			/* implied; of two pins keep the first */
			if (!(in[i].holds && in[i].mask == UINT32_MAX &&
			      (in[i].op == OP_EQ || in[i].op == OP_MASKED_EQ) &&
			      i < j))
				keep = false;
		}
		if (keep)
			out[k++] = in[i];
	}
	return k;
}

static int emit_path(struct walk *w, uint32_t action)
{
	struct lt_lit s[48];
	bool dead;
	size_t n;

	if (++w->paths > w->max_paths)
		return -E2BIG;
	/* as the tree has them, so that neighbouring paths share their
	 * first literals (the compiler tests shared ones once) */
	if (w->nlit <= LT_MAX_LITS)
		return w->fn(w->opaque, w->nr, action, w->lit, w->nlit);
	n = simplify(w->lit, w->nlit, s, &dead);
	if (dead)
		return 0;
	if (n > LT_MAX_LITS)
		return -E2BIG;
	return w->fn(w->opaque, w->nr, action, s, n);
}

static int walk_level(struct walk *w, const struct lt_node *level)
{
	const struct lt_node *n = level;
	int rc;

	while (n->prev)
		n = n->prev;
	for (; n; n = n->next) {
		for (int branch = 1; branch >= 0; branch--) {
			const struct lt_node *next = branch ? n->on_t : n->on_f;
			bool has = branch ? n->has_t : n->has_f;

			if (!next && !has)
				continue; /* falls to the next node */
			if (w->nlit == sizeof(w->lit) / sizeof(w->lit[0]))
				return -E2BIG;
			w->lit[w->nlit++] = (struct lt_lit){
				.arg = n->arg,
				.hi = n->hi,
				.op = n->op,
				.mask = n->mask,
				.datum = n->datum,
				.holds = branch == 1,
			};
			if (next)
				rc = walk_level(w, next);
			else
				rc = emit_path(w, branch ? n->act_t : n->act_f);
			w->nlit--;
			if (rc)
				return rc;
		}
	}
	return 0;
}

int lt_db_paths(const struct lt_db *db, size_t max_paths, lt_path_fn fn,
		void *opaque)
{
	struct walk w = {.fn = fn, .opaque = opaque, .max_paths = max_paths};

	for (size_t i = 0; i < db->nsys; i++) {
		const struct lt_sys *s = db->sys[i];
		int rc;

		if (!s->valid)
			continue; /* a priority hint without a rule */
		w.nr = s->nr;
		w.nlit = 0;
		if (!s->chains)
			rc = emit_path(&w, s->action);
		else
			rc = walk_level(&w, s->chains);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- a read-only view (seccomp_export_pfc) ---- */

size_t lt_db_count(const struct lt_db *db)
{
	return db->nsys;
}

uint32_t lt_db_syscall_cnt(const struct lt_db *db)
{
	return db->syscall_cnt;
}

void lt_db_entry(const struct lt_db *db, size_t i, struct lt_sys_view *out)
{
	const struct lt_sys *s = db->sys[i];

	*out = (struct lt_sys_view){
		.nr = s->nr,
		.priority = s->priority,
		.valid = s->valid,
		.chains = s->chains,
		.action = s->action,
	};
}

const struct lt_node *lt_level_first(const struct lt_node *n)
{
	while (n && n->prev)
		n = n->prev;
	return n;
}

const struct lt_node *lt_node_read(const struct lt_node *n,
				   struct lt_node_view *out)
{
	*out = (struct lt_node_view){
		.arg = n->arg,
		.hi = n->hi,
		.op = n->op,
		.mask = n->mask,
		.datum = n->datum,
		.has_t = n->has_t,
		.has_f = n->has_f,
		.act_t = n->act_t,
		.act_f = n->act_f,
		.on_t = n->on_t,
		.on_f = n->on_f,
	};
	return n->next;
}
