// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The USER_NOTIF supervisor of 'secbpf run --notify-log' and 'secbpf
 * record'.
 *
 * The command's process is cloned with CLONE_FILES: until its execve() it
 * shares our descriptor table, so the listener its seccomp() creates is in
 * our table at once, and stays there when execve() gives the child a copy
 * of the table and closes the listener (close-on-exec) in that copy.  The
 * child makes no system call between seccomp() and execve(): the filter
 * may notify any of them, execve() included, and only we can answer.  So
 * the handover needs no sendmsg(), no pidfd_getfd() and no ptrace right,
 * whatever the filter notifies.  We are not under the filter ourselves, so
 * none of our own calls waits for an answer.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "supervise.h"

/* Linux 6.6; the uapi headers of older systems lack them */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

/* How /proc/self/fd names a listener. */
#define LISTENER_LINK "anon_inode:seccomp notify"

/* Passed on to the command: the signals that ask a program to stop. */
static const int forwarded_signals[] = {SIGTERM, SIGINT, SIGHUP};

struct supervisor {
	const struct cli_supervisor *sup;
	pid_t child;
	int status;	  /* the command's exit status, -1 until reaped */
	int killed_by;	  /* the signal that ended it, or 0 */
	bool no_children; /* waitpid() found nothing left to wait for */
	int lfd;	  /* the listener; -1 once no task uses the filter */
	int sfd;	  /* signalfd: SIGCHLD and the forwarded signals */
	int stop_signal;  /* a forwarded signal that came after the command */
	bool no_continue; /* the kernel refused CONTINUE (before 5.5) */
	/* as large as the running kernel's structures, which may have grown */
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	size_t req_size, resp_size;
};

static int exit_status(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return 1;
}

/*
 * fork(), except that the child shares our descriptor table until exec.
 * clone3 where it exists; clone before Linux 5.3, or where an outer filter
 * refuses clone3 (Docker's default answers ENOSYS).
 */
static pid_t clone_files(void)
{
	long pid;

#ifdef __NR_clone3
	struct clone_args ca = {.flags = CLONE_FILES, .exit_signal = SIGCHLD};

	pid = syscall(__NR_clone3, &ca, sizeof(ca));
	if (pid >= 0)
		return (pid_t)pid;
#endif
#if defined(__s390__) /* clone's first two arguments are swapped */
	pid = syscall(__NR_clone, 0L, (long)(CLONE_FILES | SIGCHLD));
#else
	pid = syscall(__NR_clone, (long)(CLONE_FILES | SIGCHLD), 0L, 0L, 0L,
		      0L);
#endif
	return (pid_t)pid;
}

static _Noreturn void child_main(const struct cli_supervisor *sup, char **cmd,
				 const sigset_t *mask,
				 const struct sigaction *sigchld)
{
	/* the command gets the signal state we were given */
	if (sigaction(SIGCHLD, sigchld, NULL) ||
	    sigprocmask(SIG_SETMASK, mask, NULL)) {
		cli_error("cannot restore the signal state: %s",
			  strerror(errno));
		_exit(1);
	}
	if (sup->install(sup->ctx))
		_exit(1);
	/* nothing but execve() from here: see above */
	execvp(cmd[0], cmd);
	cli_error("cannot run '%s': %s", cmd[0], strerror(errno));
	_exit(127);
}

/* 1: fd is a seccomp listener; 0: fd is not open; -1: it is something else */
static int listener_at(int fd)
{
	char path[40], link[sizeof(LISTENER_LINK)];
	__u64 id = 0;
	ssize_t len;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	len = readlink(path, link, sizeof(link));
	if (len >= 0)
		return len == (ssize_t)strlen(LISTENER_LINK) &&
				       !memcmp(link, LISTENER_LINK, (size_t)len)
			       ? 1
			       : -1;
	if (fcntl(fd, F_GETFD) < 0)
		return 0;
	/* open, but no /proc names it: ask what only a listener answers */
	if (!ioctl(fd, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) || errno == ENOENT)
		return 1;
	return -1;
}

