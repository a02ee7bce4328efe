// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bpfdump: read, disassemble, emulate, summarise, compare and save seccomp
 * filters, from files or from a live process.  Built on the public API:
 * what a filter does (arch detection, filter stacks, the action cache,
 * the budgeted exploration of arguments) is the library's to compute;
 * this file reads the input, picks the command and prints the answer.
 *
 * The commands are a table, as secbpf's: each says which option selects
 * it, what input it reads and which options it takes, so that an option
 * a command would ignore is refused with a message, never dropped.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <linux/filter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

const char *cli_prog = "bpfdump";

#define MAX_FILE (1U << 20)
/* The most filters a task can hold: each costs its length plus 4 of the
 * kernel's 32768 (MAX_INSNS_PER_PATH), and is at least 1 long. */
#define MAX_FILTERS (SECBPF_MAX_STACK_INSNS / 5)
/* Unexplored syscalls named per arch in text (--json names all). */
#define NAMES_SHOWN 16

/* The options, as bits: what was given, what a command takes. */
enum {
	OPT_FORMAT = 1 << 0,
	OPT_ARCH = 1 << 1,
	OPT_BE = 1 << 2,
	OPT_LE = 1 << 3,
	OPT_PID = 1 << 4,
	OPT_FILTER = 1 << 5,
	OPT_OUTPUT = 1 << 6,
	OPT_EMULATE = 1 << 7,
	OPT_SUMMARY = 1 << 8,
	OPT_DIFF = 1 << 9,
	OPT_JSON = 1 << 10,
	OPT_BUDGET = 1 << 11,
	OPT_COUNT = 12,
};

/* As the user writes them, for messages; by bit number. */
static const char *const opt_names[OPT_COUNT] = {
	"--format",  "--arch",	 "--big-endian", "--little-endian",
	"--pid",     "--filter", "-o",		 "--emulate",
	"--summary", "--diff",	 "--json",	 "--budget",
};

struct opts {
	unsigned given; /* OPT_* bits */
	enum secbpf_format format;
	const struct secbpf_arch *arch;
	const char *emulate;
	const char *output;
	long pid;
	size_t filter;
	uint64_t budget;
	bool json;
};

/* What a command reads. */
enum input {
	IN_ONE, /* FILE or --pid */
	IN_TWO, /* FILE A and FILE B */
	IN_PID, /* --pid only */
};

struct ctx {
	const struct opts *o;
	struct secbpf_prog **progs; /* index 0 the first installed */
	size_t n;
};

struct bpfdump_cmd {
	const char *name;
	unsigned select;  /* the option that selects it; 0: the default */
	unsigned accepts; /* the other options it takes */
	enum input input;
	int (*run)(struct ctx *c);
	const char *summary;
};

static bool big_endian_for(const struct opts *o)
{
	if (o->given & OPT_BE)
		return true;
	if (o->given & OPT_LE)
		return false;
	if (o->arch)
		return secbpf_arch_big_endian(o->arch);
	return __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
}

/* What raw bytes that are really text most likely are, for a hint. */
static const char *text_kind(const char *buf, size_t len)
{
	bool hex = true, b64 = true, json = false;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == '[' && !json && i == strspn(buf, " \t\r\n"))
			json = true;
		hex &= (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		       (c >= 'A' && c <= 'F');
		b64 &= (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		       (c >= 'A' && c <= 'Z') || c == '+' || c == '/' ||
		       c == '=';
	}
	return json ? "json" : hex ? "hex" : b64 ? "base64" : NULL;
}

static int load_file(const char *path, const struct opts *o,
		     struct secbpf_prog **prog)
{
	struct secbpf_error err;
	const char *kind;
	size_t len;
	char *buf;
	int rc;

	if (cli_read_file(path, MAX_FILE, &buf, &len))
		return 1;
	rc = secbpf_prog_read(buf, len, o->format, big_endian_for(o), prog,
			      &err);
	if (!rc && secbpf_prog_verify(*prog, &err)) {
		secbpf_prog_free(*prog);
		*prog = NULL;
		rc = 1;
	}
	if (rc) {
		/* raw bytes that read as text were probably meant as text */
		kind = o->format == SECBPF_FORMAT_RAW && len
			       ? text_kind(buf, len)
			       : NULL;
		cli_error("'%s': %s%s%s%s", path, err.message,
			  kind ? " (it looks like " : "", kind ? kind : "",
			  kind ? "; try --format)" : "");
	}
	free(buf);
	return rc ? 1 : 0;
}

/* ---- live processes ---- */

/* A "Name:\tvalue" line of /proc/self/status, or NULL. */
static const char *self_status(const char *name, char *buf, size_t len)
{
	FILE *f = fopen("/proc/self/status", "r");
	size_t n = strlen(name);
	const char *v = NULL;

	if (!f)
		return NULL;
	while (!v && fgets(buf, (int)len, f))
		if (!strncmp(buf, name, n) && buf[n] == ':')
			v = buf + n + 1 + strspn(buf + n + 1, " \t");
	fclose(f);
	return v;
}

/*
 * PTRACE_SECCOMP_GET_FILTER fails with EACCES for two reasons (kernel/
 * seccomp.c): the caller lacks CAP_SYS_ADMIN, or the caller itself runs
 * under seccomp (so that a filtered task cannot read the filters meant to
 * confine it).  Tell which.
 */
