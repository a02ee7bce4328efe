// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * secbpf run: resolve, compile, install, exec.  With --notify-log the tool
 * stays behind as a minimal supervisor that logs and answers each
 * USER_NOTIF notification of the command and its descendants, and passes
 * the signals that ask a program to stop on to the command.  Without it,
 * secbpf becomes the command (exec), which gets every signal itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
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

struct run_opts {
	struct cli_env env;
	bool enosys_newer;
	bool notify_log;
	int notify_errno; /* 0: let the syscall continue */
};

/*
 * The command runs as this machine's arch.  A filter for other arches only
 * (--arch aarch64 on x86_64) kills it at its first syscall with no word
 * (the bad-arch action); one resolved for another primary arch (the first
 * --arch, which includes/excludes.arches test) drops the native rules a
 * runtime here would keep (arch_prctl for x86_64).  Without --arch the
 * library puts the native arch first.  0, or 1 with a message.
 */
static int native_targeted(const struct cli_env *env)
{
	const struct secbpf_arch *native = secbpf_arch_native();
	const char *name;

	if (!native)
		return cli_error("this machine's architecture is not "
				 "supported; a filter cannot be run here");
	if (!env->narches || secbpf_arch_lookup(env->arches[0]) == native)
		return 0;
	name = secbpf_arch_name(native);
	for (size_t i = 1; i < env->narches; i++)
		if (secbpf_arch_lookup(env->arches[i]) == native)
			return cli_error("refusing to run: the first --arch "
					 "('%s') is the one the profile is "
					 "resolved for, but the command runs "
					 "as '%s'; put --arch %s first",
					 env->arches[0], name, name);
	return cli_error("refusing to run: --arch leaves out this machine's "
			 "'%s', so the kernel would kill the command at its "
			 "first syscall (a foreign arch's filter); add --arch "
			 "%s first",
			 name, name);
}

static int parse(int argc, char **argv, struct run_opts *o, int *cmd_index)
{
	enum { O_ENOSYS = 256, O_NOTIFY, O_NOTIFY_ERRNO };
	static const struct option opts[] = {
		CLI_ENV_LONGOPTS,
		{"enosys-newer", no_argument, NULL, O_ENOSYS},
		{"notify-log", no_argument, NULL, O_NOTIFY},
		{"notify-errno", required_argument, NULL, O_NOTIFY_ERRNO},
		{NULL, 0, NULL, 0},
	};
	int c, taken;

	optind = 1;
	/*
	 * "+": stop at each non-option.  The first one is the profile (unless
	 * --default); options may follow it; "--" or a second non-option
	 * starts the command.
	 */
	for (;;) {
		c = getopt_long(argc, argv, "+", opts, NULL);
		if (c == -1) {
			if (o->env.use_default || o->env.profile ||
			    optind >= argc || !strcmp(argv[optind - 1], "--"))
				break;
			o->env.profile = argv[optind++];
			continue;
		}
		taken = cli_env_option(&o->env, c, optarg);
		if (taken < 0)
			return 1;
		if (taken)
			continue;
		switch (c) {
		case O_ENOSYS:
			o->enosys_newer = true;
			break;
		case O_NOTIFY:
			o->notify_log = true;
			break;
		case O_NOTIFY_ERRNO: {
			uint64_t v;

			if (cli_parse_number("--notify-errno", optarg, 0, 0, 1,
					     4095, &v))
				return 1;
			o->notify_errno = (int)v;
			o->notify_log = true;
			break;
		}
		default:
			return cli_error("see 'secbpf run --help'");
		}
	}
	if (cli_env_check(&o->env, "run") || native_targeted(&o->env))
		return 1;
	if (optind < argc && !strcmp(argv[optind], "--"))
		optind++;
	if (optind >= argc)
		return cli_error("no command to run after '--'");
	*cmd_index = optind;
	return 0;
}

/* Profile -> resolved profile -> policy -> program. 0 or 1. */
static int build(const struct run_opts *o, struct secbpf_prog **prog,
		 unsigned *flags)
{
	struct secbpf_compile_opts co = {.sz = sizeof(co)};
	struct secbpf_profile *profile = NULL, *resolved = NULL;
	struct secbpf_policy *policy = NULL;
	struct secbpf_policy_opts po;
	struct secbpf_error err;
	int rc = 1;

	if (cli_env_resolve(&o->env, &profile, &resolved))
		goto out;
	cli_env_policy_opts(&o->env, &po);
	if (secbpf_policy_new(resolved, &po, &policy, &err))
		goto lib_error;
	/* the embedded default's quirks are ours, not the user's to fix */
	for (size_t i = 0;
	     !o->env.use_default && i < secbpf_policy_warning_count(policy);
	     i++)
		cli_warn("%s", secbpf_policy_warning(policy, i));
	co.enosys_newer = o->enosys_newer;
	if (secbpf_compile(policy, &co, prog, &err))
		goto lib_error;
	/* OCI: with no "flags" field, runc and crun install with SPEC_ALLOW */
	*flags = secbpf_policy_flags_set(policy)
			 ? secbpf_policy_flags(policy)
			 : SECCOMP_FILTER_FLAG_SPEC_ALLOW;
	rc = 0;
	goto out;
lib_error:
	rc = cli_lib_error(&err);
out:
	secbpf_policy_free(policy);
	secbpf_profile_free(resolved);
	secbpf_profile_free(profile);
	return rc;
}

