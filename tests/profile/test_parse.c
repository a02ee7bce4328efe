// SPDX-License-Identifier: LGPL-2.1-or-later
/* Loading profiles: every field, and every kind of error with its place. */
#include <errno.h>
#include <unistd.h>

#include "helpers.h"
#include "profile/profile.h"

/* ---- fields ---- */

Test(fields, default_action_every_action)
{
	static const struct {
		const char *name;
		enum sb_act act;
		uint32_t ret;
	} t[] = {
		{"SCMP_ACT_KILL", SB_ACT_KILL, 0},
		{"SCMP_ACT_KILL_THREAD", SB_ACT_KILL_THREAD, 0},
		{"SCMP_ACT_KILL_PROCESS", SB_ACT_KILL_PROCESS, 0x80000000U},
		{"SCMP_ACT_TRAP", SB_ACT_TRAP, 0x00030000U},
		{"SCMP_ACT_ERRNO", SB_ACT_ERRNO, 0x00050001U},
		{"SCMP_ACT_TRACE", SB_ACT_TRACE, 0x7ff00001U},
		{"SCMP_ACT_LOG", SB_ACT_LOG, 0x7ffc0000U},
		{"SCMP_ACT_ALLOW", SB_ACT_ALLOW, 0x7fff0000U},
		{"SCMP_ACT_NOTIFY", SB_ACT_NOTIFY, 0x7fc00000U},
	};
	char json[128];

	for (size_t i = 0; i < SB_ARRAY_SIZE(t); i++) {
		struct secbpf_profile *p;

		snprintf(json, sizeof(json), "{\"defaultAction\": \"%s\"}",
			 t[i].name);
		p = load_ok(json);
		cr_assert_eq(p->default_act, t[i].act, "%s", t[i].name);
		/* ERRNO and TRACE without a number mean EPERM */
		cr_assert_eq(sb_act_ret(p->default_act, p->default_data),
			     t[i].ret, "%s", t[i].name);
		cr_assert_not(p->default_data_set);
		secbpf_profile_free(p);
	}
}

Test(fields, default_errno_forms)
{
	struct secbpf_profile *p;

	p = load_ok("{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
		    "\"defaultErrnoRet\": 38}");
	cr_assert_eq(p->default_data, 38);
	cr_assert(p->default_data_set);
	secbpf_profile_free(p);

	p = load_ok("{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
		    "\"defaultErrno\": \"ENOSYS\"}");
	cr_assert_eq(p->default_data, ENOSYS);
	secbpf_profile_free(p);

	p = load_ok("{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
		    "\"defaultErrno\": \"13\"}");
	cr_assert_eq(p->default_data, 13);
	secbpf_profile_free(p);

	p = load_ok("{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
		    "\"defaultErrno\": 22}");
	cr_assert_eq(p->default_data, 22);
	secbpf_profile_free(p);

	/* containers/common: defaultErrno wins over defaultErrnoRet */
	p = load_ok("{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
		    "\"defaultErrno\": \"EACCES\", \"defaultErrnoRet\": 1}");
	cr_assert_eq(p->default_data, EACCES);
	secbpf_profile_free(p);
	p = load_ok("{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
		    "\"defaultErrnoRet\": 1, \"defaultErrno\": \"EACCES\"}");
	cr_assert_eq(p->default_data, EACCES);
	secbpf_profile_free(p);

	/* an empty defaultErrno is Go's zero value: not given */
	p = load_ok("{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
		    "\"defaultErrno\": \"\", \"defaultErrnoRet\": 5}");
	cr_assert_eq(p->default_data, 5);
	secbpf_profile_free(p);
}

Test(fields, architectures_and_archmap)
{
	struct secbpf_profile *p;

	p = load_ok("{\"defaultAction\": \"SCMP_ACT_ALLOW\", "
		    "\"architectures\": [\"SCMP_ARCH_X86_64\", "
		    "\"SCMP_ARCH_X86\", \"SCMP_ARCH_NATIVE\"]}");
	cr_assert_eq(p->narches, 3);
	cr_assert_str_eq(p->arches[1], "SCMP_ARCH_X86");
	cr_assert_eq(p->narchmap, 0);
	secbpf_profile_free(p);

	p = load_ok("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"archMap\": ["
		    "{\"architecture\": \"SCMP_ARCH_X86_64\", "
		    "\"subArchitectures\": [\"SCMP_ARCH_X86\", "
		    "\"SCMP_ARCH_X32\"]},"
		    "{\"architecture\": \"SCMP_ARCH_RISCV64\", "
		    "\"subArchitectures\": null}]}");
	cr_assert_eq(p->narchmap, 2);
	cr_assert_str_eq(p->archmap[0].arch, "SCMP_ARCH_X86_64");
	cr_assert_eq(p->archmap[0].nsub, 2);
	cr_assert_str_eq(p->archmap[0].subarches[1], "SCMP_ARCH_X32");
	cr_assert_eq(p->archmap[1].nsub, 0);
	secbpf_profile_free(p);

	/* empty lists are Go's zero values: not a conflict */
	p = load_ok("{\"defaultAction\": \"SCMP_ACT_ALLOW\", "
		    "\"architectures\": [], \"archMap\": [{\"architecture\": "
		    "\"SCMP_ARCH_AARCH64\"}]}");
	cr_assert_eq(p->narchmap, 1);
	secbpf_profile_free(p);
}

Test(fields, rule_names_action_errno)
{
	struct secbpf_profile *p =
		load_ok("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
			"["
			"{\"name\": \"read\", \"action\": \"SCMP_ACT_ALLOW\"},"
			"{\"names\": [\"open\", \"openat\"], \"action\": "
			"\"SCMP_ACT_ERRNO\", \"errnoRet\": 13},"
			"{\"names\": [\"x\"], \"action\": \"SCMP_ACT_ERRNO\", "
			"\"errnoRet\": 13, \"errno\": \"ENOENT\"},"
			"{\"names\": [\"y\"], \"action\": \"SCMP_ACT_TRACE\"},"
			"{\"names\": [\"z\"], \"action\": \"SCMP_ACT_TRACE\", "
			"\"errnoRet\": 65535},"
			"{\"name\": \"\", \"names\": [\"w\"], \"action\": "
			"\"SCMP_ACT_LOG\", \"comment\": \"why\"}]}");

	cr_assert_eq(p->nrules, 6);
	cr_assert_eq(p->rules[0].nnames, 1);
	cr_assert_str_eq(p->rules[0].names[0], "read");
	cr_assert_eq(p->rules[0].act, SB_ACT_ALLOW);
	cr_assert_str_eq(p->rules[0].pointer, "/syscalls/0");
	cr_assert_eq(p->rules[1].nnames, 2);
	cr_assert_str_eq(p->rules[1].names[1], "openat");
	cr_assert_eq(p->rules[1].data, 13);
	cr_assert(p->rules[1].data_set);
	cr_assert_eq(p->rules[2].data, ENOENT, "errno wins over errnoRet");
	cr_assert_eq(p->rules[3].data, EPERM);
	cr_assert_not(p->rules[3].data_set);
	cr_assert_eq(sb_act_ret(p->rules[4].act, p->rules[4].data),
		     0x7ff0ffffU);
	cr_assert_str_eq(p->rules[5].names[0], "w");
	cr_assert_str_eq(p->rules[5].comment, "why");
	secbpf_profile_free(p);
}

