// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The embedded default profile decides every syscall as containers/common's
 * seccomp.json does: same resolution and same IR for no capabilities, all
 * of them and each one alone, on every architecture.
 */
#include <errno.h>

#include <json-c/json.h>

#include "helpers.h"

/* Every capability a bounding set can hold (linux/capability.h). */
static const char *const all_caps[] = {
	"CAP_CHOWN",
	"CAP_DAC_OVERRIDE",
	"CAP_DAC_READ_SEARCH",
	"CAP_FOWNER",
	"CAP_FSETID",
	"CAP_KILL",
	"CAP_SETGID",
	"CAP_SETUID",
	"CAP_SETPCAP",
	"CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE",
	"CAP_NET_BROADCAST",
	"CAP_NET_ADMIN",
	"CAP_NET_RAW",
	"CAP_IPC_LOCK",
	"CAP_IPC_OWNER",
	"CAP_SYS_MODULE",
	"CAP_SYS_RAWIO",
	"CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE",
	"CAP_SYS_PACCT",
	"CAP_SYS_ADMIN",
	"CAP_SYS_BOOT",
	"CAP_SYS_NICE",
	"CAP_SYS_RESOURCE",
	"CAP_SYS_TIME",
	"CAP_SYS_TTY_CONFIG",
	"CAP_MKNOD",
	"CAP_LEASE",
	"CAP_AUDIT_WRITE",
	"CAP_AUDIT_CONTROL",
	"CAP_SETFCAP",
	"CAP_MAC_OVERRIDE",
	"CAP_MAC_ADMIN",
	"CAP_SYSLOG",
	"CAP_WAKE_ALARM",
	"CAP_BLOCK_SUSPEND",
	"CAP_AUDIT_READ",
	"CAP_PERFMON",
	"CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
};

static struct secbpf_profile *load_default(void)
{
	struct secbpf_profile *p = NULL;
	struct secbpf_error err;

	cr_assert_eq(secbpf_profile_default(&p, &err), 0, "%s", err.message);
	return p;
}

static struct secbpf_profile *load_reference(void)
{
	const char *dir = shared_profiles();
	char path[4200];

	if (!dir)
		return NULL;
	snprintf(path, sizeof(path), "%s/containers_common_seccomp.json", dir);
	return load_file_ok(path);
}

static void rules_equal(const struct sb_ir_syscall *a,
			const struct sb_ir_syscall *b, const char *where)
{
	cr_assert_eq(a->nr, b->nr, "%s", where);
	cr_assert_eq(a->nrules, b->nrules, "%s nr %u", where, a->nr);
	for (size_t i = 0; i < a->nrules; i++) {
		const struct sb_rule *x = &a->rules[i], *y = &b->rules[i];

		cr_assert_eq(x->action, y->action, "%s nr %u", where, a->nr);
		cr_assert_eq(x->ncond, y->ncond, "%s nr %u", where, a->nr);
		for (unsigned k = 0; k < x->ncond; k++)
			cr_assert(!memcmp(&x->cond[k], &y->cond[k],
					  sizeof(x->cond[k])),
				  "%s nr %u", where, a->nr);
	}
}

