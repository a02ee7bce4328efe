// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Real kernel: compile a policy for the host arch, install it in a forked
 * child, and check what each syscall returns.  Skips where installing is
 * refused with EINVAL (qemu-user).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "irgen.h"

struct probe {
	const char *what;
	long nr;
	long a0, a1, a2;
	int want;    /* errno, or 0 for "not blocked by the filter" */
	int natural; /* the errno the kernel itself gives, when want==0 */
};

static int child(const struct secbpf_prog *prog, const struct probe *t,
		 size_t n)
{
	struct secbpf_install_opts o = {.sz = sizeof(o)};
	struct secbpf_error err;
	int fails = 0;

	if (secbpf_install(prog, &o, NULL, &err)) {
		if (err.code == -EINVAL)
			_exit(77);
		fprintf(stderr, "install: %s\n", err.message);
		_exit(100);
	}
	for (size_t i = 0; i < n; i++) {
		long r = syscall(t[i].nr, t[i].a0, t[i].a1, t[i].a2, 0, 0, 0);
		int e = r < 0 ? errno : 0;
		int want = t[i].want ? t[i].want : t[i].natural;

		if (e != want) {
			fprintf(stderr, "%s: errno %d, want %d\n", t[i].what, e,
				want);
			fails++;
		}
	}
	_exit(fails);
}

Test(kernel, host_policy)
{
	const struct secbpf_arch *host = secbpf_arch_native();
	const char *arches[1];
	struct secbpf_policy *p;
	struct secbpf_prog *prog = NULL;
	struct secbpf_error err;
	struct sb_cond eq = {.arg = 0, .op = SB_OP_EQ, .value = 123};
	struct sb_cond gt = {.arg = 2, .op = SB_OP_GT, .value = 5};
	struct sb_cond big = {
		.arg = 1, .op = SB_OP_EQ, .value = 0x100000004ULL};
	struct sb_cond msk = {
		.arg = 1, .op = SB_OP_MASKED_EQ, .value = 0x40, .value2 = 0x40};
	const long nopid = 0x7ffffff0;
	struct probe t[] = {
		{"getppid", SYS_getppid, 0, 0, 0, 11, 0},
		{"dup3(123)", SYS_dup3, 123, 124, 0, 77, 0},
		{"dup3(-1)", SYS_dup3, -1, 124, 0, 0, EBADF},
		{"lseek(whence 6)", SYS_lseek, -1, 0, 6, 78, 0},
		{"lseek(whence 1)", SYS_lseek, -1, 0, 1, 0, EBADF},
		{"kill(sig 0x40)", SYS_kill, nopid, 0x40, 0, 80, 0},
		{"kill(sig 0)", SYS_kill, nopid, 0, 0, 0, ESRCH},
		{"fcntl(0x100000004)", SYS_fcntl, -1, (long)0x100000004LL, 0,
		 host && host->bits == 64 ? 79 : 0, EBADF},
		{"fcntl(4)", SYS_fcntl, -1, 4, 0, 0, EBADF},
		{"nr 1000", 1000, 0, 0, 0, 0, ENOSYS},
	};
	int status;
	pid_t pid;

	if (!host)
		cr_skip_test("no native arch");
	arches[0] = host->name;
	p = ir_new(SECBPF_RET_ALLOW, SECBPF_RET_ERRNO(81), arches, 1);
	ir_add(p, 0, "getppid", SECBPF_RET_ERRNO(11), NULL, 0);
	ir_add(p, 0, "dup3", SECBPF_RET_ERRNO(77), &eq, 1);
	ir_add(p, 0, "lseek", SECBPF_RET_ERRNO(78), &gt, 1);
	ir_add(p, 0, "fcntl", SECBPF_RET_ERRNO(79), &big, 1);
	ir_add(p, 0, "kill", SECBPF_RET_ERRNO(80), &msk, 1);
	cr_assert_eq(secbpf_compile(p, NULL, &prog, &err), 0, "%s",
		     err.message);
	fflush(NULL);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0)
		child(prog, t, SB_ARRAY_SIZE(t));
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 77)
		cr_skip_test("the kernel refuses filters here (qemu-user?)");
	cr_assert(WIFEXITED(status), "child died (signal %d)",
		  WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	cr_assert_eq(WEXITSTATUS(status), 0, "%d syscalls answered wrong",
		     WEXITSTATUS(status));
	secbpf_prog_free(prog);
	ir_free(p);
}

#if defined(__x86_64__)
/* x32 numbers on a filter without x32 get the bad-arch action. */
Test(kernel, x32_numbers_get_badarch)
{
	const char *arches[] = {"x86_64"};
	struct secbpf_policy *p =
		ir_new(SECBPF_RET_ALLOW, SECBPF_RET_ERRNO(81), arches, 1);
	struct secbpf_prog *prog = NULL;
	struct secbpf_error err;
	struct probe t[] = {
		{"x32 getpid", 0x40000000 | SYS_getpid, 0, 0, 0, 81, 0},
		{"getpid", SYS_getpid, 0, 0, 0, 0, 0},
	};
	int status;
	pid_t pid;

	cr_assert_eq(secbpf_compile(p, NULL, &prog, &err), 0, "%s",
		     err.message);
	fflush(NULL);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0)
		child(prog, t, SB_ARRAY_SIZE(t));
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 77)
		cr_skip_test("the kernel refuses filters here (qemu-user?)");
	cr_assert(WIFEXITED(status));
	cr_assert_eq(WEXITSTATUS(status), 0);
	secbpf_prog_free(prog);
	ir_free(p);
}
#endif

