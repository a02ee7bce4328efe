// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The IR: a resolved profile turned into, per target architecture and per
 * syscall number, the ordered list of rules (action + ANDed conditions)
 * that src/bpf compiles.
 *
 * Choices, after what runc and crun do on top of libseccomp:
 *  - a name unknown on one target arch is skipped for that arch; a name no
 *    target knows gives one warning;
 *  - a rule whose action equals the default action is dropped (libseccomp
 *    refuses it; runc and crun skip it);
 *  - a rule whose conditions repeat an argument index becomes one rule
 *    per condition, with the rule's action (AND becomes OR), as runc,
 *    crun and containers/common split it before libseccomp (which refuses
 *    it whole); the and_repeated_args option keeps it ANDed instead;
 *  - multiplexed calls (socketcall, ipc) get, as libseccomp emits them, a
 *    second rule on the multiplexer with argument 0 pinned to the sub-call.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir/ir.h"
#include "profile.h"

/* Building the IR: per-arch grouping, multiplexers, limits, the split of
 * rules repeating an argument, warnings and the overlap analysis are the
 * IR layer's (src/ir); this file turns a profile into calls to it. */

/* The SECCOMP_RET_* value of a rule or of the default, warning about an
 * errno the kernel would cap ("pointer": where the errno is written). */
static int action_of(struct secbpf_policy *pol, enum sb_act act, uint32_t data,
		     const char *where, const char *pointer, uint32_t *ret)
{
	return sb_ir_action(pol, sb_act_ret(act, data), where, pointer, ret);
}

/* Profile rule "r" as one IR rule with "action": its conditions ANDed. */
static void ir_rule(const struct sb_prof_rule *r, uint32_t action,
		    uint32_t origin, struct sb_rule *out)
{
	size_t nc = r->nargs < SB_MAX_CONDS ? r->nargs : SB_MAX_CONDS;

	/* the padding too: IR rules compare as bytes */
	memset(out, 0, sizeof(*out));
	out->action = action;
	out->origin = origin;
	for (size_t i = 0; i < nc; i++) {
		struct sb_cond *cd = &out->cond[out->ncond++];

		cd->arg = r->args[i].index;
		cd->op = r->args[i].op;
		cd->value = r->args[i].value;
		cd->value2 = r->args[i].value2;
	}
}

int sb_prof_rule_repeated_arg(const struct sb_prof_rule *r)
{
	struct sb_rule whole;

	ir_rule(r, 0, 0, &whole);
	return sb_rule_repeated_arg(&whole);
}

/* How many IR rules make_rules gives for "r": its conditions, or 1. */
static size_t rules_needed(const struct sb_prof_rule *r, bool and_repeated)
{
	struct sb_rule whole;

	if (and_repeated || r->nargs < 2)
		return 1;
	ir_rule(r, 0, 0, &whole);
	if (sb_rule_repeated_arg(&whole) < 0)
		return 1;
	return whole.ncond;
}

/*
 * The IR rules of profile rule "r" (rules_needed() of them at most), all
 * with "action"; *n says how many.  Conditions on distinct arguments make
 * one rule, ANDed.  When an argument index repeats, the runtimes split it
 * into one rule per condition (sb_rule_split), unless "and_repeated"
 * keeps the rule whole.  Warns once per rule either way: the author
 * probably meant AND.
 */
static int make_rules(struct secbpf_policy *pol, const struct sb_prof_rule *r,
		      uint32_t action, uint32_t origin, bool and_repeated,
		      struct sb_rule *out, size_t *n)
{
	const char *where = r->pointer ? r->pointer : "a rule";
	struct sb_rule whole;
	int arg;

	ir_rule(r, action, origin, &whole);
	arg = sb_rule_repeated_arg(&whole);
	if (arg < 0 || and_repeated) {
		out[0] = whole;
		*n = 1;
	} else {
		*n = sb_rule_split(&whole, out);
	}
	if (arg < 0)
		return 0;
	if (and_repeated)
		return sb_ir_warn(pol, SB_WARN_REPEATED_ARG, r->pointer,
				  "%s: several conditions on argument %d are "
				  "ANDed (runc and crun would make each one a "
				  "rule of its own: OR)",
				  where, arg);
	return sb_ir_warn(pol, SB_WARN_REPEATED_ARG, r->pointer,
			  "%s: several conditions on argument %d: each "
			  "condition is a rule of its own (OR), as runc and "
			  "crun split it",
			  where, arg);
}

/* The IR rules of one profile rule: rules[first .. first + n - 1]. */
struct rule_span {
	size_t first, n;
};

