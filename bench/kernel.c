// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bench, kernel section: what a syscall costs on this machine under each
 * filter, side by side in one run: no filter, ours, libseccomp's linear
 * and tree filters of the same resolved profile.  Each filter is installed
 * in a forked child (with no_new_privs, by our installer, so that the
 * program is the only difference), which times a few syscalls and reports
 * ns per call through a pipe.  A child times each syscall in short chunks,
 * the syscalls in turn, and keeps its fastest chunk (one no other task
 * preempted); the rounds go round the filters in turn, and each figure is
 * the fastest round, beside the median round.
 *
 * The calls: an allowed argument-free syscall (the kernel's action cache,
 * 5.11+, answers it without running any filter, so it should cost the
 * same under every filter), an argument-checked one, and two denied ones:
 * by a rule, and by the default action.  Unfiltered, each of them is
 * harmless in a throw-away child.
 */
#include <errno.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sections.h"

#define KCMP_VM_TYPE 1 /* <linux/kcmp.h> KCMP_VM */

enum { F_NONE, F_OURS, F_LIN, F_TREE, NFILTERS };

static const char *const filter_names[NFILTERS] = {
	"none", "secbpf", "libseccomp lin", "libseccomp tree"};

struct kcase {
	const char *label;
	const char *name; /* for the syscall table and the interpreter */
	long sysno;
	unsigned long args[6];
};

#define MAX_CASES 4
/* each round's calls are timed in this many chunks */
#define KERNEL_CHUNKS 20

struct kresult {
	int err; /* -errno of the install, or 0 */
	char msg[200];
	double ns[MAX_CASES];
};

static size_t host_cases(struct kcase *c)
{
	size_t n = 0;
	unsigned long self = (unsigned long)getpid();

	c[n++] = (struct kcase){
		"getppid() (allowed)", "getppid", SYS_getppid, {0}};
	/* 0xffffffff asks for the persona without changing it */
	c[n++] = (struct kcase){"personality(0xffffffff)",
				"personality",
				SYS_personality,
				{0xffffffffUL}};
	/* compares this process's memory with itself when not filtered */
	c[n++] = (struct kcase){"kcmp(self, self, VM)",
				"kcmp",
				SYS_kcmp,
				{self, self, KCMP_VM_TYPE}};
	/* no key type: EFAULT when not filtered */
	c[n++] = (struct kcase){
		"request_key(NULL, ...)", "request_key", SYS_request_key, {0}};
	return n;
}

static void child(const struct secbpf_prog *prog, unsigned flags,
		  const struct kcase *cases, size_t ncases, unsigned calls,
		  int fd)
{
	struct kresult res;
	struct secbpf_install_opts io = {.sz = sizeof(io), .flags = flags};
	struct secbpf_error err;
	unsigned warm = calls / 10 < 1000 ? calls / 10 : 1000;
	unsigned per_chunk = calls / KERNEL_CHUNKS ? calls / KERNEL_CHUNKS : 1;

	memset(&res, 0, sizeof(res));
	if (prog) {
		res.err = secbpf_install(prog, &io, NULL, &err);
		if (res.err) {
			snprintf(res.msg, sizeof(res.msg), "%.190s",
				 err.message);
			goto report;
		}
	}
	/* short chunks, the cases in turn: the fastest chunk of each case
	 * is one that no other task preempted */
	for (unsigned k = 0; k < KERNEL_CHUNKS; k++) {
		for (size_t c = 0; c < ncases; c++) {
			const unsigned long *a = cases[c].args;
			double t0, ns;

			if (!k)
				for (unsigned i = 0; i < warm; i++)
					syscall(cases[c].sysno, a[0], a[1],
						a[2], a[3], a[4], a[5]);
			t0 = bench_now();
			for (unsigned i = 0; i < per_chunk; i++)
				syscall(cases[c].sysno, a[0], a[1], a[2], a[3],
					a[4], a[5]);
			ns = (bench_now() - t0) * 1e9 / per_chunk;
			if (!k || ns < res.ns[c])
				res.ns[c] = ns;
		}
	}
report:
	if (write(fd, &res, sizeof(res)) != (ssize_t)sizeof(res))
		_exit(2);
	_exit(0);
}