/*
 * The embedded default profile for the host arch, no capabilities: for
 * syscalls that are safe to call with these arguments, the kernel must
 * return what our interpreter says the program returns.
 */
Test(kernel, default_profile_host)
{
	static const struct {
		const char *name;
		long a0, a1, a2;
	} calls[] = {
		{"getpid", 0, 0, 0},
		{"getppid", 0, 0, 0},
		{"close", -1, 0, 0},
		{"dup3", -1, -1, 0},
		{"kexec_load", 0, 0, 0},
		{"acct", 0, 0, 0},
		{"swapon", 0, 0, 0},
		{"swapoff", 0, 0, 0},
		{"syslog", 3, 0, 0},
		{"personality", -1, 0, 0},
		{"personality", 0x8, 0, 0},
		{"bpf", -1, 0, 0},
		{"perf_event_open", 0, 0, 0},
		{"ptrace", -1, 0, 0},
		{"mount", 0, 0, 0},
		{"umount2", 0, 0, 0},
		{"pivot_root", 0, 0, 0},
		{"init_module", 0, 0, 0},
		{"delete_module", 0, 0, 0},
		{"settimeofday", 0, 0, 0},
		{"clock_settime", -1, 0, 0},
		{"sethostname", 0, 0, 0},
		{"setns", -1, 0, 0},
		{"unshare", 0x10000000, 0, 0},
		{"keyctl", -1, 0, 0},
		{"add_key", 0, 0, 0},
		{"open_by_handle_at", -1, 0, 0},
		{"lookup_dcookie", 0, 0, 0},
		{"quotactl", 0, 0, 0},
		{"nfsservctl", 0, 0, 0},
		{"vhangup", 0, 0, 0},
		{"userfaultfd", -1, 0, 0},
		{"socket", -1, 0, 0},
		{"socket", 16, 3, 9},
		{"clone3", 0, 0, 0},
		{"io_uring_setup", 0, 0, 0},
	};
	const struct secbpf_arch *host = secbpf_arch_native();
	struct probe t[SB_ARRAY_SIZE(calls) + 2];
	struct secbpf_resolve_opts ro = {.sz = sizeof(ro)};
	struct secbpf_profile *p = NULL, *r = NULL;
	struct secbpf_policy *pol = NULL;
	struct secbpf_prog *prog = NULL;
	struct secbpf_error err;
	const char *arches[1];
	size_t n = 0;
	int status;
	pid_t pid;

	if (!host)
		cr_skip_test("no native arch");
	arches[0] = host->name;
	ro.arches = arches;
	ro.narches = 1;
	cr_assert_eq(secbpf_profile_default(&p, &err), 0, "%s", err.message);
	cr_assert_eq(secbpf_profile_resolve(p, &ro, &r, &err), 0, "%s",
		     err.message);
	cr_assert_eq(secbpf_policy_new(r, NULL, &pol, &err), 0, "%s",
		     err.message);
	cr_assert_eq(secbpf_compile(pol, NULL, &prog, &err), 0, "%s",
		     err.message);
	for (size_t i = 0; i < SB_ARRAY_SIZE(calls); i++) {
		struct secbpf_data d = {.arch = host->audit,
					.args = {(uint64_t)calls[i].a0,
						 (uint64_t)calls[i].a1,
						 (uint64_t)calls[i].a2}};
		struct secbpf_run_result res = {0};
		uint32_t nr;

		if (secbpf_syscall_lookup(host, calls[i].name, &nr))
			continue;
		d.nr = nr;
		cr_assert_eq(secbpf_prog_run(prog, &d, &res, &err), 0);
		/* only what the filter refuses has a known outcome; the
		 * allowed calls above fail harmlessly in the kernel */
		if ((res.action & SECBPF_RET_ACTION_FULL) !=
		    SECBPF_RET_ERRNO(0))
			continue;
		t[n++] = (struct probe){calls[i].name,
					nr,
					calls[i].a0,
					calls[i].a1,
					calls[i].a2,
					(int)(res.action & SECBPF_RET_DATA),
					0};
	}
	/* a number no table has gets the default (ENOSYS here) */
	t[n++] = (struct probe){
		"nr 1000", 1000, 0,
		0,	   0,	 (int)(pol->default_action & SECBPF_RET_DATA),
		0};
	cr_assert_gt(n, 5, "the default profile refuses these calls");
	cr_log_info("default profile, %s: %zu refused calls checked in the "
		    "kernel",
		    host->name, n);
	fflush(NULL);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0)
		child(prog, t, n);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 77)
		cr_skip_test("the kernel refuses filters here (qemu-user?)");
	cr_assert(WIFEXITED(status), "child died (signal %d)",
		  WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	cr_assert_eq(WEXITSTATUS(status), 0,
		     "%d of %zu syscalls answered wrong", WEXITSTATUS(status),
		     n);
	secbpf_prog_free(prog);
	secbpf_policy_free(pol);
	secbpf_profile_free(r);
	secbpf_profile_free(p);
}
