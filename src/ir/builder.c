// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The native builder (secbpf_builder_*): rules added in code, kept as
 * given, and turned into a struct secbpf_policy by the IR core (build.c)
 * the JSON path uses too.  Names are resolved when the policy is built, so
 * that the target arches may change after rules are added.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "ir/ir.h"

_Static_assert(SECBPF_MAX_CONDS == SB_MAX_CONDS, "the public condition limit "
						 "is the IR's");
_Static_assert((int)SECBPF_OP_NE == SB_OP_NE &&
		       (int)SECBPF_OP_MASKED_EQ == SB_OP_MASKED_EQ,
	       "public operators number as the IR's");

/* A rule as added: its conditions sit in the builder's pool (a rule of
 * the IR holds room for 16; most have none). */
struct brule {
	const char *name;		/* static table name, or NULL */
	const struct secbpf_arch *arch; /* by number: the arch */
	uint32_t nr;
	uint32_t action;
	unsigned ncond;
	size_t cond; /* first condition in the pool */
};

struct secbpf_builder {
	uint32_t default_action;
	uint32_t badarch_action;
	unsigned flags;
	bool flags_set;
	bool ordered;
	const struct secbpf_arch *arch[SB_MAX_ARCHES];
	size_t narch;
	struct brule *rules;
	size_t nrules, cap;
	struct sb_cond *conds; /* the pool */
	size_t nconds, capconds;
};

int secbpf_builder_new(uint32_t default_action,
		       const struct secbpf_builder_opts *opts,
		       struct secbpf_builder **out, struct secbpf_error *err)
{
	struct secbpf_builder_opts o = {0};
	struct secbpf_builder *b;
	uint32_t def;

	if (!out)
		return sb_err(err, -EINVAL, "no place for the builder");
	*out = NULL;
	if (SB_OPTS_COPY(opts, &o, secbpf_builder_opts, err))
		return -EINVAL;
	if (sb_ir_action(NULL, default_action, NULL, NULL, &def))
		return sb_err(err, -EINVAL, "invalid default action %#x",
			      default_action);
	if (o.badarch_set &&
	    sb_ir_action(NULL, o.badarch_action, NULL, NULL, &def))
		return sb_err(err, -EINVAL, "invalid bad-arch action %#x",
			      o.badarch_action);
	b = calloc(1, sizeof(*b));
	if (!b)
		return sb_err(err, -ENOMEM, "out of memory");
	b->default_action = default_action;
	b->badarch_action = o.badarch_set ? o.badarch_action
					  : SECBPF_RET_KILL_THREAD;
	b->flags = o.flags;
	b->flags_set = o.flags_set;
	b->ordered = o.ordered;
	*out = b;
	return 0;
}

void secbpf_builder_free(struct secbpf_builder *b)
{
	if (!b)
		return;
	free(b->rules);
	free(b->conds);
	free(b);
}

static ssize_t arch_index(const struct secbpf_builder *b,
			  const struct secbpf_arch *arch)
{
	for (size_t i = 0; i < b->narch; i++)
		if (b->arch[i] == arch)
			return (ssize_t)i;
	return -1;
}

int secbpf_builder_add_arch(struct secbpf_builder *b,
			    const struct secbpf_arch *arch,
			    struct secbpf_error *err)
{
	if (!b || !arch)
		return sb_err(err, -EINVAL, "no builder or arch");
	if (arch_index(b, arch) >= 0)
		return sb_err(err, -EEXIST, "arch '%s' is a target already",
			      arch->name);
	if (b->narch && b->arch[0]->big_endian != arch->big_endian)
		return sb_err(err, -EDOM,
			      "arch '%s' has another byte order than '%s': "
			      "one filter holds arches of one byte order",
			      arch->name, b->arch[0]->name);
	if (b->narch == SB_MAX_ARCHES)
		return sb_err(err, -E2BIG, "more than %d target architectures",
			      SB_MAX_ARCHES);
	b->arch[b->narch++] = arch;
	return 0;
}

