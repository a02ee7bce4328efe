// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * secbpf_install against the real kernel: each test forks a child that
 * installs a hand-written program and reports what the kernel did.  The
 * programs are written here instruction by instruction so that these tests
 * judge the installer alone, not the compiler.  Skipped where seccomp
 * cannot be installed (qemu-user answers EINVAL).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "secbpf.h"

#define LD_NR BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0)
#define LD_ARCH BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 4)
#define RET(v) BPF_STMT(BPF_RET | BPF_K, (v))
#define JEQ(k, t, f) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))

/* "nr -> ret, else ALLOW" for the native arch. */
#define ONE_SYSCALL(nr, ret)                                                   \
	{                                                                      \
		LD_NR, JEQ((nr), 0, 1), RET(ret), RET(SECCOMP_RET_ALLOW)       \
	}

static struct secbpf_prog *prog_of(const struct sock_filter *f, size_t n)
{
	struct secbpf_prog *p = NULL;
	struct secbpf_error err;

	cr_assert_eq(secbpf_prog_new((const struct secbpf_insn *)f, n,
				     __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__, &p,
				     &err),
		     0, "%s", err.message);
	return p;
}
#define PROG(arr) prog_of((arr), sizeof(arr) / sizeof((arr)[0]))

/* Whether this machine lets us install filters at all (not under qemu). */
static bool can_install(void)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		struct sock_filter f[] = {RET(SECCOMP_RET_ALLOW)};
		struct sock_fprog fp = {.len = 1, .filter = f};

		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		_exit(prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fp) ? 1 : 0);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

#define NEED_SECCOMP()                                                         \
	do {                                                                   \
		if (!can_install())                                            \
			cr_skip_test("seccomp filters cannot be installed "    \
				     "here (qemu-user?)");                     \
	} while (0)

/* Run fn in a child; return its wait status. */
static int in_child(void (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	int st;

	cr_assert_geq(pid, 0);
	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	return st;
}

#define EXITED_OK(st) (WIFEXITED(st) && WEXITSTATUS(st) == 0)

static void install_or_die(const struct secbpf_prog *p, unsigned flags,
			   int *lfd)
{
	struct secbpf_install_opts o = {.sz = sizeof(o), .flags = flags};
	struct secbpf_error err;

	if (secbpf_install(p, &o, lfd, &err)) {
		fprintf(stderr, "install: %s\n", err.message);
		_exit(100);
	}
}

static void child_errno(void *arg)
{
	install_or_die(arg, 0, NULL);
	errno = 0;
	if (syscall(SYS_getppid) != -1 || errno != 42)
		_exit(1);
	if (getpid() <= 0) /* other syscalls still allowed */
		_exit(2);
}

Test(install, errno_action)
{
	struct sock_filter f[] =
		ONE_SYSCALL(SYS_getppid, SECCOMP_RET_ERRNO | 42);
	struct secbpf_prog *p;
	int st;

	NEED_SECCOMP();
	p = PROG(f);
	st = in_child(child_errno, p);
	cr_expect(EXITED_OK(st), "status 0x%x", st);
	secbpf_prog_free(p);
}

static void child_call_getppid(void *arg)
{
	install_or_die(arg, 0, NULL);
	syscall(SYS_getppid);
	_exit(3); /* should not get here */
}

Test(install, kill_process_and_thread)
{
	const uint32_t acts[] = {SECCOMP_RET_KILL_PROCESS,
				 SECCOMP_RET_KILL_THREAD};

	NEED_SECCOMP();
	for (size_t i = 0; i < 2; i++) {
		struct sock_filter f[] = ONE_SYSCALL(SYS_getppid, acts[i]);
		struct secbpf_prog *p = PROG(f);
		int st = in_child(child_call_getppid, p);

		cr_expect(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS,
			  "action 0x%x: status 0x%x", acts[i], st);
		secbpf_prog_free(p);
	}
}

static volatile sig_atomic_t trapped_nr = -1;

static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	trapped_nr = si->si_syscall;
}

