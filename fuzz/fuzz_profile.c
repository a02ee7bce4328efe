// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer target for the profile layer: bytes -> load -> JSON out and back
 * -> resolve (a few environments) -> IR -> free.  Crashes, leaks and
 * sanitizer reports are findings; so is a profile whose own JSON output
 * does not load again identically, or is not valid UTF-8 free of raw
 * control characters (abort()).  tests/profile replays fuzz/corpus/profile
 * through this target in every 'make test'.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "profile/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Our JSON is UTF-8, with no control character left raw in a string. */
static void check_json(const char *json)
{
	size_t n = strlen(json);

	for (size_t i = 0; i < n;) {
		size_t k = sb_utf8_seq(json + i, n - i);
		unsigned char c = (unsigned char)json[i];

		if (!k || (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			abort();
		i += k;
	}
}

static void build(const struct secbpf_profile *p,
		  const struct secbpf_resolve_opts *o)
{
	struct secbpf_profile *r = NULL;
	struct secbpf_policy *pol = NULL;
	char *json = NULL;

	if (secbpf_profile_resolve(p, o, &r, NULL))
		return;
	if (secbpf_profile_to_json(r, SECBPF_JSON_OCI, &json, NULL) == 0) {
		check_json(json);
		free(json);
	}
	if (secbpf_policy_new(r, NULL, &pol, NULL) == 0) {
		for (size_t i = 0; i < secbpf_policy_warning_count(pol); i++)
			if (!secbpf_policy_warning(pol, i))
				abort();
		secbpf_policy_free(pol);
	}
	secbpf_profile_free(r);
}

/* Our Docker JSON of a profile must load back to the same JSON. */
static void round_trip(const struct secbpf_profile *p)
{
	struct secbpf_profile *q = NULL;
	char *a = NULL, *b = NULL;

	if (secbpf_profile_to_json(p, SECBPF_JSON_DOCKER, &a, NULL))
		return;
	check_json(a);
	if (secbpf_profile_load_bytes(a, strlen(a), "round-trip", &q, NULL))
		abort();
	if (secbpf_profile_to_json(q, SECBPF_JSON_DOCKER, &b, NULL) ||
	    strcmp(a, b))
		abort();
	free(a);
	free(b);
	secbpf_profile_free(q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const x86[] = {"x86", "x86_64"};
	static const char *const s390x[] = {"s390x", "s390"};
	static const char *const caps[] = {"CAP_SYS_ADMIN", "CAP_BPF"};
	struct secbpf_resolve_opts o = {.sz = sizeof(o)};
	struct secbpf_profile *p = NULL;
	struct secbpf_error err;

	if (secbpf_profile_load_bytes((const char *)data, size, "fuzz", &p,
				      &err)) {
		/* every error names a place: at least the file */
		if (err.code >= 0 ||
		    (err.code != -ENOMEM && strncmp(err.message, "fuzz", 4)))
			abort();
		return 0;
	}
	round_trip(p);
	build(p, NULL);
	o.arches = x86;
	o.narches = 2;
	o.caps = caps;
	o.ncaps = 2;
	o.kernel_major = 4;
	o.kernel_minor = 8;
	build(p, &o);
	o.arches = s390x;
	o.all_caps = true;
	o.kernel_major = 6;
	build(p, &o);
	secbpf_profile_free(p);
	return 0;
}
