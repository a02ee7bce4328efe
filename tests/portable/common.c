// SPDX-License-Identifier: LGPL-2.1-or-later
/* Helpers the portable tests share; see common.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

bool arch_set_parse(const char *spec, struct arch_set *set)
{
	char *save = NULL, *tok;

	memset(set, 0, sizeof(*set));
	if (snprintf(set->buf, sizeof(set->buf), "%s", spec) >=
	    (int)sizeof(set->buf))
		return false;
	for (tok = strtok_r(set->buf, "+", &save); tok;
	     tok = strtok_r(NULL, "+", &save)) {
		if (set->n == SB_ARRAY_SIZE(set->names) ||
		    !secbpf_arch_lookup(tok))
			return false;
		set->names[set->n++] = tok;
	}
	return set->n > 0;
}

bool arch_set_native(struct arch_set *set)
{
	const struct secbpf_arch *a = secbpf_arch_native(), *sub[3];
	size_t n;

	memset(set, 0, sizeof(*set));
	if (!a)
		return false;
	set->names[set->n++] = secbpf_arch_name(a);
	n = secbpf_arch_subarches(a, sub, SB_ARRAY_SIZE(sub));
	for (size_t i = 0; i < n && i < SB_ARRAY_SIZE(sub); i++)
		set->names[set->n++] = secbpf_arch_name(sub[i]);
	return true;
}

bool arch_set_big_endian(const struct arch_set *set)
{
	return secbpf_arch_big_endian(secbpf_arch_lookup(set->names[0]));
}

int load_policy(const char *src, const struct arch_set *set, bool all_caps,
		struct secbpf_profile **resolved, struct secbpf_policy **pol,
		struct secbpf_error *err)
{
	struct secbpf_resolve_opts ro = {.sz = sizeof(ro),
					 .arches = set->names,
					 .narches = set->n,
					 .all_caps = all_caps,
					 .kernel_major = 6,
					 .kernel_minor = 12};
	struct secbpf_profile *prof = NULL;
	int rc;

	*resolved = NULL;
	*pol = NULL;
	rc = strcmp(src, "default") ? secbpf_profile_load(src, &prof, err)
				    : secbpf_profile_default(&prof, err);
	if (rc)
		return rc;
	rc = secbpf_profile_resolve(prof, &ro, resolved, err);
	secbpf_profile_free(prof);
	if (rc)
		return rc;
	rc = secbpf_policy_new(*resolved, NULL, pol, err);
	if (rc) {
		secbpf_profile_free(*resolved);
		*resolved = NULL;
	}
	return rc;
}

char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET))
		goto out;
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf) {
		buf[n] = 0;
		*len = (size_t)n;
	}
out:
	fclose(f);
	return buf;
}
