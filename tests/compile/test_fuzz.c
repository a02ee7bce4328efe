// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Random differential testing: random policies (IR) compiled by us and by
 * libseccomp 2.5.x, verdicts compared through our interpreter; and random
 * profiles whose rules often test an argument index more than once, built
 * by the library (which splits them) and by libseccomp fed as runc feeds
 * it.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diff.h"
#include "irgen.h"
#include "oracle.h"

static bool read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t r = read(fd, p, len);

		if (r <= 0)
			return false;
		p += r;
		len -= (size_t)r;
	}
	return true;
}

static void write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t w = write(fd, p, len);

		if (w <= 0)
			_exit(3);
		p += w;
		len -= (size_t)w;
	}
}

/*
 * libseccomp 2.5.4 sometimes never returns from seccomp_rule_add_array on
 * overlapping random rules: build the reference in a child with a time
 * limit.  The child sends back the program and the rules it accepted.
 * Returns 0, or 1 when libseccomp hung or failed (no reference).
 */
static int oracle_guarded(struct secbpf_policy *p, struct secbpf_insn **ri,
			  size_t *rn, struct oracle_stats *st)
{
	int fds[2], status;
	pid_t pid;
	bool ok = true;

	cr_assert_eq(pipe(fds), 0);
	fflush(NULL);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		close(fds[0]);
		alarm(3);
		if (oracle_from_policy(p, 1, true, ri, rn, st))
			_exit(2);
		write_all(fds[1], st, sizeof(*st));
		write_all(fds[1], rn, sizeof(*rn));
		write_all(fds[1], *ri, *rn * sizeof(**ri));
		for (size_t a = 0; a < p->narch; a++)
			for (size_t s = 0; s < p->arch[a].nsys; s++) {
				const struct sb_ir_syscall *sys =
					&p->arch[a].sys[s];

				write_all(fds[1], &sys->nrules,
					  sizeof(sys->nrules));
				write_all(fds[1], sys->rules,
					  sys->nrules * sizeof(*sys->rules));
			}
		_exit(0);
	}
	close(fds[1]);
	ok = read_all(fds[0], st, sizeof(*st)) &&
	     read_all(fds[0], rn, sizeof(*rn)) && *rn > 0 && *rn <= 65536;
	if (ok) {
		*ri = malloc(*rn * sizeof(**ri));
		cr_assert(*ri);
		ok = read_all(fds[0], *ri, *rn * sizeof(**ri));
	}
	for (size_t a = 0; ok && a < p->narch; a++)
		for (size_t s = 0; ok && s < p->arch[a].nsys; s++) {
			struct sb_ir_syscall *sys = &p->arch[a].sys[s];
			size_t n;

			ok = read_all(fds[0], &n, sizeof(n)) &&
			     n <= sys->nrules &&
			     read_all(fds[0], sys->rules,
				      n * sizeof(*sys->rules));
			if (ok)
				sys->nrules = n;
		}
	close(fds[0]);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	if (!ok || !WIFEXITED(status) || WEXITSTATUS(status)) {
		if (ok)
			free(*ri);
		*ri = NULL;
		return 1;
	}
	return 0;
}

/* A random frequency table for the weighted layout: names of the policy's
 * first arch (some twice, some it lacks), weights over six decades. */
#define TABLE_MAX 64
struct table {
	const char *names[TABLE_MAX];
	double weights[TABLE_MAX];
	size_t n;
};

static void random_table(uint64_t seed, const struct secbpf_policy *p,
			 struct table *t)
{
	const struct secbpf_arch *a = p->arch[0].arch;
	uint64_t rng = seed * 0x2545f4914f6cdd1dULL + 1;

	t->n = 1 + diff_rand(&rng) % TABLE_MAX;
	for (size_t i = 0; i < t->n; i++) {
		t->names[i] =
			diff_rand(&rng) % 8
				? a->by_nr[diff_rand(&rng) % a->nsyscalls].name
				: "not_a_syscall";
		t->weights[i] = (double)(diff_rand(&rng) % 1000) *
				(double)(1ULL << (diff_rand(&rng) % 20));
	}
}

