/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Shared pieces of the command-line tools.  The tools use the public API
 * only (include/secbpf.h), like any other consumer of the library.
 */
#ifndef SECBPF_CLI_H
#define SECBPF_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "secbpf.h"

/* One "secbpf SUBCOMMAND"; the table lives in secbpf.c. */
struct cli_cmd {
	const char *name;
	int (*run)(int argc, char **argv); /* argv[0] is the name */
	const char *summary;		   /* one line for --help */
	const char *usage;		   /* full help text */
	void (*usage_more)(FILE *out);	   /* optional: what the text
					    * cannot know at compile time */
};

extern const struct cli_cmd cmd_compile;
extern const struct cli_cmd cmd_syscalls;
extern const struct cli_cmd cmd_resolve;
extern const struct cli_cmd cmd_profile;
extern const struct cli_cmd cmd_check;
extern const struct cli_cmd cmd_run;
extern const struct cli_cmd cmd_record;
extern const struct cli_cmd cmd_explain;

/* The program name used in messages ("secbpf", "bpfdump"). */
extern const char *cli_prog;

/* "PROG: error: MESSAGE" on stderr; returns 1 (the exit status for bad
 * input) so that callers can "return cli_error(...)". */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "PROG: warning: MESSAGE" on stderr, unless cli_quiet is on. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* --quiet: cli_warn says nothing from now on.  Errors (cli_error) are
 * never silenced, nor is what a command prints as its output. */
void cli_quiet(bool on);
/*
 * A policy's warnings, by cli_warn: every one, except that of the names no
 * target arch has (hundreds in a profile written for every arch) only the
 * first "max_names" are shown and the rest counted, pointing at "hint";
 * no other warning is ever hidden behind them.
 */
void cli_policy_warnings(const struct secbpf_policy *pol, size_t max_names,
			 const char *hint);
/* Report a library error; returns 1. */
int cli_lib_error(const struct secbpf_error *err);
/*
 * Text that may hold profile text, for a terminal: control characters
 * (C0, DEL, C1), line separators and bidirectional overrides escaped as
 * \xNN or \uNNNN, bytes that are not UTF-8 as \xNN.  cli_error and
 * cli_warn escape their messages so.
 */
void cli_put_text(FILE *f, const char *s);
/* "s" as a JSON string: valid UTF-8 (U+FFFD for what is not), with the
 * characters cli_put_text escapes written as \uNNNN. */
void cli_put_json_string(FILE *f, const char *s);

/*
 * JSON (json.c): the one writer of both tools.  Build a document with the
 * cj_* calls (cj_key before each member of an object) and end it with
 * cli_json_finish, which writes it whole to standard output and frees it
 * (0, or 1 with a message); cli_json_discard drops it unwritten.  NULL
 * from cli_json_new (out of memory) makes cli_json_finish fail.
 */
struct cli_json;

struct cli_json *cli_json_new(void);
int cli_json_finish(struct cli_json *j);
void cli_json_discard(struct cli_json *j);
void cj_object(struct cli_json *j);
void cj_end_object(struct cli_json *j);
void cj_array(struct cli_json *j);
void cj_end_array(struct cli_json *j);
void cj_key(struct cli_json *j, const char *key);
void cj_str(struct cli_json *j, const char *s); /* NULL: null */
void cj_uint(struct cli_json *j, uint64_t v);
void cj_double(struct cli_json *j, double v, int decimals);
void cj_bool(struct cli_json *j, bool v);
void cj_null(struct cli_json *j);
/* A value that is JSON already (secbpf_prog_write's). */
void cj_raw(struct cli_json *j, const char *json);
/* Write a finished document to standard output (cli_json_finish's). */
int cli_json_emit(const char *doc, size_t len);
/*
 * --json: from now on cli_error and cli_warn write JSON objects,
 * {"error": "MESSAGE"} / {"warning": "MESSAGE"}: the first error on
 * standard output in place of the document (when none went out yet),
 * everything else on standard error.
 */
void cli_json_messages(bool on);

/* True if argv holds -h or --help before a "--". */
bool cli_wants_help(int argc, char **argv);
/* True if argv holds --json before a "--": the caller turns on
 * cli_json_messages before parsing, so that bad options are JSON too. */
bool cli_wants_json(int argc, char **argv);

/* Read a whole file ("-" = stdin) into a malloc()ed, NUL-terminated buffer;
 * refuses files over "limit" bytes.  0 or -errno (message printed). */
int cli_read_file(const char *path, size_t limit, char **buf, size_t *len);
/*
 * Write "len" bytes to "path" ("-" or NULL = stdout).  A regular file (new,
 * or the target of a symbolic link, which stays) is written to a temporary
 * beside it and renamed into place, so that a failure never leaves a
 * partial output; an existing file keeps its mode and owner, a new one
 * gets 0666 less the umask.  A device or FIFO is written into, never
 * replaced (a socket cannot be opened: an error); the file standard
 * output is open on (/dev/stdout) is written through standard output.  A
 * directory or a dangling link is an error; so is a terminal when
 * "binary" (raw bytes).  0 or 1 (message printed).
 */
int cli_write_output(const char *path, const void *buf, size_t len,
		     bool binary);
/*
 * Flush standard output; 0, or 1 with a message if that or an earlier
 * write to it failed.  A failure is reported once, whoever finds it.
 */
int cli_flush_stdout(void);
/*
 * At the end of main: flush and close standard output, so that output
 * lost to a full disk or a closed descriptor is an error, not silence.
 * Returns "status", or 1 when standard output failed (message printed
 * once; a command that already reported it keeps its own status).
 * SIGPIPE keeps its default: a reader that goes away ends the tool
 * quietly, as other filters; when ignored, EPIPE is reported like any
 * other failure.
 */
