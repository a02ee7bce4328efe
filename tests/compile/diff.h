/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Verdict comparison of two programs over the syscalls a policy names. */
#ifndef SECBPF_TEST_DIFF_H
#define SECBPF_TEST_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"

struct diff_result {
	size_t queries;
	size_t divergent;
	size_t skipped;	    /* numbers excluded by the caller */
	size_t ref_unsound; /* libseccomp's verdict no rule gives */
	size_t order_diff;  /* several rules hold; we picked another */
	char order[4][512];
	size_t norder;
	char first[8][512]; /* the first divergences, in detail */
	size_t nfirst;
};

/* Return true to leave syscall "nr" of "arch" out of the comparison. */
typedef bool (*diff_skip_fn)(const struct secbpf_arch *arch, uint32_t nr,
			     void *opaque);

/*
 * Run "ours" and "ref" on: every number of every arch's table, 0 .. max +
 * 100, the x32 range and -1, foreign arches; and for every syscall with
 * rules, argument vectors at, below and above each boundary, with the high
 * word set and clear.  "seed" drives the random argument mixes.
 */
void diff_programs(const struct secbpf_policy *p,
		   const struct secbpf_prog *ours,
		   const struct secbpf_prog *ref, unsigned seed,
		   diff_skip_fn skip, void *opaque, struct diff_result *res);

/*
 * Per instruction: a comparison reached with different words in A on
 * different paths (libseccomp 2.5 does this when a deeper level of its
 * argument tree falls through to a sibling of an ancestor: the sibling
 * compares whatever word was loaded last).  malloc()ed; NULL on ENOMEM.
 */
bool *diff_ambiguous(const struct secbpf_prog *prog);

/* Print a result's first divergences on stderr. */
void diff_print(const char *what, const struct diff_result *res);

/* xorshift PRNG for reproducible tests */
uint64_t diff_rand(uint64_t *state);

#endif