int secbpf_builder_remove_arch(struct secbpf_builder *b,
			       const struct secbpf_arch *arch,
			       struct secbpf_error *err)
{
	ssize_t i;
	size_t kept = 0;

	if (!b || !arch)
		return sb_err(err, -EINVAL, "no builder or arch");
	i = arch_index(b, arch);
	if (i < 0)
		return sb_err(err, -ENOENT, "arch '%s' is not a target",
			      arch->name);
	memmove(&b->arch[i], &b->arch[i + 1],
		(b->narch - (size_t)i - 1) * sizeof(b->arch[0]));
	b->narch--;
	for (size_t r = 0; r < b->nrules; r++)
		if (b->rules[r].name || b->rules[r].arch != arch)
			b->rules[kept++] = b->rules[r];
	b->nrules = kept;
	return 0;
}

size_t secbpf_builder_arch_count(const struct secbpf_builder *b)
{
	return b ? b->narch : 0;
}

const struct secbpf_arch *secbpf_builder_arch_at(const struct secbpf_builder *b,
						 size_t index)
{
	return b && index < b->narch ? b->arch[index] : NULL;
}

/* The static table string of "name" on any arch secbpf knows, or NULL. */
static const char *known_name(const char *name)
{
	for (size_t i = 0; i < secbpf_arch_count(); i++) {
		const struct secbpf_arch *a = secbpf_arch_at(i);
		const struct sb_syscall *ent = sb_syscall_find(a, name);

		if (ent)
			return ent->name;
		for (size_t k = 0; k < a->nmux; k++)
			if (!strcmp(a->mux[k].name, name))
				return a->mux[k].name;
	}
	return NULL;
}

static int new_rule(struct secbpf_builder *b, uint32_t action,
		    const struct secbpf_cond *conds, size_t ncond,
		    struct secbpf_error *err, struct brule **out)
{
	struct brule *r;
	uint32_t act;

	if (sb_ir_action(NULL, action, NULL, NULL, &act))
		return sb_err(err, -EINVAL, "invalid action %#x", action);
	if (ncond && !conds)
		return sb_err(err, -EINVAL, "%zu conditions but no array",
			      ncond);
	if (ncond > SECBPF_MAX_CONDS)
		return sb_err(err, -E2BIG,
			      "%zu conditions in one rule; at most %d", ncond,
			      SECBPF_MAX_CONDS);
	for (size_t i = 0; i < ncond; i++) {
		if (conds[i].arg > 5)
			return sb_err(err, -EINVAL,
				      "condition %zu: argument %u; syscalls "
				      "have arguments 0 to 5",
				      i, conds[i].arg);
		if (conds[i].op < SECBPF_OP_NE ||
		    conds[i].op > SECBPF_OP_MASKED_EQ)
			return sb_err(err, -EINVAL,
				      "condition %zu: unknown operator %d", i,
				      (int)conds[i].op);
		if ((conds[i].flags &
		     ~(SECBPF_COND_LOW_WORD | SECBPF_COND_HIGH_WORD |
		       SECBPF_COND_NOT)) ||
		    ((conds[i].flags & SECBPF_COND_LOW_WORD) &&
		     (conds[i].flags & SECBPF_COND_HIGH_WORD)))
			return sb_err(err, -EINVAL,
				      "condition %zu: bad flags %#x", i,
				      conds[i].flags);
	}
	if (b->nrules >= SB_IR_MAX_RULES)
		return sb_err(err, -E2BIG, "more than %d rules",
			      SB_IR_MAX_RULES);
	if (b->nrules == b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 64;
		struct brule *nr = realloc(b->rules, ncap * sizeof(*nr));

		if (!nr)
			return sb_err(err, -ENOMEM, "out of memory");
		b->rules = nr;
		b->cap = ncap;
	}
	if (b->nconds + ncond > b->capconds) {
		size_t ncap = b->capconds ? b->capconds * 2 : 64;
		struct sb_cond *nc;

		while (ncap < b->nconds + ncond)
			ncap *= 2;
		nc = realloc(b->conds, ncap * sizeof(*nc));
		if (!nc)
			return sb_err(err, -ENOMEM, "out of memory");
		b->conds = nc;
		b->capconds = ncap;
	}
	r = &b->rules[b->nrules];
	memset(r, 0, sizeof(*r));
	r->action = action;
	r->ncond = (unsigned)ncond;
	r->cond = b->nconds;
	for (size_t i = 0; i < ncond; i++) {
		struct sb_cond *c = &b->conds[b->nconds++];

		memset(c, 0, sizeof(*c));
		c->arg = (uint8_t)conds[i].arg;
		c->op = (uint8_t)conds[i].op;
		if (conds[i].flags & SECBPF_COND_LOW_WORD)
			c->op |= SB_OP_WORD_LO;
		if (conds[i].flags & SECBPF_COND_HIGH_WORD)
			c->op |= SB_OP_WORD_HI;
		if (conds[i].flags & SECBPF_COND_NOT)
			c->op |= SB_OP_NOT;
		c->value = conds[i].value;
		c->value2 = conds[i].op == SECBPF_OP_MASKED_EQ ? conds[i].value2
							       : 0;
		if (conds[i].flags &
		    (SECBPF_COND_LOW_WORD | SECBPF_COND_HIGH_WORD)) {
			c->value &= UINT32_MAX;
			c->value2 &= UINT32_MAX;
		}
	}
	*out = r;
	return 0;
}