/* Compile "p" with "layout" (the weighted one with table "t"); verified. */
static struct secbpf_prog *compile_layout(const struct secbpf_policy *p,
					  enum secbpf_layout layout,
					  const struct table *t, uint64_t seed)
{
	struct secbpf_compile_opts opts = {.sz = sizeof(opts),
					   .layout = layout};
	struct secbpf_prog *prog = NULL;
	struct secbpf_error err;
	int rc;

	if (layout == SECBPF_LAYOUT_WEIGHTED) {
		opts.freq_names = t->names;
		opts.freq_weights = t->weights;
		opts.nfreq = t->n;
	}
	rc = secbpf_compile(p, &opts, &prog, &err);
	cr_assert_eq(rc, 0, "compile failed for seed %llu: %s",
		     (unsigned long long)seed, err.message);
	rc = secbpf_prog_verify(prog, &err);
	cr_assert_eq(rc, 0, "seed %llu: verifier: %s", (unsigned long long)seed,
		     err.message);
	return prog;
}

/*
 * The other layout decides every query as "ours" does: same verdicts, and
 * of overlapping rules the same one (a layout moves the number tests only).
 */
static void check_other_layout(const struct secbpf_policy *p,
			       const struct secbpf_prog *ours,
			       enum secbpf_layout layout, const struct table *t,
			       uint64_t seed)
{
	enum secbpf_layout other = layout == SECBPF_LAYOUT_WEIGHTED
					   ? SECBPF_LAYOUT_BALANCED
					   : SECBPF_LAYOUT_WEIGHTED;
	struct secbpf_prog *alt = compile_layout(p, other, t, seed);
	struct diff_result res;

	diff_programs(p, ours, alt, (unsigned)seed, NULL, NULL, &res);
	cr_expect(res.divergent == 0 && res.order_diff == 0 &&
			  res.ref_unsound == 0,
		  "seed %llu: the layouts decide differently (%zu, %zu, %zu "
		  "of %zu)",
		  (unsigned long long)seed, res.divergent, res.order_diff,
		  res.ref_unsound, res.queries);
	secbpf_prog_free(alt);
}

static void check_one(uint64_t seed, unsigned set, size_t nsys,
		      enum secbpf_layout layout, size_t *total_queries,
		      size_t *unsound, size_t *order, size_t *hangs)
{
	uint64_t rng = seed;

	if (getenv("SECBPF_TEST_TRACE"))
		fprintf(stderr, "seed %llu\n", (unsigned long long)seed);
	struct secbpf_policy *p = ir_random(&rng, set, nsys);
	struct table table;
	struct secbpf_insn *ref_insns = NULL;
	struct secbpf_prog *ours = NULL, *ref = NULL;
	struct oracle_stats st;
	struct secbpf_error err;
	struct diff_result res;
	size_t nref = 0;
	int rc;

	random_table(seed, p, &table);
	if (oracle_guarded(p, &ref_insns, &nref, &st)) {
		/* no reference: still check ours compiles and verifies */
		(*hangs)++;
		ours = compile_layout(p, layout, &table, seed);
		check_other_layout(p, ours, layout, &table, seed);
		secbpf_prog_free(ours);
		ir_free(p);
		return;
	}
	ours = compile_layout(p, layout, &table, seed);
	check_other_layout(p, ours, layout, &table, seed);
	rc = secbpf_prog_new(ref_insns, nref, false, &ref, &err);
	cr_assert_eq(rc, 0, "%s", err.message);
	diff_programs(p, ours, ref, (unsigned)seed, NULL, NULL, &res);
	if (res.divergent) {
		char what[64];

		snprintf(what, sizeof(what), "seed %llu set %u",
			 (unsigned long long)seed, set);
		diff_print(what, &res);
	}
	cr_expect_eq(res.divergent, 0,
		     "seed %llu set %u: %zu divergent verdicts (of %zu)",
		     (unsigned long long)seed, set, res.divergent, res.queries);
	*total_queries += res.queries;
	*unsound += res.ref_unsound;
	*order += res.order_diff;
	{
		/* our programs never compare a word other than the one
		 * they mean: each comparison sees one kind of A */
		bool *amb = diff_ambiguous(ours);

		cr_assert(amb);
		for (size_t i = 0; i < secbpf_prog_len(ours); i++)
			cr_assert(!amb[i],
				  "seed %llu: insn %zu compares "
				  "different words on different paths",
				  (unsigned long long)seed, i);
		free(amb);
	}
	secbpf_prog_free(ours);
	secbpf_prog_free(ref);
	free(ref_insns);
	ir_free(p);
}

