// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libsecbpf-seccomp and the real kernel, each case in a forked child:
 * seccomp_load with each attribute (the filter installed is the one
 * exported, no_new_privs, TSYNC on another thread, LOG, SPEC_ALLOW,
 * TSKIP, SYSRAWRC), and user notification end to end.  Skipped where the
 * kernel refuses filters (qemu-user).  Only the public API: the test is
 * built against <seccomp.h> as a program written for libseccomp is.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <pthread.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PTRACE_SECCOMP_GET_FILTER
#define PTRACE_SECCOMP_GET_FILTER 0x420c
#endif
#ifndef PTRACE_SECCOMP_GET_METADATA
#define PTRACE_SECCOMP_GET_METADATA 0x420d
#endif

/* Exit codes of the children. */
#define SKIP 77

/* Run fn in a child; its exit status (SKIP: skip the test). */
static int in_child(int (*fn)(void *), void *arg)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0)
		_exit(fn(arg));
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status), "child died (signal %d)",
		  WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	if (WEXITSTATUS(status) == SKIP)
		cr_skip_test("the kernel refuses seccomp filters here");
	return WEXITSTATUS(status);
}

/* A filter: getppid answers ERRNO(42), the rest is allowed. */
static scmp_filter_ctx getppid_filter(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);

	if (!ctx ||
	    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(42), SCMP_SYS(getppid), 0))
		_exit(90);
	return ctx;
}

static bool getppid_denied(void)
{
	return syscall(SYS_getppid) == -1 && errno == 42;
}

static int load_default(void *unused)
{
	scmp_filter_ctx ctx = getppid_filter();
	int rc;

	(void)unused;
	if (getppid_denied())
		return 91;
	rc = seccomp_load(ctx);
	if (rc == -ECANCELED)
		return SKIP;
	if (rc)
		return 92;
	if (!getppid_denied())
		return 93;
	/* NNP is on by default */
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return 94;
	seccomp_release(ctx);
	return 0;
}

Test(kernel, load_applies_the_filter_and_no_new_privs)
{
	cr_assert_eq(in_child(load_default, NULL), 0);
}

static int load_without_nnp(void *unused)
{
	scmp_filter_ctx ctx = getppid_filter();
	int rc;

	(void)unused;
	if (geteuid() != 0)
		return SKIP; /* without CAP_SYS_ADMIN the kernel refuses */
	if (seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0))
		return 91;
	rc = seccomp_load(ctx);
	if (rc == -ECANCELED)
		return SKIP;
	if (rc || !getppid_denied())
		return 92;
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 0)
		return 93;
	return 0;
}

Test(kernel, nnp_attribute_off)
{
	cr_assert_eq(in_child(load_without_nnp, NULL), 0);
}

/* Without CAP_SYS_ADMIN and without NNP the kernel says EACCES: libseccomp
 * returns -ECANCELED, or the errno itself with SYSRAWRC. */
static int drop_caps(void)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	return (int)syscall(SYS_capset, &h, d);
}

static int load_rawrc(void *raw)
{
	scmp_filter_ctx ctx = getppid_filter();
	int rc;

	if (seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0))
		return 91;
	if (raw && seccomp_attr_set(ctx, SCMP_FLTATR_API_SYSRAWRC, 1))
		return 92;
	if (drop_caps())
		return SKIP;
	rc = seccomp_load(ctx);
	if (raw)
		return rc == -EACCES ? 0 : 93;
	return rc == -ECANCELED ? 0 : 94;
}

Test(kernel, sysrawrc_attribute)
{
	cr_assert_eq(in_child(load_rawrc, NULL), 0);
	cr_assert_eq(in_child(load_rawrc, (void *)1), 0);
}

/* TSYNC: a thread that exists when the filter is loaded gets it too. */
static int pipe_in[2], pipe_out[2];

static void *thread_main(void *unused)
{
	char c;
	int denied;

	(void)unused;
	if (read(pipe_in[0], &c, 1) != 1)
		return NULL;
	denied = getppid_denied();
	if (write(pipe_out[1], &denied, sizeof(denied)) != sizeof(denied))
		return NULL;
	return NULL;
}

