/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private to src/bpf: filter stacks (stack.c) and the budgeted explorer of
 * argument space (explore.c) that secbpf_summarize (summary.c) and
 * secbpf_prog_diff (diff.c) share.
 */
#ifndef SECBPF_BPF_EXPLORE_H
#define SECBPF_BPF_EXPLORE_H

#include "prog.h"

/* The kernel's order of actions: "action" wins over "than". */
bool sb_more_severe(uint32_t action, uint32_t than);
/* A stack the kernel could hold: 0, or -EINVAL / -E2BIG with a message. */
int sb_stack_check(const struct secbpf_prog *const *progs, size_t n,
		   struct secbpf_error *err);

/*
 * Options as callers give them, checked and with defaults applied: 0, or
 * -EINVAL (unknown trailing options, an arch pointer that is none).
 * "arches" gets the arches to analyse, at most secbpf_arch_count().
 */
struct sb_analysis {
	const struct secbpf_arch *arches[64];
	size_t narches;
	uint64_t budget;
	size_t max_differences;
};

int sb_analysis_opts(const struct secbpf_analysis_opts *opts,
		     const struct secbpf_prog *const *progs, size_t n,
		     struct sb_analysis *out, struct secbpf_error *err);

/*
 * Called for each argument vector tried, with each program's result (in
 * the order of the programs given).  0 to go on, or -ENOMEM to stop.
 */
typedef int (*sb_visit_fn)(void *ctx, const uint64_t *args,
			   const struct secbpf_run_result *runs);

struct sb_probe_set;

struct sb_explorer {
	const struct secbpf_prog *const *progs;
	size_t nprogs;
	uint64_t budget; /* the whole call's */
	uint64_t work;	 /* spent so far */
	struct sb_probe_set *set;
	uint32_t *paths; /* SECBPF_MAX_INSNS per program */
	struct secbpf_run_result *runs;
};

int sb_explorer_init(struct sb_explorer *ex,
		     const struct secbpf_prog *const *progs, size_t n,
		     uint64_t budget, struct secbpf_error *err);
void sb_explorer_release(struct sb_explorer *ex);

/*
 * Run syscall "nr" under AUDIT_ARCH "audit" with every argument zero, and
 * visit it.  *args_matter: the programs compared an argument on the way,
 * so that other vectors may fare differently.  A run that would start
 * with the budget spent is not made: *ran false.
 */
int sb_explore_zero(struct sb_explorer *ex, uint32_t audit, uint32_t nr,
		    sb_visit_fn visit, void *ctx, bool *ran, bool *args_matter,
		    struct secbpf_error *err);

/*
 * Explore the arguments of a syscall whose zero vector was visited: the
 * vectors its comparisons suggest, while the work spent stays under
 * "limit" (an absolute count, at most the budget).  *explored: ALL, or
 * PART when the limit or the vector cap stopped it.
 */
int sb_explore_args(struct sb_explorer *ex, uint32_t audit, uint32_t nr,
		    uint64_t limit, sb_visit_fn visit, void *ctx,
		    enum secbpf_explored *explored, struct secbpf_error *err);

/*
 * The fair share of what is left for the next of "left" syscalls still
 * to explore: the work limit to hand sb_explore_args.
 */
uint64_t sb_explore_share(const struct sb_explorer *ex, size_t left);

#endif /* SECBPF_BPF_EXPLORE_H */
