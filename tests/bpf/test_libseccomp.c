// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Filters built by libseccomp (test-only): read, verify, disassemble and
 * run them through our interpreter, and check the interpreter against the
 * real kernel with the same filter installed in a forked child.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <linux/audit.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "secbpf.h"

/* Export a libseccomp filter and read it back as our program. */
static struct secbpf_prog *export(scmp_filter_ctx c)
{
	int fd = memfd_create("filter", 0);
	struct secbpf_prog *p = NULL;
	struct secbpf_error err;
	char buf[65536];
	ssize_t n;

	cr_assert_geq(fd, 0);
	cr_assert_eq(seccomp_export_bpf(c, fd), 0);
	lseek(fd, 0, SEEK_SET);
	n = read(fd, buf, sizeof(buf));
	close(fd);
	cr_assert_gt(n, 0);
	cr_assert_eq(secbpf_prog_read(buf, (size_t)n, SECBPF_FORMAT_RAW,
				      __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__,
				      &p, &err),
		     0, "%s", err.message);
	cr_assert_eq(secbpf_prog_verify(p, &err), 0, "%s", err.message);
	return p;
}

static uint32_t verdict(const struct secbpf_prog *p, uint32_t audit,
			uint32_t nr, const uint64_t *args)
{
	struct secbpf_data d = {.nr = nr, .arch = audit};
	struct secbpf_run_result r = {0};

	if (args)
		memcpy(d.args, args, sizeof(d.args));
	cr_assert_eq(secbpf_prog_run(p, &d, &r, NULL), 0);
	return r.action;
}

/* Errnos nothing else returns, so a result says which rule fired. */
#define E(n) (SCMP_ACT_ERRNO(70 + (n)))

static scmp_filter_ctx probe_filter(void)
{
	scmp_filter_ctx c = seccomp_init(SCMP_ACT_ALLOW);

	cr_assert_not_null(c);
	cr_assert_eq(seccomp_rule_add(c, E(1), SCMP_SYS(getppid), 0), 0);
	cr_assert_eq(seccomp_rule_add(c, E(2), SCMP_SYS(getpriority), 1,
				      SCMP_A0(SCMP_CMP_EQ, 1)),
		     0);
	cr_assert_eq(seccomp_rule_add(c, E(3), SCMP_SYS(getpriority), 1,
				      SCMP_A1(SCMP_CMP_GT, 1000)),
		     0);
	cr_assert_eq(
		seccomp_rule_add(c, E(4), SCMP_SYS(personality), 1,
				 SCMP_A0(SCMP_CMP_MASKED_EQ, 0xff00, 0x0800)),
		0);
	cr_assert_eq(seccomp_rule_add(c, E(5), SCMP_SYS(lseek), 1,
				      SCMP_A1(SCMP_CMP_EQ, 0x100000000ULL)),
		     0);
	cr_assert_eq(seccomp_rule_add(c, E(6), SCMP_SYS(lseek), 1,
				      SCMP_A1(SCMP_CMP_GE, 0x200000000ULL)),
		     0);
	cr_assert_eq(seccomp_rule_add(c, E(7), SCMP_SYS(umask), 1,
				      SCMP_A0(SCMP_CMP_LT, 010)),
		     0);
	cr_assert_eq(seccomp_rule_add(c, E(8), SCMP_SYS(umask), 1,
				      SCMP_A0(SCMP_CMP_LE, 022)),
		     0);
	cr_assert_eq(seccomp_rule_add(c, E(9), SCMP_SYS(getpgid), 1,
				      SCMP_A0(SCMP_CMP_NE, 0)),
		     0);
	cr_assert_eq(seccomp_rule_add(c, E(10), SCMP_SYS(getsid), 1,
				      SCMP_A0(SCMP_CMP_GE, 5)),
		     0);
	return c;
}

