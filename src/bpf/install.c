// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Installing a program: seccomp(2) SECCOMP_SET_MODE_FILTER with flags,
 * prctl(PR_SET_SECCOMP) where seccomp(2) is missing, no_new_privs, and a
 * check that the kernel knows every action the program returns.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"

_Static_assert(sizeof(struct secbpf_insn) == sizeof(struct sock_filter),
	       "struct secbpf_insn must match struct sock_filter");
_Static_assert(offsetof(struct secbpf_insn, k) ==
		       offsetof(struct sock_filter, k),
	       "struct secbpf_insn must match struct sock_filter");

/* Flags that exist only for seccomp(2), so prctl() cannot stand in. */
#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif
#ifndef SECCOMP_FILTER_FLAG_TSYNC_ESRCH
#define SECCOMP_FILTER_FLAG_TSYNC_ESRCH (1UL << 4)
#endif
#define KNOWN_FLAGS                                                            \
	(SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_LOG |                 \
	 SECCOMP_FILTER_FLAG_SPEC_ALLOW | SECCOMP_FILTER_FLAG_NEW_LISTENER |   \
	 SECCOMP_FILTER_FLAG_TSYNC_ESRCH |                                     \
	 SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)

static long sys_seccomp(unsigned op, unsigned flags, void *args)
{
#ifdef SYS_seccomp
	return syscall(SYS_seccomp, op, flags, args);
#else
	errno = ENOSYS;
	return -1;
#endif
}

static const char *action_name(uint32_t full)
{
	switch (full) {
	case SECBPF_RET_KILL_PROCESS:
		return "KILL_PROCESS";
	case SECBPF_RET_KILL_THREAD:
		return "KILL_THREAD";
	case SECBPF_RET_TRAP:
		return "TRAP";
	case SECBPF_RET_ERRNO(0):
		return "ERRNO";
	case SECBPF_RET_USER_NOTIF:
		return "USER_NOTIF";
	case SECBPF_RET_TRACE(0):
		return "TRACE";
	case SECBPF_RET_LOG:
		return "LOG";
	case SECBPF_RET_ALLOW:
		return "ALLOW";
	default:
		return "an unknown action";
	}
}

/*
 * Ask the kernel about each distinct action among the program's RET K
 * instructions.  A kernel without seccomp(2) or without the GET_ACTION_AVAIL
 * operation (before 4.14) cannot answer; the install itself is then the
 * judge, as it is for libseccomp.
 */
static int check_actions(const struct secbpf_insn *insn, size_t n,
			 struct secbpf_error *err)
{
	uint32_t seen[16];
	size_t nseen = 0;

	for (size_t i = 0; i < n; i++) {
		uint32_t act;
		bool dup = false;

		if (insn[i].code != (BPF_RET | BPF_K))
			continue;
		act = insn[i].k & SECBPF_RET_ACTION_FULL;
		for (size_t j = 0; j < nseen; j++)
			dup |= seen[j] == act;
		if (dup)
			continue;
		if (nseen < SB_ARRAY_SIZE(seen))
			seen[nseen++] = act;
		if (sys_seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &act) == 0)
			continue;
		if (errno == EOPNOTSUPP)
			return sb_err_insn(err, -EOPNOTSUPP, (int)i,
					   "the running kernel does not "
					   "support the action '%s'",
					   action_name(act));
		if (errno == ENOSYS || errno == EINVAL)
			return 0; /* cannot tell; let the install decide */
	}
	return 0;
}

/*
 * strerror() only when there is a message to write: without an error
 * object, installing calls nothing but prctl(2) and seccomp(2), which a
 * child of a multithreaded process may between fork() and exec().
 */
static const char *describe(int e, const struct secbpf_error *err)
{
	return err ? strerror(e) : "";
}

/*
 * The combinations seccomp_set_mode_filter (kernel/seccomp.c) refuses with
 * a bare EINVAL, refused here with their names and before no_new_privs is
 * set: TSYNC with NEW_LISTENER (one return value cannot be both a thread
 * id and a listener fd) unless TSYNC_ESRCH, and WAIT_KILLABLE_RECV
 * without a listener.
 */
static int check_combination(unsigned flags, struct secbpf_error *err)
{
	if ((flags & SB_FLAG_TSYNC) && (flags & SB_FLAG_NEW_LISTENER) &&
	    !(flags & SB_FLAG_TSYNC_ESRCH))
		return sb_err(err, -EINVAL,
			      "seccomp flags 'SECCOMP_FILTER_FLAG_TSYNC' and "
			      "'SECCOMP_FILTER_FLAG_NEW_LISTENER' need "
			      "'SECCOMP_FILTER_FLAG_TSYNC_ESRCH' too: the "
			      "kernel refuses them without it");
	if ((flags & SB_FLAG_WAIT_KILLABLE_RECV) &&
	    !(flags & SB_FLAG_NEW_LISTENER))
		return sb_err(err, -EINVAL,
			      "seccomp flag "
			      "'SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV' needs "
			      "'SECCOMP_FILTER_FLAG_NEW_LISTENER': the kernel "
			      "refuses it without a listener");
	return 0;
}

