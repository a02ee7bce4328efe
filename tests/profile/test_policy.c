// SPDX-License-Identifier: LGPL-2.1-or-later
/* The IR builder: numbers per arch, multiplexers, dropped rules, warnings. */
#include <errno.h>

#include "helpers.h"

static struct secbpf_policy *
policy_for(const char *json, const char *const *arches, size_t narches)
{
	struct secbpf_profile *p = load_ok(json);
	struct secbpf_profile *r =
		resolve_ok(p, arches, narches, NULL, 0, false);
	struct secbpf_policy *pol = NULL;
	struct secbpf_error err;

	cr_assert_eq(secbpf_policy_new(r, NULL, &pol, &err), 0, "%s",
		     err.message);
	secbpf_profile_free(r);
	secbpf_profile_free(p);
	return pol;
}

static const struct sb_ir_syscall *find_nr(const struct sb_ir_arch *a,
					   uint32_t nr)
{
	for (size_t i = 0; i < a->nsys; i++)
		if (a->sys[i].nr == nr)
			return &a->sys[i];
	return NULL;
}

static bool has_warning(const struct secbpf_policy *pol, const char *text)
{
	for (size_t i = 0; i < secbpf_policy_warning_count(pol); i++)
		if (strstr(secbpf_policy_warning(pol, i), text))
			return true;
	return false;
}

#define ERRNO_PROFILE(rules)                                                   \
	"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [" rules "]}"

Test(policy, numbers_per_arch_sorted_and_in_profile_order)
{
	const char *const arches[] = {"x86_64", "x86", "aarch64"};
	struct secbpf_policy *pol =
		policy_for(ERRNO_PROFILE("{\"names\": [\"write\", \"read\"], "
					 "\"action\": "
					 "\"SCMP_ACT_ALLOW\"},"
					 "{\"names\": [\"read\"], \"action\": "
					 "\"SCMP_ACT_LOG\", \"args\": "
					 "[{\"index\": 0, "
					 "\"value\": 3, \"op\": "
					 "\"SCMP_CMP_EQ\"}]}"),
			   arches, 3);
	const struct sb_ir_syscall *s;

	cr_assert_eq(pol->narch, 3);
	cr_assert_str_eq(secbpf_arch_name(pol->arch[0].arch), "x86_64");
	cr_assert_str_eq(secbpf_arch_name(pol->arch[2].arch), "aarch64");
	/* x86_64: read 0, write 1; rules in profile order */
	cr_assert_eq(pol->arch[0].nsys, 2);
	cr_assert_eq(pol->arch[0].sys[0].nr, 0);
	cr_assert_str_eq(pol->arch[0].sys[0].name, "read");
	s = &pol->arch[0].sys[0];
	cr_assert_eq(s->nrules, 2);
	cr_assert_eq(s->rules[0].action, SECBPF_RET_ALLOW);
	cr_assert_eq(s->rules[0].ncond, 0);
	cr_assert_eq(s->rules[1].action, SECBPF_RET_LOG);
	cr_assert_eq(s->rules[1].ncond, 1);
	cr_assert_eq(s->rules[1].cond[0].arg, 0);
	cr_assert_eq(s->rules[1].cond[0].op, SB_OP_EQ);
	cr_assert_eq(s->rules[1].cond[0].value, 3);
	/* x86: read 3, write 4; aarch64: read 63, write 64 */
	cr_assert_not_null(find_nr(&pol->arch[1], 3));
	cr_assert_not_null(find_nr(&pol->arch[1], 4));
	cr_assert_not_null(find_nr(&pol->arch[2], 63));
	cr_assert_eq(pol->arch[2].max_named_nr, 64);
	cr_assert_eq(pol->default_action, SECBPF_RET_ERRNO(1));
	/* the LOG rule on read can never win over the unconditional ALLOW:
	 * one overlap warning (the compiler's analysis) */
	cr_assert_eq(secbpf_policy_warning_count(pol), 1);
	cr_assert(strstr(secbpf_policy_warning(pol, 0), "'read' overlap"));
	secbpf_policy_free(pol);
}

