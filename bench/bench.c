// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bench: where compile time goes, how big the programs are, how many
 * instructions they run per syscall (over numbers, over the syscall table,
 * over recorded workload mixes) and what a syscall costs in the kernel
 * under each filter; secbpf beside libseccomp's linear (optimize level 1,
 * its default) and tree (level 2) layouts when built with libseccomp.
 *
 *   bench [-s compile,mix,kernel] [-r ROUNDS] [-n ITER] [-t MS]
 *         [-k CALLS] [--mix FILE]... [--freq FILE]... [PROFILE...]
 *
 * Default profiles: $SECBPF_SHARED/profiles (../shared/profiles); default
 * mixes: data/mix-*.txt of the source tree.  Run by hand, not by tests.
 * This file: options and the compile section; common.c: arch sets,
 * targets, statistics and frequency tables, which every section uses.
 *
 * The compile section also builds each profile through libsecbpf-seccomp's
 * libseccomp API ("secbpf-seccomp": the resolved rules added as runc adds
 * them with libseccomp, then seccomp_export_bpf; compat_api.c), timed as
 * libseccomp is, with its ratio to libseccomp's default (linear) layout.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "sections.h"
#include "compat_api.h"
#ifdef HAVE_LIBSECCOMP
#include "oracle.h"
#endif

#ifndef BENCH_DATA_DIR
#define BENCH_DATA_DIR "data"
#endif

/* ---- section: compile, stage by stage ---- */

enum stage { ST_PARSE, ST_RESOLVE, ST_IR, ST_EMIT, ST_FREE, ST_TOTAL, NST };

static const char *const stage_names[NST] = {"parse", "resolve", "IR",
					     "emit",  "free",	 "total"};

/* Instructions run for numbers 0..460 of the first arch, no arguments. */
static void numbers_cost(const struct secbpf_prog *prog, uint32_t audit,
			 double *mean, unsigned *worst)
{
	unsigned long total = 0;

	*worst = 0;
	for (uint32_t nr = 0; nr <= 460; nr++) {
		struct secbpf_data d = {.nr = nr, .arch = audit};
		struct secbpf_run_result r = {0};

		if (secbpf_prog_run(prog, &d, &r, NULL))
			continue;
		total += r.count;
		if (r.count > *worst)
			*worst = r.count;
	}
	*mean = (double)total / 461.0;
}

/*
 * The whole pipeline once, as a runtime runs it, with a timestamp between
 * the stages; the seconds of each stage are added to st[].
 */
static int pipeline_once(const struct bench_target *t, double st[NST])
{
	struct secbpf_resolve_opts ro = bench_resolve_opts(t->set);
	struct secbpf_profile *p = NULL, *r = NULL;
	struct secbpf_policy *pol = NULL;
	struct secbpf_prog *prog = NULL;
	struct secbpf_error err;
	double ts[6];
	int rc;

	ts[0] = bench_cpu_now();
	rc = secbpf_profile_load(t->path, &p, &err);
	ts[1] = bench_cpu_now();
	if (!rc)
		rc = secbpf_profile_resolve(p, &ro, &r, &err);
	ts[2] = bench_cpu_now();
	if (!rc)
		rc = secbpf_policy_new(r, NULL, &pol, &err);
	ts[3] = bench_cpu_now();
	if (!rc)
		rc = secbpf_compile(pol, NULL, &prog, &err);
	ts[4] = bench_cpu_now();
	secbpf_prog_free(prog);
	secbpf_policy_free(pol);
	secbpf_profile_free(r);
	secbpf_profile_free(p);
	ts[5] = bench_cpu_now();
	if (rc) {
		fprintf(stderr, "bench: %s: %s\n", t->path, err.message);
		return rc;
	}
	for (int s = ST_PARSE; s <= ST_FREE; s++)
		st[s] += ts[s + 1] - ts[s];
	st[ST_TOTAL] += ts[5] - ts[0];
	return 0;
}