Test(fields, args_every_operator)
{
	static const char *const ops[] = {
		NULL,	       "SCMP_CMP_NE",	     "SCMP_CMP_LT",
		"SCMP_CMP_LE", "SCMP_CMP_EQ",	     "SCMP_CMP_GE",
		"SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ",
	};
	char json[512];

	for (int op = SB_OP_NE; op <= SB_OP_MASKED_EQ; op++) {
		struct secbpf_profile *p;

		snprintf(json, sizeof(json),
			 "{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
			 "\"syscalls\": "
			 "[{\"names\": [\"read\"], \"action\": "
			 "\"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 5, "
			 "\"value\": 18446744073709551615, \"valueTwo\": 7, "
			 "\"op\": \"%s\"}, {\"op\": \"SCMP_CMP_EQ\"}]}]}",
			 ops[op]);
		p = load_ok(json);
		cr_assert_eq(p->rules[0].nargs, 2);
		cr_assert_eq(p->rules[0].args[0].index, 5);
		cr_assert_eq(p->rules[0].args[0].op, op);
		cr_assert_eq(p->rules[0].args[0].value, UINT64_MAX);
		cr_assert_eq(p->rules[0].args[0].value2, 7);
		/* absent index and value are 0, as in Go */
		cr_assert_eq(p->rules[0].args[1].index, 0);
		cr_assert_eq(p->rules[0].args[1].value, 0);
		secbpf_profile_free(p);
	}
}

Test(fields, includes_excludes)
{
	struct secbpf_profile *p = load_ok(
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
		"{\"names\": [\"ptrace\"], \"action\": \"SCMP_ACT_ALLOW\", "
		"\"includes\": {\"caps\": [\"CAP_SYS_PTRACE\"], \"arches\": "
		"[\"amd64\", \"x86\"], \"minKernel\": \"4.8\"}, "
		"\"excludes\": {\"caps\": [\"CAP_A\", \"CAP_B\"], \"arches\": "
		"[\"s390x\"], \"minKernel\": \"10.0\"}},"
		"{\"names\": [\"x\"], \"action\": \"SCMP_ACT_ALLOW\", "
		"\"includes\": {}, \"excludes\": {\"minKernel\": \"\"}}]}");
	const struct sb_prof_rule *r = &p->rules[0];

	cr_assert_eq(r->includes.ncaps, 1);
	cr_assert_str_eq(r->includes.caps[0], "CAP_SYS_PTRACE");
	cr_assert_eq(r->includes.narches, 2);
	cr_assert_str_eq(r->includes.arches[0], "amd64");
	cr_assert_eq(r->includes.min_major, 4);
	cr_assert_eq(r->includes.min_minor, 8);
	cr_assert_eq(r->excludes.ncaps, 2);
	cr_assert_str_eq(r->excludes.arches[0], "s390x");
	cr_assert_eq(r->excludes.min_major, 10);
	cr_assert_eq(r->excludes.min_minor, 0);
	cr_assert_eq(p->rules[1].includes.ncaps, 0);
	cr_assert_eq(p->rules[1].excludes.min_major, 0);
	secbpf_profile_free(p);
}

Test(fields, flags_and_listener)
{
	struct secbpf_profile *p;

	p = load_ok("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\": "
		    "[\"SECCOMP_FILTER_FLAG_LOG\", "
		    "\"SECCOMP_FILTER_FLAG_SPEC_ALLOW\", "
		    "\"SECCOMP_FILTER_FLAG_TSYNC\", "
		    "\"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV\"], "
		    "\"listenerPath\": \"/run/agent.sock\", "
		    "\"listenerMetadata\": \"a=b\"}");
	cr_assert(p->flags_set);
	cr_assert_eq(p->nflags, 4);
	cr_assert_str_eq(p->flags[0], "SECCOMP_FILTER_FLAG_LOG");
	cr_assert_str_eq(p->listener_path, "/run/agent.sock");
	cr_assert_str_eq(p->listener_metadata, "a=b");
	secbpf_profile_free(p);

	/* present but empty: "no flags", unlike absent (SPEC_ALLOW) */
	p = load_ok("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\": []}");
	cr_assert(p->flags_set);
	cr_assert_eq(p->nflags, 0);
	secbpf_profile_free(p);
	p = load_ok("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\": null}");
	cr_assert_not(p->flags_set);
	secbpf_profile_free(p);
}

Test(fields, unknown_fields_case_and_null)
{
	/* Go's decoder: unknown fields ignored, keys matched case-
	 * insensitively, null leaves a field at its zero value */
	struct secbpf_profile *p = load_ok(
		"{\"DefaultAction\": \"SCMP_ACT_ERRNO\", \"future\": {\"a\": "
		"[1, 2.5, -3, 1e400, \"x\", null, true]}, \"SYSCALLS\": ["
		"{\"Names\": [\"read\"], \"ACTION\": \"SCMP_ACT_ALLOW\", "
		"\"args\": null, \"comment\": null, \"includes\": null, "
		"\"errnoRet\": null, \"extra\": -1},"
		"{\"names\": [\"write\"], \"action\": \"SCMP_ACT_ALLOW\", "
		"\"args\": [{\"index\": 1, \"op\": \"SCMP_CMP_EQ\", \"x\": "
		"18446744073709551616}]}]}");

	cr_assert_eq(p->default_act, SB_ACT_ERRNO);
	cr_assert_eq(p->nrules, 2);
	cr_assert_str_eq(p->rules[0].names[0], "read");
	cr_assert_eq(p->rules[0].nargs, 0);
	cr_assert_null(p->rules[0].comment);
	cr_assert_eq(p->rules[1].args[0].index, 1);
	secbpf_profile_free(p);
}

Test(fields, empty_profile_disables_seccomp)
{
	struct secbpf_profile *p = load_ok("{}");

	cr_assert_eq(p->default_act, 0);
	cr_assert_eq(p->nrules, 0);
	secbpf_profile_free(p);
	p = load_ok("{\"syscalls\": []}");
	cr_assert_eq(p->default_act, 0);
	secbpf_profile_free(p);
}

Test(fields, oci_linux_seccomp_and_config)
{
	static const char seccomp[] =
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": "
		"1,"
		" \"architectures\": [\"SCMP_ARCH_X86_64\"], \"flags\": "
		"[\"SECCOMP_FILTER_FLAG_LOG\"], \"syscalls\": [{\"names\": "
		"[\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": "
		"[{\"index\": 0, \"value\": 3, \"op\": \"SCMP_CMP_EQ\"}]}]}";
	char config[1024];
	struct secbpf_profile *p;
	struct secbpf_error err;

	p = load_ok(seccomp);
	cr_assert_eq(p->nrules, 1);
	secbpf_profile_free(p);

	/* a whole config.json: load_bytes notices, load_config insists */
	snprintf(config, sizeof(config),
		 "{\"ociVersion\": \"1.0.2\", \"process\": {\"args\": "
		 "[\"sh\"]}, \"linux\": {\"namespaces\": [], \"seccomp\": "
		 "%s}}",
		 seccomp);
	p = load_ok(config);
	cr_assert_eq(p->nrules, 1);
	cr_assert_eq(p->rules[0].args[0].value, 3);
	cr_assert_str_eq(p->rules[0].pointer, "/linux/seccomp/syscalls/0");
	secbpf_profile_free(p);
	cr_assert_eq(secbpf_profile_load_config(config, strlen(config),
						"config.json", &p, &err),
		     0);
	secbpf_profile_free(p);

	cr_assert_eq(secbpf_profile_load_config(seccomp, strlen(seccomp),
						"config.json", &p, &err),
		     -ENOENT);
	cr_assert(strstr(err.message, "linux.seccomp"), "%s", err.message);
	cr_assert_eq(secbpf_profile_load_bytes("{\"ociVersion\": \"1.0\", "
					       "\"linux\": {}}",
					       34, "c.json", &p, &err),
		     -ENOENT);
}

Test(fields, load_from_file)
{
	char path[] = "/tmp/secbpf-test-XXXXXX";
	int fd = mkstemp(path);
	static const char text[] = "{\n  \"defaultAction\": "
				   "\"SCMP_ACT_ERRNO\",\n"
				   "  \"syscalls\": [{\"names\": [\"read\"], "
				   "\"action\": 7}]\n}\n";
	struct secbpf_profile *p = NULL;
	struct secbpf_error err;
	char want[600];

	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, text, sizeof(text) - 1),
		     (ssize_t)sizeof(text) - 1);
	close(fd);
	cr_assert_eq(secbpf_profile_load(path, &p, &err), -EINVAL);
	snprintf(want, sizeof(want), "%s:3:46: /syscalls/0/action: ", path);
	cr_assert(!strncmp(err.message, want, strlen(want)), "%s", err.message);
	cr_assert_str_eq(err.file, path);
	unlink(path);
	cr_assert_eq(secbpf_profile_load(path, &p, &err), -ENOENT);
	cr_assert(strstr(err.message, path));
	cr_assert_eq(secbpf_profile_load("/", &p, &err), -EISDIR);
}