static int install(const struct secbpf_prog *prog, unsigned flags, int *lfd)
{
	struct secbpf_install_opts io = {.sz = sizeof(io), .flags = flags};
	struct secbpf_error err;

	if (secbpf_install(prog, &io, lfd, &err))
		return cli_lib_error(&err);
	return 0;
}

static int exit_status(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return 1;
}

static void log_notification(const struct seccomp_notif *req)
{
	const struct secbpf_arch *arch = secbpf_arch_by_audit(req->data.arch);
	const char *name = NULL;

	if (arch && (req->data.nr & 0x40000000) &&
	    !strcmp(secbpf_arch_name(arch), "x86_64"))
		arch = secbpf_arch_lookup("x32");
	if (arch)
		name = secbpf_syscall_name(arch, (uint32_t)req->data.nr);
	fprintf(stderr,
		"secbpf: notify: pid %u %s(%#llx, %#llx, %#llx, %#llx, "
		"%#llx, %#llx) [nr %d, %s]\n",
		req->pid, name ? name : "?",
		(unsigned long long)req->data.args[0],
		(unsigned long long)req->data.args[1],
		(unsigned long long)req->data.args[2],
		(unsigned long long)req->data.args[3],
		(unsigned long long)req->data.args[4],
		(unsigned long long)req->data.args[5], req->data.nr,
		arch ? secbpf_arch_name(arch) : "unknown arch");
}

/*
 * The supervisor of --notify-log.
 *
 * The command's process is cloned with CLONE_FILES: until its execve() it
 * shares our descriptor table, so the listener its seccomp() creates is in
 * our table at once, and stays there when execve() gives the child a copy
 * of the table and closes the listener (close-on-exec) in that copy.  The
 * child makes no system call between seccomp() and execve(): the filter
 * may notify any of them, execve() included, and only we can answer.  So
 * the handover needs no sendmsg(), no pidfd_getfd() and no ptrace right,
 * whatever the profile notifies.
 */

/* How /proc/self/fd names a listener. */
#define LISTENER_LINK "anon_inode:seccomp notify"

/* Passed on to the command: the signals that ask a program to stop. */
static const int forwarded_signals[] = {SIGTERM, SIGINT, SIGHUP};

struct supervisor {
	pid_t child;
	int status;	  /* the command's exit status, -1 until reaped */
	bool no_children; /* waitpid() found nothing left to wait for */
	int lfd;	  /* the listener; -1 once no task uses the filter */
	int sfd;	  /* signalfd: SIGCHLD and the forwarded signals */
	int stop_signal;  /* a forwarded signal that came after the command */
	int notify_errno; /* 0: let the syscall continue */
};

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

static _Noreturn void child_main(const struct secbpf_prog *prog, unsigned flags,
				 char **cmd, const sigset_t *mask,
				 const struct sigaction *sigchld)
{
	int lfd;

	/* the command gets the signal state we were given */
	if (sigaction(SIGCHLD, sigchld, NULL) ||
	    sigprocmask(SIG_SETMASK, mask, NULL)) {
		cli_error("cannot restore the signal state: %s",
			  strerror(errno));
		_exit(1);
	}
	if (install(prog, flags | SECCOMP_FILTER_FLAG_NEW_LISTENER, &lfd))
		_exit(1);
	/* nothing but execve() from here: see above */
	execvp(cmd[0], cmd);
	fprintf(stderr, "secbpf: error: cannot run '%s': %s\n", cmd[0],
		strerror(errno));
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
			if (w == s->child)
				s->status = exit_status(st);
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

static void answer(const struct supervisor *s)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	memset(&req, 0, sizeof(req));
	if (ioctl(s->lfd, SECCOMP_IOCTL_NOTIF_RECV, &req))
		return; /* the task went away meanwhile */
	log_notification(&req);
	memset(&resp, 0, sizeof(resp));
	resp.id = req.id;
	if (s->notify_errno)
		resp.error = -s->notify_errno;
	else
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	ioctl(s->lfd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
}

/*
 * Answer notifications until no task uses the filter: the listener
 * reports POLLHUP (Linux 5.9+), or nothing is left to reap (we are the
 * subreaper of the command's descendants, and only they use the filter).
 */
static void supervise(struct supervisor *s)
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
			answer(s);
		} else if (p[1].revents & (POLLHUP | POLLERR)) {
			close(s->lfd);
			s->lfd = -1;
		}
	}
}

