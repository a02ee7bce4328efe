// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Resolution: a Docker/containers profile, evaluated for one environment
 * (target architectures, bounding capabilities, kernel version), becomes
 * the OCI linux.seccomp a runtime receives.
 *
 * The rules follow containers/common and moby: excludes before includes;
 * includes.caps needs every listed capability, excludes.caps drops the rule
 * if any is present (names compared exactly, as strings); minKernel
 * compares major.minor; arches in includes and excludes test the primary
 * (host) architecture only.  The caller's capabilities may be spelt
 * "sys_admin"; one that is no capability is an error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "profile.h"

int sb_kernel_version(unsigned *major, unsigned *minor)
{
	struct utsname u;
	unsigned a, b;

	if (uname(&u) || sscanf(u.release, "%u.%u", &a, &b) != 2)
		return -ENOENT;
	*major = a;
	*minor = b;
	return 0;
}

/* Resolve one architecture name of a profile or of the caller. */
static const struct secbpf_arch *arch_by_name(const char *name)
{
	if (!strcmp(name, "SCMP_ARCH_NATIVE"))
		return secbpf_arch_native();
	return secbpf_arch_lookup(name);
}

struct targets {
	const struct secbpf_arch *arch[SB_MAX_ARCHES];
	size_t n;
};

static int add_target(struct targets *t, const struct secbpf_arch *a,
		      struct secbpf_error *err)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->arch[i] == a)
			return 0;
	if (t->n == SB_MAX_ARCHES)
		return sb_err(err, -E2BIG, "more than %d target architectures",
			      SB_MAX_ARCHES);
	t->arch[t->n++] = a;
	return 0;
}

static int pick_targets(const struct secbpf_profile *p,
			const struct secbpf_resolve_opts *o, struct targets *t,
			struct secbpf_error *err)
{
	const struct secbpf_arch *native = secbpf_arch_native();
	int rc;

	t->n = 0;
	if (o->narches) {
		/* the caller's list, exactly: the first is the primary */
		if (!o->arches)
			return sb_err(err, -EINVAL, "invalid arguments");
		for (size_t i = 0; i < o->narches; i++) {
			const struct secbpf_arch *a =
				o->arches[i] ? arch_by_name(o->arches[i])
					     : NULL;

			if (!a)
				return sb_err(err, -EINVAL,
					      "unknown architecture '%s'",
					      o->arches[i] ? o->arches[i] : "");
			rc = add_target(t, a, err);
			if (rc)
				return rc;
		}
		return 0;
	}
	if (!native && !p->narches)
		return sb_err(err, -EOPNOTSUPP,
			      "this machine's architecture is not supported; "
			      "name the target architectures");
	/* libseccomp always includes the native arch: it comes first */
	if (native) {
		rc = add_target(t, native, err);
		if (rc)
			return rc;
	}
	if (p->narches) {
		for (size_t i = 0; i < p->narches; i++) {
			const struct secbpf_arch *a =
				arch_by_name(p->arches[i]);

			if (!a)
				return sb_err_at(err, -EINVAL, p->source, 0, 0,
						 "/architectures",
						 "unknown architecture '%s'",
						 p->arches[i]);
			rc = add_target(t, a, err);
			if (rc)
				return rc;
		}
		return 0;
	}
	/* archMap: the entry of the host's architecture, as runtimes do */
	for (size_t i = 0; i < p->narchmap; i++) {
		const struct sb_prof_archmap *am = &p->archmap[i];

		if (arch_by_name(am->arch) != native)
			continue;
		for (size_t j = 0; j < am->nsub; j++) {
			const struct secbpf_arch *a =
				arch_by_name(am->subarches[j]);

			if (!a)
				return sb_err_at(err, -EINVAL, p->source, 0, 0,
						 "/archMap",
						 "unknown architecture '%s'",
						 am->subarches[j]);
			rc = add_target(t, a, err);
			if (rc)
				return rc;
		}
		break;
	}
	return 0;
}

struct env {
	const struct secbpf_arch *primary;
	uint64_t caps; /* the bounding set, bit N = capability N */
	unsigned kmajor, kminor;
};

/*
 * Whether the bounding set holds "cap" as a profile names it.  Runtimes
 * compare the names as strings with the bounding set's, which holds only
 * the kernel's capabilities spelt "CAP_X": a name that is none of them
 * (a typo, lower case) is never present, even with every capability.
 */
