// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The embedded default profile: data/default.json, compiled in by
 * tools/embed-file.  It decides every syscall as containers/common's
 * seccomp.json does, for every capability set.
 */
#include "profile.h"

extern const char sb_default_profile_json[];
extern const size_t sb_default_profile_json_len;

int secbpf_profile_default(struct secbpf_profile **out,
			   struct secbpf_error *err)
{
	return secbpf_profile_load_bytes(sb_default_profile_json,
					 sb_default_profile_json_len,
					 "<default profile>", out, err);
}
