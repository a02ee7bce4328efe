/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Helpers the portable tests share (common.c). */
#ifndef SECBPF_PORTABLE_COMMON_H
#define SECBPF_PORTABLE_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#include "internal.h"

/* An arch set written "s390x+s390" (the first one is the primary). */
struct arch_set {
	const char *names[4];
	size_t n;
	char buf[64];
};
/* Split "spec" into "set"; false if malformed or an arch is unknown. */
bool arch_set_parse(const char *spec, struct arch_set *set);
/* The arch set of this machine: native plus its sub-arches. */
bool arch_set_native(struct arch_set *set);
/* The set's byte order (all its arches share it). */
bool arch_set_big_endian(const struct arch_set *set);

/*
 * The profile "src" ("default" = the embedded one, else a path),
 * resolved for "set" with no or all capabilities and kernel 6.12 (what
 * tools/cross-test passes to the host's secbpf compile), and its policy.
 * 0 or -errno with "err" filled.
 */
int load_policy(const char *src, const struct arch_set *set, bool all_caps,
		struct secbpf_profile **resolved, struct secbpf_policy **pol,
		struct secbpf_error *err);

/* A whole file, malloc()ed; NULL on failure. */
char *slurp(const char *path, size_t *len);

#endif