/* ---- errors, each with its place ---- */

#define ERRNO_PROFILE "{\"defaultAction\": \"SCMP_ACT_ERRNO\", "

Test(errors, syntax)
{
	load_err_at("{\"defaultAction\": \"SCMP_ACT_ALLOW\",@}", -EINVAL, "",
		    "invalid JSON");
	load_err_at("{\"a\": 0@1}", -EINVAL, "", "leading zero");
	load_err_at("{\"a\": @NaN}", -EINVAL, "", "invalid JSON");
	load_err_at("{\"a\": 1,\n @// comment\n}", -EINVAL, "", "invalid JSON");
	load_err_at("{\"a\": \"x@", -EINVAL, "", "unterminated string");
	load_err_at("{\"a\": \"x@\ty\"}", -EINVAL, "", "control character");
	load_err_at("{\"a\": [1, 2]@", -EINVAL, "", "end of input");
	load_err_at("{\"a\": \"\\@q\"}", -EINVAL, "", "escape");
	load_err_at("{\"a\": 1} @{}", -EINVAL, "", "after the top-level");
	load_err_at("@", -EINVAL, "", "end of input");
	load_err_at("{\"a\": \"b\"@\0}", -EINVAL, "", "invalid JSON");
}

Test(errors, raw_nul_byte)
{
	static const char text[] = "{\"a\": \0}";
	struct secbpf_profile *p;
	struct secbpf_error err;

	cr_assert_eq(secbpf_profile_load_bytes(text, sizeof(text) - 1, "t.json",
					       &p, &err),
		     -EINVAL);
	cr_assert(strstr(err.message, "t.json:1:7: "), "%s", err.message);
	cr_assert(strstr(err.message, "NUL"), "%s", err.message);
}

Test(errors, nesting_too_deep)
{
	char json[128];
	size_t o = 0;

	o += (size_t)sprintf(json, "{\"x\": ");
	for (int i = 0; i < 15; i++)
		json[o++] = '[';
	json[o++] = '@';
	json[o++] = '[';
	json[o] = '\0';
	/* 1 object + 16 arrays: one level too many */
	load_err_at(json, -EINVAL, "", "deeper than 16");

	/* 16 levels are fine (and ignored: unknown field) */
	strcpy(json, "{\"x\": [[[[[[[[[[[[[[[]]]]]]]]]]]]]]]}");
	secbpf_profile_free(load_ok(json));
}

Test(errors, not_an_object)
{
	load_err_at("@[]", -EINVAL, "", "must be a JSON object");
	load_err_at("  @\"x\"", -EINVAL, "", "must be a JSON object");
	load_err_at("@null", -EINVAL, "", "not null");
}

Test(errors, wrong_types)
{
	load_err_at("{\"defaultAction\": @1}", -EINVAL, "/defaultAction",
		    "must be a string, not a number");
	load_err_at(ERRNO_PROFILE "\"syscalls\": @{}}", -EINVAL, "/syscalls",
		    "must be an array, not an object");
	load_err_at(ERRNO_PROFILE "\"syscalls\": [@3]}", -EINVAL, "/syscalls/0",
		    "must be an object");
	load_err_at(ERRNO_PROFILE "\"syscalls\": [{\"names\": @\"read\"}]}",
		    -EINVAL, "/syscalls/0/names", "must be an array");
	load_err_at(ERRNO_PROFILE "\"syscalls\": [{\"names\": [\"a\", @2]}]}",
		    -EINVAL, "/syscalls/0/names/1", "must be a string");
	load_err_at(ERRNO_PROFILE "\"syscalls\": [{\"names\": [\"a\"], "
				  "\"action\": "
				  "\"SCMP_ACT_ALLOW\", \"args\": [@\"x\"]}]}",
		    -EINVAL, "/syscalls/0/args/0", "must be an object");
	load_err_at(ERRNO_PROFILE "\"syscalls\": [{\"names\": [\"a\"], "
				  "\"action\": "
				  "\"SCMP_ACT_ALLOW\", \"args\": [{\"index\": "
				  "@\"1\"}]}]}",
		    -EINVAL, "/syscalls/0/args/0/index",
		    "must be an unsigned integer, not a string");
	load_err_at(ERRNO_PROFILE "\"syscalls\": [{\"names\": [\"a\"], "
				  "\"action\": "
				  "\"SCMP_ACT_ALLOW\", \"args\": [{\"value\": "
				  "@1.5}]}]}",
		    -EINVAL, "/syscalls/0/args/0/value", "fractional");
	load_err_at(ERRNO_PROFILE "\"syscalls\": [{\"names\": [\"a\"], "
				  "\"action\": "
				  "\"SCMP_ACT_ALLOW\", \"args\": [{\"value\": "
				  "@1e3}]}]}",
		    -EINVAL, "/syscalls/0/args/0/value", "unsigned integer");
	load_err_at(ERRNO_PROFILE "\"syscalls\": [{\"names\": [\"a\"], "
				  "\"action\": "
				  "\"SCMP_ACT_ALLOW\", \"args\": "
				  "[{\"valueTwo\": @true}]}]}",
		    -EINVAL, "/syscalls/0/args/0/valueTwo", "a boolean");
	load_err_at(ERRNO_PROFILE "\"syscalls\": [{\"names\": [\"a\"], "
				  "\"action\": \"SCMP_ACT_ALLOW\", "
				  "\"includes\": @[]}]}",
		    -EINVAL, "/syscalls/0/includes", "must be an object");
	load_err_at(ERRNO_PROFILE "\"syscalls\": [{\"names\": [\"a\"], "
				  "\"action\": \"SCMP_ACT_ALLOW\", "
				  "\"excludes\": {\"caps\": @\"CAP_X\"}}]}",
		    -EINVAL, "/syscalls/0/excludes/caps", "must be an array");
	load_err_at(ERRNO_PROFILE "\"flags\": @\"SECCOMP_FILTER_FLAG_LOG\"}",
		    -EINVAL, "/flags", "must be an array");
	load_err_at(ERRNO_PROFILE "\"listenerPath\": @[]}", -EINVAL,
		    "/listenerPath", "must be a string");
	load_err_at(ERRNO_PROFILE "\"archMap\": [@\"SCMP_ARCH_X86_64\"]}",
		    -EINVAL, "/archMap/0", "must be an object");
	load_err_at(ERRNO_PROFILE "\"defaultErrno\": @[1]}", -EINVAL,
		    "/defaultErrno", "errno name or number");
}

