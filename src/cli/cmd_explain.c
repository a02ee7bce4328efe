// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * secbpf explain: which rule of a profile decides a syscall, and why each
 * other rule naming it does not.  The library does the analysis
 * (secbpf_explain, checked against the compiled filter); this prints it.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

#define MAX_NAME 128

struct explain_opts {
	struct cli_env env;
	const char *abi;
	const char *call;
	bool enosys_newer, json;
};

static int parse(int argc, char **argv, struct explain_opts *o)
{
	enum { O_JSON = 256, O_ABI, O_ENOSYS };
	static const struct option opts[] = {
		CLI_ENV_LONGOPTS,
		{"abi", required_argument, NULL, O_ABI},
		{"enosys-newer", no_argument, NULL, O_ENOSYS},
		{"json", no_argument, NULL, O_JSON},
		{NULL, 0, NULL, 0},
	};
	int c, taken, nops;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		taken = cli_env_option(&o->env, c, optarg);
		if (taken < 0)
			return 1;
		if (taken)
			continue;
		switch (c) {
		case O_JSON:
			o->json = true;
			cli_json_messages(true);
			break;
		case O_ABI:
			if (!cli_arch(optarg))
				return 1;
			o->abi = optarg;
			break;
		case O_ENOSYS:
			o->enosys_newer = true;
			break;
		default:
			return cli_error("see 'secbpf explain --help'");
		}
	}
	/* [PROFILE] SYSCALL: the call is the last operand */
	nops = argc - optind;
	if (nops < 1)
		return cli_error("give the syscall to explain (see 'secbpf "
				 "explain --help')");
	if (nops > 2)
		return cli_error("unexpected argument '%s'", argv[optind + 2]);
	o->call = argv[argc - 1];
	if (nops == 2)
		o->env.profile = argv[optind];
	return cli_env_check(&o->env, "explain");
}

/* Load the profile, keeping its text for line numbers (none for the
 * embedded default, which has no file to point into). */
static int load(const struct cli_env *env, struct secbpf_profile **p,
		char **text, size_t *len)
{
	struct secbpf_error err;
	const char *name;

	*text = NULL;
	*len = 0;
	if (env->use_default) {
		if (secbpf_profile_default(p, &err))
			return cli_lib_error(&err);
		return 0;
	}
	if (cli_read_file(env->profile, CLI_MAX_PROFILE, text, len))
		return 1;
	name = strcmp(env->profile, "-") ? env->profile : "<stdin>";
	if (secbpf_profile_load_bytes(*text, *len, name, p, &err))
		return cli_lib_error(&err);
	return 0;
}

/* ---- words ---- */

static const char *op_text(int op)
{
	static const char *const ops[] = {
		"?", "!=", "<", "<=", "==", ">=", ">"};

	return op >= 1 && op <= 6 ? ops[op] : "&";
}

static const char *op_name(int op)
{
	static const char *const names[] = {
		"?",	       "SCMP_CMP_NE",	     "SCMP_CMP_LT",
		"SCMP_CMP_LE", "SCMP_CMP_EQ",	     "SCMP_CMP_GE",
		"SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ",
	};

	return op >= 1 && op <= 7 ? names[op] : "?";
}

/* Small numbers in decimal, the rest (flags, masks, addresses) in hex. */
static void put_num(FILE *f, uint64_t v)
{
	if (v < 0x10000)
		fprintf(f, "%llu", (unsigned long long)v);
	else
		fprintf(f, "0x%llx", (unsigned long long)v);
}

static void put_cond(FILE *f, const struct secbpf_explanation *e,
		     const struct secbpf_explain_rule *r,
		     const struct secbpf_explain_cond *c)
{
	uint64_t max = e->narrow ? UINT32_MAX : UINT64_MAX;

	fprintf(f, "arg%u ", c->arg);
	if (c->op == 7) {
		fprintf(f, "& 0x%llx == ", (unsigned long long)c->value);
		put_num(f, c->value2);
	} else {
		fprintf(f, "%s ", op_text(c->op));
		put_num(f, c->value);
	}
	if (c->truncated) {
		fprintf(f, " [compared as ");
		if (c->op == 7) {
			fprintf(f, "& 0x%llx == ",
				(unsigned long long)(c->value & max));
			put_num(f, c->value2 & max);
		} else {
			put_num(f, c->value & max);
		}
		fprintf(f, ": the low 32 bits]");
	}
	if (c->ignored)
		return;
	fputs(" (", f);
	if (c->subcall)
		fprintf(f, "the sub-call of %s on %s; ", r->name, r->mux);
	fprintf(f, "arg%u is ", c->arg);
	put_num(f, c->arg_value);
	fputc(')', f);
}

