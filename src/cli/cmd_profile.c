// SPDX-License-Identifier: LGPL-2.1-or-later
/* secbpf profile: print the default profile, or check and resolve one. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run_profile(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_ENV_LONGOPTS,
		{"resolve", no_argument, NULL, 'r'},
		{"output", required_argument, NULL, 'o'},
		{"quiet", no_argument, NULL, 'q'},
		{NULL, 0, NULL, 0},
	};
	struct cli_env env = {0};
	struct secbpf_profile *p = NULL, *r = NULL;
	struct secbpf_policy *pol = NULL;
	struct secbpf_policy_opts po;
	struct secbpf_error err;
	const char *output = NULL;
	bool resolve = false;
	char *json = NULL;
	int c, taken, rc = 1;

	secbpf_error_clear(&err);
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:q", opts, NULL)) != -1) {
		taken = cli_env_option(&env, c, optarg);
		if (taken < 0)
			goto out;
		if (taken)
			continue;
		switch (c) {
		case 'r':
			resolve = true;
			break;
		case 'o':
			output = optarg;
			break;
		case 'q':
			cli_quiet(true);
			break;
		default:
			cli_error("see 'secbpf profile --help'");
			goto out;
		}
	}
	if (cli_env_operands(&env, argc, argv, optind, "profile"))
		goto out;
	if ((env.ncaps || env.narches || env.all_caps || env.kernel_major ||
	     env.kernel_minor || env.and_repeated_args) &&
	    !resolve) {
		cli_error("--cap, --all-caps, --arch, --kernel and "
			  "--and-repeated-args need --resolve");
		goto out;
	}

	if (resolve ? cli_env_resolve(&env, &p, &r) : cli_env_load(&env, &p))
		goto out;
	if (resolve) {
		/* building the IR finds what the profile cannot mean here
		 * (unknown names, an errno the kernel caps): tell now */
		cli_env_policy_opts(&env, &po);
		if (secbpf_policy_new(r, &po, &pol, &err)) {
			cli_lib_error(&err);
			goto out;
		}
		/* every one: compile points here for the names it counts */
		cli_policy_warnings(pol, SIZE_MAX, NULL);
	}
	if (secbpf_profile_to_json(r ? r : p,
				   r ? SECBPF_JSON_OCI : SECBPF_JSON_DOCKER,
				   &json, &err)) {
		cli_lib_error(&err);
		goto out;
	}
	rc = cli_write_output(output, json, strlen(json), false);
out:
	free(json);
	secbpf_policy_free(pol);
	secbpf_profile_free(r);
	secbpf_profile_free(p);
	return rc;
}

const struct cli_cmd cmd_profile = {
	.name = "profile",
	.run = run_profile,
	.summary = "print the default profile, or check and resolve one",
	.usage = "usage: secbpf profile --default [--resolve ...] [-o FILE]\n"
		 "       secbpf profile PROFILE [--resolve [--cap CAP]... "
		 "[--all-caps]\n"
		 "                      [--arch ARCH]... [--kernel X.Y]\n"
		 "                      [--and-repeated-args] [--quiet]] [-o "
		 "FILE]\n"
		 "\n"
		 "Without --resolve, print the profile (the embedded default, "
		 "or\n"
		 "PROFILE after checking it) as a Docker/containers "
		 "seccomp.json.\n"
		 "PROFILE may be a seccomp.json, an OCI linux.seccomp object, "
		 "or\n"
		 "an OCI config.json holding one; '-' reads standard input.\n"
		 "\n"
		 "With --resolve, print the OCI linux.seccomp a runtime would\n"
		 "receive: includes/excludes evaluated, archMap turned into\n"
		 "'architectures'.  A rule testing one argument twice is "
		 "printed\n"
		 "as it is: a runtime splits it when it builds the filter "
		 "(each\n"
		 "condition a rule of its own); the warnings say so, or, with\n"
		 "--and-repeated-args, that it is kept ANDed.\n"
		 "\n"
		 "  --cap CAP     a capability in the bounding set "
		 "(repeatable;\n"
		 "                'sys_admin' means CAP_SYS_ADMIN; an unknown "
		 "name is\n"
		 "                an error); none by default\n"
		 "  --all-caps    every capability is in the bounding set\n"
		 "  --arch ARCH   target architecture (repeatable; the first "
		 "is\n"
		 "                the one includes/excludes test); default: "
		 "this\n"
		 "                machine's plus the profile's archMap entry "
		 "for it\n"
		 "  --kernel X.Y  kernel version for minKernel (decimal, "
		 "each part up\n"
		 "                to 65535; default: the running kernel)\n"
		 "  --and-repeated-args  warn as for a filter that keeps the\n"
		 "                conditions of a rule testing one argument "
		 "twice\n"
		 "                ANDed (the output does not change)\n"
		 "  -q, --quiet   no warnings (errors are always shown)\n"
		 "  -o, --output FILE  write there instead of standard "
		 "output (as\n"
		 "                'secbpf compile -o': a regular file is "
		 "replaced\n"
		 "                atomically, a device or FIFO written into)\n",
};
