// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * secbpf_explain.  First, that it agrees with the compiled filter: on the
 * embedded default and every shared profile, for no capabilities, all of
 * them and each one a profile mentions alone (and a few other
 * environments), on every arch of the set a runtime uses for this host,
 * for every syscall number of the tables with all arguments zero and with
 * argument vectors at each boundary of each condition of the rules naming
 * it, the verdict equals that of a filter the test compiles itself, and
 * the explanation hangs together (one deciding rule, carrying the
 * verdict; each other rule's reason consistent with its conditions).
 * Then each reason, on small profiles written for it, and line numbers.
 */
#include <errno.h>

#include "bpf/prog.h"
#include "helpers.h"
#include "profile/profile.h"

#define MAX_VECTORS 512

struct env_case {
	const char *cap; /* one capability, or NULL */
	bool all_caps;
	unsigned kmajor, kminor;
	bool and_repeated;
	bool enosys;
};

struct stats {
	size_t explained;
	size_t reasons[SECBPF_EXPLAIN_NOT_REACHED + 1];
	size_t verdicts[SECBPF_VERDICT_NONE + 1];
};

struct vectors {
	uint64_t v[MAX_VECTORS][6];
	size_t n;
};

static void add_vector(struct vectors *vs, const uint64_t *args)
{
	for (size_t i = 0; i < vs->n; i++)
		if (!memcmp(vs->v[i], args, sizeof(vs->v[i])))
			return;
	if (vs->n < MAX_VECTORS)
		memcpy(vs->v[vs->n++], args, sizeof(vs->v[0]));
}

/* A value of the argument that satisfies the condition (if any does). */
static uint64_t satisfying(const struct secbpf_explain_cond *c)
{
	switch (c->op) {
	case SB_OP_NE:
	case SB_OP_GT:
		return c->value + 1;
	case SB_OP_LT:
		return c->value ? c->value - 1 : 0;
	case SB_OP_MASKED_EQ:
		return c->value2 & c->value;
	default:
		return c->value;
	}
}

/* The values at and beside the condition's boundary. */
static size_t boundary(const struct secbpf_explain_cond *c, uint64_t *out)
{
	if (c->op == SB_OP_MASKED_EQ) {
		uint64_t m = c->value, d = c->value2 & m;

		out[0] = d;
		out[1] = d ^ (m & -m); /* the lowest bit the mask checks */
		out[2] = d | ~m;
		return 3;
	}
	out[0] = c->value - 1;
	out[1] = c->value;
	out[2] = c->value + 1;
	return 3;
}

/* Vectors hitting each boundary of the conditions in "e", alone (all other
 * arguments zero) and with the rest of their part satisfied. */
static void boundary_vectors(const struct secbpf_explanation *e,
			     struct vectors *vs)
{
	uint64_t max = e->narrow ? UINT32_MAX : UINT64_MAX;

	for (size_t i = 0; i < e->nrules; i++) {
		const struct secbpf_explain_rule *r = &e->rules[i];

		for (size_t p = 0; p < r->nparts; p++) {
			uint64_t base[6] = {0};

			for (size_t k = 0; k < r->nconds; k++)
				if (r->conds[k].part == p &&
				    !r->conds[k].ignored)
					base[r->conds[k].arg] =
						satisfying(&r->conds[k]) & max;
			add_vector(vs, base);
			for (size_t k = 0; k < r->nconds; k++) {
				const struct secbpf_explain_cond *c =
					&r->conds[k];
				uint64_t b[3], v[6];
				size_t nb;

				if (c->part != p || c->ignored)
					continue;
				nb = boundary(c, b);
				for (size_t j = 0; j < nb; j++) {
					memcpy(v, base, sizeof(v));
					v[c->arg] = b[j] & max;
					add_vector(vs, v);
					memset(v, 0, sizeof(v));
					v[c->arg] = b[j] & max;
					add_vector(vs, v);
				}
			}
		}
	}
}

static bool part_holds(const struct secbpf_explain_rule *r, size_t p)
{
	for (size_t k = 0; k < r->nconds; k++)
		if (r->conds[k].part == p && !r->conds[k].holds)
			return false;
	return true;
}

static bool some_part_holds(const struct secbpf_explain_rule *r)
{
	for (size_t p = 0; p < r->nparts; p++)
		if (part_holds(r, p))
			return true;
	return false;
}

/* The explanation hangs together and carries the filter's verdict. */
static void check_explanation(const struct secbpf_explanation *e,
			      uint32_t action, const char *what,
			      struct stats *st)
{
	size_t decided = 0;

	st->explained++;
	st->verdicts[e->verdict]++;
	cr_assert_eq(e->action, action, "%s: explained %#x, the filter %#x",
		     what, e->action, action);
	switch (e->verdict) {
	case SECBPF_VERDICT_RULE:
		cr_assert_lt(e->rule, e->nrules, "%s", what);
		cr_assert_eq(e->rules[e->rule].reason, SECBPF_EXPLAIN_DECIDED,
			     "%s", what);
		cr_assert_eq(e->rules[e->rule].action, action, "%s", what);
		cr_assert(some_part_holds(&e->rules[e->rule]), "%s", what);
		break;
	case SECBPF_VERDICT_DEFAULT:
		cr_assert_eq(action, e->default_action, "%s", what);
		break;
	case SECBPF_VERDICT_ENOSYS:
		cr_assert_eq(action, SECBPF_RET_ERRNO(ENOSYS), "%s", what);
		break;
	case SECBPF_VERDICT_BADARCH:
		cr_assert_eq(action, e->badarch_action, "%s", what);
		break;
	default:
		cr_assert_fail("%s: verdict %d", what, (int)e->verdict);
	}
	for (size_t i = 0; i < e->nrules; i++) {
		const struct secbpf_explain_rule *r = &e->rules[i];

		cr_assert(r->reason >= SECBPF_EXPLAIN_DECIDED &&
				  r->reason <= SECBPF_EXPLAIN_NOT_REACHED,
			  "%s: %s reason %d", what, r->pointer, (int)r->reason);
		cr_assert_not_null(r->pointer, "%s", what);
		st->reasons[r->reason]++;
		decided += r->reason == SECBPF_EXPLAIN_DECIDED;
		switch (r->reason) {
		case SECBPF_EXPLAIN_NO_MATCH:
			cr_assert(!some_part_holds(r), "%s: %s", what,
				  r->pointer);
			break;
		case SECBPF_EXPLAIN_EARLIER_MATCH:
			cr_assert(some_part_holds(r), "%s: %s", what,
				  r->pointer);
			/* fall through */
		case SECBPF_EXPLAIN_SHADOWED:
			cr_assert_eq(r->by, e->rule, "%s: %s", what,
				     r->pointer);
			break;
		case SECBPF_EXPLAIN_EQUALS_DEFAULT:
			cr_assert_eq(r->action, e->default_action, "%s: %s",
				     what, r->pointer);
			break;
		case SECBPF_EXPLAIN_EXCLUDED_CAP:
		case SECBPF_EXPLAIN_MISSING_CAP:
			cr_assert_not_null(r->cap, "%s: %s", what, r->pointer);
			break;
		default:
			break;
		}
	}
	cr_assert_eq(decided, e->verdict == SECBPF_VERDICT_RULE, "%s", what);
}

static struct secbpf_explanation *explain_ok(const struct secbpf_explainer *ex,
					     const struct secbpf_prog *prog,
					     const struct secbpf_arch *abi,
					     uint32_t nr, const uint64_t *args,
					     const char *what, struct stats *st)
{
	struct secbpf_explain_call call = {
		.sz = sizeof(call), .arch = abi, .nr = nr};
	struct secbpf_data d = {.nr = nr, .arch = secbpf_arch_audit(abi)};
	struct secbpf_run_result run = {0};
	struct secbpf_explanation *e = NULL;
	struct secbpf_error err;
	char where[256];
	int rc;

	memcpy(call.args, args, sizeof(call.args));
	memcpy(d.args, args, sizeof(d.args));
	snprintf(where, sizeof(where),
		 "%s: %s nr %u args %#llx %#llx %#llx %#llx %#llx %#llx", what,
		 secbpf_arch_name(abi), nr, (unsigned long long)args[0],
		 (unsigned long long)args[1], (unsigned long long)args[2],
		 (unsigned long long)args[3], (unsigned long long)args[4],
		 (unsigned long long)args[5]);
	rc = secbpf_explain(ex, &call, &e, &err);
	cr_assert_eq(rc, 0, "%s: %s", where, err.message);
	cr_assert_eq(secbpf_prog_run(prog, &d, &run, &err), 0, "%s",
		     err.message);
	check_explanation(e, run.action, where, st);
	return e;
}

static void explain_number(const struct secbpf_explainer *ex,
			   const struct secbpf_prog *prog,
			   const struct secbpf_arch *abi, uint32_t nr,
			   const char *what, struct stats *st)
{
	static struct vectors vs;
	static const uint64_t zero[6];
	struct secbpf_explanation *e =
		explain_ok(ex, prog, abi, nr, zero, what, st);

	vs.n = 0;
	add_vector(&vs, zero);
	boundary_vectors(e, &vs);
	secbpf_explanation_free(e);
	for (size_t i = 1; i < vs.n; i++)
		secbpf_explanation_free(
			explain_ok(ex, prog, abi, nr, vs.v[i], what, st));
}

static void check_env(const struct secbpf_profile *p, const char *name,
		      const struct env_case *c, struct stats *st)
{
	const struct secbpf_arch *arches[SB_MAX_ARCHES];
	const char *arch_names[SB_MAX_ARCHES];
	size_t narches;
	struct secbpf_resolve_opts ro = {
		.sz = sizeof(ro),
		.arches = arch_names,
		.caps = &c->cap,
		.ncaps = c->cap ? 1 : 0,
		.all_caps = c->all_caps,
		.kernel_major = c->kmajor,
		.kernel_minor = c->kminor,
	};
	struct secbpf_policy_opts po = {.sz = sizeof(po),
					.and_repeated_args = c->and_repeated};
	struct secbpf_compile_opts co = {.sz = sizeof(co),
					 .enosys_newer = c->enosys};
	struct secbpf_explain_opts eo = {.sz = sizeof(eo),
					 .resolve = &ro,
					 .policy = &po,
					 .compile = &co};
	struct secbpf_profile *r = NULL;
	struct secbpf_policy *pol = NULL;
	struct secbpf_prog *prog = NULL;
	struct secbpf_explainer *ex = NULL;
	struct secbpf_error err;
	char what[256];

	/* the arch set a runtime uses here: native and its subarches */
	arches[0] = secbpf_arch_native();
	cr_assert_not_null(arches[0]);
	narches = 1 + secbpf_arch_subarches(arches[0], arches + 1,
					    SB_MAX_ARCHES - 1);
	for (size_t i = 0; i < narches; i++)
		arch_names[i] = secbpf_arch_name(arches[i]);
	ro.narches = narches;
	snprintf(what, sizeof(what), "%s caps %s kernel %u.%u%s%s", name,
		 c->all_caps ? "all"
		 : c->cap    ? c->cap
			     : "none",
		 c->kmajor, c->kminor, c->and_repeated ? " and-repeated" : "",
		 c->enosys ? " enosys-newer" : "");

	/* the filter, built here independently of the explainer */
	cr_assert_eq(secbpf_profile_resolve(p, &ro, &r, &err), 0, "%s: %s",
		     what, err.message);
	cr_assert_eq(secbpf_policy_new(r, &po, &pol, &err), 0, "%s: %s", what,
		     err.message);
	cr_assert_eq(secbpf_compile(pol, &co, &prog, &err), 0, "%s: %s", what,
		     err.message);
	cr_assert_eq(secbpf_explainer_new(p, &eo, &ex, &err), 0, "%s: %s", what,
		     err.message);

	for (size_t a = 0; a < narches; a++) {
		const struct secbpf_arch *abi = arches[a];
		size_t n = secbpf_syscall_count(abi);
		uint32_t top = 0;

		for (size_t i = 0; i < n; i++) {
			const char *sname;
			uint32_t nr;

			cr_assert_eq(secbpf_syscall_at(abi, i, &sname, &nr), 0);
			if (nr > top)
				top = nr;
			explain_number(ex, prog, abi, nr, what, st);
		}
		/* past the table, -1, and the other half of x86_64/x32 */
		explain_number(ex, prog, abi, top + 1, what, st);
		explain_number(ex, prog, abi, top + 100, what, st);
		explain_number(ex, prog, abi, UINT32_MAX, what, st);
		explain_number(ex, prog, abi, 0x40000000U, what, st);
		explain_number(ex, prog, abi, 0, what, st);
	}
	/* an arch the filter does not hold: the bad-arch action */
	explain_number(ex, prog, secbpf_arch_lookup("riscv64"), 0, what, st);

	secbpf_explainer_free(ex);
	secbpf_prog_free(prog);
	secbpf_policy_free(pol);
	secbpf_profile_free(r);
}

/* Every capability the profile's includes/excludes name (that is one). */
static size_t mentioned_caps(const struct secbpf_profile *p, const char **out,
			     size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < p->nrules; i++) {
		const struct sb_prof_filter *fs[2] = {&p->rules[i].includes,
						      &p->rules[i].excludes};

		for (int f = 0; f < 2; f++) {
			for (size_t k = 0; k < fs[f]->ncaps; k++) {
				const char *cap = fs[f]->caps[k];
				bool seen = false;

				if (sb_cap_number(cap) < 0)
					continue;
				for (size_t j = 0; j < n; j++)
					seen |= !strcmp(out[j], cap);
				if (!seen && n < max)
					out[n++] = cap;
			}
		}
	}
	return n;
}

