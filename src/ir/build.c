// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The IR construction core shared by the JSON path and the native builder;
 * see ir.h for what it decides.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir/ir.h"

struct sb_irb_entry {
	uint32_t nr;
	const char *name;
	struct sb_rule rule;
};

int sb_ir_action(struct secbpf_policy *pol, uint32_t ret, const char *where,
		 const char *pointer, uint32_t *out)
{
	uint32_t act = ret & SECBPF_RET_ACTION_FULL;
	uint32_t data = ret & SECBPF_RET_DATA;

	switch (act) {
	case SECBPF_RET_ERRNO(0):
		if (data > SB_IR_MAX_ERRNO) {
			int rc = !pol ? 0
				      : sb_ir_warn(pol, SB_WARN_ERRNO_CAPPED,
						   pointer,
						   "%s: errno %u is above %u; "
						   "the kernel returns %u",
						   where, data, SB_IR_MAX_ERRNO,
						   SB_IR_MAX_ERRNO);

			if (rc)
				return rc;
			ret = SECBPF_RET_ERRNO(SB_IR_MAX_ERRNO);
		}
		break;
	case SECBPF_RET_TRACE(0):
		break;
	case SECBPF_RET_KILL_PROCESS:
	case SECBPF_RET_KILL_THREAD:
	case SECBPF_RET_TRAP:
	case SECBPF_RET_USER_NOTIF:
	case SECBPF_RET_LOG:
	case SECBPF_RET_ALLOW:
		/* only ERRNO and TRACE carry data */
		if (data)
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}
	*out = ret;
	return 0;
}

int sb_irb_reserve(struct sb_irb *b, size_t n)
{
	struct sb_irb_entry *ne;

	if (n <= b->cap)
		return 0;
	if (n > SB_IR_MAX_RULES)
		n = SB_IR_MAX_RULES;
	ne = realloc(b->ent, n * sizeof(*ne));
	if (!ne)
		return -ENOMEM;
	b->ent = ne;
	b->cap = n;
	return 0;
}

/*
 * Copy a rule's header and its conditions, not the unused ones: a rule
 * has room for 16 (400 bytes), most have none or one, and each is copied
 * twice (into the entries, then into the arch's rules).
 */
static void copy_rule(struct sb_rule *dst, const struct sb_rule *src)
{
	unsigned n = src->ncond < SB_MAX_CONDS ? src->ncond : SB_MAX_CONDS;

	dst->action = src->action;
	dst->origin = src->origin;
	dst->ncond = src->ncond;
	if (n)
		memcpy(dst->cond, src->cond, n * sizeof(dst->cond[0]));
}

int sb_irb_add(struct sb_irb *b, uint32_t nr, const char *name,
	       const struct sb_rule *rule)
{
	/* rules in their own order: one with the default action still
	 * stops the rules after it */
	if (!b->ordered && rule->action == b->pol->default_action)
		return 0;
	/* each IR rule is ~400 bytes: bound what a hostile input costs */
	if (++b->total > SB_IR_MAX_RULES)
		return sb_err(b->err, -E2BIG,
			      "policy too large: more than %d rules over all "
			      "architectures",
			      SB_IR_MAX_RULES);
	if (b->nent == b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 256;
		struct sb_irb_entry *ne = realloc(b->ent, ncap * sizeof(*ne));

		if (!ne)
			return -ENOMEM;
		b->ent = ne;
		b->cap = ncap;
	}
	b->ent[b->nent].nr = nr;
	b->ent[b->nent].name = name;
	copy_rule(&b->ent[b->nent].rule, rule);
	b->nent++;
	return 0;
}

/* The multiplexer's version of a rule: argument 0 pinned to the sub-call,
 * the user's other conditions kept. */
static int mux_rule(const struct sb_rule *rule, uint32_t subcall,
		    struct sb_rule *out)
{
	memset(out, 0, sizeof(*out));
	out->action = rule->action;
	out->origin = rule->origin;
	out->cond[out->ncond].arg = 0;
	out->cond[out->ncond].op = SB_OP_EQ;
	out->cond[out->ncond].value = subcall;
	out->ncond++;
	for (unsigned i = 0; i < rule->ncond; i++) {
		if (rule->cond[i].arg == 0)
			continue;
		if (out->ncond == SB_MAX_CONDS)
			return -E2BIG;
		out->cond[out->ncond++] = rule->cond[i];
	}
	return 0;
}

int sb_irb_add_named(struct sb_irb *b, struct sb_ir_arch *ia, const char *name,
		     const struct sb_rule *rule, const char *where, bool *known)
{
	return sb_irb_add_named_hashed(b, ia, name, sb_syscall_hash(name), rule,
				       where, known);
}

int sb_irb_add_named_hashed(struct sb_irb *b, struct sb_ir_arch *ia,
			    const char *name, uint32_t hash,
			    const struct sb_rule *rule, const char *where,
			    bool *known)
{
	const struct secbpf_arch *a = ia->arch;
	const struct sb_syscall *ent = sb_syscall_find_hashed(a, name, hash);
	uint32_t mux_nr, subcall;
	struct sb_rule mrule;
	int rc;

	if (ent) {
		*known = true;
		/* every name counts for ENOSYS, even in a rule that is
		 * dropped */
		if (ent->nr > ia->max_named_nr)
			ia->max_named_nr = ent->nr;
		rc = sb_irb_add(b, ent->nr, ent->name, rule);
		if (rc)
			return rc;
	}
	if (!a->mux ||
	    sb_syscall_multiplex_hashed(a, name, hash, &mux_nr, &subcall))
		return 0;
	*known = true;
	if (rule->action == b->pol->default_action)
		return 0;
	if (mux_rule(rule, subcall, &mrule))
		return sb_err_at(b->err, -E2BIG, b->source, 0, 0, where,
				 "too many conditions for '%s' through its "
				 "multiplexer",
				 name);
	return sb_irb_add(b, mux_nr, secbpf_syscall_name(a, mux_nr), &mrule);
}

