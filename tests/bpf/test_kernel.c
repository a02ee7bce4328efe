// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The verifier and the interpreter against the real kernel, on random
 * programs: the kernel must accept exactly the programs secbpf_prog_verify
 * accepts, and a syscall made under an accepted program must meet the fate
 * secbpf_prog_run predicts (allowed, an errno, ENOSYS, or SIGSYS).
 *
 * A child tries programs one after the other and records each step in
 * shared memory before it makes it, so that a filter that kills the child
 * (or blocks write and exit) still leaves the parent a complete record;
 * the parent starts a new child after every program the kernel accepted.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "secbpf.h"

#define NPROGS 3000
#define MAXLEN 10

/* What the child saw, per program. */
struct record {
	int state; /* 0 untried, 1 rejected, 2 accepted, 3 call returned */
	int err;   /* prctl's errno, or the call's */
	long ret;  /* the call's return value */
};

struct shared {
	struct record rec[NPROGS];
	volatile size_t at; /* the program the child is on */
};

static uint32_t rnd_state = 0x2545f491;

static uint32_t rnd(void)
{
	/* xorshift32: the same programs on every run */
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

/* Mostly what seccomp accepts, sometimes not, so both outcomes occur. */
static const uint16_t codes[] = {
	BPF_LD | BPF_W | BPF_ABS,
	BPF_LD | BPF_W | BPF_ABS,
	BPF_LD | BPF_W | BPF_ABS,
	BPF_LD | BPF_W | BPF_LEN,
	BPF_LDX | BPF_W | BPF_LEN,
	BPF_LD | BPF_IMM,
	BPF_LDX | BPF_IMM,
	BPF_LD | BPF_MEM,
	BPF_LDX | BPF_MEM,
	BPF_ST,
	BPF_STX,
	BPF_MISC | BPF_TAX,
	BPF_MISC | BPF_TXA,
	BPF_ALU | BPF_ADD | BPF_K,
	BPF_ALU | BPF_SUB | BPF_X,
	BPF_ALU | BPF_MUL | BPF_K,
	BPF_ALU | BPF_DIV | BPF_K,
	BPF_ALU | BPF_DIV | BPF_X,
	BPF_ALU | BPF_AND | BPF_K,
	BPF_ALU | BPF_OR | BPF_X,
	BPF_ALU | BPF_XOR | BPF_K,
	BPF_ALU | BPF_LSH | BPF_K,
	BPF_ALU | BPF_RSH | BPF_X,
	BPF_ALU | BPF_NEG,
	BPF_JMP | BPF_JA,
	BPF_JMP | BPF_JEQ | BPF_K,
	BPF_JMP | BPF_JEQ | BPF_K,
	BPF_JMP | BPF_JGT | BPF_K,
	BPF_JMP | BPF_JGE | BPF_X,
	BPF_JMP | BPF_JSET | BPF_K,
	BPF_RET | BPF_K,
	BPF_RET | BPF_K,
	BPF_RET | BPF_A,
	BPF_LD | BPF_B | BPF_ABS,
	BPF_ALU | BPF_MOD | BPF_K,
	BPF_RET | BPF_X,
};

/* The return values worth seeing: every action the kernel knows. */
static const uint32_t rets[] = {
	SECCOMP_RET_ALLOW,
	SECCOMP_RET_ALLOW,
	SECCOMP_RET_ERRNO | 7,
	SECCOMP_RET_ERRNO | 0,
	SECCOMP_RET_ERRNO | 5000,
	SECCOMP_RET_TRACE | 1,
	SECCOMP_RET_LOG,
	SECCOMP_RET_USER_NOTIF,
	SECCOMP_RET_TRAP,
	0x00060000,
	0x7ffe0000,
};

static uint32_t rnd_k(uint16_t code)
{
	switch (code) {
	case BPF_LD | BPF_W | BPF_ABS:
		/* nr, arch, args (not the instruction pointer, which the
		 * test cannot know); sometimes a bad offset */
		if (rnd() % 12 == 0) {
			static const uint32_t bad[] = {1,  2,  3,	   62,
						       64, 68, 0x80000000U};

			return bad[rnd() % (sizeof(bad) / sizeof(bad[0]))];
		}
		switch (rnd() % 4) {
		case 0:
			return 0;
		case 1:
			return 4;
		default:
			return 16 + 4 * (rnd() % 12);
		}
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX:
		return rnd() % 18;
	case BPF_ALU | BPF_LSH | BPF_K:
	case BPF_ALU | BPF_DIV | BPF_K:
		return rnd() % 34;
	case BPF_RET | BPF_K:
		return rets[rnd() % (sizeof(rets) / sizeof(rets[0]))];
	case BPF_LD | BPF_IMM:
		/* A as a return value, or as something to compare */
		return rnd() % 2
			       ? rets[rnd() % (sizeof(rets) / sizeof(rets[0]))]
			       : rnd() % 8;
	default:
		switch (rnd() % 4) {
		case 0:
			return rnd();
		case 1:
			return AUDIT_ARCH_X86_64;
		default:
			return rnd() % 8;
		}
	}
}

static size_t rnd_prog(struct sock_filter *f)
{
	size_t n = 1 + rnd() % MAXLEN;

	for (size_t i = 0; i < n; i++) {
		f[i].code = codes[rnd() % (sizeof(codes) / sizeof(codes[0]))];
		if (rnd() % 64 == 0)
			f[i].code = (uint16_t)rnd();
		f[i].k = rnd_k(f[i].code);
		/* mostly in range, sometimes past the end */
		f[i].jt = (uint8_t)(rnd() % (n - i + 1));
		f[i].jf = (uint8_t)(rnd() % (n - i + 1));
		if (f[i].code == (BPF_JMP | BPF_JA))
			f[i].k = rnd() % (n - i + 1);
	}
	/* usually end in a return, as real filters do */
	if (rnd() % 8)
		f[n - 1].code = rnd() % 4 ? BPF_RET | BPF_K : BPF_RET | BPF_A;
	if (f[n - 1].code == (BPF_RET | BPF_K))
		f[n - 1].k = rets[rnd() % (sizeof(rets) / sizeof(rets[0]))];
	return n;
}

static const uint64_t call_args[6] = {
	0x100000007ULL, 3, 0xffffffffULL, 0x7fffffff00000004ULL, 5, 0,
};

/* The child: try programs from "first" on until one is installed. */
static void child(struct shared *sh, struct sock_filter (*progs)[MAXLEN],
		  const size_t *lens, size_t first)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		_exit(2);
	for (size_t i = first; i < NPROGS; i++) {
		struct sock_fprog fp = {.len = (unsigned short)lens[i],
					.filter = progs[i]};
		long r;

		sh->at = i;
		sh->rec[i].state = 1;
		if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fp)) {
			sh->rec[i].err = errno;
			continue;
		}
		sh->rec[i].state = 2;
		errno = 0;
		r = syscall(SYS_getppid, call_args[0], call_args[1],
			    call_args[2], call_args[3], call_args[4],
			    call_args[5]);
		sh->rec[i].ret = r;
		sh->rec[i].err = r == -1 ? errno : 0;
		sh->rec[i].state = 3;
		/* the filter may refuse exit_group too: then wait for the
		 * parent's SIGKILL, without another syscall */
		syscall(SYS_exit_group, 0);
		for (;;)
			;
	}
	_exit(0);
}

