/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench's sections, each a file of its own; main (bench.c) runs them. */
#ifndef SECBPF_BENCH_SECTIONS_H
#define SECBPF_BENCH_SECTIONS_H

#include "common.h"

/* compile time stage by stage, sizes, instructions per syscall (bench.c) */
void bench_compile(const struct bench_opts *o, const char *path);
/* instructions per call over recorded workload mixes (mix.c) */
void bench_mix(const struct bench_opts *o, const char *path);
/* ns per call in the kernel under each filter (kernel.c) */
void bench_kernel(const struct bench_opts *o, const char *path);

#endif