static int run_supervised(struct secbpf_prog *prog, unsigned flags, char **cmd,
			  int notify_errno)
{
	struct supervisor s = {
		.status = -1, .lfd = -1, .notify_errno = notify_errno};
	struct sigaction dfl = {.sa_handler = SIG_DFL}, sigchld;
	sigset_t set, saved;
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
	    sigprocmask(SIG_BLOCK, &set, &saved))
		return cli_error("cannot set up signals: %s", strerror(errno));
	s.sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (s.sfd < 0)
		return cli_error("signalfd: %s", strerror(errno));
	/* the lowest free descriptor: where the child's seccomp() puts the
	 * listener, as neither process opens one before */
	fd = fcntl(s.sfd, F_DUPFD_CLOEXEC, 0);
	if (fd < 0)
		return cli_error("no descriptor left for the listener: %s",
				 strerror(errno));
	close(fd);
	fflush(NULL);
	s.child = clone_files();
	if (s.child < 0)
		return cli_error("cannot start '%s': %s", cmd[0],
				 strerror(errno));
	if (s.child == 0)
		child_main(prog, flags, cmd, &saved, &sigchld);
	s.lfd = await_listener(&s, fd);
	if (s.lfd < 0)
		return s.status > 0 ? s.status : 1;
	supervise(&s);
	if (s.stop_signal) {
		/* die of it, as we would have without a command to pass it to */
		if (s.lfd >= 0)
			close(s.lfd);
		signal(s.stop_signal, SIG_DFL);
		raise(s.stop_signal);
		sigprocmask(SIG_SETMASK, &saved, NULL);
		return 128 + s.stop_signal;
	}
	return s.status >= 0 ? s.status : 1;
}

static int run_run(int argc, char **argv)
{
	struct run_opts o = {0};
	struct secbpf_prog *prog = NULL;
	unsigned flags = 0;
	int first = 0, rc;

	if (parse(argc, argv, &o, &first))
		return 1;
	if (build(&o, &prog, &flags))
		return 1;
	if (o.notify_log) {
		rc = run_supervised(prog, flags, argv + first, o.notify_errno);
		secbpf_prog_free(prog);
		return rc;
	}
	rc = install(prog, flags, NULL);
	secbpf_prog_free(prog);
	if (rc)
		return rc;
	execvp(argv[first], argv + first);
	fprintf(stderr, "secbpf: error: cannot run '%s': %s\n", argv[first],
		strerror(errno));
	return 127;
}

const struct cli_cmd cmd_run = {
	.name = "run",
	.run = run_run,
	.summary = "run a command under a profile's filter",
	.usage = "usage: secbpf run [PROFILE | --default] [--cap CAP]... "
		 "[--all-caps]\n"
		 "                  [--arch ARCH]... [--kernel X.Y] "
		 "[--enosys-newer]\n"
		 "                  [--and-repeated-args]\n"
		 "                  [--notify-log [--notify-errno N]] -- "
		 "COMMAND "
		 "[ARGS...]\n"
		 "\n"
		 "Resolve the profile for the given bounding capabilities "
		 "(none\n"
		 "by default), compile it, install it (no_new_privs is set; "
		 "the\n"
		 "profile's flags are used, SPEC_ALLOW when it has none, as "
		 "runc\n"
		 "and crun do) and exec COMMAND.  With --arch, the first "
		 "must be\n"
		 "this machine's: the command runs as it.\n"
		 "\n"
		 "  --notify-log      stay as a supervisor for NOTIFY rules: "
		 "log\n"
		 "                    each notification and let the call "
		 "continue,\n"
		 "                    until no task is left under the filter; "
		 "pass\n"
		 "                    SIGTERM, SIGINT and SIGHUP on to "
		 "COMMAND\n"
		 "  --notify-errno N  answer notifications with errno N "
		 "instead\n"
		 "                    (decimal, 1 to 4095)\n"
		 "  --enosys-newer    syscalls newer than the profile knows "
		 "fail\n"
		 "                    with ENOSYS instead of the default "
		 "action\n"
		 "  --and-repeated-args  keep the conditions of a rule that "
		 "tests\n"
		 "                    one argument twice ANDed (runtimes make "
		 "each\n"
		 "                    one a rule of its own: OR, the "
		 "default)\n"
		 "\n"
		 "Exit status: the command's, 128+N if killed by signal N, 127 "
		 "if\n"
		 "it cannot be run, 1 if the profile cannot be used.\n",
};