static void check_profile(const struct secbpf_profile *p, const char *name,
			  struct stats *st)
{
	const char *caps[64];
	size_t ncaps = mentioned_caps(p, caps, 64);
	struct env_case c = {.kmajor = 6, .kminor = 17};

	check_env(p, name, &c, st);
	c.all_caps = true;
	check_env(p, name, &c, st);
	c.all_caps = false;
	for (size_t i = 0; i < ncaps; i++) {
		c.cap = caps[i];
		check_env(p, name, &c, st);
	}
	c.cap = NULL;
	/* an old kernel (minKernel), the other reading of repeated
	 * arguments, the ENOSYS stub */
	c.kmajor = 4;
	c.kminor = 4;
	check_env(p, name, &c, st);
	c.kmajor = 6;
	c.kminor = 17;
	c.and_repeated = true;
	check_env(p, name, &c, st);
	c.and_repeated = false;
	c.enosys = true;
	check_env(p, name, &c, st);
}

Test(explain, agrees_with_the_filter, .timeout = 600)
{
	static const char *const shared[] = {
		"containers_common_seccomp.json",
		"seccomp_containers-golang_seccomp.json",
		"moby_profiles_default.json",
		"moby_profiles_example.json",
		"moby_profiles_conditional_include.json",
		"containers_common_example.json",
	};
	struct stats st = {0};
	struct secbpf_profile *p = NULL;
	struct secbpf_error err;
	const char *dir = shared_profiles();

	cr_assert_eq(secbpf_profile_default(&p, &err), 0, "%s", err.message);
	check_profile(p, "default", &st);
	secbpf_profile_free(p);
	for (size_t i = 0; dir && i < SB_ARRAY_SIZE(shared); i++) {
		char path[4300];

		snprintf(path, sizeof(path), "%s/%s", dir, shared[i]);
		p = load_file_ok(path);
		check_profile(p, shared[i], &st);
		secbpf_profile_free(p);
	}
	/* not vacuous: the kinds of answer the profiles hold all came up */
	cr_assert_gt(st.verdicts[SECBPF_VERDICT_RULE], 0);
	cr_assert_gt(st.verdicts[SECBPF_VERDICT_DEFAULT], 0);
	cr_assert_gt(st.verdicts[SECBPF_VERDICT_ENOSYS], 0);
	cr_assert_gt(st.verdicts[SECBPF_VERDICT_BADARCH], 0);
	cr_assert_gt(st.reasons[SECBPF_EXPLAIN_DECIDED], 0);
	cr_assert_gt(st.reasons[SECBPF_EXPLAIN_NO_MATCH], 0);
	cr_assert_gt(st.reasons[SECBPF_EXPLAIN_MISSING_CAP], 0);
	cr_assert_gt(st.reasons[SECBPF_EXPLAIN_SHADOWED], 0);
	cr_assert_gt(st.reasons[SECBPF_EXPLAIN_EARLIER_MATCH], 0);
	if (dir)
		cr_assert_gt(st.reasons[SECBPF_EXPLAIN_MIN_KERNEL], 0);
	cr_log_info("explained %zu calls", st.explained);
}

