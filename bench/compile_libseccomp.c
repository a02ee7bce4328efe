// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * compile-libseccomp PROFILE [--arch ARCH]... [--tree] -o FILE: what
 * `secbpf compile PROFILE [--arch ARCH]... -o FILE` does, with libseccomp
 * building the program, for comparing whole processes (callgrind
 * instruction counts, docs/performance.md).
 *
 * It loads and resolves PROFILE with libsecbpf exactly as `secbpf compile`
 * does (the --arch list, or this machine's arch plus the profile's archMap
 * sub-architectures; the running kernel, no capabilities), then has
 * libseccomp build the filter from the resolved rules the way runc does:
 * bench's oracle path (tests/compile/oracle.c, oracle_from_profile_ex with
 * runc_only): seccomp_init(default action), the bad-arch action, the
 * arches, per rule and name seccomp_rule_add_array (rules whose action is
 * the default skipped, rules repeating an argument split into one rule per
 * condition), seccomp_export_bpf with libseccomp's default (linear)
 * layout, or its binary tree with --tree.  Then it writes the raw program
 * to FILE.  Both sides therefore spend the same on loading the profile;
 * the difference is the IR, the compiler and the program's emission.
 * Built with bench when libseccomp is found; test-only, never installed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oracle.h"

int main(int argc, char **argv)
{
	const char *profile = NULL, *output = NULL;
	const char *arches[SB_MAX_ARCHES], *want[SB_MAX_ARCHES];
	struct secbpf_resolve_opts ro = {.sz = sizeof(ro)};
	struct secbpf_profile *p = NULL, *r = NULL;
	struct secbpf_error err;
	static struct oracle_stats st;
	struct secbpf_insn *prog = NULL;
	size_t n = 0, narch = 0;
	int optimize = 1, fd, rc = 1;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			output = argv[++i];
		else if (!strcmp(argv[i], "--arch") && i + 1 < argc &&
			 ro.narches < SB_MAX_ARCHES)
			want[ro.narches++] = argv[++i];
		else if (!strcmp(argv[i], "--tree"))
			optimize = 2;
		else if (!profile)
			profile = argv[i];
		else
			profile = NULL, i = argc;
	}
	ro.arches = want;
	if (!profile || !output) {
		fprintf(stderr, "usage: compile-libseccomp PROFILE [--arch "
				"ARCH]... [--tree] -o FILE\n");
		return 2;
	}
	if (secbpf_profile_load(profile, &p, &err) ||
	    secbpf_profile_resolve(p, ro.narches ? &ro : NULL, &r, &err)) {
		fprintf(stderr, "compile-libseccomp: %s\n", err.message);
		goto out;
	}
	for (size_t i = 0; i < r->narches && narch < SB_MAX_ARCHES; i++) {
		const struct secbpf_arch *a = secbpf_arch_lookup(r->arches[i]);

		if (a)
			arches[narch++] = secbpf_arch_name(a);
	}
	if (oracle_from_profile_ex(r, arches, narch, SECBPF_RET_KILL_THREAD,
				   optimize, true, &prog, &n, &st)) {
		fprintf(stderr, "compile-libseccomp: libseccomp failed\n");
		goto out;
	}
	fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, prog, n * sizeof(*prog)) !=
			      (ssize_t)(n * sizeof(*prog))) {
		fprintf(stderr, "compile-libseccomp: cannot write '%s'\n",
			output);
		if (fd >= 0)
			close(fd);
		goto out;
	}
	rc = close(fd) ? 1 : 0;
out:
	free(prog);
	secbpf_profile_free(r);
	secbpf_profile_free(p);
	return rc;
}
