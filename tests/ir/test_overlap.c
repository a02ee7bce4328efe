// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The IR layer's overlap analysis and its one warning writer:
 *  - pairs found exactly for plain conditions, on 32- and 64-bit ABIs;
 *  - compile's warnings and check's findings report the same pairs, over
 *    random profiles, and the rule said to decide each pair's call is the
 *    one the compiled filter applies (run in the interpreter);
 *  - no pair a grid of argument values shows is missed;
 *  - the work is bounded and what is left out is said;
 *  - warnings as data, one cap that keeps the more important ones.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir/ir.h"

#define ALLOW SECBPF_RET_ALLOW
#define TRAP SECBPF_RET_TRAP

static struct secbpf_profile *load(const char *json)
{
	struct secbpf_profile *p = NULL;
	struct secbpf_error err;

	cr_assert_eq(secbpf_profile_load_bytes(json, strlen(json), "t.json", &p,
					       &err),
		     0, "%s\n%s", err.message, json);
	return p;
}

/* Resolution for "arches" with every capability: check then examines
 * that one set. */
static struct secbpf_resolve_opts resolve_opts(const char *const *arches)
{
	struct secbpf_resolve_opts o = {.sz = sizeof(o),
					.arches = arches,
					.all_caps = true,
					.kernel_major = 6,
					.kernel_minor = 12};

	while (arches[o.narches])
		o.narches++;
	return o;
}

static struct secbpf_policy *policy_of(const struct secbpf_profile *p,
				       const struct secbpf_resolve_opts *o)
{
	struct secbpf_profile *r = NULL;
	struct secbpf_policy *pol = NULL;
	struct secbpf_error err;

	cr_assert_eq(secbpf_profile_resolve(p, o, &r, &err), 0, "%s",
		     err.message);
	cr_assert_eq(secbpf_policy_new(r, NULL, &pol, &err), 0, "%s",
		     err.message);
	secbpf_profile_free(r);
	return pol;
}

static struct sb_rule rule(uint32_t action, unsigned n, const struct sb_cond *c)
{
	struct sb_rule r;

	memset(&r, 0, sizeof(r));
	r.action = action;
	r.ncond = n;
	memcpy(r.cond, c, n * sizeof(*c));
	return r;
}

#define C(a, o, v)                                                             \
	{                                                                      \
		.arg = (a), .op = SB_OP_##o, .value = (v)                      \
	}
#define M(a, m, d)                                                             \
	{                                                                      \
		.arg = (a), .op = SB_OP_MASKED_EQ, .value = (m), .value2 = (d) \
	}

/* ---- the solver ---- */

Test(overlap, personality_masked_eq_and_gt_meet)
{
	struct sb_cond ca[] = {M(0, 0xff, 2)}, cb[] = {C(0, GT, 0x1000)};
	struct sb_rule a = rule(ALLOW, 1, ca), b = rule(TRAP, 1, cb);
	uint64_t w[6];

	for (unsigned bits = 32; bits <= 64; bits += 32) {
		cr_assert(sb_rules_meet(&a, &b, bits, w), "%u-bit", bits);
		/* the smallest such call */
		cr_assert_eq(w[0], 0x1002, "%u-bit: %#llx", bits,
			     (unsigned long long)w[0]);
	}
}

