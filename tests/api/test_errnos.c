// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The errno table of secbpf.h, provoked: one case per (function, errno)
 * the table lists, each calling the function so that it must fail with
 * that errno and fill the error object.  The table is read from the
 * header itself, so that an entry nobody provokes fails here (or is in
 * "untestable", with the reason), and a case the table does not list
 * fails too.  ENOMEM is provoked for real: the library's allocations go
 * through wrappers (-Wl,--wrap) that fail the k-th one, for every k until
 * the call succeeds; each failure must come back as -ENOMEM (or the call
 * must do without), never as another error or a crash (and, under ASan,
 * never as a leak).  Installs run in forked children.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "secbpf.h"

#ifndef SECCOMP_FILTER_FLAG_TSYNC_ESRCH
#define SECCOMP_FILTER_FLAG_TSYNC_ESRCH (1UL << 4)
#endif

/* ---- failing allocations ---- */

static bool armed;	  /* inside the call under test */
static long fail_at = -1; /* this allocation fails; -1: none */
static long allocs;	  /* allocations while armed */

static bool fail_now(void)
{
	if (!armed)
		return false;
	return allocs++ == fail_at;
}

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
int __real_vasprintf(char **out, const char *fmt, va_list ap);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
int __wrap_vasprintf(char **out, const char *fmt, va_list ap);

void *__wrap_malloc(size_t n)
{
	return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fail_now() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	return fail_now() ? NULL : __real_strdup(s);
}

int __wrap_vasprintf(char **out, const char *fmt, va_list ap)
{
	return fail_now() ? -1 : __real_vasprintf(out, fmt, ap);
}

/* The call under test, allocations counted (and failed on request). */
#define CALL(expr)                                                             \
	__extension__({                                                        \
		int rc_;                                                       \
		armed = true;                                                  \
		rc_ = (expr);                                                  \
		armed = false;                                                 \
		rc_;                                                           \
	})

/* ---- inputs ---- */

#define X86_64 secbpf_arch_lookup("x86_64")
#define ALLOW_ONLY "{\"defaultAction\":\"SCMP_ACT_ALLOW\"}"
#define SMALL                                                                  \
	"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":"             \
	"[\"SCMP_ARCH_X86_64\"],\"syscalls\":[{\"names\":[\"read\","           \
	"\"write\"],\"action\":\"SCMP_ACT_ALLOW\"},{\"names\":[\"ioctl\"],"    \
	"\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":1,\"value\":"      \
	"21505,\"op\":\"SCMP_CMP_EQ\"}]}]}"

static struct secbpf_profile *load(const char *json)
{
	struct secbpf_profile *p = NULL;
	struct secbpf_error err;

	cr_assert_eq(secbpf_profile_load_bytes(json, strlen(json), "t.json", &p,
					       &err),
		     0, "%s", err.message);
	return p;
}

static struct secbpf_profile *load_resolved(const char *json)
{
	struct secbpf_profile *p = load(json), *r = NULL;

	cr_assert_eq(secbpf_profile_resolve(p, NULL, &r, NULL), 0);
	secbpf_profile_free(p);
	return r;
}

static struct secbpf_policy *policy_of(const char *json)
{
	struct secbpf_profile *r = load_resolved(json);
	struct secbpf_policy *pol = NULL;

	cr_assert_eq(secbpf_policy_new(r, NULL, &pol, NULL), 0);
	secbpf_profile_free(r);
	return pol;
}

static struct secbpf_prog *prog_of(const char *json)
{
	struct secbpf_policy *pol = policy_of(json);
	struct secbpf_prog *p = NULL;

	cr_assert_eq(secbpf_compile(pol, NULL, &p, NULL), 0);
	secbpf_policy_free(pol);
	return p;
}

/* n instructions: loads of the syscall number, then RET ALLOW. */
static struct secbpf_prog *long_prog(size_t n)
{
	struct secbpf_insn *in = calloc(n, sizeof(*in));
	struct secbpf_prog *p = NULL;

	cr_assert_not_null(in);
	for (size_t i = 0; i + 1 < n; i++)
		in[i] = (struct secbpf_insn){0x20, 0, 0, 0}; /* ld [0] */
	in[n - 1] = (struct secbpf_insn){0x06, 0, 0, SECBPF_RET_ALLOW};
	cr_assert_eq(secbpf_prog_new(in, n,
				     __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__, &p,
				     NULL),
		     0);
	free(in);
	return p;
}

/* A temporary file holding "text"; its path, malloc()ed. */
static char *temp_file(const char *text, size_t len)
{
	char *path = strdup("/tmp/secbpf-errno-XXXXXX");
	int fd = mkstemp(path);

	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, text, len), (ssize_t)len);
	close(fd);
	return path;
}

/* A rule on "name" with n conditions on argument "arg". */
static char *rule_with_conds(const char *name, unsigned arg, unsigned n)
{
	char *json = malloc(4096);
	size_t o = 0;

	o += (size_t)snprintf(json + o, 4096 - o,
			      "{\"defaultAction\":\"SCMP_ACT_ALLOW\","
			      "\"architectures\":[\"SCMP_ARCH_X86\"],"
			      "\"syscalls\":[{\"names\":[\"%s\"],\"action\":"
			      "\"SCMP_ACT_ERRNO\",\"args\":[",
			      name);
	for (unsigned i = 0; i < n; i++)
		o += (size_t)snprintf(json + o, 4096 - o,
				      "%s{\"index\":%u,\"value\":%u,\"op\":"
				      "\"SCMP_CMP_NE\"}",
				      i ? "," : "", arg, i + 1);
	snprintf(json + o, 4096 - o, "]}]}");
	return json;
}

/* ---- the cases ---- */

typedef int (*run_fn)(struct secbpf_error *err);

static int lookup_einval(struct secbpf_error *e)
{
	(void)e;
	return secbpf_syscall_lookup(NULL, "read", NULL);
}

static int lookup_enoent(struct secbpf_error *e)
{
	(void)e;
	return secbpf_syscall_lookup(X86_64, "no_such_call", NULL);
}

static int at_einval(struct secbpf_error *e)
{
	(void)e;
	return secbpf_syscall_at(NULL, 0, NULL, NULL);
}

static int at_enoent(struct secbpf_error *e)
{
	(void)e;
	return secbpf_syscall_at(X86_64, 1000000, NULL, NULL);
}

static int mux_einval(struct secbpf_error *e)
{
	(void)e;
	return secbpf_syscall_multiplex(NULL, "socket", NULL, NULL);
}

static int mux_enoent(struct secbpf_error *e)
{
	(void)e; /* x86_64 has no socketcall */
	return secbpf_syscall_multiplex(X86_64, "socket", NULL, NULL);
}