Test(errors, unknown_names)
{
	load_err_at("{\"defaultAction\": @\"SCMP_ACT_MAYBE\"}", -EINVAL,
		    "/defaultAction", "unknown action 'SCMP_ACT_MAYBE'");
	load_err_at(ERRNO_PROFILE "\"syscalls\": [{\"names\": [\"a\"],\n"
				  "  \"action\": @\"allow\"}]}",
		    -EINVAL, "/syscalls/0/action", "unknown action 'allow'");
	load_err_at(ERRNO_PROFILE "\"syscalls\": [{}, {\"names\": [\"a\"], "
				  "\"action\": "
				  "\"SCMP_ACT_ALLOW\", \"args\": [{\"op\": "
				  "\"SCMP_CMP_NE\"}, "
				  "{\"index\": 0, \"op\": "
				  "@\"SCMP_CMP_FOO\"}]}]}",
		    -EINVAL, "/syscalls/1/args/1/op",
		    "unknown operator 'SCMP_CMP_FOO'");
	load_err_at(ERRNO_PROFILE "\"architectures\": [\"SCMP_ARCH_X86\", "
				  "@\"SCMP_ARCH_VAX\"]}",
		    -EINVAL, "/architectures/1",
		    "unknown architecture 'SCMP_ARCH_VAX'");
	load_err_at(ERRNO_PROFILE "\"archMap\": [{\"architecture\": "
				  "@\"SCMP_ARCH_PDP11\"}]}",
		    -EINVAL, "/archMap/0/architecture", "unknown architecture");
	load_err_at(ERRNO_PROFILE "\"archMap\": [{\"architecture\": "
				  "\"SCMP_ARCH_X86_64\", \"subArchitectures\": "
				  "[@\"SCMP_ARCH_Z80\"]}]}",
		    -EINVAL, "/archMap/0/subArchitectures/0",
		    "unknown architecture");
	load_err_at(ERRNO_PROFILE "\"syscalls\": [{\"names\": [\"a\"], "
				  "\"action\": \"SCMP_ACT_ALLOW\", "
				  "\"includes\": {\"arches\": [@\"amd46\"]}}]}",
		    -EINVAL, "/syscalls/0/includes/arches/0",
		    "unknown architecture 'amd46'");
	load_err_at(ERRNO_PROFILE "\"defaultErrno\": @\"EWHATEVER\"}", -EINVAL,
		    "/defaultErrno", "unknown errno name 'EWHATEVER'");
	load_err_at(ERRNO_PROFILE "\"syscalls\": [{\"names\": [\"a\"], "
				  "\"action\": \"SCMP_ACT_ERRNO\", "
				  "\"errno\": @\"eperm\"}]}",
		    -EINVAL, "/syscalls/0/errno", "unknown errno name");
	load_err_at(ERRNO_PROFILE "\"flags\": [\"SECCOMP_FILTER_FLAG_LOG\", "
				  "@\"SECCOMP_FILTER_FLAG_FAST\"]}",
		    -EINVAL, "/flags/1", "unknown seccomp flag");
}

Test(errors, numbers_out_of_range)
{
#define ARG_PROFILE(v)                                                         \
	ERRNO_PROFILE "\"syscalls\": [{\"names\": [\"a\"], \"action\": "       \
		      "\"SCMP_ACT_ALLOW\", \"args\": [{\"op\": "               \
		      "\"SCMP_CMP_EQ\", " v "}]}]}"
	load_err_at(ARG_PROFILE("\"index\": @6"), -ERANGE,
		    "/syscalls/0/args/0/index", "out of range 0..5");
	load_err_at(ARG_PROFILE("\"value\": @-1"), -ERANGE,
		    "/syscalls/0/args/0/value", "must not be negative");
	load_err_at(ARG_PROFILE("\"value\": @-0"), -ERANGE,
		    "/syscalls/0/args/0/value", "must not be negative");
	load_err_at(ARG_PROFILE("\"valueTwo\": @18446744073709551616"), -ERANGE,
		    "/syscalls/0/args/0/valueTwo", "does not fit in 64 bits");
	load_err_at(ARG_PROFILE("\"value\": @99999999999999999999999"), -ERANGE,
		    "/syscalls/0/args/0/value", "64 bits");
	load_err_at(ARG_PROFILE("\"value\": @-9223372036854775809"), -ERANGE,
		    "/syscalls/0/args/0/value", "negative");
	/* a saturated value elsewhere must not taint the real maximum */
	secbpf_profile_free(load_ok(ARG_PROFILE("\"value\": "
						"18446744073709551615, \"x\": "
						"18446744073709551616")));
	secbpf_profile_free(load_ok(ARG_PROFILE("\"value\": 0, \"x\": -0")));

	load_err_at(ERRNO_PROFILE "\"defaultErrnoRet\": @-1}", -ERANGE,
		    "/defaultErrnoRet", "negative");
	load_err_at(ERRNO_PROFILE "\"defaultErrnoRet\": @65536}", -ERANGE,
		    "/defaultErrnoRet", "out of range 0..65535");
	load_err_at(ERRNO_PROFILE "\"syscalls\": [{\"names\": [\"a\"], "
				  "\"action\": \"SCMP_ACT_ERRNO\", "
				  "\"errno\": @\"4096\"}]}",
		    -ERANGE, "/syscalls/0/errno", "out of range 0..4095");
	load_err_at(ERRNO_PROFILE "\"defaultErrno\": @5000}", -ERANGE,
		    "/defaultErrno", "out of range 0..4095");
	load_err_at(ERRNO_PROFILE "\"defaultErrno\": @\"12x\"}", -EINVAL,
		    "/defaultErrno", "invalid errno");
#undef ARG_PROFILE
}

Test(errors, conflicts_and_missing)
{
	load_err_at(ERRNO_PROFILE "\"syscalls\": [{}, @{\"name\": \"read\", "
				  "\"names\": [\"write\"], \"action\": "
				  "\"SCMP_ACT_ALLOW\"}]}",
		    -EINVAL, "/syscalls/1", "both 'name' and 'names'");
	load_err_at(ERRNO_PROFILE "\"architectures\": [\"SCMP_ARCH_X86\"], "
				  "\"archMap\": @[{\"architecture\": "
				  "\"SCMP_ARCH_X86_64\"}]}",
		    -EINVAL, "/archMap", "both 'architectures' and 'archMap'");
	load_err_at("@{\"syscalls\": [{\"names\": [\"a\"], \"action\": "
		    "\"SCMP_ACT_ALLOW\"}]}",
		    -EINVAL, "", "no 'defaultAction'");
	load_err_at(ERRNO_PROFILE "\"syscalls\": [@{\"names\": [\"a\"]}]}",
		    -EINVAL, "/syscalls/0", "no 'action'");
	load_err_at(ERRNO_PROFILE "\"syscalls\": [{\"names\": [\"a\"], "
				  "\"action\": \"SCMP_ACT_ALLOW\", \"args\": "
				  "[@{\"index\": 1}]}]}",
		    -EINVAL, "/syscalls/0/args/0", "no 'op'");
	load_err_at(ERRNO_PROFILE "\"syscalls\": [{\"names\": [@\"\"], "
				  "\"action\": \"SCMP_ACT_ALLOW\"}]}",
		    -EINVAL, "/syscalls/0/names/0", "empty syscall name");
	load_err_at(ERRNO_PROFILE "\"archMap\": [@{\"subArchitectures\": "
				  "[]}]}",
		    -EINVAL, "/archMap/0", "no 'architecture'");
}

Test(errors, min_kernel)
{
	static const char *const bad[] = {
		"4",	"4.",	".8",	 "4.8.1",    "a.b",
		"-1.2", " 4.8", "4.8 ",	 "123456.1", "4.1234567",
		"4,8",	"0.0",	"00.00",
	};
	static const char *const good[] = {"4.8", "10.0", "0.1", "04.08"};
	char json[256];

	for (size_t i = 0; i < SB_ARRAY_SIZE(bad); i++) {
		snprintf(json, sizeof(json),
			 ERRNO_PROFILE "\"syscalls\": [{\"names\": [\"a\"], "
				       "\"action\": \"SCMP_ACT_ALLOW\", "
				       "\"includes\": {\"minKernel\": "
				       "@\"%s\"}}]}",
			 bad[i]);
		load_err_at(json, -EINVAL, "/syscalls/0/includes/minKernel",
			    "minKernel");
	}
	for (size_t i = 0; i < SB_ARRAY_SIZE(good); i++) {
		snprintf(json, sizeof(json),
			 ERRNO_PROFILE "\"syscalls\": [{\"names\": [\"a\"], "
				       "\"action\": \"SCMP_ACT_ALLOW\", "
				       "\"excludes\": {\"minKernel\": "
				       "\"%s\"}}]}",
			 good[i]);
		secbpf_profile_free(load_ok(json));
	}
}

