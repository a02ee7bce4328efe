// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * secbpf_profile_check's severities and the findings that are errors: what
 * a runtime or the kernel refuses, and rules that can never apply.
 */
#include <stddef.h>

#include "helpers.h"

/* The findings of "json" (checked for x86_64); *n says how many. */
static struct secbpf_finding *check_ok(const char *json, size_t *n)
{
	const char *const arches[] = {"x86_64"};
	struct secbpf_resolve_opts ro = {
		.sz = sizeof(ro), .arches = arches, .narches = 1};
	struct secbpf_profile *p = load_ok(json);
	struct secbpf_finding *f = NULL;
	struct secbpf_error err;

	cr_assert_eq(secbpf_profile_check(p, &ro, &f, n, &err), 0, "%s",
		     err.message);
	secbpf_profile_free(p);
	return f;
}

/* The finding of "kind" at "pointer" (NULL: any), or NULL. */
static const struct secbpf_finding *find(const struct secbpf_finding *f,
					 size_t n,
					 enum secbpf_finding_kind kind,
					 const char *pointer)
{
	for (size_t i = 0; i < n; i++)
		if (f[i].kind == kind &&
		    (!pointer || !strcmp(f[i].pointer, pointer)))
			return &f[i];
	return NULL;
}

static size_t count(const struct secbpf_finding *f, size_t n,
		    enum secbpf_finding_kind kind)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += f[i].kind == kind;
	return k;
}

#define RULES(defaultAction, more, rules)                                      \
	"{\"defaultAction\": \"" defaultAction "\", \"architectures\": "       \
	"[\"SCMP_ARCH_X86_64\"]" more ", \"syscalls\": [" rules "]}"

Test(lint, every_kind_has_a_code_and_a_severity)
{
	static const struct {
		enum secbpf_finding_kind kind;
		const char *code;
		enum secbpf_severity severity;
	} want[] = {
		{SECBPF_FINDING_OVERLAP, "overlap", SECBPF_SEVERITY_WARNING},
		{SECBPF_FINDING_EQUALS_DEFAULT, "equals-default",
		 SECBPF_SEVERITY_WARNING},
		{SECBPF_FINDING_UNKNOWN_NAME, "unknown-name",
		 SECBPF_SEVERITY_WARNING},
		{SECBPF_FINDING_RISKY_ALLOW, "risky-allow",
		 SECBPF_SEVERITY_WARNING},
		{SECBPF_FINDING_DEFAULT_ALLOW, "default-allow",
		 SECBPF_SEVERITY_WARNING},
		{SECBPF_FINDING_NO_ARCHMAP, "no-archmap", SECBPF_SEVERITY_NOTE},
		{SECBPF_FINDING_PARTLY_UNKNOWN, "partly-unknown",
		 SECBPF_SEVERITY_NOTE},
		{SECBPF_FINDING_UNKNOWN_CAP, "unknown-cap",
		 SECBPF_SEVERITY_ERROR},
		{SECBPF_FINDING_REPEATED_ARG, "repeated-arg",
		 SECBPF_SEVERITY_WARNING},
		{SECBPF_FINDING_NOTIFY_REFUSED, "notify-refused",
		 SECBPF_SEVERITY_ERROR},
		{SECBPF_FINDING_NO_LISTENER, "no-listener",
		 SECBPF_SEVERITY_ERROR},
		{SECBPF_FINDING_FLAGS_REFUSED, "flags-refused",
		 SECBPF_SEVERITY_ERROR},
		{SECBPF_FINDING_ERRNO_RANGE, "errno-range",
		 SECBPF_SEVERITY_ERROR},
		{SECBPF_FINDING_NEVER_APPLIES, "never-applies",
		 SECBPF_SEVERITY_ERROR},
		{SECBPF_FINDING_OVERLAP_UNCHECKED, "overlap-unchecked",
		 SECBPF_SEVERITY_WARNING},
	};
	size_t k;

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		/* numbered from 1 without gaps: a caller lists them so */
		cr_assert_eq((size_t)want[i].kind, i + 1);
		cr_assert_str_eq(secbpf_finding_code(want[i].kind),
				 want[i].code);
		cr_assert_eq(secbpf_finding_severity(want[i].kind),
			     want[i].severity, "%s", want[i].code);
	}
	k = sizeof(want) / sizeof(want[0]) + 1;
	cr_assert_null(secbpf_finding_code((enum secbpf_finding_kind)k));
	cr_assert_eq(secbpf_finding_severity((enum secbpf_finding_kind)k), 0);
	cr_assert_null(secbpf_finding_code((enum secbpf_finding_kind)0));
	cr_assert_null(secbpf_finding_code((enum secbpf_finding_kind) - 1));
	cr_assert_eq(secbpf_finding_severity((enum secbpf_finding_kind) - 1),
		     0);
}