Test(policy, socketcall_and_ipc_on_x86)
{
	const char *const arches[] = {"x86", "x86_64"};
	struct secbpf_policy *pol =
		policy_for(ERRNO_PROFILE("{\"names\": [\"socket\"], "
					 "\"action\": "
					 "\"SCMP_ACT_ALLOW\", \"args\": "
					 "[{\"index\": 0, "
					 "\"value\": 16, \"op\": "
					 "\"SCMP_CMP_NE\"}, {\"index\": "
					 "2, \"value\": 9, \"op\": "
					 "\"SCMP_CMP_EQ\"}]},"
					 "{\"names\": [\"shmget\", "
					 "\"accept\"], \"action\": "
					 "\"SCMP_ACT_TRAP\"}"),
			   arches, 2);
	const struct sb_ir_arch *x86 = &pol->arch[0], *x64 = &pol->arch[1];
	const struct sb_ir_syscall *s;

	/* direct socket (359): the user's conditions as written */
	s = find_nr(x86, 359);
	cr_assert_not_null(s);
	cr_assert_eq(s->nrules, 1);
	cr_assert_eq(s->rules[0].ncond, 2);
	cr_assert_eq(s->rules[0].cond[0].op, SB_OP_NE);
	/* socketcall (102): arg0 == SYS_SOCKET (1) replaces the user's arg0
	 * check, the arg2 check stays */
	s = find_nr(x86, 102);
	cr_assert_not_null(s);
	cr_assert_str_eq(s->name, "socketcall");
	cr_assert_eq(s->nrules, 2);
	cr_assert_eq(s->rules[0].ncond, 2);
	cr_assert_eq(s->rules[0].cond[0].arg, 0);
	cr_assert_eq(s->rules[0].cond[0].op, SB_OP_EQ);
	cr_assert_eq(s->rules[0].cond[0].value, 1);
	cr_assert_eq(s->rules[0].cond[1].arg, 2);
	cr_assert_eq(s->rules[0].cond[1].value, 9);
	/* accept has no direct number on x86: socketcall SYS_ACCEPT (5) */
	cr_assert_eq(s->rules[1].action, SECBPF_RET_TRAP);
	cr_assert_eq(s->rules[1].ncond, 1);
	cr_assert_eq(s->rules[1].cond[0].value, 5);
	/* shmget: direct 395 and ipc (117) with SHMGET (23) */
	cr_assert_not_null(find_nr(x86, 395));
	s = find_nr(x86, 117);
	cr_assert_not_null(s);
	cr_assert_eq(s->rules[0].cond[0].value, 23);
	/* max_named_nr counts direct numbers only */
	cr_assert_eq(x86->max_named_nr, 395);
	/* x86_64 multiplexes nothing */
	cr_assert_eq(x64->nsys, 3);
	cr_assert_not_null(find_nr(x64, 41));
	cr_assert_not_null(find_nr(x64, 43));
	cr_assert_not_null(find_nr(x64, 29));
	cr_assert_eq(secbpf_policy_warning_count(pol), 0);
	secbpf_policy_free(pol);
}

Test(policy, unknown_names_warn_once)
{
	const char *const arches[] = {"x86_64", "x86"};
	struct secbpf_policy *pol =
		policy_for(ERRNO_PROFILE("{\"names\": [\"nosuchcall\", "
					 "\"_llseek\", "
					 "\"read\"], \"action\": "
					 "\"SCMP_ACT_ALLOW\"},"
					 "{\"names\": [\"nosuchcall\", "
					 "\"other\"], "
					 "\"action\": \"SCMP_ACT_LOG\"}"),
			   arches, 2);

	/* _llseek exists on x86 only: no warning, skipped on x86_64 */
	cr_assert_eq(pol->arch[0].nsys, 1);
	cr_assert_not_null(find_nr(&pol->arch[1], 140));
	cr_assert_eq(secbpf_policy_warning_count(pol), 2);
	cr_assert(strstr(secbpf_policy_warning(pol, 0), "/syscalls/0: unknown "
							"syscall "
							"'nosuchcall'"));
	cr_assert(strstr(secbpf_policy_warning(pol, 1), "/syscalls/1: unknown "
							"syscall 'other'"));
	cr_assert_null(secbpf_policy_warning(pol, 2));
	secbpf_policy_free(pol);
}