Test(errors, nul_bytes_in_names)
{
	load_err_at(ERRNO_PROFILE "\"syscalls\": [{\"names\": "
				  "[@\"read\\u0000x\"], \"action\": "
				  "\"SCMP_ACT_ALLOW\"}]}",
		    -EINVAL, "/syscalls/0/names/0", "NUL byte");
	load_err_at(ERRNO_PROFILE "\"syscalls\": [{\"name\": @\"re\\u0000\", "
				  "\"action\": \"SCMP_ACT_ALLOW\"}]}",
		    -EINVAL, "/syscalls/0/name", "NUL byte");
	load_err_at(ERRNO_PROFILE "\"syscalls\": [{\"names\": [\"a\"], "
				  "\"action\": \"SCMP_ACT_ALLOW\", "
				  "\"includes\": {\"caps\": "
				  "[@\"CAP_\\u0000\"]}}]}",
		    -EINVAL, "/syscalls/0/includes/caps/0", "NUL byte");
	load_err_at(ERRNO_PROFILE "\"listenerPath\": @\"/a\\u0000b\"}", -EINVAL,
		    "/listenerPath", "NUL byte");
	/* a comment is free text: cut, not refused */
	secbpf_profile_free(load_ok(ERRNO_PROFILE "\"syscalls\": [{\"names\": "
						  "[\"a\"], "
						  "\"action\": "
						  "\"SCMP_ACT_ALLOW\", "
						  "\"comment\": "
						  "\"x\\u0000y\"}]}"));
}

Test(errors, escaped_keys_and_pointer_escapes)
{
	/* the locator decodes keys as json-c does */
	load_err_at("{\"default\\u0041ction\": @\"SCMP_ACT_NOPE\"}", -EINVAL,
		    "/defaultAction", "unknown action");
	/* a field given twice is refused (keys.*), at the second key */
	load_err_at("{\"defaultAction\": \"SCMP_ACT_ALLOW\", "
		    "@\"defaultAction\": \"SCMP_ACT_NOPE\"}",
		    -EINVAL, "/defaultAction", "given twice");
}

Test(errors, config_pointer_prefix)
{
	load_err_at("{\"ociVersion\": \"1.0\", \"linux\": {\"seccomp\": "
		    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
		    "[{\"names\": [\"a\"], \"action\": @\"SCMP_ACT_X\"}]}}}",
		    -EINVAL, "/linux/seccomp/syscalls/0/action",
		    "unknown action");
	load_err_at("{\"ociVersion\": \"1.0\", \"linux\": @[]}", -EINVAL,
		    "/linux", "must be an object");
}

Test(errors, limits)
{
	struct secbpf_profile *p = NULL;
	struct secbpf_error err;
	size_t cap = 200000, o = 0;
	char *big = malloc(cap);

	cr_assert_not_null(big);
	/* 17 conditions */
	o = (size_t)sprintf(big, ERRNO_PROFILE "\"syscalls\": [{\"names\": "
					       "[\"a\"], \"action\": "
					       "\"SCMP_ACT_ALLOW\", \"args\": "
					       "@[");
	for (int i = 0; i < 17; i++)
		o += (size_t)sprintf(big + o, "%s{\"op\": \"SCMP_CMP_EQ\"}",
				     i ? "," : "");
	strcpy(big + o, "]}]}");
	load_err_at(big, -E2BIG, "/syscalls/0/args", "more than 16");

	/* 4097 names in one rule */
	o = (size_t)sprintf(big, ERRNO_PROFILE "\"syscalls\": [{\"names\": "
					       "@[");
	for (int i = 0; i < 4097; i++)
		o += (size_t)sprintf(big + o, "%s\"n%d\"", i ? "," : "", i);
	strcpy(big + o, "], \"action\": \"SCMP_ACT_ALLOW\"}]}");
	load_err_at(big, -E2BIG, "/syscalls/0/names", "more than 4096");

	/* 16385 rules */
	o = (size_t)sprintf(big, ERRNO_PROFILE "\"syscalls\": @[");
	for (int i = 0; i < 16385; i++)
		o += (size_t)sprintf(big + o, "%s{}", i ? "," : "");
	strcpy(big + o, "]}");
	load_err_at(big, -E2BIG, "/syscalls", "more than 16384");
	free(big);

	/* a name longer than any syscall's */
	big = calloc(1, 1024);
	cr_assert_not_null(big);
	o = (size_t)sprintf(big, ERRNO_PROFILE "\"syscalls\": [{\"names\": "
					       "[@\"");
	memset(big + o, 'a', 300);
	strcpy(big + o + 300, "\"], \"action\": \"SCMP_ACT_ALLOW\"}]}");
	load_err_at(big, -E2BIG, "/syscalls/0/names/0", "longer than 255");
	free(big);

	/* over 16 MiB: refused before parsing */
	cap = (16U << 20) + 1;
	big = malloc(cap);
	cr_assert_not_null(big);
	memset(big, ' ', cap);
	big[0] = '{';
	big[cap - 1] = '}';
	cr_assert_eq(secbpf_profile_load_bytes(big, cap, "big.json", &p, &err),
		     -EFBIG);
	cr_assert(strstr(err.message, "big.json"));
	free(big);
}

Test(errors, total_names)
{
	/* 5 rules of 4000 names: each rule is fine, the sum is not */
	size_t cap = 5 * 4000 * 12 + 1024, o;
	char *big = malloc(cap);

	cr_assert_not_null(big);
	o = (size_t)sprintf(big, ERRNO_PROFILE "\"syscalls\": [");
	for (int r = 0; r < 5; r++) {
		o += (size_t)sprintf(big + o, "%s%s{\"names\": [", r ? "," : "",
				     r == 4 ? "@" : "");
		for (int i = 0; i < 4000; i++)
			o += (size_t)sprintf(big + o, "%s\"n%d\"", i ? "," : "",
					     i);
		o += (size_t)sprintf(big + o, "], \"action\": "
					      "\"SCMP_ACT_ALLOW\"}");
	}
	strcpy(big + o, "]}");
	load_err_at(big, -E2BIG, "/syscalls/4", "16384");
	free(big);
}

Test(errors, null_arguments)
{
	struct secbpf_profile *p = (struct secbpf_profile *)1;
	struct secbpf_error err;

	cr_assert_eq(secbpf_profile_load_bytes(NULL, 3, NULL, &p, &err),
		     -EINVAL);
	cr_assert_eq(secbpf_profile_load_bytes("{}", 2, NULL, NULL, &err),
		     -EINVAL);
	cr_assert_eq(secbpf_profile_load(NULL, &p, &err), -EINVAL);
	/* no name: messages still carry a place */
	cr_assert_eq(secbpf_profile_load_bytes("{\"defaultAction\": 1}", 20,
					       NULL, &p, &err),
		     -EINVAL);
	cr_assert(!strncmp(err.message, "<input>:1:19: /defaultAction: ", 30),
		  "%s", err.message);
	secbpf_profile_free(NULL);
}

/* ---- the raw-text scanner ---- */

static size_t locate(const char *json, const char *ptr)
{
	size_t off = 0;
	int rc = sb_json_locate(json, strlen(json), ptr, &off);

	return rc ? (size_t)-1 : off;
}

Test(locate, pointers)
{
	static const char json[] = "{\"a/b\": {\"c~d\": [10, [20, 21], {\"e\": "
				   "3}]},\n"
				   " \"k\\u00e9y\": \"v\", \"x\": 1, \"x\": 2, "
				   "\"\": 4}";

	cr_assert_eq(locate(json, ""), 0);
	cr_assert_eq(locate(json, "/a~1b"), 8);
	cr_assert_eq(json[locate(json, "/a~1b/c~0d/0")], '1');
	cr_assert_eq(json[locate(json, "/a~1b/c~0d/1/1") + 1], '1');
	cr_assert_eq(json[locate(json, "/a~1b/c~0d/2/e")], '3');
	cr_assert_eq(json[locate(json, "/k\xc3\xa9y")], '"');
	/* duplicate keys: the last, as json-c keeps it */
	cr_assert_eq(json[locate(json, "/x")], '2');
	cr_assert_eq(json[locate(json, "/")], '4');
	cr_assert_eq(locate(json, "/a~1b/c~0d/3"), (size_t)-1);
	cr_assert_eq(locate(json, "/a~1b/c~0d/01"), (size_t)-1);
	cr_assert_eq(locate(json, "/nope"), (size_t)-1);
	cr_assert_eq(locate(json, "/x/y"), (size_t)-1);
	cr_assert_eq(locate(json, "no-slash"), (size_t)-1);
}

