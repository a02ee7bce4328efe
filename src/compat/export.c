// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * From a context to a filter: the rules each arch's database holds go to
 * the native builder by number, in the order they were added, and
 * secbpf's compiler does the rest (it decides overlapping rules in the
 * order libseccomp's argument trees do).  Then: the program to a file
 * (seccomp_export_bpf) or the kernel (seccomp_load, with the attributes'
 * flags).  seccomp_export_pfc is in pfc.c.
 */
#include <errno.h>
#include <linux/filter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "compat.h"
#include "seccomp.h"

#ifndef SECCOMP_FILTER_FLAG_TSYNC_ESRCH
#define SECCOMP_FILTER_FLAG_TSYNC_ESRCH (1UL << 4)
#endif

/* The builder's conditions for a database rule (argument order). */
static size_t conds_of(const struct compat_dbrule *r, struct secbpf_cond *c)
{
	size_t n = 0;

	for (unsigned a = 0; a < 6; a++) {
		const struct lt_arg *x = &r->args[a];

		if (!x->valid)
			continue;
		c[n].arg = a;
		c[n].flags = 0;
		c[n].op = (enum secbpf_op)x->op;
		if (x->op == SCMP_CMP_MASKED_EQ) {
			c[n].value = x->mask;
			c[n].value2 = x->datum;
		} else {
			c[n].value = x->datum;
			c[n].value2 = 0;
		}
		n++;
	}
	return n;
}

/* Whether the filter checks this number: pseudo numbers never, a
 * tracer's -1 when the context allows it. */
static bool emitted(const struct compat_ctx *ctx, int nr)
{
	return nr >= 0 || (nr == -1 && ctx->attr.tskip);
}

static int new_builder(const struct compat_ctx *ctx, bool ordered,
		       struct secbpf_builder **out)
{
	SECBPF_OPTS(secbpf_builder_opts, o,
		    .badarch_action = ctx->attr.act_badarch,
		    .badarch_set = true, .ordered = ordered);
	int rc;

	*out = NULL;
	rc = secbpf_builder_new(ctx->attr.act_default, &o, out, NULL);
	for (size_t i = 0; i < ctx->nfilters && !rc; i++)
		rc = secbpf_builder_add_arch(*out, ctx->filters[i].arch->arch,
					     NULL);
	return rc;
}

int compat_rules_builder(const struct compat_ctx *ctx,
			 struct secbpf_builder **out)
{
	struct secbpf_builder *b = NULL;
	int rc = new_builder(ctx, false, &b);

	for (size_t i = 0; i < ctx->nfilters && !rc; i++) {
		const struct compat_filter *f = &ctx->filters[i];

		for (size_t r = 0; r < f->nrules && !rc; r++) {
			struct secbpf_cond c[6];
			size_t n;

			if (!emitted(ctx, f->rules[r].nr))
				continue;
			n = conds_of(&f->rules[r], c);
			rc = secbpf_builder_add_rule_nr(
				b, f->arch->arch, (uint32_t)f->rules[r].nr,
				f->rules[r].action, c, n, NULL);
		}
	}
	if (rc) {
		secbpf_builder_free(b);
		return rc;
	}
	*out = b;
	return 0;
}

struct path_ctx {
	const struct compat_ctx *ctx;
	const struct compat_filter *f;
	struct secbpf_builder *b;
};

/* One path of libseccomp's tree: a rule of word conditions. */
static int add_path(void *opaque, uint32_t nr, uint32_t action,
		    const struct lt_lit *lits, size_t n)
{
	struct path_ctx *pc = opaque;
	struct secbpf_cond c[LT_MAX_LITS];

	if (!emitted(pc->ctx, (int)nr))
		return 0;
	for (size_t i = 0; i < n; i++) {
		c[i] = (struct secbpf_cond){
			.arg = lits[i].arg,
			.flags = (lits[i].hi ? SECBPF_COND_HIGH_WORD
					     : SECBPF_COND_LOW_WORD) |
				 (lits[i].holds ? 0 : SECBPF_COND_NOT),
		};
		switch (lits[i].op) {
		case SCMP_CMP_GT:
			c[i].op = SECBPF_OP_GT;
			c[i].value = lits[i].datum;
			break;
		case SCMP_CMP_GE:
			c[i].op = SECBPF_OP_GE;
			c[i].value = lits[i].datum;
			break;
		default:
			c[i].op = SECBPF_OP_MASKED_EQ;
			c[i].value = lits[i].mask;
			c[i].value2 = lits[i].datum;
			break;
		}
	}
	return secbpf_builder_add_rule_nr(pc->b, pc->f->arch->arch, nr, action,
					  c, n, NULL);
}

/*
 * The filter as libseccomp's trees decide it: per arch, per syscall, the
 * paths of the tree in the order its filter tries them, each a rule of
 * word conditions, kept in that order.  Should a tree be too deep or too
 * wide for that (never seen), its rules go as added, in libseccomp's
 * argument order (src/ir/order.c), instead.
 */