/* Sort keys: entries carry a whole rule (~400 bytes), too big to move
 * around in qsort; sorting these and copying each rule once is faster. */
struct entry_key {
	uint32_t nr;
	uint32_t idx; /* insertion order, for a stable sort */
};

static int cmp_key(const void *a, const void *b)
{
	const struct entry_key *x = a, *y = b;

	if (x->nr != y->nr)
		return x->nr < y->nr ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Numbers within this many values of the lowest are bucketed, not
 * sorted. */
#define BUCKET_SPAN 8192

/*
 * Entries grouped by number, in insertion order within a number.  One
 * arch's numbers span a few hundred values (x32 and MIPS sit above a base,
 * which the span ignores), so a stable counting sort does it in linear
 * time; the few numbers far above the others (ARM's private calls at
 * 0xf0000, a tracer's -1) are sorted apart with qsort and go after them.
 */
static int order_entries(const struct sb_irb *b, struct entry_key *key)
{
	uint32_t lo = UINT32_MAX, hi = 0, *start;
	size_t nfar = 0, ndense;

	if (!b->nent)
		return 0;
	for (size_t i = 0; i < b->nent; i++)
		if (b->ent[i].nr < lo)
			lo = b->ent[i].nr;
	for (size_t i = 0; i < b->nent; i++) {
		uint32_t nr = b->ent[i].nr;

		if (nr - lo >= BUCKET_SPAN)
			nfar++;
		else if (nr > hi)
			hi = nr;
	}
	ndense = b->nent - nfar;
	start = calloc((size_t)(hi - lo) + 2, sizeof(*start));
	if (!start)
		return -ENOMEM;
	for (size_t i = 0; i < b->nent; i++)
		if (b->ent[i].nr - lo < BUCKET_SPAN)
			start[b->ent[i].nr - lo + 1]++;
	for (uint32_t v = 1; v <= hi - lo + 1; v++)
		start[v] += start[v - 1];
	for (size_t i = 0, far = ndense; i < b->nent; i++) {
		uint32_t nr = b->ent[i].nr;

		if (nr - lo < BUCKET_SPAN)
			key[start[nr - lo]++] =
				(struct entry_key){nr, (uint32_t)i};
		else
			key[far++] = (struct entry_key){nr, (uint32_t)i};
	}
	free(start);
	/* all above the bucketed ones: their own order after them */
	qsort(key + ndense, nfar, sizeof(*key), cmp_key);
	return 0;
}

int sb_irb_finish_arch(struct sb_irb *b, struct sb_ir_arch *ia)
{
	struct entry_key *key = malloc((b->nent ? b->nent : 1) * sizeof(*key));
	size_t nsys = 0;

	if (!key)
		return -ENOMEM;
	if (order_entries(b, key)) {
		free(key);
		return -ENOMEM;
	}
	for (size_t i = 0; i < b->nent; i++)
		if (!i || key[i].nr != key[i - 1].nr)
			nsys++;
	/* every element is assigned below: no need to zero */
	ia->sys = malloc((nsys ? nsys : 1) * sizeof(*ia->sys));
	/* the rules of all syscalls in one block, in number order: one
	 * allocation (and one free) instead of one per syscall; every
	 * element is assigned below, no need to zero */
	ia->rule_block =
		malloc((b->nent ? b->nent : 1) * sizeof(struct sb_rule));
	if (!ia->sys || !ia->rule_block) {
		free(key);
		return -ENOMEM;
	}
	for (size_t i = 0; i < b->nent;) {
		struct sb_ir_syscall *s = &ia->sys[ia->nsys];
		size_t j = i;

		while (j < b->nent && key[j].nr == key[i].nr)
			j++;
		*s = (struct sb_ir_syscall){
			.nr = key[i].nr,
			.name = b->ent[key[i].idx].name,
			.ordered = b->ordered,
			.rules = ia->rule_block + i,
		};
		ia->nsys++;
		for (size_t k = i; k < j; k++)
			copy_rule(&s->rules[s->nrules++],
				  &b->ent[key[k].idx].rule);
		i = j;
	}
	free(key);
	b->nent = 0;
	return 0;
}

void sb_irb_release(struct sb_irb *b)
{
	free(b->ent);
	b->ent = NULL;
	b->nent = b->cap = 0;
}

int sb_ir_add_arch(struct secbpf_policy *pol, const struct secbpf_arch *a,
		   struct secbpf_error *err)
{
	for (size_t j = 0; j < pol->narch; j++)
		if (pol->arch[j].arch == a)
			return 0;
	if (pol->narch == SB_MAX_ARCHES)
		return sb_err(err, -E2BIG, "more than %d target architectures",
			      SB_MAX_ARCHES);
	pol->arch[pol->narch++].arch = a;
	return 0;
}