Test(lint, the_layout_of_the_first_release)
{
	/* callers built against the first header index the array with this
	 * stride and read these offsets: the severity is no member */
	cr_assert_eq(offsetof(struct secbpf_finding, code), sizeof(void *));
	cr_assert_eq(offsetof(struct secbpf_finding, note), 2 * sizeof(void *));
	cr_assert_eq(offsetof(struct secbpf_finding, pointer),
		     2 * sizeof(void *) + 1);
	cr_assert_eq(offsetof(struct secbpf_finding, message),
		     2 * sizeof(void *) + 1 + 128);
	cr_assert_eq(sizeof(struct secbpf_finding),
		     (2 * sizeof(void *) + 1 + 128 + 768 + sizeof(void *) - 1) /
			     sizeof(void *) * sizeof(void *));
}

Test(lint, findings_carry_their_kind_code_and_note)
{
	size_t n = 0;
	struct secbpf_finding *f =
		check_ok("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"archMap\": "
			 "[{\"architecture\": \"SCMP_ARCH_X86_64\", "
			 "\"subArchitectures\": [\"SCMP_ARCH_X86\"]}], "
			 "\"syscalls\": ["
			 "{\"names\": [\"read\", \"_llseek\"], \"action\": "
			 "\"SCMP_ACT_ALLOW\"},"
			 "{\"names\": [\"mount\"], \"action\": "
			 "\"SCMP_ACT_ALLOW\", "
			 "\"includes\": {\"caps\": [\"CAP_NOPE\"]}}]}",
			 &n);
	const struct secbpf_finding *a =
		find(f, n, SECBPF_FINDING_NO_ARCHMAP, NULL);
	const struct secbpf_finding *c =
		find(f, n, SECBPF_FINDING_UNKNOWN_CAP, NULL);

	cr_assert_not_null(a);
	cr_assert_str_eq(a->code, "no-archmap");
	cr_assert(a->note, "a note keeps 'note' set for older callers");
	cr_assert_not_null(c);
	cr_assert_str_eq(c->code, "unknown-cap");
	cr_assert_not(c->note);
	for (size_t i = 0; i < n; i++) {
		cr_assert_str_eq(f[i].code, secbpf_finding_code(f[i].kind));
		cr_assert_eq(f[i].note, secbpf_finding_severity(f[i].kind) ==
						SECBPF_SEVERITY_NOTE);
	}
	secbpf_findings_free(f);
}

