// SPDX-License-Identifier: LGPL-2.1-or-later
/* The policy object's accessors and its release, whichever front end made
 * it. */
#include <stdlib.h>
#include <string.h>

#include "ir/ir.h"

void secbpf_policy_free(struct secbpf_policy *pol)
{
	if (!pol)
		return;
	for (size_t i = 0; i < pol->narch; i++) {
		for (size_t j = 0; j < pol->arch[i].nsys; j++)
			free(pol->arch[i].sys[j].rules);
		free(pol->arch[i].sys);
	}
	sb_ir_warn_free(pol);
	free(pol->listener_path);
	free(pol);
}

size_t secbpf_policy_warning_count(const struct secbpf_policy *p)
{
	return p ? p->nwarn : 0;
}

const char *secbpf_policy_warning(const struct secbpf_policy *p, size_t index)
{
	return p && index < p->nwarn ? p->warn[index].pub.message : NULL;
}

const struct secbpf_warning *
secbpf_policy_warning_at(const struct secbpf_policy *p, size_t index)
{
	return p && index < p->nwarn ? &p->warn[index].pub : NULL;
}

size_t secbpf_policy_warning_total(const struct secbpf_policy *p,
				   const char *code)
{
	size_t n = 0;

	if (!p)
		return 0;
	for (int k = 0; k < SB_WARN_NKINDS; k++)
		if (!code || !strcmp(code, sb_warn_code(k)))
			n += p->warn_total[k];
	return n;
}

unsigned secbpf_policy_flags(const struct secbpf_policy *p)
{
	return p ? p->flags : 0;
}

bool secbpf_policy_flags_set(const struct secbpf_policy *p)
{
	return p ? p->flags_set : false;
}

uint32_t secbpf_policy_default_action(const struct secbpf_policy *p)
{
	return p ? p->default_action : SECBPF_RET_KILL_PROCESS;
}

const char *secbpf_policy_listener_path(const struct secbpf_policy *p)
{
	return p ? p->listener_path : NULL;
}