/* The conditions of one OR part, those that hold or those that fail. */
static void put_part(FILE *f, const struct secbpf_explanation *e,
		     const struct secbpf_explain_rule *r, size_t part,
		     bool holding, bool *first)
{
	for (size_t i = 0; i < r->nconds; i++) {
		const struct secbpf_explain_cond *c = &r->conds[i];

		if (c->part != part || c->holds != holding || c->ignored)
			continue;
		if (!*first)
			fputs(holding ? " and " : "; ", f);
		*first = false;
		put_cond(f, e, r, c);
	}
}

/* Through a multiplexer, the rule's own conditions on argument 0 (which
 * holds the sub-call there) are not checked: say which. */
static void put_ignored(FILE *f, const struct secbpf_explanation *e,
			const struct secbpf_explain_rule *r, size_t part)
{
	bool first = true;

	for (size_t i = 0; i < r->nconds; i++) {
		const struct secbpf_explain_cond *c = &r->conds[i];

		if (c->part != part || !c->ignored)
			continue;
		fputs(first ? "; not checked through " : " and ", f);
		if (first)
			fprintf(f, "%s (argument 0 is the sub-call there): ",
				r->mux);
		first = false;
		put_cond(f, e, r, c);
	}
}

static bool part_holds(const struct secbpf_explain_rule *r, size_t part)
{
	for (size_t i = 0; i < r->nconds; i++)
		if (r->conds[i].part == part && !r->conds[i].holds)
			return false;
	return true;
}

/* "profile.json:12 /syscalls/3", "embedded default /syscalls/3" */
static void put_where(FILE *f, const struct secbpf_explanation *e, bool def,
		      const char *pointer, unsigned line)
{
	if (def)
		fprintf(f, "embedded default %s", pointer);
	else if (line)
		fprintf(f, "%s:%u %s", e->source, line, pointer);
	else
		fprintf(f, "%s %s", e->source, pointer);
}

static void put_rule_where(FILE *f, const struct secbpf_explanation *e,
			   bool def, size_t i)
{
	put_where(f, e, def, e->rules[i].pointer, e->rules[i].line);
}

/* Another rule, named within a rule's line: "/syscalls/1 (line 101)". */
static void put_rule_ref(FILE *f, const struct secbpf_explanation *e, size_t i)
{
	fputs(e->rules[i].pointer, f);
	if (e->rules[i].line)
		fprintf(f, " (line %u)", e->rules[i].line);
}

static void put_kernel(FILE *f, unsigned major, unsigned minor)
{
	if (major == ~0U)
		fputs("unknown (taken as the newest)", f);
	else
		fprintf(f, "%u.%u", major, minor);
}