static const char *why_eacces(void)
{
	char buf[256];
	const char *v = self_status("Seccomp", buf, sizeof(buf));

	if (v && *v != '0')
		return "bpfdump itself runs under seccomp, and the kernel "
		       "shows filters only to unfiltered callers";
	v = self_status("CapEff", buf, sizeof(buf));
	/* CAP_SYS_ADMIN is bit 21 */
	if (v && !(strtoull(v, NULL, 16) & (1ULL << 21)))
		return "reading a filter needs CAP_SYS_ADMIN (run as root)";
	return "the kernel refused (it needs CAP_SYS_ADMIN, and the caller "
	       "must not run under seccomp)";
}

/* One more slot in *progs (grown as filters come). */
static int grow(struct secbpf_prog ***progs, size_t n, size_t *cap)
{
	struct secbpf_prog **np;

	if (n < *cap)
		return 0;
	*cap = *cap ? *cap * 2 : 16;
	np = realloc(*progs, *cap * sizeof(*np));
	if (!np)
		return cli_error("out of memory");
	*progs = np;
	return 0;
}

static int read_filters(long pid, struct secbpf_prog ***progs, size_t *n)
{
	size_t cap = 0;
	int rc = 0;

	/* every one: a verdict from fewer than all would be wrong */
	for (long i = 0;; i++) {
		long len =
			ptrace(PTRACE_SECCOMP_GET_FILTER, (pid_t)pid, i, NULL);
		struct sock_filter *f;
		struct secbpf_error err;

		if (len < 0) {
			/* ENOENT: no more filters; EINVAL at the first: the
			 * task is not in filter mode at all */
			if (errno == ENOENT || (errno == EINVAL && i == 0))
				break;
			if (errno == EACCES)
				rc = cli_error("cannot read the filters of pid "
					       "%ld: %s",
					       pid, why_eacces());
			else if (errno == EMEDIUMTYPE)
				rc = cli_error("pid %ld: filter %ld is not a "
					       "classic BPF filter",
					       pid, i);
			else
				rc = cli_error("cannot read filter %ld of pid "
					       "%ld: %s",
					       i, pid, strerror(errno));
			break;
		}
		if (i >= MAX_FILTERS)
			return cli_error("pid %ld has more than %d filters, "
					 "more than a task can hold",
					 pid, MAX_FILTERS);
		if (grow(progs, *n, &cap))
			return 1;
		f = calloc((size_t)len ? (size_t)len : 1, sizeof(*f));
		if (!f)
			return cli_error("out of memory");
		if (ptrace(PTRACE_SECCOMP_GET_FILTER, (pid_t)pid, i, f) !=
			    len ||
		    secbpf_prog_new((const struct secbpf_insn *)f, (size_t)len,
				    __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__,
				    &(*progs)[*n], &err)) {
			free(f);
			rc = cli_error("cannot read filter %ld of pid %ld", i,
				       pid);
			break;
		}
		free(f);
		(*n)++;
	}
	return rc;
}

static int load_pid(const struct opts *o, struct secbpf_prog ***progs,
		    size_t *n)
{
	int st, rc;

	*n = 0;
	if (ptrace(PTRACE_SEIZE, (pid_t)o->pid, 0, 0) ||
	    ptrace(PTRACE_INTERRUPT, (pid_t)o->pid, 0, 0))
		return cli_error("cannot attach to pid %ld: %s%s", o->pid,
				 strerror(errno),
				 errno == EPERM ? " (ptrace needs the same "
						  "user "
						  "or CAP_SYS_PTRACE, a Yama "
						  "ptrace_scope that allows "
						  "it, "
						  "and a target no one else "
						  "traces; reading filters "
						  "then needs CAP_SYS_ADMIN)"
						: "");
	waitpid((pid_t)o->pid, &st, __WALL);
	rc = read_filters(o->pid, progs, n);
	ptrace(PTRACE_DETACH, (pid_t)o->pid, 0, 0);
	if (rc)
		return rc;
	/* --filter N: that one alone */
	if ((o->given & OPT_FILTER) && o->filter >= *n) {
		if (*n)
			return cli_error("pid %ld has %zu filter%s: --filter "
					 "takes 0 to %zu",
					 o->pid, *n, *n == 1 ? "" : "s",
					 *n - 1);
		return cli_error("pid %ld has no seccomp filter", o->pid);
	}
	if (o->given & OPT_FILTER) {
		struct secbpf_prog *keep = (*progs)[o->filter];

		for (size_t i = 0; i < *n; i++)
			if (i != o->filter)
				secbpf_prog_free((*progs)[i]);
		(*progs)[0] = keep;
		*n = 1;
	}
	return 0;
}

/* ---- helpers of the commands ---- */

static const char *act_str(uint32_t action, char *buf, size_t len)
{
	return secbpf_action_str(action, buf, len);
}

/* The arch to run on: --arch, else the first a filter checks (the first
 * installed first), else this machine's. */
static const struct secbpf_arch *run_arch(const struct ctx *c)
{
	const struct secbpf_arch *a = c->o->arch;

	for (size_t i = 0; !a && i < c->n; i++)
		if (!secbpf_prog_arches(c->progs[i], &a, 1))
			a = NULL;
	return a ? a : secbpf_arch_native();
}

/* --arch and --budget, as the library takes them. */
static void analysis_opts(const struct opts *o, struct secbpf_analysis_opts *ao)
{
	memset(ao, 0, sizeof(*ao));
	ao->sz = sizeof(*ao);
	ao->budget = o->budget;
	if (o->arch) {
		ao->arches = &o->arch;
		ao->narches = 1;
	}
}

/* ---- dump ---- */

