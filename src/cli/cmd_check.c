// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * secbpf check: lint a profile and report what its filter costs.
 * Exit status: 0 no errors (warnings and notes only), 1 errors (or, with
 * --werror, warnings), 2 bad input (the profile, an option, I/O).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Finding kinds are small numbers; past this one a kind cannot be
 * ignored (none is near it). */
#define MAX_KIND 256

struct check_opts {
	struct cli_env env;
	bool json, verbose, werror;
	bool ignore[MAX_KIND]; /* by finding kind */
};

/* What each code means, for --help; the codes and their severities are
 * the library's (secbpf_finding_code, secbpf_finding_severity). */
static const struct {
	const char *code, *what;
} code_help[] = {
	{"overlap", "rules with different actions that one call matches"},
	{"equals-default", "a rule whose action is the default action"},
	{"unknown-name", "a syscall no target arch knows"},
	{"risky-allow", "an escape-prone syscall allowed unchecked"},
	{"default-allow", "a default action of ALLOW (or LOG)"},
	{"no-archmap", "no archMap entry for x86_64 or aarch64 hosts"},
	{"partly-unknown", "a syscall some target arches lack"},
	{"unknown-cap", "a capability name in includes/excludes that is none"},
	{"repeated-arg", "a rule testing one argument twice (ORed)"},
	{"notify-refused", "NOTIFY as the default action or on 'write'"},
	{"no-listener", "NOTIFY without a listenerPath"},
	{"flags-refused", "flags a runtime or the kernel refuses"},
	{"errno-range", "an errno libseccomp refuses (4095 and above)"},
	{"never-applies", "a rule its includes and excludes rule out"},
	{"overlap-unchecked", "too many rules: some pairs not compared"},
};

static const char *severity_name(enum secbpf_severity s)
{
	switch (s) {
	case SECBPF_SEVERITY_ERROR:
		return "error";
	case SECBPF_SEVERITY_WARNING:
		return "warning";
	case SECBPF_SEVERITY_NOTE:
		return "note";
	}
	return "unknown";
}

/* Levenshtein distance, for suggesting a code; short strings only. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[64];

	if (la >= 64 || lb >= 64)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j],
			       best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

/* --ignore CODE: the kind it names, or a message with the closest code. */
static int ignore(struct check_opts *o, const char *code)
{
	const char *best = NULL, *c;
	size_t best_d = (size_t)-1;

	for (int k = 1; k < MAX_KIND && (c = secbpf_finding_code(k)); k++) {
		size_t d = distance(code, c);

		if (!strcmp(code, c)) {
			o->ignore[k] = true;
			return 0;
		}
		if (d < best_d) {
			best_d = d;
			best = c;
		}
	}
	/* a third of the letters wrong is still a typo, not a guess */
	if (best && best_d <= 2 + strlen(best) / 3)
		return cli_error("unknown finding code '%s' (did you mean "
				 "'%s'?)",
				 code, best);
	return cli_error("unknown finding code '%s' ('secbpf check --help' "
			 "lists them)",
			 code);
}

static int parse(int argc, char **argv, struct check_opts *o)
{
	enum { O_JSON = 256, O_WERROR, O_IGNORE };
	static const struct option opts[] = {
		CLI_ENV_LONGOPTS,
		{"json", no_argument, NULL, O_JSON},
		{"verbose", no_argument, NULL, 'v'},
		{"werror", no_argument, NULL, O_WERROR},
		{"ignore", required_argument, NULL, O_IGNORE},
		{NULL, 0, NULL, 0},
	};
	int c, taken;

	optind = 1;
	/* our own messages for bad options: JSON ones with --json */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":v", opts, NULL)) != -1) {
		taken = cli_env_option(&o->env, c, optarg);
		if (taken < 0)
			return 1;
		if (taken)
			continue;
		switch (c) {
		case O_JSON:
			o->json = true;
			break;
		case 'v':
			o->verbose = true;
			break;
		case O_WERROR:
			o->werror = true;
			break;
		case O_IGNORE:
			if (ignore(o, optarg))
				return 1;
			break;
		case ':':
			return cli_error("option '%s' needs a value (see "
					 "'secbpf check --help')",
					 argv[optind - 1]);
		default:
			/* a short option by its letter (it may be one of a
			 * group); a long one as written, "--json=1" too */
			if (optopt > ' ' && optopt < 0x7f)
				return cli_error("unknown option '-%c' (see "
						 "'secbpf check --help')",
						 optopt);
			return cli_error("invalid option '%s' (see 'secbpf "
					 "check --help')",
					 argv[optind - 1]);
		}
	}
	return cli_env_operands(&o->env, argc, argv, optind, "check");
}

/*
 * What the filter costs per target arch: the library's summary, the same
 * one bpfdump --summary prints, so that both tools give one answer.
 */