/* What the kernel does with a return value, seen from the caller. */
static const char *fate(uint32_t action, int *err)
{
	*err = 0;
	switch (action & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_ALLOW:
	case SECCOMP_RET_LOG:
		return "allowed";
	case SECCOMP_RET_ERRNO:
		*err = (int)(action & SECCOMP_RET_DATA);
		if (*err > 4095)
			*err = 4095;
		/* ERRNO(0): the call "returns" 0 without running */
		return *err ? "errno" : "zero";
	case SECCOMP_RET_TRACE:
	case SECCOMP_RET_USER_NOTIF:
		/* no tracer, no listener: ENOSYS */
		*err = ENOSYS;
		return "errno";
	default: /* TRAP, KILL_*, and unknown actions */
		return "sigsys";
	}
}

Test(kernel, verifier_and_interpreter_agree_with_the_kernel, .timeout = 60)
{
	static struct sock_filter progs[NPROGS][MAXLEN];
	static size_t lens[NPROGS];
	struct shared *sh;
	size_t next = 0, accepted = 0, rejected = 0, ran = 0;

#if !defined(__x86_64__)
	cr_skip_test("the random programs check x86_64's arch");
#endif
	/* under valgrind the filters would judge valgrind's own syscalls */
	if (getenv("LD_PRELOAD") && strstr(getenv("LD_PRELOAD"), "vgpreload"))
		cr_skip_test("valgrind runs the syscalls itself");
	for (size_t i = 0; i < NPROGS; i++)
		lens[i] = rnd_prog(progs[i]);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	cr_assert_neq(sh, MAP_FAILED);
	memset(sh, 0, sizeof(*sh));

	while (next < NPROGS) {
		pid_t pid;
		int st;

		sh->at = next; /* not the last child's program */
		pid = fork();
		cr_assert_geq(pid, 0);
		if (pid == 0)
			child(sh, progs, lens, next);
		for (;;) {
			pid_t w = waitpid(pid, &st, WNOHANG);

			cr_assert_geq(w, 0);
			if (w == pid)
				break;
			if (sh->rec[sh->at].state == 3)
				kill(pid, SIGKILL);
			usleep(20);
		}
		/* the child stops at the first program it installs */
		while (next < NPROGS && sh->rec[next].state == 1)
			next++;
		if (next >= NPROGS)
			break;
		cr_assert_geq(sh->rec[next].state, 2, "child status 0x%x", st);
		if (sh->rec[next].state == 2) /* did not return: how not */
			sh->rec[next].ret = WIFSIGNALED(st) ? -WTERMSIG(st)
							    : -1000;
		next++;
	}
	for (size_t i = 0; i < NPROGS; i++)
		accepted += sh->rec[i].state >= 2;
	if (accepted == 0)
		cr_skip_test("the kernel accepted no filter (qemu-user?)");
	accepted = 0;

	for (size_t i = 0; i < NPROGS; i++) {
		struct secbpf_prog *p = NULL;
		struct secbpf_error err;
		bool kernel_ok = sh->rec[i].state >= 2, ours_ok;

		cr_assert_eq(
			secbpf_prog_new((const struct secbpf_insn *)progs[i],
					lens[i], false, &p, &err),
			0, "%s", err.message);
		ours_ok = secbpf_prog_verify(p, &err) == 0;
		cr_expect_eq(ours_ok, kernel_ok,
			     "program %zu: kernel %s (errno %d), verifier %s",
			     i, kernel_ok ? "accepts" : "rejects",
			     sh->rec[i].err, ours_ok ? "accepts" : err.message);
		if (kernel_ok && ours_ok) {
			struct secbpf_data d = {.nr = SYS_getppid,
						.arch = AUDIT_ARCH_X86_64};
			struct secbpf_run_result r = {0};
			const char *want;
			int want_err;

			memcpy(d.args, call_args, sizeof(d.args));
			cr_assert_eq(secbpf_prog_run(p, &d, &r, NULL), 0);
			want = fate(r.action, &want_err);
			if (!strcmp(want, "sigsys"))
				cr_expect(sh->rec[i].state == 2 &&
						  sh->rec[i].ret == -SIGSYS,
					  "program %zu: 0x%08x should raise "
					  "SIGSYS (state %d, ret %ld)",
					  i, r.action, sh->rec[i].state,
					  sh->rec[i].ret);
			else if (!strcmp(want, "errno"))
				cr_expect(sh->rec[i].state == 3 &&
						  sh->rec[i].ret == -1 &&
						  sh->rec[i].err == want_err,
					  "program %zu: 0x%08x should fail "
					  "with %d (ret %ld errno %d)",
					  i, r.action, want_err, sh->rec[i].ret,
					  sh->rec[i].err);
			else if (!strcmp(want, "zero"))
				cr_expect(sh->rec[i].state == 3 &&
						  sh->rec[i].ret == 0,
					  "program %zu: ERRNO(0) returns 0 "
					  "(ret %ld)",
					  i, sh->rec[i].ret);
			else
				cr_expect(sh->rec[i].state == 3 &&
						  sh->rec[i].ret > 0,
					  "program %zu: 0x%08x should allow "
					  "getppid (state %d ret %ld)",
					  i, r.action, sh->rec[i].state,
					  sh->rec[i].ret);
			ran++;
		}
		accepted += kernel_ok;
		rejected += !kernel_ok;
		secbpf_prog_free(p);
	}
	cr_log_info("kernel accepted %zu, rejected %zu; %zu runs compared",
		    accepted, rejected, ran);
	/* the generator reaches both outcomes, often */
	cr_expect_gt(accepted, NPROGS / 10, "accepted %zu", accepted);
	cr_expect_gt(rejected, NPROGS / 10, "rejected %zu", rejected);
	cr_expect_gt(ran, NPROGS / 10);
	munmap(sh, sizeof(*sh));
}
