// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * run-libseccomp PROFILE PROGRAM [ARGS...]: the reference for
 * check_probes.sh.  Resolves PROFILE for this machine as secbpf run does,
 * has libseccomp build the filter the way runc builds it (rules testing
 * an argument twice split into one rule per condition, rules equal to the
 * default skipped, the binary tree past 32 syscall rules), installs it
 * and execs PROGRAM.  runc's ENOSYS stub is not added: numbers beyond the
 * profile get the default action here.  Test-only (libseccomp).
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "oracle.h"

int main(int argc, char **argv)
{
	struct secbpf_profile *p = NULL, *r = NULL;
	const char *arches[SB_MAX_ARCHES];
	struct secbpf_error err;
	struct oracle_stats *st = calloc(1, sizeof(*st));
	struct secbpf_insn *in = NULL;
	struct sock_fprog fp;
	size_t n = 0, names = 0;
	int rc;

	if (argc < 3 || !st) {
		fprintf(stderr, "usage: run-libseccomp PROFILE PROGRAM "
				"[ARGS...]\n");
		return 2;
	}
	if (secbpf_profile_load(argv[1], &p, &err) ||
	    secbpf_profile_resolve(p, NULL, &r, &err)) {
		fprintf(stderr, "run-libseccomp: %s\n", err.message);
		return 2;
	}
	for (size_t i = 0; i < r->narches && i < SB_MAX_ARCHES; i++)
		arches[i] = secbpf_arch_name(secbpf_arch_lookup(r->arches[i]));
	for (size_t i = 0; i < r->nrules; i++)
		names += r->rules[i].nnames;
	rc = oracle_from_profile_ex(r, arches, r->narches,
				    SECBPF_RET_KILL_THREAD, names > 32 ? 2 : 1,
				    true, &in, &n, st);
	if (rc) {
		fprintf(stderr, "run-libseccomp: libseccomp: %s\n",
			strerror(-rc));
		return 2;
	}
	if (st->rules_refused) {
		/* runc would not start the container */
		fprintf(stderr,
			"run-libseccomp: libseccomp refused %zu rules\n",
			st->rules_refused);
		return 2;
	}
	fp.len = (unsigned short)n;
	fp.filter = (struct sock_filter *)in;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fp)) {
		fprintf(stderr, "run-libseccomp: installing: %s\n",
			strerror(errno));
		return 2;
	}
	execv(argv[2], argv + 2);
	fprintf(stderr, "run-libseccomp: cannot run '%s': %s\n", argv[2],
		strerror(errno));
	return 127;
}
