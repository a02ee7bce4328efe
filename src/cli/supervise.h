/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The USER_NOTIF supervisor shared by 'secbpf run --notify-log' and
 * 'secbpf record': start a command under a filter with a listener, answer
 * its notifications and its descendants' until no task is left under the
 * filter, pass the signals that ask a program to stop on to it.
 */
#ifndef SECBPF_CLI_SUPERVISE_H
#define SECBPF_CLI_SUPERVISE_H

#include <linux/seccomp.h>
#include <signal.h>
#include <stdbool.h>

struct cli_supervisor {
	/*
	 * In the command's process, with the signal state it is to get:
	 * install the filter with SECCOMP_FILTER_FLAG_NEW_LISTENER, making no
	 * other system call after the seccomp() that succeeds (the exec of
	 * the command follows).  0, or 1 after a message (the process then
	 * exits with status 1).
	 */
	int (*install)(void *ctx);
	/*
	 * Optional: each notification, before it is answered: fill in "resp"
	 * (zeroed, its id set); left as it is, the call continues.
	 */
	void (*answer)(void *ctx, const struct seccomp_notif *req,
		       struct seccomp_notif_resp *resp);
	/*
	 * Optional: the kernel took the answer.  A task interrupted before
	 * the answer (a signal) does not get it: its call did not happen,
	 * and when it is restarted it comes again.
	 */
	void (*answered)(void *ctx, const struct seccomp_notif *req);
	void *ctx;
	/*
	 * Ask the kernel to switch straight between a notifying task and
	 * the supervisor (SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP, Linux 6.6;
	 * ignored where the kernel does not have it).
	 */
	bool sync_wakeup;
};

struct cli_supervised {
	int status;	  /* the command's exit status, 128+N if killed by N */
	int killed_by;	  /* N when it was, else 0 */
	bool no_continue; /* the kernel could not let calls continue
			   * (before Linux 5.5): they failed with ENOSYS */
	bool served;	  /* its filter was installed and served to the end */
	int stop_signal;  /* a forwarded signal that came after the command
			  * had ended: the caller dies of it at the end */
	sigset_t saved;	  /* the signal mask we were started with */
};

/*
 * Run cmd (execvp) under the supervisor.  0 once the command is gone:
 * "res" says how (when the command's process ended before its filter was
 * installed, served is false and status its exit status, 1 when the
 * install failed).  1, with a message, when the command cannot be
 * started.  The signals handed on stay blocked until cli_supervise_end.
 */
int cli_supervise(char **cmd, const struct cli_supervisor *sup,
		  struct cli_supervised *res);
/*
 * After cli_supervise returned 0 and the caller did what it had to do:
 * die of res->stop_signal if one came, else restore the signal mask and
 * return "status".
 */
int cli_supervise_end(const struct cli_supervised *res, int status);

#endif /* SECBPF_CLI_SUPERVISE_H */