Test(policy, rules_equal_to_default_dropped)
{
	const char *const arches[] = {"x86_64"};
	struct secbpf_policy *pol = policy_for(
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": "
		"1,"
		" \"syscalls\": ["
		"{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\"},"
		"{\"names\": [\"write\"], \"action\": \"SCMP_ACT_ERRNO\", "
		"\"errnoRet\": 1},"
		"{\"names\": [\"open\"], \"action\": \"SCMP_ACT_ERRNO\", "
		"\"errnoRet\": 2},"
		"{\"names\": [\"pwritev2\"], \"action\": \"SCMP_ACT_ERRNO\", "
		"\"errno\": \"EPERM\", \"args\": [{\"index\": 1, \"op\": "
		"\"SCMP_CMP_EQ\"}]}]}",
		arches, 1);

	cr_assert_eq(pol->arch[0].nsys, 1);
	cr_assert_eq(pol->arch[0].sys[0].nr, 2);
	cr_assert_eq(pol->arch[0].sys[0].rules[0].action, SECBPF_RET_ERRNO(2));
	/* dropped rules still count for the ENOSYS maximum */
	cr_assert_eq(pol->arch[0].max_named_nr, 328);
	secbpf_policy_free(pol);

	pol = policy_for("{\"defaultAction\": \"SCMP_ACT_KILL\", \"syscalls\": "
			 "[{\"names\": [\"read\"], \"action\": "
			 "\"SCMP_ACT_KILL_THREAD\"}]}",
			 arches, 1);
	cr_assert_eq(pol->arch[0].nsys, 0, "KILL and KILL_THREAD are equal");
	secbpf_policy_free(pol);
}

static struct secbpf_policy *
policy_opts_for(const char *json, const char *const *arches, size_t narches,
		const struct secbpf_policy_opts *opts)
{
	struct secbpf_profile *p = load_ok(json);
	struct secbpf_profile *r =
		resolve_ok(p, arches, narches, NULL, 0, false);
	struct secbpf_policy *pol = NULL;
	struct secbpf_error err;

	cr_assert_eq(secbpf_policy_new(r, opts, &pol, &err), 0, "%s",
		     err.message);
	secbpf_profile_free(r);
	secbpf_profile_free(p);
	return pol;
}

static void assert_cond(const struct sb_rule *r, unsigned i, unsigned arg,
			unsigned op, uint64_t value)
{
	cr_assert_gt(r->ncond, i);
	cr_assert_eq(r->cond[i].arg, arg);
	cr_assert_eq(r->cond[i].op, op);
	cr_assert_eq(r->cond[i].value, value);
}

#define RANGE_ON_ARG0                                                          \
	ERRNO_PROFILE("{\"names\": [\"read\"], \"action\": "                   \
		      "\"SCMP_ACT_ALLOW\", \"args\": ["                        \
		      "{\"index\": 0, \"value\": 1, \"op\": "                  \
		      "\"SCMP_CMP_GE\"},"                                      \
		      "{\"index\": 0, \"value\": 9, \"op\": "                  \
		      "\"SCMP_CMP_LE\"}]}")