Test(overlap, exact_on_each_width)
{
	struct {
		struct sb_cond a[3], b[3];
		unsigned na, nb;
		bool meet32, meet64;
	} cases[] = {
		/* a high word only 64-bit ABIs have */
		{{C(0, GT, 0xffffffff)},
		 {C(0, LT, 0x200000000)},
		 1,
		 1,
		 false,
		 true},
		/* 32-bit ABIs compare the low word of the value */
		{{C(1, EQ, 0x100000005)}, {C(1, EQ, 5)}, 1, 1, true, false},
		/* bits two masks fix differently */
		{{M(2, 0xf0, 0x30)}, {M(2, 0x30, 0x10)}, 1, 1, false, false},
		{{M(2, 0xf0, 0x30)}, {M(2, 0x0f, 0x01)}, 1, 1, true, true},
		/* a range whose every value NE excludes */
		{{C(0, GE, 4), C(1, EQ, 1)},
		 {C(0, LE, 6), C(0, NE, 4)},
		 2,
		 2,
		 true,
		 true},
		{{C(0, GE, 4), C(0, LE, 5)},
		 {C(0, NE, 4), C(0, NE, 5)},
		 2,
		 2,
		 false,
		 false},
		/* nothing above the top, nothing below zero */
		{{C(3, GT, UINT64_MAX)}, {C(4, EQ, 0)}, 1, 1, false, false},
		{{C(3, GT, 0xfffffffe)}, {C(4, EQ, 0)}, 1, 1, true, true},
		{{C(3, LT, 0)}, {C(4, EQ, 0)}, 1, 1, false, false},
		/* a mask no bit of a 32-bit ABI is in: always true there */
		{{M(5, 0xff00000000, 0x100000000)},
		 {C(5, EQ, 7)},
		 1,
		 1,
		 true,
		 false},
		/* unconditional against anything satisfiable */
		{{C(0, EQ, 9)}, {{0}}, 1, 0, true, true},
		/* masked bits and a range: the next value that fits */
		{{M(0, 0xf, 0x3)},
		 {C(0, GE, 0x14), C(0, LE, 0x23)},
		 1,
		 2,
		 true,
		 true},
		{{M(0, 0xf, 0x3)},
		 {C(0, GE, 0x14), C(0, LE, 0x22)},
		 1,
		 2,
		 false,
		 false},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sb_rule a = rule(ALLOW, cases[i].na, cases[i].a);
		struct sb_rule b = rule(TRAP, cases[i].nb, cases[i].b);
		uint64_t w[6];
		bool m32 = sb_rules_meet(&a, &b, 32, w);

		cr_assert_eq(m32, cases[i].meet32, "case %zu, 32-bit", i);
		if (m32)
			cr_assert(sb_rule_matches(&a, 32, w) &&
				  sb_rule_matches(&b, 32, w));
		cr_assert_eq(sb_rules_meet(&a, &b, 64, w), cases[i].meet64,
			     "case %zu, 64-bit", i);
	}
}

Test(overlap, word_and_negated_conditions)
{
	/* the high word is 1 and the low word not 5, against == 0x100000007 */
	struct sb_cond ca[] = {
		{.arg = 0, .op = SB_OP_EQ | SB_OP_WORD_HI, .value = 1},
		{.arg = 0,
		 .op = SB_OP_EQ | SB_OP_WORD_LO | SB_OP_NOT,
		 .value = 5}};
	struct sb_cond cb[] = {C(0, EQ, 0x100000007)},
		       cc[] = {C(0, EQ, 0x100000005)};
	struct sb_rule a = rule(ALLOW, 2, ca), b = rule(TRAP, 1, cb),
		       c = rule(TRAP, 1, cc);
	uint64_t w[6];

	cr_assert(sb_rules_meet(&a, &b, 64, w));
	cr_assert_eq(w[0], 0x100000007);
	cr_assert_not(sb_rules_meet(&a, &c, 64, w));
}

/* ---- compile and check alike ---- */

/* "name|pointer a|pointer b" of each overlap warning of "pol". */
static size_t warned_pairs(const struct secbpf_policy *pol, char (*out)[96],
			   size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < secbpf_policy_warning_count(pol); i++) {
		const struct secbpf_warning *w =
			secbpf_policy_warning_at(pol, i);
		const char *name, *pb;
		int nl, bl;

		cr_assert_not_null(w);
		cr_assert_str_eq(w->message, secbpf_policy_warning(pol, i));
		if (strcmp(w->code, "overlap"))
			continue;
		cr_assert_eq(w->severity, SECBPF_SEVERITY_WARNING);
		name = strstr(w->message, "rules for '");
		pb = strstr(w->message, " in /");
		cr_assert(name && pb, "%s", w->message);
		name += strlen("rules for '");
		nl = (int)strcspn(name, "'");
		pb += strlen(" in ");
		bl = (int)strcspn(pb, ")");
		cr_assert_lt(n, max);
		snprintf(out[n++], sizeof(out[0]), "%.*s|%s|%.*s", nl, name,
			 w->pointer, bl, pb);
	}
	return n;
}