/* Why rule i did not decide (or, for the one that did, how). */
static void put_why(FILE *f, const struct secbpf_explanation *e, size_t i)
{
	const struct secbpf_explain_rule *r = &e->rules[i];
	const char *primary = e->primary ? secbpf_arch_name(e->primary) : "?";
	bool first = true;

	switch (r->reason) {
	case SECBPF_EXPLAIN_DECIDED:
		if (!r->nconds) {
			fputs("unconditional: it decides every call to it", f);
			break;
		}
		for (size_t p = 0; p < r->nparts; p++) {
			if (!part_holds(r, p))
				continue;
			fputs("matched: ", f);
			put_part(f, e, r, p, true, &first);
			put_ignored(f, e, r, p);
			break;
		}
		break;
	case SECBPF_EXPLAIN_EXCLUDED_CAP:
		fprintf(f,
			"not applied: excludes.caps names %s, which the "
			"bounding set holds",
			r->cap);
		break;
	case SECBPF_EXPLAIN_MISSING_CAP:
		fprintf(f,
			"not applied: includes.caps needs %s, which the "
			"bounding set lacks",
			r->cap);
		break;
	case SECBPF_EXPLAIN_MIN_KERNEL:
		fprintf(f,
			"not applied: includes.minKernel is %u.%u, the "
			"kernel ",
			r->kernel_major, r->kernel_minor);
		put_kernel(f, e->kernel_major, e->kernel_minor);
		fputs(" is older", f);
		break;
	case SECBPF_EXPLAIN_EXCLUDED_KERNEL:
		fprintf(f,
			"not applied: excludes.minKernel is %u.%u, the "
			"kernel ",
			r->kernel_major, r->kernel_minor);
		put_kernel(f, e->kernel_major, e->kernel_minor);
		fputs(" is that or newer", f);
		break;
	case SECBPF_EXPLAIN_EXCLUDED_ARCH:
		fprintf(f,
			"not applied: excludes.arches lists %s, the primary "
			"arch",
			primary);
		break;
	case SECBPF_EXPLAIN_NOT_INCLUDED_ARCH:
		fprintf(f,
			"not applied: includes.arches does not list %s, the "
			"primary arch (the only one includes and excludes "
			"test)",
			primary);
		break;
	case SECBPF_EXPLAIN_UNKNOWN_NAME:
		fprintf(f,
			"not in the filter: '%s' is not a syscall of %s, so "
			"the rule gives %s nothing for it",
			r->name, secbpf_arch_name(e->arch),
			secbpf_arch_name(e->arch));
		break;
	case SECBPF_EXPLAIN_EQUALS_DEFAULT:
		fputs("dropped: its action is the default action (runc and "
		      "crun drop such rules; libseccomp refuses them)",
		      f);
		break;
	case SECBPF_EXPLAIN_NO_MATCH:
		fputs("did not match: ", f);
		if (r->nparts > 1)
			fputs("none of its OR rules holds: ", f);
		for (size_t p = 0; p < r->nparts; p++)
			put_part(f, e, r, p, false, &first);
		break;
	case SECBPF_EXPLAIN_SHADOWED:
		fputs("shadowed: the unconditional rule ", f);
		put_rule_ref(f, e, r->by);
		fputs(" decides every call to it", f);
		break;
	case SECBPF_EXPLAIN_EARLIER_MATCH:
		fputs("matches too, but ", f);
		put_rule_ref(f, e, r->by);
		fputs(" comes first in libseccomp's order for overlapping "
		      "rules",
		      f);
		break;
	case SECBPF_EXPLAIN_NOT_REACHED:
		fprintf(f,
			"not reached: the filter has no %s part (the bad-arch "
			"action decides)",
			secbpf_arch_name(e->arch));
		break;
	}
}

/* Notes on how the rule reaches the call and reads its conditions. */
static void put_shape(FILE *f, const struct secbpf_explain_rule *r)
{
	if (r->mux)
		fprintf(f, "names %s, reached through %s (sub-call %u)",
			r->name, r->mux, r->subcall);
	if (r->repeated_arg >= 0) {
		if (r->mux)
			fputs("; ", f);
		if (r->split)
			fprintf(f,
				"its conditions test arg%d more than once: "
				"split into OR rules, one per condition, as "
				"runc and crun split it",
				r->repeated_arg);
		else
			fprintf(f,
				"its conditions test arg%d more than once "
				"and stay ANDed (--and-repeated-args)",
				r->repeated_arg);
	}
}

/* A line built with stdio, then written escaped (it quotes the
 * profile). */
struct line {
	FILE *f;
	char *buf;
	size_t len;
};

static FILE *line_start(struct line *l)
{
	l->buf = NULL;
	l->f = open_memstream(&l->buf, &l->len);
	return l->f;
}

static void line_end(struct line *l, const char *indent)
{
	if (!l->f)
		return;
	fclose(l->f);
	fputs(indent, stdout);
	cli_put_text(stdout, l->buf ? l->buf : "");
	fputc('\n', stdout);
	free(l->buf);
}

/* The sentence put_why writes for rule i, malloc()ed (NULL: no memory). */
static char *why_text(const struct secbpf_explanation *e, size_t i)
{
	struct line l;

	if (!line_start(&l))
		return NULL;
	put_why(l.f, e, i);
	fclose(l.f);
	return l.buf;
}

static void put_action(FILE *f, uint32_t action)
{
	char buf[32];

	fputs(secbpf_action_str(action, buf, sizeof(buf)), f);
}

static void put_call(FILE *f, const struct secbpf_explanation *e)
{
	if (e->verdict == SECBPF_VERDICT_NONE) {
		fprintf(f, "%s on %s", e->name, secbpf_arch_name(e->arch));
		return;
	}
	if (e->mux)
		fprintf(f,
			"%s on %s, through %s (nr %u) with argument 0 = %u "
			"(the sub-call)",
			e->name, secbpf_arch_name(e->arch), e->mux, e->nr,
			e->subcall);
	else if (e->name)
		fprintf(f, "%s on %s (nr ", e->name, secbpf_arch_name(e->arch));
	else
		fprintf(f, "syscall on %s with no name in the tables (nr ",
			secbpf_arch_name(e->arch));
	if (!e->mux) {
		/* x32's numbers carry bit 30: hex reads better there */
		put_num(f, e->nr);
		fputc(')', f);
	}
	fputs(", arguments ", f);
	for (int i = 0; i < 6; i++) {
		if (i)
			fputs(", ", f);
		put_num(f, e->args[i]);
	}
}