/* Same resolved OCI JSON and same IR for one environment. */
static void same_decisions(const struct secbpf_profile *ours,
			   const struct secbpf_profile *ref,
			   const char *const *arches, size_t narches,
			   const char *const *caps, size_t ncaps, bool all,
			   const char *what)
{
	struct secbpf_profile *a =
		resolve_ok(ours, arches, narches, caps, ncaps, all);
	struct secbpf_profile *b =
		resolve_ok(ref, arches, narches, caps, ncaps, all);
	struct secbpf_policy *pa, *pb;
	struct secbpf_error err;
	char *ja, *jb;

	cr_assert_eq(secbpf_profile_to_json(a, SECBPF_JSON_OCI, &ja, &err), 0);
	cr_assert_eq(secbpf_profile_to_json(b, SECBPF_JSON_OCI, &jb, &err), 0);
	cr_assert_str_eq(ja, jb, "%s: resolutions differ", what);
	cr_assert_eq(secbpf_policy_new(a, NULL, &pa, &err), 0);
	cr_assert_eq(secbpf_policy_new(b, NULL, &pb, &err), 0);
	cr_assert_eq(pa->default_action, pb->default_action);
	cr_assert_eq(pa->narch, pb->narch);
	for (size_t i = 0; i < pa->narch; i++) {
		cr_assert_eq(pa->arch[i].arch, pb->arch[i].arch);
		cr_assert_eq(pa->arch[i].nsys, pb->arch[i].nsys, "%s", what);
		cr_assert_eq(pa->arch[i].max_named_nr,
			     pb->arch[i].max_named_nr);
		for (size_t s = 0; s < pa->arch[i].nsys; s++)
			rules_equal(&pa->arch[i].sys[s], &pb->arch[i].sys[s],
				    what);
	}
	secbpf_policy_free(pa);
	secbpf_policy_free(pb);
	free(ja);
	free(jb);
	secbpf_profile_free(a);
	secbpf_profile_free(b);
}

Test(default_profile, loads_and_is_containers_common)
{
	struct secbpf_profile *p = load_default();

	cr_assert_eq(p->default_act, SB_ACT_ERRNO);
	cr_assert_eq(p->default_data, ENOSYS);
	cr_assert_gt(p->nrules, 30);
	cr_assert_gt(p->narchmap, 5);
	cr_assert_str_eq(p->source, "<default profile>");
	secbpf_profile_free(p);
}

Test(default_profile, same_decisions_for_every_cap_set_and_arch)
{
	struct secbpf_profile *ours = load_default();
	struct secbpf_profile *ref = load_reference();
	char what[128];

	if (!ref) {
		secbpf_profile_free(ours);
		cr_skip_test("no shared profiles");
	}
	for (size_t i = 0; i < secbpf_arch_count(); i++) {
		const char *arch = secbpf_arch_name(secbpf_arch_at(i));
		const struct secbpf_arch *sub[8];
		const char *targets[9] = {arch};
		size_t n = 1 + secbpf_arch_subarches(secbpf_arch_at(i), sub, 8);

		/* the arch and its runtime sub-arches, as on that host */
		for (size_t k = 1; k < n && k < 9; k++)
			targets[k] = secbpf_arch_name(sub[k - 1]);
		snprintf(what, sizeof(what), "%s, no caps", arch);
		same_decisions(ours, ref, targets, n, NULL, 0, false, what);
		snprintf(what, sizeof(what), "%s, all caps", arch);
		same_decisions(ours, ref, targets, n, NULL, 0, true, what);
		for (size_t c = 0; c < SB_ARRAY_SIZE(all_caps); c++) {
			snprintf(what, sizeof(what), "%s, %s", arch,
				 all_caps[c]);
			same_decisions(ours, ref, targets, n, &all_caps[c], 1,
				       false, what);
		}
		/* all caps spelled out equals all_caps */
		snprintf(what, sizeof(what), "%s, every cap listed", arch);
		same_decisions(ours, ref, targets, n, all_caps,
			       SB_ARRAY_SIZE(all_caps), false, what);
	}
	secbpf_profile_free(ref);
	secbpf_profile_free(ours);
}

