// SPDX-License-Identifier: LGPL-2.1-or-later
/* secbpf compile: a profile to a classic BPF program. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define MAX_INPUT (16U << 20)
#define MAX_FREQ 4096
/* unknown names shown; the rest are counted */
#define MAX_UNKNOWN_NAMES 10
/* Weights are relative; bounded so that their sum stays finite. */
#define FREQ_MAX_WEIGHT 1e15
#define FREQ_MAX_NAME 127

static bool parse_format(const char *s, enum secbpf_format *f)
{
	static const struct {
		const char *name;
		enum secbpf_format f;
	} names[] = {
		{"raw", SECBPF_FORMAT_RAW}, {"base64", SECBPF_FORMAT_BASE64},
		{"c", SECBPF_FORMAT_C},	    {"json", SECBPF_FORMAT_JSON},
		{"hex", SECBPF_FORMAT_HEX},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i].name)) {
			*f = names[i].f;
			return true;
		}
	return false;
}

/* A frequency table: "name weight" per line, '#' comments. */
struct freq {
	char *names[MAX_FREQ];
	double weights[MAX_FREQ];
	size_t n;
};

/* The next blank-separated word of *p, NUL-terminated in place. */
static char *next_word(char **p)
{
	char *w = *p + strspn(*p, " \t\r"), *end;

	if (!*w)
		return NULL;
	end = w + strcspn(w, " \t\r");
	*p = *end ? end + 1 : end;
	*end = '\0';
	return w;
}

static int load_freq(const char *path, struct freq *fq)
{
	char *buf, *line, *next;
	size_t len;
	unsigned lineno = 0;
	int rc = 1;

	if (cli_read_file(path, MAX_INPUT, &buf, &len))
		return 1;
	if (memchr(buf, '\0', len)) {
		cli_error("%s: not a text file (it holds a NUL byte)", path);
		goto out;
	}
	/* line by line, empty lines counted, so that messages point right */
	for (line = buf; line; line = next) {
		char *name, *weight, *extra, *hash;
		double w;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		name = next_word(&line);
		if (!name)
			continue;
		weight = next_word(&line);
		extra = next_word(&line);
		if (!weight || extra) {
			cli_error("%s:%u: expected 'name weight'", path,
				  lineno);
			goto out;
		}
		switch (cli_parse_weight(weight, FREQ_MAX_WEIGHT, &w)) {
		case 0:
			break;
		case -ERANGE:
			cli_error("%s:%u: invalid weight '%s': out of range (0 "
				  "to 1e15)",
				  path, lineno, weight);
			goto out;
		default:
			cli_error("%s:%u: invalid weight '%s': want a "
				  "non-negative decimal number",
				  path, lineno, weight);
			goto out;
		}
		if (strlen(name) > FREQ_MAX_NAME) {
			cli_error("%s:%u: name longer than %d bytes", path,
				  lineno, FREQ_MAX_NAME);
			goto out;
		}
		if (fq->n == MAX_FREQ) {
			cli_error("%s: more than %d entries", path, MAX_FREQ);
			goto out;
		}
		fq->names[fq->n] = strdup(name);
		if (!fq->names[fq->n]) {
			cli_error("out of memory");
			goto out;
		}
		fq->weights[fq->n++] = w;
	}
	rc = 0;
out:
	free(buf);
	return rc;
}

