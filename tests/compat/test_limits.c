// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What a caller's rules may cost libsecbpf-seccomp: a bounded number of
 * rules and tree nodes per arch (-ENOMEM past them, as when memory runs
 * out in libseccomp), a filter over the kernel's 4096 instructions
 * refused, never truncated, and a PFC text whose indentation never goes
 * below zero.  Through the public API only.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

Test(limits, rules_per_arch)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int rc = 0;
	unsigned n;

	cr_assert_not_null(ctx);
	/* unconditional rules on one syscall: the first wins, the others
	 * are absorbed but kept */
	for (n = 0; n < 70000 && !rc; n++)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(1), SCMP_SYS(getpid),
				      0);
	cr_assert_eq(rc, -ENOMEM, "rule %u: %d", n, rc);
	cr_assert_eq(n, 65537);
	/* the context still works */
	cr_assert_eq(seccomp_rule_add(ctx, SCMP_ACT_ERRNO(2), SCMP_SYS(read),
				      0),
		     -ENOMEM);
	seccomp_release(ctx);
}

Test(limits, tree_nodes_per_arch)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int rc = 0;
	unsigned n;

	cr_assert_not_null(ctx);
	for (n = 0; n < 40000 && !rc; n++)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(1), SCMP_SYS(getpid),
				      1, SCMP_A0(SCMP_CMP_EQ, n, 0));
	cr_assert_eq(rc, -ENOMEM, "rule %u: %d", n, rc);
	cr_assert_lt(n, 40000);
	seccomp_release(ctx);
}

Test(limits, program_over_4096_instructions_is_refused)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int fd = open("/dev/null", O_WRONLY);

	cr_assert_not_null(ctx);
	for (unsigned i = 0; i < 5000; i++)
		cr_assert_eq(seccomp_rule_add(ctx, SCMP_ACT_ERRNO(1),
					      SCMP_SYS(getpid), 1,
					      SCMP_A0(SCMP_CMP_EQ, i, 0)),
			     0);
	cr_assert_eq(seccomp_export_bpf(ctx, fd), -EFAULT);
	cr_assert_eq(seccomp_load(ctx), -EFAULT);
	close(fd);
	seccomp_release(ctx);
}

/*
 * libseccomp sizes the PFC's binary tree (SCMP_FLTATR_CTL_OPTIMIZE 2) by
 * its count of syscalls, which leaves out a syscall that got a priority
 * hint before its first rule.  With one syscall counted and seventeen
 * printed, its indentation goes below zero and wraps: libseccomp 2.5.4
 * then writes some 8 GiB of spaces.  Ours stays at zero: the text is
 * libseccomp's up to there, and short.
 */
Test(limits, pfc_indentation_never_wraps)
{
	static const int nrs[] = {1,  3,  4,  5,  6,  7,  8,  9,
				  10, 11, 12, 16, 17, 18, 19, 20};
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	char path[] = "/tmp/compat-pfc-XXXXXX", *text, *last;
	int fd = mkstemp(path);
	long len;
	FILE *f;

	cr_assert_not_null(ctx);
	cr_assert_geq(fd, 0);
	unlink(path);
	cr_assert_eq(seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE), 0);
	cr_assert_eq(seccomp_arch_add(ctx, SCMP_ARCH_X86_64), 0);
	cr_assert_eq(seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2), 0);
	cr_assert_eq(seccomp_rule_add(ctx, SCMP_ACT_KILL, 0, 0), 0);
	for (size_t i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++) {
		cr_assert_eq(seccomp_syscall_priority(ctx, nrs[i], 1), 0);
		cr_assert_eq(seccomp_rule_add(ctx, SCMP_ACT_KILL, nrs[i], 0),
			     0);
	}
	cr_assert_eq(seccomp_export_pfc(ctx, fd), 0);
	len = lseek(fd, 0, SEEK_END);
	cr_assert_gt(len, 0);
	cr_assert_lt(len, 4096, "%ld bytes", len);
	text = calloc(1, (size_t)len + 1);
	cr_assert_not_null(text);
	f = fdopen(fd, "r");
	cr_assert_not_null(f);
	rewind(f);
	cr_assert_eq(fread(text, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	/* the seventeenth syscall (the lowest number: read) at the margin */
	last = strstr(text, "\n# filter for syscall \"read\" (0)");
	cr_assert_not_null(last, "%s", text);
	cr_assert_not_null(strstr(last, "\nif ($syscall == 0)\n  action KILL;\n"
					"  # default action\n"),
			   "%s", text);
	free(text);
	seccomp_release(ctx);
}