Test(locate, line_and_column_in_bytes)
{
	static const char text[] = "{\n\t\"\xc3\xa9\": [1,\n  2]}";
	unsigned line, col;

	sb_json_linecol(text, strlen(text), 0, &line, &col);
	cr_assert(line == 1 && col == 1);
	sb_json_linecol(text, strlen(text), (size_t)(strchr(text, '[') - text),
			&line, &col);
	cr_assert(line == 2 && col == 8, "%u:%u", line, col);
	sb_json_linecol(text, strlen(text), (size_t)(strchr(text, '2') - text),
			&line, &col);
	cr_assert(line == 3 && col == 3, "%u:%u", line, col);
}

Test(locate, check_grammar)
{
	static const struct {
		const char *text;
		bool ok;
	} t[] = {
		{"{}", true},	     {" [1, -2.5e+3, \"\\u00e9\"] ", true},
		{"true", true},	     {"{\"a\":null}", true},
		{"01", false},	     {"1.", false},
		{"-", false},	     {".5", false},
		{"1e", false},	     {"[1,]", false},
		{"{,}", false},	     {"{\"a\"}", false},
		{"\"\\x\"", false},  {"\"\\u12g4\"", false},
		{"nul", false},	     {"tru", false},
		{"[] []", false},    {"", false},
		{"Infinity", false}, {"'a'", false},
	};

	for (size_t i = 0; i < SB_ARRAY_SIZE(t); i++) {
		struct sb_json_scan scan = {0};
		const char *why = NULL;
		size_t bad = 0;
		int rc = sb_json_check(t[i].text, strlen(t[i].text), 16, &scan,
				       &bad, &why);

		sb_json_scan_free(&scan);
		cr_assert_eq(rc == 0, t[i].ok, "'%s': %s", t[i].text,
			     why ? why : "ok");
	}
}

/* Ambiguous numbers ("-0", beyond 64 bits) anywhere must not make loading
 * slow: values are never located one by one on the good path. */
/* The bound catches quadratic work (minutes), not a slow machine: under
 * valgrind on a loaded 2-core machine this takes 15 s. */
Test(errors, many_values_next_to_ambiguous_ones, .timeout = 90)
{
	size_t cap = 8U << 20, o;
	char *big = malloc(cap);
	struct secbpf_profile *p;

	cr_assert_not_null(big);
	o = (size_t)sprintf(big, "{\"x\": [-0, 18446744073709551616], "
				 "\"defaultAction\": \"SCMP_ACT_ERRNO\", "
				 "\"syscalls\": [");
	for (int r = 0; r < 5000; r++) {
		o += (size_t)sprintf(big + o,
				     "%s{\"names\": [\"read\"], "
				     "\"action\": \"SCMP_ACT_ALLOW\", "
				     "\"args\": [",
				     r ? "," : "");
		for (int a = 0; a < 16; a++)
			o += (size_t)sprintf(big + o,
					     "%s{\"index\": 0, \"value\": %s, "
					     "\"op\": "
					     "\"SCMP_CMP_EQ\"}",
					     a ? "," : "",
					     a % 2 ? "0"
						   : "18446744073709551615");
		o += (size_t)sprintf(big + o, "]}");
	}
	strcpy(big + o, "]}");
	p = load_ok(big);
	cr_assert_eq(p->nrules, 5000);
	cr_assert_eq(p->rules[4999].args[15].value, 0);
	cr_assert_eq(p->rules[4999].args[14].value, UINT64_MAX);
	secbpf_profile_free(p);
	free(big);
}

/* found by fuzz-profile: "name" next to an empty "names" leaked the list */
Test(fields, name_with_empty_names)
{
	struct secbpf_profile *p = load_ok("{\"defaultAction\": "
					   "\"SCMP_ACT_ERRNO\", \"syscalls\": "
					   "[{\"name\": \"read\", \"names\": "
					   "[], \"action\": "
					   "\"SCMP_ACT_ALLOW\"}]}");

	cr_assert_eq(p->rules[0].nnames, 1);
	cr_assert_str_eq(p->rules[0].names[0], "read");
	secbpf_profile_free(p);
}

/* ---- keys: matched to fields as Go matches them, or refused ---- */

/*
 * Every field the loader reads, in every object it reads, given twice:
 * exactly, in another case, and (for names with an 's' or a 'k') with the
 * non-ASCII letter Go's case folding maps onto it.  Each is refused at the
 * second key, with the pointer of that member.  This is also what keeps
 * the pre-scan's field lists (locate.c) in step with the parser.
 */
Test(keys, every_field_given_twice_is_refused)
{
	static const struct {
		const char *before, *after, *pointer;
		const char *fields[10];
	} places[] = {
		{"{",
		 "}",
		 "",
		 {"defaultAction", "defaultErrnoRet", "defaultErrno",
		  "architectures", "archMap", "flags", "listenerPath",
		  "listenerMetadata", "syscalls", "linux"}},
		{"{\"ociVersion\": \"1\", \"linux\": {\"seccomp\": {",
		 "}}}",
		 "/linux/seccomp",
		 {"defaultAction", "defaultErrnoRet", "defaultErrno",
		  "architectures", "archMap", "flags", "listenerPath",
		  "listenerMetadata", "syscalls"}},
		{"{\"ociVersion\": \"1\", \"linux\": {",
		 "}}",
		 "/linux",
		 {"seccomp"}},
		{"{\"syscalls\": [{}, {",
		 "}]}",
		 "/syscalls/1",
		 {"name", "names", "action", "errnoRet", "errno", "args",
		  "comment", "includes", "excludes"}},
		{"{\"syscalls\": [{\"args\": [{",
		 "}]}]}",
		 "/syscalls/0/args/0",
		 {"index", "value", "valueTwo", "op"}},
		{"{\"syscalls\": [{\"includes\": {",
		 "}}]}",
		 "/syscalls/0/includes",
		 {"caps", "arches", "minKernel"}},
		{"{\"syscalls\": [{\"excludes\": {",
		 "}}]}",
		 "/syscalls/0/excludes",
		 {"caps", "arches", "minKernel"}},
		{"{\"archMap\": [{\"architecture\": \"SCMP_ARCH_X86\"}, {",
		 "}]}",
		 "/archMap/1",
		 {"architecture", "subArchitectures"}},
	};
	size_t checked = 0;

	for (size_t i = 0; i < SB_ARRAY_SIZE(places); i++) {
		for (size_t f = 0; f < 10 && places[i].fields[f]; f++) {
			const char *name = places[i].fields[f];
			char variant[3][64], json[512], ptr[256];
			int nvariants = 2;
			const char *sk = strpbrk(name, "sSkK");

			snprintf(variant[0], sizeof(variant[0]), "%s", name);
			snprintf(variant[1], sizeof(variant[1]), "%s", name);
			for (char *c = variant[1]; *c; c++)
				if (*c >= 'a' && *c <= 'z')
					*c = (char)(*c - 'a' + 'A');
			if (sk) {
				/* ſ (U+017F) for s, K (U+212A) for k */
				snprintf(variant[2], sizeof(variant[2]),
					 "%.*s%s%s", (int)(sk - name), name,
					 (*sk | 0x20) == 's' ? "\xc5\xbf"
							     : "\xe2\x84\xaa",
					 sk + 1);
				nvariants = 3;
			}
			for (int v = 0; v < nvariants; v++) {
				snprintf(json, sizeof(json),
					 "%s\"%s\": null, @\"%s\": null%s",
					 places[i].before, name, variant[v],
					 places[i].after);
				snprintf(ptr, sizeof(ptr), "%s/%s",
					 places[i].pointer, variant[v]);
				load_err_at(json, -EINVAL, ptr, "given twice");
				checked++;
			}
		}
	}
	cr_assert_gt(checked, 80);
}