static int load_tsync(void *on)
{
	scmp_filter_ctx ctx = getppid_filter();
	pthread_t th;
	int denied = -1, rc;

	if (pipe(pipe_in) || pipe(pipe_out))
		return 90;
	if (on && seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1))
		return 91;
	if (pthread_create(&th, NULL, thread_main, NULL))
		return 92;
	rc = seccomp_load(ctx);
	if (rc == -ECANCELED)
		return SKIP;
	if (rc)
		return 93;
	if (write(pipe_in[1], "x", 1) != 1 ||
	    read(pipe_out[0], &denied, sizeof(denied)) != sizeof(denied))
		return 94;
	pthread_join(th, NULL);
	/* the thread has the filter with TSYNC only */
	return denied == (on ? 1 : 0) ? 0 : 95;
}

Test(kernel, tsync_attribute)
{
	cr_assert_eq(in_child(load_tsync, NULL), 0);
	cr_assert_eq(in_child(load_tsync, (void *)1), 0);
}

/* TSKIP: a rule for syscall -1 (a tracer's skip) works in the kernel. */
static int load_tskip(void *unused)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int rc;

	(void)unused;
	if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(7), -1, 0) != -EINVAL)
		return 90;
	if (seccomp_attr_set(ctx, SCMP_FLTATR_API_TSKIP, 1) ||
	    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(7), -1, 0))
		return 91;
	rc = seccomp_load(ctx);
	if (rc == -ECANCELED)
		return SKIP;
	if (rc)
		return 92;
	return syscall(-1) == -1 && errno == 7 ? 0 : 93;
}

Test(kernel, tskip_attribute)
{
	cr_assert_eq(in_child(load_tskip, NULL), 0);
}

/*
 * LOG, SPEC_ALLOW, OPTIMIZE: the filter the kernel holds is the one
 * seccomp_export_bpf writes, and its flags are what the attributes say
 * (read back with PTRACE_SECCOMP_GET_FILTER / _GET_METADATA from a
 * stopped child).
 */
struct flags_case {
	uint32_t log, ssb, optimize;
};

static int load_and_stop(void *arg)
{
	const struct flags_case *fc = arg;
	scmp_filter_ctx ctx = getppid_filter();
	int rc;

	if (fc->log && seccomp_attr_set(ctx, SCMP_FLTATR_CTL_LOG, 1))
		return 91;
	if (fc->ssb && seccomp_attr_set(ctx, SCMP_FLTATR_CTL_SSB, 1))
		return 92;
	if (seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, fc->optimize))
		return 93;
	rc = seccomp_load(ctx);
	if (rc == -ECANCELED)
		return SKIP;
	if (rc || !getppid_denied())
		return 94;
	raise(SIGSTOP);
	return 0;
}

static void check_flags(struct flags_case fc)
{
	struct {
		uint64_t filter_off;
		uint64_t flags;
	} md = {0, 0};
	struct sock_filter got[4096];
	scmp_filter_ctx ctx;
	char want[65536];
	FILE *f;
	long n, wantlen;
	int status;
	pid_t pid;

	/* what the child will load, exported here */
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	cr_assert_eq(seccomp_rule_add(ctx, SCMP_ACT_ERRNO(42),
				      SCMP_SYS(getppid), 0),
		     0);
	cr_assert_eq(seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE,
				      fc.optimize),
		     0);
	f = tmpfile();
	cr_assert(f);
	cr_assert_eq(seccomp_export_bpf(ctx, fileno(f)), 0);
	wantlen = ftell(f);
	if (wantlen <= 0)
		wantlen = lseek(fileno(f), 0, SEEK_END);
	cr_assert_gt(wantlen, 0);
	cr_assert_eq(pread(fileno(f), want, (size_t)wantlen, 0), wantlen);
	fclose(f);
	seccomp_release(ctx);

	fflush(NULL);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0)
		_exit(load_and_stop(&fc));
	cr_assert_eq(waitpid(pid, &status, WUNTRACED), pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == SKIP)
		cr_skip_test("the kernel refuses seccomp filters here");
	cr_assert(WIFSTOPPED(status), "child did not stop (status %#x)",
		  status);
	if (ptrace(PTRACE_ATTACH, pid, 0, 0)) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		cr_skip_test("cannot trace the child (no CAP_SYS_ADMIN?)");
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	n = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, 0, got);
	if (n < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		cr_skip_test("PTRACE_SECCOMP_GET_FILTER refused (%s)",
			     strerror(errno));
	}
	cr_expect_eq((long)n * (long)sizeof(got[0]), wantlen,
		     "the kernel holds %ld instructions, the export %ld", n,
		     wantlen / (long)sizeof(got[0]));
	cr_expect(!memcmp(got, want, (size_t)wantlen), "the kernel holds "
						       "another program than "
						       "the export");
	if (ptrace(PTRACE_SECCOMP_GET_METADATA, pid, sizeof(md), &md) > 0)
		cr_expect_eq(!!(md.flags & 2 /* SECCOMP_FILTER_FLAG_LOG */),
			     !!fc.log, "LOG flag %#llx",
			     (unsigned long long)md.flags);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
}

