/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Private to src/bpf: the program object and helpers around it. */
#ifndef SECBPF_BPF_PROG_H
#define SECBPF_BPF_PROG_H

#include <linux/filter.h>

#include "internal.h"

struct secbpf_prog {
	size_t len;
	bool big_endian;
	struct secbpf_insn insn[];
};

/* A zeroed program of n instructions (no limit checks); 0 or -ENOMEM. */
int sb_prog_alloc(size_t n, bool big_endian, struct secbpf_prog **out);

/* sizeof(struct seccomp_data): what BPF_LEN loads and the ABS limit. */
#define SB_SECCOMP_DATA_LEN 64

#endif /* SECBPF_BPF_PROG_H */