static int run_compile(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_ENV_LONGOPTS,
		{"format", required_argument, NULL, 'f'},
		{"enosys-newer", no_argument, NULL, 'E'},
		{"layout", required_argument, NULL, 'l'},
		{"freq", required_argument, NULL, 'F'},
		{"output", required_argument, NULL, 'o'},
		{"quiet", no_argument, NULL, 'q'},
		{NULL, 0, NULL, 0},
	};
	struct cli_env env = {0};
	SECBPF_OPTS(secbpf_compile_opts, copts);
	struct secbpf_policy_opts popts;
	enum secbpf_format fmt = SECBPF_FORMAT_RAW;
	struct secbpf_profile *p = NULL, *r = NULL;
	struct secbpf_policy *pol = NULL;
	struct secbpf_prog *prog = NULL;
	struct secbpf_error err = {0};
	static struct freq fq;
	const char *output = NULL, *freq_path = NULL;
	bool layout_given = false;
	size_t len = 0;
	char *out = NULL;
	int c, taken, rc = 1;

	fq.n = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:q", opts, NULL)) != -1) {
		taken = cli_env_option(&env, c, optarg);
		if (taken < 0)
			goto out;
		if (taken)
			continue;
		switch (c) {
		case 'q':
			cli_quiet(true);
			break;
		case 'f':
			if (!parse_format(optarg, &fmt)) {
				cli_error("unknown format '%s': want raw, "
					  "base64, c, json or hex",
					  optarg);
				goto out;
			}
			break;
		case 'E':
			copts.enosys_newer = true;
			break;
		case 'l':
			layout_given = true;
			if (!strcmp(optarg, "balanced")) {
				copts.layout = SECBPF_LAYOUT_BALANCED;
			} else if (!strcmp(optarg, "weighted")) {
				copts.layout = SECBPF_LAYOUT_WEIGHTED;
			} else {
				cli_error("unknown layout '%s': want balanced "
					  "or weighted",
					  optarg);
				goto out;
			}
			break;
		case 'F':
			if (freq_path) {
				cli_error("--freq given twice");
				goto out;
			}
			freq_path = optarg;
			if (load_freq(optarg, &fq))
				goto out;
			if (!fq.n) {
				cli_error("%s: no 'name weight' entries",
					  optarg);
				goto out;
			}
			break;
		case 'o':
			output = optarg;
			break;
		default:
			cli_error("see 'secbpf compile --help'");
			goto out;
		}
	}
	if (cli_env_operands(&env, argc, argv, optind, "compile"))
		goto out;
	/* the weights are the workload's: no table is built in */
	if (freq_path && layout_given &&
	    copts.layout != SECBPF_LAYOUT_WEIGHTED) {
		cli_error("--freq is for the weighted layout, not --layout "
			  "balanced");
		goto out;
	}
	if (freq_path)
		copts.layout = SECBPF_LAYOUT_WEIGHTED;
	if (copts.layout == SECBPF_LAYOUT_WEIGHTED && !freq_path) {
		cli_error("--layout weighted needs the workload's syscall "
			  "frequencies: --freq FILE (as 'secbpf record --freq' "
			  "writes it)");
		goto out;
	}
	/* raw bytes on a terminal help nobody and can upset it */
	if (fmt == SECBPF_FORMAT_RAW && (!output || !strcmp(output, "-")) &&
	    isatty(STDOUT_FILENO)) {
		cli_error("refusing to write a raw program to a terminal; use "
			  "-o FILE, a pipe, or --format base64|hex|c|json");
		goto out;
	}

	if (cli_env_resolve(&env, &p, &r))
		goto out;
	cli_env_policy_opts(&env, &popts);
	if (secbpf_policy_new(r, &popts, &pol, &err)) {
		cli_lib_error(&err);
		goto out;
	}
	/* a profile for every arch names many calls one target lacks:
	 * show a few, count the rest */
	cli_policy_warnings(pol, MAX_UNKNOWN_NAMES,
			    " ('secbpf profile --resolve' lists them)");
	if (freq_path) {
		copts.freq_names = (const char *const *)fq.names;
		copts.freq_weights = fq.weights;
		copts.nfreq = fq.n;
	}
	if (secbpf_compile(pol, &copts, &prog, &err) ||
	    secbpf_prog_write(prog, fmt, &out, &len, &err)) {
		cli_lib_error(&err);
		goto out;
	}
	rc = cli_write_output(output, out, len, fmt == SECBPF_FORMAT_RAW);
