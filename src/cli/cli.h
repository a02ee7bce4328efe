/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Shared pieces of the command-line tools.  The tools use the public API
 * only (include/secbpf.h), like any other consumer of the library.
 */
#ifndef SECBPF_CLI_H
#define SECBPF_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "secbpf.h"

/* One "secbpf SUBCOMMAND"; the table lives in secbpf.c. */
struct cli_cmd {
	const char *name;
	int (*run)(int argc, char **argv); /* argv[0] is the name */
	const char *summary;		   /* one line for --help */
	const char *usage;		   /* full help text */
};

extern const struct cli_cmd cmd_compile;
extern const struct cli_cmd cmd_syscalls;
extern const struct cli_cmd cmd_resolve;
extern const struct cli_cmd cmd_profile;
extern const struct cli_cmd cmd_check;
extern const struct cli_cmd cmd_run;

/* The program name used in messages ("secbpf", "bpfdump"). */
extern const char *cli_prog;

/* "PROG: error: MESSAGE" on stderr; returns 1 (the exit status for bad
 * input) so that callers can "return cli_error(...)". */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "PROG: warning: MESSAGE" on stderr. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Report a library error; returns 1. */
int cli_lib_error(const struct secbpf_error *err);

/* True if argv holds -h or --help before a "--". */
bool cli_wants_help(int argc, char **argv);

/* Read a whole file ("-" = stdin) into a malloc()ed, NUL-terminated buffer;
 * refuses files over "limit" bytes.  0 or -errno (message printed). */
int cli_read_file(const char *path, size_t limit, char **buf, size_t *len);
/*
 * Write "len" bytes to "path" ("-" or NULL = stdout) through a temporary
 * file and rename(), so that a failure never leaves a partial output.
 * 0 or 1 (message printed).
 */
int cli_write_output(const char *path, const void *buf, size_t len);

/* Parse an architecture name or exit status 1 with a message; NULL on
 * failure. */
const struct secbpf_arch *cli_arch(const char *name);

#endif /* SECBPF_CLI_H */