static void reap(struct supervisor *s)
{
	for (;;) {
		int st;
		pid_t w = waitpid(-1, &st, WNOHANG);

		if (w > 0) {
			if (w == s->child) {
				s->status = exit_status(st);
				s->killed_by = WIFSIGNALED(st) ? WTERMSIG(st)
							       : 0;
			}
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == ECHILD)
			s->no_children = true;
		return;
	}
}

/*
 * A signal from the terminal (^C, or SIGHUP when the session leader
 * exits) goes to the whole foreground process group: when the command
 * shares ours, it has its own copy already.  A hangup goes to the session
 * leader alone: a leader passes it on.
 */
static bool child_has_it(const struct signalfd_siginfo *si, pid_t child)
{
	if (si->ssi_code != SI_KERNEL)
		return false;
	if (si->ssi_signo == SIGHUP && getsid(0) == getpid())
		return false;
	return getpgid(child) == getpgrp();
}

static void handle_signals(struct supervisor *s)
{
	struct signalfd_siginfo si;

	while (read(s->sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGCHLD)
			reap(s);
		else if (s->status >= 0)
			s->stop_signal = (int)si.ssi_signo;
		else if (!child_has_it(&si, s->child))
			/* not reaped, so the pid is still the child's */
			kill(s->child, (int)si.ssi_signo);
	}
}

/* Wait until the child's seccomp() puts the listener at fd, or it ends. */
static int await_listener(struct supervisor *s, int fd)
{
	for (int ms = 1;; ms = ms < 64 ? 2 * ms : 100) {
		struct pollfd p = {.fd = s->sfd, .events = POLLIN};
		int found = listener_at(fd);

		if (found > 0)
			return fd;
		if (found < 0) {
			cli_error("descriptor %d is not the seccomp listener",
				  fd);
			kill(s->child, SIGKILL);
			waitpid(s->child, NULL, 0);
			s->status = 1;
			return -1;
		}
		if (s->status >= 0)
			return -1; /* it ended before installing */
		if (poll(&p, 1, ms) > 0)
			handle_signals(s);
	}
}

static void serve_one(struct supervisor *s)
{
	memset(s->req, 0, s->req_size);
	if (ioctl(s->lfd, SECCOMP_IOCTL_NOTIF_RECV, s->req))
		return; /* the task went away meanwhile */
	memset(s->resp, 0, s->resp_size);
	s->resp->id = s->req->id;
	s->resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	if (s->sup->answer)
		s->sup->answer(s->sup->ctx, s->req, s->resp);
	if (!ioctl(s->lfd, SECCOMP_IOCTL_NOTIF_SEND, s->resp)) {
		if (s->sup->answered)
			s->sup->answered(s->sup->ctx, s->req);
		return;
	}
	/*
	 * Before Linux 5.5 no call can be let continue: fail it rather than
	 * leave the task waiting for an answer that cannot be given.
	 */
	if (errno == EINVAL &&
	    (s->resp->flags & SECCOMP_USER_NOTIF_FLAG_CONTINUE)) {
		if (!s->no_continue)
			cli_error("this kernel cannot let a notified call "
				  "continue (Linux 5.5 and later can): "
				  "failing such calls with ENOSYS");
		s->no_continue = true;
		s->resp->flags = 0;
		s->resp->error = -ENOSYS;
		ioctl(s->lfd, SECCOMP_IOCTL_NOTIF_SEND, s->resp);
	}
}

/*
 * Answer notifications until no task uses the filter: the listener
 * reports POLLHUP (Linux 5.9+), or nothing is left to reap (we are the
 * subreaper of the command's descendants, and only they use the filter).
 */