static void put_caps(FILE *f, const struct cli_env *env)
{
	if (env->all_caps) {
		fputs("all", f);
		return;
	}
	if (!env->ncaps) {
		fputs("none", f);
		return;
	}
	for (size_t i = 0; i < env->ncaps; i++) {
		const char *c = env->caps[i];

		if (i)
			fputs(", ", f);
		/* as the library read it: "sys_admin" is CAP_SYS_ADMIN */
		if (strncasecmp(c, "CAP_", 4))
			fputs("CAP_", f);
		for (; *c; c++)
			fputc(toupper((unsigned char)*c), f);
	}
}

static void put_env(FILE *f, const struct secbpf_explanation *e,
		    const struct cli_env *env)
{
	fputs("environment: arches ", f);
	for (size_t i = 0; i < e->narches; i++)
		fprintf(f, "%s%s%s", i ? ", " : "",
			secbpf_arch_name(e->arches[i]), i ? "" : " (primary)");
	fputs("; capabilities ", f);
	put_caps(f, env);
	fputs("; kernel ", f);
	put_kernel(f, e->kernel_major, e->kernel_minor);
}

static void put_decided(FILE *f, const struct secbpf_explanation *e, bool def)
{
	char act[32];

	switch (e->verdict) {
	case SECBPF_VERDICT_RULE:
		fputs("decided by ", f);
		put_rule_where(f, e, def, e->rule);
		fputs(": ", f);
		put_action(f, e->rules[e->rule].action);
		break;
	case SECBPF_VERDICT_DEFAULT:
		fputs("decided by the default action (", f);
		put_where(f, e, def, e->default_pointer, e->default_line);
		if (e->nrules)
			fprintf(f, "): none of the rules naming %s decides it",
				e->name ? e->name : "the call");
		else
			fprintf(f, "): no rule names %s",
				e->name ? e->name : "the call");
		break;
	case SECBPF_VERDICT_ENOSYS:
		fprintf(f,
			"decided by the ENOSYS stub (--enosys-newer): %u is "
			"above %u, the highest number the profile names on "
			"%s, so the call is taken for one newer than the "
			"profile",
			e->nr, e->max_named_nr, secbpf_arch_name(e->arch));
		break;
	case SECBPF_VERDICT_BADARCH:
		fprintf(f,
			"decided by the bad-arch action (%s): %s is not one "
			"of the filter's arches",
			secbpf_action_str(e->badarch_action, act, sizeof(act)),
			secbpf_arch_name(e->arch));
		break;
	case SECBPF_VERDICT_NONE:
		fprintf(f,
			"no verdict: '%s' is not a syscall of %s; a program "
			"there cannot make it",
			e->name, secbpf_arch_name(e->arch));
		break;
	}
}

static bool any_truncated(const struct secbpf_explanation *e)
{
	for (size_t i = 0; i < e->nrules; i++)
		for (size_t k = 0; k < e->rules[i].nconds; k++)
			if (e->rules[i].conds[k].truncated)
				return true;
	return false;
}

static void print_rule(const struct secbpf_explanation *e, bool def, size_t i,
		       const char *indent)
{
	const struct secbpf_explain_rule *r = &e->rules[i];
	struct line l;

	if (line_start(&l)) {
		put_rule_where(l.f, e, def, i);
		fputs(": ", l.f);
		put_action(l.f, r->action);
		line_end(&l, indent);
	}
	if (r->comment && *r->comment && line_start(&l)) {
		fprintf(l.f, "comment: %s", r->comment);
		line_end(&l, indent[0] ? "    " : "  ");
	}
	if ((r->mux || r->repeated_arg >= 0) && line_start(&l)) {
		put_shape(l.f, r);
		line_end(&l, indent[0] ? "    " : "  ");
	}
	if (line_start(&l)) {
		put_why(l.f, e, i);
		line_end(&l, indent[0] ? "    " : "  ");
	}
}

/* A call the ABI has both as a syscall and through its multiplexer
 * (socket on x86): the other way in, which the filter decides apart. */