static int run_dump(struct ctx *c)
{
	struct secbpf_error err;
	struct cli_json *j = NULL;
	char *text;

	if (c->o->json) {
		j = cli_json_new();
		if (!j)
			return cli_json_finish(NULL);
		/* several filters: an array of programs, index 0 the first
		 * installed; one: the program itself */
		if (c->n != 1)
			cj_array(j);
	}
	for (size_t i = 0; i < c->n; i++) {
		SECBPF_OPTS(secbpf_disasm_opts, d, .arch = c->o->arch);

		if (j) {
			if (secbpf_prog_write(c->progs[i], SECBPF_FORMAT_JSON,
					      &text, NULL, &err)) {
				cli_json_discard(j);
				return cli_lib_error(&err);
			}
			cj_raw(j, text);
			free(text);
			continue;
		}
		if (secbpf_prog_disasm(c->progs[i], &d, &text, &err))
			return cli_lib_error(&err);
		if (c->n > 1)
			printf("%sfilter %zu (%zu instructions)%s\n",
			       i ? "\n" : "", i, secbpf_prog_len(c->progs[i]),
			       i == 0	       ? ", the first installed"
			       : i == c->n - 1 ? ", the most recent; runs first"
					       : "");
		fputs(text, stdout);
		free(text);
	}
	if (!j)
		return 0;
	if (c->n != 1)
		cj_end_array(j);
	return cli_json_finish(j);
}

/* ---- emulate ---- */

/* The disassembly's lines on the path, so that the verdict reads as a
 * story ("arch is x86_64, nr is openat, args[1].lo has O_CREAT: ERRNO"). */
static void print_path(const struct secbpf_prog *p, const struct secbpf_arch *a,
		       const uint32_t *path, size_t n)
{
	SECBPF_OPTS(secbpf_disasm_opts, d, .arch = a);
	char *text, *line;
	size_t at = 0, k = 0;

	if (secbpf_prog_disasm(p, &d, &text, NULL))
		return; /* the numbers above still tell the path */
	line = text;
	for (; *line && k < n; at++) {
		char *end = strchr(line, '\n');

		if (!end)
			break;
		if (at == path[k]) {
			printf("%.*s\n", (int)(end - line), line);
			k++;
		}
		line = end + 1;
	}
	free(text);
}

static void json_run(struct cli_json *j, const struct secbpf_arch *a,
		     const struct secbpf_data *d,
		     const struct secbpf_run_result *r)
{
	char act[32];

	cj_object(j);
	cj_key(j, "arch");
	cj_str(j, secbpf_arch_name(a));
	cj_key(j, "nr");
	cj_uint(j, d->nr);
	cj_key(j, "action");
	cj_str(j, act_str(r->action, act, sizeof(act)));
	cj_key(j, "value");
	cj_uint(j, r->action);
	cj_key(j, "instructions");
	cj_uint(j, r->count);
	cj_key(j, "path");
	cj_array(j);
	for (size_t i = 0; i < r->path_len; i++)
		cj_uint(j, r->path[i]);
	cj_end_array(j);
	cj_key(j, "args");
	cj_array(j);
	for (size_t i = 0; i < 6; i++)
		cj_uint(j, d->args[i]);
	cj_end_array(j);
	cj_end_object(j);
}

/*
 * Each filter's run (the most recent first, as the kernel runs them),
 * then with several the process's verdict: the library's stack rule.
 */
static int run_emulate(struct ctx *c)
{
	const struct secbpf_arch *a = run_arch(c);
	uint32_t path[SECBPF_MAX_INSNS];
	struct secbpf_data d = {0};
	struct secbpf_stack_result st;
	struct secbpf_error err;
	struct cli_json *j = NULL;
	char act[32];

	if (!a)
		return cli_error("give --arch");
	if (cli_parse_call("--emulate", c->o->emulate, a, NULL, 0, &d.nr,
			   d.args))
		return 1;
	d.arch = secbpf_arch_audit(a);
	if (secbpf_stack_run((const struct secbpf_prog *const *)c->progs, c->n,
			     &d, &st, &err))
		return cli_lib_error(&err);
	if (c->o->json) {
		j = cli_json_new();
		if (!j)
			return cli_json_finish(NULL);
		if (c->n > 1) {
			cj_object(j);
			cj_key(j, "filters");
			cj_array(j);
		}
	}
	for (size_t i = c->n; i-- > 0;) {
		struct secbpf_run_result r = {.path = path,
					      .path_cap = SECBPF_MAX_INSNS};

		if (secbpf_prog_run(c->progs[i], &d, &r, &err)) {
			cli_json_discard(j);
			return cli_lib_error(&err);
		}
		if (j) {
			json_run(j, a, &d, &r);
			continue;
		}
		if (c->n > 1)
			printf("%sfilter %zu: ", i != c->n - 1 ? "\n" : "", i);
		printf("%s\n", act_str(r.action, act, sizeof(act)));
		printf("path:");
		for (size_t k = 0; k < r.path_len; k++)
			printf(" %u", path[k]);
		printf("\ninstructions: %u\n", r.count);
		print_path(c->progs[i], a, path, r.path_len);
	}
	if (j) {
		if (c->n > 1) {
			cj_end_array(j);
			cj_key(j, "action");
			cj_str(j, act_str(st.action, act, sizeof(act)));
			cj_key(j, "value");
			cj_uint(j, st.action);
			cj_key(j, "decided_by");
			if (st.decided_by < c->n)
				cj_uint(j, st.decided_by);
			else
				cj_null(j);
			cj_end_object(j);
		}
		return cli_json_finish(j);
	}
	if (c->n < 2)
		return 0;
	act_str(st.action, act, sizeof(act));
	if (st.decided_by < c->n)
		printf("\nprocess: %s (filter %zu decides)\n", act,
		       st.decided_by);
	else
		printf("\nprocess: %s (every filter allows)\n", act);
	return 0;
}