Test(policy, conditions_repeating_an_argument_are_split)
{
	const char *const arches[] = {"x86_64"};
	struct secbpf_policy *pol = policy_for(RANGE_ON_ARG0, arches, 1);
	const struct sb_ir_syscall *s = &pol->arch[0].sys[0];

	/* as runc, crun and containers/common: one rule per condition, in
	 * order, with the rule's action (arg0 >= 1 OR arg0 <= 9) */
	cr_assert_eq(s->nrules, 2);
	for (unsigned i = 0; i < 2; i++) {
		cr_assert_eq(s->rules[i].action, SECBPF_RET_ALLOW);
		cr_assert_eq(s->rules[i].ncond, 1);
		cr_assert_eq(s->rules[i].origin, 0);
	}
	assert_cond(&s->rules[0], 0, 0, SB_OP_GE, 1);
	assert_cond(&s->rules[1], 0, 0, SB_OP_LE, 9);
	cr_assert(has_warning(pol, "/syscalls/0: several conditions on "
				   "argument 0: each condition is a rule of "
				   "its own (OR)"));
	secbpf_policy_free(pol);

	/* indexes 0, 0, 1: every condition is split, the one on argument 1
	 * too; a condition equal to an earlier one adds nothing; the rules
	 * of the next profile rule follow */
	pol = policy_for(ERRNO_PROFILE("{\"names\": [\"pread64\"], \"action\": "
				       "\"SCMP_ACT_ERRNO\", \"errnoRet\": 5, "
				       "\"args\": ["
				       "{\"index\": 0, \"value\": 3, \"op\": "
				       "\"SCMP_CMP_EQ\"},"
				       "{\"index\": 0, \"value\": 4, \"op\": "
				       "\"SCMP_CMP_EQ\"},"
				       "{\"index\": 0, \"value\": 3, \"op\": "
				       "\"SCMP_CMP_EQ\"},"
				       "{\"index\": 1, \"value\": 7, \"op\": "
				       "\"SCMP_CMP_NE\"}]},"
				       "{\"names\": [\"pread64\"], \"action\": "
				       "\"SCMP_ACT_LOG\", \"args\": ["
				       "{\"index\": 0, \"value\": 8, \"op\": "
				       "\"SCMP_CMP_EQ\"},"
				       "{\"index\": 1, \"value\": 8, \"op\": "
				       "\"SCMP_CMP_EQ\"}]}"),
			 arches, 1);
	s = &pol->arch[0].sys[0];
	cr_assert_eq(s->nr, 17);
	cr_assert_eq(s->nrules, 4);
	assert_cond(&s->rules[0], 0, 0, SB_OP_EQ, 3);
	assert_cond(&s->rules[1], 0, 0, SB_OP_EQ, 4);
	assert_cond(&s->rules[2], 0, 1, SB_OP_NE, 7);
	for (unsigned i = 0; i < 3; i++) {
		cr_assert_eq(s->rules[i].ncond, 1);
		cr_assert_eq(s->rules[i].action, SECBPF_RET_ERRNO(5));
	}
	/* distinct arguments: one rule, ANDed, no warning about it */
	cr_assert_eq(s->rules[3].action, SECBPF_RET_LOG);
	cr_assert_eq(s->rules[3].ncond, 2);
	cr_assert_eq(s->rules[3].origin, 1);
	cr_assert(has_warning(pol, "/syscalls/0: several conditions"));
	cr_assert_not(has_warning(pol, "/syscalls/1:"));
	secbpf_policy_free(pol);
}

Test(policy, and_repeated_args_keeps_the_conditions_anded)
{
	const char *const arches[] = {"x86_64"};
	struct secbpf_policy_opts o = {.sz = sizeof(o), .and_repeated_args = 1};
	struct secbpf_policy *pol =
		policy_opts_for(RANGE_ON_ARG0, arches, 1, &o);
	const struct sb_rule *r = &pol->arch[0].sys[0].rules[0];

	cr_assert_eq(pol->arch[0].sys[0].nrules, 1);
	cr_assert_eq(r->ncond, 2);
	assert_cond(r, 0, 0, SB_OP_GE, 1);
	assert_cond(r, 1, 0, SB_OP_LE, 9);
	cr_assert(has_warning(pol, "/syscalls/0: several conditions on "
				   "argument 0 are ANDed"));
	secbpf_policy_free(pol);

	/* a caller built against the older struct (sz ends before the
	 * member) gets the default, whatever lies beyond */
	o.sz = offsetof(struct secbpf_policy_opts, and_repeated_args);
	pol = policy_opts_for(RANGE_ON_ARG0, arches, 1, &o);
	cr_assert_eq(pol->arch[0].sys[0].nrules, 2);
	secbpf_policy_free(pol);
	/* and 0 is the default too */
	o.sz = sizeof(o);
	o.and_repeated_args = 0;
	pol = policy_opts_for(RANGE_ON_ARG0, arches, 1, &o);
	cr_assert_eq(pol->arch[0].sys[0].nrules, 2);
	secbpf_policy_free(pol);
}

