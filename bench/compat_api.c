// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The libseccomp API path for bench: a resolved profile built the way runc
 * builds it with libseccomp (default action, arches, per rule and name:
 * resolve the name, skip rules equal to the default, split rules with two
 * checks on one argument, seccomp_rule_add_array, then
 * seccomp_export_bpf), through libsecbpf-seccomp.  bench links libseccomp
 * itself for the comparison, so the compatibility library is opened with
 * dlopen(RTLD_DEEPBIND): its seccomp_* stay apart from libseccomp's.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "compat_api.h"

/* libseccomp's ABI, spelled without its header */
struct cmp {
	unsigned int arg;
	int op;
	uint64_t a, b;
};

static struct {
	void *h;
	void *(*init)(uint32_t);
	void (*release)(void *);
	int (*arch_add)(void *, uint32_t);
	int (*arch_remove)(void *, uint32_t);
	uint32_t (*arch_resolve_name)(const char *);
	uint32_t (*arch_native)(void);
	int (*attr_set)(void *, int, uint32_t);
	int (*resolve_name)(const char *);
	int (*rule_add_array)(void *, uint32_t, int, unsigned int,
			      const struct cmp *);
	int (*export_bpf)(void *, int);
} api;

int compat_api_open(const char *path)
{
	api.h = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
	if (!api.h)
		return -ENOENT;
#define SYM(f, name)                                                           \
	do {                                                                   \
		*(void **)&api.f = dlsym(api.h, name);                         \
		if (!api.f)                                                    \
			return -ENOENT;                                        \
	} while (0)
	SYM(init, "seccomp_init");
	SYM(release, "seccomp_release");
	SYM(arch_add, "seccomp_arch_add");
	SYM(arch_remove, "seccomp_arch_remove");
	SYM(arch_resolve_name, "seccomp_arch_resolve_name");
	SYM(arch_native, "seccomp_arch_native");
	SYM(attr_set, "seccomp_attr_set");
	SYM(resolve_name, "seccomp_syscall_resolve_name");
	SYM(rule_add_array, "seccomp_rule_add_array");
	SYM(export_bpf, "seccomp_export_bpf");
#undef SYM
	return 0;
}

int compat_api_build(const struct secbpf_profile *rp, const char *const *arches,
		     size_t narches, uint32_t badarch, struct secbpf_insn **out,
		     size_t *n)
{
	uint32_t def = sb_act_ret(rp->default_act, rp->default_data);
	bool native_kept = false;
	void *ctx;
	int fd, rc = 0;
	off_t len;

	if (!api.h)
		return -ENOENT;
	ctx = api.init(def);
	if (!ctx)
		return -EINVAL;
	api.attr_set(ctx, 2 /* ACT_BADARCH */, badarch);
	api.attr_set(ctx, 3 /* CTL_NNP */, 0);
	for (size_t i = 0; i < narches; i++)
		native_kept |= api.arch_resolve_name(arches[i]) ==
			       api.arch_native();
	/* first, so that arches of the other byte order can come in */
	if (!native_kept)
		rc = api.arch_remove(ctx, 0);
	for (size_t i = 0; i < narches && !rc; i++) {
		uint32_t tok = api.arch_resolve_name(arches[i]);

		if (!tok)
			rc = -EINVAL;
		else if (tok != api.arch_native())
			rc = api.arch_add(ctx, tok);
	}
	for (size_t i = 0; i < rp->nrules && !rc; i++) {
		const struct sb_prof_rule *r = &rp->rules[i];
		uint32_t act = sb_act_ret(r->act, r->data);
		struct cmp c[SB_MAX_CONDS];
		unsigned count[6] = {0};
		size_t nc = r->nargs < SB_MAX_CONDS ? r->nargs : SB_MAX_CONDS;
		bool split = false;

		if (act == def)
			continue;
		for (size_t k = 0; k < nc; k++) {
			c[k] = (struct cmp){r->args[k].index, r->args[k].op,
					    r->args[k].value,
					    r->args[k].value2};
			if (r->args[k].index < 6 &&
			    ++count[r->args[k].index] > 1)
				split = true;
		}
		for (size_t k = 0; k < r->nnames; k++) {
			int nr = api.resolve_name(r->names[k]);

			if (nr == -1)
				continue; /* runc: unknown, ignored */
			if (!split) {
				api.rule_add_array(ctx, act, nr, (unsigned)nc,
						   c);
				continue;
			}
			for (size_t j = 0; j < nc; j++)
				api.rule_add_array(ctx, act, nr, 1, &c[j]);
		}
	}
	fd = rc ? -1 : memfd_create("bench", 0);
	if (fd < 0) {
		api.release(ctx);
		return rc ? rc : -errno;
	}
	rc = api.export_bpf(ctx, fd);
	api.release(ctx);
	len = lseek(fd, 0, SEEK_END);
	if (!rc && (len <= 0 || len % 8))
		rc = -EIO;
	if (!rc) {
		*out = malloc((size_t)len);
		if (!*out)
			rc = -ENOMEM;
		else if (pread(fd, *out, (size_t)len, 0) != len)
			rc = -EIO;
		else
			*n = (size_t)len / 8;
		if (rc) {
			free(*out);
			*out = NULL;
		}
	}
	close(fd);
	return rc;
}