/* ---- summary ---- */

static const char *verdict(const struct secbpf_syscall_summary *s)
{
	if (s->explored == SECBPF_EXPLORED_NONE)
		return "unknown";
	if (s->nactions > 1)
		return "depends";
	return s->action == SECBPF_RET_ALLOW ? "allowed" : "denied";
}

static const char *explored_str(enum secbpf_explored e)
{
	return e == SECBPF_EXPLORED_ALL	   ? "all"
	       : e == SECBPF_EXPLORED_PART ? "part"
					   : "none";
}

/* The actions an argument-dependent call can get, "ERRNO(1), ALLOW". */
static void actions_text(const struct secbpf_syscall_summary *s, char *buf,
			 size_t len)
{
	char act[32];

	buf[0] = '\0';
	for (size_t j = 0; j < s->nactions; j++) {
		size_t used = strlen(buf);

		snprintf(buf + used, len - used, "%s%s", j ? ", " : "",
			 act_str(s->actions[j], act, sizeof(act)));
	}
	if (s->more_actions) {
		size_t used = strlen(buf);

		snprintf(buf + used, len - used, ", ...");
	}
}

static void summary_row(const struct secbpf_syscall_summary *s)
{
	char act[32], acts[320];
	const char *v = verdict(s);

	if (s->explored == SECBPF_EXPLORED_NONE) {
		printf("  %-24s %10u  %-8s %5s  not run: the work budget ran "
		       "out\n",
		       s->name, s->nr, v, "-");
		return;
	}
	act_str(s->action, act, sizeof(act));
	actions_text(s, acts, sizeof(acts));
	printf("  %-24s %10u  %-8s %5u  %s", s->name, s->nr, v, s->insns,
	       s->nactions > 1 ? acts : act);
	if (s->worst > s->insns)
		printf(" (up to %u instructions)", s->worst);
	if (s->cached)
		printf("  (kernel-cached)");
	if (s->explored == SECBPF_EXPLORED_PART)
		printf("  (arguments partly explored)");
	printf("\n");
}

/* What the budget left out, per arch, for text output. */
static void print_incomplete(const struct secbpf_summary *s)
{
	printf("\nincomplete: the work budget (%llu) ran out before every "
	       "syscall was explored\n",
	       (unsigned long long)s->budget);
	for (size_t i = 0; i < s->narches; i++) {
		const struct secbpf_arch_summary *a = &s->arches[i];
		size_t shown = 0;

		if (!a->partly && !a->not_run)
			continue;
		printf("  %s: %zu partly explored, %zu not run:",
		       secbpf_arch_name(a->arch), a->partly, a->not_run);
		for (size_t k = 0; k < a->nsyscalls; k++) {
			if (a->syscalls[k].explored == SECBPF_EXPLORED_ALL)
				continue;
			if (shown++ < NAMES_SHOWN)
				printf(" %s", a->syscalls[k].name);
		}
		if (shown > NAMES_SHOWN)
			printf(" and %zu more", shown - NAMES_SHOWN);
		printf("\n");
	}
	printf("their verdicts may depend on arguments in ways not shown; "
	       "--budget gives more work\n");
}

static void summary_json(struct cli_json *j, const struct secbpf_summary *s)
{
	char act[32];

	cj_object(j);
	cj_key(j, "filters");
	cj_uint(j, s->nprogs);
	cj_key(j, "arches");
	cj_array(j);
	for (size_t i = 0; i < s->narches; i++) {
		const struct secbpf_arch_summary *a = &s->arches[i];

		cj_object(j);
		cj_key(j, "arch");
		cj_str(j, secbpf_arch_name(a->arch));
		cj_key(j, "syscalls");
		cj_array(j);
		for (size_t k = 0; k < a->nsyscalls; k++) {
			const struct secbpf_syscall_summary *x =
				&a->syscalls[k];
			bool ran = x->explored != SECBPF_EXPLORED_NONE;

			cj_object(j);
			cj_key(j, "name");
			cj_str(j, x->name);
			cj_key(j, "nr");
			cj_uint(j, x->nr);
			cj_key(j, "verdict");
			cj_str(j, verdict(x));
			cj_key(j, "action");
			cj_str(j, ran ? act_str(x->action, act, sizeof(act))
				      : NULL);
			cj_key(j, "actions");
			cj_array(j);
			for (size_t q = 0; q < x->nactions; q++)
				cj_str(j, act_str(x->actions[q], act,
						  sizeof(act)));
			cj_end_array(j);
			cj_key(j, "more_actions");
			cj_bool(j, x->more_actions);
			cj_key(j, "cached");
			cj_bool(j, x->cached);
			cj_key(j, "instructions");
			cj_uint(j, x->insns);
			cj_key(j, "worst");
			cj_uint(j, x->worst);
			cj_key(j, "explored");
			cj_str(j, explored_str(x->explored));
			cj_end_object(j);
		}
		cj_end_array(j);
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
		cj_key(j, "cached");
		cj_uint(j, a->cached);
		cj_key(j, "partly_explored");
		cj_uint(j, a->partly);
		cj_key(j, "not_run");
		cj_uint(j, a->not_run);
		cj_end_object(j);
	}
	cj_end_array(j);
	cj_key(j, "complete");
	cj_bool(j, s->complete);
	cj_key(j, "work");
	cj_uint(j, s->work);
	cj_key(j, "budget");
	cj_uint(j, s->budget);
	cj_end_object(j);
}