Test(policy, split_rules_through_a_multiplexer)
{
	/* socket on x86: each part of the split goes to the direct call as
	 * it is, and to socketcall with argument 0 pinned to SYS_SOCKET (a
	 * part testing argument 0 keeps nothing else), as libseccomp
	 * expands each of the rules runc hands it */
	const char *const arches[] = {"x86"};
	const char *json = ERRNO_PROFILE("{\"names\": [\"socket\"], "
					 "\"action\": \"SCMP_ACT_ALLOW\", "
					 "\"args\": ["
					 "{\"index\": 0, \"value\": 1, \"op\": "
					 "\"SCMP_CMP_EQ\"},"
					 "{\"index\": 0, \"value\": 10, "
					 "\"op\": "
					 "\"SCMP_CMP_EQ\"},"
					 "{\"index\": 2, \"value\": 9, \"op\": "
					 "\"SCMP_CMP_EQ\"}]}");
	struct secbpf_policy_opts o = {.sz = sizeof(o), .and_repeated_args = 1};
	struct secbpf_policy *pol = policy_for(json, arches, 1);
	const struct sb_ir_syscall *s = find_nr(&pol->arch[0], 359);

	cr_assert_not_null(s);
	cr_assert_eq(s->nrules, 3);
	assert_cond(&s->rules[0], 0, 0, SB_OP_EQ, 1);
	assert_cond(&s->rules[1], 0, 0, SB_OP_EQ, 10);
	assert_cond(&s->rules[2], 0, 2, SB_OP_EQ, 9);
	s = find_nr(&pol->arch[0], 102);
	cr_assert_not_null(s);
	cr_assert_eq(s->nrules, 3);
	cr_assert_eq(s->rules[0].ncond, 1);
	assert_cond(&s->rules[0], 0, 0, SB_OP_EQ, 1);
	cr_assert_eq(s->rules[1].ncond, 1);
	assert_cond(&s->rules[1], 0, 0, SB_OP_EQ, 1);
	cr_assert_eq(s->rules[2].ncond, 2);
	assert_cond(&s->rules[2], 0, 0, SB_OP_EQ, 1);
	assert_cond(&s->rules[2], 1, 2, SB_OP_EQ, 9);
	cr_assert_eq(pol->arch[0].max_named_nr, 359);
	secbpf_policy_free(pol);

	/* ANDed: one rule each, the multiplexer's without the user's
	 * argument 0 checks */
	pol = policy_opts_for(json, arches, 1, &o);
	s = find_nr(&pol->arch[0], 359);
	cr_assert_eq(s->nrules, 1);
	cr_assert_eq(s->rules[0].ncond, 3);
	s = find_nr(&pol->arch[0], 102);
	cr_assert_eq(s->nrules, 1);
	cr_assert_eq(s->rules[0].ncond, 2);
	secbpf_policy_free(pol);
}

Test(policy, split_rule_equal_to_the_default_is_dropped)
{
	const char *const arches[] = {"x86_64"};
	struct secbpf_policy *pol =
		policy_for(ERRNO_PROFILE("{\"names\": [\"pwritev2\"], "
					 "\"action\": \"SCMP_ACT_ERRNO\", "
					 "\"args\": ["
					 "{\"index\": 0, \"value\": 1, \"op\": "
					 "\"SCMP_CMP_EQ\"},"
					 "{\"index\": 0, \"value\": 2, \"op\": "
					 "\"SCMP_CMP_EQ\"}]}"),
			   arches, 1);

	/* every part carries the default action: nothing is left, but the
	 * name still counts for the ENOSYS maximum */
	cr_assert_eq(pol->arch[0].nsys, 0);
	cr_assert_eq(pol->arch[0].max_named_nr, 328);
	secbpf_policy_free(pol);
}