static bool also_through(const struct secbpf_explanation *e, uint32_t *mux_nr,
			 uint32_t *subcall)
{
	return e->verdict != SECBPF_VERDICT_NONE && e->name && !e->mux &&
	       secbpf_syscall_multiplex(e->arch, e->name, mux_nr, subcall) == 0;
}

static void print_text(const struct secbpf_explanation *e,
		       const struct explain_opts *o)
{
	uint32_t mux_nr, subcall;
	bool def = o->env.use_default;
	const char *name = e->name ? e->name : "the call";
	size_t others = e->nrules - (e->verdict == SECBPF_VERDICT_RULE);
	struct line l;

	if (line_start(&l)) {
		put_call(l.f, e);
		line_end(&l, "");
	}
	if (e->verdict != SECBPF_VERDICT_NONE && line_start(&l)) {
		fputs("verdict: ", l.f);
		put_action(l.f, e->action);
		line_end(&l, "");
	}
	if (line_start(&l)) {
		put_decided(l.f, e, def);
		line_end(&l, "");
	}
	if (e->verdict == SECBPF_VERDICT_RULE) {
		const struct secbpf_explain_rule *r = &e->rules[e->rule];

		if (r->comment && *r->comment && line_start(&l)) {
			fprintf(l.f, "comment: %s", r->comment);
			line_end(&l, "  ");
		}
		if ((r->mux || r->repeated_arg >= 0) && line_start(&l)) {
			put_shape(l.f, r);
			line_end(&l, "  ");
		}
		if (line_start(&l)) {
			put_why(l.f, e, e->rule);
			line_end(&l, "  ");
		}
	}
	if (line_start(&l)) {
		put_env(l.f, e, &o->env);
		line_end(&l, "");
	}
	if (e->narrow && any_truncated(e))
		printf("note: %s is a 32-bit ABI: its filter compares the low "
		       "32 bits of arguments and values\n",
		       secbpf_arch_name(e->arch));
	if (also_through(e, &mux_nr, &subcall))
		printf("note: %s can also be called through %s (nr %u) with "
		       "argument 0 = %u, which the filter decides apart: "
		       "explain %s,%u for it\n",
		       e->name, secbpf_syscall_name(e->arch, mux_nr), mux_nr,
		       subcall, secbpf_syscall_name(e->arch, mux_nr), subcall);
	if (!others)
		return;
	printf("\n");
	if (line_start(&l)) {
		fprintf(l.f, "%s naming %s:",
			e->verdict == SECBPF_VERDICT_RULE ? "other rules"
							  : "rules",
			name);
		line_end(&l, "");
	}
	for (size_t i = 0; i < e->nrules; i++)
		if (i != e->rule)
			print_rule(e, def, i, "  ");
}

/* ---- JSON ---- */

static const char *reason_code(enum secbpf_explain_reason r)
{
	switch (r) {
	case SECBPF_EXPLAIN_DECIDED:
		return "decided";
	case SECBPF_EXPLAIN_EXCLUDED_CAP:
		return "excluded-cap";
	case SECBPF_EXPLAIN_MISSING_CAP:
		return "missing-cap";
	case SECBPF_EXPLAIN_MIN_KERNEL:
		return "min-kernel";
	case SECBPF_EXPLAIN_EXCLUDED_KERNEL:
		return "excluded-kernel";
	case SECBPF_EXPLAIN_EXCLUDED_ARCH:
		return "excluded-arch";
	case SECBPF_EXPLAIN_NOT_INCLUDED_ARCH:
		return "not-included-arch";
	case SECBPF_EXPLAIN_UNKNOWN_NAME:
		return "unknown-name";
	case SECBPF_EXPLAIN_EQUALS_DEFAULT:
		return "equals-default";
	case SECBPF_EXPLAIN_NO_MATCH:
		return "no-match";
	case SECBPF_EXPLAIN_SHADOWED:
		return "shadowed";
	case SECBPF_EXPLAIN_EARLIER_MATCH:
		return "earlier-match";
	case SECBPF_EXPLAIN_NOT_REACHED:
		return "not-reached";
	}
	return "?";
}

static const char *verdict_code(enum secbpf_explain_verdict v)
{
	switch (v) {
	case SECBPF_VERDICT_RULE:
		return "rule";
	case SECBPF_VERDICT_DEFAULT:
		return "default";
	case SECBPF_VERDICT_ENOSYS:
		return "enosys";
	case SECBPF_VERDICT_BADARCH:
		return "bad-arch";
	case SECBPF_VERDICT_NONE:
		return "none";
	}
	return "?";
}

