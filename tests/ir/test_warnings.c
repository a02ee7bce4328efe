// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A policy's warnings, from either front end, through the IR layer's one
 * writer: as data (code, severity, JSON pointer, message), and one cap
 * that leaves out the less important ones first and says what it left.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir/ir.h"

static struct secbpf_policy *policy_for(const char *json)
{
	struct secbpf_resolve_opts ro = {.sz = sizeof(ro), .all_caps = true};
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

/* The first warning with "code", or NULL. */
static const struct secbpf_warning *find(const struct secbpf_policy *pol,
					 const char *code)
{
	for (size_t i = 0; i < secbpf_policy_warning_count(pol); i++) {
		const struct secbpf_warning *w =
			secbpf_policy_warning_at(pol, i);

		if (!strcmp(w->code, code))
			return w;
	}
	return NULL;
}

Test(warnings, as_data)
{
	struct secbpf_policy *pol = policy_for(
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": "
		"[\"SCMP_ARCH_X86_64\"], \"syscalls\": ["
		"{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\", "
		"\"errnoRet\": 5000},"
		"{\"names\": [\"close\", \"no_such_call\"], \"action\": "
		"\"SCMP_ACT_NOTIFY\", \"args\": ["
		"{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"},"
		"{\"index\": 0, \"value\": 2, \"op\": \"SCMP_CMP_EQ\"}]},"
		"{\"names\": [\"write\", \"close\"], \"action\": "
		"\"SCMP_ACT_NOTIFY\"},"
		"{\"names\": [\"close\"], \"action\": \"SCMP_ACT_TRAP\", "
		"\"args\": [{\"index\": 0, \"value\": 1, "
		"\"op\": \"SCMP_CMP_GE\"}]}]}");
	static const struct {
		const char *code;
		enum secbpf_severity severity;
		const char *pointer, *text;
	} want[] = {
		{"errno-capped", SECBPF_SEVERITY_ERROR, "/syscalls/0/errnoRet",
		 "/syscalls/0: errno 5000 is above 4095"},
		{"notify-refused", SECBPF_SEVERITY_ERROR, "/syscalls/2/names/0",
		 "/syscalls/2: runc refuses SCMP_ACT_NOTIFY for 'write'"},
		{"no-listener", SECBPF_SEVERITY_ERROR, "",
		 "SCMP_ACT_NOTIFY without 'listenerPath'"},
		{"repeated-arg", SECBPF_SEVERITY_WARNING, "/syscalls/1",
		 "/syscalls/1: several conditions on argument 0"},
		{"unknown-name", SECBPF_SEVERITY_WARNING, "/syscalls/1/names/1",
		 "/syscalls/1: unknown syscall 'no_such_call'"},
		{"overlap", SECBPF_SEVERITY_WARNING, "/syscalls/1",
		 "/syscalls/1: rules for 'close' overlap with different "
		 "actions (USER_NOTIF, TRAP in /syscalls/3): close(0x1) "
		 "matches both and gets USER_NOTIF (the first unconditional "
		 "rule wins)"},
	};
	size_t nwant = sizeof(want) / sizeof(want[0]);

	/* and /syscalls/2's close, unconditional, overlaps /syscalls/3 */
	cr_assert_eq(secbpf_policy_warning_count(pol), 7);
	for (size_t i = 0; i < nwant; i++) {
		const struct secbpf_warning *w = find(pol, want[i].code);

		cr_assert_not_null(w, "no %s warning", want[i].code);
		cr_assert_eq(w->severity, want[i].severity, "%s", w->code);
		cr_assert_str_eq(w->pointer, want[i].pointer, "%s", w->code);
		cr_assert(strstr(w->message, want[i].text), "%s", w->message);
		cr_assert_eq(secbpf_policy_warning_total(pol, want[i].code),
			     strcmp(w->code, "overlap") ? 1 : 2);
	}
	/* in the order written: the default's errno, runtimes' refusals,
	 * rule by rule, then names, then overlaps */
	cr_assert_str_eq(secbpf_policy_warning_at(pol, 0)->code, "notify-"
								 "refused");
	cr_assert_str_eq(secbpf_policy_warning_at(pol, 6)->code, "overlap");
	cr_assert_eq(secbpf_policy_warning_total(pol, NULL), 7);
	cr_assert_eq(secbpf_policy_warning_total(pol, "left-out"), 0);
	cr_assert_eq(secbpf_policy_warning_total(pol, "no-such-code"), 0);
	cr_assert_null(secbpf_policy_warning_at(pol, 7));
	cr_assert_null(secbpf_policy_warning_at(NULL, 0));
	cr_assert_eq(secbpf_policy_warning_total(NULL, NULL), 0);
	secbpf_policy_free(pol);
}