Test(fuzz, small_policies)
{
	size_t q = 0, u = 0, o = 0, h = 0;

	for (uint64_t seed = 1; seed <= 2000; seed++)
		check_one(seed, (unsigned)(seed % IR_NSETS), 6,
			  seed % 3 ? SECBPF_LAYOUT_BALANCED
				   : SECBPF_LAYOUT_WEIGHTED,
			  &q, &u, &o, &h);
	cr_log_info("%zu verdicts compared; %zu without a sound libseccomp "
		    "reference; %zu where overlapping rules with different "
		    "actions match and the two pick different ones; %zu "
		    "policies where libseccomp hung or failed",
		    q, u, o, h);
	cr_assert_gt(q, 0);
}

Test(fuzz, large_policies)
{
	size_t q = 0, u = 0, o = 0, h = 0;

	for (uint64_t seed = 10000; seed < 10040; seed++)
		check_one(seed, (unsigned)(seed % IR_NSETS), 100,
			  SECBPF_LAYOUT_BALANCED, &q, &u, &o, &h);
	cr_log_info("%zu verdicts compared; %zu without a sound libseccomp "
		    "reference; %zu where overlapping rules with different "
		    "actions match and the two pick different ones; %zu "
		    "policies where libseccomp hung or failed",
		    q, u, o, h);
	cr_assert_gt(q, 0);
}

/* ---- random profiles: the split of rules repeating an argument ---- */

/*
 * oracle_from_profile in a child with a time limit (libseccomp can hang
 * on overlapping rules); 0, or 1 without a reference.
 */
static int oracle_profile_guarded(const struct secbpf_profile *res,
				  const char *const *arches, size_t narches,
				  struct secbpf_insn **ri, size_t *rn,
				  struct oracle_stats *st)
{
	int fds[2], status;
	pid_t pid;
	bool ok;

	cr_assert_eq(pipe(fds), 0);
	fflush(NULL);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		close(fds[0]);
		alarm(3);
		if (oracle_from_profile(res, arches, narches,
					SECBPF_RET_KILL_THREAD, 1, ri, rn, st))
			_exit(2);
		write_all(fds[1], st, sizeof(*st));
		write_all(fds[1], rn, sizeof(*rn));
		write_all(fds[1], *ri, *rn * sizeof(**ri));
		_exit(0);
	}
	close(fds[1]);
	*ri = NULL;
	ok = read_all(fds[0], st, sizeof(*st)) &&
	     read_all(fds[0], rn, sizeof(*rn)) && *rn > 0 && *rn <= 65536;
	if (ok) {
		*ri = malloc(*rn * sizeof(**ri));
		cr_assert(*ri);
		ok = read_all(fds[0], *ri, *rn * sizeof(**ri));
	}
	close(fds[0]);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	if (!ok || !WIFEXITED(status) || WEXITSTATUS(status)) {
		free(*ri);
		*ri = NULL;
		return 1;
	}
	return 0;
}

/* Names the oracle left out (see oracle.h), on the number they take. */
static bool skip_left_out(const struct secbpf_arch *arch, uint32_t nr,
			  void *opaque)
{
	const struct oracle_stats *st = opaque;

	for (size_t i = 0; i < st->nsplit; i++) {
		uint32_t x, mux, sub;

		if (!secbpf_syscall_lookup(arch, st->split_names[i], &x) &&
		    x == nr)
			return true;
		if (!secbpf_syscall_multiplex(arch, st->split_names[i], &mux,
					      &sub) &&
		    mux == nr)
			return true;
	}
	return false;
}

struct profile_totals {
	size_t cases, queries, unsound, order, hangs, split, skipped;
};