static int build_arch(struct sb_irb *b, const struct secbpf_profile *p,
		      const struct sb_rule *rules, const struct rule_span *span,
		      const uint32_t *hash, size_t ai, bool *known)
{
	struct sb_ir_arch *ia = &b->pol->arch[ai];
	size_t name_index = 0;
	int rc;

	for (size_t i = 0; i < p->nrules; i++) {
		const struct sb_prof_rule *r = &p->rules[i];
		const struct sb_rule *rs = &rules[span[i].first];
		size_t nrs = span[i].n;

		/* per name, the parts of a split rule in order, as runc adds
		 * them to libseccomp */
		for (size_t k = 0; k < r->nnames; k++, name_index++) {
			for (size_t j = 0; j < nrs; j++) {
				rc = sb_irb_add_named_hashed(
					b, ia, r->names[k], hash[name_index],
					&rs[j], r->pointer, &known[name_index]);
				if (rc)
					return rc;
			}
		}
	}
	return sb_irb_finish_arch(b, ia);
}

/* "n" in decimal at the end of buf[size]; its first digit */
static const char *decimal(size_t n, char *buf, size_t size)
{
	char *d = buf + size - 1;

	*d = 0;
	do
		*--d = (char)('0' + n % 10);
	while ((n /= 10) && d > buf);
	return d;
}

/* "WHERE: unknown syscall 'NAME' ignored: ..." at WHERE/names/K, joined,
 * not printed */
static int warn_unknown_name(struct secbpf_policy *pol,
			     const struct sb_prof_rule *r, size_t k)
{
	char num[24];
	const char *ptr[] = {r->pointer, "/names/",
			     decimal(k, num, sizeof(num)), NULL};
	const char *msg[] = {r->pointer ? r->pointer : "a rule",
			     ": unknown syscall '", r->names[k],
			     "' ignored: no target architecture has it", NULL};

	return sb_ir_warn_cat(pol, SB_WARN_UNKNOWN_NAME,
			      r->pointer ? ptr : NULL, msg);
}

/*
 * One warning per name that no target architecture knows, in profile
 * order, at the first rule naming it, pointing at the name itself.  The
 * names seen are kept in a set by their hash (computed once for the
 * lookups), so repeats cost no sort, and the message is joined, not
 * printed: a single-arch target of the default profile has dozens.
 */
static int warn_unknown(struct secbpf_policy *pol,
			const struct secbpf_profile *p, const bool *known,
			const uint32_t *hash, size_t total)
{
	size_t nunknown = 0, size = 16, idx = 0;
	const char **seen;
	int rc = 0;

	for (size_t i = 0; i < total; i++)
		nunknown += !known[i];
	if (!nunknown)
		return 0;
	while (size < 2 * nunknown)
		size *= 2;
	seen = calloc(size, sizeof(*seen));
	if (!seen)
		return -ENOMEM;
	for (size_t i = 0; i < p->nrules && !rc; i++) {
		const struct sb_prof_rule *r = &p->rules[i];

		for (size_t k = 0; k < r->nnames && !rc; k++, idx++) {
			size_t h = hash[idx] & (size - 1);

			if (known[idx])
				continue;
			while (seen[h] && strcmp(seen[h], r->names[k]))
				h = (h + 1) & (size - 1);
			if (seen[h])
				continue; /* warned at an earlier rule */
			seen[h] = r->names[k];
			rc = warn_unknown_name(pol, r, k);
		}
	}
	free(seen);
	return rc;
}

static int set_flags(struct secbpf_policy *pol, const struct secbpf_profile *p,
		     struct secbpf_error *err)
{
	pol->flags_set = p->flags_set;
	for (size_t i = 0; i < p->nflags; i++) {
		unsigned bit = sb_flag_from_name(p->flags[i]);
		char ptr[32];

		if (!bit) {
			snprintf(ptr, sizeof(ptr), "/flags/%zu", i);
			return sb_err_at(err, -EINVAL, p->source, 0, 0, ptr,
					 "unknown seccomp flag '%s'",
					 p->flags[i]);
		}
		pol->flags |= bit;
	}
	return 0;
}

static int set_arches(struct secbpf_policy *pol, const struct secbpf_profile *p,
		      struct secbpf_error *err)
{
	for (size_t i = 0; i < p->narches; i++) {
		const struct secbpf_arch *a =
			!strcmp(p->arches[i], "SCMP_ARCH_NATIVE")
				? secbpf_arch_native()
				: secbpf_arch_lookup(p->arches[i]);
		int rc;

		if (!a)
			return sb_err_at(err, -EINVAL, p->source, 0, 0,
					 "/architectures",
					 "unknown architecture '%s'",
					 p->arches[i]);
		rc = sb_ir_add_arch(pol, a, err);
		if (rc)
			return rc;
	}
	if (!pol->narch) {
		const struct secbpf_arch *native = secbpf_arch_native();

		if (!native)
			return sb_err(err, -EOPNOTSUPP,
				      "this machine's architecture is not "
				      "supported; name the target "
				      "architectures");
		pol->arch[pol->narch++].arch = native;
	}
	return 0;
}