/*
 * 300 names no arch knows, a rule repeating an argument and one overlap:
 * the cap leaves out unknown names, never the overlap, and says so.
 */
Test(warnings, the_cap_keeps_the_more_important)
{
	size_t len = 65536, off = 0;
	char *json = malloc(len);
	struct secbpf_policy *pol;
	const struct secbpf_warning *w;
	size_t n;

	cr_assert(json);
	off += (size_t)snprintf(json + off, len - off,
				"{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
				"\"architectures\": "
				"[\"SCMP_ARCH_X86_64\"], \"syscalls\": ["
				"{\"names\": [\"read\"], \"action\": "
				"\"SCMP_ACT_ALLOW\", "
				"\"args\": [{\"index\": 0, \"value\": 1, "
				"\"op\": "
				"\"SCMP_CMP_EQ\"}, {\"index\": 0, \"value\": "
				"2, \"op\": "
				"\"SCMP_CMP_EQ\"}]},"
				"{\"names\": [\"read\"], \"action\": "
				"\"SCMP_ACT_TRAP\", "
				"\"args\": [{\"index\": 0, \"value\": 2, "
				"\"op\": "
				"\"SCMP_CMP_GE\"}]},"
				"{\"action\": \"SCMP_ACT_LOG\", \"names\": [");
	for (int i = 0; i < 300; i++)
		off += (size_t)snprintf(json + off, len - off, "%s\"nosuch%d\"",
					i ? ", " : "", i);
	snprintf(json + off, len - off, "]}]}");
	pol = policy_for(json);
	n = secbpf_policy_warning_count(pol);
	cr_assert_eq(n, SB_IR_MAX_WARNINGS);
	/* written first, kept first */
	w = secbpf_policy_warning_at(pol, 0);
	cr_assert_str_eq(w->code, "repeated-arg");
	/* written last of all, kept */
	w = secbpf_policy_warning_at(pol, n - 2);
	cr_assert_str_eq(w->code, "overlap", "%s", w->message);
	w = secbpf_policy_warning_at(pol, n - 1);
	cr_assert_str_eq(w->code, "left-out");
	cr_assert_eq(w->severity, SECBPF_SEVERITY_NOTE);
	cr_assert_str_eq(w->pointer, "");
	cr_assert_str_eq(w->message, "47 more warnings left out: 47 "
				     "unknown-name");
	/* the unknown names kept are the first ones */
	w = secbpf_policy_warning_at(pol, n - 3);
	cr_assert_str_eq(w->pointer, "/syscalls/2/names/252");
	/* the count of a code says how many were found in all */
	cr_assert_eq(secbpf_policy_warning_total(pol, "unknown-name"), 300);
	cr_assert_eq(secbpf_policy_warning_total(pol, "overlap"), 1);
	cr_assert_eq(secbpf_policy_warning_total(pol, NULL), 303);
	secbpf_policy_free(pol);
	free(json);
}

/* Overlaps: one warning per pair of profile rules, over all arches. */
Test(warnings, one_overlap_warning_per_pair)
{
	struct secbpf_policy *pol = policy_for(
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": "
		"[\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\", \"SCMP_ARCH_X32\"], "
		"\"syscalls\": ["
		"{\"names\": [\"ioctl\"], \"action\": \"SCMP_ACT_ALLOW\", "
		"\"args\": [{\"index\": 1, \"value\": 7, \"op\": "
		"\"SCMP_CMP_LE\"}]},"
		"{\"names\": [\"ioctl\"], \"action\": \"SCMP_ACT_LOG\", "
		"\"args\": [{\"index\": 1, \"value\": 3, \"op\": "
		"\"SCMP_CMP_GE\"}]},"
		"{\"names\": [\"ioctl\"], \"action\": \"SCMP_ACT_TRAP\", "
		"\"args\": [{\"index\": 1, \"value\": 5, \"op\": "
		"\"SCMP_CMP_EQ\"}]}]}");

	/* (0, 1), (0, 2), (1, 2); x32 repeats x86_64's and is not looked
	 * at again; x86's are the same pairs */
	cr_assert_eq(secbpf_policy_warning_total(pol, "overlap"), 3);
	cr_assert_eq(secbpf_policy_warning_count(pol), 3);
	cr_assert_eq(pol->noverlap, 6, "x86_64 and x86: three each");
	cr_assert(strstr(secbpf_policy_warning(pol, 0), "/syscalls/0: rules "
							"for 'ioctl' overlap "
							"with "
							"different actions "
							"(ALLOW, LOG in "
							"/syscalls/1): "
							"ioctl(0, 0x3) matches "
							"both and gets ALLOW "
							"(libseccomp's rule "
							"order decides)"),
		  "%s", secbpf_policy_warning(pol, 0));
	secbpf_policy_free(pol);
}