static int prog_new_einval(struct secbpf_error *e)
{
	struct secbpf_prog *p = NULL;
	const struct secbpf_insn in = {0x06, 0, 0, 0};

	return secbpf_prog_new(&in, 0, false, &p, e);
}

static int prog_new_e2big(struct secbpf_error *e)
{
	struct secbpf_insn *in = calloc(4097, sizeof(*in));
	struct secbpf_prog *p = NULL;
	int rc = secbpf_prog_new(in, 4097, false, &p, e);

	free(in);
	return rc;
}

static int prog_new_ok(struct secbpf_error *e)
{
	const struct secbpf_insn in = {0x06, 0, 0, SECBPF_RET_ALLOW};
	struct secbpf_prog *p = NULL;
	int rc = CALL(secbpf_prog_new(&in, 1, false, &p, e));

	secbpf_prog_free(p);
	return rc;
}

static int prog_read_einval(struct secbpf_error *e)
{
	struct secbpf_prog *p = NULL;

	return secbpf_prog_read("zz", 2, SECBPF_FORMAT_HEX, false, &p, e);
}

static int prog_read_e2big(struct secbpf_error *e)
{
	size_t len = 4097 * sizeof(struct secbpf_insn);
	struct secbpf_insn *in = calloc(4097, sizeof(*in));
	struct secbpf_prog *p = NULL;
	int rc;

	for (size_t i = 0; i < 4097; i++)
		in[i] = (struct secbpf_insn){0x06, 0, 0, SECBPF_RET_ALLOW};
	rc = secbpf_prog_read(in, len, SECBPF_FORMAT_RAW,
			      __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__, &p, e);
	free(in);
	return rc;
}

static int prog_read_eopnotsupp(struct secbpf_error *e)
{
	struct secbpf_prog *p = NULL;

	return secbpf_prog_read("{}", 2, SECBPF_FORMAT_C, false, &p, e);
}

static int prog_read_ok(struct secbpf_error *e)
{
	static const char hex[] = "0600000000000000";
	struct secbpf_prog *p = NULL;
	int rc = CALL(secbpf_prog_read(hex, strlen(hex), SECBPF_FORMAT_HEX,
				       false, &p, e));

	secbpf_prog_free(p);
	return rc;
}

static int prog_write_einval(struct secbpf_error *e)
{
	char *out = NULL;
	size_t len;

	return secbpf_prog_write(NULL, SECBPF_FORMAT_HEX, &out, &len, e);
}

static int prog_write_ok(struct secbpf_error *e)
{
	struct secbpf_prog *p = prog_of(SMALL);
	char *out = NULL;
	size_t len;
	int rc = CALL(secbpf_prog_write(p, SECBPF_FORMAT_C, &out, &len, e));

	free(out);
	secbpf_prog_free(p);
	return rc;
}

static int verify_einval(struct secbpf_error *e)
{
	const struct secbpf_insn in = {0x20, 0, 0, 0}; /* no RET */
	struct secbpf_prog *p = NULL;
	int rc;

	cr_assert_eq(secbpf_prog_new(&in, 1, false, &p, NULL), 0);
	rc = secbpf_prog_verify(p, e);
	secbpf_prog_free(p);
	return rc;
}

static int run_einval(struct secbpf_error *e)
{
	struct secbpf_prog *p = long_prog(1);
	struct secbpf_run_result res = {0};
	int rc = secbpf_prog_run(p, NULL, &res, e);

	secbpf_prog_free(p);
	return rc;
}

static int disasm_einval(struct secbpf_error *e)
{
	return secbpf_prog_disasm(NULL, NULL, NULL, e);
}

static int disasm_ok(struct secbpf_error *e)
{
	struct secbpf_prog *p = prog_of(SMALL);
	char *text = NULL;
	int rc = CALL(secbpf_prog_disasm(p, NULL, &text, e));

	free(text);
	secbpf_prog_free(p);
	return rc;
}

static int stack_einval(struct secbpf_error *e)
{
	struct secbpf_stack_result res;

	return secbpf_stack_run(NULL, 0, NULL, &res, e);
}

/* 8 filters of 4096: 8 x 4100 is past 32768 */
static int big_stack(struct secbpf_error *e, bool summary)
{
	struct secbpf_prog *p = long_prog(4096);
	const struct secbpf_prog *const progs[8] = {p, p, p, p, p, p, p, p};
	const struct secbpf_data d = {0};
	struct secbpf_stack_result res;
	struct secbpf_summary *s = NULL;
	int rc = summary ? secbpf_summarize(progs, 8, NULL, &s, e)
			 : secbpf_stack_run(progs, 8, &d, &res, e);

	secbpf_summary_free(s);
	secbpf_prog_free(p);
	return rc;
}

static int stack_e2big(struct secbpf_error *e)
{
	return big_stack(e, false);
}

static int summarize_e2big(struct secbpf_error *e)
{
	return big_stack(e, true);
}

static int summarize_einval(struct secbpf_error *e)
{
	struct secbpf_summary *s = NULL;

	return secbpf_summarize(NULL, 0, NULL, &s, e);
}

static int summarize_ok(struct secbpf_error *e)
{
	struct secbpf_prog *p = prog_of(SMALL);
	const struct secbpf_prog *const progs[] = {p};
	SECBPF_OPTS(secbpf_analysis_opts, ao, .budget = 20000);
	struct secbpf_summary *s = NULL;
	int rc = CALL(secbpf_summarize(progs, 1, &ao, &s, e));

	secbpf_summary_free(s);
	secbpf_prog_free(p);
	return rc;
}

static int diff_einval(struct secbpf_error *e)
{
	struct secbpf_diff *d = NULL;

	return secbpf_prog_diff(NULL, NULL, NULL, &d, e);
}

static int diff_ok(struct secbpf_error *e)
{
	struct secbpf_prog *a = prog_of(SMALL), *b = prog_of(ALLOW_ONLY);
	SECBPF_OPTS(secbpf_analysis_opts, ao, .budget = 20000);
	struct secbpf_diff *d = NULL;
	int rc = CALL(secbpf_prog_diff(a, b, &ao, &d, e));

	secbpf_diff_free(d);
	secbpf_prog_free(a);
	secbpf_prog_free(b);
	return rc;
}

/* Profiles that fail to load, each for one reason. */
#define LONG_NAME                                                              \
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"   \
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"   \
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"   \
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
static const char too_long_name[] = "{\"defaultAction\":\"SCMP_ACT_ALLOW\","
				    "\"syscalls\":[{\"names\":[\"" LONG_NAME
				    "\"],\"action\":\"SCMP_ACT_ERRNO\"}]}";
static const char out_of_range[] = "{\"defaultAction\":\"SCMP_ACT_ALLOW\","
				   "\"syscalls\":[{\"names\":"
				   "[\"read\"],\"action\":\"SCMP_ACT_ERRNO\","
				   "\"args\":[{\"index\":7,"
				   "\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]}";
