// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Run under "secbpf run probe_default_errno.json --enosys-newer --
 * probe-default-errno" (check_probes.sh): the profile's default action is
 * SCMP_ACT_ERRNO with defaultErrnoRet 6 (ENXIO), the scenario of runc's
 * integration test seccomp_syscall_test2: a call the profile does not
 * list fails with that errno, not EPERM.  Also: a listed call works, and
 * a number above every one the profile names gets ENOSYS.  The exit
 * status is the number of checks that failed.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static int failed, total;

static void expect(const char *what, int ok, int err)
{
	total++;
	if (ok) {
		printf("ok: %s\n", what);
		return;
	}
	failed++;
	printf("FAIL: %s (errno %d)\n", what, err);
}

int main(void)
{
	long r;

	r = chdir("/");
	expect("chdir(\"/\"): not listed: the default errno, ENXIO",
	       r < 0 && errno == ENXIO, r < 0 ? errno : 0);
	r = syscall(SYS_getppid);
	expect("getppid(): listed, allowed", r > 0, r < 0 ? errno : 0);
	r = syscall(1000, 0, 0, 0);
	expect("syscall 1000: newer than the profile: ENOSYS",
	       r < 0 && errno == ENOSYS, r < 0 ? errno : 0);
	printf("probe-default-errno: %d checks, %d failed\n", total, failed);
	return failed;
}
