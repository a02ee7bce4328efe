// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Our tables against libseccomp's (test-only): for every arch both know,
 * every syscall name both know must have the same number.
 */
#include <criterion/criterion.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

Test(libseccomp, same_numbers_for_names_both_know)
{
	size_t arches_compared = 0;

	for (size_t i = 0; i < secbpf_arch_count(); i++) {
		const struct secbpf_arch *a = secbpf_arch_at(i);
		uint32_t token = seccomp_arch_resolve_name(a->name);
		size_t both = 0;
		uint32_t top = 0;

		if (!token) {
			cr_log_info("libseccomp does not know '%s'", a->name);
			continue;
		}
		arches_compared++;
		/* our names, asked of libseccomp */
		for (size_t j = 0; j < a->nnames; j++) {
			const struct sb_syscall *s = &a->by_name[j];
			int theirs = seccomp_syscall_resolve_name_arch(token,
								       s->name);

			if (s->nr > top)
				top = s->nr;
			if (theirs < 0)
				continue; /* unknown or a pseudo-syscall */
			both++;
			cr_expect_eq((uint32_t)theirs, s->nr,
				     "%s: '%s' is %u here, %d in libseccomp",
				     a->name, s->name, s->nr, theirs);
		}
		/* libseccomp's names by number, asked of us */
		for (uint32_t nr = a->nr_base; nr <= top; nr++) {
			char *name = seccomp_syscall_resolve_num_arch(token,
								      (int)nr);
			uint32_t ours;

			if (!name)
				continue;
			if (secbpf_syscall_lookup(a, name, &ours) == 0)
				cr_expect_eq(ours, nr,
					     "%s: '%s' is %u here, %u in "
					     "libseccomp",
					     a->name, name, ours, nr);
			free(name);
		}
		cr_expect_gt(both, 250, "%s: only %zu names in common", a->name,
			     both);
	}
	cr_expect_geq(arches_compared, 17);
}