static int cost(const struct secbpf_prog *prog,
		const struct secbpf_policy *policy, struct secbpf_summary **sum)
{
	const struct secbpf_arch *arches[64];
	SECBPF_OPTS(secbpf_analysis_opts, ao, .arches = arches);
	struct secbpf_error err;

	ao.narches = secbpf_policy_arches(policy, arches, 64);
	if (ao.narches > 64)
		ao.narches = 64;
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

static bool ignored(const struct check_opts *o, const struct secbpf_finding *f)
{
	return (unsigned)f->kind < MAX_KIND && o->ignore[f->kind];
}

static void print_text(const struct check_opts *o,
		       const struct secbpf_finding *f, size_t nf, size_t len,
		       const struct secbpf_summary *s)
{
	bool verbose = o->verbose;
	size_t notes = 0;

	for (size_t i = 0; i < nf; i++) {
		enum secbpf_severity sev = secbpf_finding_severity(f[i].kind);

		if (ignored(o, &f[i]))
			continue;
		notes += sev == SECBPF_SEVERITY_NOTE;
		if (sev != SECBPF_SEVERITY_NOTE || verbose) {
			/* the message quotes the profile: escaped */
			printf("%s: [%s] ", severity_name(sev), f[i].code);
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

static int print_json(const struct check_opts *o,
		      const struct secbpf_finding *f, size_t nf, size_t len,
		      const struct secbpf_summary *s)
{
	struct cli_json *j = cli_json_new();

	if (!j)
		return cli_json_finish(NULL);
	cj_object(j);
	cj_key(j, "findings");
	cj_array(j);
	for (size_t i = 0; i < nf; i++) {
		if (ignored(o, &f[i]))
			continue;
		cj_object(j);
		cj_key(j, "code");
		cj_str(j, f[i].code);
		cj_key(j, "severity");
		cj_str(j, severity_name(secbpf_finding_severity(f[i].kind)));
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
	SECBPF_OPTS(secbpf_compile_opts, co);
	struct secbpf_policy_opts po;
	struct secbpf_profile *profile = NULL, *resolved = NULL;
	struct secbpf_policy *policy = NULL;
	struct secbpf_prog *prog = NULL;
	struct secbpf_finding *f = NULL;
	struct secbpf_summary *sum = NULL;
	struct secbpf_error err;
	size_t nf = 0, errors = 0, warnings = 0;
	int rc = 2;

	/* --json anywhere before "--" makes every error JSON, bad options
	 * included */
	if (cli_wants_json(argc, argv))
		cli_json_messages(true);
	if (parse(argc, argv, &o))
		return 2;
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
	if (cost(prog, policy, &sum))
		goto out;
	for (size_t i = 0; i < nf; i++) {
		enum secbpf_severity sev = secbpf_finding_severity(f[i].kind);

		if (ignored(&o, &f[i]))
			continue;
		errors += sev == SECBPF_SEVERITY_ERROR;
		warnings += sev == SECBPF_SEVERITY_WARNING;
	}
	if (o.json) {
		if (print_json(&o, f, nf, secbpf_prog_len(prog), sum))
			goto out;
	} else {
		print_text(&o, f, nf, secbpf_prog_len(prog), sum);
	}
	/* a report that did not get out is an error (2), not findings */
	if (cli_flush_stdout())
		rc = 2;
	else
		rc = errors || (o.werror && warnings) ? 1 : 0;
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

/* The finding codes, from the library, with their severity: --help's
 * table, which bash completion reads for --ignore. */
static void usage_codes(FILE *out)
{
	const char *c;

	fprintf(out, "\nfinding codes:\n");
	for (int k = 1; k < MAX_KIND && (c = secbpf_finding_code(k)); k++) {
		const char *what = "";

		for (size_t i = 0; i < sizeof(code_help) / sizeof(code_help[0]);
		     i++)
			if (!strcmp(code_help[i].code, c))
				what = code_help[i].what;
		fprintf(out, "  %-17s %-8s %s\n", c,
			severity_name(secbpf_finding_severity(k)), what);
	}
	fprintf(out, "\n");
}

const struct cli_cmd cmd_check = {
	.name = "check",
	.run = run_check,
	.summary = "lint a profile and report its filter's cost",
	.usage = "usage: secbpf check [PROFILE | --default] [--cap CAP]... "
		 "[--all-caps]\n"
		 "                    [--arch ARCH]... [--kernel X.Y] [--json] "
		 "[--verbose]\n"
		 "                    [--werror] [--ignore CODE]... "
		 "[--and-repeated-args]\n"
		 "\n"
		 "Report findings, each an error (the filter will not do what "
		 "the\n"
		 "profile means, or a runtime or the kernel refuses the "
		 "profile),\n"
		 "a warning (a likely mistake) or a note (information): the "
		 "codes\n"
		 "below.  Then the filter's cost: size, mean and worst "
		 "instructions\n"
		 "per syscall, and how many allowed syscalls the kernel's "
		 "action\n"
		 "cache will hold.\n"
		 "\n"
		 "Findings are about the filter runtimes build, where each\n"
		 "condition of a rule testing one argument twice is a rule of "
		 "its\n"
		 "own; --and-repeated-args (ANDed) changes the cost only.  "
		 "Without\n"
		 "--cap/--all-caps, overlaps are looked for with no "
		 "capabilities,\n"
		 "all of them, and each one the profile mentions.\n"
		 "\n"
		 "  --verbose       show notes too (--json always has them)\n"
		 "  --werror        warnings fail the check too (exit status "
		 "1)\n"
		 "  --ignore CODE   leave out findings of CODE (repeatable); "
		 "an\n"
		 "                  unknown code is bad input\n"
		 "  --json          one JSON document on standard output: the\n"
		 "                  findings and the cost, or {\"error\": "
		 "MESSAGE}\n"
		 "\n"
		 "Exit status: 0 no errors (warnings and notes do not fail), "
		 "1\n"
		 "errors (with --werror, warnings too), 2 bad input (an "
		 "unreadable\n"
		 "or invalid profile, a bad option) or output that could not "
		 "be\n"
		 "written.\n",
	.usage_more = usage_codes,
};