static void child_trap(void *arg)
{
	struct sigaction sa = {.sa_sigaction = on_sigsys,
			       .sa_flags = SA_SIGINFO};

	sigaction(SIGSYS, &sa, NULL);
	install_or_die(arg, 0, NULL);
	syscall(SYS_getppid);
	_exit(trapped_nr == SYS_getppid ? 0 : 4);
}

Test(install, trap_sets_si_syscall)
{
	struct sock_filter f[] = ONE_SYSCALL(SYS_getppid, SECCOMP_RET_TRAP);
	struct secbpf_prog *p;
	int st;

	NEED_SECCOMP();
	p = PROG(f);
	st = in_child(child_trap, p);
	cr_expect(EXITED_OK(st), "status 0x%x", st);
	secbpf_prog_free(p);
}

static void child_log_and_trace(void *arg)
{
	install_or_die(arg, 0, NULL);
	/* LOG allows */
	if (syscall(SYS_getppid) <= 0)
		_exit(5);
	/* TRACE with no tracer fails the call with ENOSYS */
	errno = 0;
	if (syscall(SYS_getuid) != -1 || errno != ENOSYS)
		_exit(6);
}

Test(install, log_allows_trace_without_tracer_is_enosys)
{
	struct sock_filter f[] = {
		LD_NR,
		JEQ(SYS_getppid, 0, 1),
		RET(SECCOMP_RET_LOG),
		JEQ(SYS_getuid, 0, 1),
		RET(SECCOMP_RET_TRACE | 7),
		RET(SECCOMP_RET_ALLOW),
	};
	struct secbpf_prog *p;
	int st;

	NEED_SECCOMP();
	p = PROG(f);
	st = in_child(child_log_and_trace, p);
	cr_expect(EXITED_OK(st), "status 0x%x", st);
	secbpf_prog_free(p);
}

/* USER_NOTIF: a listener thread answers each notification with -EPERM+N. */
static void *listener(void *arg)
{
	int fd = *(int *)arg;
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	memset(&req, 0, sizeof(req));
	if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req))
		return NULL;
	memset(&resp, 0, sizeof(resp));
	resp.id = req.id;
	resp.error = -(int)(req.data.args[0] + 10); /* say what we saw */
	ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	return NULL;
}

static void child_notify(void *arg)
{
	pthread_t t;
	int fd = -1;

	install_or_die(arg, SECCOMP_FILTER_FLAG_NEW_LISTENER, &fd);
	if (fd < 0)
		_exit(7);
	if (pthread_create(&t, NULL, listener, &fd))
		_exit(8);
	errno = 0;
	if (syscall(SYS_getppid, 3) != -1 || errno != 13)
		_exit(9);
	pthread_join(t, NULL);
}

Test(install, user_notif_with_listener)
{
	struct sock_filter f[] =
		ONE_SYSCALL(SYS_getppid, SECCOMP_RET_USER_NOTIF);
	struct secbpf_prog *p;
	int st;

	NEED_SECCOMP();
	p = PROG(f);
	st = in_child(child_notify, p);
	cr_expect(EXITED_OK(st), "status 0x%x", st);
	secbpf_prog_free(p);
}

static void *other_thread(void *arg)
{
	volatile int *go = arg;
	long r;

	while (!*go)
		usleep(1000);
	errno = 0;
	r = syscall(SYS_getppid);
	return (void *)(intptr_t)(r == -1 && errno == 42);
}

static void child_tsync(void *arg)
{
	volatile int go = 0;
	pthread_t t;
	void *ok;

	if (pthread_create(&t, NULL, other_thread, (void *)&go))
		_exit(10);
	install_or_die(arg, SECCOMP_FILTER_FLAG_TSYNC, NULL);
	go = 1;
	pthread_join(t, &ok);
	_exit(ok ? 0 : 11);
}

