// SPDX-License-Identifier: LGPL-2.1-or-later
/* Test helper: write a libseccomp-built filter (x86_64 + x86 + x32) to a
 * file, in libseccomp's linear layout or, with "tree", its binary tree. */
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	scmp_filter_ctx c = seccomp_init(SCMP_ACT_ERRNO(1));
	int fd, rc = 0;

	if (argc < 2 || !c)
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
	if (argc > 2 && !strcmp(argv[2], "tree"))
		rc |= seccomp_attr_set(c, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (argc > 2 && !strcmp(argv[2], "other")) /* one verdict changed */
		rc |= seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(write), 0);
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (rc || fd < 0 || seccomp_export_bpf(c, fd))
		return 1;
	close(fd);
	seccomp_release(c);
	return 0;
}
