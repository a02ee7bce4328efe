// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What a runtime asks of a policy before it installs the filter: the
 * listener metadata, whether the filter notifies, the flags to install
 * with (the runtimes' default applied, libseccomp's additions made), the
 * target arches; and the flag combinations the kernel refuses, refused by
 * secbpf_install with their names before any process state changes.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "secbpf.h"

#ifndef SECCOMP_FILTER_FLAG_TSYNC_ESRCH
#define SECCOMP_FILTER_FLAG_TSYNC_ESRCH (1UL << 4)
#endif
#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif
#define TSYNC SECCOMP_FILTER_FLAG_TSYNC
#define LOG SECCOMP_FILTER_FLAG_LOG
#define SPEC_ALLOW SECCOMP_FILTER_FLAG_SPEC_ALLOW
#define NEW_LISTENER SECCOMP_FILTER_FLAG_NEW_LISTENER
#define TSYNC_ESRCH SECCOMP_FILTER_FLAG_TSYNC_ESRCH
#define WAIT_KILLABLE_RECV SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV

/* A policy from profile text, resolved for the arches given (none: as
 * the profile or the host says). */
static struct secbpf_policy *policy_of(const char *json,
				       const char *const *arches, size_t n)
{
	SECBPF_OPTS(secbpf_resolve_opts, ro, .arches = arches, .narches = n);
	struct secbpf_profile *p = NULL, *r = NULL;
	struct secbpf_policy *pol = NULL;
	struct secbpf_error err;

	cr_assert_eq(secbpf_profile_load_bytes(json, strlen(json), "t.json", &p,
					       &err),
		     0, "%s", err.message);
	cr_assert_eq(secbpf_profile_resolve(p, &ro, &r, &err), 0, "%s",
		     err.message);
	cr_assert_eq(secbpf_policy_new(r, NULL, &pol, &err), 0, "%s",
		     err.message);
	secbpf_profile_free(r);
	secbpf_profile_free(p);
	return pol;
}

static const char *const x86_64[] = {"x86_64"};

Test(policy_api, listener_metadata)
{
	struct secbpf_policy *pol = policy_of("{\"defaultAction\":\"SCMP_ACT_"
					      "ALLOW\","
					      "\"listenerPath\":\"/run/"
					      "agent.sock\","
					      "\"listenerMetadata\":\"pod=a;"
					      "ctr=b\",\"syscalls\":"
					      "[{\"names\":[\"mkdir\"],"
					      "\"action\":\"SCMP_ACT_NOTIFY\"}]"
					      "}",
					      x86_64, 1);

	cr_expect_str_eq(secbpf_policy_listener_path(pol), "/run/agent.sock");
	cr_expect_str_eq(secbpf_policy_listener_metadata(pol), "pod=a;ctr=b");
	secbpf_policy_free(pol);
	pol = policy_of("{\"defaultAction\":\"SCMP_ACT_ALLOW\"}", x86_64, 1);
	cr_expect_null(secbpf_policy_listener_metadata(pol));
	secbpf_policy_free(pol);
	cr_expect_null(secbpf_policy_listener_metadata(NULL));
}

Test(policy_api, uses_notify)
{
	static const struct {
		const char *json;
		bool notify;
	} cases[] = {
		{"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{"
		 "\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"}]}",
		 false},
		{"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{"
		 "\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}",
		 true},
		{"{\"defaultAction\":\"SCMP_ACT_NOTIFY\",\"syscalls\":[{"
		 "\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"}]}",
		 true},
		/* a conditional NOTIFY rule is a NOTIFY all the same */
		{"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{"
		 "\"names\":[\"ioctl\"],\"action\":\"SCMP_ACT_NOTIFY\","
		 "\"args\":[{\"index\":1,\"value\":21505,\"op\":"
		 "\"SCMP_CMP_EQ\"}]}]}",
		 true},
		/* no target arch keeps it: the filter never notifies */
		{"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{"
		 "\"names\":[\"no_such_call\"],\"action\":"
		 "\"SCMP_ACT_NOTIFY\"}]}",
		 false},
		/* equal to the default: dropped, but the default notifies */
		{"{\"defaultAction\":\"SCMP_ACT_NOTIFY\",\"syscalls\":[{"
		 "\"names\":[\"read\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}",
		 true},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct secbpf_policy *pol = policy_of(cases[i].json, x86_64, 1);

		cr_expect_eq(secbpf_policy_uses_notify(pol), cases[i].notify,
			     "case %zu: %s", i, cases[i].json);
		secbpf_policy_free(pol);
	}
	cr_expect_not(secbpf_policy_uses_notify(NULL));
}