static const char no_seccomp[] = "{\"ociVersion\":\"1.0.2\",\"linux\":{}}";

/* The same failures through a config.json: linux.seccomp around them. */
static char *in_config(const char *profile)
{
	size_t len = strlen(profile) + 64;
	char *c = malloc(len);

	snprintf(c, len,
		 "{\"ociVersion\":\"1.0.2\",\"linux\":{\"seccomp\":%s}}",
		 profile);
	return c;
}

enum door { BYTES, CONFIG, FILE_ };

static int load_door(enum door door, const char *text, size_t len,
		     struct secbpf_error *e)
{
	struct secbpf_profile *p = NULL;
	char *path;
	int rc;

	switch (door) {
	case BYTES:
		rc = CALL(
			secbpf_profile_load_bytes(text, len, "t.json", &p, e));
		break;
	case CONFIG: {
		char *c = in_config(text);

		rc = CALL(secbpf_profile_load_config(c, strlen(c), "t.json", &p,
						     e));
		free(c);
		break;
	}
	default:
		path = temp_file(text, len);
		rc = CALL(secbpf_profile_load(path, &p, e));
		unlink(path);
		free(path);
	}
	secbpf_profile_free(p);
	return rc;
}

#define DOOR_CASES(pfx, door)                                                  \
	static int pfx##_einval(struct secbpf_error *e)                        \
	{                                                                      \
		return load_door(door, "{\"defaultAction\":", 17, e);          \
	}                                                                      \
	static int pfx##_e2big(struct secbpf_error *e)                         \
	{                                                                      \
		return load_door(door, too_long_name, strlen(too_long_name),   \
				 e);                                           \
	}                                                                      \
	static int pfx##_erange(struct secbpf_error *e)                        \
	{                                                                      \
		return load_door(door, out_of_range, strlen(out_of_range), e); \
	}                                                                      \
	static int pfx##_ok(struct secbpf_error *e)                            \
	{                                                                      \
		return load_door(door, SMALL, strlen(SMALL), e);               \
	}

DOOR_CASES(bytes, BYTES)
DOOR_CASES(config, CONFIG)
DOOR_CASES(file, FILE_)

static int bytes_enoent(struct secbpf_error *e)
{
	return load_door(BYTES, no_seccomp, strlen(no_seccomp), e);
}

static int file_enoent(struct secbpf_error *e)
{
	return load_door(FILE_, no_seccomp, strlen(no_seccomp), e);
}

static int config_enoent(struct secbpf_error *e)
{
	struct secbpf_profile *p = NULL;

	return secbpf_profile_load_config(no_seccomp, strlen(no_seccomp),
					  "config.json", &p, e);
}

/* A buffer past the 16 MiB limit (its text is never read). */
static int too_big(bool config, struct secbpf_error *e)
{
	size_t len = (16U << 20) + 1;
	char *buf = calloc(1, len);
	struct secbpf_profile *p = NULL;
	int rc = config ? secbpf_profile_load_config(buf, len, "c", &p, e)
			: secbpf_profile_load_bytes(buf, len, "b", &p, e);

	free(buf);
	return rc;
}

static int bytes_efbig(struct secbpf_error *e)
{
	return too_big(false, e);
}

static int config_efbig(struct secbpf_error *e)
{
	return too_big(true, e);
}

static int file_efbig(struct secbpf_error *e)
{
	char *path = temp_file("", 0);
	struct secbpf_profile *p = NULL;
	int rc;

	/* sparse: reads as zeros */
	cr_assert_eq(truncate(path, (17 << 20)), 0);
	rc = secbpf_profile_load(path, &p, e);
	unlink(path);
	free(path);
	return rc;
}

static int file_null_einval(struct secbpf_error *e)
{
	struct secbpf_profile *p = NULL;

	return secbpf_profile_load(NULL, &p, e);
}

static int file_eisdir(struct secbpf_error *e)
{
	struct secbpf_profile *p = NULL;

	return secbpf_profile_load("/", &p, e);
}

static int file_enotdir(struct secbpf_error *e)
{
	char *path = temp_file("{}", 2), sub[64];
	struct secbpf_profile *p = NULL;
	int rc;

	snprintf(sub, sizeof(sub), "%s/x", path);
	rc = secbpf_profile_load(sub, &p, e);
	unlink(path);
	free(path);
	return rc;
}

static int default_ok(struct secbpf_error *e)
{
	struct secbpf_profile *p = NULL;
	int rc = CALL(secbpf_profile_default(&p, e));

	secbpf_profile_free(p);
	return rc;
}

static int resolve_einval(struct secbpf_error *e)
{
	static const char *const bad[] = {"no_such_arch"};
	SECBPF_OPTS(secbpf_resolve_opts, ro, .arches = bad, .narches = 1);
	struct secbpf_profile *p = load(SMALL), *r = NULL;
	int rc = secbpf_profile_resolve(p, &ro, &r, e);

	secbpf_profile_free(p);
	return rc;
}

static int resolve_ok(struct secbpf_error *e)
{
	struct secbpf_profile *p = load(SMALL), *r = NULL;
	int rc = CALL(secbpf_profile_resolve(p, NULL, &r, e));

	secbpf_profile_free(r);
	secbpf_profile_free(p);
	return rc;
}

static int to_json_einval(struct secbpf_error *e)
{
	struct secbpf_profile *p = load(SMALL);
	char *out = NULL;
	int rc = secbpf_profile_to_json(p, (enum secbpf_json_style)9, &out, e);

	secbpf_profile_free(p);
	return rc;
}

static int to_json_ok(struct secbpf_error *e)
{
	struct secbpf_profile *p = load(SMALL);
	char *out = NULL;
	int rc = CALL(secbpf_profile_to_json(p, SECBPF_JSON_OCI, &out, e));

	free(out);
	secbpf_profile_free(p);
	return rc;
}

static int policy_einval(struct secbpf_error *e)
{
	const size_t sz = 1; /* not an options struct */
	struct secbpf_profile *r = load_resolved(SMALL);
	struct secbpf_policy *pol = NULL;
	int rc = secbpf_policy_new(r, (const void *)&sz, &pol, e);

	secbpf_profile_free(r);
	return rc;
}

/* socket through socketcall on x86: its 16 conditions and the pinned
 * sub-call make 17 */
static int policy_e2big(struct secbpf_error *e)
{
	char *json = rule_with_conds("socket", 1, 16);
	SECBPF_OPTS(secbpf_policy_opts, po, .and_repeated_args = 1);
	struct secbpf_profile *r = load_resolved(json);
	struct secbpf_policy *pol = NULL;
	int rc = secbpf_policy_new(r, &po, &pol, e);

	secbpf_profile_free(r);
	free(json);
	return rc;
}