Test(install, tsync_covers_other_threads)
{
	struct sock_filter f[] =
		ONE_SYSCALL(SYS_getppid, SECCOMP_RET_ERRNO | 42);
	struct secbpf_prog *p;
	int st;

	NEED_SECCOMP();
	p = PROG(f);
	st = in_child(child_tsync, p);
	cr_expect(EXITED_OK(st), "status 0x%x", st);
	secbpf_prog_free(p);
}

struct two {
	struct secbpf_prog *a, *b;
};

static void child_stacked(void *arg)
{
	struct two *t = arg;

	install_or_die(t->a, 0, NULL);
	install_or_die(t->b, 0, NULL);
	/* equal precedence: the newest filter's value wins */
	errno = 0;
	if (syscall(SYS_getppid) != -1 || errno != 2)
		_exit(12);
	/* ERRNO beats ALLOW whichever filter says it */
	errno = 0;
	if (syscall(SYS_getuid) != -1 || errno != 5)
		_exit(13);
}

Test(install, stacked_filters)
{
	struct sock_filter fa[] = {
		LD_NR,
		JEQ(SYS_getppid, 0, 1),
		RET(SECCOMP_RET_ERRNO | 1),
		JEQ(SYS_getuid, 0, 1),
		RET(SECCOMP_RET_ERRNO | 5),
		RET(SECCOMP_RET_ALLOW),
	};
	struct sock_filter fb[] =
		ONE_SYSCALL(SYS_getppid, SECCOMP_RET_ERRNO | 2);
	struct two t;
	int st;

	NEED_SECCOMP();
	t.a = PROG(fa);
	t.b = PROG(fb);
	st = in_child(child_stacked, &t);
	cr_expect(EXITED_OK(st), "status 0x%x", st);
	secbpf_prog_free(t.a);
	secbpf_prog_free(t.b);
}

static void child_no_privs(void *arg)
{
	struct secbpf_install_opts o = {.sz = sizeof(o), .keep_privs = true};
	struct secbpf_error err;
	int rc;

	/* drop CAP_SYS_ADMIN from every set, keep no_new_privs unset */
	struct {
		uint32_t version;
		int pid;
	} hdr = {0x20080522, 0};
	struct {
		uint32_t eff, perm, inh;
	} data[2];

	if (syscall(SYS_capget, &hdr, data))
		_exit(14);
	data[0].eff &= ~(1U << 21);
	data[0].perm &= ~(1U << 21);
	data[0].inh &= ~(1U << 21);
	if (syscall(SYS_capset, &hdr, data))
		_exit(15);
	rc = secbpf_install(arg, &o, NULL, &err);
	if (rc != -EACCES || !strstr(err.message, "no_new_privs"))
		_exit(16);
}

Test(install, eacces_is_explained)
{
	struct sock_filter f[] = {RET(SECCOMP_RET_ALLOW)};
	struct secbpf_prog *p;
	int st;

	NEED_SECCOMP();
	p = PROG(f);
	st = in_child(child_no_privs, p);
	cr_expect(EXITED_OK(st), "status 0x%x", st);
	secbpf_prog_free(p);
}

static void child_bad_action(void *arg)
{
	struct secbpf_error err;
	int rc = secbpf_install(arg, NULL, NULL, &err);

	if (rc != -EOPNOTSUPP || !strstr(err.message, "action"))
		_exit(17);
}

Test(install, unsupported_action_is_named)
{
	/* 0x7fe00000 is no action the kernel knows */
	struct sock_filter f[] = {LD_NR, JEQ(SYS_getppid, 0, 1),
				  RET(0x7fe00000U), RET(SECCOMP_RET_ALLOW)};
	struct secbpf_prog *p;
	int st;

	NEED_SECCOMP();
	p = PROG(f);
	st = in_child(child_bad_action, p);
	cr_expect(EXITED_OK(st), "status 0x%x", st);
	secbpf_prog_free(p);
}