Test(warnings, builder_as_data)
{
	const struct secbpf_arch *x86_64 = secbpf_arch_lookup("x86_64");
	struct secbpf_builder *b = NULL;
	struct secbpf_policy *pol = NULL;
	struct secbpf_error err;
	const struct secbpf_warning *w;

	cr_assert_eq(secbpf_builder_new(SECBPF_RET_ERRNO(9000), NULL, &b, &err),
		     0, "%s", err.message);
	cr_assert_eq(secbpf_builder_add_arch(b, x86_64, &err), 0);
	/* an arm call x86_64 lacks */
	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_ALLOW,
					     "arm_fadvise64_64", NULL, 0, &err),
		     0, "%s", err.message);
	cr_assert_eq(secbpf_builder_build(b, &pol, &err), 0, "%s", err.message);
	cr_assert_eq(secbpf_policy_warning_count(pol), 2);
	w = secbpf_policy_warning_at(pol, 0);
	cr_assert_str_eq(w->code, "errno-capped");
	cr_assert_str_eq(w->pointer, "");
	cr_assert(strstr(w->message, "default action: errno 9000"), "%s",
		  w->message);
	w = secbpf_policy_warning_at(pol, 1);
	cr_assert_str_eq(w->code, "unknown-name");
	cr_assert_str_eq(w->message, "rule 0: unknown syscall "
				     "'arm_fadvise64_64' ignored: no target "
				     "architecture has it");
	secbpf_policy_free(pol);
	secbpf_builder_free(b);
}

/*
 * The writer without printf (sb_ir_warn_cat, for unknown names): pieces
 * joined into the message and the pointer, no pointer is "", and a name
 * no arch has is warned once, at the first rule naming it.
 */
Test(warnings, joined_from_pieces)
{
	struct secbpf_policy *pol = policy_for(
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": "
		"[\"SCMP_ARCH_X86_64\"], \"syscalls\": ["
		"{\"names\": [\"read\", \"nosuch\"], \"action\": "
		"\"SCMP_ACT_ALLOW\"},"
		"{\"names\": [\"write\", \"other\", \"nosuch\"], \"action\": "
		"\"SCMP_ACT_LOG\"}]}");
	const char *ptr[] = {"/a", "/", "12", NULL};
	const char *msg[] = {"one", " ", "two", "", NULL};
	const struct secbpf_warning *w;

	cr_assert_eq(secbpf_policy_warning_count(pol), 2);
	w = secbpf_policy_warning_at(pol, 0);
	cr_assert_str_eq(w->code, "unknown-name");
	cr_assert_str_eq(w->pointer, "/syscalls/0/names/1");
	cr_assert_str_eq(w->message, "/syscalls/0: unknown syscall 'nosuch' "
				     "ignored: no target architecture has it");
	w = secbpf_policy_warning_at(pol, 1);
	cr_assert_str_eq(w->pointer, "/syscalls/1/names/1");
	cr_assert_str_eq(w->message, "/syscalls/1: unknown syscall 'other' "
				     "ignored: no target architecture has it");
	cr_assert_eq(secbpf_policy_warning_total(pol, "unknown-name"), 2);

	cr_assert_eq(sb_ir_warn_cat(pol, SB_WARN_UNKNOWN_NAME, ptr, msg), 0);
	cr_assert_eq(sb_ir_warn_cat(pol, SB_WARN_REPEATED_ARG, NULL, msg), 0);
	cr_assert_eq(secbpf_policy_warning_count(pol), 4);
	w = secbpf_policy_warning_at(pol, 2);
	cr_assert_str_eq(w->code, "unknown-name");
	cr_assert_str_eq(w->pointer, "/a/12");
	cr_assert_str_eq(w->message, "one two");
	w = secbpf_policy_warning_at(pol, 3);
	cr_assert_str_eq(w->code, "repeated-arg");
	cr_assert_str_eq(w->pointer, "");
	cr_assert_str_eq(w->message, "one two");
	secbpf_policy_free(pol);
}
