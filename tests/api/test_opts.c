// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Options structs: every function that takes one checks it the one way
 * (secbpf.h, "Options structs").  Each struct goes through the same table
 * of cases: sz missing or garbage refused, an older caller's shorter
 * struct taking defaults, a newer caller's longer one accepted when its
 * extra bytes are zero and refused (naming the struct) when one is not,
 * uninitialised padding harmless; and SECBPF_OPTS zeroes all of a struct.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdalign.h>
#include <stdio.h>
#include <string.h>

#include "secbpf.h"

#define PROFILE                                                                \
	"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":"             \
	"[\"SCMP_ARCH_X86_64\"],\"syscalls\":[{\"names\":[\"read\"],"          \
	"\"action\":\"SCMP_ACT_ALLOW\"}]}"

static struct secbpf_profile *profile(void)
{
	struct secbpf_profile *p = NULL;
	struct secbpf_error err;

	cr_assert_eq(secbpf_profile_load_bytes(PROFILE, strlen(PROFILE),
					       "t.json", &p, &err),
		     0, "%s", err.message);
	return p;
}

static struct secbpf_profile *resolved(void)
{
	struct secbpf_profile *p = profile(), *r = NULL;
	struct secbpf_error err;

	cr_assert_eq(secbpf_profile_resolve(p, NULL, &r, &err), 0, "%s",
		     err.message);
	secbpf_profile_free(p);
	return r;
}

static struct secbpf_policy *policy(void)
{
	struct secbpf_profile *r = resolved();
	struct secbpf_policy *pol = NULL;
	struct secbpf_error err;

	cr_assert_eq(secbpf_policy_new(r, NULL, &pol, &err), 0, "%s",
		     err.message);
	secbpf_profile_free(r);
	return pol;
}

static struct secbpf_prog *prog(void)
{
	struct secbpf_policy *pol = policy();
	struct secbpf_prog *p = NULL;
	struct secbpf_error err;

	cr_assert_eq(secbpf_compile(pol, NULL, &p, &err), 0, "%s", err.message);
	secbpf_policy_free(pol);
	return p;
}

/*
 * One call of each function that takes options, with "opts" (a buffer
 * that starts with sz); returns its result, err filled.  Installing is
 * called with a program of the other byte order, so that options it
 * accepts stop it before the kernel: -EINVAL then says "endian".
 */
typedef int (*call_fn)(const void *opts, struct secbpf_error *err);

static int call_resolve(const void *o, struct secbpf_error *err)
{
	struct secbpf_profile *p = profile(), *r = NULL;
	int rc = secbpf_profile_resolve(p, o, &r, err);

	secbpf_profile_free(r);
	secbpf_profile_free(p);
	return rc;
}

static int call_check(const void *o, struct secbpf_error *err)
{
	struct secbpf_profile *p = profile();
	struct secbpf_finding *f = NULL;
	size_t n = 0;
	int rc = secbpf_profile_check(p, o, &f, &n, err);

	secbpf_findings_free(f);
	secbpf_profile_free(p);
	return rc;
}

static int call_policy(const void *o, struct secbpf_error *err)
{
	struct secbpf_profile *r = resolved();
	struct secbpf_policy *pol = NULL;
	int rc = secbpf_policy_new(r, o, &pol, err);

	secbpf_policy_free(pol);
	secbpf_profile_free(r);
	return rc;
}

static int call_builder(const void *o, struct secbpf_error *err)
{
	struct secbpf_builder *b = NULL;
	int rc = secbpf_builder_new(SECBPF_RET_ALLOW, o, &b, err);

	secbpf_builder_free(b);
	return rc;
}

static int call_compile(const void *o, struct secbpf_error *err)
{
	struct secbpf_policy *pol = policy();
	struct secbpf_prog *p = NULL;
	int rc = secbpf_compile(pol, o, &p, err);

	secbpf_prog_free(p);
	secbpf_policy_free(pol);
	return rc;
}

static int call_disasm(const void *o, struct secbpf_error *err)
{
	struct secbpf_prog *p = prog();
	char *text = NULL;
	int rc = secbpf_prog_disasm(p, o, &text, err);

	free(text);
	secbpf_prog_free(p);
	return rc;
}

static int call_summarize(const void *o, struct secbpf_error *err)
{
	struct secbpf_prog *p = prog();
	const struct secbpf_prog *const progs[] = {p};
	struct secbpf_summary *s = NULL;
	int rc = secbpf_summarize(progs, 1, o, &s, err);

	secbpf_summary_free(s);
	secbpf_prog_free(p);
	return rc;
}

static int call_diff(const void *o, struct secbpf_error *err)
{
	struct secbpf_prog *p = prog();
	struct secbpf_diff *d = NULL;
	int rc = secbpf_prog_diff(p, p, o, &d, err);

	secbpf_diff_free(d);
	secbpf_prog_free(p);
	return rc;
}

static int call_install(const void *o, struct secbpf_error *err)
{
	const struct secbpf_insn ret = {0x06, 0, 0, SECBPF_RET_ALLOW};
	struct secbpf_prog *p = NULL;
	int lfd = -1, rc;

	cr_assert_eq(secbpf_prog_new(&ret, 1,
				     __BYTE_ORDER__ != __ORDER_BIG_ENDIAN__, &p,
				     err),
		     0);
	rc = secbpf_install(p, o, &lfd, err);
	secbpf_prog_free(p);
	/* accepted options: refused for the byte order, not installed */
	if (rc == -EINVAL && strstr(err->message, "endian"))
		return 0;
	cr_assert_neq(rc, 0, "a filter was installed in the test process");
	return rc;
}

static int call_explainer(const void *o, struct secbpf_error *err)
{
	struct secbpf_profile *r = profile();
	struct secbpf_explainer *ex = NULL;
	int rc = secbpf_explainer_new(r, o, &ex, err);

	secbpf_explainer_free(ex);
	secbpf_profile_free(r);
	return rc;
}

/* The call to explain is read by the same rule as an options struct. */
static int call_explain(const void *o, struct secbpf_error *err)
{
	struct secbpf_profile *r = profile();
	struct secbpf_explainer *ex = NULL;
	struct secbpf_explanation *x = NULL;
	SECBPF_OPTS(secbpf_explain_call, call, .name = "read");
	int rc;

	cr_assert_eq(secbpf_explainer_new(r, NULL, &ex, NULL), 0);
	rc = secbpf_explain(ex, o ? o : &call, &x, err);
	secbpf_explanation_free(x);
	secbpf_explainer_free(ex);
	secbpf_profile_free(r);
	return rc;
}

struct opts_case {
	const char *type; /* "secbpf_compile_opts" */
	size_t size;	  /* sizeof, as this test sees it */
	call_fn call;
};

#define CASE(type, fn)                                                         \
	{                                                                      \
#type, sizeof(struct type), fn                                 \
	}

static const struct opts_case cases[] = {
	CASE(secbpf_resolve_opts, call_resolve),
	CASE(secbpf_resolve_opts, call_check),
	CASE(secbpf_policy_opts, call_policy),
	CASE(secbpf_builder_opts, call_builder),
	CASE(secbpf_compile_opts, call_compile),
	CASE(secbpf_disasm_opts, call_disasm),
	CASE(secbpf_analysis_opts, call_summarize),
	CASE(secbpf_analysis_opts, call_diff),
	CASE(secbpf_install_opts, call_install),
	CASE(secbpf_explain_opts, call_explainer),
	CASE(secbpf_explain_call, call_explain),
};

/* A buffer holding an options struct of "len" bytes (all zero) whose sz
 * says "sz". */
static unsigned char *opts_buf(size_t len, size_t sz)
{
	unsigned char *b =
		calloc(1, len < sizeof(size_t) ? sizeof(size_t) : len);

	cr_assert_not_null(b);
	memcpy(b, &sz, sizeof(sz));
	return b;
}

static void expect_refused(const struct opts_case *c, const void *o,
			   const char *what)
{
	struct secbpf_error err;
	int rc;

	secbpf_error_clear(&err);
	rc = c->call(o, &err);
	cr_expect_eq(rc, -EINVAL, "%s: %s: got %d (%s)", c->type, what, rc,
		     err.message);
	cr_expect(strstr(err.message, c->type), "%s: %s: message '%s'", c->type,
		  what, err.message);
}

static void expect_accepted(const struct opts_case *c, const void *o,
			    const char *what)
{
	struct secbpf_error err;
	int rc;

	secbpf_error_clear(&err);
	rc = c->call(o, &err);
	cr_expect_eq(rc, 0, "%s: %s: got %d (%s)", c->type, what, rc,
		     err.message);
}

Test(opts, null_means_defaults)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_accepted(&cases[i], NULL, "NULL options");
}

