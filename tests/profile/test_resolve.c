// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Resolution: capabilities, architectures, kernel versions, and the
 * shared real-world profiles against expected resolutions written from the
 * documented semantics (tests/profile/expected, by tools/profile-expect).
 */
#include <dirent.h>
#include <errno.h>
#include <linux/capability.h>

#include <json-c/json.h>

#include "helpers.h"
#include "profile/profile.h"

#define PROFILE(rules)                                                         \
	"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [" rules "]}"

/* The names of the resolved rules, "a,b;c" (rules split by ';'). */
static void rule_names(const struct secbpf_profile *r, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < r->nrules; i++)
		for (size_t k = 0; k < r->rules[i].nnames; k++)
			o += (size_t)snprintf(buf + o, len - o, "%s%s",
					      k ? "," : (i ? ";" : ""),
					      r->rules[i].names[k]);
}

static void expect_names(const char *json, const char *const *arches,
			 size_t narches, const char *const *caps, size_t ncaps,
			 bool all, const char *want)
{
	struct secbpf_profile *p = load_ok(json);
	struct secbpf_profile *r =
		resolve_ok(p, arches, narches, caps, ncaps, all);
	char got[1024];

	rule_names(r, got, sizeof(got));
	cr_assert_str_eq(got, want, "resolved '%s', want '%s'", got, want);
	secbpf_profile_free(r);
	secbpf_profile_free(p);
}

Test(resolve, caps_all_for_includes_any_for_excludes)
{
	static const char json[] =
		PROFILE("{\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\", "
			"\"includes\": {\"caps\": [\"CAP_BPF\", "
			"\"CAP_PERFMON\"]}},"
			"{\"names\": [\"b\"], \"action\": \"SCMP_ACT_ALLOW\", "
			"\"excludes\": {\"caps\": [\"CAP_BPF\", "
			"\"CAP_PERFMON\"]}},"
			"{\"names\": [\"c\"], \"action\": \"SCMP_ACT_ALLOW\"}");
	const char *const x[] = {"CAP_BPF"};
	const char *const xy[] = {"CAP_PERFMON", "CAP_BPF"};
	const char *const arch[] = {"x86_64"};

	expect_names(json, arch, 1, NULL, 0, false, "b;c");
	expect_names(json, arch, 1, x, 1, false, "c");
	expect_names(json, arch, 1, xy, 2, false, "a;c");
	expect_names(json, arch, 1, NULL, 0, true, "a;c");
}

Test(resolve, excludes_before_includes)
{
	static const char json[] = PROFILE("{\"names\": [\"a\"], \"action\": "
					   "\"SCMP_ACT_ALLOW\", "
					   "\"includes\": {\"caps\": "
					   "[\"CAP_SYS_ADMIN\"]}, "
					   "\"excludes\": {\"caps\": "
					   "[\"CAP_SYS_ADMIN\"]}}");
	const char *const arch[] = {"x86_64"};

	expect_names(json, arch, 1, NULL, 0, true, "");
	expect_names(json, arch, 1, NULL, 0, false, "");
}

/* The caller's bounding set: any case, "CAP_" optional. */
Test(resolve, caller_caps_spelt_as_users_write_them)
{
	static const char json[] = PROFILE("{\"names\": [\"a\"], \"action\": "
					   "\"SCMP_ACT_ALLOW\", "
					   "\"includes\": {\"caps\": "
					   "[\"CAP_SYS_ADMIN\"]}},"
					   "{\"names\": [\"b\"], \"action\": "
					   "\"SCMP_ACT_ALLOW\", "
					   "\"excludes\": {\"caps\": "
					   "[\"CAP_SYS_ADMIN\"]}}");
	const char *const spellings[] = {"CAP_SYS_ADMIN", "cap_sys_admin",
					 "sys_admin", "SYS_ADMIN",
					 "Cap_Sys_Admin"};
	const char *const arch[] = {"x86_64"};

	for (size_t i = 0; i < SB_ARRAY_SIZE(spellings); i++)
		expect_names(json, arch, 1, &spellings[i], 1, false, "a");
}