/* The same of check's overlap findings. */
static size_t found_pairs(const struct secbpf_finding *f, size_t nf,
			  char (*out)[96], size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < nf; i++) {
		const char *m = f[i].message, *pa, *pb;
		int nl, al, bl;

		if (f[i].kind != SECBPF_FINDING_OVERLAP)
			continue;
		cr_assert_str_eq(f[i].code, "overlap");
		/* "'%s': rules %s (%s) and %s (%s) both match..." */
		nl = (int)strcspn(m + 1, "'");
		pa = strstr(m, ": rules ");
		pb = strstr(m, ") and ");
		cr_assert(pa && pb, "%s", m);
		pa += strlen(": rules ");
		pb += strlen(") and ");
		al = (int)strcspn(pa, " ");
		bl = (int)strcspn(pb, " ");
		cr_assert_lt(n, max);
		snprintf(out[n++], sizeof(out[0]), "%.*s|%.*s|%.*s", nl, m + 1,
			 al, pa, bl, pb);
	}
	return n;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The filter's verdict on call "args" of syscall "nr" on "arch". */
static uint32_t filter_says(const struct secbpf_prog *prog,
			    const struct secbpf_arch *arch, uint32_t nr,
			    const uint64_t *args)
{
	struct secbpf_data d = {.nr = nr, .arch = secbpf_arch_audit(arch)};
	struct secbpf_run_result res = {0};
	struct secbpf_error err;

	memcpy(d.args, args, sizeof(d.args));
	cr_assert_eq(secbpf_prog_run(prog, &d, &res, &err), 0, "%s",
		     err.message);
	return res.action;
}

/* Every pair the policy lists: both rules match its call, and the filter
 * applies the action of the rule said to decide it. */
static void pairs_hold(const struct secbpf_policy *pol,
		       const struct secbpf_prog *prog)
{
	for (size_t i = 0; i < pol->noverlap; i++) {
		const struct sb_overlap *o = &pol->overlap[i];
		const struct sb_ir_arch *ia = &pol->arch[o->arch];
		const struct sb_ir_syscall *sys = &ia->sys[o->sys];

		cr_assert(sb_rule_matches(&sys->rules[o->a], ia->arch->bits,
					  o->args));
		cr_assert(sb_rule_matches(&sys->rules[o->b], ia->arch->bits,
					  o->args));
		cr_assert_lt(o->winner, sys->nrules);
		cr_assert_eq(filter_says(prog, ia->arch, sys->nr, o->args),
			     sys->rules[o->winner].action,
			     "%s %s pair %u %u: the filter disagrees",
			     ia->arch->name, sys->name, o->a, o->b);
	}
}

Test(overlap, personality_compile_and_check_both_report)
{
	static const char json[] =
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
		"{\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\","
		" \"args\": [{\"index\": 0, \"value\": 255, \"valueTwo\": 2,"
		" \"op\": \"SCMP_CMP_MASKED_EQ\"}]},"
		"{\"names\": [\"personality\"], \"action\": \"SCMP_ACT_TRAP\","
		" \"args\": [{\"index\": 0, \"value\": 4096,"
		" \"op\": \"SCMP_CMP_GT\"}]}]}";
	static const char *const arches[] = {"x86_64", "x86", NULL};
	struct secbpf_resolve_opts ro = resolve_opts(arches);
	struct secbpf_profile *p = load(json);
	struct secbpf_policy *pol = policy_of(p, &ro);
	struct secbpf_finding *f = NULL;
	struct secbpf_prog *prog = NULL;
	struct secbpf_error err;
	char w[8][96], c[8][96];
	size_t nw, nc, nf;

	nw = warned_pairs(pol, w, 8);
	cr_assert_eq(nw, 1);
	cr_assert_str_eq(w[0], "personality|/syscalls/0|/syscalls/1");
	cr_assert(strstr(secbpf_policy_warning(pol, 0), "personality(0x1002) "
							"matches both and gets "
							"ALLOW"),
		  "%s", secbpf_policy_warning(pol, 0));
	cr_assert_eq(secbpf_profile_check(p, &ro, &f, &nf, &err), 0, "%s",
		     err.message);
	nc = found_pairs(f, nf, c, 8);
	cr_assert_eq(nc, 1);
	cr_assert_str_eq(c[0], w[0]);
	cr_assert_eq(secbpf_compile(pol, NULL, &prog, &err), 0, "%s",
		     err.message);
	pairs_hold(pol, prog);
	cr_assert_eq(filter_says(prog, secbpf_arch_lookup("x86_64"), 135,
				 (uint64_t[6]){0x1002}),
		     ALLOW);
	secbpf_prog_free(prog);
	secbpf_findings_free(f);
	secbpf_policy_free(pol);
	secbpf_profile_free(p);
}