out:
	free(out);
	secbpf_prog_free(prog);
	secbpf_policy_free(pol);
	secbpf_profile_free(r);
	secbpf_profile_free(p);
	for (size_t i = 0; i < fq.n; i++)
		free(fq.names[i]);
	return rc;
}

const struct cli_cmd cmd_compile = {
	.name = "compile",
	.run = run_compile,
	.summary = "compile a profile to a classic BPF program",
	.usage = "usage: secbpf compile [PROFILE | --default] [--arch ARCH]... "
		 "[--cap CAP]...\n"
		 "                      [--all-caps] [--kernel X.Y] "
		 "[--format FMT]\n"
		 "                      [--enosys-newer] [--layout LAYOUT] "
		 "[--freq FILE]\n"
		 "                      [--and-repeated-args] [--quiet] [-o "
		 "FILE]\n"
		 "\n"
		 "Resolve PROFILE (a seccomp.json, an OCI linux.seccomp object "
		 "or an\n"
		 "OCI config.json; '-' reads standard input) or the embedded "
		 "default\n"
		 "for the target, and compile it to one seccomp program.  "
		 "Warnings\n"
		 "(unknown names, overlapping rules) go to standard error, "
		 "unless\n"
		 "--quiet.  On any error nothing is written and the exit "
		 "status is 1.\n"
		 "\n"
		 "  --arch ARCH     target architecture (repeatable; all of "
		 "one "
		 "byte\n"
		 "                  order; the first is the one "
		 "includes/excludes\n"
		 "                  test); default: this machine's plus the "
		 "profile's\n"
		 "                  archMap sub-architectures, as runtimes do\n"
		 "  --cap CAP       a capability in the bounding set "
		 "(repeatable;\n"
		 "                  'sys_admin' means CAP_SYS_ADMIN; an "
		 "unknown name\n"
		 "                  is an error)\n"
		 "  --all-caps      every capability is in the bounding set\n"
		 "  --kernel X.Y    kernel version for minKernel (decimal, "
		 "each part\n"
		 "                  up to 65535; default: the running "
		 "kernel)\n"
		 "  --format FMT    raw (default; struct sock_filter in the "
		 "target's\n"
		 "                  byte order), base64, hex, c or json\n"
		 "  --enosys-newer  syscalls numbered above the highest one "
		 "the\n"
		 "                  profile names fail with ENOSYS instead of "
		 "the\n"
		 "                  default action (as runc), so that programs "
		 "fall\n"
		 "                  back from syscalls newer than the profile; "
		 "only\n"
		 "                  when the default refuses\n"
		 "  --layout L      balanced (default): binary search over "
		 "syscall\n"
		 "                  numbers; weighted: the tree that runs the "
		 "fewest\n"
		 "                  instructions for the workload whose "
		 "syscall\n"
		 "                  frequencies --freq gives (needs --freq)\n"
		 "  --freq FILE     the weighted layout with this table of "
		 "the\n"
		 "                  workload's calls ('name weight' per line, "
		 "as\n"
		 "                  'secbpf record --freq' writes it; weights "
		 "are\n"
		 "                  decimal numbers from 0 to 1e15, '#' starts "
		 "a\n"
		 "                  comment); it weighs the first target "
		 "arch's "
		 "calls\n"
		 "  --and-repeated-args  a rule whose conditions test one "
		 "argument\n"
		 "                  more than once keeps them ANDed; by "
		 "default each\n"
		 "                  condition is a rule of its own (OR), as "
		 "runc,\n"
		 "                  crun and containers/common split it\n"
		 "  -q, --quiet     no warnings (errors are always shown)\n"
		 "  -o, --output FILE  write there instead of standard output: "
		 "a\n"
		 "                  regular file (or a symbolic link's target) "
		 "is\n"
		 "                  replaced atomically and keeps its mode "
		 "and\n"
		 "                  owner; a device or FIFO is written into, "
		 "never\n"
		 "                  replaced; raw output is never written to "
		 "a\n"
		 "                  terminal\n",
};
