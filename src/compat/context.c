// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The filter context: arches, attributes, rules.
 *
 * A context holds one database per target arch, as libseccomp does: rules
 * go to the arches present when they are added (an arch added later gets
 * none of them), each rewritten for its arch on the way in:
 *  - the number is carried from the native arch to the target by name;
 *  - where libseccomp multiplexes socket/ipc calls, a call becomes a rule
 *    on socketcall/ipc with argument 0 pinned to the sub-call and, when
 *    the arch also has the direct syscall, a rule on that;
 *  - a name the arch lacks becomes its pseudo number, kept but never in
 *    the filter.
 * A rule is added to every arch or to none: if one refuses it, the others
 * are rolled back.  The return codes are libseccomp 2.5's, including its
 * refusals of the _exact variants.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "seccomp.h"

/* ---- helpers ---- */

int compat_rc(int rc)
{
	if (rc >= 0)
		return rc;
	switch (rc) {
	case -EACCES:
	case -ECANCELED:
	case -EDOM:
	case -EEXIST:
	case -EINVAL:
	case -ENOENT:
	case -ENOMEM:
	case -EOPNOTSUPP:
	case -ESRCH:
		return rc;
	default:
		/* libseccomp's "internal error" */
		return -EFAULT;
	}
}

bool compat_ctx_valid(const struct compat_ctx *ctx)
{
	return ctx && ctx->magic == COMPAT_MAGIC && ctx->nfilters > 0;
}

int compat_action_valid(const struct compat_ctx *ctx, uint32_t action)
{
	/* the kernel refuses TSYNC with a listener unless it has
	 * TSYNC_ESRCH */
	if (ctx && compat_sup_flag(SECCOMP_FILTER_FLAG_TSYNC_ESRCH) < 1 &&
	    ctx->attr.tsync && action == SCMP_ACT_NOTIFY)
		return -EINVAL;
	return compat_sup_action(action) == 1 ? 0 : -EINVAL;
}

static bool syscall_valid(const struct compat_ctx *ctx, int syscall)
{
	/* -1 is a tracer's skipped syscall; -2..-99 are reserved */
	if (ctx->attr.tskip && syscall == -1)
		return true;
	return !(syscall <= -1 && syscall >= -99);
}

static int endian_of(const struct compat_arch *a)
{
	return secbpf_arch_big_endian(a->arch) ? 2 : 1;
}

static void filter_release(struct compat_filter *f)
{
	lt_db_free(f->db);
	free(f->rules);
	free(f->xlate);
}

static int filter_add(struct compat_ctx *ctx, const struct compat_arch *a)
{
	struct compat_filter *nf;

	if (ctx->endian && ctx->endian != endian_of(a))
		return -EDOM;
	for (size_t i = 0; i < ctx->nfilters; i++)
		if (ctx->filters[i].arch == a)
			return -EEXIST;
	nf = realloc(ctx->filters, (ctx->nfilters + 1) * sizeof(*nf));
	if (!nf)
		return -ENOMEM;
	ctx->filters = nf;
	memset(&nf[ctx->nfilters], 0, sizeof(*nf));
	nf[ctx->nfilters].arch = a;
	nf[ctx->nfilters].db = lt_db_new(secbpf_arch_bits(a->arch) == 64);
	if (!nf[ctx->nfilters].db)
		return -ENOMEM;
	ctx->nfilters++;
	if (!ctx->endian)
		ctx->endian = endian_of(a);
	return 0;
}

static struct compat_filter *filter_of(struct compat_ctx *ctx, uint32_t token)
{
	for (size_t i = 0; i < ctx->nfilters; i++)
		if (ctx->filters[i].arch->token == token)
			return &ctx->filters[i];
	return NULL;
}

/* Back to a fresh filter for the native arch. */
static int ctx_reset(struct compat_ctx *ctx, uint32_t def)
{
	const struct compat_arch *native = compat_arch_native();

	for (size_t i = 0; i < ctx->nfilters; i++)
		filter_release(&ctx->filters[i]);
	free(ctx->filters);
	ctx->filters = NULL;
	ctx->nfilters = 0;
	ctx->endian = 0;
	ctx->attr = (struct compat_attrs){
		.act_default = def,
		.act_badarch = SCMP_ACT_KILL,
		.nnp = 1,
		.optimize = 1,
	};
	ctx->magic = COMPAT_MAGIC;
	ctx->notify_used = def == SCMP_ACT_NOTIFY;
	if (!native)
		return -EOPNOTSUPP;
	return filter_add(ctx, native);
}