/* The bad-arch action notifying counts too (it is in the filter). */
Test(policy_api, uses_notify_badarch)
{
	static const char json[] = "{\"defaultAction\":\"SCMP_ACT_ALLOW\"}";
	SECBPF_OPTS(secbpf_policy_opts, po, .badarch_set = true,
		    .badarch_action = SECBPF_RET_USER_NOTIF);
	struct secbpf_profile *p = NULL;
	struct secbpf_policy *pol = NULL;
	struct secbpf_error err;

	cr_assert_eq(secbpf_profile_load_bytes(json, strlen(json), "t.json", &p,
					       &err),
		     0);
	cr_assert_eq(secbpf_policy_new(p, &po, &pol, &err), 0, "%s",
		     err.message);
	cr_expect(secbpf_policy_uses_notify(pol));
	secbpf_policy_free(pol);
	secbpf_profile_free(p);
}

/* A filter for the other byte order stops secbpf_install after it has
 * judged the flags, before the kernel: -EINVAL naming "endian" means the
 * flags passed. */
static int install_check(unsigned flags, struct secbpf_error *err)
{
	const struct secbpf_insn ret = {0x06, 0, 0, SECBPF_RET_ALLOW};
	SECBPF_OPTS(secbpf_install_opts, io, .flags = flags);
	struct secbpf_prog *p = NULL;
	int lfd = -1, rc;

	cr_assert_eq(secbpf_prog_new(&ret, 1,
				     __BYTE_ORDER__ != __ORDER_BIG_ENDIAN__, &p,
				     err),
		     0);
	rc = secbpf_install(p, &io, &lfd, err);
	secbpf_prog_free(p);
	cr_assert_neq(rc, 0, "a filter was installed in the test process");
	return rc == -EINVAL && strstr(err->message, "endian") ? 0 : rc;
}

static bool has_warning(const struct secbpf_policy *pol, const char *text)
{
	for (size_t i = 0; i < secbpf_policy_warning_count(pol); i++)
		if (strstr(secbpf_policy_warning(pol, i), text))
			return true;
	return false;
}

Test(policy_api, effective_flags)
{
	static const char notify[] = "\"syscalls\":[{\"names\":[\"mkdir\"],"
				     "\"action\":"
				     "\"SCMP_ACT_NOTIFY\"}]";
	static const char plain[] = "\"syscalls\":[{\"names\":[\"mkdir\"],"
				    "\"action\":"
				    "\"SCMP_ACT_ERRNO\"}]";
	static const struct {
		const char *flags; /* the "flags" member, or NULL */
		bool notify;
		unsigned effective;
		bool warns; /* a flag dropped */
	} cases[] = {
		/* runc and crun: no "flags" field means SPEC_ALLOW */
		{NULL, false, SPEC_ALLOW, false},
		{"[]", false, 0, false},
		{"[\"SECCOMP_FILTER_FLAG_LOG\"]", false, LOG, false},
		/* libseccomp asks for a listener when the filter notifies */
		{NULL, true, SPEC_ALLOW | NEW_LISTENER, false},
		{"[]", true, NEW_LISTENER, false},
		{"[\"SECCOMP_FILTER_FLAG_TSYNC\"]", false, TSYNC, false},
		/* and TSYNC_ESRCH with TSYNC, or the kernel refuses them */
		{"[\"SECCOMP_FILTER_FLAG_TSYNC\"]", true,
		 TSYNC | NEW_LISTENER | TSYNC_ESRCH, false},
		{"[\"SECCOMP_FILTER_FLAG_TSYNC\","
		 "\"SECCOMP_FILTER_FLAG_NEW_LISTENER\"]",
		 false, TSYNC | NEW_LISTENER | TSYNC_ESRCH, false},
		/* WAIT_KILLABLE_RECV only with a listener, as libseccomp */
		{"[\"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV\"]", true,
		 WAIT_KILLABLE_RECV | NEW_LISTENER, false},
		{"[\"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV\","
		 "\"SECCOMP_FILTER_FLAG_LOG\"]",
		 false, LOG, true},
		{"[\"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV\","
		 "\"SECCOMP_FILTER_FLAG_NEW_LISTENER\"]",
		 false, WAIT_KILLABLE_RECV | NEW_LISTENER, false},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char json[512];
		struct secbpf_policy *pol;
		struct secbpf_error err;
		unsigned got;

		snprintf(json, sizeof(json),
			 "{\"defaultAction\":\"SCMP_ACT_ALLOW\"%s%s,%s}",
			 cases[i].flags ? ",\"flags\":" : "",
			 cases[i].flags ? cases[i].flags : "",
			 cases[i].notify ? notify : plain);
		pol = policy_of(json, x86_64, 1);
		got = secbpf_policy_effective_flags(pol);
		cr_expect_eq(got, cases[i].effective,
			     "case %zu: %s: flags %#x, expected %#x", i, json,
			     got, cases[i].effective);
		cr_expect_eq(has_warning(pol, "WAIT_KILLABLE_RECV"),
			     cases[i].warns, "case %zu: warning", i);
		/* what the policy says to use, install takes */
		cr_expect_eq(install_check(got, &err), 0,
			     "case %zu: flags %#x refused: %s", i, got,
			     err.message);
		secbpf_policy_free(pol);
	}
	cr_expect_eq(secbpf_policy_effective_flags(NULL), 0);
}

