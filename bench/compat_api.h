/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The libseccomp API path through libsecbpf-seccomp, for bench. */
#ifndef SECBPF_BENCH_COMPAT_API_H
#define SECBPF_BENCH_COMPAT_API_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"

/* dlopen the library at "path": 0 or -ENOENT. */
int compat_api_open(const char *path);

/*
 * A resolved profile built as runc builds it, through the libseccomp API
 * of libsecbpf-seccomp, and exported: a malloc()ed program in host order.
 */
int compat_api_build(const struct secbpf_profile *resolved,
		     const char *const *arches, size_t narches,
		     uint32_t badarch, struct secbpf_insn **out, size_t *n);

#endif