/*
 * Per arch, each syscall's fate under a stack of filters (one from a file,
 * or all of a process's, combined as the kernel combines them).
 */
static int run_summary(struct ctx *c)
{
	struct secbpf_analysis_opts ao;
	struct secbpf_summary *s;
	struct secbpf_error err;
	int rc = 0;

	analysis_opts(c->o, &ao);
	if (secbpf_summarize((const struct secbpf_prog *const *)c->progs, c->n,
			     &ao, &s, &err))
		return cli_lib_error(&err);
	if (c->o->json) {
		struct cli_json *j = cli_json_new();

		if (j)
			summary_json(j, s);
		rc = cli_json_finish(j);
	} else {
		if (c->n > 1)
			printf("%zu filters, combined as the kernel runs "
			       "them\n\n",
			       c->n);
		for (size_t i = 0; i < s->narches; i++) {
			const struct secbpf_arch_summary *a = &s->arches[i];

			printf("%sarch %s\n  %-24s %10s  %-8s %5s  %s\n",
			       i ? "\n" : "", secbpf_arch_name(a->arch),
			       "syscall", "nr", "verdict", "insns",
			       "action (depends: the actions arguments get)");
			for (size_t k = 0; k < a->nsyscalls; k++)
				summary_row(&a->syscalls[k]);
			printf("  instructions per syscall: mean %.1f (zero "
			       "arguments), worst %u; kernel-cached: %zu of "
			       "%zu\n",
			       a->mean, a->worst, a->cached, a->nsyscalls);
		}
		if (!s->complete)
			print_incomplete(s);
	}
	if (!s->complete && !rc)
		cli_warn("the work budget ran out: the summary is incomplete "
			 "(it says where)");
	secbpf_summary_free(s);
	return rc;
}

/* ---- diff ---- */

static void print_args(const uint64_t *v)
{
	printf("(");
	for (int i = 0; i < 6; i++)
		printf("%s%#llx", i ? ", " : "", (unsigned long long)v[i]);
	printf(")");
}

static void diff_text(const struct secbpf_diff *d)
{
	char sa[32], sb[32];

	for (size_t i = 0; i < d->ndifferences; i++) {
		const struct secbpf_difference *x = &d->differences[i];

		printf(x->nr < 0x10000 ? "%s %s (%u) args "
				       : "%s %s (%#x) args ",
		       secbpf_arch_name(x->arch), x->name ? x->name : "?",
		       x->nr);
		print_args(x->args);
		printf(": %s vs %s\n", act_str(x->action_a, sa, sizeof(sa)),
		       act_str(x->action_b, sb, sizeof(sb)));
	}
	if (d->total > d->ndifferences)
		printf("(%zu more differences not listed)\n",
		       d->total - d->ndifferences);
	printf("%zu difference%s\n", d->total, d->total == 1 ? "" : "s");
	if (d->complete)
		return;
	printf("incomplete: the work budget (%llu) ran out; %zu syscall "
	       "numbers not fully explored, where more differences may be:\n",
	       (unsigned long long)d->budget, d->nunexplored);
	for (size_t i = 0; i < d->nunexplored;) {
		const struct secbpf_arch *a = d->unexplored[i].arch;
		size_t shown = 0;

		printf("  %s:", secbpf_arch_name(a));
		for (; i < d->nunexplored && d->unexplored[i].arch == a; i++) {
			const struct secbpf_unexplored *u = &d->unexplored[i];

			if (shown++ >= NAMES_SHOWN)
				continue;
			if (u->name)
				printf(" %s", u->name);
			else
				printf(" %#x", u->nr);
			if (u->explored == SECBPF_EXPLORED_NONE)
				printf(" (not run)");
		}
		if (shown > NAMES_SHOWN)
			printf(" and %zu more", shown - NAMES_SHOWN);
		printf("\n");
	}
}

static void diff_json(struct cli_json *j, const struct secbpf_diff *d)
{
	char act[32];

	cj_object(j);
	cj_key(j, "differences");
	cj_array(j);
	for (size_t i = 0; i < d->ndifferences; i++) {
		const struct secbpf_difference *x = &d->differences[i];

		cj_object(j);
		cj_key(j, "arch");
		cj_str(j, secbpf_arch_name(x->arch));
		cj_key(j, "nr");
		cj_uint(j, x->nr);
		cj_key(j, "name");
		cj_str(j, x->name ? x->name : "");
		cj_key(j, "args");
		cj_array(j);
		for (int k = 0; k < 6; k++)
			cj_uint(j, x->args[k]);
		cj_end_array(j);
		cj_key(j, "a");
		cj_str(j, act_str(x->action_a, act, sizeof(act)));
		cj_key(j, "b");
		cj_str(j, act_str(x->action_b, act, sizeof(act)));
		cj_end_object(j);
	}
	cj_end_array(j);
	cj_key(j, "count");
	cj_uint(j, d->total);
	cj_key(j, "listed");
	cj_uint(j, d->ndifferences);
	cj_key(j, "complete");
	cj_bool(j, d->complete);
	cj_key(j, "unexplored");
	cj_array(j);
	for (size_t i = 0; i < d->nunexplored; i++) {
		const struct secbpf_unexplored *u = &d->unexplored[i];

		cj_object(j);
		cj_key(j, "arch");
		cj_str(j, secbpf_arch_name(u->arch));
		cj_key(j, "nr");
		cj_uint(j, u->nr);
		cj_key(j, "name");
		cj_str(j, u->name);
		cj_key(j, "explored");
		cj_str(j, explored_str(u->explored));
		cj_end_object(j);
	}
	cj_end_array(j);
	cj_key(j, "work");
	cj_uint(j, d->work);
	cj_key(j, "budget");
	cj_uint(j, d->budget);
	cj_end_object(j);
}