/* One round of our side: mean seconds per stage. */
static int round_ours(const struct bench_opts *o, const struct bench_target *t,
		      double mean[NST])
{
	double sum[NST] = {0}, start = bench_cpu_now();
	unsigned n = 0;

	while (n < o->min_iter || bench_cpu_now() - start < o->min_seconds) {
		if (pipeline_once(t, sum))
			return -1;
		n++;
	}
	for (int s = 0; s < NST; s++)
		mean[s] = sum[s] / n;
	return 0;
}

#ifdef HAVE_LIBSECCOMP
/* One round of libseccomp: mean seconds per compile. */
static int round_libseccomp(const struct bench_opts *o,
			    const struct bench_target *t, int optimize,
			    double *mean)
{
	static struct oracle_stats st;
	double start = bench_cpu_now();
	unsigned n = 0;

	while (n < o->min_iter || bench_cpu_now() - start < o->min_seconds) {
		struct secbpf_insn *ri = NULL;
		size_t rn = 0;

		if (oracle_from_profile_ex(t->resolved, t->set->names,
					   t->set->n, t->policy->badarch_action,
					   optimize, true, &ri, &rn, &st))
			return -1;
		free(ri);
		n++;
	}
	*mean = (bench_cpu_now() - start) / n;
	return 0;
}
#else
static int round_libseccomp(const struct bench_opts *o,
			    const struct bench_target *t, int optimize,
			    double *mean)
{
	(void)o;
	(void)t;
	(void)optimize;
	(void)mean;
	return -ENOTSUP;
}
#endif

/* One round of the libseccomp API through libsecbpf-seccomp. */
static bool compat_ready;

static int round_compat(const struct bench_opts *o,
			const struct bench_target *t, double *mean)
{
	double start = bench_cpu_now();
	unsigned n = 0;

	while (n < o->min_iter || bench_cpu_now() - start < o->min_seconds) {
		struct secbpf_insn *ci = NULL;
		size_t cn = 0;

		if (compat_api_build(t->resolved, t->set->names, t->set->n,
				     t->policy->badarch_action, &ci, &cn))
			return -1;
		free(ci);
		n++;
	}
	*mean = (bench_cpu_now() - start) / n;
	return 0;
}

static void print_prog_cols(const char *side, const struct secbpf_prog *prog,
			    uint32_t audit)
{
	double mean;
	unsigned worst;

	numbers_cost(prog, audit, &mean, &worst);
	printf("    %-16s %5zu %6.2f %5u", side, secbpf_prog_len(prog), mean,
	       worst);
}