/* ---- versions and levels ---- */

COMPAT_API const struct scmp_version *seccomp_version(void)
{
	static const struct scmp_version v = {SCMP_VER_MAJOR, SCMP_VER_MINOR,
					      SCMP_VER_MICRO};

	return &v;
}

COMPAT_API unsigned int seccomp_api_get(void)
{
	return compat_api_update();
}

COMPAT_API int seccomp_api_set(unsigned int level)
{
	return compat_rc(compat_api_set(level));
}

/* ---- contexts ---- */

COMPAT_API scmp_filter_ctx seccomp_init(uint32_t def_action)
{
	struct compat_ctx *ctx;

	compat_api_update();
	if (compat_action_valid(NULL, def_action))
		return NULL;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return NULL;
	if (ctx_reset(ctx, def_action)) {
		seccomp_release(ctx);
		return NULL;
	}
	return ctx;
}

COMPAT_API int seccomp_reset(scmp_filter_ctx c, uint32_t def_action)
{
	struct compat_ctx *ctx = c;

	if (!ctx) {
		/* forget what was learnt about the kernel */
		compat_state_reset();
		compat_api_update();
		return 0;
	}
	if (compat_action_valid(NULL, def_action))
		return -EINVAL;
	return compat_rc(ctx_reset(ctx, def_action));
}

COMPAT_API void seccomp_release(scmp_filter_ctx c)
{
	struct compat_ctx *ctx = c;

	if (!ctx)
		return;
	for (size_t i = 0; i < ctx->nfilters; i++)
		filter_release(&ctx->filters[i]);
	free(ctx->filters);
	ctx->magic = 0;
	free(ctx);
}

COMPAT_API int seccomp_merge(scmp_filter_ctx c_dst, scmp_filter_ctx c_src)
{
	struct compat_ctx *dst = c_dst, *src = c_src;
	struct compat_filter *nf;

	if (!compat_ctx_valid(dst) || !compat_ctx_valid(src))
		return -EINVAL;
	/* only these attributes must agree; the others stay dst's */
	if (dst->attr.act_default != src->attr.act_default ||
	    dst->attr.nnp != src->attr.nnp ||
	    dst->attr.tsync != src->attr.tsync)
		return -EINVAL;
	if (dst->endian != src->endian)
		return -EDOM;
	for (size_t i = 0; i < dst->nfilters; i++)
		for (size_t j = 0; j < src->nfilters; j++)
			if (dst->filters[i].arch == src->filters[j].arch)
				return -EEXIST;
	nf = realloc(dst->filters,
		     (dst->nfilters + src->nfilters) * sizeof(*nf));
	if (!nf)
		return -ENOMEM;
	dst->filters = nf;
	memcpy(&nf[dst->nfilters], src->filters, src->nfilters * sizeof(*nf));
	dst->nfilters += src->nfilters;
	/* the source is gone (its arches now belong to dst) */
	src->nfilters = 0;
	seccomp_release(src);
	return 0;
}

/* ---- arches ---- */

COMPAT_API uint32_t seccomp_arch_resolve_name(const char *arch_name)
{
	const struct compat_arch *a = compat_arch_by_name(arch_name);

	return a ? a->token : 0;
}

COMPAT_API uint32_t seccomp_arch_native(void)
{
	const struct compat_arch *a = compat_arch_native();

	return a ? a->token : 0;
}

COMPAT_API int seccomp_arch_exist(const scmp_filter_ctx c, uint32_t token)
{
	struct compat_ctx *ctx = c;
	const struct compat_arch *a = compat_arch_by_token(token);

	if (!a || !ctx || ctx->magic != COMPAT_MAGIC)
		return -EINVAL;
	/* 0 when the filter has the arch, -EEXIST when it has not */
	return filter_of(ctx, a->token) ? 0 : -EEXIST;
}

COMPAT_API int seccomp_arch_add(scmp_filter_ctx c, uint32_t token)
{
	struct compat_ctx *ctx = c;
	const struct compat_arch *a = compat_arch_by_token(token);

	if (!a || !ctx || ctx->magic != COMPAT_MAGIC)
		return -EINVAL;
	if (filter_of(ctx, a->token))
		return -EEXIST;
	return compat_rc(filter_add(ctx, a));
}