static void expect_cap_error(const char *cap, const char *want)
{
	struct secbpf_profile *p = load_ok(PROFILE(""));
	const char *const caps[] = {"CAP_CHOWN", cap};
	struct secbpf_resolve_opts o = {
		.sz = sizeof(o), .caps = caps, .ncaps = 2};
	struct secbpf_profile *r = NULL;
	struct secbpf_error err;

	cr_assert_eq(secbpf_profile_resolve(p, &o, &r, &err), -EINVAL,
		     "'%s' accepted", cap ? cap : "(null)");
	cr_assert_null(r);
	cr_assert_eq(err.code, -EINVAL);
	cr_assert_str_eq(err.message, want);
	secbpf_profile_free(p);
}

/* A name that is no capability is an error naming it, with the closest
 * one; never ignored (it used to resolve as if no capability was given). */
Test(resolve, unknown_caller_caps_refused)
{
	expect_cap_error("CAP_SYS_ADMN", "unknown capability 'CAP_SYS_ADMN' "
					 "(did you mean 'CAP_SYS_ADMIN'?)");
	expect_cap_error("CAP_SYS_ADMIN ", "unknown capability 'CAP_SYS_ADMIN "
					   "' (did you mean "
					   "'CAP_SYS_ADMIN'?)");
	expect_cap_error("sys_admn", "unknown capability 'sys_admn' (did you "
				     "mean 'CAP_SYS_ADMIN'?)");
	expect_cap_error("chwon", "unknown capability 'chwon' (did you mean "
				  "'CAP_CHOWN'?)");
	expect_cap_error("CAP_NOPE", "unknown capability 'CAP_NOPE' (see "
				     "capabilities(7))");
	expect_cap_error("foo", "unknown capability 'foo' (see "
				"capabilities(7))");
	expect_cap_error("", "unknown capability '' (see capabilities(7))");
	expect_cap_error("CAP_", "unknown capability 'CAP_' (see "
				 "capabilities(7))");
	expect_cap_error(" CAP_KILL", "unknown capability ' CAP_KILL' (did "
				      "you mean 'CAP_KILL'?)");
	expect_cap_error(NULL, "invalid arguments: capability 1 is NULL");
	/* longer than any capability: no suggestion, no overrun */
	expect_cap_error("CAP_SYS_ADMIN_SYS_ADMIN_SYS_ADMIN_SYS_ADMIN",
			 "unknown capability "
			 "'CAP_SYS_ADMIN_SYS_ADMIN_SYS_ADMIN_SYS_ADMIN' (see "
			 "capabilities(7))");
}

/*
 * The runtimes compare includes/excludes names with the bounding set as
 * strings, and a bounding set holds only real capabilities spelt "CAP_X":
 * a name in a profile that is none of them is never present, not even
 * with every capability, and lower case does not match.
 */
Test(resolve, unknown_profile_caps_never_present)
{
	static const char json[] =
		PROFILE("{\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\", "
			"\"includes\": {\"caps\": [\"CAP_NOPE\"]}},"
			"{\"names\": [\"b\"], \"action\": \"SCMP_ACT_ALLOW\", "
			"\"excludes\": {\"caps\": [\"CAP_NOPE\"]}},"
			"{\"names\": [\"c\"], \"action\": \"SCMP_ACT_ALLOW\", "
			"\"includes\": {\"caps\": [\"cap_sys_admin\"]}},"
			"{\"names\": [\"d\"], \"action\": \"SCMP_ACT_ALLOW\", "
			"\"excludes\": {\"caps\": [\"sys_admin\"]}},"
			"{\"names\": [\"e\"], \"action\": \"SCMP_ACT_ALLOW\", "
			"\"includes\": {\"caps\": [\"CAP_SYS_ADMIN\", "
			"\"CAP_SYS_ADMN\"]}}");
	const char *const admin[] = {"CAP_SYS_ADMIN"};
	const char *const arch[] = {"x86_64"};

	expect_names(json, arch, 1, NULL, 0, true, "b;d");
	expect_names(json, arch, 1, admin, 1, false, "b;d");
	expect_names(json, arch, 1, NULL, 0, false, "b;d");
}