static void compile_one(const struct bench_opts *o, const char *path,
			const struct arch_set *set)
{
	double ours[NST][BENCH_MAX_ROUNDS], warm[NST];
	/* [1]: libseccomp linear, [2]: tree */
	double lib[3][BENCH_MAX_ROUNDS], ratio[3][BENCH_MAX_ROUNDS];
	double compat[BENCH_MAX_ROUNDS], cratio[BENCH_MAX_ROUNDS];
	struct secbpf_prog *prog = NULL, *lprog[3] = {NULL, NULL, NULL};
	struct secbpf_prog *cprog = NULL;
	bool have_lib = true, have_compat = compat_ready;
	struct bench_target t;
	unsigned r;

	if (target_open(&t, path, set))
		return;
	if (target_compile(&t, NULL, &prog))
		goto out;
	for (int opt = 1; have_lib && opt <= 2; opt++)
		if (target_libseccomp(&t, opt, &lprog[opt]))
			have_lib = false;
	if (have_compat) {
		struct secbpf_insn *ci = NULL;
		size_t cn = 0;

		have_compat =
			!compat_api_build(t.resolved, t.set->names, t.set->n,
					  t.policy->badarch_action, &ci, &cn) &&
			/* written in the target's byte order */
			!secbpf_prog_read(ci, cn * sizeof(*ci),
					  SECBPF_FORMAT_RAW,
					  t.arch0->big_endian, &cprog, NULL);
		free(ci);
	}
	/* one untimed pipeline, so that the first round is not the one
	 * that faults the pages in */
	if (round_ours(&(struct bench_opts){.min_iter = 1}, &t, warm))
		goto out;
	for (r = 0; r < o->rounds; r++) {
		double m[NST];

		if (round_ours(o, &t, m))
			goto out;
		for (int s = 0; s < NST; s++)
			ours[s][r] = m[s];
		for (int opt = 1; have_lib && opt <= 2; opt++) {
			if (round_libseccomp(o, &t, opt, &lib[opt][r])) {
				have_lib = false;
				break;
			}
			ratio[opt][r] = lib[opt][r] / m[ST_TOTAL];
		}
		if (have_compat && round_compat(o, &t, &compat[r]))
			have_compat = false;
		if (have_compat && have_lib)
			cratio[r] = lib[1][r] / compat[r];
	}
	printf("  %s\n    %-16s %5s %6s %5s %8s %8s %8s %8s %8s %8s\n",
	       t.setname, "", "size", "mean", "worst", stage_names[0],
	       stage_names[1], stage_names[2], stage_names[3], stage_names[4],
	       stage_names[5]);
	print_prog_cols("secbpf", prog, t.arch0->audit);
	for (int s = 0; s < NST; s++)
		printf(" %8.3f", bench_median(ours[s], r) * 1e3);
	printf(" [%.3f]\n", bench_min(ours[ST_TOTAL], r) * 1e3);
	for (int opt = 1; have_lib && opt <= 2; opt++) {
		print_prog_cols(opt == 1 ? "libseccomp lin" : "libseccomp tree",
				lprog[opt], t.arch0->audit);
		printf(" %44s %8.3f [%.3f]  x%.1f [x%.1f]\n", "",
		       bench_median(lib[opt], r) * 1e3,
		       bench_min(lib[opt], r) * 1e3,
		       bench_median(ratio[opt], r),
		       bench_min(lib[opt], r) / bench_min(ours[ST_TOTAL], r));
	}
	if (have_compat) {
		print_prog_cols("secbpf-seccomp", cprog, t.arch0->audit);
		printf(" %44s %8.3f [%.3f]", "", bench_median(compat, r) * 1e3,
		       bench_min(compat, r) * 1e3);
		if (have_lib)
			printf("  libseccomp lin / this: x%.1f [x%.1f]",
			       bench_median(cratio, r),
			       bench_min(lib[1], r) / bench_min(compat, r));
		printf("\n");
	}
out:
	for (int opt = 1; opt <= 2; opt++)
		secbpf_prog_free(lprog[opt]);
	secbpf_prog_free(prog);
	secbpf_prog_free(cprog);
	target_close(&t);
}

/*
 * json-c alone on the profile's text: json_tokener_parse_ex (as the
 * loader calls it) and json_object_put, nothing else.  The loader cannot
 * cost less than this; every arch set's total includes it.  Mean seconds
 * per parse over one round.
 */
static int round_jsonc(const struct bench_opts *o, const char *text, size_t len,
		       double *mean)
{
	double start = bench_cpu_now();
	unsigned n = 0;

	while (n < o->min_iter || bench_cpu_now() - start < o->min_seconds) {
		struct json_tokener *tok = json_tokener_new_ex(17);
		json_object *root;

		if (!tok)
			return -1;
		json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
		root = json_tokener_parse_ex(tok, text, (int)len);
		json_tokener_free(tok);
		if (!root)
			return -1;
		json_object_put(root);
		n++;
	}
	*mean = (bench_cpu_now() - start) / n;
	return 0;
}

static void jsonc_line(const struct bench_opts *o, const char *path)
{
	double t[BENCH_MAX_ROUNDS];
	char *text = NULL;
	size_t len = 0;
	unsigned r;
	FILE *f = fopen(path, "rb");

	if (f) {
		text = malloc(1 << 24);
		if (text)
			len = fread(text, 1, 1 << 24, f);
		fclose(f);
	}
	for (r = 0; text && r < o->rounds; r++)
		if (round_jsonc(o, text, len, &t[r]))
			break;
	if (text && r == o->rounds)
		printf("  json-c alone (parse + free of the text, no "
		       "checks): %.3f ms [%.3f]\n",
		       bench_median(t, r) * 1e3, bench_min(t, r) * 1e3);
	free(text);
}