int secbpf_builder_add_rule(struct secbpf_builder *b, uint32_t action,
			    const char *name, const struct secbpf_cond *conds,
			    size_t ncond, struct secbpf_error *err)
{
	const char *known;
	struct brule *r;
	int rc;

	if (!b || !name)
		return sb_err(err, -EINVAL, "no builder or syscall name");
	known = known_name(name);
	if (!known)
		return sb_err(err, -ENOENT, "unknown syscall '%.255s'", name);
	rc = new_rule(b, action, conds, ncond, err, &r);
	if (rc)
		return rc;
	r->name = known;
	b->nrules++;
	return 0;
}

int secbpf_builder_add_rule_nr(struct secbpf_builder *b,
			       const struct secbpf_arch *arch, uint32_t nr,
			       uint32_t action, const struct secbpf_cond *conds,
			       size_t ncond, struct secbpf_error *err)
{
	struct brule *r;
	int rc;

	if (!b || !arch)
		return sb_err(err, -EINVAL, "no builder or arch");
	if (arch_index(b, arch) < 0)
		return sb_err(err, -ENOENT, "arch '%s' is not a target",
			      arch->name);
	rc = new_rule(b, action, conds, ncond, err, &r);
	if (rc)
		return rc;
	r->arch = arch;
	r->nr = nr;
	b->nrules++;
	return 0;
}

/* One warning per name no target arch has, in rule order. */
static int warn_unknown(struct secbpf_policy *pol,
			const struct secbpf_builder *b, const bool *known)
{
	for (size_t i = 0; i < b->nrules; i++) {
		bool first = true;

		if (!b->rules[i].name || known[i])
			continue;
		/* names are static table strings: compare pointers */
		for (size_t k = 0; k < i && first; k++)
			first = b->rules[k].name != b->rules[i].name;
		if (first) {
			int rc = sb_ir_warn(pol, SB_WARN_UNKNOWN_NAME, NULL,
					    "rule %zu: unknown syscall '%s' "
					    "ignored: no target architecture "
					    "has it",
					    i, b->rules[i].name);

			if (rc)
				return rc;
		}
	}
	return 0;
}

