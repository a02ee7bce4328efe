// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The cross-architecture differential against libseccomp.  Built with the
 * TARGET's libseccomp (libseccomp-dev:s390x etc. through multiarch) and
 * run on the target (under qemu-user), so that libseccomp builds its
 * filter natively there: libseccomp 2.5.4 exporting a big-endian filter
 * from a little-endian host writes some RET values in the wrong byte order
 * (../shared/notes/cross.md), a native build does not.
 *
 * For every profile (the embedded default, $SECBPF_SHARED/profiles, and
 * tests/compile/profiles: rules repeating an argument index) x
 * {no capabilities, all} x {libseccomp's linear filter, its binary
 * tree (SCMP_FLTATR_CTL_OPTIMIZE 2)} on this machine's arch set (s390x+s390,
 * aarch64+arm, arm, ...): libseccomp's filter, built the way runc builds
 * it, against OUR program compiled on the build host for this arch
 * (tools/cross-test passes it in $SECBPF_CROSS_PROGS; without it, the one
 * this machine compiles), both run through our interpreter on every probe
 * of tests/compile/diff.c: every syscall number of each arch, numbers
 * beyond the tables, foreign arches, argument values at, below and above
 * each boundary with the high word set and clear.
 */
#include <dirent.h>
#include <linux/filter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "diff.h"
#include "oracle.h"
#include "tap.h"

struct skip_ctx {
	const struct oracle_stats *st;
};

/* Names libseccomp cannot take as they are (see oracle.h): left out. */
static bool skip_name(const struct secbpf_arch *arch, uint32_t nr, void *opaque)
{
	const struct skip_ctx *c = opaque;

	for (size_t i = 0; i < c->st->nsplit; i++) {
		uint32_t x, mux, sub;

		if (!secbpf_syscall_lookup(arch, c->st->split_names[i], &x) &&
		    x == nr)
			return true;
		if (!secbpf_syscall_multiplex(arch, c->st->split_names[i], &mux,
					      &sub) &&
		    mux == nr)
			return true;
	}
	return false;
}

struct totals {
	size_t cases, from_host, queries, divergent, left_out;
	bool control; /* swap our RET values' bytes: must be caught */
};

/* The mistake libseccomp 2.5.4 makes exporting for the other byte order:
 * RET values byte-swapped.  A copy of "p" with that mistake. */
static struct secbpf_prog *swap_rets(const struct secbpf_prog *p)
{
	size_t n = secbpf_prog_len(p);
	struct secbpf_insn *in = malloc(n * sizeof(*in));
	struct secbpf_prog *out = NULL;

	if (!in)
		return NULL;
	memcpy(in, secbpf_prog_insns(p), n * sizeof(*in));
	for (size_t i = 0; i < n; i++)
		if (in[i].code == (BPF_RET | BPF_K))
			in[i].k = __builtin_bswap32(in[i].k);
	if (secbpf_prog_new(in, n, secbpf_prog_big_endian(p), &out, NULL))
		out = NULL;
	free(in);
	return out;
}

static void one_case(const char *src, const char *stem,
		     const struct arch_set *set, bool all_caps, int optimize,
		     struct totals *t)
{
	const char *dir = getenv("SECBPF_CROSS_PROGS");
	struct secbpf_profile *res = NULL;
	struct secbpf_policy *pol = NULL;
	struct secbpf_prog *ours = NULL, *ref = NULL;
	struct secbpf_insn *ri = NULL;
	struct secbpf_error err = {0};
	struct oracle_stats *st = calloc(1, sizeof(*st));
	struct skip_ctx sc = {st};
	struct diff_result dr;
	char what[700], path[1024], setname[64] = "";
	char *bytes = NULL;
	size_t rn = 0, len = 0;
	int rc;

