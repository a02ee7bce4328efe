// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * secbpf check: lint a profile and report what its filter costs.
 * Exit status: 0 clean, 1 findings, 2 error (the profile cannot be used).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct check_opts {
	struct cli_env env;
	bool json, verbose;
};

struct arch_cost {
	const char *name;
	size_t syscalls, allowed, cacheable;
	double mean;
	unsigned worst;
};

/* Exit status 2 for errors: 1 means "findings" here. */
static int fail(void)
{
	return 2;
}

static int parse(int argc, char **argv, struct check_opts *o)
{
	enum { O_JSON = 256 };
	static const struct option opts[] = {
		CLI_ENV_LONGOPTS,
		{"json", no_argument, NULL, O_JSON},
		{"verbose", no_argument, NULL, 'v'},
		{NULL, 0, NULL, 0},
	};
	int c, taken;

	optind = 1;
	while ((c = getopt_long(argc, argv, "v", opts, NULL)) != -1) {
		taken = cli_env_option(&o->env, c, optarg);
		if (taken < 0)
			return 1;
		if (taken)
			continue;
		if (c == O_JSON)
			o->json = true;
		else if (c == 'v')
			o->verbose = true;
		else
			return cli_error("see 'secbpf check --help'");
	}
	return cli_env_operands(&o->env, argc, argv, optind, "check");
}

/* Mean and worst instructions, and the cacheable share, per arch. */
static int cost(const struct secbpf_prog *prog,
		const struct secbpf_profile *resolved, struct arch_cost *out,
		size_t *nout, size_t max)
{
	char *json = NULL;
	struct secbpf_error err;
	size_t n = 0;

	/* the resolved profile names its arches; ask the library for them */
	if (secbpf_profile_to_json(resolved, SECBPF_JSON_OCI, &json, &err))
		return cli_lib_error(&err);
	for (size_t i = 0; i < secbpf_arch_count() && n < max; i++) {
		const struct secbpf_arch *a = secbpf_arch_at(i);
		struct arch_cost *c = &out[n];
		char quoted[64];
		double sum = 0;

		snprintf(quoted, sizeof(quoted), "\"%s\"",
			 secbpf_arch_scmp_name(a));
		if (!strstr(json, quoted))
			continue;
		memset(c, 0, sizeof(*c));
		c->name = secbpf_arch_name(a);
		for (size_t j = 0; j < secbpf_syscall_count(a); j++) {
			struct secbpf_data d = {.arch = secbpf_arch_audit(a)};
			struct secbpf_run_result r = {0};

			secbpf_syscall_at(a, j, NULL, &d.nr);
			if (secbpf_prog_run(prog, &d, &r, &err)) {
				free(json);
				return cli_lib_error(&err);
			}
			c->syscalls++;
			sum += r.count;
			if (r.count > c->worst)
				c->worst = r.count;
			if (r.action == SECBPF_RET_ALLOW) {
				c->allowed++;
				if (secbpf_prog_cacheable(prog, d.arch, d.nr))
					c->cacheable++;
			}
		}
		c->mean = c->syscalls ? sum / (double)c->syscalls : 0;
		n++;
	}
	free(json);
	*nout = n;
	return 0;
}

static void json_str(const char *s)
{
	cli_put_json_string(stdout, s);
}

static void print_text(const struct secbpf_finding *f, size_t nf, size_t len,
		       const struct arch_cost *c, size_t nc, bool verbose)
{
	size_t notes = 0;

	for (size_t i = 0; i < nf; i++) {
		notes += f[i].note;
		if (!f[i].note || verbose) {
			/* the message quotes the profile: escaped */
			printf("%s: [%s] ", f[i].note ? "note" : "warning",
			       f[i].code);
			cli_put_text(stdout, f[i].message);
			putchar('\n');
		}
	}
	if (notes && !verbose)
		printf("(%zu notes left out; --verbose shows them)\n", notes);
	printf("cost: %zu instructions", len);
	for (size_t i = 0; i < nc; i++)
		printf("%s %s: mean %.1f, worst %u per syscall, %zu/%zu "
		       "allowed syscalls kernel-cacheable",
		       i ? ";" : ",", c[i].name, c[i].mean, c[i].worst,
		       c[i].cacheable, c[i].allowed);
	printf("\n");
}

