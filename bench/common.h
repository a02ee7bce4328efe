/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the bench program's sections share: options, the arch sets, one
 * profile compiled for one arch set (a "target"), timing and statistics.
 * Each section (bench.c: compile stages; mix.c: workload mixes; kernel.c:
 * ns per call in the kernel) is one function taking the options and a
 * profile path.
 */
#ifndef SECBPF_BENCH_COMMON_H
#define SECBPF_BENCH_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"

#define BENCH_MAX_ROUNDS 101
#define BENCH_MAX_TABLES 16

/* A "name count" table: a recorded syscall mix or a frequency table. */
struct bench_table {
	const char *path;
	char label[32]; /* "build" for data/mix-build.txt */
	char **names;
	double *weights;
	size_t n;
	double total;
};

struct bench_opts {
	unsigned rounds;       /* figures are over this many rounds */
	unsigned min_iter;     /* compile: at least this many per side... */
	double min_seconds;    /* ...and at least this long, per round */
	unsigned kernel_calls; /* kernel: calls per case per round */
	bool want_compile, want_mix, want_kernel;
	struct bench_table mixes[BENCH_MAX_TABLES];
	size_t nmixes;
	struct bench_table freqs[BENCH_MAX_TABLES];
	size_t nfreqs;
};

struct arch_set {
	const char *names[3];
	size_t n;
};

extern const struct arch_set bench_sets[];
extern const size_t bench_nsets;
/* The set whose first arch is the native one (or the first set). */
const struct arch_set *bench_host_set(void);
/* The resolve options that select the arches of "set". */
struct secbpf_resolve_opts bench_resolve_opts(const struct arch_set *set);

/* One profile resolved and built for one arch set. */
struct bench_target {
	const char *path;
	const char *base; /* file name without directories */
	const struct arch_set *set;
	const struct secbpf_arch *arch0;
	char setname[64];
	struct secbpf_profile *resolved;
	struct secbpf_policy *policy;
};

/* Load, resolve (no capabilities, Linux 6.12) and build the IR; 0 or -errno
 * with a message printed. */
int target_open(struct bench_target *t, const char *path,
		const struct arch_set *set);
void target_close(struct bench_target *t);
/* Our program with these options (NULL: balanced). */
int target_compile(const struct bench_target *t,
		   const struct secbpf_compile_opts *opts,
		   struct secbpf_prog **out);
/* libseccomp's program for the same rules, built as runc builds it;
 * optimize 1 = linear, 2 = tree.  -ENOTSUP without libseccomp or for a
 * big-endian set. */
int target_libseccomp(const struct bench_target *t, int optimize,
		      struct secbpf_prog **out);

/* Monotonic seconds; CPU seconds of the calling thread. */
double bench_now(void);
double bench_cpu_now(void);
double bench_min(const double *v, size_t n);
/* Median; sorts a copy. */
double bench_median(const double *v, size_t n);

/* The sections. */
/* Read a "name count" table; 0, or -1 with a message printed. */
int bench_table_load(const char *path, struct bench_table *t);
void bench_table_free(struct bench_table *t);

#endif