/* Exit status: 0 agree, 2 differences, 3 none found but not all was
 * explored (agreement not shown). */
static int run_diff(struct ctx *c)
{
	struct secbpf_analysis_opts ao;
	struct secbpf_diff *d;
	struct secbpf_error err;
	int rc = 0;

	analysis_opts(c->o, &ao);
	if (secbpf_prog_diff(c->progs[0], c->progs[1], &ao, &d, &err))
		return cli_lib_error(&err);
	if (c->o->json) {
		struct cli_json *j = cli_json_new();

		if (j)
			diff_json(j, d);
		rc = cli_json_finish(j);
	} else {
		diff_text(d);
	}
	if (!rc && !d->complete)
		cli_warn("the work budget ran out: the comparison is "
			 "incomplete (it says where)");
	if (!rc)
		rc = d->total ? 2 : d->complete ? 0 : 3;
	secbpf_diff_free(d);
	return rc;
}

/* ---- save ---- */

static int run_save(struct ctx *c)
{
	enum secbpf_format fmt = c->o->format;
	struct secbpf_error err;
	char *buf;
	size_t len;
	int rc;

	if (c->n > 1)
		return cli_error("pid %ld has %zu filters: choose the one to "
				 "save with --filter N (0 the first "
				 "installed, %zu the most recent)",
				 c->o->pid, c->n, c->n - 1);
	if (secbpf_prog_write(c->progs[0], fmt, &buf, &len, &err))
		return cli_lib_error(&err);
	rc = cli_write_output(c->o->output, buf, len, fmt == SECBPF_FORMAT_RAW);
	free(buf);
	return rc;
}

/* ---- the table ---- */

#define FILE_OPTS (OPT_FORMAT | OPT_ARCH | OPT_BE | OPT_LE)
#define PID_OPTS (OPT_PID | OPT_FILTER)