/* all_caps is the kernel's whole list, each capability by its own name. */
Test(resolve, all_caps_is_every_kernel_capability)
{
	for (int nr = 0; nr < SB_CAP_COUNT; nr++) {
		char json[512];
		const char *const arch[] = {"x86_64"};

		snprintf(json, sizeof(json),
			 PROFILE("{\"names\": [\"a\"], \"action\": "
				 "\"SCMP_ACT_ALLOW\", \"includes\": "
				 "{\"caps\": [\"%s\"]}}"),
			 sb_cap_name(nr));
		expect_names(json, arch, 1, NULL, 0, true, "a");
		expect_names(json, arch, 1, NULL, 0, false, "");
	}
	cr_assert_null(sb_cap_name(SB_CAP_COUNT));
	cr_assert_null(sb_cap_name(-1));
}

/* The table is the kernel's: each name at its number in the uapi header. */
Test(resolve, cap_table_matches_uapi_header)
{
#define SAME(cap) cr_assert_eq(sb_cap_number(#cap), cap, #cap)
	SAME(CAP_CHOWN);
	SAME(CAP_DAC_OVERRIDE);
	SAME(CAP_DAC_READ_SEARCH);
	SAME(CAP_FOWNER);
	SAME(CAP_FSETID);
	SAME(CAP_KILL);
	SAME(CAP_SETGID);
	SAME(CAP_SETUID);
	SAME(CAP_SETPCAP);
	SAME(CAP_LINUX_IMMUTABLE);
	SAME(CAP_NET_BIND_SERVICE);
	SAME(CAP_NET_BROADCAST);
	SAME(CAP_NET_ADMIN);
	SAME(CAP_NET_RAW);
	SAME(CAP_IPC_LOCK);
	SAME(CAP_IPC_OWNER);
	SAME(CAP_SYS_MODULE);
	SAME(CAP_SYS_RAWIO);
	SAME(CAP_SYS_CHROOT);
	SAME(CAP_SYS_PTRACE);
	SAME(CAP_SYS_PACCT);
	SAME(CAP_SYS_ADMIN);
	SAME(CAP_SYS_BOOT);
	SAME(CAP_SYS_NICE);
	SAME(CAP_SYS_RESOURCE);
	SAME(CAP_SYS_TIME);
	SAME(CAP_SYS_TTY_CONFIG);
	SAME(CAP_MKNOD);
	SAME(CAP_LEASE);
	SAME(CAP_AUDIT_WRITE);
	SAME(CAP_AUDIT_CONTROL);
	SAME(CAP_SETFCAP);
	SAME(CAP_MAC_OVERRIDE);
	SAME(CAP_MAC_ADMIN);
	SAME(CAP_SYSLOG);
	SAME(CAP_WAKE_ALARM);
	SAME(CAP_BLOCK_SUSPEND);
	SAME(CAP_AUDIT_READ);
	SAME(CAP_PERFMON);
	SAME(CAP_BPF);
	SAME(CAP_CHECKPOINT_RESTORE);
#undef SAME
	/* a newer header with more capabilities: add them to caps.c */
	cr_assert_eq(SB_CAP_COUNT, CAP_LAST_CAP + 1,
		     "the uapi header has %d capabilities, caps.c %d",
		     CAP_LAST_CAP + 1, SB_CAP_COUNT);
}

Test(resolve, arches_test_the_primary_by_profile_names)
{
	static const char json[] =
		PROFILE("{\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\", "
			"\"includes\": {\"arches\": [\"amd64\", \"x32\"]}},"
			"{\"names\": [\"b\"], \"action\": \"SCMP_ACT_ALLOW\", "
			"\"excludes\": {\"arches\": [\"s390\", \"s390x\"]}},"
			"{\"names\": [\"c\"], \"action\": \"SCMP_ACT_ALLOW\", "
			"\"includes\": {\"arches\": [\"arm\", \"arm64\"]}},"
			"{\"names\": [\"d\"], \"action\": \"SCMP_ACT_ALLOW\", "
			"\"includes\": {\"arches\": [\"ppc64le\"]}},"
			"{\"names\": [\"e\"], \"action\": \"SCMP_ACT_ALLOW\", "
			"\"includes\": {\"arches\": [\"x86\"]}}");
	const char *const amd64[] = {"x86_64", "x86"};
	const char *const x86[] = {"x86", "x86_64"};
	const char *const s390x[] = {"SCMP_ARCH_S390X"};
	const char *const arm64[] = {"arm64"};
	const char *const ppc[] = {"ppc64le"};

	/* only the first (primary) arch is tested */
	expect_names(json, amd64, 2, NULL, 0, false, "a;b");
	expect_names(json, x86, 2, NULL, 0, false, "b;e");
	expect_names(json, s390x, 1, NULL, 0, false, "");
	expect_names(json, arm64, 1, NULL, 0, false, "b;c");
	expect_names(json, ppc, 1, NULL, 0, false, "b;d");
}