static int policy_ok(struct secbpf_error *e)
{
	struct secbpf_profile *r = load_resolved(SMALL);
	struct secbpf_policy *pol = NULL;
	int rc = CALL(secbpf_policy_new(r, NULL, &pol, e));

	secbpf_policy_free(pol);
	secbpf_profile_free(r);
	return rc;
}

static struct secbpf_builder *builder(const char *arch)
{
	struct secbpf_builder *b = NULL;

	cr_assert_eq(secbpf_builder_new(SECBPF_RET_ERRNO(1), NULL, &b, NULL),
		     0);
	if (arch)
		cr_assert_eq(secbpf_builder_add_arch(
				     b, secbpf_arch_lookup(arch), NULL),
			     0);
	return b;
}

static int builder_new_einval(struct secbpf_error *e)
{
	struct secbpf_builder *b = NULL;

	return secbpf_builder_new(0x12345678, NULL, &b, e);
}

static int builder_new_ok(struct secbpf_error *e)
{
	struct secbpf_builder *b = NULL;
	int rc = CALL(secbpf_builder_new(SECBPF_RET_ALLOW, NULL, &b, e));

	secbpf_builder_free(b);
	return rc;
}

static int add_arch_einval(struct secbpf_error *e)
{
	struct secbpf_builder *b = builder(NULL);
	int rc = secbpf_builder_add_arch(b, NULL, e);

	secbpf_builder_free(b);
	return rc;
}

static int add_arch_eexist(struct secbpf_error *e)
{
	struct secbpf_builder *b = builder("x86_64");
	int rc = secbpf_builder_add_arch(b, X86_64, e);

	secbpf_builder_free(b);
	return rc;
}

static int add_arch_edom(struct secbpf_error *e)
{
	struct secbpf_builder *b = builder("x86_64");
	int rc = secbpf_builder_add_arch(b, secbpf_arch_lookup("s390x"), e);

	secbpf_builder_free(b);
	return rc;
}

static int remove_arch_einval(struct secbpf_error *e)
{
	return secbpf_builder_remove_arch(NULL, X86_64, e);
}

static int remove_arch_enoent(struct secbpf_error *e)
{
	struct secbpf_builder *b = builder("x86_64");
	int rc = secbpf_builder_remove_arch(b, secbpf_arch_lookup("x86"), e);

	secbpf_builder_free(b);
	return rc;
}

static struct secbpf_cond conds17[17];

static int add_rule(const char *name, enum secbpf_op op, size_t ncond,
		    struct secbpf_error *e, bool by_nr, const char *arch)
{
	struct secbpf_builder *b = builder("x86_64");
	int rc;

	for (size_t i = 0; i < ncond; i++)
		conds17[i] =
			(struct secbpf_cond){.arg = 1, .op = op, .value = i};
	rc = by_nr ? CALL(secbpf_builder_add_rule_nr(
			     b, secbpf_arch_lookup(arch), 0,
			     op ? SECBPF_RET_ALLOW : 0x12345678, conds17, ncond,
			     e))
		   : CALL(secbpf_builder_add_rule(b, SECBPF_RET_ALLOW, name,
						  conds17, ncond, e));
	secbpf_builder_free(b);
	return rc;
}

static int add_rule_einval(struct secbpf_error *e)
{
	return add_rule("read", (enum secbpf_op)99, 1, e, false, NULL);
}

static int add_rule_enoent(struct secbpf_error *e)
{
	return add_rule("no_such_call", SECBPF_OP_EQ, 0, e, false, NULL);
}

static int add_rule_e2big(struct secbpf_error *e)
{
	return add_rule("read", SECBPF_OP_EQ, 17, e, false, NULL);
}

static int add_rule_ok(struct secbpf_error *e)
{
	return add_rule("read", SECBPF_OP_EQ, 2, e, false, NULL);
}

static int add_rule_nr_einval(struct secbpf_error *e)
{
	return add_rule(NULL, 0, 0, e, true, "x86_64"); /* bad action */
}

static int add_rule_nr_enoent(struct secbpf_error *e)
{
	return add_rule(NULL, SECBPF_OP_EQ, 0, e, true, "x86");
}

static int add_rule_nr_e2big(struct secbpf_error *e)
{
	return add_rule(NULL, SECBPF_OP_EQ, 17, e, true, "x86_64");
}

static int add_rule_nr_ok(struct secbpf_error *e)
{
	return add_rule(NULL, SECBPF_OP_EQ, 2, e, true, "x86_64");
}

static int build_einval(struct secbpf_error *e)
{
	return secbpf_builder_build(NULL, NULL, e);
}

static int build_e2big(struct secbpf_error *e)
{
	struct secbpf_builder *b = builder("x86");
	struct secbpf_policy *pol = NULL;
	int rc;

	for (size_t i = 0; i < 16; i++)
		conds17[i] = (struct secbpf_cond){
			.arg = 1, .op = SECBPF_OP_NE, .value = i};
	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_ALLOW, "socket",
					     conds17, 16, NULL),
		     0);
	rc = secbpf_builder_build(b, &pol, e);
	secbpf_builder_free(b);
	return rc;
}

static int build_ok(struct secbpf_error *e)
{
	struct secbpf_builder *b = builder("x86");
	struct secbpf_policy *pol = NULL;
	int rc;

	cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_ALLOW, "socket",
					     NULL, 0, NULL),
		     0);
	rc = CALL(secbpf_builder_build(b, &pol, e));
	secbpf_policy_free(pol);
	secbpf_builder_free(b);
	return rc;
}

static int compile_einval(struct secbpf_error *e)
{
	SECBPF_OPTS(secbpf_compile_opts, co, .layout = (enum secbpf_layout)7);
	struct secbpf_policy *pol = policy_of(SMALL);
	struct secbpf_prog *p = NULL;
	int rc = secbpf_compile(pol, &co, &p, e);

	secbpf_policy_free(pol);
	return rc;
}

/* 1500 values of ioctl's argument 1, 64-bit: past 4096 instructions */
static int compile_e2big(struct secbpf_error *e)
{
	struct secbpf_builder *b = builder("x86_64");
	struct secbpf_policy *pol = NULL;
	struct secbpf_prog *p = NULL;
	int rc;

	for (uint64_t v = 0; v < 1500; v++) {
		struct secbpf_cond c = {.arg = 1,
					.op = SECBPF_OP_EQ,
					.value = (v << 32) | (v * 7919)};

		cr_assert_eq(secbpf_builder_add_rule(b, SECBPF_RET_ALLOW,
						     "ioctl", &c, 1, NULL),
			     0);
	}
	cr_assert_eq(secbpf_builder_build(b, &pol, NULL), 0);
	rc = secbpf_compile(pol, NULL, &p, e);
	secbpf_prog_free(p);
	secbpf_policy_free(pol);
	secbpf_builder_free(b);
	return rc;
}

