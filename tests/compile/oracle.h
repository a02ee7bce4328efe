/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libseccomp as the reference ("oracle") for the compiler's tests and the
 * bench program.  Test-only: nothing here is linked into the library.
 */
#ifndef SECBPF_TEST_ORACLE_H
#define SECBPF_TEST_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"

struct oracle_stats {
	size_t rules_added;
	size_t rules_refused;  /* libseccomp said no (EEXIST, ...) */
	size_t rules_split;    /* (rule, name) pairs split as runc does */
	size_t rules_default;  /* action equal to the default: skipped */
	size_t rules_collided; /* libseccomp pseudo-number collision */
	size_t rules_unknown;  /* names libseccomp 2.5 does not know */
	/* names left out of the comparison: names libseccomp lacks,
	 * pseudo-number collisions, rules libseccomp refused (runc would
	 * not start the container) */
	char split_names[512][64];
	size_t nsplit;
};

/*
 * libseccomp's filter for the rules of a policy, added rule by rule by
 * syscall name (libseccomp maps names to each arch's numbers), on a filter
 * holding exactly the policy's arches.  Rules libseccomp refuses are
 * removed from "policy" (so both sides hold the same rules) when "prune"
 * is set.  optimize: 1 = linear (default), 2 = binary tree.
 * Returns 0 and a malloc()ed program in host order, or -errno.
 */
int oracle_from_policy(struct secbpf_policy *policy, int optimize, bool prune,
		       struct secbpf_insn **out, size_t *n,
		       struct oracle_stats *st);

/*
 * libseccomp's filter for a resolved profile, built the way runc builds
 * it: default action, the given arches (by libseccomp name), then per rule
 * per name: skip rules whose action is the default, resolve the name on
 * the native arch, and seccomp_rule_add_array; a rule testing an argument
 * index more than once goes in as one rule per condition, in order (runc's
 * matchCall), and is compared like any other.  Names libseccomp lacks or
 * numbers differently from our tables, and rules it refuses, are left out
 * (and listed in st->split_names) so that the comparison stays fair.
 */
int oracle_from_profile(const struct secbpf_profile *resolved,
			const char *const *scmp_arches, size_t narches,
			uint32_t badarch, int optimize,
			struct secbpf_insn **out, size_t *n,
			struct oracle_stats *st);
/* Same; with "runc_only" nothing is left out: exactly what runc does
 * (for timing it). */
int oracle_from_profile_ex(const struct secbpf_profile *resolved,
			   const char *const *scmp_arches, size_t narches,
			   uint32_t badarch, int optimize, bool runc_only,
			   struct secbpf_insn **out, size_t *n,
			   struct oracle_stats *st);

/* libseccomp's SCMP_ACT_* value for a SECCOMP_RET_* value. */
uint32_t oracle_act(uint32_t ret);

#endif