static void expect_kernel(unsigned major, unsigned minor, const char *want)
{
	static const char json[] = PROFILE("{\"names\": [\"a\"], \"action\": "
					   "\"SCMP_ACT_ALLOW\", "
					   "\"includes\": {\"minKernel\": "
					   "\"4.8\"}},"
					   "{\"names\": [\"b\"], \"action\": "
					   "\"SCMP_ACT_ALLOW\", "
					   "\"excludes\": {\"minKernel\": "
					   "\"5.10\"}}");
	const char *const arch[] = {"x86_64"};
	struct secbpf_resolve_opts o = {
		.sz = sizeof(o),
		.arches = arch,
		.narches = 1,
		.kernel_major = major,
		.kernel_minor = minor,
	};
	struct secbpf_profile *p = load_ok(json), *r;
	struct secbpf_error err;
	char got[256];

	cr_assert_eq(secbpf_profile_resolve(p, &o, &r, &err), 0, "%s",
		     err.message);
	rule_names(r, got, sizeof(got));
	cr_assert_str_eq(got, want, "kernel %u.%u: '%s', want '%s'", major,
			 minor, got, want);
	secbpf_profile_free(r);
	secbpf_profile_free(p);
}

Test(resolve, min_kernel_on_major_minor)
{
	expect_kernel(4, 7, "b");
	expect_kernel(4, 8, "a;b");
	expect_kernel(4, 19, "a;b");
	expect_kernel(5, 9, "a;b");
	expect_kernel(5, 10, "a");
	expect_kernel(6, 1, "a");
	expect_kernel(3, 99, "b");
}

Test(resolve, min_kernel_default_is_running_kernel)
{
	static const char json[] = PROFILE("{\"names\": [\"a\"], \"action\": "
					   "\"SCMP_ACT_ALLOW\", "
					   "\"includes\": {\"minKernel\": "
					   "\"2.6\"}},"
					   "{\"names\": [\"b\"], \"action\": "
					   "\"SCMP_ACT_ALLOW\", "
					   "\"includes\": {\"minKernel\": "
					   "\"60000.0\"}}");
	const char *const arch[] = {"x86_64"};
	struct secbpf_resolve_opts o = {
		.sz = sizeof(o),
		.arches = arch,
		.narches = 1,
	};
	struct secbpf_profile *p = load_ok(json), *r;
	struct secbpf_error err;

	cr_assert_eq(secbpf_profile_resolve(p, &o, &r, &err), 0);
	cr_assert_eq(r->nrules, 1);
	cr_assert_str_eq(r->rules[0].names[0], "a");
	secbpf_profile_free(r);
	secbpf_profile_free(p);
}

Test(resolve, target_arches)
{
	const struct secbpf_arch *native = secbpf_arch_native();
	struct secbpf_profile *p, *r;
	const char *const two[] = {"arm64", "SCMP_ARCH_ARM", "aarch64"};

	/* the caller's list, deduplicated by identity, first = primary */
	p = load_ok("{\"defaultAction\": \"SCMP_ACT_ALLOW\"}");
	r = resolve_ok(p, two, 3, NULL, 0, false);
	cr_assert_eq(r->narches, 2);
	cr_assert_str_eq(r->arches[0], "SCMP_ARCH_AARCH64");
	cr_assert_str_eq(r->arches[1], "SCMP_ARCH_ARM");
	secbpf_profile_free(r);
	secbpf_profile_free(p);
	if (!native)
		return;

	/* no archMap: the native arch alone */
	p = load_ok("{\"defaultAction\": \"SCMP_ACT_ALLOW\"}");
	r = resolve_ok(p, NULL, 0, NULL, 0, false);
	cr_assert_eq(r->narches, 1);
	cr_assert_str_eq(r->arches[0], secbpf_arch_scmp_name(native));
	secbpf_profile_free(r);
	secbpf_profile_free(p);

	/* "architectures": the native arch first, then the list */
	p = load_ok("{\"defaultAction\": \"SCMP_ACT_ALLOW\", "
		    "\"architectures\": [\"SCMP_ARCH_RISCV64\", "
		    "\"SCMP_ARCH_NATIVE\"]}");
	r = resolve_ok(p, NULL, 0, NULL, 0, false);
	cr_assert_str_eq(r->arches[0], secbpf_arch_scmp_name(native));
	cr_assert_eq(r->narches,
		     strcmp(secbpf_arch_name(native), "riscv64") ? 2 : 1);
	secbpf_profile_free(r);
	secbpf_profile_free(p);
}