static int compile_ok(struct secbpf_error *e)
{
	struct secbpf_policy *pol = policy_of(SMALL);
	struct secbpf_prog *p = NULL;
	int rc = CALL(secbpf_compile(pol, NULL, &p, e));

	secbpf_prog_free(p);
	secbpf_policy_free(pol);
	return rc;
}

static int check_einval(struct secbpf_error *e)
{
	struct secbpf_profile *p = load(SMALL);
	int rc = secbpf_profile_check(p, NULL, NULL, NULL, e);

	secbpf_profile_free(p);
	return rc;
}

/* 16384 names on every arch: past the 65536 rules of a policy */
static int check_e2big(struct secbpf_error *e)
{
	const char *all[32];
	size_t narch = secbpf_arch_count(), o = 0, len = 16384 * 7 + 4096;
	char *json = malloc(len);
	struct secbpf_profile *p;
	struct secbpf_finding *f = NULL;
	size_t n;
	int rc;

	cr_assert_leq(narch, 32);
	for (size_t i = 0; i < narch; i++)
		all[i] = secbpf_arch_name(secbpf_arch_at(i));
	o += (size_t)snprintf(json, len,
			      "{\"defaultAction\":\"SCMP_ACT_ALLOW\","
			      "\"syscalls\":[");
	for (int r = 0; r < 4; r++) {
		o += (size_t)snprintf(json + o, len - o, "%s{\"names\":[",
				      r ? "," : "");
		for (int i = 0; i < 4096; i++)
			o += (size_t)snprintf(json + o, len - o, "%s\"read\"",
					      i ? "," : "");
		o += (size_t)snprintf(json + o, len - o,
				      "],\"action\":\"SCMP_ACT_ERRNO\"}");
	}
	snprintf(json + o, len - o, "]}");
	p = load(json);
	{
		SECBPF_OPTS(secbpf_resolve_opts, ro, .arches = all,
			    .narches = narch);

		rc = secbpf_profile_check(p, &ro, &f, &n, e);
	}
	secbpf_findings_free(f);
	secbpf_profile_free(p);
	free(json);
	return rc;
}

static int check_ok(struct secbpf_error *e)
{
	static const char *const arches[] = {"x86_64"};
	SECBPF_OPTS(secbpf_resolve_opts, ro, .arches = arches, .narches = 1,
		    .all_caps = true);
	struct secbpf_profile *p = load(SMALL);
	struct secbpf_finding *f = NULL;
	size_t n;
	int rc = CALL(secbpf_profile_check(p, &ro, &f, &n, e));

	secbpf_findings_free(f);
	secbpf_profile_free(p);
	return rc;
}

/* ---- installs, in children ---- */

