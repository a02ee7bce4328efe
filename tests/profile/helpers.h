/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Shared helpers of the profile tests. */
#ifndef TEST_PROFILE_HELPERS_H
#define TEST_PROFILE_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "internal.h"

/* Load a profile from a string; the test fails if it does not load. */
static inline struct secbpf_profile *load_ok(const char *json)
{
	struct secbpf_profile *p = NULL;
	struct secbpf_error err;
	int rc = secbpf_profile_load_bytes(json, strlen(json), "t.json", &p,
					   &err);

	cr_assert_eq(rc, 0, "loading failed: %s\n%s", err.message, json);
	cr_assert_not_null(p);
	return p;
}

/*
 * Load a profile whose text marks with '@' where the error must point;
 * check the code, the JSON pointer, line:col (from the marker, counted
 * here independently) and that the message holds "what".
 */
static inline void load_err_at(const char *marked, int code,
			       const char *pointer, const char *what)
{
	const char *at = strchr(marked, '@');
	struct secbpf_profile *p = NULL;
	struct secbpf_error err;
	char *json, want[512];
	unsigned line = 1, col = 1;
	size_t len;
	int rc;

	cr_assert_not_null(at, "test text has no '@' marker");
	len = strlen(marked) - 1;
	json = malloc(len + 1);
	cr_assert_not_null(json);
	memcpy(json, marked, (size_t)(at - marked));
	strcpy(json + (at - marked), at + 1);
	for (const char *c = marked; c < at; c++) {
		if (*c == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	rc = secbpf_profile_load_bytes(json, len, "t.json", &p, &err);
	cr_assert_lt(rc, 0, "loaded, but should fail: %s", marked);
	cr_assert_null(p);
	if (code)
		cr_assert_eq(rc, code, "code %d, want %d: %s", rc, code,
			     err.message);
	cr_assert_eq(err.code, rc);
	cr_assert_str_eq(err.pointer, pointer, "pointer '%s', want '%s': %s",
			 err.pointer, pointer, err.message);
	cr_assert_eq(err.line, line, "line %u, want %u: %s", err.line, line,
		     err.message);
	cr_assert_eq(err.column, col, "column %u, want %u: %s", err.column, col,
		     err.message);
	if (*pointer)
		snprintf(want, sizeof(want), "t.json:%u:%u: %s: ", line, col,
			 pointer);
	else
		snprintf(want, sizeof(want), "t.json:%u:%u: ", line, col);
	cr_assert(!strncmp(err.message, want, strlen(want)),
		  "message '%s' does not start with '%s'", err.message, want);
	cr_assert(strstr(err.message, what), "message '%s' lacks '%s'",
		  err.message, what);
	free(json);
}

/* The shared profiles directory, or NULL (then the test is skipped). */
static inline const char *shared_profiles(void)
{
	static char dir[4096];
	const char *shared = getenv("SECBPF_SHARED");
	FILE *f;

	if (!shared)
		return NULL;
	snprintf(dir, sizeof(dir), "%s/profiles", shared);
	{
		char probe[4200];

		snprintf(probe, sizeof(probe),
			 "%s/containers_common_seccomp.json", dir);
		f = fopen(probe, "r");
		if (!f)
			return NULL;
		fclose(f);
	}
	return dir;
}

static inline struct secbpf_profile *load_file_ok(const char *path)
{
	struct secbpf_profile *p = NULL;
	struct secbpf_error err;
	int rc = secbpf_profile_load(path, &p, &err);

	cr_assert_eq(rc, 0, "loading %s failed: %s", path, err.message);
	return p;
}

/* Resolve with explicit options; the test fails on error. */
static inline struct secbpf_profile *
resolve_ok(const struct secbpf_profile *p, const char *const *arches,
	   size_t narches, const char *const *caps, size_t ncaps, bool all)
{
	struct secbpf_resolve_opts o = {
		.sz = sizeof(o),
		.arches = arches,
		.narches = narches,
		.caps = caps,
		.ncaps = ncaps,
		.all_caps = all,
		.kernel_major = 6,
		.kernel_minor = 1,
	};
	struct secbpf_profile *r = NULL;
	struct secbpf_error err;
	int rc = secbpf_profile_resolve(p, &o, &r, &err);

	cr_assert_eq(rc, 0, "resolving failed: %s", err.message);
	cr_assert(r->resolved);
	return r;
}

#endif
