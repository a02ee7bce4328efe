// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What every section of bench uses: the arch sets, a profile resolved for
 * one set (a target) and compiled by secbpf or libseccomp, clocks,
 * statistics over rounds, and syscall frequency tables.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"
#ifdef HAVE_LIBSECCOMP
#include "oracle.h"
#endif

/* ---- arch sets and targets ---- */

const struct arch_set bench_sets[] = {
	{{"x86_64", "x86", "x32"}, 3},
	{{"aarch64", "arm"}, 2},
	{{"ppc64le"}, 1},
	{{"riscv64"}, 1},
	{{"mipsel64", "mipsel", "mipsel64n32"}, 3},
	{{"s390x", "s390"}, 2},
};
const size_t bench_nsets = SB_ARRAY_SIZE(bench_sets);

const struct arch_set *bench_host_set(void)
{
	const struct secbpf_arch *native = secbpf_arch_native();

	for (size_t s = 0; s < bench_nsets; s++)
		if (native &&
		    secbpf_arch_lookup(bench_sets[s].names[0]) == native)
			return &bench_sets[s];
	return &bench_sets[0];
}

/* What a runtime resolves for: no capabilities, a recent kernel. */
struct secbpf_resolve_opts bench_resolve_opts(const struct arch_set *set)
{
	struct secbpf_resolve_opts ro = {.sz = sizeof(ro),
					 .arches = set->names,
					 .narches = set->n,
					 .kernel_major = 6,
					 .kernel_minor = 12};
	return ro;
}

int target_open(struct bench_target *t, const char *path,
		const struct arch_set *set)
{
	struct secbpf_resolve_opts ro = bench_resolve_opts(set);
	struct secbpf_profile *p = NULL;
	struct secbpf_error err;
	int rc;

	memset(t, 0, sizeof(*t));
	t->path = path;
	t->base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	t->set = set;
	t->arch0 = secbpf_arch_lookup(set->names[0]);
	snprintf(t->setname, sizeof(t->setname), "%s%s%s%s%s", set->names[0],
		 set->n > 1 ? "+" : "", set->n > 1 ? set->names[1] : "",
		 set->n > 2 ? "+" : "", set->n > 2 ? set->names[2] : "");
	rc = secbpf_profile_load(path, &p, &err);
	if (!rc)
		rc = secbpf_profile_resolve(p, &ro, &t->resolved, &err);
	if (!rc)
		rc = secbpf_policy_new(t->resolved, NULL, &t->policy, &err);
	secbpf_profile_free(p);
	if (rc) {
		fprintf(stderr, "bench: %s (%s): %s\n", path, t->setname,
			err.message);
		target_close(t);
	}
	return rc;
}

void target_close(struct bench_target *t)
{
	secbpf_policy_free(t->policy);
	secbpf_profile_free(t->resolved);
	t->policy = NULL;
	t->resolved = NULL;
}

int target_compile(const struct bench_target *t,
		   const struct secbpf_compile_opts *opts,
		   struct secbpf_prog **out)
{
	struct secbpf_error err;
	int rc = secbpf_compile(t->policy, opts, out, &err);

	if (rc)
		fprintf(stderr, "bench: %s (%s): %s\n", t->path, t->setname,
			err.message);
	return rc;
}

int target_libseccomp(const struct bench_target *t, int optimize,
		      struct secbpf_prog **out)
{
#ifdef HAVE_LIBSECCOMP
	static struct oracle_stats st;
	struct secbpf_insn *ri = NULL;
	size_t rn = 0;
	int rc;

	if (t->arch0->big_endian)
		return -ENOTSUP;
	rc = oracle_from_profile_ex(t->resolved, t->set->names, t->set->n,
				    t->policy->badarch_action, optimize, true,
				    &ri, &rn, &st);
	if (!rc)
		rc = secbpf_prog_new(ri, rn, false, out, NULL);
	free(ri);
	return rc;
#else
	(void)t;
	(void)optimize;
	(void)out;
	return -ENOTSUP;
#endif
}

/* ---- statistics ---- */

double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/*
 * CPU seconds of this thread: unlike the wall clock, they do not count the
 * time other tasks of a shared machine hold the CPU.
 */
double bench_cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double bench_min(const double *v, size_t n)
{
	double m = n ? v[0] : 0;

	for (size_t i = 1; i < n; i++)
		if (v[i] < m)
			m = v[i];
	return m;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double bench_median(const double *v, size_t n)
{
	double s[BENCH_MAX_ROUNDS];

	if (!n)
		return 0;
	if (n > BENCH_MAX_ROUNDS)
		n = BENCH_MAX_ROUNDS;
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* ---- "name count" tables ---- */

#define TABLE_MAX_BYTES (1 << 20)
#define TABLE_MAX_ROWS 4096

static int table_add(struct bench_table *t, const char *name, double w)
{
	char **names;
	double *weights;

	if (t->n == TABLE_MAX_ROWS) {
		fprintf(stderr, "bench: '%s': more than %d entries\n", t->path,
			TABLE_MAX_ROWS);
		return -1;
	}
	names = realloc(t->names, (t->n + 1) * sizeof(*names));
	if (!names)
		return -1;
	t->names = names;
	weights = realloc(t->weights, (t->n + 1) * sizeof(*weights));
	if (!weights)
		return -1;
	t->weights = weights;
	t->names[t->n] = strdup(name);
	if (!t->names[t->n])
		return -1;
	t->weights[t->n++] = w;
	t->total += w;
	return 0;
}

int bench_table_load(const char *path, struct bench_table *t)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char line[512];
	unsigned lineno = 0;
	long bytes = 0;
	FILE *f;
	size_t len;

	memset(t, 0, sizeof(*t));
	t->path = path;
	/* "data/mix-build.txt" is labelled "build" */
	if (!strncmp(base, "mix-", 4))
		base += 4;
	snprintf(t->label, sizeof(t->label), "%s", base);
	len = strlen(t->label);
	if (len > 4 && !strcmp(t->label + len - 4, ".txt"))
		t->label[len - 4] = '\0';
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "bench: cannot open '%s': %s\n", path,
			strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char name[128], tail, *hash = strchr(line, '#');
		double w;
		int got;

		lineno++;
		bytes += (long)strlen(line);
		if (bytes > TABLE_MAX_BYTES) {
			fprintf(stderr, "bench: '%s': larger than %d bytes\n",
				path, TABLE_MAX_BYTES);
			goto fail;
		}
		if (hash)
			*hash = '\0';
		got = sscanf(line, "%127s %lf %c", name, &w, &tail);
		if (got <= 0)
			continue;
		if (got != 2 || !(w >= 0)) {
			fprintf(stderr, "bench: %s:%u: expected 'name count'\n",
				path, lineno);
			goto fail;
		}
		if (table_add(t, name, w))
			goto fail;
	}
	fclose(f);
	if (!t->n) {
		fprintf(stderr, "bench: '%s' has no entries\n", path);
		bench_table_free(t);
		return -1;
	}
	return 0;
fail:
	fclose(f);
	bench_table_free(t);
	return -1;
}

void bench_table_free(struct bench_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->names[i]);
	free(t->names);
	free(t->weights);
	t->names = NULL;
	t->weights = NULL;
	t->n = 0;
}