Test(install, refuses_bad_arguments)
{
	struct sock_filter f[] = {RET(SECCOMP_RET_ALLOW)};
	struct secbpf_install_opts o = {.sz = sizeof(o)};
	struct secbpf_prog *p = PROG(f);
	struct secbpf_error err;

	cr_expect_eq(secbpf_install(NULL, NULL, NULL, &err), -EINVAL);
	o.flags = 1U << 30;
	cr_expect_eq(secbpf_install(p, &o, NULL, &err), -EINVAL);
	cr_expect(strstr(err.message, "unknown seccomp flags"), "%s",
		  err.message);
	o.flags = SECCOMP_FILTER_FLAG_NEW_LISTENER;
	cr_expect_eq(secbpf_install(p, &o, NULL, &err), -EINVAL);
	secbpf_prog_free(p);
}

#if defined(__x86_64__) && !defined(__ILP32__)
/* i386 getpid is 20; x86_64 getpid is 39; x32 getpid is 0x40000000|39 */
static long int80(long nr)
{
	long ret;

	__asm__ volatile("int $0x80" : "=a"(ret) : "0"(nr) : "memory");
	return ret;
}

static void child_i386(void *arg)
{
	install_or_die(arg, 0, NULL);
	if (int80(20) != -7) /* i386 getpid: decided by the x86 block */
		_exit(18);
	if (syscall(SYS_getpid) <= 0) /* x86_64 getpid: allowed */
		_exit(19);
}

Test(install, i386_entry_uses_x86_block)
{
	struct sock_filter f[] = {
		LD_ARCH,
		JEQ(AUDIT_ARCH_I386, 0, 3),
		LD_NR,
		JEQ(20, 0, 1),
		RET(SECCOMP_RET_ERRNO | 7),
		RET(SECCOMP_RET_ALLOW),
	};
	struct secbpf_prog *p;
	int st;

	NEED_SECCOMP();
	p = PROG(f);
	st = in_child(child_i386, p);
	cr_expect(EXITED_OK(st), "status 0x%x", st);
	secbpf_prog_free(p);
}

static void child_x32(void *arg)
{
	install_or_die(arg, 0, NULL);
	errno = 0;
	/* seccomp sees the number before the kernel checks x32 support */
	if (syscall(0x40000000 | 39) != -1 || errno != 9)
		_exit(20);
}

static void child_x32_killed(void *arg)
{
	install_or_die(arg, 0, NULL);
	syscall(0x40000000 | 39);
	_exit(21);
}

Test(install, x32_numbers_with_and_without_x32)
{
	/* x86_64 only: x32 numbers get the bad-arch action */
	struct sock_filter without[] = {
		LD_ARCH,
		JEQ(AUDIT_ARCH_X86_64, 0, 3),
		LD_NR,
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1),
		RET(SECCOMP_RET_KILL_PROCESS),
		RET(SECCOMP_RET_ALLOW),
	};
	/* x86_64 + x32 in one block: x32 getpid -> ERRNO(9) */
	struct sock_filter with[] = {
		LD_ARCH,
		JEQ(AUDIT_ARCH_X86_64, 0, 3),
		LD_NR,
		JEQ(0x40000000 | 39, 0, 1),
		RET(SECCOMP_RET_ERRNO | 9),
		RET(SECCOMP_RET_ALLOW),
	};
	struct secbpf_prog *p;
	int st;

	NEED_SECCOMP();
	p = PROG(without);
	st = in_child(child_x32_killed, p);
	cr_expect(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS, "status 0x%x", st);
	secbpf_prog_free(p);
	p = PROG(with);
	st = in_child(child_x32, p);
	cr_expect(EXITED_OK(st), "status 0x%x", st);
	secbpf_prog_free(p);
}
#endif