	for (size_t i = 0; i < set->n; i++)
		snprintf(setname + strlen(setname),
			 sizeof(setname) - strlen(setname), "%s%s",
			 i ? "+" : "", set->names[i]);
	snprintf(what, sizeof(what), "%s, %s, %s caps, libseccomp %s", stem,
		 setname, all_caps ? "all" : "no",
		 optimize == 2 ? "binary tree" : "linear");
	if (!CHECK(st, "out of memory"))
		return;
	if (!CHECK(load_policy(src, set, all_caps, &res, &pol, &err) == 0,
		   "%s: %s", what, err.message))
		goto out;
	/* ours: the build host's program if there is one */
	if (dir) {
		snprintf(path, sizeof(path), "%s/%s.%s.%s.bpf", dir, stem,
			 all_caps ? "all" : "none", setname);
		bytes = slurp(path, &len);
	}
	if (bytes) {
		rc = secbpf_prog_read(bytes, len, SECBPF_FORMAT_RAW,
				      arch_set_big_endian(set), &ours, &err);
		t->from_host++;
	} else {
		rc = secbpf_compile(pol, NULL, &ours, &err);
	}
	if (!CHECK(rc == 0 && secbpf_prog_verify(ours, &err) == 0, "%s: %s",
		   what, err.message))
		goto out;
	rc = oracle_from_profile(res, set->names, set->n, pol->badarch_action,
				 optimize, &ri, &rn, st);
	if (!CHECK(rc == 0, "%s: libseccomp: %d", what, rc))
		goto out;
	/* libseccomp exported in this machine's order: the target's */
	if (!CHECK(secbpf_prog_new(ri, rn, arch_set_big_endian(set), &ref,
				   &err) == 0 &&
			   secbpf_prog_verify(ref, &err) == 0,
		   "%s: libseccomp's program: %s", what, err.message))
		goto out;
	if (t->control) {
		struct secbpf_prog *bad = swap_rets(ours);

		if (CHECK(bad, "out of memory")) {
			diff_programs(pol, bad, ref, 1, skip_name, &sc, &dr);
			CHECK(dr.divergent > 0,
			      "%s: RET values in the wrong byte order were not "
			      "noticed",
			      what);
			t->cases++;
			t->queries += dr.queries;
			t->divergent += dr.divergent;
		}
		secbpf_prog_free(bad);
		goto out;
	}
	diff_programs(pol, ours, ref, 1, skip_name, &sc, &dr);
	if (!CHECK(dr.divergent == 0 && dr.order_diff == 0 &&
			   dr.ref_unsound == 0 && dr.queries > 0,
		   "%s: %zu of %zu verdicts differ (%zu where overlapping "
		   "rules resolve differently, libseccomp unsound %zu times)",
		   what, dr.divergent, dr.queries, dr.order_diff,
		   dr.ref_unsound))
		diff_print(what, &dr);
	if (st->nsplit)
		tap_note("%s: %zu names left out (names libseccomp lacks or "
			 "numbers otherwise, rules it refuses), e.g. '%s'",
			 what, st->nsplit, st->split_names[0]);
	t->cases++;
	t->queries += dr.queries;
	t->divergent += dr.divergent;
	t->left_out += st->nsplit;
out:
	free(bytes);
	free(ri);
	free(st);
	secbpf_prog_free(ours);
	secbpf_prog_free(ref);
	secbpf_policy_free(pol);
	secbpf_profile_free(res);
}

enum which { DEFAULT_PROFILE, SHARED_PROFILES, OWN_PROFILES };

static void profiles(enum which which, bool control)
{
	const char *root = getenv(which == SHARED_PROFILES ? "SECBPF_SHARED"
							   : "SECBPF_SOURCE_"
							     "ROOT");
	struct totals t = {.control = control};
	struct arch_set set;
	char dir[512], path[1024];
	struct dirent *de;
	DIR *d = NULL;

	if (!arch_set_native(&set)) {
		tap_skip("libseccomp has no arch like this one");
		return;
	}
	if (which == DEFAULT_PROFILE) {
		for (int caps = 0; caps < 2; caps++)
			for (int opt = 1; opt <= 2; opt++)
				one_case("default", "default", &set, caps, opt,
					 &t);
	} else {
		if (root)
			snprintf(dir, sizeof(dir), "%s/%s", root,
				 which == SHARED_PROFILES ? "profiles"
							  : "tests/compile/"
							    "profiles");
		if (!root || !(d = opendir(dir))) {
			tap_skip("no profiles in %s", which == SHARED_PROFILES
							      ? "$SECBPF_"
								"SHARED/"
								"profiles"
							      : "$SECBPF_"
								"SOURCE_ROOT/"
								"tests/compile/"
								"profiles");
			return;
		}
		while ((de = readdir(d))) {
			size_t len = strlen(de->d_name);
			char stem[256];

			if (len <= 5 || strcmp(de->d_name + len - 5, ".json") ||
			    len - 5 >= sizeof(stem))
				continue;
			snprintf(stem, sizeof(stem), "%.*s", (int)(len - 5),
				 de->d_name);
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			for (int caps = 0; caps < 2; caps++)
				for (int opt = 1; opt <= 2; opt++)
					one_case(path, stem, &set, caps, opt,
						 &t);
		}
		closedir(d);
		CHECK(t.cases > 0, "no profiles in %s", dir);
	}
	if (control) {
		tap_note("control: with our RET values byte-swapped, %zu of "
			 "%zu "
			 "verdicts differ",
			 t.divergent, t.queries);
		return;
	}
	tap_note("%zu cases (%zu with the build host's program), %zu "
		 "verdicts compared, %zu divergent, %zu names left out",
		 t.cases, t.from_host, t.queries, t.divergent, t.left_out);
}

static void default_profile(void)
{
	profiles(DEFAULT_PROFILE, false);
}

static void shared_profiles(void)
{
	profiles(SHARED_PROFILES, false);
}

/* Ours: rules testing an argument index more than once, which libseccomp
 * gets split into one rule per condition, as runc hands them over. */
static void own_profiles(void)
{
	profiles(OWN_PROFILES, false);
}

/* The comparison can fail: it catches libseccomp's cross-export mistake. */
static void control(void)
{
	profiles(DEFAULT_PROFILE, true);
}

int main(int argc, char **argv)
{
	static const struct tap_case cases[] = {
		{"default_profile", default_profile},
		{"shared_profiles", shared_profiles},
		{"own_profiles", own_profiles},
		{"control_swapped_rets", control},
	};

	return tap_main(cases, TAP_ARRAY_SIZE(cases), argc, argv);
}