COMPAT_API int seccomp_arch_remove(scmp_filter_ctx c, uint32_t token)
{
	struct compat_ctx *ctx = c;
	const struct compat_arch *a = compat_arch_by_token(token);
	struct compat_filter *f;

	if (!a || !ctx || ctx->magic != COMPAT_MAGIC)
		return -EINVAL;
	f = filter_of(ctx, a->token);
	if (!f)
		return -EEXIST;
	filter_release(f);
	memmove(f, f + 1,
		(size_t)(&ctx->filters[ctx->nfilters] - (f + 1)) * sizeof(*f));
	ctx->nfilters--;
	if (!ctx->nfilters) {
		free(ctx->filters);
		ctx->filters = NULL;
		ctx->endian = 0;
	}
	return 0;
}

/* ---- attributes ---- */

COMPAT_API int seccomp_attr_get(const scmp_filter_ctx c,
				enum scmp_filter_attr attr, uint32_t *value)
{
	const struct compat_ctx *ctx = c;
	const struct compat_attrs *a;

	if (!compat_ctx_valid(ctx))
		return -EINVAL;
	a = &ctx->attr;
	switch (attr) {
	case SCMP_FLTATR_ACT_DEFAULT:
	case SCMP_FLTATR_ACT_BADARCH:
	case SCMP_FLTATR_CTL_NNP:
	case SCMP_FLTATR_CTL_TSYNC:
	case SCMP_FLTATR_API_TSKIP:
	case SCMP_FLTATR_CTL_LOG:
	case SCMP_FLTATR_CTL_SSB:
	case SCMP_FLTATR_CTL_OPTIMIZE:
	case SCMP_FLTATR_API_SYSRAWRC:
		break;
	default:
		return -EINVAL;
	}
	if (!value)
		return -EINVAL;
	switch (attr) {
	case SCMP_FLTATR_ACT_DEFAULT:
		*value = a->act_default;
		break;
	case SCMP_FLTATR_ACT_BADARCH:
		*value = a->act_badarch;
		break;
	case SCMP_FLTATR_CTL_NNP:
		*value = a->nnp;
		break;
	case SCMP_FLTATR_CTL_TSYNC:
		*value = a->tsync;
		break;
	case SCMP_FLTATR_API_TSKIP:
		*value = a->tskip;
		break;
	case SCMP_FLTATR_CTL_LOG:
		*value = a->log;
		break;
	case SCMP_FLTATR_CTL_SSB:
		*value = a->ssb;
		break;
	case SCMP_FLTATR_CTL_OPTIMIZE:
		*value = a->optimize;
		break;
	default:
		*value = a->sysrawrc;
		break;
	}
	return 0;
}

/* A flag attribute the kernel must support: 0, or -EOPNOTSUPP. */
static int set_flag_attr(uint32_t *slot, unsigned flag, uint32_t value)
{
	int sup = compat_sup_flag(flag);

	if (sup < 0)
		return sup;
	if (!sup)
		return -EOPNOTSUPP;
	*slot = value ? 1 : 0;
	return 0;
}

COMPAT_API int seccomp_attr_set(scmp_filter_ctx c, enum scmp_filter_attr attr,
				uint32_t value)
{
	struct compat_ctx *ctx = c;
	struct compat_attrs *a;

	if (!compat_ctx_valid(ctx))
		return -EINVAL;
	a = &ctx->attr;
	switch (attr) {
	case SCMP_FLTATR_ACT_DEFAULT:
		return -EACCES; /* read only */
	case SCMP_FLTATR_ACT_BADARCH:
		if (compat_action_valid(ctx, value))
			return -EINVAL;
		a->act_badarch = value;
		return 0;
	case SCMP_FLTATR_CTL_NNP:
		a->nnp = value ? 1 : 0;
		return 0;
	case SCMP_FLTATR_CTL_TSYNC: {
		int sup = compat_sup_flag(SECCOMP_FILTER_FLAG_TSYNC);

		if (sup == 0)
			return -EOPNOTSUPP;
		if (sup < 0)
			return compat_rc(sup);
		/* TSYNC and a listener need TSYNC_ESRCH */
		if (compat_sup_flag(SECCOMP_FILTER_FLAG_TSYNC_ESRCH) < 1 &&
		    value && ctx->notify_used)
			return -EINVAL;
		a->tsync = value ? 1 : 0;
		return 0;
	}
	case SCMP_FLTATR_API_TSKIP:
		a->tskip = value ? 1 : 0;
		return 0;
	case SCMP_FLTATR_CTL_LOG:
		return compat_rc(
			set_flag_attr(&a->log, SECCOMP_FILTER_FLAG_LOG, value));
	case SCMP_FLTATR_CTL_SSB:
		return compat_rc(set_flag_attr(
			&a->ssb, SECCOMP_FILTER_FLAG_SPEC_ALLOW, value));
	case SCMP_FLTATR_CTL_OPTIMIZE:
		if (value != 1 && value != 2)
			return -EOPNOTSUPP;
		a->optimize = value;
		return 0;
	case SCMP_FLTATR_API_SYSRAWRC:
		a->sysrawrc = value ? 1 : 0;
		return 0;
	default:
		return -EINVAL;
	}
}