/* Before: sz 0 and sz 4 were read as "no options", so a struct whose sz
 * was never set silently dropped every option the caller gave. */
Test(opts, sz_too_small_or_garbage_is_refused)
{
	const size_t bad[] = {0, 1, sizeof(size_t) - 1, 4097, (size_t)-1};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
			unsigned char *b = opts_buf(cases[i].size, bad[k]);
			char what[64];

			snprintf(what, sizeof(what), "sz %zu", bad[k]);
			expect_refused(&cases[i], b, what);
			free(b);
		}
}

/* An older header's struct: only sz, the rest taking defaults. */
Test(opts, older_caller_takes_defaults)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned char *b = opts_buf(sizeof(size_t), sizeof(size_t));

		expect_accepted(&cases[i], b, "sz only");
		free(b);
	}
}

/*
 * A newer header's struct, 32 bytes longer: zero there is fine; any
 * non-zero byte past this library's struct is an option it would ignore,
 * refused.  Before: install, disasm, policy and resolve options took it.
 */
Test(opts, newer_caller_extra_bytes_must_be_zero)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct opts_case *c = &cases[i];
		size_t len = c->size + 32;
		unsigned char *b = opts_buf(len, len);

		expect_accepted(c, b, "longer, zero tail");
		for (size_t at = c->size; at < len; at += 31) {
			char what[64];

			b[at] = 0x01;
			snprintf(what, sizeof(what), "byte %zu of %zu set", at,
				 len);
			expect_refused(c, b, what);
			b[at] = 0;
		}
		free(b);
	}
}