static bool can_install(void)
{
	pid_t pid;
	int st;

	/* valgrind runs the guest's syscalls itself and has no seccomp(2) */
	if (getenv("SECBPF_TEST_UNDER_VALGRIND"))
		return false;
	pid = fork();
	if (pid == 0) {
		struct secbpf_prog *p = long_prog(1);
		int rc = secbpf_install(p, NULL, NULL, NULL);

		secbpf_prog_free(p);
		_exit(rc ? 1 : 0);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* The child's result: -errno as its exit status; 200 when it could not
 * even try. */
static int in_child(int (*fn)(struct secbpf_error *e), struct secbpf_error *e)
{
	pid_t pid = fork();
	int st;

	cr_assert_geq(pid, 0);
	if (pid == 0) {
		int rc = fn(e);

		_exit(rc < 0 && rc > -200 ? -rc : rc ? 200 : 0);
	}
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(WIFEXITED(st), "the child died of signal %d", WTERMSIG(st));
	snprintf(e->message, sizeof(e->message), "(in a child)");
	return -WEXITSTATUS(st);
}

static int install(unsigned flags, bool keep_privs, int *lfd,
		   struct secbpf_error *e)
{
	SECBPF_OPTS(secbpf_install_opts, io, .flags = flags,
		    .keep_privs = keep_privs);
	struct secbpf_prog *p = long_prog(1);
	int rc = secbpf_install(p, &io, lfd, e);

	secbpf_prog_free(p);
	return rc;
}

static int install_einval(struct secbpf_error *e)
{
	int lfd;

	/* refused before anything happens: safe in the test process */
	return install(SECCOMP_FILTER_FLAG_TSYNC |
			       SECCOMP_FILTER_FLAG_NEW_LISTENER,
		       false, &lfd, e);
}

static int stack_past_limit(struct secbpf_error *e)
{
	struct secbpf_prog *p = long_prog(4096);
	int rc = 0;

	for (int i = 0; i < 8 && !rc; i++)
		rc = secbpf_install(p, NULL, NULL, e);
	return rc;
}

static int install_enomem(struct secbpf_error *e)
{
	return in_child(stack_past_limit, e);
}

/* A case that cannot be provoked here returns this (a child exits with
 * its negation). */
#define SKIPPED (-199)

static int unprivileged(struct secbpf_error *e)
{
	/* inherited no_new_privs (a sandboxed test run) lets anyone in */
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 0)
		return SKIPPED;
	if (geteuid() == 0 && setresuid(65534, 65534, 65534))
		return 1;
	return install(0, true, NULL, e);
}

static int install_eacces(struct secbpf_error *e)
{
	return in_child(unprivileged, e);
}

static int two_listeners(struct secbpf_error *e)
{
	int lfd;
	int rc = install(SECCOMP_FILTER_FLAG_NEW_LISTENER, false, &lfd, e);

	return rc ? 1
		  : install(SECCOMP_FILTER_FLAG_NEW_LISTENER, false, &lfd, e);
}

static int install_ebusy(struct secbpf_error *e)
{
	return in_child(two_listeners, e);
}

static pthread_mutex_t tlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t tcond = PTHREAD_COND_INITIALIZER;
static int tstate; /* 1: the thread has its own filter; 2: done */

static void *diverge(void *arg)
{
	(void)arg;
	install(0, false, NULL, NULL);
	pthread_mutex_lock(&tlock);
	tstate = 1;
	pthread_cond_broadcast(&tcond);
	while (tstate != 2)
		pthread_cond_wait(&tcond, &tlock);
	pthread_mutex_unlock(&tlock);
	return NULL;
}

/* TSYNC while another thread has a filter of its own */
static int tsync_diverged(unsigned flags, struct secbpf_error *e)
{
	pthread_t t;
	int rc;

	if (pthread_create(&t, NULL, diverge, NULL))
		return 1;
	pthread_mutex_lock(&tlock);
	while (tstate != 1)
		pthread_cond_wait(&tcond, &tlock);
	pthread_mutex_unlock(&tlock);
	rc = install(SECCOMP_FILTER_FLAG_TSYNC | flags, false, NULL, e);
	pthread_mutex_lock(&tlock);
	tstate = 2;
	pthread_cond_broadcast(&tcond);
	pthread_mutex_unlock(&tlock);
	pthread_join(t, NULL);
	return rc;
}

static int tsync_esrch(struct secbpf_error *e)
{
	return tsync_diverged(SECCOMP_FILTER_FLAG_TSYNC_ESRCH, e);
}

static int tsync_eagain(struct secbpf_error *e)
{
	return tsync_diverged(0, e);
}

static int install_esrch(struct secbpf_error *e)
{
	return in_child(tsync_esrch, e);
}

static int install_eagain(struct secbpf_error *e)
{
	return in_child(tsync_eagain, e);
}

/* ---- explain ---- */

static int explainer_new_einval(struct secbpf_error *e)
{
	struct secbpf_explainer *ex = NULL;

	return secbpf_explainer_new(NULL, NULL, &ex, e);
}

/* as policy_e2big: 17 conditions on socket through x86's socketcall */
static int explainer_new_e2big(struct secbpf_error *e)
{
	char *json = rule_with_conds("socket", 1, 16);
	SECBPF_OPTS(secbpf_policy_opts, po, .and_repeated_args = 1);
	SECBPF_OPTS(secbpf_explain_opts, xo, .policy = &po);
	struct secbpf_profile *p = load(json);
	struct secbpf_explainer *ex = NULL;
	int rc = secbpf_explainer_new(p, &xo, &ex, e);

	secbpf_explainer_free(ex);
	secbpf_profile_free(p);
	free(json);
	return rc;
}

static int explainer_new_ok(struct secbpf_error *e)
{
	struct secbpf_profile *p = load(SMALL);
	struct secbpf_explainer *ex = NULL;
	int rc = CALL(secbpf_explainer_new(p, NULL, &ex, e));

	secbpf_explainer_free(ex);
	secbpf_profile_free(p);
	return rc;
}

/* One call to explain by name on SMALL's arch. */
static int explain_name(const char *name, struct secbpf_error *e)
{
	SECBPF_OPTS(secbpf_explain_call, call, .arch = X86_64, .name = name);
	struct secbpf_profile *p = load(SMALL);
	struct secbpf_explainer *ex = NULL;
	struct secbpf_explanation *x = NULL;
	int rc;

	cr_assert_eq(secbpf_explainer_new(p, NULL, &ex, NULL), 0);
	rc = CALL(secbpf_explain(ex, &call, &x, e));
	secbpf_explanation_free(x);
	secbpf_explainer_free(ex);
	secbpf_profile_free(p);
	return rc;
}

static int explain_einval(struct secbpf_error *e)
{
	SECBPF_OPTS(secbpf_explain_call, call, .name = "read");
	struct secbpf_explanation *x = NULL;

	return secbpf_explain(NULL, &call, &x, e);
}

static int explain_enoent(struct secbpf_error *e)
{
	return explain_name("no_such_call", e);
}

static int explain_ok(struct secbpf_error *e)
{
	return explain_name("ioctl", e);
}

/* ---- the table ---- */

struct errno_case {
	const char *fn;
	int err; /* the errno expected; ENOMEM: "run" succeeds, and
			 * fails so when an allocation does */
	run_fn run;
	bool system; /* passed on from the kernel or libc */
	bool kernel; /* needs a kernel that installs filters */
};

#define C(fn, e, run)                                                          \
	{                                                                      \
#fn, e, run, false, false                                      \
	}
#define SYS(fn, e, run)                                                        \
	{                                                                      \
#fn, e, run, true, false                                       \
	}
#define KERNEL(fn, e, run)                                                     \
	{                                                                      \
#fn, e, run, false, true                                       \
	}

static const struct errno_case cases[] = {
	C(secbpf_syscall_lookup, EINVAL, lookup_einval),
	C(secbpf_syscall_lookup, ENOENT, lookup_enoent),
	C(secbpf_syscall_at, EINVAL, at_einval),
	C(secbpf_syscall_at, ENOENT, at_enoent),
	C(secbpf_syscall_multiplex, EINVAL, mux_einval),
	C(secbpf_syscall_multiplex, ENOENT, mux_enoent),
	C(secbpf_prog_new, EINVAL, prog_new_einval),
	C(secbpf_prog_new, E2BIG, prog_new_e2big),
	C(secbpf_prog_new, ENOMEM, prog_new_ok),
	C(secbpf_prog_read, EINVAL, prog_read_einval),
	C(secbpf_prog_read, E2BIG, prog_read_e2big),
	C(secbpf_prog_read, EOPNOTSUPP, prog_read_eopnotsupp),
	C(secbpf_prog_read, ENOMEM, prog_read_ok),
	C(secbpf_prog_write, EINVAL, prog_write_einval),
	C(secbpf_prog_write, ENOMEM, prog_write_ok),
	C(secbpf_prog_verify, EINVAL, verify_einval),
	C(secbpf_prog_run, EINVAL, run_einval),
	C(secbpf_prog_disasm, EINVAL, disasm_einval),
	C(secbpf_prog_disasm, ENOMEM, disasm_ok),
	C(secbpf_stack_run, EINVAL, stack_einval),
	C(secbpf_stack_run, E2BIG, stack_e2big),
	C(secbpf_summarize, EINVAL, summarize_einval),
	C(secbpf_summarize, E2BIG, summarize_e2big),
	C(secbpf_summarize, ENOMEM, summarize_ok),
	C(secbpf_prog_diff, EINVAL, diff_einval),
	C(secbpf_prog_diff, ENOMEM, diff_ok),
	C(secbpf_profile_load, EINVAL, file_null_einval),
	C(secbpf_profile_load, EINVAL, file_einval),
	C(secbpf_profile_load, ENOENT, file_enoent),
	C(secbpf_profile_load, E2BIG, file_e2big),
	C(secbpf_profile_load, EFBIG, file_efbig),
	C(secbpf_profile_load, ERANGE, file_erange),
	C(secbpf_profile_load, EISDIR, file_eisdir),
	C(secbpf_profile_load, ENOMEM, file_ok),
	SYS(secbpf_profile_load, ENOTDIR, file_enotdir),
	C(secbpf_profile_load_bytes, EINVAL, bytes_einval),
	C(secbpf_profile_load_bytes, ENOENT, bytes_enoent),
	C(secbpf_profile_load_bytes, E2BIG, bytes_e2big),
	C(secbpf_profile_load_bytes, EFBIG, bytes_efbig),
	C(secbpf_profile_load_bytes, ERANGE, bytes_erange),
	C(secbpf_profile_load_bytes, ENOMEM, bytes_ok),
	C(secbpf_profile_load_config, EINVAL, config_einval),
	C(secbpf_profile_load_config, ENOENT, config_enoent),
	C(secbpf_profile_load_config, E2BIG, config_e2big),
	C(secbpf_profile_load_config, EFBIG, config_efbig),
	C(secbpf_profile_load_config, ERANGE, config_erange),
	C(secbpf_profile_load_config, ENOMEM, config_ok),
	C(secbpf_profile_default, ENOMEM, default_ok),
	C(secbpf_profile_resolve, EINVAL, resolve_einval),
	C(secbpf_profile_resolve, ENOMEM, resolve_ok),
	C(secbpf_profile_to_json, EINVAL, to_json_einval),
	C(secbpf_profile_to_json, ENOMEM, to_json_ok),
	C(secbpf_policy_new, EINVAL, policy_einval),
	C(secbpf_policy_new, E2BIG, policy_e2big),
	C(secbpf_policy_new, ENOMEM, policy_ok),
	C(secbpf_builder_new, EINVAL, builder_new_einval),
	C(secbpf_builder_new, ENOMEM, builder_new_ok),
	C(secbpf_builder_add_arch, EINVAL, add_arch_einval),
	C(secbpf_builder_add_arch, EEXIST, add_arch_eexist),
	C(secbpf_builder_add_arch, EDOM, add_arch_edom),
	C(secbpf_builder_remove_arch, EINVAL, remove_arch_einval),
	C(secbpf_builder_remove_arch, ENOENT, remove_arch_enoent),
	C(secbpf_builder_add_rule, EINVAL, add_rule_einval),
	C(secbpf_builder_add_rule, ENOENT, add_rule_enoent),
	C(secbpf_builder_add_rule, E2BIG, add_rule_e2big),
	C(secbpf_builder_add_rule, ENOMEM, add_rule_ok),
	C(secbpf_builder_add_rule_nr, EINVAL, add_rule_nr_einval),
	C(secbpf_builder_add_rule_nr, ENOENT, add_rule_nr_enoent),
	C(secbpf_builder_add_rule_nr, E2BIG, add_rule_nr_e2big),
	C(secbpf_builder_add_rule_nr, ENOMEM, add_rule_nr_ok),
	C(secbpf_builder_build, EINVAL, build_einval),
	C(secbpf_builder_build, E2BIG, build_e2big),
	C(secbpf_builder_build, ENOMEM, build_ok),
	C(secbpf_compile, EINVAL, compile_einval),
	C(secbpf_compile, E2BIG, compile_e2big),
	C(secbpf_compile, ENOMEM, compile_ok),
	C(secbpf_profile_check, EINVAL, check_einval),
	C(secbpf_profile_check, E2BIG, check_e2big),
	C(secbpf_profile_check, ENOMEM, check_ok),
	C(secbpf_explainer_new, EINVAL, explainer_new_einval),
	C(secbpf_explainer_new, E2BIG, explainer_new_e2big),
	C(secbpf_explainer_new, ENOMEM, explainer_new_ok),
	C(secbpf_explain, EINVAL, explain_einval),
	C(secbpf_explain, ENOENT, explain_enoent),
	C(secbpf_explain, ENOMEM, explain_ok),
	C(secbpf_install, EINVAL, install_einval),
	KERNEL(secbpf_install, ENOMEM, install_enomem),
	KERNEL(secbpf_install, EACCES, install_eacces),
	KERNEL(secbpf_install, EBUSY, install_ebusy),
	KERNEL(secbpf_install, ESRCH, install_esrch),
	KERNEL(secbpf_install, EAGAIN, install_eagain),
};

/* Listed in the table, provoked by no case here: why. */
static const struct {
	const char *fn;
	int err;
	const char *why;
} untestable[] = {
#define NATIVE_ONLY "only on a machine whose arch secbpf does not know"
	{"secbpf_profile_resolve", EOPNOTSUPP, NATIVE_ONLY},
	{"secbpf_profile_to_json", EOPNOTSUPP, NATIVE_ONLY},
	{"secbpf_policy_new", EOPNOTSUPP, NATIVE_ONLY},
	{"secbpf_builder_build", EOPNOTSUPP, NATIVE_ONLY},
	{"secbpf_profile_check", EOPNOTSUPP, NATIVE_ONLY},
	{"secbpf_compile", EFAULT, "an internal check no input reaches"},
	{"secbpf_explainer_new", EOPNOTSUPP, NATIVE_ONLY},
	{"secbpf_explainer_new", EFAULT, "an internal check no input reaches"},
	{"secbpf_explainer_new", EPROTO,
	 "only when the filter disagrees with its rules: a bug "
	 "(tests/profile/test_explain.c provokes it from inside)"},
	{"secbpf_explain", EPROTO,
	 "only when the filter disagrees with its rules: a bug "
	 "(tests/profile/test_explain.c provokes it from inside)"},
	{"secbpf_install", EOPNOTSUPP,
	 "only on a kernel without an action the program returns (< 5.0)"},
	{"secbpf_install", ENOSYS, "only on a kernel without seccomp(2)"},
};

/* ---- the table of secbpf.h ---- */

static const struct {
	const char *name;
	int num;
} errno_names[] = {
	{"EINVAL", EINVAL},	    {"ENOENT", ENOENT},	  {"ENOMEM", ENOMEM},
	{"E2BIG", E2BIG},	    {"EFBIG", EFBIG},	  {"ERANGE", ERANGE},
	{"EISDIR", EISDIR},	    {"EEXIST", EEXIST},	  {"EDOM", EDOM},
	{"EOPNOTSUPP", EOPNOTSUPP}, {"EFAULT", EFAULT},	  {"EACCES", EACCES},
	{"EBUSY", EBUSY},	    {"ESRCH", ESRCH},	  {"EAGAIN", EAGAIN},
	{"ENOSYS", ENOSYS},	    {"ENOTDIR", ENOTDIR}, {"EPROTO", EPROTO},
};

struct documented {
	char fn[64];
	int err[24];
	size_t n;
	bool system; /* "errors of open(2), ..." */
};

static struct documented doc[64];
static size_t ndoc;

static void read_table(void)
{
	const char *root = getenv("SECBPF_SOURCE_ROOT");
	char path[4096], line[512];
	struct documented *cur = NULL;
	bool in = false;
	FILE *f;

	cr_assert_not_null(root, "SECBPF_SOURCE_ROOT not set");
	snprintf(path, sizeof(path), "%s/include/secbpf.h", root);
	f = fopen(path, "r");
	cr_assert_not_null(f, "%s", path);
	ndoc = 0;
	while (fgets(line, sizeof(line), f)) {
		char *s = line, *tok, *save;

		if (strstr(line, "ERRNO TABLE BEGIN")) {
			in = true;
			continue;
		}
		if (strstr(line, "ERRNO TABLE END"))
			break;
		if (!in)
			continue;
		while (*s == ' ' || *s == '*' || *s == '\t')
			s++;
		if (!strncmp(s, "secbpf_", 7)) {
			cr_assert_lt(ndoc, sizeof(doc) / sizeof(doc[0]));
			cur = &doc[ndoc++];
			memset(cur, 0, sizeof(*cur));
			sscanf(s, "%63s", cur->fn);
			s += strlen(cur->fn);
		}
		cr_assert_not_null(cur, "table line before a function: %s",
				   line);
		if (strstr(s, "(2)"))
			cur->system = true;
		for (tok = strtok_r(s, " ,\n\t", &save); tok;
		     tok = strtok_r(NULL, " ,\n\t", &save)) {
			bool known = false;

			if (tok[0] != 'E' || tok[1] < 'A' || tok[1] > 'Z')
				if (tok[0] != 'E' || tok[1] != '2')
					continue;
			for (size_t i = 0;
			     i < sizeof(errno_names) / sizeof(errno_names[0]);
			     i++)
				if (!strcmp(tok, errno_names[i].name)) {
					cr_assert_lt(cur->n, 24);
					cur->err[cur->n++] = errno_names[i].num;
					known = true;
				}
			cr_assert(known, "%s: errno %s unknown to this test",
				  cur->fn, tok);
		}
	}
	fclose(f);
	cr_assert_gt(ndoc, 20, "no errno table in %s", path);
}

static const struct documented *documented(const char *fn)
{
	for (size_t i = 0; i < ndoc; i++)
		if (!strcmp(doc[i].fn, fn))
			return &doc[i];
	return NULL;
}

static bool lists(const struct documented *d, int err)
{
	for (size_t i = 0; d && i < d->n; i++)
		if (d->err[i] == err)
			return true;
	return false;
}

/* Every (function, errno) of the table: a case provokes it, or it is
 * untestable for a stated reason. */
Test(errnos, every_documented_errno_has_a_case)
{
	read_table();
	for (size_t i = 0; i < ndoc; i++)
		for (size_t k = 0; k < doc[i].n; k++) {
			bool found = false;

			for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]);
			     c++)
				found |= !strcmp(cases[c].fn, doc[i].fn) &&
					 cases[c].err == doc[i].err[k];
			for (size_t u = 0;
			     u < sizeof(untestable) / sizeof(untestable[0]);
			     u++)
				found |= !strcmp(untestable[u].fn, doc[i].fn) &&
					 untestable[u].err == doc[i].err[k];
			cr_expect(found, "%s: -%s is documented; no case here",
				  doc[i].fn, strerrorname_np(doc[i].err[k]));
		}
}

