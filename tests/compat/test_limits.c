// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What a caller's rules may cost libsecbpf-seccomp: a bounded number of
 * rules and tree nodes per arch (-ENOMEM past them, as when memory runs
 * out in libseccomp), and a filter over the kernel's 4096 instructions
 * refused, never truncated.  Through the public API only.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
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