/* ---- the API on small profiles ---- */

static const char two_rules[] = "{\n"
				"  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
				"  \"syscalls\": [\n"
				"    {\"names\": [\"getpid\"], \"action\": "
				"\"SCMP_ACT_ALLOW\",\n"
				"     \"comment\": \"first\"},\n"
				"    {\"names\": [\"mount\"], \"action\": "
				"\"SCMP_ACT_ALLOW\",\n"
				"     \"includes\": {\"caps\": "
				"[\"CAP_SYS_ADMIN\"]}}\n"
				"  ]\n"
				"}\n";

static struct secbpf_explainer *explainer(const struct secbpf_profile *p,
					  const char *text)
{
	static const char *const arches[] = {"x86_64", "x86"};
	static struct secbpf_resolve_opts ro = {
		.sz = sizeof(ro),
		.arches = arches,
		.narches = 2,
		.kernel_major = 6,
		.kernel_minor = 17,
	};
	struct secbpf_explain_opts eo = {.sz = sizeof(eo), .resolve = &ro};
	struct secbpf_explainer *ex = NULL;
	struct secbpf_error err;

	eo.text = text;
	eo.text_len = text ? strlen(text) : 0;
	cr_assert_eq(secbpf_explainer_new(p, &eo, &ex, &err), 0, "%s",
		     err.message);
	cr_assert_not_null(secbpf_explainer_prog(ex));
	return ex;
}

