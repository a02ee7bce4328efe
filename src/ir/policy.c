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
		/* sb_irb_finish_arch puts an arch's rules in one block; IR
		 * made otherwise (the tests) has a block per syscall */
		if (pol->arch[i].rule_block)
			free(pol->arch[i].rule_block);
		else
			for (size_t j = 0; j < pol->arch[i].nsys; j++)
				free(pol->arch[i].sys[j].rules);
		free(pol->arch[i].sys);
	}
	sb_ir_warn_free(pol);
	free(pol->listener_path);
	free(pol->listener_metadata);
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

const char *secbpf_policy_listener_metadata(const struct secbpf_policy *p)
{
	return p ? p->listener_metadata : NULL;
}

static bool is_notify(uint32_t action)
{
	return (action & SECBPF_RET_ACTION_FULL) == SECBPF_RET_USER_NOTIF;
}

/* From the IR, so that a NOTIFY rule no target arch keeps (an unknown
 * name) does not count, and a builder's policy is served the same. */
bool secbpf_policy_uses_notify(const struct secbpf_policy *p)
{
	if (!p)
		return false;
	if (is_notify(p->default_action) || is_notify(p->badarch_action))
		return true;
	for (size_t a = 0; a < p->narch; a++)
		for (size_t s = 0; s < p->arch[a].nsys; s++)
			for (size_t r = 0; r < p->arch[a].sys[s].nrules; r++)
				if (is_notify(
					    p->arch[a].sys[s].rules[r].action))
					return true;
	return false;
}

/*
 * The flags as the runtimes hand them to seccomp(2): runc and crun default
 * to SPEC_ALLOW, and libseccomp adds a listener for a filter that notifies,
 * TSYNC_ESRCH to TSYNC with a listener, and passes WAIT_KILLABLE_RECV only
 * with a listener (the kernel refuses either combination otherwise).
 */
unsigned secbpf_policy_effective_flags(const struct secbpf_policy *p)
{
	unsigned f;

	if (!p)
		return 0;
	f = p->flags_set ? p->flags : SB_FLAG_SPEC_ALLOW;
	if (secbpf_policy_uses_notify(p))
		f |= SB_FLAG_NEW_LISTENER;
	if ((f & SB_FLAG_TSYNC) && (f & SB_FLAG_NEW_LISTENER))
		f |= SB_FLAG_TSYNC_ESRCH;
	if (!(f & SB_FLAG_NEW_LISTENER))
		f &= ~SB_FLAG_WAIT_KILLABLE_RECV;
	return f;
}

size_t secbpf_policy_arches(const struct secbpf_policy *p,
			    const struct secbpf_arch **out, size_t max)
{
	if (!p)
		return 0;
	for (size_t i = 0; out && i < p->narch && i < max; i++)
		out[i] = p->arch[i].arch;
	return p->narch;
}