static int build(const struct secbpf_builder *b, struct secbpf_policy *pol,
		 struct secbpf_error *err)
{
	struct sb_irb irb = {.pol = pol, .err = err, .ordered = b->ordered};
	bool *known = calloc(b->nrules + 1, sizeof(*known));
	uint32_t *action = calloc(b->nrules + 1, sizeof(*action));
	int rc = -ENOMEM;

	if (!known || !action)
		goto out;
	rc = sb_ir_action(pol, b->default_action, "default action", NULL,
			  &pol->default_action);
	for (size_t i = 0; i < b->nrules && !rc; i++) {
		uint32_t act = b->rules[i].action;
		char where[32];

		/* checked when added: only an errno to cap says something */
		action[i] = act;
		if ((act & SECBPF_RET_ACTION_FULL) != SECBPF_RET_ERRNO(0) ||
		    (act & SECBPF_RET_DATA) <= SB_IR_MAX_ERRNO)
			continue;
		snprintf(where, sizeof(where), "rule %zu", i);
		rc = sb_ir_action(pol, act, where, NULL, &action[i]);
	}
	if (rc)
		goto out;
	rc = sb_irb_reserve(&irb, b->nrules);
	if (rc)
		goto out;
	pol->badarch_action = b->badarch_action;
	pol->flags = b->flags;
	pol->flags_set = b->flags_set;
	for (size_t i = 0; i < b->narch && !rc; i++)
		rc = sb_ir_add_arch(pol, b->arch[i], err);
	if (!rc && !pol->narch) {
		const struct secbpf_arch *native = secbpf_arch_native();

		if (!native) {
			rc = sb_err(err, -EOPNOTSUPP,
				    "this machine's architecture is not "
				    "supported; add the target "
				    "architectures");
			goto out;
		}
		rc = sb_ir_add_arch(pol, native, err);
	}
	for (size_t ai = 0; ai < pol->narch && !rc; ai++) {
		struct sb_ir_arch *ia = &pol->arch[ai];

		for (size_t i = 0; i < b->nrules && !rc; i++) {
			const struct brule *r = &b->rules[i];
			struct sb_rule rule;
			char where[32];

			if (!r->name && r->arch != ia->arch)
				continue;
			/* no need to clear the conditions past ncond */
			rule.action = action[i];
			rule.origin = (uint32_t)i;
			rule.ncond = r->ncond;
			if (r->ncond)
				memcpy(rule.cond, &b->conds[r->cond],
				       r->ncond * sizeof(rule.cond[0]));
			if (r->name) {
				snprintf(where, sizeof(where), "rule %zu", i);
				rc = sb_irb_add_named(&irb, ia, r->name, &rule,
						      where, &known[i]);
				continue;
			}
			/* a tracer's -1 is no syscall of the profile */
			if (r->nr != UINT32_MAX && r->nr > ia->max_named_nr)
				ia->max_named_nr = r->nr;
			rc = sb_irb_add(&irb, r->nr,
					secbpf_syscall_name(ia->arch, r->nr),
					&rule);
		}
		if (!rc)
			rc = sb_irb_finish_arch(&irb, ia);
	}
	if (!rc)
		rc = warn_unknown(pol, b, known);
	if (!rc)
		rc = sb_ir_warn_finish(pol);
out:
	if (rc == -ENOMEM)
		rc = sb_err(err, -ENOMEM, "out of memory building a policy");
	sb_irb_release(&irb);
	free(known);
	free(action);
	return rc;
}

int secbpf_builder_build(const struct secbpf_builder *b,
			 struct secbpf_policy **out, struct secbpf_error *err)
{
	struct secbpf_policy *pol;
	int rc;

	if (!b || !out)
		return sb_err(err, -EINVAL, "no builder or output");
	*out = NULL;
	pol = calloc(1, sizeof(*pol));
	if (!pol)
		return sb_err(err, -ENOMEM, "out of memory building a policy");
	rc = build(b, pol, err);
	if (rc) {
		secbpf_policy_free(pol);
		return rc;
	}
	*out = pol;
	return 0;
}
