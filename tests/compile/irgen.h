/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Hand-built and random IR for the compiler's tests. */
#ifndef SECBPF_TEST_IRGEN_H
#define SECBPF_TEST_IRGEN_H

#include <stdint.h>

#include "internal.h"

/* An empty policy for the named arches (canonical names). */
struct secbpf_policy *ir_new(uint32_t def, uint32_t badarch,
			     const char *const *arches, size_t narches);
/* Append a rule for "name" on arch index "a"; conditions in "c". */
void ir_add(struct secbpf_policy *p, size_t a, const char *name,
	    uint32_t action, const struct sb_cond *c, unsigned nc);
/* Free a policy built by ir_new / ir_random. */
void ir_free(struct secbpf_policy *p);

/*
 * A random policy: arch set "set" (0..IR_NSETS-1), up to "nsys" syscalls
 * per arch with 1..4 rules of 0..3 conditions each (distinct arguments,
 * values around interesting boundaries).  Never a rule equal to the
 * default action (the policy builder drops those).
 */
#define IR_NSETS 7
struct secbpf_policy *ir_random(uint64_t *rng, unsigned set, size_t nsys);

/*
 * The IR the incumbent stack gives a resolved profile, built here on its
 * own (not by src/profile) as a reference: rules equal to the default
 * skipped; per rule and name, a rule testing an argument index more than
 * once becomes one rule per condition in order (runc's matchCall), others
 * one rule; on each of the profile's arches the direct number gets it as
 * it is, a multiplexer (socketcall, ipc) gets it with argument 0 pinned to
 * the sub-call (libseccomp).  Bad-arch action KILL_THREAD.
 */
struct secbpf_policy *ir_from_profile_runc(const struct secbpf_profile *res);

/*
 * A random profile (JSON text, malloc()ed) for rules that often test an
 * argument index more than once: a default action, then 1..12 rules of
 * 1..3 names (some multiplexed on x86, ppc, s390), 0..5 conditions.
 */
char *ir_random_profile(uint64_t *rng);

#endif