static const struct probe {
	long nr;
	uint64_t a[3];
} probes[] = {
	{SYS_getppid, {0}},
	{SYS_getpid, {0}},
	{SYS_getpriority, {0, 0}},
	{SYS_getpriority, {1, 0}},
	{SYS_getpriority, {0, 1000}},
	{SYS_getpriority, {0, 1001}},
	{SYS_getpriority, {1, 1001}},
	{SYS_getpriority, {0x100000001ULL, 0}},
	{SYS_personality, {0xffffffff}},
	{SYS_personality, {0x0800}},
	{SYS_personality, {0x12834}},
	{SYS_personality, {0x0900}},
	{SYS_lseek, {(uint64_t)-1, 0x100000000ULL, 0}},
	{SYS_lseek, {(uint64_t)-1, 0x1, 0}},
	{SYS_lseek, {(uint64_t)-1, 0x1ffffffffULL, 0}},
	{SYS_lseek, {(uint64_t)-1, 0x200000000ULL, 0}},
	{SYS_lseek, {(uint64_t)-1, 0xffffffff00000000ULL, 0}},
	{SYS_umask, {7}},
	{SYS_umask, {010}},
	{SYS_umask, {022}},
	{SYS_umask, {023}},
	{SYS_getpgid, {0}},
	{SYS_getpgid, {1}},
	{SYS_getpgid, {0x100000000ULL}},
	{SYS_getsid, {4}},
	{SYS_getsid, {5}},
	{SYS_getsid, {0x100000000ULL}},
};
#define NPROBES (sizeof(probes) / sizeof(probes[0]))

static uint32_t native_audit(void)
{
	return secbpf_arch_audit(secbpf_arch_native());
}

/* The verdict the real kernel gives, read off the syscall's result. */
static void kernel_verdicts(const struct secbpf_prog *p, uint32_t *out)
{
	int pipefd[2];
	pid_t pid;
	int st;

	cr_assert_eq(pipe(pipefd), 0);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		struct secbpf_error err;
		uint32_t v[NPROBES];

		close(pipefd[0]);
		if (secbpf_install(p, NULL, NULL, &err))
			_exit(errno == EINVAL ? 77 : 1);
		for (size_t i = 0; i < NPROBES; i++) {
			long r;

			errno = 0;
			r = syscall(probes[i].nr, probes[i].a[0],
				    probes[i].a[1], probes[i].a[2]);
			v[i] = (r == -1 && errno > 70 && errno <= 80)
				       ? SECBPF_RET_ERRNO((uint32_t)errno)
				       : SECBPF_RET_ALLOW;
		}
		_exit(write(pipefd[1], v, sizeof(v)) == sizeof(v) ? 0 : 1);
	}
	close(pipefd[1]);
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 77) {
		close(pipefd[0]);
		cr_skip_test("seccomp cannot be installed here (qemu-user?)");
	}
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status 0x%x",
		  st);
	cr_assert_eq(read(pipefd[0], out, NPROBES * sizeof(*out)),
		     (ssize_t)(NPROBES * sizeof(*out)));
	close(pipefd[0]);
}

Test(libseccomp, interpreter_agrees_with_the_kernel)
{
	scmp_filter_ctx c = probe_filter();
	struct secbpf_prog *p = export(c);
	uint32_t kern[NPROBES];
	size_t errnos = 0;

	kernel_verdicts(p, kern);
	for (size_t i = 0; i < NPROBES; i++) {
		uint64_t args[6] = {probes[i].a[0], probes[i].a[1],
				    probes[i].a[2]};
		uint32_t ours = verdict(p, native_audit(),
					(uint32_t)probes[i].nr, args);

		cr_expect_eq(ours, kern[i],
			     "probe %zu (nr %ld): interpreter 0x%x, kernel "
			     "0x%x",
			     i, probes[i].nr, ours, kern[i]);
		errnos += kern[i] != SECBPF_RET_ALLOW;
	}
	/* the probes reach both outcomes many times */
	cr_expect_gt(errnos, 8);
	cr_expect_lt(errnos, NPROBES - 5);
	secbpf_prog_free(p);
	seccomp_release(c);
}

