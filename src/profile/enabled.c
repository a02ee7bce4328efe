// SPDX-License-Identifier: LGPL-2.1-or-later
/* IsEnabled: can this kernel run seccomp filters at all? */
#include <errno.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "profile.h"

#ifndef PR_GET_SECCOMP
#define PR_GET_SECCOMP 21
#endif
#ifndef PR_SET_SECCOMP
#define PR_SET_SECCOMP 22
#endif
#define MODE_FILTER 2	   /* SECCOMP_MODE_FILTER */
#define GET_ACTION_AVAIL 2 /* SECCOMP_GET_ACTION_AVAIL */

bool secbpf_is_enabled(void)
{
	uint32_t allow = SECBPF_RET_ALLOW;

	/* EINVAL: the kernel was built without CONFIG_SECCOMP */
	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0 && errno == EINVAL)
		return false;
#ifdef __NR_seccomp
	/* Linux 4.14+: asks about filter mode without side effects */
	if (syscall(__NR_seccomp, GET_ACTION_AVAIL, 0, &allow) == 0)
		return true;
	if (errno != ENOSYS && errno != EINVAL)
		return false;
#else
	(void)allow;
#endif
	/*
	 * Older kernels: a filter from a NULL pointer fails with EFAULT when
	 * filter mode exists (the copy comes before every other check) and
	 * with EINVAL when it does not.  Nothing is ever installed.
	 */
	if (prctl(PR_SET_SECCOMP, MODE_FILTER, NULL, 0, 0) < 0 &&
	    errno == EFAULT)
		return true;
	return false;
}
