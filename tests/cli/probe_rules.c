// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Run under "secbpf run probe_rules.json --enosys-newer -- probe-rules"
 * (check_probes.sh): raw system calls that meet the profile's rules, each
 * compared with what the incumbent stack answers for the same profile.
 * The scenarios are those runc's integration test seccomp_syscall_test1
 * asserts: a masked check, a rule testing one argument twice (each
 * condition is a rule of its own: either value passes), the same with an
 * errno of its own, two arguments ANDed, two rules for one syscall,
 * syscalls the profile leaves to the default, and a number beyond every
 * table (ENOSYS).
 *
 * syscall(2) rather than libc wrappers, so that no wrapper rewrites an
 * errno (glibc falls back from some ENOSYS).  One line per check; the
 * exit status is the number of checks that failed.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The profile's errnoRet for process_vm_writev (ENOANO on most ABIs). */
#define RULE_ERRNO 55
/* What a check wants back: a file descriptor, or -errno. */
#define WANT_FD 1

struct check {
	const char *what;
	long nr;
	unsigned long args[6];
	int want; /* WANT_FD or -errno */
};

static const struct check checks[] = {
	{"write(-1, NULL, 0): allowed, the kernel says EBADF",
	 SYS_write,
	 {(unsigned long)-1, 0, 0},
	 -EBADF},
	/* socket: allowed when (protocol & 0xf00) == 0 */
	{"socket(AF_UNIX, SOCK_STREAM, 0): mask matches",
	 SYS_socket,
	 {AF_UNIX, SOCK_STREAM, 0},
	 WANT_FD},
	{"socket(AF_UNIX, SOCK_STREAM, 0xff): mask matches, the kernel "
	 "refuses the protocol",
	 SYS_socket,
	 {AF_UNIX, SOCK_STREAM, 0xff},
	 -EPROTONOSUPPORT},
	{"socket(AF_UNIX, SOCK_STREAM, 1): mask matches",
	 SYS_socket,
	 {AF_UNIX, SOCK_STREAM, 1},
	 WANT_FD},
	{"socket(AF_UNIX, SOCK_STREAM, 0x100): masked bits set: default",
	 SYS_socket,
	 {AF_UNIX, SOCK_STREAM, 0x100},
	 -EPERM},
	{"socket(AF_UNIX, SOCK_STREAM, 0xc00): masked bits set: default",
	 SYS_socket,
	 {AF_UNIX, SOCK_STREAM, 0xc00},
	 -EPERM},
	/* process_vm_readv: arg0 == 100, arg0 == 9001 in one rule; the
	 * invalid flags make an allowed call fail with EINVAL */
	{"process_vm_readv(100): first condition, allowed",
	 SYS_process_vm_readv,
	 {100, 0, 0, 0, 0, ~0UL},
	 -EINVAL},
	{"process_vm_readv(9001): second condition, allowed",
	 SYS_process_vm_readv,
	 {9001, 0, 0, 0, 0, ~0UL},
	 -EINVAL},
	{"process_vm_readv(0): neither: default",
	 SYS_process_vm_readv,
	 {0, 0, 0, 0, 0, ~0UL},
	 -EPERM},
	{"process_vm_readv(101): neither: default",
	 SYS_process_vm_readv,
	 {101, 0, 0, 0, 0, ~0UL},
	 -EPERM},
	/* process_vm_writev: arg0 == 1337, arg0 == 2020, ERRNO(55) */
	{"process_vm_writev(1337): first condition, the rule's errno",
	 SYS_process_vm_writev,
	 {1337, 0, 0, 0, 0, ~0UL},
	 -RULE_ERRNO},
	{"process_vm_writev(2020): second condition, the rule's errno",
	 SYS_process_vm_writev,
	 {2020, 0, 0, 0, 0, ~0UL},
	 -RULE_ERRNO},
	{"process_vm_writev(0): neither: default",
	 SYS_process_vm_writev,
	 {0, 0, 0, 0, 0, ~0UL},
	 -EPERM},
	{"process_vm_writev(1338): neither: default",
	 SYS_process_vm_writev,
	 {1338, 0, 0, 0, 0, ~0UL},
	 -EPERM},
	/* ftruncate: arg0 == 123456789 AND arg1 == 1337 */
	{"ftruncate(123456789, 1337): both hold, allowed",
	 SYS_ftruncate,
	 {123456789, 1337},
	 -EBADF},
	{"ftruncate(123456789, 0): one holds: default",
	 SYS_ftruncate,
	 {123456789, 0},
	 -EPERM},
	{"ftruncate(500, 1337): one holds: default",
	 SYS_ftruncate,
	 {500, 1337},
	 -EPERM},
	{"ftruncate(500, 500): none holds: default",
	 SYS_ftruncate,
	 {500, 500},
	 -EPERM},
	/* dup3: two rules, arg0 == 1 and arg0 > 2; flags 0xffff invalid */
	{"dup3(0): neither rule: default",
	 SYS_dup3,
	 {0, -100UL, 0xffff},
	 -EPERM},
	{"dup3(1): first rule, allowed", SYS_dup3, {1, -100UL, 0xffff}, -EINVAL},
	{"dup3(2): neither rule: default",
	 SYS_dup3,
	 {2, -100UL, 0xffff},
	 -EPERM},
	{"dup3(3): second rule, allowed",
	 SYS_dup3,
	 {3, -100UL, 0xffff},
	 -EINVAL},
	/* not in the profile at all */
	{"unshare(0): not listed: default", SYS_unshare, {0}, -EPERM},
	{"setns(0, 0): not listed: default", SYS_setns, {0, 0}, -EPERM},
	/* above every number the profile names: --enosys-newer */
	{"syscall 1000: newer than the profile: ENOSYS",
	 1000,
	 {0xdeadbeef, 0xcafefeed, 0x1337},
	 -ENOSYS},
};

int main(void)
{
	int n = (int)(sizeof(checks) / sizeof(checks[0])), failed = 0;

	for (int i = 0; i < n; i++) {
		const struct check *c = &checks[i];
		long r = syscall(c->nr, c->args[0], c->args[1], c->args[2],
				 c->args[3], c->args[4], c->args[5]);
		int got = r < 0 ? -errno : 0;
		int ok = c->want == WANT_FD ? r >= 0 : got == c->want;

		if (r >= 0 && c->want == WANT_FD)
			close((int)r);
		if (ok) {
			printf("ok: %s\n", c->what);
			continue;
		}
		failed++;
		if (r >= 0)
			printf("FAIL: %s: returned %ld", c->what, r);
		else
			printf("FAIL: %s: errno %d", c->what, -got);
		if (c->want == WANT_FD)
			printf(", want a file descriptor\n");
		else
			printf(", want errno %d\n", -c->want);
	}
	printf("probe-rules: %d checks, %d failed\n", n, failed);
	return failed;
}