/*
 * What runc refuses about SCMP_ACT_NOTIFY (crun is laxer): we build the
 * filter, but say why a runtime would not start it.
 */
static int notify_warnings(struct secbpf_policy *pol,
			   const struct secbpf_profile *p)
{
	bool any = p->default_act == SB_ACT_NOTIFY;
	int rc = 0;

	if (p->default_act == SB_ACT_NOTIFY)
		rc = sb_ir_warn(pol, SB_WARN_NOTIFY_REFUSED, "/defaultAction",
				"/defaultAction: runc refuses SCMP_ACT_NOTIFY "
				"as the default action");
	for (size_t i = 0; i < p->nrules && !rc; i++) {
		const struct sb_prof_rule *r = &p->rules[i];

		if (r->act != SB_ACT_NOTIFY)
			continue;
		any = true;
		for (size_t k = 0; k < r->nnames && !rc; k++) {
			char ptr[SB_JSON_PTR_MAX];

			if (strcmp(r->names[k], "write"))
				continue;
			snprintf(ptr, sizeof(ptr), "%s/names/%zu",
				 r->pointer ? r->pointer : "", k);
			rc = sb_ir_warn(pol, SB_WARN_NOTIFY_REFUSED,
					r->pointer ? ptr : NULL,
					"%s: runc refuses SCMP_ACT_NOTIFY "
					"for 'write'",
					r->pointer ? r->pointer : "a rule");
		}
	}
	if (!rc && any && !p->listener_path)
		rc = sb_ir_warn(pol, SB_WARN_NO_LISTENER, NULL,
				"SCMP_ACT_NOTIFY without 'listenerPath': a "
				"runtime has no agent to pass the listener "
				"to");
	return rc;
}

/* The overlap analysis names rules by their JSON pointers. */
static int overlaps(struct secbpf_policy *pol, const struct secbpf_profile *p,
		    uint64_t *budget)
{
	const char **where = calloc(p->nrules ? p->nrules : 1, sizeof(*where));
	int rc;

	if (!where)
		return -ENOMEM;
	for (size_t i = 0; i < p->nrules; i++)
		where[i] = p->rules[i].pointer;
	rc = sb_ir_overlaps(pol, budget, where, p->nrules);
	free(where);
	return rc;
}

/* A flag the effective flags drop (secbpf_policy_effective_flags): the
 * runtimes disagree there, so say so. */
static int flag_warnings(struct secbpf_policy *pol,
			 const struct secbpf_profile *p)
{
	if (!(pol->flags & SB_FLAG_WAIT_KILLABLE_RECV) ||
	    (secbpf_policy_effective_flags(pol) & SB_FLAG_NEW_LISTENER))
		return 0;
	for (size_t i = 0; i < p->nflags; i++)
		if (sb_flag_from_name(p->flags[i]) ==
		    SB_FLAG_WAIT_KILLABLE_RECV) {
			char ptr[SB_JSON_PTR_MAX];

			snprintf(ptr, sizeof(ptr), "/flags/%zu", i);
			return sb_ir_warn(pol, SB_WARN_FLAG_DROPPED, ptr,
					  "%s: 'SECCOMP_FILTER_FLAG_WAIT_"
					  "KILLABLE_RECV' needs a listener and "
					  "no rule notifies: runc (libseccomp) "
					  "drops it, crun's install fails",
					  ptr);
		}
	return 0;
}

static int build(const struct secbpf_profile *p,
		 const struct secbpf_policy_opts *opts, uint64_t *budget,
		 struct secbpf_policy *pol, struct secbpf_error *err)
{
	struct sb_irb b = {.pol = pol, .err = err, .source = p->source};
	struct sb_rule *rules = NULL;
	struct rule_span *span = NULL;
	size_t total = 0, nir = 0, entries = 0;
	bool *known = NULL, and_repeated = false;
	uint32_t *hash = NULL;
	int rc;

	if (!p->default_act)
		return sb_err_at(err, -EINVAL, p->source, 0, 0, NULL,
				 "profile has no 'defaultAction' (it disables "
				 "seccomp)");
	rc = action_of(pol, p->default_act, p->default_data, "/defaultAction",
		       "/defaultErrnoRet", &pol->default_action);
	if (rc)
		goto nomem;
	pol->badarch_action = SECBPF_RET_KILL_THREAD;
	if (opts->badarch_set)
		pol->badarch_action = opts->badarch_action;
	and_repeated = opts->and_repeated_args != 0;
	rc = set_flags(pol, p, err);
	if (!rc)
		rc = set_arches(pol, p, err);
	if (rc)
		return rc;
	if (p->listener_path &&
	    !(pol->listener_path = strdup(p->listener_path)))
		goto nomem;
	if (p->listener_metadata &&
	    !(pol->listener_metadata = strdup(p->listener_metadata)))
		goto nomem;

