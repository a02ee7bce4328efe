// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Explain: which rule of a profile decides a syscall, and why each other
 * rule naming it does not.
 *
 * The verdict is the compiled filter's: the explainer compiles the policy
 * once and runs the interpreter (secbpf_prog_run) on each call.  The
 * explanation is read from what the filter was built from, stage by
 * stage: the resolver's reason for each rule it leaves out
 * (sb_profile_resolve_reasons, the resolver's own decision), the IR rules
 * each remaining rule became (their origins), and the order the compiler
 * tries them in (sb_order_rules, libseccomp's order).  The rule that
 * order makes decide must carry the interpreter's action, and what this
 * file computes of each rule's conditions must agree with the IR's: when
 * either does not, the explanation is wrong and the call fails with
 * -EPROTO rather than say something the filter does not do.
 */
#include <errno.h>
#include <linux/elf-em.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir/ir.h"
#include "profile/profile.h"

/* x32 syscall numbers carry this bit (__X32_SYSCALL_BIT). */
#define X32_SYSCALL_BIT 0x40000000U
/* The ENOSYS stub's errno, fixed as the compiler fixes it. */
#define ENOSYS_NR 38

#define NO_NR UINT32_MAX

struct name_map {
	const struct secbpf_arch *arch;
	uint32_t *nr, *mux_nr, *subcall; /* per name */
};

struct secbpf_explainer {
	const struct secbpf_profile *profile; /* the caller's */
	struct secbpf_policy *pol;
	struct secbpf_prog *prog;
	struct sb_resolve_env env;
	struct sb_resolve_reason *reasons; /* per profile rule */
	/* per profile rule: its index in the resolved profile (the IR's
	 * origin), or SIZE_MAX when resolution left it out */
	size_t *resolved_index;
	size_t nresolved;	 /* rules of the resolved profile */
	uint32_t *actions;	 /* per profile rule: SECCOMP_RET_* */
	unsigned *line, *column; /* per profile rule; NULL without text */
	/*
	 * Per target arch, each name of each rule (rule i's from
	 * name_first[i]): its number there and its multiplexer's, NO_NR
	 * when it has none.  Every explanation walks the names; looking
	 * each up once here makes a call's explanation several times
	 * faster (an arch the filter lacks is looked up per call).
	 */
	size_t *name_first;
	struct name_map *maps;
	size_t nmaps;
	bool and_repeated;
	bool enosys; /* the compiled filter has the ENOSYS stub */
	char *default_pointer;
	unsigned default_line, default_column;
};

/* ---- building the explainer ---- */

/* Actions that let the call run: with those as the default, the
 * compiler leaves the ENOSYS stub out, as runc does. */
static bool allowish(uint32_t action)
{
	uint32_t a = action & SECBPF_RET_ACTION_FULL;

	return a == SECBPF_RET_ALLOW || a == SECBPF_RET_LOG ||
	       a == (SECBPF_RET_TRACE(0) & SECBPF_RET_ACTION_FULL);
}

/* The rule's SECCOMP_RET_* value, its errno capped as the IR caps it. */
static uint32_t rule_action(const struct sb_prof_rule *r)
{
	uint32_t ret = sb_act_ret(r->act, r->data), out;

	return sb_ir_action(NULL, ret, NULL, NULL, &out) ? ret : out;
}

/* "/syscalls/12": the array's pointer ("/syscalls") and the index. */
static bool split_pointer(const char *ptr, size_t *prefix_len, size_t *index)
{
	const char *slash = ptr ? strrchr(ptr, '/') : NULL;
	size_t v = 0;

	if (!slash || !slash[1])
		return false;
	for (const char *c = slash + 1; *c; c++) {
		if (*c < '0' || *c > '9' || v > SB_PROF_MAX_RULES)
			return false;
		v = v * 10 + (size_t)(*c - '0');
	}
	*prefix_len = (size_t)(slash - ptr);
	*index = v;
	return true;
}

struct at {
	size_t off;
	size_t rule;
};

static int cmp_at(const void *a, const void *b)
{
	const struct at *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/*
 * Line and column of every rule and of the default action, in one pass
 * over the text (after one to find the rules): the text is scanned only
 * here, never when a profile is loaded.
 */
static int locate_rules(struct secbpf_explainer *ex, const char *text,
			size_t len)
{
	const struct secbpf_profile *p = ex->profile;
	size_t prefix_len = 0, idx, n = 0, maxidx = 0, def_off;
	struct at *at = NULL;
	size_t *offs = NULL;
	char *prefix = NULL;
	unsigned line = 1, col = 1;
	size_t pos = 0;
	int rc = -ENOMEM;

	ex->line = calloc(p->nrules ? p->nrules : 1, sizeof(*ex->line));
	ex->column = calloc(p->nrules ? p->nrules : 1, sizeof(*ex->column));
	at = calloc(p->nrules + 1, sizeof(*at));
	if (!ex->line || !ex->column || !at)
		goto out;
	if (p->nrules && split_pointer(p->rules[0].pointer, &prefix_len, &idx))
		prefix = strndup(p->rules[0].pointer, prefix_len);
	for (size_t i = 0; prefix && i < p->nrules; i++) {
		size_t pl;

		if (split_pointer(p->rules[i].pointer, &pl, &idx) &&
		    pl == prefix_len &&
		    !strncmp(p->rules[i].pointer, prefix, pl) && idx >= maxidx)
			maxidx = idx + 1;
	}
	if (prefix && maxidx) {
		offs = calloc(maxidx, sizeof(*offs));
		if (!offs)
			goto out;
		if (sb_json_locate_elements(text, len, prefix, offs, maxidx))
			maxidx = 0;
	}
	for (size_t i = 0; i < p->nrules && maxidx; i++) {
		size_t pl;

		if (split_pointer(p->rules[i].pointer, &pl, &idx) &&
		    pl == prefix_len && idx < maxidx && offs[idx] != SIZE_MAX)
			at[n++] = (struct at){offs[idx], i};
	}
	/* the default action sits beside "syscalls" */
	if (sb_json_locate(text, len, ex->default_pointer, &def_off) == 0)
		at[n++] = (struct at){def_off, SIZE_MAX};
	qsort(at, n, sizeof(*at), cmp_at);
	for (size_t k = 0; k < n; k++) {
		for (; pos < at[k].off && pos < len; pos++) {
			if (text[pos] == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
		if (at[k].rule == SIZE_MAX) {
			ex->default_line = line;
			ex->default_column = col;
		} else {
			ex->line[at[k].rule] = line;
			ex->column[at[k].rule] = col;
		}
	}
	rc = 0;
out:
	free(prefix);
	free(offs);
	free(at);
	return rc;
}

/* The default action's pointer: beside the rules' array (a config.json
 * holds the profile under /linux/seccomp). */
static int default_pointer(struct secbpf_explainer *ex)
{
	const struct secbpf_profile *p = ex->profile;
	size_t prefix_len, idx;
	const char *base = "";
	size_t base_len = 0;

	if (p->nrules &&
	    split_pointer(p->rules[0].pointer, &prefix_len, &idx)) {
		/* "/linux/seccomp/syscalls/3": what holds "/syscalls" */
		base = p->rules[0].pointer;
		for (base_len = prefix_len;
		     base_len > 0 && base[base_len - 1] != '/';)
			base_len--;
		if (base_len)
			base_len--;
	}
	if (asprintf(&ex->default_pointer, "%.*s/defaultAction", (int)base_len,
		     base) < 0) {
		ex->default_pointer = NULL;
		return -ENOMEM;
	}
	return 0;
}

static int map_names(struct secbpf_explainer *ex)
{
	const struct secbpf_profile *p = ex->profile;
	size_t total = 0;

	ex->name_first = calloc(p->nrules + 1, sizeof(*ex->name_first));
	ex->maps = calloc(ex->pol->narch, sizeof(*ex->maps));
	if (!ex->name_first || !ex->maps)
		return -ENOMEM;
	for (size_t i = 0; i < p->nrules; i++) {
		ex->name_first[i] = total;
		total += p->rules[i].nnames;
	}
	ex->name_first[p->nrules] = total;
	for (size_t a = 0; a < ex->pol->narch; a++) {
		struct name_map *m = &ex->maps[ex->nmaps++];
		size_t k = 0;

		m->arch = ex->pol->arch[a].arch;
		m->nr = calloc(total + 1, sizeof(*m->nr));
		m->mux_nr = calloc(total + 1, sizeof(*m->mux_nr));
		m->subcall = calloc(total + 1, sizeof(*m->subcall));
		if (!m->nr || !m->mux_nr || !m->subcall)
			return -ENOMEM;
		for (size_t i = 0; i < p->nrules; i++) {
			for (size_t j = 0; j < p->rules[i].nnames; j++, k++) {
				const char *name = p->rules[i].names[j];
				const struct sb_syscall *ent =
					sb_syscall_find(m->arch, name);

				m->nr[k] = ent ? ent->nr : NO_NR;
				if (secbpf_syscall_multiplex(m->arch, name,
							     &m->mux_nr[k],
							     &m->subcall[k]))
					m->mux_nr[k] = NO_NR;
			}
		}
	}
	return 0;
}

int secbpf_explainer_new(const struct secbpf_profile *profile,
			 const struct secbpf_explain_opts *opts,
			 struct secbpf_explainer **out,
			 struct secbpf_error *err)
{
	struct secbpf_explain_opts o;
	struct secbpf_policy_opts po;
	struct secbpf_profile *resolved = NULL;
	struct secbpf_explainer *ex;
	struct secbpf_compile_opts co;
	size_t next = 0;
	int rc;

	if (!profile || !out)
		return sb_err(err, -EINVAL, "invalid arguments");
	*out = NULL;
	/* the options of the calls below are checked here too, once: only
	 * and_repeated_args and enosys_newer are read from them */
	rc = SB_OPTS_COPY(opts, &o, secbpf_explain_opts, err);
	if (!rc)
		rc = SB_OPTS_COPY(o.policy, &po, secbpf_policy_opts, err);
	if (!rc)
		rc = SB_OPTS_COPY(o.compile, &co, secbpf_compile_opts, err);
	if (rc)
		return rc;
	if (o.text == NULL && o.text_len)
		return sb_err(err, -EINVAL, "invalid arguments");
	ex = calloc(1, sizeof(*ex));
	if (!ex)
		return sb_err(err, -ENOMEM, "out of memory explaining");
	ex->profile = profile;
	ex->and_repeated = po.and_repeated_args != 0;
	ex->reasons = calloc(profile->nrules ? profile->nrules : 1,
			     sizeof(*ex->reasons));
	ex->resolved_index = calloc(profile->nrules ? profile->nrules : 1,
				    sizeof(*ex->resolved_index));
	ex->actions = calloc(profile->nrules ? profile->nrules : 1,
			     sizeof(*ex->actions));
	if (!ex->reasons || !ex->resolved_index || !ex->actions)
		goto nomem;

	/* the resolver's decision on each rule, then the profile it makes */
	rc = sb_profile_resolve_reasons(profile, o.resolve, ex->reasons,
					&ex->env, err);
	if (!rc)
		rc = secbpf_profile_resolve(profile, o.resolve, &resolved, err);
	if (rc)
		goto fail;
	for (size_t i = 0; i < profile->nrules; i++) {
		ex->actions[i] = rule_action(&profile->rules[i]);
		ex->resolved_index[i] = SIZE_MAX;
		if (ex->reasons[i].why == SB_RESOLVE_APPLIES)
			ex->resolved_index[i] = next++;
	}
	ex->nresolved = next;
	if (next != resolved->nrules) {
		rc = sb_err(err, -EPROTO,
			    "internal error: resolution kept %zu rules, its "
			    "reasons %zu",
			    resolved->nrules, next);
		goto fail;
	}
	rc = secbpf_policy_new(resolved, &po, &ex->pol, err);
	if (rc)
		goto fail;
	rc = secbpf_compile(ex->pol, &co, &ex->prog, err);
	if (rc)
		goto fail;
	ex->enosys = co.enosys_newer && !allowish(ex->pol->default_action);
	if (default_pointer(ex) || map_names(ex))
		goto nomem;
	if (o.text && locate_rules(ex, o.text, o.text_len))
		goto nomem;
	secbpf_profile_free(resolved);
	*out = ex;
	return 0;
nomem:
	rc = sb_err(err, -ENOMEM, "out of memory explaining");
fail:
	secbpf_profile_free(resolved);
	secbpf_explainer_free(ex);
	return rc;
}

void secbpf_explainer_free(struct secbpf_explainer *ex)
{
	if (!ex)
		return;
	secbpf_policy_free(ex->pol);
	secbpf_prog_free(ex->prog);
	free(ex->reasons);
	free(ex->resolved_index);
	free(ex->actions);
	free(ex->line);
	free(ex->column);
	free(ex->default_pointer);
	for (size_t i = 0; i < ex->nmaps; i++) {
		free(ex->maps[i].nr);
		free(ex->maps[i].mux_nr);
		free(ex->maps[i].subcall);
	}
	free(ex->maps);
	free(ex->name_first);
	free(ex);
}

const struct secbpf_prog *
secbpf_explainer_prog(const struct secbpf_explainer *ex)
{
	return ex ? ex->prog : NULL;
}

/* ---- one call ---- */

/* How a rule reaches the call: by one of its names, or through the
 * arch's multiplexer (socketcall, ipc) by a name with a sub-call. */
struct route {
	const char *name;
	bool mux;
	uint32_t subcall;
};

struct query {
	const struct secbpf_explainer *ex;
	const struct secbpf_arch *arch;
	const char *qname;	    /* a name the arch does not know (NONE) */
	const struct name_map *map; /* the arch's names, if a target */
	uint32_t nr;
	uint64_t args[6]; /* as compared */
	uint64_t max;	  /* UINT32_MAX on 32-bit ABIs */
};

/* Routes with the same conditions are one: every direct name, and the
 * names of one sub-call. */
static bool has_route(const struct route *rt, size_t n, bool mux,
		      uint32_t subcall)
{
	for (size_t i = 0; i < n; i++)
		if (rt[i].mux == mux && (!mux || rt[i].subcall == subcall))
			return true;
	return false;
}

/* Routes of rule "r" to the call, each kind once: up to "max"; the
 * count. */
static size_t rule_routes(const struct query *q, size_t i, struct route *out,
			  size_t max)
{
	const struct sb_prof_rule *r = &q->ex->profile->rules[i];
	size_t n = 0, first = q->ex->name_first[i];

	for (size_t k = 0; k < r->nnames && n < max; k++) {
		const char *name = r->names[k];
		uint32_t nr = NO_NR, mux_nr = NO_NR, subcall = 0;

		if (q->qname) {
			if (!n && !strcmp(name, q->qname))
				out[n++] = (struct route){name, false, 0};
			continue;
		}
		if (q->map) {
			nr = q->map->nr[first + k];
			mux_nr = q->map->mux_nr[first + k];
			subcall = q->map->subcall[first + k];
		} else {
			const struct sb_syscall *ent =
				sb_syscall_find(q->arch, name);

			nr = ent ? ent->nr : NO_NR;
			if (secbpf_syscall_multiplex(q->arch, name, &mux_nr,
						     &subcall))
				mux_nr = NO_NR;
		}
		/* -1 is no table's number: NO_NR never equals q->nr there */
		if (nr == q->nr && nr != NO_NR && !has_route(out, n, false, 0))
			out[n++] = (struct route){name, false, 0};
		if (n < max && mux_nr == q->nr && mux_nr != NO_NR &&
		    !has_route(out, n, true, subcall))
			out[n++] = (struct route){name, true, subcall};
	}
	return n;
}

static void eval_cond(const struct query *q, struct secbpf_explain_cond *c)
{
	struct sb_cond cd = {
		.arg = (uint8_t)c->arg,
		.op = (uint8_t)c->op,
		.value = c->value & q->max,
		.value2 = c->value2 & q->max,
	};

	c->arg_value = q->args[c->arg];
	c->truncated = c->value > q->max ||
		       (c->op == SB_OP_MASKED_EQ && c->value2 > q->max);
	c->holds = c->ignored || sb_cond_holds(&cd, c->arg_value);
}

/*
 * The conditions of rule "r" reached by route "rt", as the filter tests
 * them: one part (ANDed), or one part per condition when the IR splits
 * the rule (OR); through a multiplexer each part also pins argument 0 to
 * the sub-call, and the rule's own conditions on argument 0 are not
 * checked.  *holds: whether some part holds.  0 or -ENOMEM.
 */
static int route_conds(const struct query *q, const struct sb_prof_rule *r,
		       const struct route *rt, bool split,
		       struct secbpf_explain_cond **out, size_t *nout,
		       size_t *nparts, bool *holds)
{
	size_t nc = r->nargs < SB_MAX_CONDS ? r->nargs : SB_MAX_CONDS;
	size_t parts = split ? nc : 1;
	size_t per = split ? 1 : nc, n = 0;
	struct secbpf_explain_cond *c;

	if (!parts)
		parts = 1;
	c = calloc(parts * (per + 1) + 1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	*holds = false;
	for (size_t p = 0; p < parts; p++) {
		bool all = true;

		if (rt->mux) {
			c[n] = (struct secbpf_explain_cond){
				.part = p,
				.arg = 0,
				.op = SB_OP_EQ,
				.value = rt->subcall,
				.subcall = true,
			};
			eval_cond(q, &c[n]);
			all &= c[n].holds;
			n++;
		}
		for (size_t i = 0; i < per; i++) {
			const struct sb_prof_arg *a = &r->args[split ? p : i];

			c[n] = (struct secbpf_explain_cond){
				.part = p,
				.arg = a->index,
				.op = a->op,
				.value = a->value,
				.value2 = a->value2,
				.ignored = rt->mux && a->index == 0,
			};
			eval_cond(q, &c[n]);
			all &= c[n].holds;
			n++;
		}
		*holds |= all;
	}
	*out = c;
	*nout = n;
	*nparts = parts;
	return 0;
}

static const struct sb_ir_arch *ir_arch(const struct secbpf_policy *pol,
					const struct secbpf_arch *a)
{
	for (size_t i = 0; i < pol->narch; i++)
		if (pol->arch[i].arch == a)
			return &pol->arch[i];
	return NULL;
}

static const struct sb_ir_syscall *ir_syscall(const struct sb_ir_arch *ia,
					      uint32_t nr)
{
	size_t lo = 0, hi = ia->nsys;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ia->sys[mid].nr == nr)
			return &ia->sys[mid];
		if (ia->sys[mid].nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static bool norm_holds(const struct query *q, const struct sb_norm_rule *r)
{
	for (unsigned i = 0; i < r->ncond; i++) {
		struct sb_cond c = r->cond[i];

		/* rules kept in their order come unnarrowed */
		c.value &= q->max;
		c.value2 &= q->max;
		if (!sb_cond_holds(&c, q->args[c.arg]))
			return false;
	}
	return true;
}

/* Per rule of the resolved profile, what its IR rules on the syscall do. */
#define IR_HAS 1     /* it has some (else it was dropped) */
#define IR_MATCH 2   /* one of them holds for the call, on its own */
#define IR_DECIDES 4 /* one of them decides */

/* What the IR says of one syscall's rules for the call. */
struct ir_view {
	const struct sb_ir_syscall *sys; /* NULL: no rule for the number */
	size_t decider;			 /* IR rule that decides, or SIZE_MAX */
	bool shadow;	    /* an unconditional rule decides every call */
	uint8_t *by_origin; /* IR_* per resolved rule */
};

static int ir_view(const struct query *q, const struct sb_ir_syscall *sys,
		   struct ir_view *v)
{
	unsigned bits = q->max == UINT32_MAX ? 32 : 64;
	struct sb_norm_rule *ordered;
	size_t n;

	v->sys = sys;
	v->decider = SIZE_MAX;
	v->shadow = false;
	v->by_origin = calloc(q->ex->nresolved + 1, sizeof(*v->by_origin));
	if (!v->by_origin)
		return -ENOMEM;
	if (!sys)
		return 0;
	ordered = calloc(sys->nrules, sizeof(*ordered));
	if (!ordered)
		return -ENOMEM;
	/* the compiler's order: the first rule that holds decides */
	n = sb_order_rules(sys, bits, ordered);
	for (size_t i = 0; i < n && v->decider == SIZE_MAX; i++)
		if (norm_holds(q, &ordered[i]))
			v->decider = ordered[i].orig;
	v->shadow = n == 1 && ordered[0].ncond == 0 && sys->nrules > 1;
	/* each rule on its own, normalised as the compiler normalises it */
	for (size_t i = 0; i < sys->nrules; i++) {
		struct sb_ir_syscall one = *sys;
		uint32_t o = sys->rules[i].origin;

		if (o >= q->ex->nresolved) {
			free(ordered);
			return -EPROTO;
		}
		one.rules = &sys->rules[i];
		one.nrules = 1;
		sb_order_rules(&one, bits, ordered);
		v->by_origin[o] |= IR_HAS;
		if (norm_holds(q, &ordered[0]))
			v->by_origin[o] |= IR_MATCH;
		if (i == v->decider)
			v->by_origin[o] |= IR_DECIDES;
	}
	free(ordered);
	return 0;
}

static enum secbpf_explain_reason resolve_reason(enum sb_resolve_why why)
{
	switch (why) {
	case SB_RESOLVE_EXCLUDED_ARCH:
		return SECBPF_EXPLAIN_EXCLUDED_ARCH;
	case SB_RESOLVE_EXCLUDED_CAP:
		return SECBPF_EXPLAIN_EXCLUDED_CAP;
	case SB_RESOLVE_EXCLUDED_KERNEL:
		return SECBPF_EXPLAIN_EXCLUDED_KERNEL;
	case SB_RESOLVE_NOT_INCLUDED_ARCH:
		return SECBPF_EXPLAIN_NOT_INCLUDED_ARCH;
	case SB_RESOLVE_MISSING_CAP:
		return SECBPF_EXPLAIN_MISSING_CAP;
	default:
		return SECBPF_EXPLAIN_MIN_KERNEL;
	}
}

static void resolve_detail(const struct sb_prof_rule *r,
			   const struct sb_resolve_reason *why,
			   struct secbpf_explain_rule *item)
{
	switch (why->why) {
	case SB_RESOLVE_EXCLUDED_CAP:
		item->cap = r->excludes.caps[why->item];
		break;
	case SB_RESOLVE_MISSING_CAP:
		item->cap = r->includes.caps[why->item];
		break;
	case SB_RESOLVE_EXCLUDED_KERNEL:
		item->kernel_major = r->excludes.min_major;
		item->kernel_minor = r->excludes.min_minor;
		break;
	case SB_RESOLVE_MIN_KERNEL:
		item->kernel_major = r->includes.min_major;
		item->kernel_minor = r->includes.min_minor;
		break;
	default:
		break;
	}
}

static int proto(struct secbpf_error *err, const struct query *q,
		 const char *what, const char *pointer)
{
	return sb_err(err, -EPROTO,
		      "internal error: explaining %s %u: %s%s%s; the "
		      "explanation would not be the filter's",
		      secbpf_arch_name(q->arch), q->nr, pointer ? pointer : "",
		      pointer ? ": " : "", what);
}

/*
 * The entry for profile rule "i", which reaches the call by routes
 * rt[0..nrt): its reason, and the conditions of the route that decides
 * or best says why it does not.  "iv" is the IR's view (NULL when the
 * rules are not reached).
 */
static int explain_rule(const struct query *q, size_t i, const struct route *rt,
			size_t nrt, const struct ir_view *iv,
			enum secbpf_explain_verdict vd,
			struct secbpf_explain_rule *item,
			struct secbpf_error *err)
{
	const struct secbpf_explainer *ex = q->ex;
	const struct sb_prof_rule *r = &ex->profile->rules[i];
	size_t origin = ex->resolved_index[i], pick = 0;
	bool in_ir = false, decides = false, ir_match = false, any = false;
	bool split;
	int rc;

	item->index = i;
	item->pointer = r->pointer;
	item->comment = r->comment;
	item->action = ex->actions[i];
	item->line = ex->line ? ex->line[i] : 0;
	item->column = ex->column ? ex->column[i] : 0;
	item->repeated_arg = sb_prof_rule_repeated_arg(r);
	item->by = SIZE_MAX;
	split = item->repeated_arg >= 0 && !ex->and_repeated;
	item->split = split;

	/* the route to show: the one whose conditions hold if any, else the
	 * direct one, else the sub-call the call makes */
	for (size_t k = 0; k < nrt; k++) {
		struct secbpf_explain_cond *c;
		size_t nc, np;
		bool holds;

		rc = route_conds(q, r, &rt[k], split, &c, &nc, &np, &holds);
		if (rc)
			return rc;
		free(c);
		if (holds) {
			pick = k;
			any = true;
			break;
		}
		if (rt[pick].mux && (!rt[k].mux || rt[k].subcall == q->args[0]))
			pick = k;
	}
	item->name = rt[pick].name;
	if (rt[pick].mux) {
		item->mux = secbpf_syscall_name(q->arch, q->nr);
		item->subcall = rt[pick].subcall;
	}
	if (vd != SECBPF_VERDICT_NONE) {
		bool holds;

		rc = route_conds(q, r, &rt[pick], split, &item->conds,
				 &item->nconds, &item->nparts, &holds);
		if (rc)
			return rc;
	}

	if (vd == SECBPF_VERDICT_NONE) {
		item->reason = SECBPF_EXPLAIN_UNKNOWN_NAME;
		return 0;
	}
	if (origin == SIZE_MAX) {
		item->reason = resolve_reason(ex->reasons[i].why);
		resolve_detail(r, &ex->reasons[i], item);
		return 0;
	}
	if (!iv) {
		item->reason = SECBPF_EXPLAIN_NOT_REACHED;
		return 0;
	}
	in_ir = iv->by_origin[origin] & IR_HAS;
	ir_match = iv->by_origin[origin] & IR_MATCH;
	decides = iv->by_origin[origin] & IR_DECIDES;
	if (!in_ir) {
		/* the IR builder drops a rule with the default's action */
		if (item->action != ex->pol->default_action)
			return proto(err, q,
				     "the rule is not among the filter's",
				     r->pointer);
		item->reason = SECBPF_EXPLAIN_EQUALS_DEFAULT;
		return 0;
	}
	if (ir_match != any)
		return proto(err, q,
			     any ? "its conditions hold but the filter's do not"
				 : "the filter's conditions hold but its own "
				   "do not",
			     r->pointer);
	if (decides)
		item->reason = SECBPF_EXPLAIN_DECIDED;
	else if (iv->shadow)
		item->reason = SECBPF_EXPLAIN_SHADOWED;
	else if (ir_match)
		item->reason = SECBPF_EXPLAIN_EARLIER_MATCH;
	else
		item->reason = SECBPF_EXPLAIN_NO_MATCH;
	return 0;
}

/* Is "name" a syscall of some arch (by itself or through a multiplexer)? */
static bool known_anywhere(const char *name)
{
	uint32_t a, b;

	for (size_t i = 0; i < secbpf_arch_count(); i++)
		if (sb_syscall_find(secbpf_arch_at(i), name) ||
		    secbpf_syscall_multiplex(secbpf_arch_at(i), name, &a, &b) ==
			    0)
			return true;
	return false;
}

static bool profile_names(const struct secbpf_profile *p, const char *name)
{
	for (size_t i = 0; i < p->nrules; i++)
		for (size_t k = 0; k < p->rules[i].nnames; k++)
			if (!strcmp(p->rules[i].names[k], name))
				return true;
	return false;
}

static bool is_s390(const struct secbpf_arch *a)
{
	return (secbpf_arch_audit(a) & 0xffff) == EM_S390;
}

/* The x86_64 / x32 pair share AUDIT_ARCH_X86_64; the number tells them
 * apart (bit 30), as the filter does. */
static const struct secbpf_arch *abi_of(const struct secbpf_arch *a,
					uint32_t nr)
{
	bool x32 = nr & X32_SYSCALL_BIT;

	if (a == secbpf_arch_lookup("x86_64") && x32 && nr != UINT32_MAX)
		return secbpf_arch_lookup("x32");
	if (a == secbpf_arch_lookup("x32") && !x32)
		return secbpf_arch_lookup("x86_64");
	return a;
}

/*
 * What the filter does with the call before any rule, and then which rule
 * decides: the verdict this file derives, to be checked against the
 * interpreter's.
 */
static enum secbpf_explain_verdict derive(const struct query *q,
					  const struct sb_ir_arch **ia)
{
	const struct secbpf_policy *pol = q->ex->pol;
	bool block = false;

	*ia = NULL;
	for (size_t i = 0; i < pol->narch; i++)
		block |= pol->arch[i].arch->audit == q->arch->audit;
	if (!block)
		return SECBPF_VERDICT_BADARCH;
	/* -1 (a tracer's skip) falls through to the default, as in
	 * libseccomp */
	if (q->nr == UINT32_MAX)
		return SECBPF_VERDICT_DEFAULT;
	/* the other half of x86_64 / x32, when the filter lacks it */
	*ia = ir_arch(pol, q->arch);
	if (!*ia)
		return SECBPF_VERDICT_BADARCH;
	if (ir_syscall(*ia, q->nr))
		return SECBPF_VERDICT_RULE; /* or the default: see the IR */
	if (q->ex->enosys &&
	    (q->nr > (*ia)->max_named_nr || (q->nr == 0 && is_s390(q->arch))))
		return SECBPF_VERDICT_ENOSYS;
	return SECBPF_VERDICT_DEFAULT;
}

static const char *verdict_name(enum secbpf_explain_verdict v)
{
	switch (v) {
	case SECBPF_VERDICT_RULE:
		return "a rule";
	case SECBPF_VERDICT_DEFAULT:
		return "the default action";
	case SECBPF_VERDICT_ENOSYS:
		return "the ENOSYS stub";
	case SECBPF_VERDICT_BADARCH:
		return "the bad-arch action";
	default:
		return "nothing";
	}
}

void secbpf_explanation_free(struct secbpf_explanation *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->nrules; i++)
		free(e->rules[i].conds);
	free(e->rules);
	free(e);
}

static int fill_rules(const struct query *q, const struct ir_view *iv,
		      struct secbpf_explanation *e, struct secbpf_error *err)
{
	const struct secbpf_profile *p = q->ex->profile;
	struct route rt[64];
	int rc;

	e->rules = calloc(p->nrules ? p->nrules : 1, sizeof(*e->rules));
	if (!e->rules)
		return -ENOMEM;
	for (size_t i = 0; i < p->nrules; i++) {
		size_t nrt = rule_routes(q, i, rt, SB_ARRAY_SIZE(rt));

		if (!nrt)
			continue;
		rc = explain_rule(q, i, rt, nrt, iv, e->verdict,
				  &e->rules[e->nrules], err);
		e->nrules++;
		if (rc)
			return rc;
		if (e->rules[e->nrules - 1].reason == SECBPF_EXPLAIN_DECIDED) {
			if (e->verdict != SECBPF_VERDICT_RULE ||
			    e->rule != SIZE_MAX)
				return proto(err, q, "two rules decide", NULL);
			e->rule = e->nrules - 1;
		}
	}
	/* who comes first for the ones that match too late */
	for (size_t i = 0; i < e->nrules; i++)
		if (e->rules[i].reason == SECBPF_EXPLAIN_SHADOWED ||
		    e->rules[i].reason == SECBPF_EXPLAIN_EARLIER_MATCH)
			e->rules[i].by = e->rule;
	return 0;
}

int secbpf_explain(const struct secbpf_explainer *ex,
		   const struct secbpf_explain_call *call,
		   struct secbpf_explanation **out, struct secbpf_error *err)
{
	struct secbpf_explain_call c;
	struct query q = {.ex = ex};
	struct secbpf_explanation *e;
	struct ir_view iv = {0};
	const struct sb_ir_arch *ia;
	struct secbpf_data d = {0};
	struct secbpf_run_result run = {0};
	uint64_t raw[6];
	uint32_t want;
	int rc;

	if (!ex || !call || !out)
		return sb_err(err, -EINVAL, "invalid arguments");
	*out = NULL;
	rc = SB_OPTS_COPY(call, &c, secbpf_explain_call, err);
	if (rc)
		return rc;
	q.arch = c.arch ? c.arch : ex->pol->arch[0].arch;
	memcpy(raw, c.args, sizeof(raw));
	if (c.name) {
		const struct sb_syscall *ent = sb_syscall_find(q.arch, c.name);
		uint32_t mux_nr, subcall;

		if (ent) {
			q.nr = ent->nr;
		} else if (secbpf_syscall_multiplex(q.arch, c.name, &mux_nr,
						    &subcall) == 0) {
			/* the call the program makes: the multiplexer's,
			 * with the sub-call in its first argument */
			q.nr = mux_nr;
			raw[0] = subcall;
		} else if (known_anywhere(c.name) ||
			   profile_names(ex->profile, c.name)) {
			q.qname = c.name;
		} else {
			return sb_err(err, -ENOENT, "unknown syscall '%s'",
				      c.name);
		}
	} else {
		q.nr = c.nr;
	}
	if (!q.qname)
		q.arch = abi_of(q.arch, q.nr);
	q.max = secbpf_arch_bits(q.arch) == 32 ? UINT32_MAX : UINT64_MAX;
	for (size_t i = 0; i < ex->nmaps; i++)
		if (ex->maps[i].arch == q.arch)
			q.map = &ex->maps[i];
	for (int i = 0; i < 6; i++)
		q.args[i] = raw[i] & q.max;

	e = calloc(1, sizeof(*e));
	if (!e)
		return sb_err(err, -ENOMEM, "out of memory explaining");
	e->arch = q.arch;
	e->nr = q.nr;
	e->name = q.qname ? c.name : secbpf_syscall_name(q.arch, q.nr);
	memcpy(e->args, q.args, sizeof(e->args));
	e->narrow = q.max == UINT32_MAX;
	if (c.name && !q.qname && !sb_syscall_find(q.arch, c.name)) {
		e->mux = e->name;
		e->name = c.name;
		e->subcall = (uint32_t)raw[0];
	}
	e->rule = SIZE_MAX;
	e->source = ex->profile->source;
	e->arches = ex->env.arches;
	e->narches = ex->env.narches;
	e->primary = ex->env.narches ? ex->env.arches[0] : NULL;
	e->kernel_major = ex->env.kernel_major;
	e->kernel_minor = ex->env.kernel_minor;
	e->default_action = ex->pol->default_action;
	e->default_pointer = ex->default_pointer;
	e->default_line = ex->default_line;
	e->default_column = ex->default_column;
	e->badarch_action = ex->pol->badarch_action;
	e->enosys_newer = ex->enosys;

	if (q.qname) {
		e->verdict = SECBPF_VERDICT_NONE;
		rc = fill_rules(&q, NULL, e, err);
		goto out;
	}

	/* the ground truth: the compiled filter, run */
	d.nr = q.nr;
	d.arch = secbpf_arch_audit(q.arch);
	memcpy(d.args, raw, sizeof(d.args));
	rc = secbpf_prog_run(ex->prog, &d, &run, err);
	if (rc)
		goto out;
	e->action = run.action;

	e->verdict = derive(&q, &ia);
	if (ia)
		e->max_named_nr = ia->max_named_nr;
	if (ia) {
		rc = ir_view(&q, ir_syscall(ia, q.nr), &iv);
		if (rc == -EPROTO)
			rc = proto(err, &q, "an IR rule has no profile rule",
				   NULL);
		if (rc)
			goto out;
		/* rules for the number, none of which holds */
		if (e->verdict == SECBPF_VERDICT_RULE && iv.decider == SIZE_MAX)
			e->verdict = SECBPF_VERDICT_DEFAULT;
	}
	rc = fill_rules(&q, ia ? &iv : NULL, e, err);
	if (rc)
		goto out;

	switch (e->verdict) {
	case SECBPF_VERDICT_RULE:
		want = iv.sys->rules[iv.decider].action;
		if (e->rule == SIZE_MAX) {
			rc = proto(err, &q,
				   "the deciding rule is not among the rules "
				   "naming the call",
				   NULL);
			goto out;
		}
		break;
	case SECBPF_VERDICT_ENOSYS:
		want = SECBPF_RET_ERRNO(ENOSYS_NR);
		break;
	case SECBPF_VERDICT_BADARCH:
		want = ex->pol->badarch_action;
		break;
	default:
		want = ex->pol->default_action;
		break;
	}
	if (want != run.action) {
		char a[32], b[32], what[160];

		snprintf(what, sizeof(what),
			 "%s gives %s, the compiled filter %s",
			 verdict_name(e->verdict),
			 secbpf_action_str(want, a, sizeof(a)),
			 secbpf_action_str(run.action, b, sizeof(b)));
		rc = proto(err, &q, what, NULL);
	}
out:
	free(iv.by_origin);
	if (rc == -ENOMEM)
		rc = sb_err(err, -ENOMEM, "out of memory explaining");
	if (rc) {
		secbpf_explanation_free(e);
		return rc;
	}
	*out = e;
	return 0;
}