int compat_builder(const struct compat_ctx *ctx, struct secbpf_builder **out)
{
	struct secbpf_builder *b = NULL;
	int rc = new_builder(ctx, true, &b);

	for (size_t i = 0; i < ctx->nfilters && !rc; i++) {
		struct path_ctx pc = {ctx, &ctx->filters[i], b};

		rc = lt_db_paths(ctx->filters[i].db, 65536, add_path, &pc);
	}
	if (rc == -E2BIG) {
		secbpf_builder_free(b);
		return compat_rules_builder(ctx, out);
	}
	if (rc) {
		secbpf_builder_free(b);
		return rc;
	}
	*out = b;
	return 0;
}

int compat_compile(const struct compat_ctx *ctx, struct secbpf_prog **out)
{
	struct secbpf_builder *b = NULL;
	struct secbpf_policy *pol = NULL;
	int rc;

	*out = NULL;
	rc = compat_builder(ctx, &b);
	if (!rc)
		rc = secbpf_builder_build(b, &pol, NULL);
	if (!rc)
		rc = secbpf_compile(pol, NULL, out, NULL);
	secbpf_policy_free(pol);
	secbpf_builder_free(b);
	/* a program over the kernel's 4096 instructions is refused, not
	 * truncated: libseccomp has no code for it but its internal error */
	return rc == -ENOMEM ? rc : rc ? -EFAULT : 0;
}

/* ---- seccomp_export_bpf ---- */

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t w = write(fd, p, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

COMPAT_API int seccomp_export_bpf(const scmp_filter_ctx c, int fd)
{
	const struct compat_ctx *ctx = c;
	struct secbpf_prog *prog = NULL;
	char *raw = NULL;
	size_t len = 0;
	int rc;

	if (!compat_ctx_valid(ctx))
		return -EINVAL;
	rc = compat_compile(ctx, &prog);
	if (rc)
		return compat_rc(rc);
	/* raw: struct sock_filter in the target's byte order (the host's
	 * for any filter this host can load) */
	rc = secbpf_prog_write(prog, SECBPF_FORMAT_RAW, &raw, &len, NULL);
	secbpf_prog_free(prog);
	if (rc)
		return compat_rc(rc == -ENOMEM ? rc : -EFAULT);
	rc = write_all(fd, raw, len);
	free(raw);
	if (rc)
		return ctx->attr.sysrawrc ? rc : -ECANCELED;
	return 0;
}

/* ---- seccomp_load ---- */

static int load(const struct compat_ctx *ctx)
{
	struct secbpf_prog *prog = NULL;
	struct sock_fprog fprog;
	bool tsync_esrch, listener;
	unsigned flags = 0;
	int saved;
	long rc;

	rc = compat_compile(ctx, &prog);
	if (rc)
		return (int)rc;
	if (ctx->attr.nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		rc = -1;
		goto out;
	}
	/* with TSYNC_ESRCH, TSYNC and a listener go together */
	tsync_esrch = compat_sup_flag(SECCOMP_FILTER_FLAG_TSYNC_ESRCH) > 0 &&
		      compat_notify_fd() == -1;
	listener = compat_user_notif_state() > 0 && ctx->notify_used &&
		   compat_notify_fd() == -1;
	fprog.len = (unsigned short)secbpf_prog_len(prog);
	fprog.filter = (struct sock_filter *)(uintptr_t)secbpf_prog_insns(prog);
	if (compat_sup_syscall()) {
		if (tsync_esrch) {
			if (ctx->attr.tsync)
				flags |= SECCOMP_FILTER_FLAG_TSYNC |
					 SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
			if (listener)
				flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
		} else if (ctx->attr.tsync) {
			if (listener) {
				/* the kernel would refuse the pair (the
				 * attributes keep it from happening) */
				errno = EINVAL;
				rc = -1;
				goto out;
			}
			flags |= SECCOMP_FILTER_FLAG_TSYNC;
		} else if (listener) {
			flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
		}
		if (ctx->attr.log)
			flags |= SECCOMP_FILTER_FLAG_LOG;
		if (ctx->attr.ssb)
			flags |= SECCOMP_FILTER_FLAG_SPEC_ALLOW;
		rc = compat_seccomp(SECCOMP_SET_MODE_FILTER, flags, &fprog);
		if (tsync_esrch && rc > 0) {
			compat_set_notify_fd((int)rc);
			rc = 0;
		} else if (rc > 0 && ctx->attr.tsync) {
			/* the id of a thread that could not be synced */
			errno = ESRCH;
			rc = -ESRCH;
		} else if (rc > 0 && compat_user_notif_state() > 0) {
			compat_set_notify_fd((int)rc);
			rc = 0;
		}
	} else {
		rc = prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog);
	}
out:
	saved = errno;
	secbpf_prog_free(prog);
	if (rc == -ESRCH)
		return (int)rc;
	if (rc < 0)
		return ctx->attr.sysrawrc ? -saved : -ECANCELED;
	return (int)rc;
}

COMPAT_API int seccomp_load(const scmp_filter_ctx c)
{
	const struct compat_ctx *ctx = c;

	if (!compat_ctx_valid(ctx))
		return -EINVAL;
	return compat_rc(load(ctx));
}
