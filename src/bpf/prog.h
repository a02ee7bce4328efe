/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Private to src/bpf: the program object and helpers around it. */
#ifndef SECBPF_BPF_PROG_H
#define SECBPF_BPF_PROG_H

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>

#include "internal.h"

struct secbpf_prog {
	size_t len;
	bool big_endian;
	struct secbpf_insn insn[];
};

/* A zeroed program of n instructions (no limit checks); 0 or -ENOMEM. */
int sb_prog_alloc(size_t n, bool big_endian, struct secbpf_prog **out);

/*
 * struct seccomp_data (uapi): its size, which BPF_LEN loads and which an
 * absolute load may not reach, and where the words a filter loads live.
 */
#define SB_SECCOMP_DATA_LEN ((uint32_t)sizeof(struct seccomp_data))
#define SB_OFF_NR ((int)offsetof(struct seccomp_data, nr))
#define SB_OFF_ARCH ((int)offsetof(struct seccomp_data, arch))
#define SB_OFF_IP ((int)offsetof(struct seccomp_data, instruction_pointer))
#define SB_OFF_ARGS ((int)offsetof(struct seccomp_data, args))
_Static_assert(sizeof(struct seccomp_data) == 64, "the uapi layout");

#endif /* SECBPF_BPF_PROG_H */