static struct secbpf_explanation *
explain_name(const struct secbpf_explainer *ex, const char *arch,
	     const char *name)
{
	struct secbpf_explain_call call = {.sz = sizeof(call), .name = name};
	struct secbpf_explanation *e = NULL;
	struct secbpf_error err;

	call.arch = arch ? secbpf_arch_lookup(arch) : NULL;
	cr_assert_eq(secbpf_explain(ex, &call, &e, &err), 0, "%s", err.message);
	return e;
}

Test(explain, places_from_the_text)
{
	struct secbpf_profile *p = load_ok(two_rules);
	struct secbpf_explainer *ex = explainer(p, two_rules);
	struct secbpf_explanation *e = explain_name(ex, NULL, "mount");

	/* the first target is the call's arch when none is given */
	cr_assert_eq(e->arch, secbpf_arch_lookup("x86_64"));
	cr_assert_eq(e->verdict, SECBPF_VERDICT_DEFAULT);
	cr_assert_str_eq(e->default_pointer, "/defaultAction");
	cr_assert_eq(e->default_line, 2);
	cr_assert_eq(e->default_column, 20);
	cr_assert_eq(e->nrules, 1);
	cr_assert_str_eq(e->rules[0].pointer, "/syscalls/1");
	cr_assert_eq(e->rules[0].index, 1);
	cr_assert_eq(e->rules[0].line, 6);
	cr_assert_eq(e->rules[0].column, 5);
	cr_assert_eq(e->rules[0].reason, SECBPF_EXPLAIN_MISSING_CAP);
	cr_assert_str_eq(e->rules[0].cap, "CAP_SYS_ADMIN");
	cr_assert_str_eq(e->source, "t.json");
	secbpf_explanation_free(e);
	e = explain_name(ex, "x86", "getpid");
	cr_assert_eq(e->verdict, SECBPF_VERDICT_RULE);
	cr_assert_eq(e->nr, 20);
	cr_assert_eq(e->rules[e->rule].line, 4);
	cr_assert_str_eq(e->rules[e->rule].comment, "first");
	cr_assert_eq(e->action, SECBPF_RET_ALLOW);
	secbpf_explanation_free(e);
	secbpf_explainer_free(ex);

	/* without the text: no places, the rest alike */
	ex = explainer(p, NULL);
	e = explain_name(ex, NULL, "mount");
	cr_assert_eq(e->default_line, 0);
	cr_assert_eq(e->rules[0].line, 0);
	cr_assert_eq(e->rules[0].reason, SECBPF_EXPLAIN_MISSING_CAP);
	secbpf_explanation_free(e);
	secbpf_explainer_free(ex);
	secbpf_profile_free(p);
}