/* And every case is in the table: an errno the library gives that the
 * table leaves out fails here. */
Test(errnos, every_case_is_documented)
{
	read_table();
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		const struct documented *d = documented(cases[c].fn);

		cr_expect_not_null(d, "%s is not in the table", cases[c].fn);
		if (cases[c].system)
			cr_expect(d && d->system,
				  "%s: passes -%s on; the table does not say",
				  cases[c].fn, strerrorname_np(cases[c].err));
		else
			cr_expect(lists(d, cases[c].err),
				  "%s: -%s has a case, not in the table",
				  cases[c].fn, strerrorname_np(cases[c].err));
	}
	for (size_t u = 0; u < sizeof(untestable) / sizeof(untestable[0]); u++)
		cr_expect(lists(documented(untestable[u].fn),
				untestable[u].err),
			  "%s: -%s listed untestable, not in the table",
			  untestable[u].fn, strerrorname_np(untestable[u].err));
	/* the facts tests/api/check_errnos.py rests on */
	cr_expect_leq(secbpf_arch_count(), 24,
		      "more arches than a policy holds (SB_MAX_ARCHES): the "
		      "E2BIG guards check_errnos.py calls unreachable are not");
}

/* The error object matches the return value, with a message. */
static void expect_filled(const struct errno_case *c,
			  const struct secbpf_error *err, int rc, bool takes)
{
	cr_expect_eq(rc, -c->err, "%s: expected -%s, got %d (%s)", c->fn,
		     strerrorname_np(c->err), rc, err->message);
	if (takes && rc == -c->err) {
		cr_expect_eq(err->code, rc, "%s: err.code %d", c->fn,
			     err->code);
		cr_expect_neq(err->message[0], '\0', "%s: no message", c->fn);
	}
}

