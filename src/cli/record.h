/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * secbpf record: what it counts (cmd_record.c) and the profiles it writes
 * from the counts (record_profile.c).
 */
#ifndef SECBPF_CLI_RECORD_H
#define SECBPF_CLI_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli.h"

/* The arches recorded: the native one and its sub-architectures. */
#define REC_MAX_ARCHES 8
/* Distinct numbers no table knows, kept per arch (the rest are summed). */
#define REC_MAX_UNKNOWN 64
/* Arches seen but not recorded, kept by audit value. */
#define REC_MAX_OTHER 8

/* How the --base profile's filter decides the calls of one syscall. */
struct rec_verdicts {
	uint64_t allowed;     /* ALLOW or LOG */
	uint64_t lacking;     /* its default action: no rule allows them */
	uint64_t by_rule;     /* a rule with another action decides */
	uint64_t no_arch;     /* the filter leaves the arch out */
	uint32_t rule_action; /* the last such rule's action */
};

struct rec_entry {
	const char *name;
	uint32_t nr;
};

struct rec_unknown {
	uint32_t nr;
	uint64_t count;
};

struct rec_arch {
	const struct secbpf_arch *arch;
	size_t n;
	struct rec_entry *table; /* the arch's syscalls, by number */
	uint64_t *counts;	 /* calls per table entry */
	uint64_t calls;		 /* all calls, unknown numbers included */
	struct rec_unknown unknown[REC_MAX_UNKNOWN];
	size_t nunknown;
	uint64_t unknown_more;	   /* calls of unknown numbers not kept */
	struct rec_verdicts *base; /* per table entry, with --base */
	struct rec_verdicts base_unknown; /* the unknown numbers' */
};

struct rec_other {
	const struct secbpf_arch *arch; /* NULL: no arch we know */
	uint32_t audit;
	uint64_t calls;
};

/* The --base profile, compiled for this machine as a runtime would. */
struct rec_base {
	const char *path;
	char *text;
	size_t len;
	struct secbpf_prog *prog;
	uint32_t default_action;
	uint32_t badarch; /* the bad-arch action, one no rule returns */
};

struct rec {
	struct rec_arch arches[REC_MAX_ARCHES]; /* [0]: the native arch */
	size_t narches;
	struct rec_other other[REC_MAX_OTHER];
	size_t nother;
	uint64_t other_more;
	uint64_t calls;
	const struct cli_env *env; /* capabilities and kernel for --base */
	struct rec_base *base;	   /* NULL without --base */
};

/* "secbpf: record: MESSAGE" on standard error, escaped as cli_warn's. */
void rec_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Load, resolve and compile the --base profile; 0, or 1 with a message. */
int rec_base_load(struct rec_base *base, const char *path,
		  const struct cli_env *env);
void rec_base_free(struct rec_base *base);
/* How the base decides one call. */
void rec_base_judge(const struct rec_base *base, uint32_t audit, uint32_t nr,
		    uint64_t ip, const uint64_t args[6],
		    struct rec_verdicts *v);

/*
 * Write the profile to "path" (NULL or "-": standard output): the names
 * recorded, or with a base, the base plus a rule for what it lacked.
 * Checked by compiling it before it is written.  0, or 1 with a message.
 */
int rec_write_profile(const struct rec *rec, const char *path);

#endif /* SECBPF_CLI_RECORD_H */