Test(kernel, log_ssb_optimize_attributes)
{
	check_flags((struct flags_case){0, 0, 1});
	check_flags((struct flags_case){1, 0, 1});
	check_flags((struct flags_case){0, 1, 2});
	check_flags((struct flags_case){1, 1, 2});
}

/* SPEC_ALLOW: where the kernel turns on the store-bypass mitigation for
 * filtered tasks, the attribute keeps it off. */
static int ssb_state(void *ssb)
{
	scmp_filter_ctx ctx = getppid_filter();
	int before =
		prctl(PR_GET_SPECULATION_CTRL, PR_SPEC_STORE_BYPASS, 0, 0, 0);
	int after, rc;

	if (ssb && seccomp_attr_set(ctx, SCMP_FLTATR_CTL_SSB, 1))
		return 91;
	rc = seccomp_load(ctx);
	if (rc == -ECANCELED)
		return SKIP;
	if (rc)
		return 92;
	after = prctl(PR_GET_SPECULATION_CTRL, PR_SPEC_STORE_BYPASS, 0, 0, 0);
	/* 0: unchanged; 1: the mitigation was turned on by the filter */
	return before != after ? 1 : 0;
}

Test(kernel, ssb_attribute)
{
	int without = in_child(ssb_state, NULL);
	int with = in_child(ssb_state, (void *)1);

	cr_assert_leq(without, 1);
	/* with SPEC_ALLOW the mitigation never changes */
	cr_assert_eq(with, 0);
	if (!without)
		cr_log_info("this kernel does not change the store-bypass "
			    "mitigation for seccomp: only the flag's "
			    "acceptance is checked");
}

/*
 * Notification end to end: a child loads a filter with SCMP_ACT_NOTIFY
 * on getppid and supervises a grandchild through seccomp_notify_fd: it
 * receives the notification, checks the id, responds with a value of its
 * own, and the grandchild's getppid returns it.
 */
static int supervise(void *unused)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	struct seccomp_notif *req = NULL;
	struct seccomp_notif_resp *resp = NULL;
	int fd, rc, status;
	pid_t pid;

	(void)unused;
	if (seccomp_notify_fd(ctx) != -EFAULT) /* no listener yet */
		return 90;
	if (seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(getppid), 0))
		return 91;
	rc = seccomp_load(ctx);
	if (rc == -ECANCELED)
		return SKIP;
	if (rc)
		return 92;
	fd = seccomp_notify_fd(ctx);
	if (fd < 0 || seccomp_notify_fd(ctx) != fd)
		return 93;
	pid = fork();
	if (pid < 0)
		return 94;
	if (pid == 0)
		_exit(syscall(SYS_getppid) == 4242 ? 0 : 1);
	if (seccomp_notify_alloc(&req, &resp))
		return 95;
	if (seccomp_notify_receive(fd, req))
		return 96;
	if (req->pid != (unsigned)pid || req->data.nr != SYS_getppid)
		return 97;
	if (seccomp_notify_id_valid(fd, req->id))
		return 98;
	resp->id = req->id;
	resp->val = 4242;
	resp->error = 0;
	resp->flags = 0;
	if (seccomp_notify_respond(fd, resp))
		return 99;
	/* answered: the id is gone */
	if (seccomp_notify_id_valid(fd, req->id) != -ENOENT)
		return 100;
	if (seccomp_notify_respond(fd, resp) != -ECANCELED)
		return 101;
	if (seccomp_notify_receive(-1, req) != -ECANCELED)
		return 102;
	seccomp_notify_free(req, resp);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return 103;
	return WEXITSTATUS(status) ? 104 : 0;
}

Test(kernel, notify_end_to_end)
{
	if (seccomp_api_get() < 5)
		cr_skip_test("API level %u: no user notification",
			     seccomp_api_get());
	cr_assert_eq(in_child(supervise, NULL), 0);
}