void bench_compile(const struct bench_opts *o, const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	printf("%s\n", base);
	jsonc_line(o, path);
	for (size_t s = 0; s < bench_nsets; s++)
		compile_one(o, path, &bench_sets[s]);
}

static void compile_header(const struct bench_opts *o)
{
	printf("== compile: CPU ms per compile (the thread's CPU time: other "
	       "tasks do not count),\n"
	       "   median of %u rounds [fastest round]; each round runs each "
	       "side at least %u times\n"
	       "   and %.0f CPU ms; xN = libseccomp's time / ours\n"
	       "   in the same round, median [fastest / fastest].  Stages: "
	       "parse = secbpf_profile_load,\n"
	       "   resolve = secbpf_profile_resolve, IR = secbpf_policy_new, "
	       "emit = secbpf_compile,\n"
	       "   free = freeing all four.  libseccomp: seccomp_init .. rule "
	       "adds .. seccomp_export_bpf\n"
	       "   on the resolved rules, as runc drives it.  mean / worst: "
	       "instructions run for\n"
	       "   numbers 0..460 of the first arch, zero arguments.\n"
	       "   secbpf-seccomp: the same rules through libsecbpf-seccomp's "
	       "libseccomp API, as runc\n"
	       "   drives libseccomp, then seccomp_export_bpf; xN against "
	       "libseccomp linear.\n"
	       "   json-c alone: what parse cannot go below "
	       "(json_tokener_parse_ex and\n"
	       "   json_object_put of the file's text).\n",
	       o->rounds, o->min_iter, o->min_seconds * 1e3);
}

/* ---- options and main ---- */

static void usage(FILE *to)
{
	fprintf(to,
		"usage: bench [-s SECTIONS] [-r ROUNDS] [-n ITER] [-t MS] "
		"[-k CALLS]\n"
		"             [--mix FILE]... [--freq FILE]... [PROFILE...]\n"
		"  -s LIST      sections: compile,mix,kernel (default: all)\n"
		"  -r ROUNDS    rounds; figures are the median and fastest "
		"(default 9)\n"
		"  -n ITER      compile: at least ITER runs per side per round "
		"(default 5)\n"
		"  -t MS        compile: and at least MS milliseconds "
		"(default 50)\n"
		"  -k CALLS     kernel: calls per syscall per round "
		"(default 50000)\n"
		"  --mix FILE   a recorded syscall mix, 'name count' per line\n"
		"               (default: %s/mix-*.txt)\n"
		"  --freq FILE  a frequency table for the weighted layout, "
		"beside each\n"
		"               mix (mix: its row and a row of ratios to "
		"balanced)\n"
		"PROFILE defaults to every profile in "
		"$SECBPF_SHARED/profiles (../shared).\n",
		BENCH_DATA_DIR);
}

static long number_arg(const char *s, const char *what, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi) {
		fprintf(stderr, "bench: %s '%s': expected %ld..%ld\n", what, s,
			lo, hi);
		exit(1);
	}
	return v;
}

static void parse_sections(struct bench_opts *o, const char *list)
{
	char buf[128], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", list);
	o->want_compile = o->want_mix = o->want_kernel = false;
	for (char *w = strtok_r(buf, ",", &save); w;
	     w = strtok_r(NULL, ",", &save)) {
		if (!strcmp(w, "compile"))
			o->want_compile = true;
		else if (!strcmp(w, "mix"))
			o->want_mix = true;
		else if (!strcmp(w, "kernel"))
			o->want_kernel = true;
		else {
			fprintf(stderr, "bench: unknown section '%s'\n", w);
			exit(1);
		}
	}
}