/* A builder's policy follows the same rules. */
Test(policy_api, effective_flags_of_a_builder)
{
	SECBPF_OPTS(secbpf_builder_opts, bo, .flags = TSYNC, .flags_set = true);
	struct secbpf_builder *b = NULL;
	struct secbpf_policy *pol = NULL;
	struct secbpf_error err;

	cr_assert_eq(secbpf_builder_new(SECBPF_RET_ALLOW, NULL, &b, &err), 0);
	cr_assert_eq(secbpf_builder_add_arch(b, secbpf_arch_lookup("x86_64"),
					     &err),
		     0);
	cr_assert_eq(secbpf_builder_build(b, &pol, &err), 0, "%s", err.message);
	cr_expect_eq(secbpf_policy_effective_flags(pol), SPEC_ALLOW);
	cr_expect_not(secbpf_policy_uses_notify(pol));
	cr_expect_null(secbpf_policy_listener_metadata(pol));
	secbpf_policy_free(pol);
	secbpf_builder_free(b);

	cr_assert_eq(secbpf_builder_new(SECBPF_RET_ALLOW, &bo, &b, &err), 0);
	cr_assert_eq(secbpf_builder_add_arch(b, secbpf_arch_lookup("x86_64"),
					     &err),
		     0);
	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_USER_NOTIF, "mkdir",
					     NULL, 0, &err),
		     0);
	cr_assert_eq(secbpf_builder_build(b, &pol, &err), 0, "%s", err.message);
	cr_expect(secbpf_policy_uses_notify(pol));
	cr_expect_eq(secbpf_policy_effective_flags(pol),
		     TSYNC | NEW_LISTENER | TSYNC_ESRCH);
	secbpf_policy_free(pol);
	secbpf_builder_free(b);
}

Test(policy_api, arches)
{
	static const char *const three[] = {"x86_64", "x32", "x86"};
	const struct secbpf_arch *out[8];
	struct secbpf_policy *pol;

	/* the caller's arches, in their order, the primary first */
	pol = policy_of("{\"defaultAction\":\"SCMP_ACT_ALLOW\"}", three, 3);
	cr_assert_eq(secbpf_policy_arches(pol, out, 8), 3);
	for (size_t i = 0; i < 3; i++)
		cr_expect_eq(out[i], secbpf_arch_lookup(three[i]), "arch %zu",
			     i);
	/* fewer places than arches: the count all the same */
	out[1] = NULL;
	cr_expect_eq(secbpf_policy_arches(pol, out, 1), 3);
	cr_expect_eq(out[0], secbpf_arch_lookup("x86_64"));
	cr_expect_null(out[1]);
	cr_expect_eq(secbpf_policy_arches(pol, NULL, 0), 3);
	secbpf_policy_free(pol);

	/* the profile's "architectures" */
	pol = policy_of("{\"defaultAction\":\"SCMP_ACT_ALLOW\","
			"\"architectures\":[\"SCMP_ARCH_AARCH64\","
			"\"SCMP_ARCH_ARM\"]}",
			NULL, 0);
	cr_assert_geq(secbpf_policy_arches(pol, out, 8), 2);
	{
		size_t n = secbpf_policy_arches(pol, out, 8);
		bool arm64 = false, arm = false;

		for (size_t i = 0; i < n; i++) {
			arm64 |= out[i] == secbpf_arch_lookup("aarch64");
			arm |= out[i] == secbpf_arch_lookup("arm");
		}
		cr_expect(arm64 && arm, "%zu arches", n);
	}
	secbpf_policy_free(pol);
	cr_expect_eq(secbpf_policy_arches(NULL, out, 8), 0);
}