/* ---- syscall names ---- */

COMPAT_API char *seccomp_syscall_resolve_num_arch(uint32_t token, int num)
{
	const struct compat_arch *a = compat_arch_by_token(token);
	const char *name = a ? compat_resolve_num(a, num) : NULL;

	return name ? strdup(name) : NULL;
}

COMPAT_API int seccomp_syscall_resolve_name_arch(uint32_t token,
						 const char *name)
{
	const struct compat_arch *a = compat_arch_by_token(token);

	if (!name || !a)
		return NR_SCMP_ERROR;
	return compat_resolve_name(a, name);
}

/*
 * A pseudo number turned into what the arch's filter uses: a multiplexed
 * call into its multiplexer.  0 and the number, -EDOM when the arch has
 * no such syscall, -EINVAL for a reserved number.
 */
static int rewrite(const struct compat_arch *a, int *nr)
{
	if (*nr >= -1)
		return 0;
	if (*nr > -100)
		return -EINVAL;
	if (*nr > -10000 && a->mux) {
		if (compat_mux_kind(*nr) == 1)
			*nr = a->socketcall;
		else if (compat_mux_kind(*nr) == 2)
			*nr = a->ipc;
	}
	return *nr < 0 ? -EDOM : 0;
}

COMPAT_API int seccomp_syscall_resolve_name_rewrite(uint32_t token,
						    const char *name)
{
	const struct compat_arch *a = compat_arch_by_token(token);
	int nr, rc;

	if (!name || !a)
		return NR_SCMP_ERROR;
	nr = compat_resolve_name(a, name);
	if (nr == NR_SCMP_ERROR)
		return NR_SCMP_ERROR;
	rc = rewrite(a, &nr);
	if (rc && rc != -EDOM)
		return NR_SCMP_ERROR;
	/* a syscall the arch lacks passes through as its pseudo number */
	return nr;
}

COMPAT_API int seccomp_syscall_resolve_name(const char *name)
{
	return seccomp_syscall_resolve_name_arch(SCMP_ARCH_NATIVE, name);
}

/* The native number "nr" as arch "a" numbers it (by name). */
static int translate(const struct compat_arch *a, int *nr)
{
	const struct compat_arch *native = compat_arch_native();
	const char *name;

	if (*nr == -1 || a == native)
		return 0;
	name = compat_resolve_num(native, *nr);
	if (!name)
		return -EFAULT;
	*nr = compat_resolve_name(a, name);
	return *nr == NR_SCMP_ERROR ? -EFAULT : 0;
}

COMPAT_API int seccomp_syscall_priority(scmp_filter_ctx c, int syscall,
					uint8_t priority)
{
	struct compat_ctx *ctx = c;
	int rc = 0;

	/* a layout hint: secbpf's compiler lays the program out by itself,
	 * but seccomp_export_pfc shows it as libseccomp does */
	if (!compat_ctx_valid(ctx) || !syscall_valid(ctx, syscall))
		return -EINVAL;
	for (size_t i = 0; i < ctx->nfilters; i++) {
		struct compat_filter *f = &ctx->filters[i];
		int nr = syscall, r;

		r = translate(f->arch, &nr);
		if (!r && nr < -1) {
			/* a multiplexed call: its multiplexer; a syscall
			 * the arch lacks: nothing on this arch */
			r = rewrite(f->arch, &nr);
			if (r == -EDOM)
				continue;
		}
		if (!r)
			r = lt_db_priority(f->db, (uint32_t)nr, priority);
		if (r && !rc)
			rc = r;
	}
	return compat_rc(rc);
}

/* ---- rules ---- */