Test(explain, refuses_what_it_cannot_answer)
{
	struct secbpf_profile *p = load_ok(two_rules);
	struct secbpf_explainer *ex = explainer(p, NULL);
	struct secbpf_explain_call call = {.sz = sizeof(call)};
	struct secbpf_explain_opts eo = {.sz = sizeof(eo)};
	struct secbpf_explanation *e = NULL;
	struct secbpf_error err;
	struct {
		struct secbpf_explain_opts o;
		int future;
	} bigger = {.o = {.sz = sizeof(bigger)}, .future = 1};

	call.name = "no_such_call";
	cr_assert_eq(secbpf_explain(ex, &call, &e, &err), -ENOENT);
	cr_assert_null(e);
	cr_assert(strstr(err.message, "unknown syscall 'no_such_call'"), "%s",
		  err.message);
	cr_assert_eq(secbpf_explain(NULL, &call, &e, &err), -EINVAL);
	cr_assert_eq(secbpf_explain(ex, NULL, &e, &err), -EINVAL);
	secbpf_explainer_free(ex);

	cr_assert_eq(secbpf_explainer_new(NULL, &eo, &ex, &err), -EINVAL);
	eo.text_len = 3; /* a length without text */
	cr_assert_eq(secbpf_explainer_new(p, &eo, &ex, &err), -EINVAL);
	/* options from a newer header: unknown nonzero bytes */
	cr_assert_eq(secbpf_explainer_new(p, &bigger.o, &ex, &err), -EINVAL);
	cr_assert_null(ex);
	secbpf_profile_free(p);
}