Test(policy, flags_listener_badarch_default)
{
	const char *const arches[] = {"x86_64"};
	struct secbpf_profile *p = load_ok("{\"defaultAction\": "
					   "\"SCMP_ACT_KILL_PROCESS\", "
					   "\"flags\": "
					   "[\"SECCOMP_FILTER_FLAG_LOG\", "
					   "\"SECCOMP_FILTER_FLAG_SPEC_ALLOW\"]"
					   ", \"listenerPath\": "
					   "\"/run/a.sock\", \"syscalls\": "
					   "[{\"names\": [\"read\"], "
					   "\"action\": "
					   "\"SCMP_ACT_NOTIFY\"}]}");
	struct secbpf_profile *r = resolve_ok(p, arches, 1, NULL, 0, false);
	struct secbpf_policy_opts o = {
		.sz = sizeof(o),
		.badarch_action = SECBPF_RET_ERRNO(38),
		.badarch_set = true,
	};
	struct secbpf_policy *pol;
	struct secbpf_error err;

	cr_assert_eq(secbpf_policy_new(r, NULL, &pol, &err), 0);
	cr_assert_eq(secbpf_policy_flags(pol), 2 | 4);
	cr_assert(secbpf_policy_flags_set(pol));
	cr_assert_str_eq(secbpf_policy_listener_path(pol), "/run/a.sock");
	cr_assert_eq(secbpf_policy_default_action(pol),
		     SECBPF_RET_KILL_PROCESS);
	cr_assert_eq(pol->badarch_action, SECBPF_RET_KILL_THREAD);
	cr_assert_eq(pol->arch[0].sys[0].rules[0].action,
		     SECBPF_RET_USER_NOTIF);
	secbpf_policy_free(pol);
	cr_assert_eq(secbpf_policy_new(r, &o, &pol, &err), 0);
	cr_assert_eq(pol->badarch_action, SECBPF_RET_ERRNO(38));
	secbpf_policy_free(pol);
	secbpf_profile_free(r);
	secbpf_profile_free(p);

	/* no flags field at all: not set (runtimes then use SPEC_ALLOW) */
	pol = policy_for(ERRNO_PROFILE(""), arches, 1);
	cr_assert_not(secbpf_policy_flags_set(pol));
	cr_assert_eq(secbpf_policy_flags(pol), 0);
	cr_assert_null(secbpf_policy_listener_path(pol));
	secbpf_policy_free(pol);
}

Test(policy, errno_above_4095_capped)
{
	const char *const arches[] = {"x86_64"};
	struct secbpf_policy *pol =
		policy_for(ERRNO_PROFILE("{\"names\": [\"syslog\"], "
					 "\"action\": "
					 "\"SCMP_ACT_ERRNO\", \"errnoRet\": "
					 "12345},"
					 "{\"names\": [\"read\"], \"action\": "
					 "\"SCMP_ACT_TRACE\", \"errnoRet\": "
					 "12345}"),
			   arches, 1);

	cr_assert_eq(find_nr(&pol->arch[0], 103)->rules[0].action,
		     SECBPF_RET_ERRNO(4095));
	/* trace data is not an errno: kept */
	cr_assert_eq(find_nr(&pol->arch[0], 0)->rules[0].action,
		     SECBPF_RET_TRACE(12345));
	cr_assert(has_warning(pol, "/syscalls/0: errno 12345 is above 4095"));
	secbpf_policy_free(pol);
}

Test(policy, x32_numbers_carry_bit_30)
{
	const char *const arches[] = {"x86_64", "x32"};
	struct secbpf_policy *pol = policy_for(ERRNO_PROFILE("{\"names\": "
							     "[\"read\"], "
							     "\"action\": "
							     "\"SCMP_ACT_"
							     "ALLOW\"}"),
					       arches, 2);

	cr_assert_eq(pol->arch[1].sys[0].nr, 0x40000000U);
	cr_assert_eq(pol->arch[1].max_named_nr, 0x40000000U);
	secbpf_policy_free(pol);
}

Test(policy, unresolved_and_disabled_profiles)
{
	struct secbpf_profile *p;
	struct secbpf_policy *pol;
	struct secbpf_error err;

	/* a profile straight from a file is resolved for this host */
	p = load_ok(ERRNO_PROFILE("{\"names\": [\"read\"], \"action\": "
				  "\"SCMP_ACT_ALLOW\"}"));
	if (secbpf_arch_native()) {
		cr_assert_eq(secbpf_policy_new(p, NULL, &pol, &err), 0);
		cr_assert_eq(pol->arch[0].arch, secbpf_arch_native());
		secbpf_policy_free(pol);
	}
	secbpf_profile_free(p);

	p = load_ok("{}");
	cr_assert_eq(secbpf_policy_new(p, NULL, &pol, &err), -EINVAL);
	cr_assert(strstr(err.message, "defaultAction"), "%s", err.message);
	cr_assert_null(pol);
	secbpf_profile_free(p);
	cr_assert_eq(secbpf_policy_new(NULL, NULL, &pol, &err), -EINVAL);
	secbpf_policy_free(NULL);
	cr_assert_eq(secbpf_policy_warning_count(NULL), 0);
}