/* Keep in the order --help shows them. */
static const struct bpfdump_cmd commands[] = {
	{"dump", 0, FILE_OPTS | PID_OPTS | OPT_JSON, IN_ONE, run_dump,
	 "disassemble, with symbols"},
	{"emulate", OPT_EMULATE, FILE_OPTS | PID_OPTS | OPT_JSON, IN_ONE,
	 run_emulate, "run one syscall: action, path, instructions"},
	{"summary", OPT_SUMMARY, FILE_OPTS | PID_OPTS | OPT_JSON | OPT_BUDGET,
	 IN_ONE, run_summary,
	 "per arch, each syscall's verdict, cache, instructions"},
	{"diff", OPT_DIFF, FILE_OPTS | OPT_JSON | OPT_BUDGET, IN_TWO, run_diff,
	 "where two filters decide differently"},
	{"save", OPT_OUTPUT, OPT_FORMAT | PID_OPTS, IN_PID, run_save,
	 "write a live filter to a file"},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char *opt_name(unsigned bit)
{
	for (unsigned i = 0; i < OPT_COUNT; i++)
		if (bit == 1U << i)
			return opt_names[i];
	return "?";
}

/* "--summary and --diff": the commands that take option "bit". */
static void takers(unsigned bit, char *buf, size_t len)
{
	size_t n = 0, k = 0;

	for (size_t i = 0; i < NCOMMANDS; i++)
		n += commands[i].select && (commands[i].accepts & bit);
	buf[0] = '\0';
	for (size_t i = 0; i < NCOMMANDS; i++) {
		size_t used = strlen(buf);

		if (!commands[i].select || !(commands[i].accepts & bit))
			continue;
		k++;
		snprintf(buf + used, len - used, "%s%s",
			 k == 1	  ? ""
			 : k == n ? " and "
				  : ", ",
			 opt_name(commands[i].select));
	}
}

/*
 * The command the options select, with every option checked against it:
 * one command at most, only options it takes, and the pairs that make no
 * sense together (the input's options with --pid, both byte orders).
 */
static const struct bpfdump_cmd *select_cmd(const struct opts *o)
{
	const struct bpfdump_cmd *cmd = &commands[0];
	char list[128];

	for (size_t i = 1; i < NCOMMANDS; i++) {
		if (!(o->given & commands[i].select))
			continue;
		if (cmd->select) {
			cli_error("'%s' and '%s' cannot be combined: each is a "
				  "command of its own",
				  opt_name(cmd->select),
				  opt_name(commands[i].select));
			return NULL;
		}
		cmd = &commands[i];
	}
	for (unsigned i = 0; i < OPT_COUNT; i++) {
		unsigned bit = 1U << i;

		if (!(o->given & bit) || (bit & (cmd->select | cmd->accepts)))
			continue;
		if (cmd->select) {
			cli_error("'%s' cannot be combined with '%s'",
				  opt_names[i], opt_name(cmd->select));
		} else {
			takers(bit, list, sizeof(list));
			cli_error("'%s' applies only to %s", opt_names[i],
				  list);
		}
		return NULL;
	}
	if ((o->given & OPT_BE) && (o->given & OPT_LE)) {
		cli_error("'--big-endian' and '--little-endian' cannot be "
			  "combined");
		return NULL;
	}
	/* --format and the byte orders describe FILE; save's --format is
	 * what it writes */
	if (o->given & OPT_PID) {
		unsigned file_only = OPT_BE | OPT_LE |
				     (cmd->input == IN_PID ? 0 : OPT_FORMAT);

		for (unsigned i = 0; i < OPT_COUNT; i++) {
			if (!(o->given & file_only & (1U << i)))
				continue;
			cli_error("'%s' describes a filter file and cannot be "
				  "combined with '--pid' (the kernel gives the "
				  "filters)",
				  opt_names[i]);
			return NULL;
		}
	}
	if ((o->given & OPT_FILTER) && !(o->given & OPT_PID)) {
		cli_error("'--filter' needs '--pid'");
		return NULL;
	}
	if (cmd->input == IN_PID && !(o->given & OPT_PID)) {
		cli_error("'%s' needs '--pid' (it saves a live filter)",
			  opt_name(cmd->select));
		return NULL;
	}
	return cmd;
}

static void usage(FILE *out)
{
	fprintf(out, "usage: bpfdump [OPTIONS] FILE\n"
		     "       bpfdump [OPTIONS] --pid PID\n"
		     "       bpfdump [OPTIONS] --diff A B\n"
		     "       bpfdump --pid PID [--filter N] -o FILE [--format "
		     "F]\n"
		     "\n"
		     "Read a seccomp filter (raw struct sock_filter bytes by "
		     "default),\n"
		     "or every filter of a live process, and:\n"
		     "\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-12s %s\n",
			commands[i].select ? opt_name(commands[i].select)
					   : "(default)",
			commands[i].summary);
	fprintf(out,
		"\n"
		"  --format raw|base64|hex|json\n"
		"                            how FILE is written (json: as "
		"secbpf\n"
		"                            compile -f json writes it); with "
		"-o,\n"
		"                            how to write the saved filter\n"
		"  --arch ARCH               the filter's arch (names "
		"syscalls; sets\n"
		"                            the byte order of raw files; the "
		"only\n"
		"                            arch --emulate, --summary and "
		"--diff use)\n"
		"  --big-endian, --little-endian\n"
		"                            byte order of FILE (default: "
		"--arch's, or\n"
		"                            this machine's)\n"
		"  --pid PID                 read the filters of a process (a\n"
		"                            decimal PID; needs "
		"CAP_SYS_ADMIN)\n"
		"  --filter N                with --pid: only its filter N (0 "
		"the\n"
		"                            first installed)\n"
		"  -o FILE                   with --pid: save its filter to "
		"FILE\n"
		"                            ('-' standard output)\n"
		"  --emulate SYSCALL[,ARG0,...]\n"
		"                            SYSCALL a name or number, then up "
		"to\n"
		"                            six arguments; numbers decimal or "
		"0x\n"
		"                            hex, negative ones as C passes "
		"them\n"
		"  --budget N                work for --summary and --diff: "
		"instructions\n"
		"                            run plus argument vectors tried "
		"(default\n"
		"                            %llu); what it leaves out is "
		"reported\n"
		"  --json                    machine-readable output; errors "
		"too\n"
		"\n"
		"Options a command does not take are refused, as are two "
		"commands.\n"
		"Exit status: 0 success (for --diff: the filters agree), 1 "
		"bad\n"
		"input or failure, 2 --diff found differences, 3 --diff found "
		"none\n"
		"but the work budget left part unexplored.\n",
		(unsigned long long)SECBPF_ANALYSIS_BUDGET);
}

static int parse_format(const char *arg, enum secbpf_format *fmt)
{
	static const struct {
		const char *name;
		enum secbpf_format fmt;
	} formats[] = {
		{"raw", SECBPF_FORMAT_RAW},
		{"base64", SECBPF_FORMAT_BASE64},
		{"hex", SECBPF_FORMAT_HEX},
		{"json", SECBPF_FORMAT_JSON},
	};

	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!strcmp(arg, formats[i].name)) {
			*fmt = formats[i].fmt;
			return 0;
		}
	return cli_error("unknown format '%s' (raw, base64, hex, json)", arg);
}

/* Option "bit" given: once only (a second would silently win). */
static int take(struct opts *o, unsigned bit)
{
	if ((o->given & bit) && bit != OPT_JSON)
		return cli_error("'%s' given twice", opt_name(bit));
	o->given |= bit;
	return 0;
}