Test(default_profile, docker_json_is_the_reference_file)
{
	struct secbpf_profile *ours = load_default();
	const char *dir = shared_profiles();
	struct secbpf_error err;
	json_object *a, *b, *sa, *sb;
	char path[4200], *text;

	if (!dir) {
		secbpf_profile_free(ours);
		cr_skip_test("no shared profiles");
	}
	cr_assert_eq(secbpf_profile_to_json(ours, SECBPF_JSON_DOCKER, &text,
					    &err),
		     0);
	snprintf(path, sizeof(path), "%s/containers_common_seccomp.json", dir);
	a = json_tokener_parse(text);
	b = json_object_from_file(path);
	cr_assert_not_null(a);
	cr_assert_not_null(b);
	/* field by field; comments are ours, and "args": null is [] */
	json_object_object_get_ex(a, "syscalls", &sa);
	json_object_object_get_ex(b, "syscalls", &sb);
	cr_assert_eq(json_object_array_length(sa),
		     json_object_array_length(sb));
	for (size_t i = 0; i < json_object_array_length(sa); i++) {
		json_object *x = json_object_array_get_idx(sa, i);
		json_object *y = json_object_array_get_idx(sb, i);

		json_object_object_del(x, "comment");
		json_object_object_del(y, "comment");
		if (!json_object_object_get_ex(y, "args", NULL) ||
		    json_object_get_type(json_object_object_get(y, "args")) ==
			    json_type_null)
			json_object_object_add(y, "args",
					       json_object_new_array());
		cr_assert(json_object_equal(x, y), "rule %zu:\n%s\n%s", i,
			  json_object_to_json_string(x),
			  json_object_to_json_string(y));
	}
	json_object_object_del(a, "syscalls");
	json_object_object_del(b, "syscalls");
	cr_assert(json_object_equal(a, b), "header:\n%s\n%s",
		  json_object_to_json_string(a), json_object_to_json_string(b));
	json_object_put(a);
	json_object_put(b);
	free(text);
	secbpf_profile_free(ours);
}

Test(default_profile, docker_json_round_trips)
{
	struct secbpf_profile *p = load_default(), *q;
	struct secbpf_error err;
	char *a, *b;

	cr_assert_eq(secbpf_profile_to_json(p, SECBPF_JSON_DOCKER, &a, &err),
		     0);
	q = load_ok(a);
	cr_assert_eq(secbpf_profile_to_json(q, SECBPF_JSON_DOCKER, &b, &err),
		     0);
	cr_assert_str_eq(a, b);
	free(a);
	free(b);
	secbpf_profile_free(q);
	secbpf_profile_free(p);
}

Test(default_profile, docker_json_of_every_field)
{
	static const char json[] =
		"{\"defaultAction\": \"SCMP_ACT_TRACE\", \"defaultErrnoRet\": "
		"9,"
		" \"architectures\": [\"SCMP_ARCH_X86_64\"], \"flags\": "
		"[\"SECCOMP_FILTER_FLAG_LOG\"], \"listenerPath\": \"/a\\\"b\","
		" \"listenerMetadata\": \"m\\n\", \"syscalls\": [{\"names\": "
		"[\"read\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 13, "
		"\"comment\": \"tab\\there\", \"args\": [{\"index\": 2, "
		"\"value\": 18446744073709551615, \"valueTwo\": 1, \"op\": "
		"\"SCMP_CMP_MASKED_EQ\"}], \"includes\": {\"caps\": "
		"[\"CAP_X\"], \"minKernel\": \"5.4\"}, \"excludes\": "
		"{\"arches\": [\"x86\"]}}]}";
	struct secbpf_profile *p = load_ok(json), *q;
	struct secbpf_error err;
	char *a, *b;

	cr_assert_eq(secbpf_profile_to_json(p, SECBPF_JSON_DOCKER, &a, &err),
		     0);
	cr_assert(strstr(a, "\"errno\": \"EACCES\""), "%s", a);
	cr_assert(strstr(a, "\"minKernel\": \"5.4\""), "%s", a);
	cr_assert(strstr(a, "\"listenerPath\": \"/a\\\"b\""), "%s", a);
	cr_assert_null(strstr(a, "defaultErrno\""), "TRACE data is no errno");
	q = load_ok(a);
	cr_assert_eq(secbpf_profile_to_json(q, SECBPF_JSON_DOCKER, &b, &err),
		     0);
	cr_assert_str_eq(a, b);
	cr_assert_eq(q->rules[0].args[0].value, UINT64_MAX);
	cr_assert_str_eq(q->rules[0].comment, "tab\there");
	cr_assert_str_eq(q->listener_metadata, "m\n");
	free(a);
	free(b);
	secbpf_profile_free(q);
	secbpf_profile_free(p);
}
