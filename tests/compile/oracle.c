// SPDX-License-Identifier: LGPL-2.1-or-later
/* libseccomp as the reference; see oracle.h. */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oracle.h"

uint32_t oracle_act(uint32_t ret)
{
	/* SCMP_ACT_* are the kernel's SECCOMP_RET_* values */
	return ret;
}

static int export(scmp_filter_ctx ctx, struct secbpf_insn **out, size_t *n)
{
	FILE *f = tmpfile();
	long len;
	int rc;

	if (!f)
		return -errno;
	rc = seccomp_export_bpf(ctx, fileno(f));
	if (rc) {
		fclose(f);
		return rc;
	}
	len = lseek(fileno(f), 0, SEEK_END);
	if (len <= 0 || len % 8) {
		fclose(f);
		return -EIO;
	}
	*out = malloc((size_t)len);
	if (!*out) {
		fclose(f);
		return -ENOMEM;
	}
	if (pread(fileno(f), *out, (size_t)len, 0) != len) {
		free(*out);
		fclose(f);
		return -EIO;
	}
	*n = (size_t)len / 8;
	fclose(f);
	return 0;
}

/*
 * libseccomp refuses actions the running kernel lacks (LOG, KILL_PROCESS
 * below API level 3), and it learns the level by calling seccomp(2).
 * Under valgrind, which does not know that syscall, the level dropped to 1
 * and LOG rules went missing from the reference.  The reference is what a
 * runtime gets on a current kernel: pin the level (6, or 5 in an older
 * libseccomp) so that it never depends on where the tests run.
 */
static void pin_api_level(void)
{
	if (seccomp_api_set(6))
		seccomp_api_set(5);
}

static scmp_filter_ctx new_ctx(uint32_t def, uint32_t badarch,
			       const char *const *arches, size_t narches,
			       int optimize)
{
	scmp_filter_ctx ctx;
	bool native_kept = false;

	pin_api_level();
	ctx = seccomp_init(oracle_act(def));
	if (!ctx)
		return NULL;
	seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, oracle_act(badarch));
	seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	if (optimize > 1)
		seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE,
				 (uint32_t)optimize);
	for (size_t i = 0; i < narches; i++) {
		uint32_t tok = seccomp_arch_resolve_name(arches[i]);

		if (!tok)
			goto fail;
		if (tok == seccomp_arch_native()) {
			native_kept = true;
			continue;
		}
		if (seccomp_arch_add(ctx, tok) && seccomp_arch_exist(ctx, tok))
			goto fail;
	}
	if (!native_kept && seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE))
		goto fail;
	return ctx;
fail:
	seccomp_release(ctx);
	return NULL;
}

static void to_cmp(const struct sb_cond *c, struct scmp_arg_cmp *out)
{
	out->arg = c->arg;
	out->op = (enum scmp_compare)c->op;
	out->datum_a = c->value;
	out->datum_b = c->value2;
}

int oracle_from_policy(struct secbpf_policy *p, int optimize, bool prune,
		       struct secbpf_insn **out, size_t *n,
		       struct oracle_stats *st)
{
	scmp_filter_ctx all = NULL;
	int rc = 0;

	memset(st, 0, sizeof(*st));
	/* one filter per arch (each arch has its own rules), merged */
	for (size_t a = 0; a < p->narch; a++) {
		struct sb_ir_arch *ia = &p->arch[a];
		const char *name = ia->arch->name;
		uint32_t tok = seccomp_arch_resolve_name(name);
		scmp_filter_ctx ctx = new_ctx(p->default_action,
					      p->badarch_action, &name, 1,
					      optimize);

		if (!ctx) {
			rc = -EINVAL;
			goto out;
		}
		for (size_t s = 0; s < ia->nsys; s++) {
			struct sb_ir_syscall *sys = &ia->sys[s];
			int native = seccomp_syscall_resolve_name(sys->name);
			int here = seccomp_syscall_resolve_name_arch(tok,
								     sys->name);

			const char *back = seccomp_syscall_resolve_num_arch(
				SCMP_ARCH_NATIVE, native);
			bool same = back && !strcmp(back, sys->name);

			free((void *)back);
			/* libseccomp maps a name to the target through the
			 * native arch's number; pseudo numbers of names the
			 * native arch lacks can collide (switch_endian and
			 * sys_debug_setcontext in 2.5.4) */
			if (native == __NR_SCMP_ERROR || here < 0 ||
			    (uint32_t)here != sys->nr || !same) {
				/* libseccomp knows it otherwise (pseudo
				 * numbers, multiplexers): leave it out */
				if (prune)
					sys->nrules = 0;
				continue;
			}
			for (size_t r = 0; r < sys->nrules; r++) {
				struct sb_rule *ru = &sys->rules[r];
				struct scmp_arg_cmp cmp[SB_MAX_CONDS];

				for (unsigned c = 0; c < ru->ncond; c++)
					to_cmp(&ru->cond[c], &cmp[c]);
				rc = seccomp_rule_add_array(
					ctx, oracle_act(ru->action), native,
					ru->ncond, cmp);
				if (rc == 0) {
					st->rules_added++;
					continue;
				}
				st->rules_refused++;
				if (!prune)
					continue;
				memmove(ru, ru + 1,
					(sys->nrules - r - 1) * sizeof(*ru));
				sys->nrules--;
				r--;
			}
		}
		if (!all) {
			all = ctx;
		} else {
			rc = seccomp_merge(all, ctx);
			if (rc) {
				seccomp_release(ctx);
				goto out;
			}
		}
	}
	rc = export(all, out, n);
out:
	seccomp_release(all);
	return rc;
}

