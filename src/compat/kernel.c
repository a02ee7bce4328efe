// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What the running kernel supports, and the API level derived from it, as
 * libseccomp 2.5 finds out: each feature is probed once with a seccomp(2)
 * call the kernel must refuse (the errno tells whether it knows the
 * feature), and the answers are kept for the life of the process.
 * seccomp_api_set() overrides them; seccomp_reset(NULL, ...) forgets them.
 *
 * Like libseccomp, this state is process-wide and not locked: probing
 * twice at once only repeats the same answers.
 */
#include <errno.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "compat.h"

#ifndef SECCOMP_GET_ACTION_AVAIL
#define SECCOMP_GET_ACTION_AVAIL 2
#endif
#ifndef SECCOMP_GET_NOTIF_SIZES
#define SECCOMP_GET_NOTIF_SIZES 3
#endif
#ifndef SECCOMP_FILTER_FLAG_TSYNC_ESRCH
#define SECCOMP_FILTER_FLAG_TSYNC_ESRCH (1UL << 4)
#endif
#ifndef SECCOMP_FILTER_FLAG_NEW_LISTENER
#define SECCOMP_FILTER_FLAG_NEW_LISTENER (1UL << 3)
#endif
#ifndef SECCOMP_FILTER_FLAG_SPEC_ALLOW
#define SECCOMP_FILTER_FLAG_SPEC_ALLOW (1UL << 2)
#endif
#ifndef SECCOMP_FILTER_FLAG_LOG
#define SECCOMP_FILTER_FLAG_LOG (1UL << 1)
#endif

#define ACT_KILL_PROCESS 0x80000000U
#define ACT_KILL_THREAD 0x00000000U
#define ACT_TRAP 0x00030000U
#define ACT_ERRNO 0x00050000U
#define ACT_NOTIFY 0x7fc00000U
#define ACT_TRACE 0x7ff00000U
#define ACT_LOG 0x7ffc0000U
#define ACT_ALLOW 0x7fff0000U
/* libseccomp refuses ERRNO data from here on */
#define MAX_ERRNO 4095

/* -1: not probed yet; 0 no; 1 yes */
static struct {
	int syscall;
	int tsync, log_flag, spec_allow, new_listener, tsync_esrch;
	int act_log, kill_process, user_notif;
	int notify_fd;
	unsigned api_level;
} st = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0};

long compat_seccomp(unsigned op, unsigned flags, void *args)
{
#ifdef SYS_seccomp
	return syscall(SYS_seccomp, op, flags, args);
#else
	errno = ENOSYS;
	return -1;
#endif
}

void compat_state_reset(void)
{
	if (st.notify_fd > 0)
		close(st.notify_fd);
	st.syscall = st.tsync = st.log_flag = st.spec_allow = -1;
	st.new_listener = st.tsync_esrch = -1;
	st.act_log = st.kill_process = st.user_notif = -1;
	st.notify_fd = -1;
	st.api_level = 0;
}

int compat_notify_fd(void)
{
	return st.notify_fd;
}

void compat_set_notify_fd(int fd)
{
	st.notify_fd = fd;
}

bool compat_sup_syscall(void)
{
	if (st.syscall < 0) {
		/* strict mode with a non-zero flag: EINVAL if seccomp(2) is
		 * there, ENOSYS if not */
		long rc = compat_seccomp(SECCOMP_SET_MODE_STRICT, 1, NULL);

		st.syscall = rc < 0 && errno == EINVAL;
	}
	return st.syscall == 1;
}

/* A filter flag the kernel knows: a NULL program gives EFAULT. */
static int probe_flag(unsigned flag)
{
	return compat_sup_syscall() &&
	       compat_seccomp(SECCOMP_SET_MODE_FILTER, flag, NULL) == -1 &&
	       errno == EFAULT;
}

int compat_sup_flag(unsigned flag)
{
	int *slot;

	switch (flag) {
	case SECCOMP_FILTER_FLAG_TSYNC:
		slot = &st.tsync;
		break;
	case SECCOMP_FILTER_FLAG_LOG:
		slot = &st.log_flag;
		break;
	case SECCOMP_FILTER_FLAG_SPEC_ALLOW:
		slot = &st.spec_allow;
		break;
	case SECCOMP_FILTER_FLAG_NEW_LISTENER:
		slot = &st.new_listener;
		break;
	case SECCOMP_FILTER_FLAG_TSYNC_ESRCH:
		slot = &st.tsync_esrch;
		break;
	default:
		return -EOPNOTSUPP;
	}
	if (*slot < 0)
		*slot = probe_flag(flag);
	return *slot;
}

static int probe_action(uint32_t action)
{
	return compat_sup_syscall() &&
	       compat_seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &action) == 0;
}

int compat_sup_action(uint32_t action)
{
	uint32_t data = action & 0xffffU;

	switch (action) {
	case ACT_KILL_PROCESS:
		if (st.kill_process < 0)
			st.kill_process = probe_action(action);
		return st.kill_process;
	case ACT_KILL_THREAD:
	case ACT_TRAP:
	case ACT_ALLOW:
		return 1;
	case ACT_LOG:
		if (st.act_log < 0)
			st.act_log = probe_action(action);
		return st.act_log;
	case ACT_NOTIFY:
		if (st.user_notif < 0) {
			struct seccomp_notif_sizes sizes;

			st.user_notif = compat_sup_syscall() &&
					compat_seccomp(SECCOMP_GET_NOTIF_SIZES,
						       0, &sizes) == 0;
		}
		return st.user_notif;
	default:
		break;
	}
	if (action == (ACT_ERRNO | data))
		return data < MAX_ERRNO;
	if (action == (ACT_TRACE | data))
		return 1;
	return 0;
}

int compat_user_notif_state(void)
{
	return st.user_notif;
}

unsigned compat_api_update(void)
{
	unsigned level = 1;

	if (st.api_level >= 1)
		return st.api_level;
	if (compat_sup_syscall() &&
	    compat_sup_flag(SECCOMP_FILTER_FLAG_TSYNC) == 1)
		level = 2;
	if (level == 2 && compat_sup_flag(SECCOMP_FILTER_FLAG_LOG) == 1 &&
	    compat_sup_action(ACT_LOG) == 1 &&
	    compat_sup_action(ACT_KILL_PROCESS) == 1)
		level = 3;
	if (level == 3 && compat_sup_flag(SECCOMP_FILTER_FLAG_SPEC_ALLOW) == 1)
		level = 4;
	if (level == 4 &&
	    compat_sup_flag(SECCOMP_FILTER_FLAG_NEW_LISTENER) == 1 &&
	    compat_sup_action(ACT_NOTIFY) == 1)
		level = 5;
	if (level == 5 && compat_sup_flag(SECCOMP_FILTER_FLAG_TSYNC_ESRCH) == 1)
		level = 6;
	st.api_level = level;
	return level;
}

int compat_api_set(unsigned level)
{
	if (level < 1 || level > 6)
		return -EINVAL;
	/* each level implies the features of the ones below it */
	st.syscall = level >= 2;
	st.tsync = level >= 2;
	st.log_flag = st.act_log = st.kill_process = level >= 3;
	st.spec_allow = level >= 4;
	st.new_listener = st.user_notif = level >= 5;
	st.tsync_esrch = level >= 6;
	st.api_level = level;
	return 0;
}