/* The issue's case: Go takes the last of the three (ERRNO); json-c kept
 * the case variant apart, and the default became ALLOW. */
Test(keys, case_variant_duplicate_refused)
{
	load_err_at("{\"defaultAction\":\"SCMP_ACT_ERRNO\","
		    "@\"DefaultAction\":\"SCMP_ACT_ALLOW\","
		    "\"defaultAction\":\"SCMP_ACT_ERRNO\"}",
		    -EINVAL, "/DefaultAction",
		    "field 'defaultAction' given twice");
	/* json-c would have merged these two includes into the second */
	load_err_at(ERRNO_PROFILE "\"syscalls\": [{\"names\": [\"mount\"], "
				  "\"action\": \"SCMP_ACT_ALLOW\", "
				  "\"includes\": {\"caps\": "
				  "[\"CAP_SYS_ADMIN\"]}, @\"includes\": "
				  "{\"minKernel\": \"4.8\"}}]}",
		    -EINVAL, "/syscalls/0/includes", "given twice");
}

Test(keys, nul_byte_in_key_refused)
{
	/* json-c cuts keys at the NUL: these would have been 'names' and
	 * 'defaultAction'; Go ignores them */
	load_err_at(ERRNO_PROFILE "\"syscalls\": [{\"names\": [\"ptrace\"], "
				  "@\"names\\u0000\": [\"read\"], "
				  "\"action\": \"SCMP_ACT_ALLOW\"}]}",
		    -EINVAL, "/syscalls/0", "NUL byte in key 'names\\u0000'");
	load_err_at("{\"defaultAction\":\"SCMP_ACT_ERRNO\","
		    "@\"defaultAction\\u0000x\":\"SCMP_ACT_ALLOW\"}",
		    -EINVAL, "", "NUL byte in key 'defaultAction\\u0000x'");
	/* at every level: an argument, a filter, archMap, config.json */
	load_err_at(ERRNO_PROFILE "\"syscalls\": [{\"names\": [\"a\"], "
				  "\"action\": \"SCMP_ACT_ALLOW\", \"args\": "
				  "[{\"index\": 1, @\"\\u0000\": 0}]}]}",
		    -EINVAL, "/syscalls/0/args/0", "NUL byte in key");
	load_err_at(ERRNO_PROFILE "\"syscalls\": [{\"names\": [\"a\"], "
				  "\"action\": \"SCMP_ACT_ALLOW\", "
				  "\"excludes\": {@\"caps\\u0000\": []}}]}",
		    -EINVAL, "/syscalls/0/excludes", "NUL byte in key");
	load_err_at(ERRNO_PROFILE "\"archMap\": [{@\"arch\\u0000\": 1}]}",
		    -EINVAL, "/archMap/0", "NUL byte in key");
	load_err_at("{\"ociVersion\": \"1\", \"linux\": {@\"seccomp\\u0000\": "
		    "{}}}",
		    -EINVAL, "/linux", "NUL byte in key");
	load_err_at("{\"ociVersion\": \"1\", \"linux\": {\"seccomp\": "
		    "{@\"syscalls\\u0000\": []}}}",
		    -EINVAL, "/linux/seccomp", "NUL byte in key");
}

/* Objects the loader does not read keep Go's rule: their keys are not
 * fields, so whatever they are is ignored. */
Test(keys, keys_of_unread_objects_are_ignored)
{
	struct secbpf_profile *p;

	p = load_ok("{\"x\": {\"names\\u0000\": 1, \"a\": 1, \"a\": 2, "
		    "\"A\": 3}, \"unknown\": 1, \"UNKNOWN\": 2, "
		    "\"unknown\": 3, \"defaultAction\": \"SCMP_ACT_ERRNO\", "
		    "\"syscalls\": [{\"names\": [\"read\"], \"action\": "
		    "\"SCMP_ACT_ALLOW\", \"args\": [], \"extra\": "
		    "{\"names\": [], \"NAMES\": []}}]}");
	cr_assert_eq(p->default_act, SB_ACT_ERRNO);
	cr_assert_eq(p->nrules, 1);
	cr_assert_str_eq(p->rules[0].names[0], "read");
	secbpf_profile_free(p);

	/* a config.json's other objects are not ours to judge */
	p = load_ok("{\"ociVersion\": \"1\", \"ociVersion\": \"2\", "
		    "\"annotations\": {\"a\": \"1\", \"A\": \"2\", "
		    "\"k\\u0000\": \"3\"}, \"process\": {\"args\": [\"sh\"], "
		    "\"ARGS\": []}, \"linux\": {\"sysctl\": {}, \"seccomp\": "
		    "{\"defaultAction\": \"SCMP_ACT_KILL\"}}}");
	cr_assert_eq(p->default_act, SB_ACT_KILL);
	secbpf_profile_free(p);
}

/* Go folds U+017F to 's' and U+212A to 'k' (the only non-ASCII runes whose
 * unicode.SimpleFold orbit holds an ASCII letter); the Turkish dotted and
 * dotless i fold onto no ASCII letter. */
Test(keys, go_unicode_case_folding)
{
	struct secbpf_profile *p;

	p = load_ok("{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
		    "\"\xc5\xbfy\\u017Fcalls\": [{\"names\": [\"read\"], "
		    "\"action\": \"SCMP_ACT_ALLOW\", \"includes\": "
		    "{\"min\\u212aernel\": \"99.0\", \"CAP\xc5\xbf\": "
		    "[\"CAP_BPF\"]}}]}");
	cr_assert_eq(p->nrules, 1);
	cr_assert_eq(p->rules[0].includes.min_major, 99);
	cr_assert_eq(p->rules[0].includes.ncaps, 1);
	secbpf_profile_free(p);

	p = load_ok("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
		    "[{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", "
		    "\"includes\": {\"m\\u0131nKernel\": \"99.0\", "
		    "\"m\\u0130nKernel\": \"98.0\", \"minKernel\\u0307\": "
		    "\"97.0\"}}]}");
	cr_assert_eq(p->rules[0].includes.min_major, 0);
	secbpf_profile_free(p);

	/* errors under a folded key name it as written, at its place */
	load_err_at("{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
		    " \"\xc5\xbfyscalls\": [{\"names\": [\"a\"], "
		    "\"action\": @\"SCMP_ACT_X\"}]}",
		    -EINVAL, "/\xc5\xbfyscalls/0/action", "unknown action");
}

/* keys "Linux", "OCIVersion", "Seccomp" are config.json's fields too */
Test(keys, config_json_keys_fold)
{
	static const char config[] = "{\"OCIVersion\": \"1.0\", \"Linux\": "
				     "{\"SECCOMP\": "
				     "{\"defaultAction\": "
				     "\"SCMP_ACT_ERRNO\"}}}";
	struct secbpf_profile *p;
	struct secbpf_error err;

	p = load_ok(config);
	cr_assert_eq(p->default_act, SB_ACT_ERRNO);
	secbpf_profile_free(p);
	p = NULL;
	cr_assert_eq(secbpf_profile_load_config(config, strlen(config), NULL,
						&p, &err),
		     0, "%s", err.message);
	cr_assert_eq(p->default_act, SB_ACT_ERRNO);
	secbpf_profile_free(p);
	/* "\u004c" is 'L' */
	p = load_ok("{\"\\u004cinux\": {\"seccomp\": {\"defaultAction\": "
		    "\"SCMP_ACT_KILL\"}}, \"ociVersion\": \"1\"}");
	cr_assert_eq(p->default_act, SB_ACT_KILL);
	secbpf_profile_free(p);
	/* "Oinux" is no field: the config has no linux.seccomp */
	load_err_at("@{\"\\u004finux\": {\"seccomp\": {\"defaultAction\": "
		    "\"SCMP_ACT_KILL\"}}, \"ociVersion\": \"1\"}",
		    -ENOENT, "", "no 'linux.seccomp'");
}

