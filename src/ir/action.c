// SPDX-License-Identifier: LGPL-2.1-or-later
/* Symbolic names of SECCOMP_RET_* values. */
#include <stdio.h>

#include "internal.h"

const char *secbpf_action_str(uint32_t action, char *buf, size_t len)
{
	uint32_t data = action & SECBPF_RET_DATA;

	if (!buf || !len)
		return buf;
	switch (action & SECBPF_RET_ACTION_FULL) {
	case SECBPF_RET_KILL_PROCESS:
		snprintf(buf, len, "KILL_PROCESS");
		break;
	case SECBPF_RET_KILL_THREAD:
		snprintf(buf, len, "KILL_THREAD");
		break;
	case SECBPF_RET_TRAP:
		if (data)
			snprintf(buf, len, "TRAP(%u)", data);
		else
			snprintf(buf, len, "TRAP");
		break;
	case SECBPF_RET_ERRNO(0):
		snprintf(buf, len, "ERRNO(%u)", data);
		break;
	case SECBPF_RET_USER_NOTIF:
		snprintf(buf, len, "USER_NOTIF");
		break;
	case SECBPF_RET_TRACE(0):
		snprintf(buf, len, "TRACE(%u)", data);
		break;
	case SECBPF_RET_LOG:
		snprintf(buf, len, "LOG");
		break;
	case SECBPF_RET_ALLOW:
		snprintf(buf, len, "ALLOW");
		break;
	default:
		snprintf(buf, len, "0x%08x", action);
		break;
	}
	return buf;
}