static bool has_cap(const struct env *e, const char *cap)
{
	int nr = sb_cap_number(cap);

	return nr >= 0 && (e->caps >> nr & 1);
}

/* The caller's capabilities as a set; unknown names are an error. */
static int caller_caps(const char *const *caps, size_t ncaps, uint64_t *set,
		       struct secbpf_error *err)
{
	for (size_t i = 0; i < ncaps; i++) {
		const char *hint;
		int nr = sb_cap_parse(caps[i]);

		if (nr >= 0) {
			*set |= 1ULL << nr;
			continue;
		}
		if (!caps[i])
			return sb_err(err, -EINVAL,
				      "invalid arguments: capability %zu is "
				      "NULL",
				      i);
		hint = sb_cap_suggest(caps[i]);
		if (hint)
			return sb_err(err, -EINVAL,
				      "unknown capability '%s' (did you mean "
				      "'%s'?)",
				      caps[i], hint);
		return sb_err(err, -EINVAL,
			      "unknown capability '%s' (see capabilities(7))",
			      caps[i]);
	}
	return 0;
}

static bool lists_primary(const struct env *e, char *const *arches, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (secbpf_arch_lookup(arches[i]) == e->primary)
			return true;
	return false;
}

static bool kernel_at_least(const struct env *e, unsigned major, unsigned minor)
{
	return e->kmajor > major || (e->kmajor == major && e->kminor >= minor);
}

static bool has_min_kernel(const struct sb_prof_filter *f)
{
	return f->min_major || f->min_minor;
}

/*
 * Does the rule apply in this environment?  The first test that drops it
 * goes to *why (with the list entry it concerns), SB_RESOLVE_APPLIES when
 * none does: one decision for the resolver and for the explanations of
 * sb_profile_resolve_reasons.
 */
static enum sb_resolve_why rule_why(const struct env *e,
				    const struct sb_prof_rule *r, size_t *item)
{
	const struct sb_prof_filter *ex = &r->excludes, *in = &r->includes;

	*item = 0;
	if (!r->nnames)
		return SB_RESOLVE_NO_NAMES;
	if (ex->narches && lists_primary(e, ex->arches, ex->narches))
		return SB_RESOLVE_EXCLUDED_ARCH;
	for (size_t i = 0; i < ex->ncaps; i++)
		if (has_cap(e, ex->caps[i])) {
			*item = i;
			return SB_RESOLVE_EXCLUDED_CAP;
		}
	if (has_min_kernel(ex) &&
	    kernel_at_least(e, ex->min_major, ex->min_minor))
		return SB_RESOLVE_EXCLUDED_KERNEL;
	if (in->narches && !lists_primary(e, in->arches, in->narches))
		return SB_RESOLVE_NOT_INCLUDED_ARCH;
	for (size_t i = 0; i < in->ncaps; i++)
		if (!has_cap(e, in->caps[i])) {
			*item = i;
			return SB_RESOLVE_MISSING_CAP;
		}
	if (has_min_kernel(in) &&
	    !kernel_at_least(e, in->min_major, in->min_minor))
		return SB_RESOLVE_MIN_KERNEL;
	return SB_RESOLVE_APPLIES;
}

static bool rule_applies(const struct env *e, const struct sb_prof_rule *r)
{
	size_t item;

	return rule_why(e, r, &item) == SB_RESOLVE_APPLIES;
}

/* The environment "o" describes for profile "p": targets, bounding set,
 * kernel version. */
static int resolve_env(const struct secbpf_profile *p,
		       const struct secbpf_resolve_opts *o, struct targets *t,
		       struct env *e, struct secbpf_error *err)
{
	int rc = pick_targets(p, o, t, err);

	if (rc)
		return rc;
	e->primary = t->n ? t->arch[0] : NULL;
	if (o->ncaps) {
		if (!o->caps)
			return sb_err(err, -EINVAL, "invalid arguments");
		rc = caller_caps(o->caps, o->ncaps, &e->caps, err);
		if (rc)
			return rc;
	}
	if (o->all_caps)
		e->caps = (1ULL << SB_CAP_COUNT) - 1;
	if (o->kernel_major || o->kernel_minor) {
		e->kmajor = o->kernel_major;
		e->kminor = o->kernel_minor;
	} else if (sb_kernel_version(&e->kmajor, &e->kminor)) {
		/* no uname: treat the kernel as new enough for any rule */
		e->kmajor = ~0U;
		e->kminor = ~0U;
	}
	return 0;
}

