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
/* Free a policy built by ir_new / ir_random (not policy.c's). */
void ir_free(struct secbpf_policy *p);

/*
 * A random policy: arch set "set" (0..IR_NSETS-1), up to "nsys" syscalls
 * per arch with 1..4 rules of 0..3 conditions each (distinct arguments,
 * values around interesting boundaries).  Never a rule equal to the
 * default action (the policy builder drops those).
 */
#define IR_NSETS 7
struct secbpf_policy *ir_random(uint64_t *rng, unsigned set, size_t nsys);

#endif
