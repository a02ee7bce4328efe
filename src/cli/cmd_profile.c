// SPDX-License-Identifier: LGPL-2.1-or-later
/* secbpf profile: print the default profile, or check and resolve one. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

#define MAX_LIST 64
#define MAX_INPUT (16U << 20)
#define MAX_WARNINGS 10

/* "sys_admin", "SYS_ADMIN" and "CAP_SYS_ADMIN" all mean CAP_SYS_ADMIN. */
static char *cap_name(const char *arg)
{
	size_t len = strlen(arg);
	bool prefixed = len > 4 && !strncasecmp(arg, "CAP_", 4);
	char *s = malloc(len + 5);

	if (!s)
		return NULL;
	snprintf(s, len + 5, "%s%s", prefixed ? "" : "CAP_", arg);
	for (char *c = s; *c; c++)
		*c = (char)toupper((unsigned char)*c);
	return s;
}

static bool parse_kernel(const char *s, unsigned *major, unsigned *minor)
{
	char tail;

	return sscanf(s, "%u.%u%c", major, minor, &tail) == 2 &&
	       (*major || *minor);
}

static int load_profile(const char *path, struct secbpf_profile **p,
			struct secbpf_error *err)
{
	char *buf;
	size_t len;
	int rc;

	if (strcmp(path, "-"))
		return secbpf_profile_load(path, p, err);
	if (cli_read_file(path, MAX_INPUT, &buf, &len))
		return -EIO;
	rc = secbpf_profile_load_bytes(buf, len, "<stdin>", p, err);
	free(buf);
	return rc;
}

static int run_profile(int argc, char **argv)
{
	static const struct option opts[] = {
		{"default", no_argument, NULL, 'd'},
		{"resolve", no_argument, NULL, 'r'},
		{"cap", required_argument, NULL, 'c'},
		{"all-caps", no_argument, NULL, 'A'},
		{"arch", required_argument, NULL, 'a'},
		{"kernel", required_argument, NULL, 'k'},
		{"output", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	const char *arches[MAX_LIST];
	char *caps[MAX_LIST];
	size_t narches = 0, ncaps = 0, nwarn;
	struct secbpf_resolve_opts ropts = {.sz = sizeof(ropts)};
	struct secbpf_profile *p = NULL, *r = NULL;
	struct secbpf_policy *pol = NULL;
	struct secbpf_error err;
	const char *output = NULL;
	bool use_default = false, resolve = false;
	char *json = NULL;
	int c, rc = 1;

	secbpf_error_clear(&err);
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			use_default = true;
			break;
		case 'r':
			resolve = true;
			break;
		case 'c':
			if (ncaps == MAX_LIST) {
				cli_error("more than %d --cap options",
					  MAX_LIST);
				goto out;
			}
			caps[ncaps] = cap_name(optarg);
			if (!caps[ncaps]) {
				cli_error("out of memory");
				goto out;
			}
			ncaps++;
			break;
		case 'A':
			ropts.all_caps = true;
			break;
		case 'a':
			if (narches == MAX_LIST) {
				cli_error("more than %d --arch options",
					  MAX_LIST);
				goto out;
			}
			if (!cli_arch(optarg))
				goto out;
			arches[narches++] = optarg;
			break;
		case 'k':
			if (!parse_kernel(optarg, &ropts.kernel_major,
					  &ropts.kernel_minor)) {
				cli_error("invalid kernel version '%s': want "
					  "X.Y",
					  optarg);
				goto out;
			}
			break;
		case 'o':
			output = optarg;
			break;
		default:
			cli_error("see 'secbpf profile --help'");
			goto out;
		}
	}
	if (use_default == (optind < argc)) {
		cli_error(use_default ? "give either --default or a profile, "
					"not both"
				      : "give a profile file or --default");
		goto out;
	}
	if (optind + 1 < argc) {
		cli_error("unexpected argument '%s'", argv[optind + 1]);
		goto out;
	}
	if ((ncaps || narches || ropts.all_caps || ropts.kernel_major ||
	     ropts.kernel_minor) &&
	    !resolve) {
		cli_error("--cap, --all-caps, --arch and --kernel need "
			  "--resolve");
		goto out;
	}

	if (use_default ? secbpf_profile_default(&p, &err)
			: load_profile(argv[optind], &p, &err)) {
		if (err.code)
			cli_lib_error(&err);
		goto out;
	}
	if (resolve) {
		ropts.arches = arches;
		ropts.narches = narches;
		ropts.caps = (const char *const *)caps;
		ropts.ncaps = ncaps;
		if (secbpf_profile_resolve(p, &ropts, &r, &err)) {
			cli_lib_error(&err);
			goto out;
		}
		/* building the IR finds what the profile cannot mean here
		 * (unknown names, an errno the kernel caps): tell now */
		if (secbpf_policy_new(r, NULL, &pol, &err)) {
			cli_lib_error(&err);
			goto out;
		}
		/* a profile for every arch names many calls a single target
		 * lacks: show a few, count the rest */
		nwarn = secbpf_policy_warning_count(pol);
		for (size_t i = 0; i < nwarn && i < MAX_WARNINGS; i++)
			cli_warn("%s", secbpf_policy_warning(pol, i));
		if (nwarn > MAX_WARNINGS)
			cli_warn("%zu more warnings", nwarn - MAX_WARNINGS);
	}
	if (secbpf_profile_to_json(r ? r : p,
				   r ? SECBPF_JSON_OCI : SECBPF_JSON_DOCKER,
				   &json, &err)) {
		cli_lib_error(&err);
		goto out;
	}
	rc = cli_write_output(output, json, strlen(json));
out:
	free(json);
	secbpf_policy_free(pol);
	secbpf_profile_free(r);
	secbpf_profile_free(p);
	for (size_t i = 0; i < ncaps; i++)
		free(caps[i]);
	return rc;
}

const struct cli_cmd cmd_profile = {
	.name = "profile",
	.run = run_profile,
	.summary = "print the default profile, or check and resolve one",
	.usage = "usage: secbpf profile --default [--resolve ...] [-o FILE]\n"
		 "       secbpf profile PROFILE [--resolve [--cap CAP]... "
		 "[--all-caps]\n"
		 "                      [--arch ARCH]... [--kernel X.Y]] "
		 "[-o FILE]\n"
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
		 "'architectures'.\n"
		 "\n"
		 "  --cap CAP     a capability in the bounding set "
		 "(repeatable;\n"
		 "                'sys_admin' means CAP_SYS_ADMIN); none by "
		 "default\n"
		 "  --all-caps    every capability is in the bounding set\n"
		 "  --arch ARCH   target architecture (repeatable; the first "
		 "is\n"
		 "                the one includes/excludes test); default: "
		 "this\n"
		 "                machine's plus the profile's archMap entry "
		 "for it\n"
		 "  --kernel X.Y  kernel version for minKernel (default: "
		 "running)\n"
		 "  -o, --output FILE  write there instead of standard "
		 "output\n",
};