static int db_add(struct compat_filter *f, int nr, uint32_t action,
		  const struct lt_arg *args)
{
	struct lt_rule r = {.nr = (uint32_t)nr, .action = action};
	int rc;

	memcpy(r.args, args, sizeof(r.args));
	rc = lt_db_add(f->db, &r);
	if (rc)
		return rc;
	/* libseccomp has no limit; a bound on what a caller costs us */
	if (f->nrules >= COMPAT_MAX_RULES)
		return -ENOMEM;
	if (f->nrules == f->cap) {
		size_t ncap = f->cap ? f->cap * 2 : 256;
		struct compat_dbrule *nr_ =
			realloc(f->rules, ncap * sizeof(*nr_));

		if (!nr_)
			return -ENOMEM;
		f->rules = nr_;
		f->cap = ncap;
	}
	f->rules[f->nrules].nr = nr;
	f->rules[f->nrules].action = action;
	memcpy(f->rules[f->nrules].args, args, sizeof(r.args));
	f->nrules++;
	return 0;
}

static bool any_arg(const struct lt_arg *args)
{
	for (int i = 0; i < 6; i++)
		if (args[i].valid)
			return true;
	return false;
}

/* The multiplexer's version of a socket/ipc rule, then the direct one. */
static int mux_add(struct compat_filter *f, bool strict, int sys, int kind,
		   uint32_t action, const struct lt_arg *args)
{
	const struct compat_arch *a = f->arch;
	struct lt_arg margs[6];
	int mux_pnr, direct;
	int rc;

	if (strict && any_arg(args))
		return -EINVAL;
	if (sys > 0) {
		const char *name = compat_resolve_num_raw(a, sys);

		mux_pnr = name ? compat_pnr_of(name) : 0;
		if (!compat_mux_kind(mux_pnr))
			return NR_SCMP_ERROR;
		direct = sys;
	} else {
		const char *name = NULL;

		mux_pnr = sys;
		/* only the 32 named sub-calls have a direct syscall */
		for (size_t i = 0; i < compat_pnr_count && !name; i++)
			if (compat_pnr_by_nr[i].nr == sys)
				name = compat_pnr_by_nr[i].name;
		if (!name)
			return NR_SCMP_ERROR;
		direct = compat_resolve_name_raw(a, name);
		if (direct == NR_SCMP_ERROR)
			direct = NR_SCMP_UNDEF;
	}
	memcpy(margs, args, sizeof(margs));
	margs[0] = (struct lt_arg){
		.valid = true,
		.op = SCMP_CMP_EQ,
		.mask = UINT64_MAX,
		.datum = (uint64_t)((-mux_pnr) % (kind == 1 ? 100 : 200)),
	};
	rc = db_add(f, kind == 1 ? a->socketcall : a->ipc, action, margs);
	if (!rc && direct != NR_SCMP_UNDEF)
		rc = db_add(f, direct, action, args);
	return rc;
}

/* translate() for one arch's filter, remembered for small numbers (a
 * program adds hundreds of rules; each would look up two names). */
static int translate_cached(struct compat_filter *f, int *nr)
{
	int in = *nr, rc;

	if (in < 0 || in >= COMPAT_XLATE_CACHE)
		return translate(f->arch, nr);
	if (!f->xlate) {
		f->xlate = malloc(COMPAT_XLATE_CACHE * sizeof(*f->xlate));
		if (!f->xlate)
			return translate(f->arch, nr);
		for (size_t i = 0; i < COMPAT_XLATE_CACHE; i++)
			f->xlate[i] = INT_MIN;
	}
	if (f->xlate[in] != INT_MIN) {
		*nr = f->xlate[in];
		return *nr == INT_MIN + 1 ? -EFAULT : 0;
	}
	rc = translate(f->arch, nr);
	f->xlate[in] = rc ? INT_MIN + 1 : *nr;
	return rc;
}

static int arch_add(struct compat_filter *f, bool strict, uint32_t action,
		    int syscall, const struct lt_arg *args)
{
	int nr = syscall, kind;

	if (translate_cached(f, &nr))
		return -EFAULT;
	if (nr == -1 || !f->arch->mux) {
		/* a pseudo number is kept, but no filter checks it */
		if (nr < -1 && strict)
			return -EDOM;
		return db_add(f, nr, action, args);
	}
	kind = compat_mux_kind_on(f->arch, nr);
	if (kind)
		return mux_add(f, strict, nr, kind, action, args);
	if (nr >= 0)
		return db_add(f, nr, action, args);
	return strict ? -EDOM : 0;
}

/* Arches whose rule counts fit on the stack (every arch there is). */
#define KEPT_ON_STACK 24