Test(libseccomp, tree_layout_decides_the_same)
{
	scmp_filter_ctx c = probe_filter();
	struct secbpf_prog *lin = export(c), *tree;

	cr_assert_eq(seccomp_attr_set(c, SCMP_FLTATR_CTL_OPTIMIZE, 2), 0);
	tree = export(c);
	cr_expect_neq(secbpf_prog_len(lin), secbpf_prog_len(tree));
	for (uint32_t nr = 0; nr < 500; nr++) {
		for (size_t i = 0; i < NPROBES; i++) {
			uint64_t args[6] = {probes[i].a[0], probes[i].a[1],
					    probes[i].a[2]};

			cr_expect_eq(verdict(lin, native_audit(), nr, args),
				     verdict(tree, native_audit(), nr, args),
				     "nr %u probe %zu", nr, i);
		}
	}
	secbpf_prog_free(lin);
	secbpf_prog_free(tree);
	seccomp_release(c);
}

Test(libseccomp, multi_arch_filter_meaning)
{
	scmp_filter_ctx c = seccomp_init(SCMP_ACT_ERRNO(1));
	struct secbpf_prog *p;
	const uint64_t two[6] = {2}, one[6] = {1};
	char *text;

	cr_assert_not_null(c);
	cr_assert_eq(seccomp_arch_remove(c, SCMP_ARCH_NATIVE), 0);
	cr_assert_eq(seccomp_arch_add(c, SCMP_ARCH_X86_64), 0);
	cr_assert_eq(seccomp_arch_add(c, SCMP_ARCH_X86), 0);
	cr_assert_eq(seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(read), 0), 0);
	cr_assert_eq(seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(socket), 1,
				      SCMP_A0(SCMP_CMP_EQ, 2)),
		     0);
	p = export(c);
	/* x86_64: read 0 allowed; x32 numbers get the bad-arch action */
	cr_expect_eq(verdict(p, AUDIT_ARCH_X86_64, 0, NULL), SECBPF_RET_ALLOW);
	cr_expect_eq(verdict(p, AUDIT_ARCH_X86_64, 0x40000000, NULL),
		     SECBPF_RET_KILL_THREAD);
	cr_expect_eq(verdict(p, AUDIT_ARCH_X86_64, 0xffffffff, NULL),
		     SECBPF_RET_ERRNO(1), "-1 falls through to the default");
	cr_expect_eq(verdict(p, AUDIT_ARCH_X86_64, 41, two), SECBPF_RET_ALLOW);
	cr_expect_eq(verdict(p, AUDIT_ARCH_X86_64, 41, one),
		     SECBPF_RET_ERRNO(1));
	/* x86: read is 3; socket is reachable through socketcall(1, ...) */
	cr_expect_eq(verdict(p, AUDIT_ARCH_I386, 3, NULL), SECBPF_RET_ALLOW);
	cr_expect_eq(verdict(p, AUDIT_ARCH_I386, 102, one), SECBPF_RET_ALLOW);
	cr_expect_eq(verdict(p, AUDIT_ARCH_I386, 359, two), SECBPF_RET_ALLOW);
	cr_expect_eq(verdict(p, AUDIT_ARCH_AARCH64, 63, NULL),
		     SECBPF_RET_KILL_THREAD, "foreign arch");
	/* the disassembly names both arches' syscalls on their own paths */
	cr_assert_eq(secbpf_prog_disasm(p, NULL, &text, NULL), 0);
	cr_expect(strstr(text, "(x86)"), "%s", text);
	cr_expect(strstr(text, "(socketcall)"), "%s", text);
	cr_expect(strstr(text, "(socket)"), "%s", text);
	free(text);
	/* libseccomp's linear filter: unconditional allows are cacheable */
	cr_expect(secbpf_prog_cacheable(p, AUDIT_ARCH_X86_64, 0));
	cr_expect(!secbpf_prog_cacheable(p, AUDIT_ARCH_X86_64, 41));
	cr_expect(!secbpf_prog_cacheable(p, AUDIT_ARCH_X86_64, 1));
	secbpf_prog_free(p);
	seccomp_release(c);
}