/*
 * Padding inside this library's struct is never read: a caller that
 * initialises members one by one (garbage in the padding) is served.
 */
Test(opts, padding_garbage_within_the_struct_is_harmless)
{
	const struct opts_case install =
				       CASE(secbpf_install_opts, call_install),
			       compile =
				       CASE(secbpf_compile_opts, call_compile),
			       pol = CASE(secbpf_policy_opts, call_policy);

	{
		struct secbpf_install_opts io;

		memset(&io, 0xa5, sizeof(io));
		io.sz = sizeof(io);
		io.flags = 0;
		io.keep_privs = false;
		expect_accepted(&install, &io, "install, garbage padding");
	}
	{
		struct secbpf_compile_opts co;

		memset(&co, 0xa5, sizeof(co));
		co.sz = sizeof(co);
		co.layout = SECBPF_LAYOUT_BALANCED;
		co.freq_names = NULL;
		co.freq_weights = NULL;
		co.nfreq = 0;
		co.enosys_newer = false;
		expect_accepted(&compile, &co, "compile, garbage padding");
	}
	{
		struct secbpf_policy_opts po;

		memset(&po, 0xa5, sizeof(po));
		po.sz = sizeof(po);
		po.badarch_action = 0;
		po.badarch_set = false;
		po.and_repeated_args = 0;
		expect_accepted(&pol, &po, "policy, garbage padding");
	}
}

/* The options of an older caller stop at its sz: a member past it is
 * never read, whatever the memory after the struct holds. */