static void print_json(const struct secbpf_finding *f, size_t nf, size_t len,
		       const struct arch_cost *c, size_t nc)
{
	printf("{\"findings\": [");
	for (size_t i = 0; i < nf; i++) {
		printf("%s{\"code\": ", i ? ", " : "");
		json_str(f[i].code);
		printf(", \"severity\": \"%s\", \"pointer\": ",
		       f[i].note ? "note" : "warning");
		json_str(f[i].pointer);
		printf(", \"message\": ");
		json_str(f[i].message);
		printf("}");
	}
	printf("], \"cost\": {\"instructions\": %zu, \"arches\": [", len);
	for (size_t i = 0; i < nc; i++)
		printf("%s{\"arch\": \"%s\", \"syscalls\": %zu, \"mean\": "
		       "%.2f, "
		       "\"worst\": %u, \"allowed\": %zu, \"cacheable\": %zu}",
		       i ? ", " : "", c[i].name, c[i].syscalls, c[i].mean,
		       c[i].worst, c[i].allowed, c[i].cacheable);
	printf("]}}\n");
}

static int run_check(int argc, char **argv)
{
	struct check_opts o = {0};
	struct secbpf_resolve_opts ro;
	struct secbpf_compile_opts co = {.sz = sizeof(co)};
	struct secbpf_policy_opts po;
	struct secbpf_profile *profile = NULL, *resolved = NULL;
	struct secbpf_policy *policy = NULL;
	struct secbpf_prog *prog = NULL;
	struct secbpf_finding *f = NULL;
	struct arch_cost costs[16];
	struct secbpf_error err;
	size_t nf = 0, nc = 0, problems = 0;
	int rc = 2;

	if (parse(argc, argv, &o))
		return fail();
	if (cli_env_resolve(&o.env, &profile, &resolved))
		goto out;
	cli_env_resolve_opts(&o.env, &ro);
	if (secbpf_profile_check(profile, &ro, &f, &nf, &err))
		goto lib_error;
	/* the cost is that of the filter for the environment given (and,
	 * with --and-repeated-args, rules repeating an argument ANDed);
	 * the findings are about the filter the runtimes would build */
	cli_env_policy_opts(&o.env, &po);
	if (secbpf_policy_new(resolved, &po, &policy, &err) ||
	    secbpf_compile(policy, &co, &prog, &err))
		goto lib_error;
	if (cost(prog, resolved, costs, &nc, sizeof(costs) / sizeof(costs[0])))
		goto out;
	for (size_t i = 0; i < nf; i++)
		problems += !f[i].note;
	if (o.json)
		print_json(f, nf, secbpf_prog_len(prog), costs, nc);
	else
		print_text(f, nf, secbpf_prog_len(prog), costs, nc, o.verbose);
	/* a report that did not get out is an error (2), not findings */
	rc = cli_flush_stdout() ? 2 : problems ? 1 : 0;
	goto out;
lib_error:
	cli_lib_error(&err);
	rc = 2;
out:
	secbpf_findings_free(f);
	secbpf_prog_free(prog);
	secbpf_policy_free(policy);
	secbpf_profile_free(resolved);
	secbpf_profile_free(profile);
	return rc;
}

const struct cli_cmd cmd_check = {
	.name = "check",
	.run = run_check,
	.summary = "lint a profile and report its filter's cost",
	.usage = "usage: secbpf check [PROFILE | --default] [--cap CAP]... "
		 "[--all-caps]\n"
		 "                    [--arch ARCH]... [--kernel X.Y] [--json] "
		 "[--verbose]\n"
		 "                    [--and-repeated-args]\n"
		 "\n"
		 "Report likely mistakes: overlapping rules with different\n"
		 "actions (and which one the filter applies), rules equal to "
		 "the\n"
		 "default, names no target arch knows (and, as notes, names "
		 "some\n"
		 "arches lack), escape-prone syscalls allowed without an "
		 "argument\n"
		 "check, a default of ALLOW, archMap entries missing for "
		 "common\n"
		 "hosts, capability names in includes/excludes that are no\n"
		 "capability (typos, lower case: never present), rules "
		 "testing\n"
		 "one argument twice (runtimes OR their conditions); then the\n"
		 "filter's cost: size, mean and worst instructions per "
		 "syscall,\n"
		 "and how many allowed syscalls the\n"
		 "kernel's action cache will hold.\n"
		 "\n"
		 "Findings are about the filter runtimes build, where each\n"
		 "condition of a rule testing one argument twice is a rule of "
		 "its\n"
		 "own; --and-repeated-args (ANDed) changes the cost only.\n"
		 "\n"
		 "Notes (names only some target arches know) are shown with\n"
		 "--verbose, and always in --json.\n"
		 "\n"
		 "Without --cap/--all-caps, overlaps are looked for with no\n"
		 "capabilities, all of them, and each one the profile "
		 "mentions.\n"
		 "\n"
		 "Exit status: 0 clean, 1 findings (notes do not count), 2 "
		 "error.\n",
};
