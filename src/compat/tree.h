/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A model of libseccomp 2.5's per-arch rule database: for each syscall
 * number, the tree of 32-bit argument comparisons libseccomp merges its
 * rules into.  The compatibility library keeps one per target arch so that
 * adding a rule succeeds, is absorbed, or fails with -EEXIST exactly when
 * libseccomp's would; the filter itself is compiled by secbpf from the
 * rules (src/bpf orders them as libseccomp's tree does).
 *
 * Every write to the model goes through a journal, so that a rule that
 * fails on one arch can be taken back on the arches it was added to
 * already (libseccomp's transactions).
 */
#ifndef SECBPF_COMPAT_TREE_H
#define SECBPF_COMPAT_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One comparison of a rule, per argument index (libseccomp's chain). */
struct lt_arg {
	bool valid;
	uint8_t op;    /* SCMP_CMP_* */
	uint64_t mask; /* all ones except for MASKED_EQ */
	uint64_t datum;
};

struct lt_rule {
	uint32_t nr; /* as the arch's filter sees it (pseudo numbers too) */
	uint32_t action;
	struct lt_arg args[6];
};

struct lt_db;

/* A database for an arch whose filters compare 64-bit or 32-bit words. */
struct lt_db *lt_db_new(bool bits64);
void lt_db_free(struct lt_db *db);

/* Start a transaction: writes from here on can be undone.  Nests not. */
void lt_db_begin(struct lt_db *db);
/* Keep (commit) or undo everything since lt_db_begin. */
void lt_db_commit(struct lt_db *db);
void lt_db_rollback(struct lt_db *db);

/*
 * Add a rule as libseccomp's db_rule_add does: 0 (added, or absorbed by an
 * existing rule), -EEXIST (conflicts with a rule already there), -ENOMEM
 * (including past the model's size limit).  On failure the database must
 * be rolled back.
 */
int lt_db_add(struct lt_db *db, const struct lt_rule *rule);

#endif