static int parse_args(int argc, char **argv, struct opts *o, bool *done)
{
	enum {
		O_FORMAT = 256,
		O_BE,
		O_LE,
		O_SUMMARY,
		O_JSON,
		O_DIFF,
		O_EMULATE,
		O_PID,
		O_FILTER,
		O_BUDGET,
		O_HELP,
		O_VERSION
	};
	static const struct option lopts[] = {
		{"format", required_argument, NULL, O_FORMAT},
		{"arch", required_argument, NULL, 'a'},
		{"big-endian", no_argument, NULL, O_BE},
		{"little-endian", no_argument, NULL, O_LE},
		{"pid", required_argument, NULL, O_PID},
		{"filter", required_argument, NULL, O_FILTER},
		{"output", required_argument, NULL, 'o'},
		{"emulate", required_argument, NULL, O_EMULATE},
		{"summary", no_argument, NULL, O_SUMMARY},
		{"diff", no_argument, NULL, O_DIFF},
		{"json", no_argument, NULL, O_JSON},
		{"budget", required_argument, NULL, O_BUDGET},
		{"help", no_argument, NULL, O_HELP},
		{"version", no_argument, NULL, O_VERSION},
		{NULL, 0, NULL, 0},
	};
	uint64_t v;
	int c;

	*done = false;
	/* getopt's own messages are not JSON: say it ourselves */
	opterr = !o->json;
	while ((c = getopt_long(argc, argv, "a:ho:", lopts, NULL)) != -1) {
		switch (c) {
		case O_FORMAT:
			if (take(o, OPT_FORMAT) ||
			    parse_format(optarg, &o->format))
				return 1;
			break;
		case 'a':
			if (take(o, OPT_ARCH))
				return 1;
			o->arch = cli_arch(optarg);
			if (!o->arch)
				return 1;
			break;
		case O_BE:
			if (take(o, OPT_BE))
				return 1;
			break;
		case O_LE:
			if (take(o, OPT_LE))
				return 1;
			break;
		case O_PID:
			/* a pid_t: a larger number would be cut to another
			 * process's pid */
			if (take(o, OPT_PID) ||
			    cli_parse_number("--pid", optarg, 0, 0, 1, INT_MAX,
					     &v))
				return 1;
			o->pid = (long)v;
			break;
		case O_FILTER:
			if (take(o, OPT_FILTER) ||
			    cli_parse_number("--filter", optarg, 0, 0, 0,
					     MAX_FILTERS - 1, &v))
				return 1;
			o->filter = (size_t)v;
			break;
		case 'o':
			if (take(o, OPT_OUTPUT))
				return 1;
			o->output = optarg;
			break;
		case O_EMULATE:
			if (take(o, OPT_EMULATE))
				return 1;
			o->emulate = optarg;
			break;
		case O_SUMMARY:
			if (take(o, OPT_SUMMARY))
				return 1;
			break;
		case O_DIFF:
			if (take(o, OPT_DIFF))
				return 1;
			break;
		case O_JSON:
			take(o, OPT_JSON);
			o->json = true;
			break;
		case O_BUDGET:
			/* up to 2^40: hours of work, still an end */
			if (take(o, OPT_BUDGET) ||
			    cli_parse_number("--budget", optarg, 0, 0, 1,
					     1ULL << 40, &v))
				return 1;
			o->budget = v;
			break;
		case 'h':
		case O_HELP:
			usage(stdout);
			*done = true;
			return 0;
		case O_VERSION:
			printf("bpfdump (secbpf) %s\n", secbpf_version());
			*done = true;
			return 0;
		default:
			if (o->json)
				return cli_error("invalid option '%s' (see "
						 "'bpfdump --help')",
						 argv[optind - 1]);
			usage(stderr);
			return 1;
		}
	}
	return 0;
}

static int bpfdump_main(int argc, char **argv)
{
	struct opts o = {.pid = -1};
	struct secbpf_prog **progs = NULL;
	const struct bpfdump_cmd *cmd;
	struct ctx c = {.o = &o};
	size_t nslots = 0; /* progs[] entries to free */
	int operands, rc = 1;
	bool done;

	/* --json anywhere before "--" makes even option errors JSON */
	if (cli_wants_json(argc, argv)) {
		o.json = true;
		cli_json_messages(true);
	}
	if (parse_args(argc, argv, &o, &done))
		return 1;
	if (done)
		return 0;
	cmd = select_cmd(&o);
	if (!cmd)
		return 1;
	operands = argc - optind;
	switch (cmd->input) {
	case IN_TWO:
		if (operands != 2)
			return cli_error("'--diff' takes two filter files");
		progs = calloc(2, sizeof(*progs));
		if (!progs)
			return cli_error("out of memory");
		c.progs = progs;
		nslots = 2;
		if (load_file(argv[optind], &o, &progs[0]) ||
		    load_file(argv[optind + 1], &o, &progs[1]))
			goto out;
		c.n = 2;
		break;
	case IN_ONE:
	case IN_PID:
		if (o.given & OPT_PID) {
			if (operands)
				return cli_error("give a file or --pid, not "
						 "both");
			rc = load_pid(&o, &progs, &c.n);
			c.progs = progs;
			nslots = c.n;
			if (rc)
				goto out;
			rc = 1;
			if (!c.n)
				goto no_filter;
			break;
		}
		if (operands != 1)
			return cli_error("give one filter file (see --help)");
		progs = calloc(1, sizeof(*progs));
		if (!progs)
			return cli_error("out of memory");
		c.progs = progs;
		nslots = 1;
		if (load_file(argv[optind], &o, &progs[0]))
			goto out;
		c.n = 1;
		break;
	}
	rc = cmd->run(&c);
	goto out;
no_filter:
	/* nothing to run: the kernel lets every call through */
	if (cmd->run == run_dump && !o.json) {
		fprintf(stderr, "bpfdump: pid %ld has no seccomp filter\n",
			o.pid);
		rc = 0;
	} else if (cmd->run == run_dump) {
		struct cli_json *j = cli_json_new();

		if (j) {
			cj_array(j);
			cj_end_array(j);
		}
		rc = cli_json_finish(j);
	} else {
		rc = cli_error("pid %ld has no seccomp filter%s", o.pid,
			       cmd->input == IN_PID ? " to save"
						    : ": every syscall runs "
						      "unfiltered");
	}
out:
	for (size_t i = 0; i < nslots; i++)
		secbpf_prog_free(progs[i]);
	free(progs);
	return rc;
}

int main(int argc, char **argv)
{
	return cli_close_stdout(bpfdump_main(argc, argv));
}