/* One child under one filter; 0 and *res filled, or -1 with why in msg. */
static int run_child(const struct secbpf_prog *prog, unsigned flags,
		     const struct kcase *cases, size_t ncases, unsigned calls,
		     struct kresult *res)
{
	int fds[2], status;
	ssize_t got = 0;
	pid_t pid;

	memset(res, 0, sizeof(*res));
	if (pipe(fds)) {
		snprintf(res->msg, sizeof(res->msg), "pipe: %s",
			 strerror(errno));
		return -1;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		snprintf(res->msg, sizeof(res->msg), "fork: %s",
			 strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		child(prog, flags, cases, ncases, calls, fds[1]);
	}
	close(fds[1]);
	while ((size_t)got < sizeof(*res)) {
		ssize_t r = read(fds[0], (char *)res + got,
				 sizeof(*res) - (size_t)got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += r;
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if ((size_t)got != sizeof(*res)) {
		snprintf(res->msg, sizeof(res->msg),
			 "the child did not report (%s %d)",
			 WIFSIGNALED(status) ? "signal" : "exit status",
			 WIFSIGNALED(status) ? WTERMSIG(status)
					     : WEXITSTATUS(status));
		return -1;
	}
	return res->err ? -1 : 0;
}

/* Whether the child can report and exit under the filter. */
static bool child_can_report(const struct secbpf_prog *p,
			     const struct secbpf_arch *a)
{
	static const char *const needed[] = {"write", "exit_group"};

	for (size_t i = 0; i < SB_ARRAY_SIZE(needed); i++) {
		struct secbpf_data d = {.arch = a->audit};
		struct secbpf_run_result r = {0};

		if (secbpf_syscall_lookup(a, needed[i], &d.nr) ||
		    secbpf_prog_run(p, &d, &r, NULL) ||
		    r.action != SECBPF_RET_ALLOW)
			return false;
	}
	return true;
}

static void print_loadavg(void)
{
	FILE *f = fopen("/proc/loadavg", "r");
	double l1;

	if (f && fscanf(f, "%lf", &l1) == 1)
		printf("load average %.2f", l1);
	else
		printf("load average unknown");
	if (f)
		fclose(f);
}

/* What the filter does with a case: instructions and action, or cached. */
static void print_path(const struct secbpf_prog *p, uint32_t audit, uint32_t nr,
		       const struct kcase *c)
{
	struct secbpf_data d = {.nr = nr, .arch = audit};
	struct secbpf_run_result r = {0};
	char act[40], cell[64];

	for (int i = 0; i < 6; i++)
		d.args[i] = c->args[i];
	if (secbpf_prog_cacheable(p, audit, nr))
		snprintf(cell, sizeof(cell), "cached");
	else if (secbpf_prog_run(p, &d, &r, NULL))
		snprintf(cell, sizeof(cell), "?");
	else
		snprintf(cell, sizeof(cell), "%u %s", r.count,
			 secbpf_action_str(r.action, act, sizeof(act)));
	printf(" %17s", cell);
}

void bench_kernel(const struct bench_opts *o, const char *path)
{
	static double ns[NFILTERS][MAX_CASES][BENCH_MAX_ROUNDS];
	struct secbpf_prog *progs[NFILTERS] = {NULL};
	bool ok[NFILTERS] = {true, false, false, false};
	char why[NFILTERS][200];
	struct kcase cases[MAX_CASES];
	size_t ncases = host_cases(cases);
	uint32_t nrs[MAX_CASES];
	struct bench_target t;
	struct utsname un;
	unsigned flags, r;
	int mode;

	memset(why, 0, sizeof(why));
	if (target_open(&t, path, bench_host_set()))
		return;
	uname(&un);
	printf("== kernel: %s on %s, Linux %s: ns per call;\n"
	       "   %u rounds of %u calls per syscall in %d chunks; fastest "
	       "chunk, fastest round [median round];\n   ",
	       t.base, t.arch0->name, un.release, o->rounds, o->kernel_calls,
	       KERNEL_CHUNKS);
	print_loadavg();
	printf(" at the start\n");
	if (t.arch0 != secbpf_arch_native()) {
		printf("   skipped: %s is not this machine's arch\n\n",
		       t.arch0->name);
		goto out;
	}
	for (size_t c = 0; c < ncases; c++)
		if (secbpf_syscall_lookup(t.arch0, cases[c].name, &nrs[c])) {
			printf("   skipped: no '%s' in the %s table\n\n",
			       cases[c].name, t.arch0->name);
			goto out;
		}
	mode = prctl(PR_GET_SECCOMP, 0, 0, 0, 0);
	if (mode > 0)
		printf("   note: this process already runs under seccomp "
		       "(mode %d); every figure includes that filter\n",
		       mode);
	/* as runc and crun: the profile's flags, SPEC_ALLOW when it has none */
	flags = secbpf_policy_flags_set(t.policy)
			? secbpf_policy_flags(t.policy)
			: SECCOMP_FILTER_FLAG_SPEC_ALLOW;
	flags &= ~(unsigned)(SECCOMP_FILTER_FLAG_TSYNC |
			     SECCOMP_FILTER_FLAG_NEW_LISTENER);
	ok[F_OURS] = !target_compile(&t, NULL, &progs[F_OURS]);
	if (!ok[F_OURS])
		snprintf(why[F_OURS], sizeof(why[F_OURS]), "does not compile");
	for (int opt = 1; opt <= 2; opt++) {
		int f = opt == 1 ? F_LIN : F_TREE;
		int rc = target_libseccomp(&t, opt, &progs[f]);

		ok[f] = !rc;
		if (rc)
			snprintf(why[f], sizeof(why[f]), "%s",
				 rc == -ENOTSUP ? "built without libseccomp"
						: strerror(-rc));
	}
	for (int f = F_OURS; f < NFILTERS; f++)
		if (ok[f] && !child_can_report(progs[f], t.arch0)) {
			ok[f] = false;
			snprintf(why[f], sizeof(why[f]),
				 "the filter denies write or exit_group, "
				 "which the timing child needs");
		}
	for (r = 0; r < o->rounds; r++) {
		for (int f = 0; f < NFILTERS; f++) {
			struct kresult res;

			if (!ok[f])
				continue;
			if (run_child(f == F_NONE ? NULL : progs[f], flags,
				      cases, ncases, o->kernel_calls, &res)) {
				ok[f] = false;
				snprintf(why[f], sizeof(why[f]), "%s", res.msg);
				continue;
			}
			for (size_t c = 0; c < ncases; c++)
				ns[f][c][r] = res.ns[c];
		}
	}
	printf("   each filter in a forked child, no_new_privs, flags 0x%x\n",
	       flags);
	printf("  %-26s", "call");
	for (int f = 0; f < NFILTERS; f++)
		printf(" %17s", filter_names[f]);
	printf("\n");
	for (size_t c = 0; c < ncases; c++) {
		printf("  %-26s", cases[c].label);
		for (int f = 0; f < NFILTERS; f++) {
			char cell[40];

			if (ok[f])
				snprintf(cell, sizeof(cell), "%.1f [%.1f]",
					 bench_min(ns[f][c], r),
					 bench_median(ns[f][c], r));
			else
				snprintf(cell, sizeof(cell), "-");
			printf(" %17s", cell);
		}
		printf("\n");
	}
	printf("  what the filter runs      %17s", "");
	for (int f = 1; f < NFILTERS; f++)
		printf(" %17s", ok[f] || progs[f] ? filter_names[f] : "-");
	printf("\n");
	for (size_t c = 0; c < ncases; c++) {
		printf("  %-26s %17s", cases[c].label, "");
		for (int f = 1; f < NFILTERS; f++)
			if (progs[f])
				print_path(progs[f], t.arch0->audit, nrs[c],
					   &cases[c]);
			else
				printf(" %17s", "-");
		printf("\n");
	}
	for (int f = 0; f < NFILTERS; f++)
		if (!ok[f])
			printf("   %s: skipped: %s\n", filter_names[f], why[f]);
	printf("   ");
	print_loadavg();
	printf(" at the end\n\n");
out:
	for (int f = 0; f < NFILTERS; f++)
		secbpf_prog_free(progs[f]);
	target_close(&t);
}