Test(resolve, archmap_takes_the_host_entry)
{
	const struct secbpf_arch *native = secbpf_arch_native();
	const struct secbpf_arch *sub[8];
	size_t nsub;
	struct secbpf_profile *p, *r;
	char json[1024];

	if (!native)
		cr_skip_test("native arch not supported");
	nsub = secbpf_arch_subarches(native, sub, 8);
	snprintf(json, sizeof(json),
		 "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"archMap\": ["
		 "{\"architecture\": \"SCMP_ARCH_PPC\", \"subArchitectures\": "
		 "[\"SCMP_ARCH_X86\"]}, {\"architecture\": \"%s\", "
		 "\"subArchitectures\": [\"SCMP_ARCH_S390\", \"%s\"]}]}",
		 secbpf_arch_scmp_name(native),
		 secbpf_arch_scmp_name(nsub ? sub[0] : native));
	p = load_ok(json);
	r = resolve_ok(p, NULL, 0, NULL, 0, false);
	cr_assert_str_eq(r->arches[0], secbpf_arch_scmp_name(native));
	cr_assert_str_eq(r->arches[1], "SCMP_ARCH_S390");
	cr_assert_eq(r->narches, nsub ? 3 : 2);
	secbpf_profile_free(r);
	secbpf_profile_free(p);
}

Test(resolve, output_is_oci)
{
	static const char json[] =
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrno\": "
		"\"ENOSYS\", \"flags\": [], \"listenerPath\": \"/s\", "
		"\"syscalls\": [{\"name\": \"read\", \"action\": "
		"\"SCMP_ACT_ERRNO\", \"errno\": \"EIO\", \"comment\": \"c\", "
		"\"includes\": {\"arches\": [\"amd64\"]}, \"args\": "
		"[{\"index\": "
		"1, \"value\": 2, \"op\": \"SCMP_CMP_GT\"}]}, {\"names\": [], "
		"\"action\": \"SCMP_ACT_ALLOW\"}]}";
	const char *const arch[] = {"x86_64"};
	struct secbpf_profile *p = load_ok(json);
	struct secbpf_profile *r = resolve_ok(p, arch, 1, NULL, 0, false);
	struct secbpf_error err;
	char *out;

	cr_assert_eq(r->default_data, ENOSYS);
	cr_assert(r->flags_set);
	cr_assert_str_eq(r->listener_path, "/s");
	cr_assert_eq(r->nrules, 1, "the rule naming nothing is dropped");
	cr_assert_eq(r->rules[0].data, EIO);
	cr_assert_null(r->rules[0].comment);
	cr_assert_eq(r->rules[0].includes.narches, 0);
	cr_assert_eq(r->rules[0].nargs, 1);
	cr_assert_eq(secbpf_profile_to_json(r, SECBPF_JSON_OCI, &out, &err), 0);
	cr_assert(strstr(out, "\"errnoRet\": 5"), "%s", out);
	cr_assert(strstr(out, "\"defaultErrnoRet\": 38"), "%s", out);
	cr_assert(strstr(out, "\"flags\": []"), "%s", out);
	cr_assert_null(strstr(out, "includes"), "%s", out);
	cr_assert_null(strstr(out, "comment"), "%s", out);
	cr_assert_null(strstr(out, "valueTwo"), "%s", out);
	free(out);
	secbpf_profile_free(r);
	secbpf_profile_free(p);
}

/*
 * A resolved profile shares its source's strings (a counted pool): each
 * profile stays whole whichever is freed first, and resolving a resolved
 * profile shares the same strings again.  Under ASan a use after free or
 * a leak fails here.
 */