/* ---- random profiles ---- */

static uint64_t next(uint64_t *s)
{
	/* xorshift64* */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static const uint64_t values[] = {
	0,	    1,		 2,	      3,	   7,
	0xff,	    0x100,	 0x1000,      0x1002,	   0xfffffffe,
	0xffffffff, 0x100000000, 0x100000002, 0x1ffffffff, UINT64_MAX - 1,
	UINT64_MAX,
};
static const uint64_t masks[] = {
	0, 0x1, 0xf, 0xf0, 0xff, 0xffffffff, 0xff00000000, 0x100000001,
};
static const char *const ops[] = {"NE", "LT", "LE",	  "EQ",
				  "GE", "GT", "MASKED_EQ"};
static const char *const actions[] = {
	"\"SCMP_ACT_ALLOW\"",
	"\"SCMP_ACT_TRAP\"",
	"\"SCMP_ACT_LOG\"",
	"\"SCMP_ACT_KILL_PROCESS\"",
	"\"SCMP_ACT_ERRNO\", \"errnoRet\": 1",
	"\"SCMP_ACT_ERRNO\", \"errnoRet\": 2",
};
/* socket reaches socketcall on x86: its rules become multiplexer ones */
static const char *const names[] = {"personality", "ioctl", "socket", "read"};
static const char *const arch_sets[][4] = {
	{"x86_64", "x86", "x32", NULL},
	{"x86", NULL},
	{"aarch64", "arm", NULL},
	{"s390x", "s390", NULL},
};

static size_t put(char *buf, size_t off, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static size_t put(char *buf, size_t off, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf + off, len - off, fmt, ap);
	va_end(ap);
	cr_assert(n >= 0 && off + (size_t)n < len, "profile too long");
	return off + (size_t)n;
}

/* A profile of 2..9 rules on one or two syscalls, 0..3 conditions each
 * (now and then two on one argument: the runtimes' split). */
static char *random_profile(uint64_t *rng)
{
	size_t len = 16384, off = 0;
	char *buf = malloc(len);
	unsigned nrules = 2 + next(rng) % 8;
	unsigned name0 = next(rng) % 4, name1 = next(rng) % 4;

	cr_assert(buf);
	off = put(buf, off, len,
		  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
		  "\"defaultErrnoRet\": 38, \"syscalls\": [");
	for (unsigned r = 0; r < nrules; r++) {
		unsigned nc = next(rng) % 4, used = 0;

		off = put(buf, off, len,
			  "%s{\"names\": [\"%s\"], \"action\": %s, \"args\": [",
			  r ? ", " : "", names[next(rng) % 3 ? name0 : name1],
			  actions[next(rng) % 6]);
		for (unsigned c = 0; c < nc; c++) {
			unsigned arg = next(rng) % 3;
			unsigned op = next(rng) % 7;

			/* mostly distinct arguments */
			if ((used & (1U << arg)) && next(rng) % 4)
				continue;
			used |= 1U << arg;
			if (op == 6)
				off = put(buf, off, len,
					  "%s{\"index\": %u, \"value\": %llu, "
					  "\"valueTwo\": %llu, \"op\": "
					  "\"SCMP_CMP_MASKED_EQ\"}",
					  c ? ", " : "", arg,
					  (unsigned long long)
						  masks[next(rng) % 8],
					  (unsigned long long)
						  values[next(rng) % 16]);
			else
				off = put(buf, off, len,
					  "%s{\"index\": %u, \"value\": %llu, "
					  "\"op\": \"SCMP_CMP_%s\"}",
					  c ? ", " : "", arg,
					  (unsigned long long)
						  values[next(rng) % 16],
					  ops[op]);
		}
		off = put(buf, off, len, "]}");
	}
	put(buf, off, len, "]}");
	return buf;
}

/* Whether some value of the grid satisfies every condition of both rules
 * on argument "arg" (as the ABI compares them). */
static bool grid_meets(const struct sb_rule *a, const struct sb_rule *b,
		       unsigned arg, unsigned bits)
{
	uint64_t max = bits == 32 ? UINT32_MAX : UINT64_MAX;

	for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
		for (int d = -1; d <= 1; d++) {
			uint64_t x = (values[v] + (uint64_t)(int64_t)d) & max;
			const struct sb_rule *rs[2] = {a, b};
			bool ok = true;

			for (int k = 0; k < 2 && ok; k++)
				for (unsigned i = 0; i < rs[k]->ncond && ok;
				     i++) {
					struct sb_cond c = sb_cond_abi(
						&rs[k]->cond[i], bits);

					if (c.arg == arg)
						ok = sb_cond_holds(&c, x);
				}
			if (ok)
				return true;
		}
	}
	return false;
}