/*
 * Whether libseccomp's tables agree with ours on "name" for every arch:
 * both lack it, or both have it with the same number (libseccomp's
 * negative numbers are multiplexed calls it expands itself).
 */
static bool known_everywhere(const char *name, const char *const *arches,
			     size_t narches)
{
	for (size_t i = 0; i < narches; i++) {
		const struct secbpf_arch *a = secbpf_arch_lookup(arches[i]);
		uint32_t tok = seccomp_arch_resolve_name(arches[i]);
		int theirs = seccomp_syscall_resolve_name_arch(tok, name);
		uint32_t ours;
		bool have = a && !secbpf_syscall_lookup(a, name, &ours);

		/* -10000 and below: libseccomp's "not on this arch" */
		if (theirs == __NR_SCMP_ERROR || theirs <= -10000) {
			if (have)
				return false;
			continue;
		}
		if (theirs >= 0 && (!have || ours != (uint32_t)theirs))
			return false;
	}
	return true;
}

int oracle_from_profile_ex(const struct secbpf_profile *rp,
			   const char *const *arches, size_t narches,
			   uint32_t badarch, int optimize, bool runc_only,
			   struct secbpf_insn **out, size_t *n,
			   struct oracle_stats *st)
{
	uint32_t def = sb_act_ret(rp->default_act, rp->default_data);
	scmp_filter_ctx ctx;
	int rc;

	memset(st, 0, sizeof(*st));
	ctx = new_ctx(def, badarch, arches, narches, optimize);
	if (!ctx)
		return -EINVAL;
	for (size_t i = 0; i < rp->nrules; i++) {
		const struct sb_prof_rule *r = &rp->rules[i];
		uint32_t act = sb_act_ret(r->act, r->data);
		struct scmp_arg_cmp cmp[SB_MAX_CONDS];
		unsigned count[6] = {0};
		bool split = false;
		size_t nc = r->nargs < SB_MAX_CONDS ? r->nargs : SB_MAX_CONDS;

		if (act == def) {
			st->rules_default++;
			continue;
		}
		for (size_t c = 0; c < nc; c++) {
			cmp[c].arg = r->args[c].index;
			cmp[c].op = (enum scmp_compare)r->args[c].op;
			cmp[c].datum_a = r->args[c].value;
			cmp[c].datum_b = r->args[c].value2;
			if (r->args[c].index < 6 &&
			    ++count[r->args[c].index] > 1)
				split = true;
		}
		for (size_t k = 0; k < r->nnames; k++) {
			int nr = seccomp_syscall_resolve_name(r->names[k]);
			const char *back;
			bool same;

			if (runc_only) {
				if (nr == __NR_SCMP_ERROR)
					continue; /* runc: unknown, ignored */
				goto add;
			}
			if (nr == __NR_SCMP_ERROR ||
			    !known_everywhere(r->names[k], arches, narches)) {
				/* runc ignores names libseccomp does not
				 * know; ours are newer (secbpf --version): leave
				 * them out of the comparison */
				if (st->nsplit < 512)
					snprintf(st->split_names[st->nsplit++],
						 sizeof(st->split_names[0]),
						 "%s", r->names[k]);
				st->rules_unknown++;
				continue;
			}
			back = seccomp_syscall_resolve_num_arch(
				SCMP_ARCH_NATIVE, nr);
			same = back && !strcmp(back, r->names[k]);
			free((void *)back);
			if (!same) {
				/* libseccomp maps names through the native
				 * arch's numbers, and pseudo numbers of
				 * names the native arch lacks collide in
				 * 2.5.4: the rule would land on another
				 * syscall.  Leave the name out of both. */
				if (st->nsplit < 512)
					snprintf(st->split_names[st->nsplit++],
						 sizeof(st->split_names[0]),
						 "%s", r->names[k]);
				st->rules_collided++;
				continue;
			}
		add:
			if (!split) {
				rc = seccomp_rule_add_array(ctx, act, nr,
							    (unsigned)nc, cmp);
				if (rc) {
					/* runc would fail here; we accept
					 * (e.g. errno above 4095, clamped):
					 * compare the rest */
					st->rules_refused++;
					if (st->nsplit < 512)
						snprintf(st->split_names
								 [st->nsplit++],
							 sizeof(st->split_names
									[0]),
							 "%s", r->names[k]);
				} else {
					st->rules_added++;
				}
				continue;
			}
			/* runc: any index twice, every condition a rule of
			 * its own, in order (libseccomp takes a duplicate
			 * of an earlier one and ignores it) */
			st->rules_split++;
			for (size_t c = 0; c < nc; c++) {
				rc = seccomp_rule_add_array(ctx, act, nr, 1,
							    &cmp[c]);
				if (!rc) {
					st->rules_added++;
					continue;
				}
				/* runc would fail here (EEXIST: the same
				 * condition with another action); compare
				 * the rest, as above */
				st->rules_refused++;
				if (st->nsplit < 512)
					snprintf(st->split_names[st->nsplit++],
						 sizeof(st->split_names[0]),
						 "%s", r->names[k]);
			}
		}
	}
	rc = export(ctx, out, n);
	seccomp_release(ctx);
	return rc;
}

int oracle_from_profile(const struct secbpf_profile *rp,
			const char *const *arches, size_t narches,
			uint32_t badarch, int optimize,
			struct secbpf_insn **out, size_t *n,
			struct oracle_stats *st)
{
	return oracle_from_profile_ex(rp, arches, narches, badarch, optimize,
				      false, out, n, st);
}