int cli_close_stdout(int status);

/*
 * The environment options every profile-taking command shares:
 * PROFILE | --default, --cap CAP..., --all-caps, --arch ARCH...,
 * --kernel X.Y, and --and-repeated-args (how the filter reads a rule
 * repeating an argument).  Put CLI_ENV_LONGOPTS in the command's option
 * table and hand each option to cli_env_option first.
 */
#define CLI_MAX_LIST 64

enum {
	CLI_OPT_DEFAULT = 0x1000,
	CLI_OPT_CAP,
	CLI_OPT_ALL_CAPS,
	CLI_OPT_ARCH,
	CLI_OPT_KERNEL,
	CLI_OPT_AND_REPEATED_ARGS,
};

#define CLI_ENV_LONGOPTS                                                       \
	{"default", no_argument, NULL, CLI_OPT_DEFAULT},                       \
		{"cap", required_argument, NULL, CLI_OPT_CAP},                 \
		{"all-caps", no_argument, NULL, CLI_OPT_ALL_CAPS},             \
		{"arch", required_argument, NULL, CLI_OPT_ARCH},               \
		{"kernel", required_argument, NULL, CLI_OPT_KERNEL},           \
	{                                                                      \
		"and-repeated-args", no_argument, NULL,                        \
			CLI_OPT_AND_REPEATED_ARGS                              \
	}

/* The largest profile read from standard input (the library's limit). */
#define CLI_MAX_PROFILE (16U << 20)

struct cli_env {
	const char *profile; /* the profile file, unless use_default */
	bool use_default;
	/* as given: the library takes "sys_admin" for "CAP_SYS_ADMIN" */
	const char *caps[CLI_MAX_LIST];
	size_t ncaps;
	bool all_caps;
	const char *arches[CLI_MAX_LIST];
	size_t narches;
	unsigned kernel_major, kernel_minor;
	/* keep the conditions of a rule repeating an argument ANDed */
	bool and_repeated_args;
};

/* 1: a shared option, taken; 0: not one of them; -1: bad (said why). */
int cli_env_option(struct cli_env *env, int opt, const char *arg);
/* Exactly one of PROFILE and --default; 0, or 1 with a message. */
int cli_env_check(const struct cli_env *env, const char *cmd);
/* The operands argv[first..argc-1] after the options: at most one, the
 * profile; then cli_env_check.  0, or 1 with a message. */
int cli_env_operands(struct cli_env *env, int argc, char **argv, int first,
		     const char *cmd);
/* The library's resolution options for the environment. */
void cli_env_resolve_opts(const struct cli_env *env,
			  struct secbpf_resolve_opts *ro);
/* The library's policy options for the environment. */
void cli_env_policy_opts(const struct cli_env *env,
			 struct secbpf_policy_opts *po);
/* Load the profile (or the default; "-" reads standard input); 0, or 1
 * with the library's message. */
int cli_env_load(const struct cli_env *env, struct secbpf_profile **profile);
/* Load the profile as cli_env_load and resolve it for the environment;
 * 0, or 1 with the library's message.  Both are freed by the caller. */
int cli_env_resolve(const struct cli_env *env, struct secbpf_profile **profile,
		    struct secbpf_profile **resolved);

/* Parse an architecture name or exit status 1 with a message; NULL on
 * failure. */
const struct secbpf_arch *cli_arch(const char *name);

/*
 * Numbers on the command line (num.c).  The whole text is one integer:
 * decimal digits, or with CLI_NUM_HEX "0x" and hex digits as well (a
 * leading 0 before a digit is refused there, as C would read octal); no
 * spaces, no '+'; a '-' only with CLI_NUM_NEG, down to -neg_limit, stored
 * as a C caller passes it (two's complement).  Overflow is an error, never
 * a wrap.
 */
#define CLI_NUM_HEX 0x1
#define CLI_NUM_NEG 0x2

enum cli_num {
	CLI_NUM_OK = 0,
	CLI_NUM_EMPTY,	/* "" */
	CLI_NUM_SYNTAX, /* not the digits wanted */
	CLI_NUM_OCTAL,	/* "010" where hex is taken */
	CLI_NUM_RANGE,	/* above max or below -neg_limit */
};

/* The check alone, no message: for callers that word their own. */
enum cli_num cli_scan_number(const char *text, unsigned flags,
			     uint64_t neg_limit, uint64_t max, uint64_t *out);
/* The check, in [min, max] (min applies without CLI_NUM_NEG); 0, or 1
 * with a message naming "what" (the option) and the text. */
int cli_parse_number(const char *what, const char *text, unsigned flags,
		     uint64_t neg_limit, uint64_t min, uint64_t max,
		     uint64_t *out);
/*
 * "SYSCALL[,ARG0,...]" as bpfdump --emulate and secbpf explain take it: a
 * name or a number (hex, -1 for 0xffffffff), then up to six numbers, each
 * fitting a register of "a" (on a 32-bit ABI, "-100" is 0xffffff9c and
 * more than 32 bits is refused); every field present.  "what" names the
 * input in messages; an option's name ("--emulate") also prefixes the
 * fields' ("--emulate argument 0").  With "name", a name is copied there
 * (namelen bytes at most) for the caller to look up, and *nr is 0; else
 * it must be a syscall of "a".  0, or 1 with a message.
 */
int cli_parse_call(const char *what, const char *spec,
		   const struct secbpf_arch *a, char *name, size_t namelen,
		   uint32_t *nr, uint64_t *args);
/* A non-negative decimal fraction ("12", "0.5", "1e3") up to "max": no
 * sign, hex, inf or nan.  0, -EINVAL (malformed) or -ERANGE. */
int cli_parse_weight(const char *text, double max, double *out);

#endif /* SECBPF_CLI_H */
