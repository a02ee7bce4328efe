// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bench: compile time, program size and instructions executed per
 * syscall, for the shared profiles, beside libseccomp's linear (optimize
 * level 1, its default) and tree (level 2) layouts when built with it.
 *
 *   bench [-n RUNS] [PROFILE...]    (default: $SECBPF_SHARED/profiles)
 *
 * Instructions per syscall: numbers 0..460 of the set's first arch, zero
 * arguments, counted by secbpf's interpreter.  Run by hand, not by tests.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#ifdef HAVE_LIBSECCOMP
#include "oracle.h"
#endif

struct arch_set {
	const char *names[3];
	size_t n;
};

static const struct arch_set sets[] = {
	{{"x86_64", "x86", "x32"}, 3},
	{{"aarch64", "arm"}, 2},
	{{"ppc64le"}, 1},
	{{"riscv64"}, 1},
	{{"mipsel64", "mipsel", "mipsel64n32"}, 3},
	{{"s390x", "s390"}, 2},
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

struct cost {
	double mean;
	unsigned worst;
};

static struct cost exec_cost(const struct secbpf_prog *prog, uint32_t audit)
{
	struct cost c = {0, 0};
	unsigned long total = 0;

	for (uint32_t nr = 0; nr <= 460; nr++) {
		struct secbpf_data d = {.nr = nr, .arch = audit};
		struct secbpf_run_result r = {0};

		if (secbpf_prog_run(prog, &d, &r, NULL))
			continue;
		total += r.count;
		if (r.count > c.worst)
			c.worst = r.count;
	}
	c.mean = (double)total / 461.0;
	return c;
}

/* parse + resolve + policy + emit, as a runtime would do it */
static int ours_once(const char *path, const struct arch_set *set,
		     struct secbpf_prog **out, struct secbpf_profile **resolved,
		     struct secbpf_policy **policy)
{
	struct secbpf_resolve_opts ro = {.sz = sizeof(ro),
					 .arches = set->names,
					 .narches = set->n,
					 .kernel_major = 6,
					 .kernel_minor = 12};
	struct secbpf_profile *p = NULL, *r = NULL;
	struct secbpf_policy *pol = NULL;
	struct secbpf_error err;
	int rc;

	rc = secbpf_profile_load(path, &p, &err);
	if (!rc)
		rc = secbpf_profile_resolve(p, &ro, &r, &err);
	if (!rc)
		rc = secbpf_policy_new(r, NULL, &pol, &err);
	if (!rc)
		rc = secbpf_compile(pol, NULL, out, &err);
	if (rc)
		fprintf(stderr, "bench: %s: %s\n", path, err.message);
	secbpf_profile_free(p);
	if (resolved && !rc)
		*resolved = r;
	else
		secbpf_profile_free(r);
	if (policy && !rc)
		*policy = pol;
	else
		secbpf_policy_free(pol);
	return rc;
}

static void one(const char *path, const struct arch_set *set, int runs)
{
	struct secbpf_profile *res = NULL;
	struct secbpf_policy *pol = NULL;
	struct secbpf_prog *prog = NULL;
	const struct secbpf_arch *a0 = secbpf_arch_lookup(set->names[0]);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char setname[64];
	double t0, t_ours, min_ours = 1e9;
	struct cost c;

	snprintf(setname, sizeof(setname), "%s%s%s%s%s", set->names[0],
		 set->n > 1 ? "+" : "", set->n > 1 ? set->names[1] : "",
		 set->n > 2 ? "+" : "", set->n > 2 ? set->names[2] : "");
	if (ours_once(path, set, &prog, &res, &pol))
		return;
	c = exec_cost(prog, a0->audit);
	t0 = now();
	for (int i = 0; i < runs; i++) {
		struct secbpf_prog *p = NULL;
		double t1 = now();

		if (ours_once(path, set, &p, NULL, NULL))
			return;
		secbpf_prog_free(p);
		t1 = now() - t1;
		if (t1 < min_ours)
			min_ours = t1;
	}
	t_ours = (now() - t0) / runs;
	printf("%-34s %-28s secbpf          %5zu insns  mean %6.2f  worst "
	       "%4u  compile %7.3f ms (min %7.3f)\n",
	       base, setname, secbpf_prog_len(prog), c.mean, c.worst,
	       t_ours * 1e3, min_ours * 1e3);
#ifdef HAVE_LIBSECCOMP
	if (!a0->big_endian) {
		for (int opt = 1; opt <= 2; opt++) {
			struct secbpf_insn *ri = NULL;
			struct secbpf_prog *rp = NULL;
			struct oracle_stats st;
			size_t rn = 0;
			double t, tmin = 1e9;

			t0 = now();
			for (int i = 0; i < runs; i++) {
				double t1 = now();

				free(ri);
				ri = NULL;
				if (oracle_from_profile_ex(
					    res, set->names, set->n,
					    pol->badarch_action, opt, true, &ri,
					    &rn, &st))
					break;
				t1 = now() - t1;
				if (t1 < tmin)
					tmin = t1;
			}
			t = (now() - t0) / runs;
			if (!ri || secbpf_prog_new(ri, rn, false, &rp, NULL)) {
				free(ri);
				continue;
			}
			c = exec_cost(rp, a0->audit);
			printf("%-34s %-28s libseccomp %-4s %5zu insns  mean "
			       "%6.2f  worst %4u  compile %7.3f ms (min %7.3f) "
			       " "
			       "x%.1f (min x%.1f)\n",
			       base, setname, opt == 1 ? "lin" : "tree", rn,
			       c.mean, c.worst, t * 1e3, tmin * 1e3, t / t_ours,
			       tmin / min_ours);
			secbpf_prog_free(rp);
			free(ri);
		}
	}
#endif
	secbpf_prog_free(prog);
	secbpf_policy_free(pol);
	secbpf_profile_free(res);
}

int main(int argc, char **argv)
{
	char paths[64][700];
	size_t n = 0;
	int runs = 50, i = 1;

	if (argc > 2 && !strcmp(argv[1], "-n")) {
		runs = atoi(argv[2]);
		if (runs <= 0)
			runs = 1;
		i = 3;
	}
	for (; i < argc && n < 64; i++)
		snprintf(paths[n++], sizeof(paths[0]), "%s", argv[i]);
	if (!n) {
		const char *shared = getenv("SECBPF_SHARED");
		char dir[400];
		struct dirent *de;
		DIR *d;

		snprintf(dir, sizeof(dir), "%s/profiles",
			 shared ? shared : "../shared");
		d = opendir(dir);
		if (!d) {
			fprintf(stderr,
				"bench: no profiles given and no %s: %s\n", dir,
				strerror(errno));
			return 1;
		}
		while ((de = readdir(d)) && n < 64) {
			size_t len = strlen(de->d_name);

			if (len > 5 && !strcmp(de->d_name + len - 5, ".json"))
				snprintf(paths[n++], sizeof(paths[0]), "%s/%s",
					 dir, de->d_name);
		}
		closedir(d);
	}
	printf("# %d runs per compile; instructions executed for numbers "
	       "0..460 of the first arch, zero arguments\n",
	       runs);
	for (size_t k = 0; k < n; k++)
		for (size_t s = 0; s < sizeof(sets) / sizeof(sets[0]); s++)
			one(paths[k], &sets[s], runs);
	return 0;
}