Test(policy, unknown_flag_from_a_built_profile)
{
	const char *const arches[] = {"x86_64"};
	struct secbpf_profile *p = load_ok(ERRNO_PROFILE(""));
	struct secbpf_profile *r = resolve_ok(p, arches, 1, NULL, 0, false);
	struct secbpf_policy *pol;
	struct secbpf_error err;

	static char bogus[] = "SECCOMP_FILTER_FLAG_BOGUS";
	static char *flags[] = {bogus};

	/* the parser refuses unknown flags; a profile changed in memory
	 * gets the same answer from the IR builder (the profile's memory is
	 * its pool's: static storage here, which freeing leaves alone) */
	r->flags = flags;
	r->nflags = 1;
	r->flags_set = true;
	cr_assert_eq(secbpf_policy_new(r, NULL, &pol, &err), -EINVAL);
	cr_assert_str_eq(err.pointer, "/flags/0");
	secbpf_profile_free(r);
	secbpf_profile_free(p);
}

Test(policy, is_enabled_answers)
{
	/* only that it answers without side effects; the value depends on
	 * the kernel (and is false under qemu-user) */
	bool a = secbpf_is_enabled(), b = secbpf_is_enabled();

	cr_assert_eq(a, b);
}

Test(policy, ir_size_is_bounded)
{
	const char *const arches[] = {"x86_64", "x86",	 "x32",	 "aarch64",
				      "arm",	"s390x", "s390", "ppc64le"};
	size_t cap = 4 * 4096 * 10 + 1024, o;
	char *big = malloc(cap);
	struct secbpf_profile *p, *r;
	struct secbpf_policy *pol = NULL;
	struct secbpf_error err;

	cr_assert_not_null(big);
	o = (size_t)sprintf(big, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
				 "\"syscalls\": [");
	for (int k = 0; k < 4; k++) {
		o += (size_t)sprintf(big + o, "%s{\"names\": [", k ? "," : "");
		for (int i = 0; i < 4096; i++)
			o += (size_t)sprintf(big + o, "%s\"read\"",
					     i ? "," : "");
		o += (size_t)sprintf(big + o, "], \"action\": "
					      "\"SCMP_ACT_ALLOW\"}");
	}
	strcpy(big + o, "]}");
	p = load_ok(big);
	r = resolve_ok(p, arches, 8, NULL, 0, false);
	cr_assert_eq(secbpf_policy_new(r, NULL, &pol, &err), -E2BIG);
	cr_assert(strstr(err.message, "too large"), "%s", err.message);
	cr_assert_null(pol);
	secbpf_profile_free(r);
	secbpf_profile_free(p);
	free(big);
}

Test(policy, check_reports_rules_repeating_an_argument)
{
	struct secbpf_profile *p = load_ok(
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": "
		"[\"SCMP_ARCH_X86_64\"], \"syscalls\": ["
		"{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", "
		"\"args\": [{\"index\": 0, \"value\": 1, \"op\": "
		"\"SCMP_CMP_EQ\"}, {\"index\": 1, \"value\": 1, \"op\": "
		"\"SCMP_CMP_EQ\"}]},"
		"{\"names\": [\"write\"], \"action\": \"SCMP_ACT_ALLOW\", "
		"\"args\": [{\"index\": 2, \"value\": 1, \"op\": "
		"\"SCMP_CMP_GE\"}, {\"index\": 0, \"value\": 1, \"op\": "
		"\"SCMP_CMP_EQ\"}, {\"index\": 2, \"value\": 9, \"op\": "
		"\"SCMP_CMP_LE\"}, {\"index\": 2, \"value\": 5, \"op\": "
		"\"SCMP_CMP_NE\"}]},"
		"{\"names\": [\"mount\"], \"action\": \"SCMP_ACT_ALLOW\", "
		"\"includes\": {\"caps\": [\"CAP_SYS_ADMIN\"]}, "
		"\"args\": [{\"index\": 2, \"value\": 1, \"op\": "
		"\"SCMP_CMP_EQ\"}, {\"index\": 2, \"value\": 2, \"op\": "
		"\"SCMP_CMP_EQ\"}]}]}");
	struct secbpf_finding *f = NULL;
	struct secbpf_error err;
	size_t n = 0, found = 0;

	cr_assert_eq(secbpf_profile_check(p, NULL, &f, &n, &err), 0, "%s",
		     err.message);
	for (size_t i = 0; i < n; i++) {
		if (f[i].kind != SECBPF_FINDING_REPEATED_ARG)
			continue;
		found++;
		cr_assert_str_eq(f[i].code, "repeated-arg");
		cr_assert_not(f[i].note);
		/* one per rule, the rule's pointer; the mount rule only
		 * applies with CAP_SYS_ADMIN and is reported once */
		if (!strcmp(f[i].pointer, "/syscalls/1"))
			cr_assert(strstr(f[i].message, "args/0 and args/2 both "
						       "test argument 2"),
				  "%s", f[i].message);
		else
			cr_assert_str_eq(f[i].pointer, "/syscalls/2");
		cr_assert(strstr(f[i].message, "OR, not AND"), "%s",
			  f[i].message);
	}
	cr_assert_eq(found, 2);
	secbpf_findings_free(f);
	secbpf_profile_free(p);
}