Test(resolve, shares_strings_whatever_is_freed_first)
{
	static const char json[] =
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"flags\": "
		"[\"SECCOMP_FILTER_FLAG_LOG\"], \"listenerPath\": \"/s\", "
		"\"syscalls\": [{\"names\": [\"read\", \"write\"], \"action\": "
		"\"SCMP_ACT_ALLOW\", \"comment\": \"kept in the source\"}]}";
	const char *const arch[] = {"x86_64"};

	for (int order = 0; order < 3; order++) {
		struct secbpf_profile *p = load_ok(json);
		struct secbpf_profile *r =
			resolve_ok(p, arch, 1, NULL, 0, false);
		struct secbpf_profile *rr =
			resolve_ok(r, arch, 1, NULL, 0, false);
		struct secbpf_profile *first = order == 0   ? p
					       : order == 1 ? r
							    : rr;

		cr_assert_eq(r->rules[0].names, p->rules[0].names,
			     "the names are shared, not copied");
		secbpf_profile_free(first);
		if (first != rr) {
			cr_assert_str_eq(rr->rules[0].names[1], "write");
			cr_assert_str_eq(rr->flags[0], "SECCOMP_FILTER_FLAG_"
						       "LOG");
			cr_assert_str_eq(rr->listener_path, "/s");
			cr_assert_str_eq(rr->arches[0], "SCMP_ARCH_X86_64");
		}
		if (first != r)
			cr_assert_str_eq(r->rules[0].names[0], "read");
		if (first != p)
			cr_assert_str_eq(p->rules[0].comment, "kept in the "
							      "source");
		if (first != p)
			secbpf_profile_free(p);
		if (first != r)
			secbpf_profile_free(r);
		if (first != rr)
			secbpf_profile_free(rr);
	}
}

Test(resolve, bad_options)
{
	struct secbpf_profile *p = load_ok("{\"defaultAction\": "
					   "\"SCMP_ACT_ALLOW\"}");
	const char *const bad[] = {"x86_64", "vax"};
	const char *const nine[] = {"x86_64", "x86",	 "x32",
				    "arm",    "aarch64", "s390",
				    "s390x",  "ppc",	 "ppc64le"};
	struct secbpf_resolve_opts o = {
		.sz = sizeof(o),
		.arches = bad,
		.narches = 2,
	};
	struct secbpf_profile *r = NULL;
	struct secbpf_error err;

	cr_assert_eq(secbpf_profile_resolve(p, &o, &r, &err), -EINVAL);
	cr_assert(strstr(err.message, "unknown architecture 'vax'"), "%s",
		  err.message);
	/* every known arch fits in one policy (a libseccomp filter may hold
	 * all arches of one byte order) */
	o.arches = nine;
	o.narches = 9;
	cr_assert_eq(secbpf_profile_resolve(p, &o, &r, &err), 0, "%s",
		     err.message);
	secbpf_profile_free(r);
	r = NULL;
	cr_assert_geq(SB_MAX_ARCHES, secbpf_arch_count());
	cr_assert_eq(secbpf_profile_resolve(NULL, &o, &r, &err), -EINVAL);
	/* an older, shorter options struct: its fields only */
	o.sz = offsetof(struct secbpf_resolve_opts, arches);
	cr_assert_eq(secbpf_profile_resolve(p, &o, &r, &err),
		     secbpf_arch_native() ? 0 : -EOPNOTSUPP);
	secbpf_profile_free(r);
	secbpf_profile_free(p);
}