static int rule_add(struct compat_ctx *ctx, bool strict, uint32_t action,
		    int syscall, unsigned int arg_cnt,
		    const struct scmp_arg_cmp *arg_array)
{
	size_t kept_stack[KEPT_ON_STACK], *kept;
	struct lt_arg args[6];
	int rc = 0;

	if (arg_cnt > 6)
		return -EINVAL;
	if (arg_cnt > 0 && !arg_array)
		return -EINVAL;
	if (!compat_ctx_valid(ctx) || !syscall_valid(ctx, syscall))
		return -EINVAL;
	rc = compat_action_valid(ctx, action);
	if (rc)
		return rc;
	if (action == ctx->attr.act_default)
		return -EACCES;
	if (strict && ctx->nfilters > 1)
		return -EOPNOTSUPP;
	memset(args, 0, sizeof(args));
	for (unsigned i = 0; i < arg_cnt; i++) {
		const struct scmp_arg_cmp *c = &arg_array[i];
		struct lt_arg *a;

		/* one comparison per argument */
		if (c->arg >= 6 || args[c->arg].valid)
			return -EINVAL;
		a = &args[c->arg];
		a->valid = true;
		a->op = (uint8_t)c->op;
		switch (c->op) {
		case SCMP_CMP_NE:
		case SCMP_CMP_LT:
		case SCMP_CMP_LE:
		case SCMP_CMP_EQ:
		case SCMP_CMP_GE:
		case SCMP_CMP_GT:
			a->mask = UINT64_MAX;
			a->datum = c->datum_a;
			break;
		case SCMP_CMP_MASKED_EQ:
			a->mask = c->datum_a;
			a->datum = c->datum_b;
			break;
		default:
			return -EINVAL;
		}
	}
	kept = ctx->nfilters <= KEPT_ON_STACK
		       ? kept_stack
		       : calloc(ctx->nfilters, sizeof(*kept));
	if (!kept)
		return -ENOMEM;
	/* all arches or none */
	for (size_t i = 0; i < ctx->nfilters; i++) {
		kept[i] = ctx->filters[i].nrules;
		lt_db_begin(ctx->filters[i].db);
	}
	for (size_t i = 0; i < ctx->nfilters && !rc; i++)
		rc = arch_add(&ctx->filters[i], strict, action, syscall, args);
	for (size_t i = 0; i < ctx->nfilters; i++) {
		if (rc) {
			/* as libseccomp: back to the filter the rules make,
			 * without what priority hints did */
			lt_db_rollback(ctx->filters[i].db);
			lt_db_forget_hints(ctx->filters[i].db);
			ctx->filters[i].nrules = kept[i];
		} else {
			lt_db_commit(ctx->filters[i].db);
		}
	}
	if (kept != kept_stack)
		free(kept);
	if (!rc && action == SCMP_ACT_NOTIFY)
		ctx->notify_used = true;
	return rc;
}

COMPAT_API int seccomp_rule_add_array(scmp_filter_ctx ctx, uint32_t action,
				      int syscall, unsigned int arg_cnt,
				      const struct scmp_arg_cmp *arg_array)
{
	return compat_rc(
		rule_add(ctx, false, action, syscall, arg_cnt, arg_array));
}

COMPAT_API int
seccomp_rule_add_exact_array(scmp_filter_ctx ctx, uint32_t action, int syscall,
			     unsigned int arg_cnt,
			     const struct scmp_arg_cmp *arg_array)
{
	return compat_rc(
		rule_add(ctx, true, action, syscall, arg_cnt, arg_array));
}

/* The variadic forms: at most six comparisons follow arg_cnt. */
#define VA_RULES(strict)                                                       \
	do {                                                                   \
		struct scmp_arg_cmp cmp[6];                                    \
		va_list ap;                                                    \
                                                                               \
		if (arg_cnt > 6)                                               \
			return -EINVAL;                                        \
		va_start(ap, arg_cnt);                                         \
		for (unsigned i_ = 0; i_ < arg_cnt; i_++)                      \
			cmp[i_] = va_arg(ap, struct scmp_arg_cmp);             \
		va_end(ap);                                                    \
		return compat_rc(                                              \
			rule_add(ctx, strict, action, syscall, arg_cnt, cmp)); \
	} while (0)

COMPAT_API int seccomp_rule_add(scmp_filter_ctx ctx, uint32_t action,
				int syscall, unsigned int arg_cnt, ...)
{
	VA_RULES(false);
}

COMPAT_API int seccomp_rule_add_exact(scmp_filter_ctx ctx, uint32_t action,
				      int syscall, unsigned int arg_cnt, ...)
{
	VA_RULES(true);
}
