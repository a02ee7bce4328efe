/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internals of the compiler (src/bpf/compile*.c) that its tests and the
 * policy builder reach: how the rules of one syscall are put in the order
 * libseccomp's decision tree evaluates them, and the overlap analysis.
 */
#ifndef SECBPF_COMPILE_H
#define SECBPF_COMPILE_H

#include "internal.h"

/*
 * A rule as the target compares it: values truncated for 32-bit ABIs,
 * conditions that are always true (MASKED_EQ with an empty mask) removed,
 * conditions sorted by argument index.
 */
struct sb_norm_rule {
	uint32_t action;
	unsigned ncond;
	struct sb_cond cond[SB_MAX_CONDS];
	size_t orig; /* index in the syscall's rule list */
};

/*
 * Normalise the rules of "sys" for an ABI of "bits" (32 or 64) and sort them
 * in the order libseccomp's decision tree tries them: the first rule that
 * matches decides.  If any rule is unconditional after normalisation, the
 * result is that single rule (the first unconditional one wins).  "out"
 * holds sys->nrules entries; returns how many were stored.
 */
size_t sb_order_rules(const struct sb_ir_syscall *sys, unsigned bits,
		      struct sb_norm_rule *out);

/* Whether the rules of "sys" decide in their own order (first match, as
 * given): the syscall says so, or a rule has word or negated conditions. */
bool sb_rules_ordered(const struct sb_ir_syscall *sys);

/* Whether some argument vector satisfies both rules (a heuristic that
 * never reports disjoint rules as overlapping). */
bool sb_rules_overlap(const struct sb_norm_rule *a,
		      const struct sb_norm_rule *b);

/*
 * Append warnings to policy->warn for rules of one syscall that overlap
 * with different actions (usually mistakes; the outcome follows
 * libseccomp's order).  0 or -ENOMEM.
 */
int sb_policy_check_overlaps(struct secbpf_policy *policy,
			     struct secbpf_error *err);

/* The shipped syscall frequency table (data/syscall-freq.txt). */
struct sb_freq {
	const char *name;
	double weight;
};
extern const struct sb_freq sb_syscall_freq[];
extern const size_t sb_syscall_freq_count;

#endif /* SECBPF_COMPILE_H */