static void cj_action(struct cli_json *j, const char *key, uint32_t action)
{
	char buf[32];

	cj_key(j, key);
	cj_str(j, secbpf_action_str(action, buf, sizeof(buf)));
	cj_key(j, "value");
	cj_uint(j, action);
}

static void cj_line(struct cli_json *j, const struct explain_opts *o,
		    const struct secbpf_explanation *e, unsigned line,
		    unsigned column)
{
	cj_key(j, "file");
	if (o->env.use_default)
		cj_null(j);
	else
		cj_str(j, e->source);
	cj_key(j, "line");
	if (line)
		cj_uint(j, line);
	else
		cj_null(j);
	cj_key(j, "column");
	if (column)
		cj_uint(j, column);
	else
		cj_null(j);
}

static void json_rule(struct cli_json *j, const struct explain_opts *o,
		      const struct secbpf_explanation *e, size_t i)
{
	const struct secbpf_explain_rule *r = &e->rules[i];
	char *text;
	char kernel[32];

	cj_object(j);
	cj_key(j, "pointer");
	cj_str(j, r->pointer);
	cj_line(j, o, e, r->line, r->column);
	cj_key(j, "comment");
	cj_str(j, r->comment && *r->comment ? r->comment : NULL);
	cj_key(j, "name");
	cj_str(j, r->name);
	cj_key(j, "multiplexer");
	if (r->mux) {
		cj_object(j);
		cj_key(j, "name");
		cj_str(j, r->mux);
		cj_key(j, "subcall");
		cj_uint(j, r->subcall);
		cj_end_object(j);
	} else {
		cj_null(j);
	}
	cj_action(j, "action", r->action);
	cj_key(j, "reason");
	cj_str(j, reason_code(r->reason));
	text = why_text(e, i);
	cj_key(j, "why");
	cj_str(j, text ? text : "");
	free(text);
	cj_key(j, "cap");
	cj_str(j, r->cap);
	cj_key(j, "min_kernel");
	if (r->reason == SECBPF_EXPLAIN_MIN_KERNEL ||
	    r->reason == SECBPF_EXPLAIN_EXCLUDED_KERNEL) {
		snprintf(kernel, sizeof(kernel), "%u.%u", r->kernel_major,
			 r->kernel_minor);
		cj_str(j, kernel);
	} else {
		cj_null(j);
	}
	cj_key(j, "by");
	if (r->by < e->nrules)
		cj_uint(j, r->by);
	else
		cj_null(j);
	cj_key(j, "repeated_arg");
	if (r->repeated_arg >= 0)
		cj_uint(j, (uint64_t)r->repeated_arg);
	else
		cj_null(j);
	cj_key(j, "split");
	cj_bool(j, r->split);
	cj_key(j, "conditions");
	cj_array(j);
	for (size_t k = 0; k < r->nconds; k++) {
		const struct secbpf_explain_cond *c = &r->conds[k];

		cj_object(j);
		cj_key(j, "part");
		cj_uint(j, c->part);
		cj_key(j, "arg");
		cj_uint(j, c->arg);
		cj_key(j, "op");
		cj_str(j, op_name(c->op));
		cj_key(j, "value");
		cj_uint(j, c->value);
		if (c->op == 7) {
			cj_key(j, "value2");
			cj_uint(j, c->value2);
		}
		cj_key(j, "arg_value");
		cj_uint(j, c->arg_value);
		cj_key(j, "holds");
		cj_bool(j, c->holds);
		cj_key(j, "truncated");
		cj_bool(j, c->truncated);
		cj_key(j, "subcall");
		cj_bool(j, c->subcall);
		cj_key(j, "ignored");
		cj_bool(j, c->ignored);
		cj_end_object(j);
	}
	cj_end_array(j);
	cj_end_object(j);
}