static void check_profile(uint64_t seed, struct profile_totals *t)
{
	/* little-endian sets (big-endian needs libseccomp under qemu) */
	static const char *const sets[][3] = {
		{"x86_64", "x86", "x32"},
		{"x86"},
		{"aarch64", "arm"},
		{"ppc64le"},
		{"riscv64"},
		{"mipsel64", "mipsel"},
	};
	const char *const *set = sets[seed % SB_ARRAY_SIZE(sets)];
	size_t narch = 0;
	uint64_t rng = seed * 0x9e3779b97f4a7c15ULL + 7;
	char *json = ir_random_profile(&rng);
	struct secbpf_resolve_opts ro = {.sz = sizeof(ro)};
	struct secbpf_profile *prof = NULL, *res = NULL;
	struct secbpf_policy *pol = NULL, *runc = NULL;
	struct secbpf_prog *ours = NULL, *ref = NULL, *same = NULL;
	struct secbpf_insn *ri = NULL;
	struct oracle_stats *st = calloc(1, sizeof(*st));
	struct secbpf_error err;
	struct diff_result dr, dsame;
	size_t rn = 0;
	bool *amb;

	cr_assert(st);
	while (narch < 3 && set[narch])
		narch++;
	ro.arches = set;
	ro.narches = narch;
	if (getenv("SECBPF_TEST_TRACE"))
		fprintf(stderr, "seed %llu: %s\n", (unsigned long long)seed,
			json);
	cr_assert_eq(secbpf_profile_load_bytes(json, strlen(json), "random",
					       &prof, &err),
		     0, "seed %llu: %s\n%s", (unsigned long long)seed,
		     err.message, json);
	cr_assert_eq(secbpf_profile_resolve(prof, &ro, &res, &err), 0, "%s",
		     err.message);
	cr_assert_eq(secbpf_policy_new(res, NULL, &pol, &err), 0, "%s",
		     err.message);
	cr_assert_eq(secbpf_compile(pol, NULL, &ours, &err), 0, "seed %llu: %s",
		     (unsigned long long)seed, err.message);
	cr_assert_eq(secbpf_prog_verify(ours, &err), 0, "%s", err.message);
	if (oracle_profile_guarded(res, set, narch, &ri, &rn, st)) {
		t->hangs++;
		goto out;
	}
	cr_assert_eq(secbpf_prog_new(ri, rn, false, &ref, &err), 0, "%s",
		     err.message);
	/* the verdicts the rules allow come from the rules as runc hands
	 * them over, built here apart from the library's own split */
	runc = ir_from_profile_runc(res);
	diff_programs(runc, ours, ref, (unsigned)seed, skip_left_out, st, &dr);
	if (dr.divergent || (dr.order_diff && getenv("SECBPF_TEST_VERBOSE"))) {
		char what[64];

		snprintf(what, sizeof(what), "profile seed %llu",
			 (unsigned long long)seed);
		diff_print(what, &dr);
		fprintf(stderr, "%s\n", json);
	}
	cr_expect_eq(dr.divergent, 0,
		     "profile seed %llu: %zu divergent verdicts (of %zu)",
		     (unsigned long long)seed, dr.divergent, dr.queries);
	amb = diff_ambiguous(ours);
	cr_assert(amb);
	for (size_t i = 0; i < secbpf_prog_len(ours); i++)
		cr_assert(!amb[i], "profile seed %llu: insn %zu ambiguous",
			  (unsigned long long)seed, i);
	free(amb);
	/* the library's split against the reference's, through the same
	 * compiler: no difference at all, so what differs from libseccomp
	 * above is the compiler's, not the split's */
	cr_assert_eq(secbpf_compile(runc, NULL, &same, &err), 0, "%s",
		     err.message);
	diff_programs(runc, ours, same, (unsigned)seed, NULL, NULL, &dsame);
	cr_expect(dsame.divergent == 0 && dsame.order_diff == 0 &&
			  dsame.ref_unsound == 0,
		  "profile seed %llu: the library's split and the "
		  "reference's compile to different verdicts (%zu, %zu, %zu)",
		  (unsigned long long)seed, dsame.divergent, dsame.order_diff,
		  dsame.ref_unsound);
	t->cases++;
	t->queries += dr.queries;
	t->unsound += dr.ref_unsound;
	t->order += dr.order_diff;
	t->split += st->rules_split;
	t->skipped += st->nsplit;
out:
	ir_free(runc);
	secbpf_prog_free(ours);
	secbpf_prog_free(ref);
	secbpf_prog_free(same);
	free(ri);
	free(st);
	secbpf_policy_free(pol);
	secbpf_profile_free(res);
	secbpf_profile_free(prof);
	free(json);
}

Test(fuzz, profiles_repeating_arguments, .timeout = 240)
{
	struct profile_totals t = {0};
	/* SECBPF_FUZZ_PROFILES=N for a longer campaign */
	const char *env = getenv("SECBPF_FUZZ_PROFILES");
	uint64_t n = env ? strtoull(env, NULL, 10) : 600;

	for (uint64_t seed = 1; seed <= n; seed++)
		check_profile(seed, &t);
	cr_log_info("%zu random profiles, %zu (rule, name) pairs split as "
		    "runc splits them, %zu verdicts compared; %zu without a "
		    "sound libseccomp reference; %zu where overlapping rules "
		    "with different actions match and the two pick different "
		    "ones; %zu names left out (libseccomp refused the rule); "
		    "%zu profiles where libseccomp hung or failed",
		    t.cases, t.split, t.queries, t.unsound, t.order, t.skipped,
		    t.hangs);
	cr_assert_gt(t.split, 0);
	cr_assert_gt(t.queries, 0);
}
