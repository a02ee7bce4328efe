/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internals of the compiler (src/bpf/compile*.c) that its tests reach.
 * What the compiler takes from the IR layer (the rule order, condition
 * semantics, validation) is declared in ir/ir.h, included here.
 */
#ifndef SECBPF_COMPILE_H
#define SECBPF_COMPILE_H

#include "internal.h"
#include "ir/ir.h"

/* The shipped syscall frequency table (data/syscall-freq.txt). */
struct sb_freq {
	const char *name;
	double weight;
};
extern const struct sb_freq sb_syscall_freq[];
extern const size_t sb_syscall_freq_count;

#endif /* SECBPF_COMPILE_H */