Test(keys, key_matching_rule)
{
	cr_assert(sb_json_key_is("names", 5, "names"));
	cr_assert(sb_json_key_is("NaMeS", 5, "names"));
	cr_assert(sb_json_key_is("name\xc5\xbf", 6, "names"));
	cr_assert(sb_json_key_is("\xe2\x84\xaa", 3, "k"));
	cr_assert(sb_json_key_is("\xe2\x84\xaa", 3, "K"));
	cr_assert_not(sb_json_key_is("\xc5\xbf", 2, "k"));
	cr_assert_not(sb_json_key_is("\xe2\x84\xaa", 3, "s"));
	cr_assert_not(sb_json_key_is("name", 4, "names"));
	cr_assert_not(sb_json_key_is("namess", 6, "names"));
	cr_assert_not(sb_json_key_is("names\0", 6, "names"));
	cr_assert_not(sb_json_key_is("name\xc5", 5, "names"));
	/* every ASCII byte against every letter (fields are letters only):
	 * equal only to the letter itself, in either case */
	for (int c = 1; c < 0x80; c++) {
		for (char f = 'a'; f <= 'z'; f++) {
			char key = (char)c, upper[2] = {(char)(f - 32), '\0'};
			char lower[2] = {f, '\0'};
			bool want = c == f || c == f - 32;

			cr_assert_eq(sb_json_key_is(&key, 1, lower), want,
				     "%#x vs '%c'", c, f);
			cr_assert_eq(sb_json_key_is(&key, 1, upper), want,
				     "%#x vs '%c'", c, f - 32);
			if (!want)
				cr_assert(!sb_json_key_may_be(key, f) ||
						  c >= 0x80,
					  "%#x may be '%c'", c, f);
		}
	}
}

/* ---- strings: decoded as Go decodes them ---- */

/* The comment of the only rule of a profile written around "text". */
static char *comment_of(const char *text)
{
	char json[512];
	struct secbpf_profile *p;
	char *c;

	snprintf(json, sizeof(json),
		 ERRNO_PROFILE "\"syscalls\": [{\"names\": [\"read\"], "
			       "\"action\": \"SCMP_ACT_ALLOW\", \"comment\": "
			       "\"%s\"}]}",
		 text);
	p = load_ok(json);
	c = strdup(p->rules[0].comment);
	cr_assert_not_null(c);
	secbpf_profile_free(p);
	return c;
}

#define FFFD "\xef\xbf\xbd"

Test(strings, invalid_utf8_becomes_replacement_characters)
{
	static const struct {
		const char *in, *want;
	} t[] = {
		{"plain \xc3\xa9 \xf0\x9f\x98\x80", "plain \xc3\xa9 "
						    "\xf0\x9f\x98\x80"},
		{"a\xff"
		 "b",
		 "a" FFFD "b"},
		/* one U+FFFD per byte, as Go's utf8.DecodeRune steps */
		{"\xe2\x84x", FFFD FFFD "x"},
		{"\xc0\xaf", FFFD FFFD},		   /* overlong '/' */
		{"\xed\xa0\x80", FFFD FFFD FFFD},	   /* a surrogate */
		{"\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD}, /* > U+10FFFF */
		{"\xf0\x9f\x98", FFFD FFFD FFFD},	   /* cut short */
		{"\x80\xbf", FFFD FFFD},
	};

	for (size_t i = 0; i < SB_ARRAY_SIZE(t); i++) {
		char *c = comment_of(t[i].in);

		cr_assert_str_eq(c, t[i].want, "case %zu", i);
		free(c);
	}
}

/* json-c agrees with Go on lone surrogates; this holds it to that */
Test(strings, lone_surrogate_escapes_become_replacement_characters)
{
	static const struct {
		const char *in, *want;
	} t[] = {
		{"\\ud800", FFFD},
		{"\\udc00x", FFFD "x"},
		{"\\ud800\\u0041", FFFD "A"},
		{"\\ud800\\ud800\\udc00", FFFD "\xf0\x90\x80\x80"},
		{"\\ud83d\\ude00", "\xf0\x9f\x98\x80"},
		{"\\udbff\\udfff", "\xf4\x8f\xbf\xbf"},
		{"a\\ud800\\\\", "a" FFFD "\\"},
	};

	for (size_t i = 0; i < SB_ARRAY_SIZE(t); i++) {
		char *c = comment_of(t[i].in);

		cr_assert_str_eq(c, t[i].want, "case %zu", i);
		free(c);
	}
}

Test(strings, names_and_paths_get_the_same)
{
	struct secbpf_profile *p;

	p = load_ok(ERRNO_PROFILE "\"listenerPath\": \"/run/\xff.sock\", "
				  "\"syscalls\": [{\"names\": [\"re\xfe"
				  "ad\"], \"action\": \"SCMP_ACT_ALLOW\", "
				  "\"includes\": {\"caps\": [\"\xc0\"]}}]}");
	cr_assert_str_eq(p->listener_path, "/run/" FFFD ".sock");
	cr_assert_str_eq(p->rules[0].names[0], "re" FFFD "ad");
	cr_assert_str_eq(p->rules[0].includes.caps[0], FFFD);
	secbpf_profile_free(p);
}

/* The copy json-c reads differs from the text (U+FFFD is 3 bytes, "-0"
 * gets ".0"); every place is still found in the text as written. */
Test(strings, places_after_replaced_bytes)
{
	load_err_at("{\"x\": \"\xff\xff\xff\", \"y\": -0, \"defaultAction\": "
		    "@\"SCMP_ACT_\xfe\"}",
		    -EINVAL, "/defaultAction", "unknown action");
	load_err_at("{\"\xff\": 1, \"defaultAction\": \"SCMP_ACT_ERRNO\", "
		    "\"syscalls\": [{\"names\": [\"\xff\"], \"action\": "
		    "\"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, "
		    "\"value\": @-0, \"op\": \"SCMP_CMP_EQ\"}]}]}",
		    -ERANGE, "/syscalls/0/args/0/value", "negative");
}

/* Whatever a profile holds in memory, its JSON is valid UTF-8 with no raw
 * control characters (C0, DEL, C1) and U+2028/U+2029 escaped as Go does. */
Test(strings, json_output_is_valid_and_escaped)
{
	struct secbpf_profile *p = load_ok(ERRNO_PROFILE "\"syscalls\": "
							 "[{\"names\": "
							 "[\"read\"], "
							 "\"action\": "
							 "\"SCMP_ACT_ALLOW\", "
							 "\"comment\": "
							 "\"x\"}]}");
	/* what no loaded profile holds: bytes that are not UTF-8 (static:
	 * a profile's memory is its pool's, which freeing it releases) */
	static char bad[] = "a\xff\x1b[2J\x07\x7f\xc2\x9b\xe2\x80\xa8"
			    "\xc3\xa9\"\\";
	char *json = NULL;
	struct secbpf_error err;

	p->rules[0].comment = bad;
	cr_assert_eq(secbpf_profile_to_json(p, SECBPF_JSON_DOCKER, &json, &err),
		     0);
	cr_assert(strstr(json, "\"comment\": \"a\\ufffd\\u001b[2J\\u0007"
			       "\\u007f\\u009b\\u2028\xc3\xa9\\\"\\\\\""),
		  "%s", json);
	for (const unsigned char *c = (const unsigned char *)json; *c; c++) {
		size_t k =
			sb_utf8_seq((const char *)c, strlen((const char *)c));

		cr_assert_neq(k, 0, "not UTF-8 at %s", (const char *)c);
		cr_assert(*c >= 0x20 || *c == '\n' || *c == '\t');
		cr_assert(k != 2 || c[0] != 0xc2 || c[1] >= 0xa0);
		c += k - 1;
	}
	free(json);
	secbpf_profile_free(p);
}