_Static_assert(SB_FLAG_TSYNC == SECCOMP_FILTER_FLAG_TSYNC &&
		       SB_FLAG_NEW_LISTENER ==
			       SECCOMP_FILTER_FLAG_NEW_LISTENER &&
		       SB_FLAG_TSYNC_ESRCH == SECCOMP_FILTER_FLAG_TSYNC_ESRCH &&
		       SB_FLAG_WAIT_KILLABLE_RECV ==
			       SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV &&
		       SB_FLAG_SPEC_ALLOW == SECCOMP_FILTER_FLAG_SPEC_ALLOW &&
		       SB_FLAG_LOG == SECCOMP_FILTER_FLAG_LOG,
	       "the kernel's flag bits");

int secbpf_install(const struct secbpf_prog *prog,
		   const struct secbpf_install_opts *opts, int *listener_fd,
		   struct secbpf_error *err)
{
	struct secbpf_install_opts o = {0};
	struct sock_fprog fprog;
	unsigned flags;
	long rc;
	int ret;

	if (!prog)
		return sb_err(err, -EINVAL, "no program to install");
	ret = SB_OPTS_COPY(opts, &o, secbpf_install_opts, err);
	if (ret)
		return ret;
	flags = o.flags;
	if (flags & ~KNOWN_FLAGS)
		return sb_err(err, -EINVAL, "unknown seccomp flags 0x%x",
			      (unsigned)(flags & ~KNOWN_FLAGS));
	ret = check_combination(flags, err);
	if (ret)
		return ret;
	if ((flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) && !listener_fd)
		return sb_err(err, -EINVAL,
			      "FLAG_NEW_LISTENER needs somewhere to put the "
			      "listener fd");
	if (secbpf_prog_big_endian(prog) !=
	    (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__))
		return sb_err(err, -EINVAL,
			      "the program is for a %s-endian target; this "
			      "machine is not",
			      secbpf_prog_big_endian(prog) ? "big" : "little");
	ret = secbpf_prog_verify(prog, err);
	if (ret)
		return ret;
	ret = check_actions(secbpf_prog_insns(prog), secbpf_prog_len(prog),
			    err);
	if (ret)
		return ret;

	if (!o.keep_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		int e = errno;

		return sb_err(err, -e, "cannot set no_new_privs: %s",
			      describe(e, err));
	}

	/* the kernel copies the program; it never writes through the cast */
	fprog.len = (unsigned short)secbpf_prog_len(prog);
	fprog.filter = (struct sock_filter *)(uintptr_t)secbpf_prog_insns(prog);

	rc = sys_seccomp(SECCOMP_SET_MODE_FILTER, flags, &fprog);
	if (rc < 0 && errno == ENOSYS) {
		if (flags)
			return sb_err(err, -ENOSYS,
				      "the kernel has no seccomp(2), and flags "
				      "0x%x need it",
				      flags);
		rc = prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0);
	}
	if (rc < 0) {
		int e = errno;

		switch (e) {
		case EACCES:
			return sb_err(err, -EACCES,
				      "installing a filter needs no_new_privs "
				      "or CAP_SYS_ADMIN");
		case EINVAL:
			return sb_err(err, -EINVAL,
				      "the kernel refused the filter (flags "
				      "0x%x, or seccomp is unavailable here)",
				      flags);
		case ENOMEM:
			return sb_err(err, -ENOMEM,
				      "the kernel refused the filter: the "
				      "process's filters would exceed 32768 "
				      "instructions");
		case EBUSY:
			return sb_err(err, -EBUSY,
				      "a notification listener is already "
				      "installed");
		case ESRCH:
			return sb_err(err, -ESRCH,
				      "another thread could not be "
				      "synchronised");
		default:
			return sb_err(err, -e, "cannot install the filter: %s",
				      describe(e, err));
		}
	}
	/* TSYNC without TSYNC_ESRCH reports a failing thread as a tid */
	if (rc > 0 && (flags & SECCOMP_FILTER_FLAG_TSYNC) &&
	    !(flags & SECCOMP_FILTER_FLAG_NEW_LISTENER))
		return sb_err(err, -EAGAIN,
			      "thread %ld could not be synchronised (it has "
			      "filters of its own)",
			      rc);
	if (listener_fd)
		*listener_fd = (flags & SECCOMP_FILTER_FLAG_NEW_LISTENER)
				       ? (int)rc
				       : -1;
	return 0;
}
