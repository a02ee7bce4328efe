// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test helper: write a libseccomp-built filter (x86_64 + x86 + x32) to a
 * file, in libseccomp's linear layout, or with "tree" its binary tree, or
 * with "other" one verdict changed, with "args" verdicts that differ for
 * some argument values.  With "live" it writes a filter that
 * lets a process keep running, installs it, and waits to be dumped
 * (bpfdump --pid); "live2" stacks a second filter on it.  Either prints
 * what the kernel did to getppid under the filters.  "mkfilter - exec CMD
 * ARG..." runs CMD under an allow-all filter.
 */
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int save(scmp_filter_ctx c, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || seccomp_export_bpf(c, fd))
		return 1;
	return close(fd) ? 1 : 0;
}

/* The errno getppid fails with (0: it succeeds), as the kernel says. */
static int getppid_errno(void)
{
	errno = 0;
	return syscall(SYS_getppid) < 0 ? errno : 0;
}

static int live(const char *path, bool two)
{
	scmp_filter_ctx c = seccomp_init(SCMP_ACT_ALLOW);
	char line[64];
	int n;

	if (!c ||
	    seccomp_rule_add(c, SCMP_ACT_ERRNO(5), SCMP_SYS(getppid), 0) ||
	    seccomp_rule_add(c, SCMP_ACT_KILL_PROCESS, SCMP_SYS(ptrace), 0) ||
	    save(c, path))
		return 1;
	if (seccomp_load(c))
		return 3;
	seccomp_release(c);
	/* a second, later filter: same action level for getppid (the later
	 * filter's errno wins), a new verdict for getpgid */
	if (two) {
		c = seccomp_init(SCMP_ACT_ALLOW);
		if (!c ||
		    seccomp_rule_add(c, SCMP_ACT_ERRNO(7), SCMP_SYS(getppid),
				     0) ||
		    seccomp_rule_add(c, SCMP_ACT_ERRNO(9), SCMP_SYS(getpgid),
				     0) ||
		    seccomp_load(c))
			return 3;
		seccomp_release(c);
	}
	n = snprintf(line, sizeof(line), "ready getppid errno %d\n",
		     getppid_errno());
	if (write(1, line, (size_t)n) != n)
		return 1;
	pause();
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 2 ? argv[2] : "";
	scmp_filter_ctx c;
	int rc = 0;

	if (argc < 2)
		return 2;
	/* run a command under an allow-all filter */
	if (!strcmp(mode, "exec") && argc > 3) {
		c = seccomp_init(SCMP_ACT_ALLOW);
		if (!c || seccomp_load(c))
			return 3;
		execv(argv[3], argv + 3);
		return 127;
	}
	if (!strcmp(mode, "live") || !strcmp(mode, "live2"))
		return live(argv[1], !strcmp(mode, "live2"));
	c = seccomp_init(SCMP_ACT_ERRNO(1));
	if (!c)
		return 2;
	rc |= seccomp_arch_add(c, SCMP_ARCH_X86);
	rc |= seccomp_arch_add(c, SCMP_ARCH_X32);
	rc |= seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(read), 0);
	rc |= seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(openat), 0);
	rc |= seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(personality), 1,
			       SCMP_A0(SCMP_CMP_EQ, 8));
	rc |= seccomp_rule_add(c, SCMP_ACT_KILL_PROCESS, SCMP_SYS(ptrace), 0);
	rc |= seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(socket), 1,
			       SCMP_A0(SCMP_CMP_EQ, 2));
	if (!strcmp(mode, "tree"))
		rc |= seccomp_attr_set(c, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	/* verdicts that differ only for some argument values */
	if (!strcmp(mode, "args")) {
		rc |= seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(personality),
				       1, SCMP_A0(SCMP_CMP_EQ, 0xffff));
		rc |= seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(lseek), 1,
				       SCMP_A1(SCMP_CMP_GT, 0x100000000ULL));
	}
	if (!strcmp(mode, "other"))
		rc |= seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(write), 0);
	if (rc || save(c, argv[1]))
		return 1;
	seccomp_release(c);
	return 0;
}