Test(lint, notify_that_runc_refuses)
{
	size_t n = 0;
	struct secbpf_finding *f = check_ok(RULES("SCMP_ACT_NOTIFY", "",
						  "{\"names\": [\"read\", "
						  "\"write\"], \"action\": "
						  "\"SCMP_ACT_NOTIFY\"},"
						  "{\"names\": [\"close\"], "
						  "\"action\": "
						  "\"SCMP_ACT_ALLOW\"}"),
					    &n);
	const struct secbpf_finding *d =
		find(f, n, SECBPF_FINDING_NOTIFY_REFUSED, "/defaultAction");
	const struct secbpf_finding *w = find(
		f, n, SECBPF_FINDING_NOTIFY_REFUSED, "/syscalls/0/names/1");
	const struct secbpf_finding *l =
		find(f, n, SECBPF_FINDING_NO_LISTENER, "/listenerPath");

	cr_assert_not_null(d);
	cr_assert(strstr(d->message, "runc refuses"), "%s", d->message);
	cr_assert_not_null(w);
	cr_assert(strstr(w->message, "'write'"), "%s", w->message);
	cr_assert_eq(count(f, n, SECBPF_FINDING_NOTIFY_REFUSED), 2);
	cr_assert_not_null(l);
	secbpf_findings_free(f);

	/* a listener, NOTIFY on read only: nothing refused */
	f = check_ok(RULES("SCMP_ACT_ERRNO", ", \"listenerPath\": \"/run/a\"",
			   "{\"names\": [\"read\"], \"action\": "
			   "\"SCMP_ACT_NOTIFY\"}"),
		     &n);
	cr_assert_eq(count(f, n, SECBPF_FINDING_NOTIFY_REFUSED), 0);
	cr_assert_eq(count(f, n, SECBPF_FINDING_NO_LISTENER), 0);
	secbpf_findings_free(f);
}

Test(lint, flags_a_runtime_or_the_kernel_refuses)
{
	size_t n = 0;
	struct secbpf_finding *f =
		check_ok(RULES("SCMP_ACT_ERRNO",
			       ", \"flags\": [\"SECCOMP_FILTER_FLAG_LOG\", "
			       "\"SECCOMP_FILTER_FLAG_NEW_LISTENER\", "
			       "\"SECCOMP_FILTER_FLAG_TSYNC_ESRCH\", "
			       "\"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV\", "
			       "\"SECCOMP_FILTER_FLAG_TSYNC\"]",
			       "{\"names\": [\"read\"], \"action\": "
			       "\"SCMP_ACT_ALLOW\"}"),
			 &n);

	/* names runtimes refuse; WAIT_KILLABLE_RECV with nothing to
	 * notify; TSYNC is fine without a listener, LOG always */
	cr_assert_not_null(
		find(f, n, SECBPF_FINDING_FLAGS_REFUSED, "/flags/1"));
	cr_assert_not_null(
		find(f, n, SECBPF_FINDING_FLAGS_REFUSED, "/flags/2"));
	cr_assert_not_null(
		find(f, n, SECBPF_FINDING_FLAGS_REFUSED, "/flags/3"));
	cr_assert_eq(count(f, n, SECBPF_FINDING_FLAGS_REFUSED), 3);
	secbpf_findings_free(f);

	/* with NOTIFY: WAIT_KILLABLE_RECV is right, TSYNC is refused */
	f = check_ok(RULES("SCMP_ACT_ERRNO",
			   ", \"listenerPath\": \"/run/a\", \"flags\": "
			   "[\"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV\", "
			   "\"SECCOMP_FILTER_FLAG_TSYNC\"]",
			   "{\"names\": [\"read\"], \"action\": "
			   "\"SCMP_ACT_NOTIFY\"}"),
		     &n);
	cr_assert_not_null(
		find(f, n, SECBPF_FINDING_FLAGS_REFUSED, "/flags/1"));
	cr_assert_eq(count(f, n, SECBPF_FINDING_FLAGS_REFUSED), 1);
	secbpf_findings_free(f);
}

