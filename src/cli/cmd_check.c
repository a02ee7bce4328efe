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

/*
 * The target arches of the resolved profile, which names them in its
 * "architectures" (the library has no accessor for them yet).
 */
static int target_arches(const struct secbpf_profile *resolved,
			 const struct secbpf_arch **out, size_t *n, size_t max)
{
	struct secbpf_error err;
	char *json = NULL;

	*n = 0;
	if (secbpf_profile_to_json(resolved, SECBPF_JSON_OCI, &json, &err))
		return cli_lib_error(&err);
	for (size_t i = 0; i < secbpf_arch_count() && *n < max; i++) {
		const struct secbpf_arch *a = secbpf_arch_at(i);
		char quoted[64];

		snprintf(quoted, sizeof(quoted), "\"%s\"",
			 secbpf_arch_scmp_name(a));
		if (strstr(json, quoted))
			out[(*n)++] = a;
	}
	free(json);
	return 0;
}

/*
 * What the filter costs per target arch: the library's summary, the same
 * one bpfdump --summary prints, so that both tools give one answer.
 */
static int cost(const struct secbpf_prog *prog,
		const struct secbpf_profile *resolved,
		struct secbpf_summary **sum)
{
	const struct secbpf_arch *arches[64];
	struct secbpf_analysis_opts ao = {.sz = sizeof(ao)};
	struct secbpf_error err;

	if (target_arches(resolved, arches, &ao.narches, 64))
		return 1;
	ao.arches = arches;
	if (secbpf_summarize(&prog, 1, &ao, sum, &err))
		return cli_lib_error(&err);
	return 0;
}

/* "x86_64 read, write and 3 more": what the work budget left out. */
static void print_unexplored(const struct secbpf_summary *s)
{
	printf("cost: incomplete: the work budget (%llu) ran out; not fully "
	       "explored:",
	       (unsigned long long)s->budget);
	for (size_t i = 0; i < s->narches; i++)
		if (s->arches[i].partly || s->arches[i].not_run)
			printf(" %s %zu of %zu syscalls;",
			       secbpf_arch_name(s->arches[i].arch),
			       s->arches[i].partly + s->arches[i].not_run,
			       s->arches[i].nsyscalls);
	printf(" the figures cover what was explored\n");
}

static void print_text(const struct secbpf_finding *f, size_t nf, size_t len,
		       const struct secbpf_summary *s, bool verbose)
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
	for (size_t i = 0; i < s->narches; i++) {
		const struct secbpf_arch_summary *a = &s->arches[i];

		printf("%s %s: mean %.1f, worst %u per syscall, %zu/%zu "
		       "allowed syscalls kernel-cacheable",
		       i ? ";" : ",", secbpf_arch_name(a->arch), a->mean,
		       a->worst, a->cached, a->allowed);
	}
	printf("\n");
	if (!s->complete)
		print_unexplored(s);
}

static int print_json(const struct secbpf_finding *f, size_t nf, size_t len,
		      const struct secbpf_summary *s)
{
	struct cli_json *j = cli_json_new();

	if (!j)
		return cli_json_finish(NULL);
	cj_object(j);
	cj_key(j, "findings");
	cj_array(j);
	for (size_t i = 0; i < nf; i++) {
		cj_object(j);
		cj_key(j, "code");
		cj_str(j, f[i].code);
		cj_key(j, "severity");
		cj_str(j, f[i].note ? "note" : "warning");
		cj_key(j, "pointer");
		cj_str(j, f[i].pointer);
		cj_key(j, "message");
		cj_str(j, f[i].message);
		cj_end_object(j);
	}
	cj_end_array(j);
	cj_key(j, "cost");
	cj_object(j);
	cj_key(j, "instructions");
	cj_uint(j, len);
	cj_key(j, "arches");
	cj_array(j);
	for (size_t i = 0; i < s->narches; i++) {
		const struct secbpf_arch_summary *a = &s->arches[i];

		cj_object(j);
		cj_key(j, "arch");
		cj_str(j, secbpf_arch_name(a->arch));
		cj_key(j, "syscalls");
		cj_uint(j, a->nsyscalls);
		cj_key(j, "mean");
		cj_double(j, a->mean, 2);
		cj_key(j, "worst");
		cj_uint(j, a->worst);
		cj_key(j, "allowed");
		cj_uint(j, a->allowed);
		cj_key(j, "denied");
		cj_uint(j, a->denied);
		cj_key(j, "depends");
		cj_uint(j, a->depends);
		cj_key(j, "cacheable");
		cj_uint(j, a->cached);
		cj_key(j, "unexplored");
		cj_uint(j, a->partly + a->not_run);
		cj_end_object(j);
	}
	cj_end_array(j);
	cj_key(j, "complete");
	cj_bool(j, s->complete);
	cj_end_object(j);
	cj_end_object(j);
	return cli_json_finish(j);
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
	struct secbpf_summary *sum = NULL;
	struct secbpf_error err;
	size_t nf = 0, problems = 0;
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
	if (cost(prog, resolved, &sum))
		goto out;
	for (size_t i = 0; i < nf; i++)
		problems += !f[i].note;
	if (o.json) {
		if (print_json(f, nf, secbpf_prog_len(prog), sum))
			goto out;
	} else {
		print_text(f, nf, secbpf_prog_len(prog), sum, o.verbose);
	}
	/* a report that did not get out is an error (2), not findings */
	rc = cli_flush_stdout() ? 2 : problems ? 1 : 0;
	goto out;
lib_error:
	cli_lib_error(&err);
	rc = 2;
out:
	secbpf_summary_free(sum);
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