/* ---- the shared profiles ---- */

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	cr_assert_not_null(f, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	cr_assert_not_null(buf);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static json_object *parse_json(const char *text)
{
	json_object *o = json_tokener_parse(text);

	cr_assert_not_null(o, "not JSON:\n%.300s", text);
	return o;
}

static void check_expected(const char *dir, const char *base)
{
	static const char *const tags[] = {"nocaps", "allcaps"};
	const char *root = getenv("SECBPF_SOURCE_ROOT");
	const char *const arch[] = {"x86_64"};
	char path[4400];
	struct secbpf_profile *p;

	cr_assert_not_null(root);
	snprintf(path, sizeof(path), "%s/%s.json", dir, base);
	p = load_file_ok(path);
	for (int t = 0; t < 2; t++) {
		struct secbpf_profile *r =
			resolve_ok(p, arch, 1, NULL, 0, t == 1);
		struct secbpf_error err;
		json_object *ours, *want, *a, *b;
		char *text, *wtext;

		cr_assert_eq(secbpf_profile_to_json(r, SECBPF_JSON_OCI, &text,
						    &err),
			     0);
		snprintf(path, sizeof(path),
			 "%s/tests/profile/expected/%s.%s.json", root, base,
			 tags[t]);
		wtext = read_text(path);
		ours = parse_json(text);
		want = parse_json(wtext);
		/* rule sets, in order, and the default */
		json_object_object_get_ex(ours, "syscalls", &a);
		json_object_object_get_ex(want, "syscalls", &b);
		cr_assert(json_object_equal(a, b),
			  "%s %s: resolved syscalls differ\nours: %.2000s\n"
			  "want: %.2000s",
			  base, tags[t], json_object_to_json_string(a),
			  json_object_to_json_string(b));
		json_object_object_get_ex(ours, "defaultAction", &a);
		json_object_object_get_ex(want, "defaultAction", &b);
		cr_assert(json_object_equal(a, b), "%s", base);
		a = b = NULL;
		json_object_object_get_ex(ours, "defaultErrnoRet", &a);
		json_object_object_get_ex(want, "defaultErrnoRet", &b);
		cr_assert(json_object_equal(a, b), "%s defaultErrnoRet", base);
		json_object_put(ours);
		free(text);
		secbpf_profile_free(r);

		/* the host's arches, when the host is the one expected */
		if (secbpf_arch_native() &&
		    !strcmp(secbpf_arch_name(secbpf_arch_native()), "x86_64")) {
			r = resolve_ok(p, NULL, 0, NULL, 0, t == 1);
			cr_assert_eq(secbpf_profile_to_json(r, SECBPF_JSON_OCI,
							    &text, &err),
				     0);
			ours = parse_json(text);
			json_object_object_get_ex(ours, "architectures", &a);
			json_object_object_get_ex(want, "architectures", &b);
			cr_assert(json_object_equal(a, b),
				  "%s: architectures %s, want %s", base,
				  json_object_to_json_string(a),
				  json_object_to_json_string(b));
			json_object_put(ours);
			free(text);
			secbpf_profile_free(r);
		}
		json_object_put(want);
		free(wtext);
	}
	secbpf_profile_free(p);
}

Test(shared, resolutions_match_expected)
{
	const char *dir = shared_profiles();
	DIR *d;
	struct dirent *e;
	int n = 0;

	if (!dir)
		cr_skip_test("no shared profiles");
	d = opendir(dir);
	cr_assert_not_null(d);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		char base[256];

		if (len < 6 || strcmp(e->d_name + len - 5, ".json") ||
		    len - 5 >= sizeof(base))
			continue;
		memcpy(base, e->d_name, len - 5);
		base[len - 5] = '\0';
		check_expected(dir, base);
		n++;
	}
	closedir(d);
	cr_assert_geq(n, 6, "only %d shared profiles", n);
}

Test(shared, every_profile_resolves_for_every_arch)
{
	const char *dir = shared_profiles();
	DIR *d;
	struct dirent *e;

	if (!dir)
		cr_skip_test("no shared profiles");
	d = opendir(dir);
	cr_assert_not_null(d);
	while ((e = readdir(d))) {
		char path[4400];
		struct secbpf_profile *p;

		if (!strstr(e->d_name, ".json"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		p = load_file_ok(path);
		for (size_t i = 0; i < secbpf_arch_count(); i++) {
			const char *name = secbpf_arch_name(secbpf_arch_at(i));
			struct secbpf_profile *r =
				resolve_ok(p, &name, 1, NULL, 0, i % 2);
			struct secbpf_policy *pol;
			struct secbpf_error err;

			cr_assert_eq(secbpf_policy_new(r, NULL, &pol, &err), 0,
				     "%s on %s: %s", e->d_name, name,
				     err.message);
			cr_assert_gt(pol->arch[0].nsys, 0, "%s on %s",
				     e->d_name, name);
			secbpf_policy_free(pol);
			secbpf_profile_free(r);
		}
		secbpf_profile_free(p);
	}
	closedir(d);
}