/* Run fn in a child; its exit status is the test's verdict. */
static int in_child(int (*fn)(void))
{
	pid_t pid = fork();
	int st;

	cr_assert_geq(pid, 0);
	if (pid == 0)
		_exit(fn());
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
}

static unsigned refused_flags;
static const char *refused_names[3];

/* In a child: the install is refused with the flags' names, and
 * no_new_privs was never set (before, the kernel refused the flags after
 * it had been). */
static int refused_up_front(void)
{
	const struct secbpf_insn ret = {0x06, 0, 0, SECBPF_RET_ALLOW};
	SECBPF_OPTS(secbpf_install_opts, io, .flags = refused_flags);
	struct secbpf_prog *p = NULL;
	struct secbpf_error err;
	int lfd = -1, rc;

	if (secbpf_prog_new(&ret, 1, __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__, &p,
			    NULL))
		return 2;
	rc = secbpf_install(p, &io, &lfd, &err);
	/* freed before _exit: valgrind counts what a child leaves */
	secbpf_prog_free(p);
	if (rc != -EINVAL)
		return 3;
	for (size_t i = 0; i < 3 && refused_names[i]; i++)
		if (!strstr(err.message, refused_names[i]))
			return 4;
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 0)
		return 5;
	return 0;
}

Test(policy_api, kernel_refused_flag_combinations_refused_up_front)
{
	static const struct {
		unsigned flags;
		const char *names[3];
	} cases[] = {
		{TSYNC | NEW_LISTENER,
		 {"SECCOMP_FILTER_FLAG_TSYNC'",
		  "SECCOMP_FILTER_FLAG_NEW_LISTENER",
		  "SECCOMP_FILTER_FLAG_TSYNC_ESRCH"}},
		{TSYNC | NEW_LISTENER | LOG | SPEC_ALLOW,
		 {"SECCOMP_FILTER_FLAG_TSYNC'",
		  "SECCOMP_FILTER_FLAG_NEW_LISTENER", NULL}},
		{WAIT_KILLABLE_RECV,
		 {"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV",
		  "SECCOMP_FILTER_FLAG_NEW_LISTENER", NULL}},
		{WAIT_KILLABLE_RECV | TSYNC | TSYNC_ESRCH,
		 {"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", NULL, NULL}},
	};

	cr_assert_eq(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), 0,
		     "the test process has no_new_privs already");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		refused_flags = cases[i].flags;
		memcpy(refused_names, cases[i].names, sizeof(refused_names));
		cr_expect_eq(in_child(refused_up_front), 0,
			     "flags %#x: child verdict (3: not -EINVAL, 4: a "
			     "flag not named, 5: no_new_privs set)",
			     cases[i].flags);
	}
}

/* What the kernel takes, secbpf_install does not refuse. */
Test(policy_api, accepted_flag_combinations_pass)
{
	static const unsigned ok[] = {
		0,
		TSYNC,
		TSYNC | TSYNC_ESRCH,
		TSYNC_ESRCH, /* alone: the kernel ignores it */
		NEW_LISTENER,
		NEW_LISTENER | WAIT_KILLABLE_RECV,
		TSYNC | NEW_LISTENER | TSYNC_ESRCH | WAIT_KILLABLE_RECV | LOG |
			SPEC_ALLOW,
	};
	struct secbpf_error err;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		cr_expect_eq(install_check(ok[i], &err), 0, "flags %#x: %s",
			     ok[i], err.message);
}