Test(lint, errno_libseccomp_refuses)
{
	size_t n = 0;
	struct secbpf_finding *f = check_ok("{\"defaultAction\": "
					    "\"SCMP_ACT_ERRNO\", "
					    "\"defaultErrnoRet\": "
					    "4095, \"architectures\": "
					    "[\"SCMP_ARCH_X86_64\"], "
					    "\"syscalls\": ["
					    "{\"names\": [\"read\"], "
					    "\"action\": \"SCMP_ACT_ERRNO\", "
					    "\"errnoRet\": 4094},"
					    "{\"names\": [\"write\"], "
					    "\"action\": \"SCMP_ACT_ERRNO\", "
					    "\"errnoRet\": 12345},"
					    "{\"names\": [\"close\"], "
					    "\"action\": \"SCMP_ACT_TRACE\", "
					    "\"errnoRet\": 12345}]}",
					    &n);

	/* 4095 is refused by libseccomp 2.5.4 already, 4094 is not; TRACE
	 * data is no errno */
	cr_assert_not_null(
		find(f, n, SECBPF_FINDING_ERRNO_RANGE, "/defaultErrnoRet"));
	cr_assert_not_null(
		find(f, n, SECBPF_FINDING_ERRNO_RANGE, "/syscalls/1"));
	cr_assert_eq(count(f, n, SECBPF_FINDING_ERRNO_RANGE), 2);
	secbpf_findings_free(f);
}

Test(lint, rules_that_never_apply)
{
	size_t n = 0;
	struct secbpf_finding *f = check_ok(
		RULES("SCMP_ACT_ERRNO", "",
		      "{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", "
		      "\"includes\": {\"caps\": [\"CAP_SYS_ADMIN\", "
		      "\"CAP_NET_ADMIN\"]}, \"excludes\": {\"caps\": "
		      "[\"CAP_NET_ADMIN\"]}},"
		      "{\"names\": [\"write\"], \"action\": "
		      "\"SCMP_ACT_ALLOW\", "
		      "\"includes\": {\"arches\": [\"amd64\", \"arm64\"]}, "
		      "\"excludes\": {\"arches\": [\"arm64\", \"x86_64\"]}},"
		      "{\"names\": [\"close\"], \"action\": "
		      "\"SCMP_ACT_ALLOW\", "
		      "\"includes\": {\"minKernel\": \"5.10\"}, "
		      "\"excludes\": {\"minKernel\": \"5.10\"}},"
		      /* each of these applies somewhere */
		      "{\"names\": [\"dup\"], \"action\": \"SCMP_ACT_ALLOW\", "
		      "\"includes\": {\"caps\": [\"CAP_SYS_ADMIN\"], "
		      "\"arches\": [\"amd64\", \"arm64\"], \"minKernel\": "
		      "\"4.8\"}, \"excludes\": {\"caps\": [\"CAP_NET_ADMIN\"], "
		      "\"arches\": [\"arm64\"], \"minKernel\": \"5.10\"}}"),
		&n);

	cr_assert_not_null(find(f, n, SECBPF_FINDING_NEVER_APPLIES,
				"/syscalls/0/includes/caps/1"));
	cr_assert_not_null(find(f, n, SECBPF_FINDING_NEVER_APPLIES,
				"/syscalls/1/includes/arches"));
	cr_assert_not_null(find(f, n, SECBPF_FINDING_NEVER_APPLIES,
				"/syscalls/2/includes/minKernel"));
	cr_assert_eq(count(f, n, SECBPF_FINDING_NEVER_APPLIES), 3);
	secbpf_findings_free(f);
}

Test(lint, the_default_profile_has_no_error)
{
	/* what runtimes run by default must pass a CI gate on errors */
	struct secbpf_profile *p = NULL;
	struct secbpf_finding *f = NULL;
	struct secbpf_error err;
	size_t n = 0, errors = 0;

	cr_assert_eq(secbpf_profile_default(&p, &err), 0, "%s", err.message);
	cr_assert_eq(secbpf_profile_check(p, NULL, &f, &n, &err), 0, "%s",
		     err.message);
	for (size_t i = 0; i < n; i++)
		errors += secbpf_finding_severity(f[i].kind) ==
			  SECBPF_SEVERITY_ERROR;
	cr_assert_eq(errors, 0);
	secbpf_findings_free(f);
	secbpf_profile_free(p);
}