static void add_table(struct bench_table *tabs, size_t *n, const char *path)
{
	if (*n == BENCH_MAX_TABLES) {
		fprintf(stderr, "bench: more than %d tables\n",
			BENCH_MAX_TABLES);
		exit(1);
	}
	if (bench_table_load(path, &tabs[*n]))
		exit(1);
	(*n)++;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* Every NAME*.json / PREFIX*SUFFIX file of a directory, sorted. */
static size_t list_dir(const char *dir, const char *prefix, const char *suffix,
		       char (*out)[700], size_t max)
{
	size_t n = 0, plen = strlen(prefix), slen = strlen(suffix);
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return 0;
	while ((de = readdir(d)) && n < max) {
		size_t len = strlen(de->d_name);

		if (len > plen + slen && !strncmp(de->d_name, prefix, plen) &&
		    !strcmp(de->d_name + len - slen, suffix))
			snprintf(out[n++], 700, "%s/%s", dir, de->d_name);
	}
	closedir(d);
	qsort(out, n, sizeof(out[0]), cmp_str);
	return n;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"mix", required_argument, NULL, 'm'},
		{"freq", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static struct bench_opts o = {.rounds = 9,
				      .min_iter = 5,
				      .min_seconds = 0.05,
				      .kernel_calls = 50000,
				      .want_compile = true,
				      .want_mix = true,
				      .want_kernel = true};
	static char paths[64][700];
	size_t n = 0;
	int c;

	while ((c = getopt_long(argc, argv, "s:r:n:t:k:h", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 's':
			parse_sections(&o, optarg);
			break;
		case 'r':
			o.rounds = (unsigned)number_arg(optarg, "rounds", 1,
							BENCH_MAX_ROUNDS);
			break;
		case 'n':
			o.min_iter = (unsigned)number_arg(optarg, "runs", 1,
							  1000000);
			break;
		case 't':
			o.min_seconds =
				(double)number_arg(optarg, "time", 0, 60000) /
				1e3;
			break;
		case 'k':
			o.kernel_calls = (unsigned)number_arg(optarg, "calls",
							      1, 100000000);
			break;
		case 'm':
			add_table(o.mixes, &o.nmixes, optarg);
			break;
		case 'f':
			add_table(o.freqs, &o.nfreqs, optarg);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	for (; optind < argc; optind++) {
		if (n == SB_ARRAY_SIZE(paths)) {
			fprintf(stderr, "bench: more than %zu profiles\n", n);
			return 1;
		}
		snprintf(paths[n++], sizeof(paths[0]), "%s", argv[optind]);
	}
	if (!n) {
		const char *shared = getenv("SECBPF_SHARED");
		char dir[400];

		snprintf(dir, sizeof(dir), "%s/profiles",
			 shared ? shared : "../shared");
		n = list_dir(dir, "", ".json", paths, SB_ARRAY_SIZE(paths));
		if (!n) {
			fprintf(stderr,
				"bench: no profiles given and none in "
				"'%s'\n",
				dir);
			return 1;
		}
	}
	if (o.want_mix && !o.nmixes) {
		static char mixes[BENCH_MAX_TABLES][700];
		size_t nm = list_dir(BENCH_DATA_DIR, "mix-", ".txt", mixes,
				     BENCH_MAX_TABLES);

		for (size_t i = 0; i < nm; i++)
			add_table(o.mixes, &o.nmixes, mixes[i]);
	}

	if (o.want_compile) {
		compat_ready = !compat_api_open(COMPAT_LIB);
		if (!compat_ready)
			fprintf(stderr,
				"bench: cannot open %s: no secbpf-seccomp "
				"lines\n",
				COMPAT_LIB);
		compile_header(&o);
		for (size_t k = 0; k < n; k++)
			bench_compile(&o, paths[k]);
	}
	if (o.want_mix)
		for (size_t k = 0; k < n; k++)
			bench_mix(&o, paths[k]);
	if (o.want_kernel)
		for (size_t k = 0; k < n; k++)
			bench_kernel(&o, paths[k]);
	for (size_t i = 0; i < o.nmixes; i++)
		bench_table_free(&o.mixes[i]);
	for (size_t i = 0; i < o.nfreqs; i++)
		bench_table_free(&o.freqs[i]);
	return 0;
}