/* Many rules naming one call, each with a condition: the explanation
 * lists them all, in profile order, and still agrees with the filter. */
Test(explain, many_rules_on_one_call)
{
	enum { N = 400 };
	size_t cap = 64 + N * 128, len = 0;
	char *json = malloc(cap);
	struct secbpf_profile *p;
	struct secbpf_explainer *ex;
	struct stats st = {0};
	const struct secbpf_arch *x86_64 = secbpf_arch_lookup("x86_64");

	cr_assert_not_null(json);
	len += (size_t)snprintf(json + len, cap - len,
				"{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
				"\"syscalls\": [");
	for (int i = 0; i < N; i++)
		len += (size_t)snprintf(json + len, cap - len,
					"%s{\"names\": [\"read\"], \"action\": "
					"\"%s\", "
					"\"args\": [{\"index\": 0, \"value\": "
					"%d, \"op\": "
					"\"SCMP_CMP_%s\"}]}",
					i ? ", " : "",
					i % 3 ? "SCMP_ACT_ALLOW"
					      : "SCMP_ACT_LOG",
					i, i % 2 ? "EQ" : "GE");
	snprintf(json + len, cap - len, "]}");
	p = load_ok(json);
	ex = explainer(p, json);
	for (uint64_t v = 0; v < N + 2; v += 37) {
		const uint64_t args[6] = {v};
		struct secbpf_explanation *e =
			explain_ok(ex, secbpf_explainer_prog(ex), x86_64, 0,
				   args, "many rules", &st);

		cr_assert_eq(e->nrules, N);
		for (size_t i = 1; i < e->nrules; i++)
			cr_assert_lt(e->rules[i - 1].index, e->rules[i].index);
		cr_assert_eq(e->rules[N - 1].line, 1);
		secbpf_explanation_free(e);
	}
	cr_assert_gt(st.reasons[SECBPF_EXPLAIN_EARLIER_MATCH], 0);
	secbpf_explainer_free(ex);
	secbpf_profile_free(p);
	free(json);
}

/* A filter that does not do what the rules say (here, one changed after
 * compiling) is an error, never an explanation of something else. */
Test(explain, a_disagreement_is_an_error)
{
	struct secbpf_profile *p = load_ok(two_rules);
	struct secbpf_explainer *ex = explainer(p, NULL);
	struct secbpf_prog *prog =
		(struct secbpf_prog *)secbpf_explainer_prog(ex);
	struct secbpf_explain_call call = {.sz = sizeof(call),
					   .name = "getpid"};
	struct secbpf_explanation *e = NULL;
	struct secbpf_error err;
	size_t changed = 0;

	/* before: getpid is allowed by /syscalls/0 */
	e = explain_name(ex, NULL, "getpid");
	cr_assert_eq(e->action, SECBPF_RET_ALLOW);
	secbpf_explanation_free(e);
	e = NULL;
	for (size_t i = 0; i < prog->len; i++)
		if (prog->insn[i].code == (BPF_RET | BPF_K) &&
		    prog->insn[i].k == SECBPF_RET_ALLOW) {
			prog->insn[i].k = SECBPF_RET_LOG;
			changed++;
		}
	cr_assert_gt(changed, 0);
	cr_assert_eq(secbpf_explain(ex, &call, &e, &err), -EPROTO);
	cr_assert_null(e);
	cr_assert(strstr(err.message, "internal error: explaining x86_64 39: "
				      "a rule gives ALLOW, the compiled "
				      "filter LOG"),
		  "%s", err.message);
	secbpf_explainer_free(ex);
	secbpf_profile_free(p);
}