/* Functions without an error object (the syscall table lookups). */
static bool takes_err(const char *fn)
{
	return strncmp(fn, "secbpf_syscall_", 15) != 0;
}

/*
 * Fail the library's allocations one by one: the k-th for k = 0, 1, ...
 * until the call gets through with none failed.  Every failure comes
 * back as -ENOMEM, or the call does without the allocation (0); at least
 * one is -ENOMEM.
 */
static void expect_enomem(const struct errno_case *c)
{
	struct secbpf_error err;
	size_t nomem = 0;
	int rc;

	secbpf_error_clear(&err);
	fail_at = -1;
	cr_assert_eq(c->run(&err), 0, "%s: the call itself fails: %s", c->fn,
		     err.message);
	for (long k = 0; k < 200000; k++) {
		allocs = 0;
		fail_at = k;
		secbpf_error_clear(&err);
		rc = c->run(&err);
		fail_at = -1;
		if (allocs <= k) {
			/* no allocation left to fail */
			cr_expect_eq(rc, 0, "%s: %d without a failure", c->fn,
				     rc);
			break;
		}
		if (rc == -ENOMEM) {
			nomem++;
			cr_expect_eq(err.code, -ENOMEM, "%s: err.code", c->fn);
			continue;
		}
		cr_expect_eq(rc, 0,
			     "%s: allocation %ld failed: got %d (%s), not "
			     "-ENOMEM",
			     c->fn, k, rc, err.message);
		if (rc)
			return;
	}
	cr_expect_gt(nomem, 0, "%s: no failed allocation gave -ENOMEM", c->fn);
}

/* Skips are said with cr_log_info: Criterion 2.4 exits 1 after any
 * cr_log_warn, failing a run whose tests all passed. */
Test(errnos, each_case_gives_its_errno)
{
	bool kernel = can_install();

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct errno_case *c = &cases[i];
		struct secbpf_error err;
		int rc;

		if (c->kernel && !kernel) {
			cr_log_info("%s -%s: skipped: filters cannot be "
				    "installed here",
				    c->fn, strerrorname_np(c->err));
			continue;
		}
		if (c->err == ENOMEM && !c->kernel) {
			expect_enomem(c);
			continue;
		}
		secbpf_error_clear(&err);
		rc = c->run(&err);
		if (rc == SKIPPED) {
			cr_log_info("%s -%s: skipped: cannot be provoked here",
				    c->fn, strerrorname_np(c->err));
			continue;
		}
		expect_filled(c, &err, rc, takes_err(c->fn) && !c->kernel);
	}
}