int secbpf_profile_resolve(const struct secbpf_profile *p,
			   const struct secbpf_resolve_opts *opts,
			   struct secbpf_profile **out,
			   struct secbpf_error *err)
{
	struct secbpf_resolve_opts o;
	struct secbpf_profile *r;
	struct targets t;
	struct env e = {0};
	int rc;

	if (!p || !out)
		return sb_err(err, -EINVAL, "invalid arguments");
	*out = NULL;
	rc = SB_OPTS_COPY(opts, &o, secbpf_resolve_opts, err);
	if (!rc)
		rc = resolve_env(p, &o, &t, &e, err);
	if (rc)
		return rc;

	/*
	 * The resolved profile shares the source's strings and arrays (its
	 * pool, referenced): a rule that applies is copied as it is, minus
	 * what OCI has not (includes, excludes, comments).
	 */
	r = calloc(1, sizeof(*r));
	if (!r)
		goto nomem;
	/* room for the rules and the arches in one block */
	r->pool = sb_pool_new((p->nrules + 1) * sizeof(*r->rules) +
			      (t.n + 1) * sizeof(*r->arches) + 64);
	if (!r->pool)
		goto nomem;
	/* a parsed profile's data is in its pool, a resolved one's in the
	 * pool it shares */
	r->shared = sb_pool_ref(p->shared ? p->shared : p->pool);
	r->resolved = true;
	r->default_act = p->default_act;
	r->default_data = p->default_data;
	r->default_data_set = p->default_data_set;
	r->flags_set = p->flags_set;
	r->source = p->source;
	r->flags = p->flags;
	r->nflags = p->nflags;
	r->listener_path = p->listener_path;
	r->listener_metadata = p->listener_metadata;
	/* the arches' names are static */
	r->arches =
		sb_pool_alloc(r->pool, (t.n ? t.n : 1) * sizeof(*r->arches));
	if (!r->arches)
		goto nomem;
	for (size_t i = 0; i < t.n; i++)
		r->arches[r->narches++] =
			(char *)secbpf_arch_scmp_name(t.arch[i]);

	r->rules = sb_pool_alloc(r->pool, (p->nrules ? p->nrules : 1) *
						  sizeof(*r->rules));
	if (!r->rules)
		goto nomem;
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sb_prof_rule *src = &p->rules[i];
		struct sb_prof_rule *dst;

		if (!src->nnames || !rule_applies(&e, src))
			continue;
		dst = &r->rules[r->nrules++];
		*dst = *src;
		memset(&dst->includes, 0, sizeof(dst->includes));
		memset(&dst->excludes, 0, sizeof(dst->excludes));
		dst->comment = NULL;
	}
	*out = r;
	return 0;
nomem:
	secbpf_profile_free(r);
	return sb_err(err, -ENOMEM, "out of memory resolving a profile");
}

int sb_profile_resolve_reasons(const struct secbpf_profile *p,
			       const struct secbpf_resolve_opts *o,
			       struct sb_resolve_reason *reasons,
			       struct sb_resolve_env *env,
			       struct secbpf_error *err)
{
	struct secbpf_resolve_opts copy;
	struct targets t;
	struct env e = {0};
	int rc;

	if (!p || !reasons || !env)
		return sb_err(err, -EINVAL, "invalid arguments");
	rc = SB_OPTS_COPY(o, &copy, secbpf_resolve_opts, err);
	if (!rc)
		rc = resolve_env(p, &copy, &t, &e, err);
	if (rc)
		return rc;
	memset(env, 0, sizeof(*env));
	memcpy(env->arches, t.arch, t.n * sizeof(t.arch[0]));
	env->narches = t.n;
	env->caps = e.caps;
	env->kernel_major = e.kmajor;
	env->kernel_minor = e.kminor;
	for (size_t i = 0; i < p->nrules; i++)
		reasons[i].why = rule_why(&e, &p->rules[i], &reasons[i].item);
	return 0;
}