static int print_json(const struct secbpf_explanation *e,
		      const struct explain_opts *o)
{
	struct cli_json *j = cli_json_new();
	uint32_t mux_nr, subcall;
	char *text;
	struct line l;

	if (!j)
		return cli_json_finish(NULL);
	cj_object(j);
	cj_key(j, "syscall");
	cj_str(j, e->name);
	cj_key(j, "arch");
	cj_str(j, secbpf_arch_name(e->arch));
	cj_key(j, "nr");
	if (e->verdict == SECBPF_VERDICT_NONE)
		cj_null(j);
	else
		cj_uint(j, e->nr);
	cj_key(j, "multiplexer");
	if (e->mux) {
		cj_object(j);
		cj_key(j, "name");
		cj_str(j, e->mux);
		cj_key(j, "subcall");
		cj_uint(j, e->subcall);
		cj_end_object(j);
	} else {
		cj_null(j);
	}
	cj_key(j, "also_through");
	if (also_through(e, &mux_nr, &subcall)) {
		cj_object(j);
		cj_key(j, "name");
		cj_str(j, secbpf_syscall_name(e->arch, mux_nr));
		cj_key(j, "nr");
		cj_uint(j, mux_nr);
		cj_key(j, "subcall");
		cj_uint(j, subcall);
		cj_end_object(j);
	} else {
		cj_null(j);
	}
	cj_key(j, "args");
	cj_array(j);
	for (int i = 0; i < 6; i++)
		cj_uint(j, e->args[i]);
	cj_end_array(j);
	cj_key(j, "bits");
	cj_uint(j, e->narrow ? 32 : 64);
	cj_key(j, "decided_by");
	cj_str(j, verdict_code(e->verdict));
	if (e->verdict == SECBPF_VERDICT_NONE) {
		cj_key(j, "action");
		cj_null(j);
		cj_key(j, "value");
		cj_null(j);
	} else {
		cj_action(j, "action", e->action);
	}
	cj_key(j, "rule");
	if (e->verdict == SECBPF_VERDICT_RULE)
		cj_uint(j, e->rule);
	else
		cj_null(j);
	text = line_start(&l) ? (put_decided(l.f, e, o->env.use_default),
				 fclose(l.f), l.buf)
			      : NULL;
	cj_key(j, "why");
	cj_str(j, text ? text : "");
	free(text);
	cj_key(j, "embedded_default");
	cj_bool(j, o->env.use_default);
	cj_key(j, "environment");
	cj_object(j);
	cj_key(j, "arches");
	cj_array(j);
	for (size_t i = 0; i < e->narches; i++)
		cj_str(j, secbpf_arch_name(e->arches[i]));
	cj_end_array(j);
	cj_key(j, "caps");
	text = line_start(&l) ? (put_caps(l.f, &o->env), fclose(l.f), l.buf)
			      : NULL;
	cj_str(j, text ? text : "");
	free(text);
	cj_key(j, "kernel");
	if (e->kernel_major == ~0U) {
		cj_null(j);
	} else {
		char k[32];

		snprintf(k, sizeof(k), "%u.%u", e->kernel_major,
			 e->kernel_minor);
		cj_str(j, k);
	}
	cj_end_object(j);
	cj_key(j, "default");
	cj_object(j);
	cj_key(j, "pointer");
	cj_str(j, e->default_pointer);
	cj_line(j, o, e, e->default_line, e->default_column);
	cj_action(j, "action", e->default_action);
	cj_end_object(j);
	cj_key(j, "bad_arch");
	cj_object(j);
	cj_action(j, "action", e->badarch_action);
	cj_end_object(j);
	cj_key(j, "enosys_newer");
	cj_bool(j, e->enosys_newer);
	cj_key(j, "max_named_nr");
	cj_uint(j, e->max_named_nr);
	cj_key(j, "rules");
	cj_array(j);
	for (size_t i = 0; i < e->nrules; i++)
		json_rule(j, o, e, i);
	cj_end_array(j);
	cj_end_object(j);
	return cli_json_finish(j);
}

/* ---- the command ---- */

