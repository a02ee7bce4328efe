/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The options structs as secbpf 0.1 lays them out, pinned: callers built
 * against this header pass these layouts forever.  check_opts_abi.py
 * holds the structs of include/secbpf.h to them: a pinned member keeps
 * its offset and size, and a member added later starts at or past the
 * pinned struct's end (its sizeof), never in its tail padding, which an
 * older caller may have left uninitialised.  When a release adds
 * members, pin its layout in a file of its own next to this one.
 */
#ifndef OPTS_ABI_V0_1_H
#define OPTS_ABI_V0_1_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct secbpf_arch;
enum secbpf_layout_v0_1 { SECBPF_LAYOUT_V0_1_BALANCED = 0 };

struct secbpf_disasm_opts__v0_1 {
	size_t sz;
	const struct secbpf_arch *arch;
	bool no_symbols;
};

struct secbpf_analysis_opts__v0_1 {
	size_t sz;
	const struct secbpf_arch *const *arches;
	size_t narches;
	uint64_t budget;
	size_t max_differences;
};

struct secbpf_resolve_opts__v0_1 {
	size_t sz;
	const char *const *arches;
	size_t narches;
	const char *const *caps;
	size_t ncaps;
	bool all_caps;
	unsigned kernel_major;
	unsigned kernel_minor;
};

struct secbpf_policy_opts__v0_1 {
	size_t sz;
	uint32_t badarch_action;
	bool badarch_set;
	int and_repeated_args;
};

struct secbpf_builder_opts__v0_1 {
	size_t sz;
	uint32_t badarch_action;
	bool badarch_set;
	unsigned flags;
	bool flags_set;
	bool ordered;
};

struct secbpf_compile_opts__v0_1 {
	size_t sz;
	enum secbpf_layout_v0_1 layout;
	const char *const *freq_names;
	const double *freq_weights;
	size_t nfreq;
	bool enosys_newer;
};

struct secbpf_explain_opts__v0_1 {
	size_t sz;
	const struct secbpf_resolve_opts__v0_1 *resolve;
	const struct secbpf_policy_opts__v0_1 *policy;
	const struct secbpf_compile_opts__v0_1 *compile;
	const char *text;
	size_t text_len;
};

struct secbpf_install_opts__v0_1 {
	size_t sz;
	unsigned flags;
	bool keep_privs;
};

#endif