static void serve(struct supervisor *s)
{
	while (!s->stop_signal &&
	       (s->status < 0 || (s->lfd >= 0 && !s->no_children))) {
		struct pollfd p[2] = {{.fd = s->sfd, .events = POLLIN},
				      {.fd = s->lfd, .events = POLLIN}};

		if (poll(p, s->lfd >= 0 ? 2 : 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			cli_error("poll: %s", strerror(errno));
			return;
		}
		if (p[0].revents & POLLIN)
			handle_signals(s);
		if (s->lfd < 0)
			continue;
		if (p[1].revents & POLLIN) {
			serve_one(s);
		} else if (p[1].revents & (POLLHUP | POLLERR)) {
			close(s->lfd);
			s->lfd = -1;
		}
	}
}

/* Buffers as large as the kernel's notification structures. */
static int notif_buffers(struct supervisor *s)
{
	struct seccomp_notif_sizes sizes = {0};

	s->req_size = sizeof(*s->req);
	s->resp_size = sizeof(*s->resp);
#ifdef __NR_seccomp
	if (!syscall(__NR_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes)) {
		if (sizes.seccomp_notif > s->req_size)
			s->req_size = sizes.seccomp_notif;
		if (sizes.seccomp_notif_resp > s->resp_size)
			s->resp_size = sizes.seccomp_notif_resp;
	}
#endif
	s->req = calloc(1, s->req_size);
	s->resp = calloc(1, s->resp_size);
	if (!s->req || !s->resp)
		return cli_error("out of memory");
	return 0;
}

static int start(struct supervisor *s, char **cmd, struct cli_supervised *res)
{
	struct sigaction dfl = {.sa_handler = SIG_DFL}, sigchld;
	sigset_t set;
	int fd;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	for (size_t i = 0; i < sizeof(forwarded_signals) / sizeof(int); i++) {
		struct sigaction old;

		/* one we were told to ignore stays ignored, here and there */
		if (!sigaction(forwarded_signals[i], NULL, &old) &&
		    old.sa_handler != SIG_IGN)
			sigaddset(&set, forwarded_signals[i]);
	}
	/* orphans under the filter come back to us, to reap and to count */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L))
		return cli_error("cannot become a subreaper: %s",
				 strerror(errno));
	/* with SIGCHLD ignored, the kernel would reap the child for us */
	if (sigaction(SIGCHLD, &dfl, &sigchld) ||
	    sigprocmask(SIG_BLOCK, &set, &res->saved))
		return cli_error("cannot set up signals: %s", strerror(errno));
	s->sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (s->sfd < 0)
		return cli_error("signalfd: %s", strerror(errno));
	/* the lowest free descriptor: where the child's seccomp() puts the
	 * listener, as neither process opens one before */
	fd = fcntl(s->sfd, F_DUPFD_CLOEXEC, 0);
	if (fd < 0)
		return cli_error("no descriptor left for the listener: %s",
				 strerror(errno));
	close(fd);
	fflush(NULL);
	s->child = clone_files();
	if (s->child < 0)
		return cli_error("cannot start '%s': %s", cmd[0],
				 strerror(errno));
	if (s->child == 0)
		child_main(s->sup, cmd, &res->saved, &sigchld);
	s->lfd = await_listener(s, fd);
	return 0;
}

int cli_supervise(char **cmd, const struct cli_supervisor *sup,
		  struct cli_supervised *res)
{
	struct supervisor s = {.sup = sup, .status = -1, .lfd = -1, .sfd = -1};
	int rc = 1;

	memset(res, 0, sizeof(*res));
	sigprocmask(SIG_SETMASK, NULL, &res->saved);
	if (notif_buffers(&s) || start(&s, cmd, res))
		goto out;
	rc = 0;
	if (s.lfd < 0) {
		res->status = s.status > 0 ? s.status : 1;
		goto out;
	}
	/* best effort: an older kernel refuses it and switches as before */
	if (sup->sync_wakeup)
		ioctl(s.lfd, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
		      (unsigned long)SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
	serve(&s);
	res->served = !s.stop_signal;
	res->stop_signal = s.stop_signal;
	res->status = s.status >= 0 ? s.status : 1;
	res->killed_by = s.killed_by;
	res->no_continue = s.no_continue;
out:
	if (s.lfd >= 0)
		close(s.lfd);
	if (s.sfd >= 0)
		close(s.sfd);
	free(s.req);
	free(s.resp);
	return rc;
}

int cli_supervise_end(const struct cli_supervised *res, int status)
{
	if (res->stop_signal) {
		/* die of it, as we would have without a command to pass it to */
		signal(res->stop_signal, SIG_DFL);
		raise(res->stop_signal);
		sigprocmask(SIG_SETMASK, &res->saved, NULL);
		return 128 + res->stop_signal;
	}
	sigprocmask(SIG_SETMASK, &res->saved, NULL);
	return status;
}