Test(policy, split_rules_are_bounded)
{
	/* 4097 rules of 16 conditions on argument 0: 65552 rules once
	 * split, over the IR's bound, refused before building anything */
	const char *const arches[] = {"x86_64"};
	size_t cap = 4097 * (16 * 48 + 64) + 256, o;
	char *big = malloc(cap);
	struct secbpf_profile *p, *r;
	struct secbpf_policy *pol = NULL;
	struct secbpf_policy_opts po = {.sz = sizeof(po),
					.and_repeated_args = 1};
	struct secbpf_error err;

	cr_assert_not_null(big);
	o = (size_t)sprintf(big, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
				 "\"syscalls\": [");
	for (int k = 0; k < 4097; k++) {
		o += (size_t)sprintf(big + o,
				     "%s{\"names\": [\"read\"], \"action\": "
				     "\"SCMP_ACT_ALLOW\", \"args\": [",
				     k ? "," : "");
		for (int i = 0; i < 16; i++)
			o += (size_t)sprintf(big + o,
					     "%s{\"index\": 0, \"value\": %d, "
					     "\"op\": \"SCMP_CMP_EQ\"}",
					     i ? "," : "", i);
		o += (size_t)sprintf(big + o, "]}");
	}
	strcpy(big + o, "]}");
	cr_assert_lt(o + 3, cap);
	p = load_ok(big);
	r = resolve_ok(p, arches, 1, NULL, 0, false);
	cr_assert_eq(secbpf_policy_new(r, NULL, &pol, &err), -E2BIG);
	cr_assert(strstr(err.message, "too large"), "%s", err.message);
	cr_assert_null(pol);
	/* kept whole, the same profile is 4097 rules */
	cr_assert_eq(secbpf_policy_new(r, &po, &pol, &err), 0, "%s",
		     err.message);
	cr_assert_eq(pol->arch[0].sys[0].nrules, 4097);
	secbpf_policy_free(pol);
	secbpf_profile_free(r);
	secbpf_profile_free(p);
	free(big);
}

Test(policy, notify_warnings)
{
	const char *const arches[] = {"x86_64"};
	struct secbpf_policy *pol = policy_for("{\"defaultAction\": "
					       "\"SCMP_ACT_NOTIFY\", "
					       "\"syscalls\": ["
					       "{\"names\": [\"read\", "
					       "\"write\"], \"action\": "
					       "\"SCMP_ACT_NOTIFY\"}, "
					       "{\"names\": [\"close\"], "
					       "\"action\": "
					       "\"SCMP_ACT_ALLOW\"}]}",
					       arches, 1);

	cr_assert(has_warning(pol, "/defaultAction: runc refuses"));
	cr_assert(has_warning(pol, "/syscalls/0: runc refuses SCMP_ACT_NOTIFY "
				   "for 'write'"));
	cr_assert(has_warning(pol, "without 'listenerPath'"));
	/* the rule equal to the default is dropped, the other kept */
	cr_assert_eq(pol->arch[0].nsys, 1);
	cr_assert_eq(pol->arch[0].sys[0].nr, 3);
	secbpf_policy_free(pol);

	pol = policy_for("{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
			 "\"listenerPath\": \"/s\", \"syscalls\": [{\"names\": "
			 "[\"read\"], \"action\": \"SCMP_ACT_NOTIFY\"}]}",
			 arches, 1);
	cr_assert_eq(secbpf_policy_warning_count(pol), 0);
	secbpf_policy_free(pol);
}