static int run_explain(int argc, char **argv)
{
	struct explain_opts o = {0};
	struct secbpf_resolve_opts ro;
	struct secbpf_policy_opts po;
	SECBPF_OPTS(secbpf_compile_opts, co);
	SECBPF_OPTS(secbpf_explain_opts, eo);
	SECBPF_OPTS(secbpf_explain_call, call);
	struct secbpf_profile *profile = NULL;
	struct secbpf_explainer *ex = NULL;
	struct secbpf_explanation *e = NULL;
	const struct secbpf_arch *abi;
	struct secbpf_error err;
	char name[MAX_NAME];
	char *text = NULL;
	size_t len = 0;
	int rc = 1;

	if (parse(argc, argv, &o))
		return 1;
	/* the call's ABI: --abi, else the primary target */
	if (o.abi)
		abi = secbpf_arch_lookup(o.abi);
	else if (o.env.narches)
		abi = secbpf_arch_lookup(o.env.arches[0]);
	else
		abi = secbpf_arch_native();
	if (!abi)
		return cli_error("this machine's architecture is not "
				 "supported; give --arch or --abi");
	if (cli_parse_call("syscall", o.call, abi, name, sizeof(name), &call.nr,
			   call.args))
		return 1;
	if (load(&o.env, &profile, &text, &len))
		goto out;
	cli_env_resolve_opts(&o.env, &ro);
	cli_env_policy_opts(&o.env, &po);
	co.enosys_newer = o.enosys_newer;
	eo.resolve = &ro;
	eo.policy = &po;
	eo.compile = &co;
	eo.text = text;
	eo.text_len = len;
	if (secbpf_explainer_new(profile, &eo, &ex, &err)) {
		cli_lib_error(&err);
		goto out;
	}
	call.arch = abi;
	call.name = name[0] ? name : NULL;
	if (secbpf_explain(ex, &call, &e, &err)) {
		if (err.code == -ENOENT)
			cli_error("unknown syscall '%s': no architecture has "
				  "it and the profile does not name it",
				  name);
		else
			cli_lib_error(&err);
		goto out;
	}
	if (o.json) {
		rc = print_json(e, &o);
	} else {
		print_text(e, &o);
		rc = cli_flush_stdout();
	}
out:
	secbpf_explanation_free(e);
	secbpf_explainer_free(ex);
	secbpf_profile_free(profile);
	free(text);
	return rc;
}

const struct cli_cmd cmd_explain = {
	.name = "explain",
	.run = run_explain,
	.summary = "tell which rule decides a syscall, and why",
	.usage = "usage: secbpf explain [PROFILE | --default] "
		 "SYSCALL[,ARG0,...]\n"
		 "                      [--abi ARCH] [--arch ARCH]... [--cap "
		 "CAP]...\n"
		 "                      [--all-caps] [--kernel X.Y] "
		 "[--enosys-newer]\n"
		 "                      [--and-repeated-args] [--json]\n"
		 "\n"
		 "Print the verdict the profile's filter gives one call, the "
		 "rule\n"
		 "that decided it (file:line, JSON pointer, comment, action, "
		 "the\n"
		 "conditions that matched with the argument values), and for "
		 "each\n"
		 "other rule naming the syscall why it did not decide: left "
		 "out\n"
		 "by includes/excludes (capability, minKernel, arch), "
		 "dropped as\n"
		 "equal to the default action, a condition that does not "
		 "hold,\n"
		 "shadowed by an unconditional rule, or matching after the "
		 "rule\n"
		 "libseccomp's order puts first.  The verdict is the compiled\n"
		 "filter's, run by the library's interpreter; the explanation "
		 "is\n"
		 "checked against it.\n"
		 "\n"
		 "SYSCALL is a name or a number of the call's arch (x32 "
		 "numbers\n"
		 "with bit 30); up to six arguments follow, as bpfdump "
		 "--emulate\n"
		 "takes them (decimal or 0x hex, -100 as a C caller passes "
		 "it).  A\n"
		 "name the arch reaches only through socketcall or ipc is "
		 "explained\n"
		 "as that call, with its sub-call in argument 0.\n"
		 "\n"
		 "  --abi ARCH    the ABI the call is made through (x86 for a "
		 "32-bit\n"
		 "                program on x86_64); default: the first "
		 "target arch\n"
		 "  --arch ARCH   target architecture (repeatable; the first "
		 "is the\n"
		 "                one includes/excludes test); default: this\n"
		 "                machine's plus the profile's archMap entry "
		 "for it\n"
		 "  --cap CAP     a capability in the bounding set "
		 "(repeatable;\n"
		 "                'sys_admin' means CAP_SYS_ADMIN); none by "
		 "default\n"
		 "  --all-caps    every capability is in the bounding set\n"
		 "  --kernel X.Y  kernel version for minKernel (default: the "
		 "running\n"
		 "                kernel)\n"
		 "  --enosys-newer  as 'secbpf compile --enosys-newer'\n"
		 "  --and-repeated-args  keep the conditions of a rule "
		 "testing one\n"
		 "                argument twice ANDed, as 'secbpf compile' "
		 "does\n"
		 "                with it\n"
		 "  --json        one JSON document (errors too)\n"
		 "\n"
		 "Exit status: 0 explained, 1 bad input (an unknown syscall, "
		 "a bad\n"
		 "number, a profile that cannot be used) or an internal "
		 "error.\n",
};