	if (notify_warnings(pol, p))
		goto nomem;

	span = calloc(p->nrules ? p->nrules : 1, sizeof(*span));
	if (!span)
		goto nomem;
	for (size_t i = 0; i < p->nrules; i++)
		nir += rules_needed(&p->rules[i], and_repeated);
	/* splitting multiplies rules by up to 16: the same bound as on the
	 * IR itself */
	if (nir > SB_IR_MAX_RULES) {
		rc = sb_err(err, -E2BIG,
			    "profile too large: more than %d rules once the "
			    "rules repeating an argument are split",
			    SB_IR_MAX_RULES);
		goto out;
	}
	rules = calloc(nir ? nir : 1, sizeof(*rules));
	if (!rules)
		goto nomem;
	for (size_t i = 0, next = 0; i < p->nrules; i++) {
		const struct sb_prof_rule *r = &p->rules[i];
		uint32_t action;

		char ptr[SB_JSON_PTR_MAX];

		total += r->nnames;
		snprintf(ptr, sizeof(ptr), "%s/errnoRet",
			 r->pointer ? r->pointer : "");
		rc = action_of(pol, r->act, r->data,
			       r->pointer ? r->pointer : "a rule",
			       r->pointer ? ptr : NULL, &action);
		span[i].first = next;
		if (!rc)
			rc = make_rules(pol, r, action, (uint32_t)i,
					and_repeated, &rules[next], &span[i].n);
		if (rc)
			goto nomem;
		next += span[i].n;
		entries += r->nnames * span[i].n;
	}
	known = calloc(total ? total : 1, sizeof(*known));
	/* each name is looked up on every arch: hash it once */
	hash = malloc((total ? total : 1) * sizeof(*hash));
	if (!known || !hash)
		goto nomem;
	for (size_t i = 0, k = 0; i < p->nrules; i++)
		for (size_t n = 0; n < p->rules[i].nnames; n++)
			hash[k++] = sb_syscall_hash(p->rules[i].names[n]);
	/* an arch's entries, room for all but the multiplexers' up front
	 * (a hint: past it they grow) */
	if (sb_irb_reserve(&b, entries))
		goto nomem;
	for (size_t ai = 0; ai < pol->narch; ai++) {
		rc = build_arch(&b, p, rules, span, hash, ai, known);
		if (rc == -ENOMEM)
			goto nomem;
		if (rc)
			goto out;
	}
	if (warn_unknown(pol, p, known, hash, total) || flag_warnings(pol, p))
		goto nomem;
	/* overlapping rules with different actions are usually mistakes */
	if (overlaps(pol, p, budget) || sb_ir_warn_finish(pol))
		goto nomem;
	rc = 0;
	goto out;
nomem:
	rc = sb_err(err, -ENOMEM, "out of memory building a policy");
out:
	sb_irb_release(&b);
	free(hash);
	free(known);
	free(rules);
	free(span);
	return rc;
}

int sb_policy_build(const struct secbpf_profile *profile,
		    const struct secbpf_policy_opts *opts, uint64_t *budget,
		    struct secbpf_policy **out, struct secbpf_error *err)
{
	struct secbpf_profile *resolved = NULL;
	struct secbpf_policy_opts o;
	struct secbpf_policy *pol;
	int rc;

	if (!profile || !out)
		return sb_err(err, -EINVAL, "invalid arguments");
	*out = NULL;
	rc = SB_OPTS_COPY(opts, &o, secbpf_policy_opts, err);
	if (rc)
		return rc;
	if (!profile->resolved) {
		/* a profile straight from a file: resolve it for this host */
		rc = secbpf_profile_resolve(profile, NULL, &resolved, err);
		if (rc)
			return rc;
		profile = resolved;
	}
	pol = calloc(1, sizeof(*pol));
	if (!pol) {
		secbpf_profile_free(resolved);
		return sb_err(err, -ENOMEM, "out of memory building a policy");
	}
	rc = build(profile, &o, budget, pol, err);
	secbpf_profile_free(resolved);
	if (rc) {
		secbpf_policy_free(pol);
		return rc;
	}
	*out = pol;
	return 0;
}

int secbpf_policy_new(const struct secbpf_profile *profile,
		      const struct secbpf_policy_opts *opts,
		      struct secbpf_policy **out, struct secbpf_error *err)
{
	uint64_t budget = SB_IR_OVERLAP_BUDGET;

	return sb_policy_build(profile, opts, &budget, out, err);
}