static bool listed(const struct secbpf_policy *pol, const char *name,
		   uint32_t oa, uint32_t ob)
{
	for (size_t i = 0; i < pol->noverlap; i++) {
		const struct sb_overlap *o = &pol->overlap[i];
		const struct sb_ir_syscall *s = &pol->arch[o->arch].sys[o->sys];

		if (!strcmp(s->name, name) && s->rules[o->a].origin == oa &&
		    s->rules[o->b].origin == ob)
			return true;
	}
	return false;
}

/* No pair that meets on the grid of values is missed. */
static size_t none_missed(const struct secbpf_policy *pol)
{
	size_t pairs = 0;

	for (size_t ai = 0; ai < pol->narch; ai++) {
		const struct sb_ir_arch *ia = &pol->arch[ai];

		for (size_t si = 0; si < ia->nsys; si++) {
			const struct sb_ir_syscall *s = &ia->sys[si];

			for (size_t i = 0; i < s->nrules; i++)
				for (size_t j = i + 1; j < s->nrules; j++) {
					const struct sb_rule *a = &s->rules[i],
							     *b = &s->rules[j];
					bool meet = a->action != b->action;

					for (unsigned arg = 0; arg < 6 && meet;
					     arg++)
						meet = grid_meets(
							a, b, arg,
							ia->arch->bits);
					if (!meet)
						continue;
					pairs++;
					cr_assert(listed(pol, s->name,
							 a->origin, b->origin),
						  "%s on %s: rules %u and %u "
						  "meet but were not found",
						  s->name, ia->arch->name,
						  a->origin, b->origin);
				}
		}
	}
	return pairs;
}

Test(overlap, random_profiles_compile_and_check_agree, .timeout = 120)
{
	uint64_t rng = 0x5eccb9f12345ULL;
	size_t profiles = 0, with_pairs = 0, pairs = 0, grid = 0;

	for (int round = 0; round < 2000; round++) {
		struct secbpf_resolve_opts ro =
			resolve_opts(arch_sets[next(&rng) % 4]);
		char *json = random_profile(&rng);
		struct secbpf_profile *p = load(json);
		struct secbpf_policy *pol = policy_of(p, &ro);
		struct secbpf_finding *f = NULL;
		struct secbpf_prog *prog = NULL;
		struct secbpf_error err;
		char w[128][96], c[128][96];
		size_t nw, nc, nf;

		nw = warned_pairs(pol, w, 128);
		cr_assert_eq(secbpf_profile_check(p, &ro, &f, &nf, &err), 0,
			     "%s", err.message);
		nc = found_pairs(f, nf, c, 128);
		qsort(w, nw, sizeof(w[0]), cmp_str);
		qsort(c, nc, sizeof(c[0]), cmp_str);
		cr_assert_eq(nw, nc, "compile %zu pairs, check %zu:\n%s", nw,
			     nc, json);
		for (size_t i = 0; i < nw; i++)
			cr_assert_str_eq(w[i], c[i], "%s", json);
		cr_assert_eq(pol->overlap_unchecked, 0);
		if (secbpf_compile(pol, NULL, &prog, &err) == 0)
			pairs_hold(pol, prog);
		else
			cr_assert_eq(err.code, -E2BIG, "%s", err.message);
		grid += none_missed(pol);
		profiles++;
		with_pairs += nw > 0;
		pairs += nw;
		secbpf_prog_free(prog);
		secbpf_findings_free(f);
		secbpf_policy_free(pol);
		secbpf_profile_free(p);
		free(json);
	}
	/* the generator must make overlaps for this to say anything */
	cr_assert_gt(with_pairs, profiles / 4);
	cr_assert_gt(grid, pairs / 2);
	cr_log_info("%zu random profiles, %zu with overlaps: %zu pairs "
		    "reported alike by compile and check; %zu pairs (per arch) "
		    "a grid of values shows, none missed",
		    profiles, with_pairs, pairs, grid);
}