Test(opts, members_past_sz_are_not_read)
{
	struct secbpf_compile_opts co;
	struct secbpf_policy *pol = policy();
	struct secbpf_prog *a = NULL, *b = NULL;
	struct secbpf_error err;

	memset(&co, 0, sizeof(co));
	co.sz = offsetof(struct secbpf_compile_opts, enosys_newer);
	co.enosys_newer = true; /* beyond sz: not an option */
	cr_assert_eq(secbpf_compile(pol, NULL, &a, &err), 0, "%s", err.message);
	cr_assert_eq(secbpf_compile(pol, &co, &b, &err), 0, "%s", err.message);
	cr_expect_eq(secbpf_prog_len(a), secbpf_prog_len(b));
	cr_expect_eq(memcmp(secbpf_prog_insns(a), secbpf_prog_insns(b),
			    secbpf_prog_len(a) * sizeof(struct secbpf_insn)),
		     0, "enosys_newer past sz changed the program");
	secbpf_prog_free(a);
	secbpf_prog_free(b);
	secbpf_policy_free(pol);
}

/* Fill the stack below the caller with a pattern, so that a declaration
 * in the next call starts on garbage. */
static __attribute__((noinline)) void dirty_stack(void)
{
	volatile unsigned char junk[4096];

	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = 0xa5;
}

static __attribute__((noinline)) void declare_and_check(void)
{
	SECBPF_OPTS(secbpf_install_opts, io, .flags = 4);
	SECBPF_OPTS(secbpf_compile_opts, co);
	SECBPF_OPTS(secbpf_policy_opts, po, .badarch_set = true,
		    .badarch_action = SECBPF_RET_ALLOW, .and_repeated_args = 1);
	struct secbpf_install_opts io0;
	struct secbpf_compile_opts co0;
	struct secbpf_policy_opts po0;

	/* the same bytes as zeroing the struct and setting the members */
	memset(&io0, 0, sizeof(io0));
	io0.sz = sizeof(io0);
	io0.flags = 4;
	memset(&co0, 0, sizeof(co0));
	co0.sz = sizeof(co0);
	memset(&po0, 0, sizeof(po0));
	po0.sz = sizeof(po0);
	po0.badarch_set = true;
	po0.badarch_action = SECBPF_RET_ALLOW;
	po0.and_repeated_args = 1;
	cr_expect_eq(memcmp(&io, &io0, sizeof(io)), 0, "install opts bytes");
	cr_expect_eq(memcmp(&co, &co0, sizeof(co)), 0, "compile opts bytes");
	cr_expect_eq(memcmp(&po, &po0, sizeof(po)), 0, "policy opts bytes");
}

Test(opts, declare_macro_zeroes_padding_and_sets_sz)
{
	dirty_stack();
	declare_and_check();
}

/* A struct declared with the macro is accepted by every function. */
Test(opts, declared_with_the_macro_is_accepted)
{
	SECBPF_OPTS(secbpf_resolve_opts, ro);
	SECBPF_OPTS(secbpf_policy_opts, po);
	SECBPF_OPTS(secbpf_builder_opts, bo);
	SECBPF_OPTS(secbpf_compile_opts, co, .enosys_newer = true);
	SECBPF_OPTS(secbpf_disasm_opts, dis, .no_symbols = true);
	SECBPF_OPTS(secbpf_analysis_opts, ao, .budget = 100000);
	SECBPF_OPTS(secbpf_install_opts, io);
	SECBPF_OPTS(secbpf_explain_opts, xo, .compile = &co);
	SECBPF_OPTS(secbpf_explain_call, xc, .name = "read");
	const void *opts[] = {&ro, &ro, &po, &bo, &co, &dis,
			      &ao, &ao, &io, &xo, &xc};

	cr_assert_eq(sizeof(opts) / sizeof(opts[0]),
		     sizeof(cases) / sizeof(cases[0]));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_accepted(&cases[i], opts[i], "SECBPF_OPTS");
}
