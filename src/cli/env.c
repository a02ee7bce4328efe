// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The environment options the commands share (--arch, --cap, --all-caps,
 * --kernel, --default, ...) and loading a profile for them.  Kept apart
 * from util.c's messages and files so that src/cli's files depend one way:
 * env.c -> num.c -> util.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

const struct secbpf_arch *cli_arch(const char *name)
{
	const struct secbpf_arch *a = secbpf_arch_lookup(name);

	if (!a)
		cli_error("unknown architecture '%s' (see 'secbpf arches')",
			  name);
	return a;
}

static int add_item(const char **list, size_t *n, const char *item,
		    const char *what)
{
	if (*n >= CLI_MAX_LIST) {
		cli_error("too many %s options (at most %d)", what,
			  CLI_MAX_LIST);
		return -1;
	}
	list[(*n)++] = item;
	return 1;
}

/*
 * "--kernel X.Y": two decimal numbers up to 65535 each, as a profile's
 * minKernel; "0.0" is refused, since the library reads it as "the running
 * kernel" (which leaving --kernel out says).
 */
static int parse_kernel(struct cli_env *env, const char *arg)
{
	const char *dot = strchr(arg, '.');
	char major[16];
	uint64_t a, b;

	if (!dot || (size_t)(dot - arg) >= sizeof(major))
		goto bad;
	memcpy(major, arg, (size_t)(dot - arg));
	major[dot - arg] = '\0';
	if (cli_scan_number(major, 0, 0, 65535, &a) ||
	    cli_scan_number(dot + 1, 0, 0, 65535, &b))
		goto bad;
	if (!a && !b) {
		cli_error("invalid --kernel '0.0': leave --kernel out for the "
			  "running kernel");
		return -1;
	}
	env->kernel_major = (unsigned)a;
	env->kernel_minor = (unsigned)b;
	return 1;
bad:
	cli_error("invalid --kernel '%s': want X.Y, two decimal numbers up "
		  "to 65535",
		  arg);
	return -1;
}

int cli_env_option(struct cli_env *env, int opt, const char *arg)
{
	switch (opt) {
	case CLI_OPT_DEFAULT:
		env->use_default = true;
		return 1;
	case CLI_OPT_CAP:
		/* docker's "--cap-add ALL" is our --all-caps */
		if (!strcasecmp(arg, "ALL") || !strcasecmp(arg, "CAP_ALL")) {
			cli_error("unknown capability '%s' (--all-caps gives "
				  "every capability)",
				  arg);
			return -1;
		}
		/* the library checks the name ("sys_admin" is CAP_SYS_ADMIN)
		 * and names the closest capability to an unknown one */
		return add_item(env->caps, &env->ncaps, arg, "--cap");
	case CLI_OPT_ALL_CAPS:
		env->all_caps = true;
		return 1;
	case CLI_OPT_ARCH:
		if (!cli_arch(arg))
			return -1;
		return add_item(env->arches, &env->narches, arg, "--arch");
	case CLI_OPT_KERNEL:
		return parse_kernel(env, arg);
	case CLI_OPT_AND_REPEATED_ARGS:
		env->and_repeated_args = true;
		return 1;
	default:
		return 0;
	}
}

int cli_env_check(const struct cli_env *env, const char *cmd)
{
	if (env->use_default && env->profile)
		return cli_error("give either --default or a profile, not "
				 "both");
	if (!env->use_default && !env->profile)
		return cli_error("give a profile file or --default (see "
				 "'secbpf "
				 "%s --help')",
				 cmd);
	return 0;
}

int cli_env_operands(struct cli_env *env, int argc, char **argv, int first,
		     const char *cmd)
{
	if (first < argc)
		env->profile = argv[first];
	if (first + 1 < argc)
		return cli_error("unexpected argument '%s'", argv[first + 1]);
	return cli_env_check(env, cmd);
}

void cli_env_resolve_opts(const struct cli_env *env,
			  struct secbpf_resolve_opts *ro)
{
	memset(ro, 0, sizeof(*ro));
	ro->sz = sizeof(*ro);
	ro->caps = env->caps;
	ro->ncaps = env->ncaps;
	ro->all_caps = env->all_caps;
	ro->arches = env->narches ? env->arches : NULL;
	ro->narches = env->narches;
	ro->kernel_major = env->kernel_major;
	ro->kernel_minor = env->kernel_minor;
}

void cli_env_policy_opts(const struct cli_env *env,
			 struct secbpf_policy_opts *po)
{
	memset(po, 0, sizeof(*po));
	po->sz = sizeof(*po);
	po->and_repeated_args = env->and_repeated_args;
}

int cli_env_load(const struct cli_env *env, struct secbpf_profile **profile)
{
	struct secbpf_error err;
	char *buf;
	size_t len;
	int rc;

	*profile = NULL;
	if (env->use_default)
		rc = secbpf_profile_default(profile, &err);
	else if (strcmp(env->profile, "-"))
		rc = secbpf_profile_load(env->profile, profile, &err);
	else {
		/* "-": the profile comes on standard input */
		if (cli_read_file("-", CLI_MAX_PROFILE, &buf, &len))
			return 1;
		rc = secbpf_profile_load_bytes(buf, len, "<stdin>", profile,
					       &err);
		free(buf);
	}
	return rc ? cli_lib_error(&err) : 0;
}

int cli_env_resolve(const struct cli_env *env, struct secbpf_profile **profile,
		    struct secbpf_profile **resolved)
{
	struct secbpf_resolve_opts ro;
	struct secbpf_error err;

	*resolved = NULL;
	if (cli_env_load(env, profile))
		return 1;
	cli_env_resolve_opts(env, &ro);
	if (secbpf_profile_resolve(*profile, &ro, resolved, &err))
		return cli_lib_error(&err);
	return 0;
}