/* ---- bounds ---- */

/* No .timeout of its own (meson's bounds it): Criterion 2.4's runner
 * leaks a timer (LeakSanitizer fails the run) when two tests with
 * timeouts run at once. */
Test(overlap, the_work_is_bounded_and_said)
{
	/* 6000 rules of two actions on one syscall: 9M pairs, each meeting
	 * the other on five arguments and parting on the sixth */
	const char *arches[] = {"x86_64"};
	struct secbpf_policy *pol = calloc(1, sizeof(*pol));
	struct sb_ir_syscall *sys;
	uint64_t budget = SB_IR_OVERLAP_BUDGET;
	const char *where[] = {"/syscalls/0"};

	cr_assert(pol);
	pol->narch = 1;
	pol->arch[0].arch = secbpf_arch_lookup(arches[0]);
	pol->arch[0].nsys = 1;
	pol->arch[0].sys = sys = calloc(1, sizeof(*sys));
	cr_assert(sys);
	sys->name = "ioctl";
	sys->nrules = 6000;
	sys->rules = calloc(sys->nrules, sizeof(*sys->rules));
	cr_assert(sys->rules);
	for (size_t i = 0; i < sys->nrules; i++) {
		struct sb_rule *r = &sys->rules[i];

		r->action = i % 2 ? ALLOW : TRAP;
		for (unsigned a = 0; a < 5; a++)
			r->cond[r->ncond++] = (struct sb_cond)C(a, GE, 10);
		r->cond[r->ncond++] = (struct sb_cond)C(5, EQ, i);
	}
	cr_assert_eq(sb_ir_overlaps(pol, &budget, where, 1), 0);
	cr_assert_eq(budget, 0, "the budget ran out");
	cr_assert_eq(pol->noverlap, 0);
	cr_assert_gt(pol->overlap_unchecked, 0);
	cr_assert_lt(pol->overlap_unchecked, 3000ULL * 3000);
	cr_assert_eq(secbpf_policy_warning_total(pol, "overlap-unchecked"), 1);
	cr_assert(strstr(secbpf_policy_warning(pol, 0), "pairs of rules with "
							"different actions "
							"were not "
							"compared, from "
							"'ioctl' on x86_64"),
		  "%s", secbpf_policy_warning(pol, 0));
	secbpf_policy_free(pol);
}

Test(overlap, the_list_is_bounded)
{
	/* every rule meets every other of the other action: 4096 listed */
	struct secbpf_policy *pol = calloc(1, sizeof(*pol));
	struct sb_ir_syscall *sys;
	uint64_t budget = SB_IR_OVERLAP_BUDGET;

	cr_assert(pol);
	pol->narch = 1;
	pol->arch[0].arch = secbpf_arch_lookup("x86_64");
	pol->arch[0].nsys = 1;
	pol->arch[0].sys = sys = calloc(1, sizeof(*sys));
	cr_assert(sys);
	sys->name = "ioctl";
	sys->nrules = 200;
	sys->rules = calloc(sys->nrules, sizeof(*sys->rules));
	cr_assert(sys->rules);
	for (size_t i = 0; i < sys->nrules; i++) {
		sys->rules[i].action = i % 2 ? ALLOW : TRAP;
		sys->rules[i].ncond = 1;
		sys->rules[i].cond[0] = (struct sb_cond)C(0, GE, i);
	}
	cr_assert_eq(sb_ir_overlaps(pol, &budget, NULL, 0), 0);
	cr_assert_eq(pol->noverlap, SB_IR_MAX_OVERLAPS);
	cr_assert_eq(pol->overlaps_found, SB_IR_MAX_OVERLAPS);
	cr_assert_eq(pol->overlap_unchecked, 100 * 100 - SB_IR_MAX_OVERLAPS);
	cr_assert_gt(budget, 0);
	secbpf_policy_free(pol);
}
