/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A model of libseccomp 2.5's per-arch rule database: for each syscall
 * number, the tree of 32-bit argument comparisons libseccomp merges its
 * rules into.  The compatibility library keeps one per target arch so that
 * adding a rule succeeds, is absorbed, or fails with -EEXIST exactly when
 * libseccomp's would; the filter itself is compiled by secbpf from the
 * rules (src/bpf orders them as libseccomp's tree does).  It also keeps
 * what libseccomp's seccomp_export_pfc text shows (pfc.c): each syscall's
 * priority, the entries priority hints make, libseccomp's syscall count.
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

/*
 * libseccomp's syscall priority hint (seccomp_syscall_priority) for the
 * number as this arch's filter sees it: the highest hint given stays; a
 * syscall without rules gets an entry that carries the hint alone (no
 * rule: it decides nothing).  0 or -ENOMEM.  Outside a transaction.
 */
int lt_db_priority(struct lt_db *db, uint32_t nr, uint8_t priority);

/*
 * After a rolled back transaction: libseccomp undoes a failed rule by
 * going back to a copy of its filter rebuilt from the rules alone, so
 * what priority hints did is gone.  The same here.
 */
void lt_db_forget_hints(struct lt_db *db);

/* One node of a path: a comparison on one 32-bit word, true or not. */
struct lt_lit {
	uint8_t arg;
	bool hi;    /* the high word (64-bit ABIs) */
	uint8_t op; /* SCMP_CMP_EQ, _GT, _GE or _MASKED_EQ */
	uint32_t mask, datum;
	bool holds; /* false: the comparison fails on this path */
};

#define LT_MAX_LITS 16 /* literals of one path, after simplification */

/* Called per path; a non-zero return stops the walk with that value. */
typedef int (*lt_path_fn)(void *opaque, uint32_t nr, uint32_t action,
			  const struct lt_lit *lits, size_t n);

/*
 * What the database decides, syscall by syscall (in number order), as the
 * paths from the root of its tree to an action, in the order libseccomp's
 * filter tries them: the first path whose literals all hold decides, and
 * where none does the filter's default does.  A syscall without
 * conditions is one path without literals.  A path longer than
 * LT_MAX_LITS loses the literals its others imply (or goes, when they
 * cannot all hold).  -E2BIG when a path still needs more than
 * LT_MAX_LITS literals or there are more than "max_paths" paths.
 */
int lt_db_paths(const struct lt_db *db, size_t max_paths, lt_path_fn fn,
		void *opaque);

/* ---- a read-only view of the trees, for seccomp_export_pfc ---- */

struct lt_node;

struct lt_sys_view {
	uint32_t nr;
	/* libseccomp's: the hint in bits 16-23, 0xffff less its count of
	 * the tree's nodes below */
	uint32_t priority;
	bool valid; /* false: a priority hint without a rule */
	const struct lt_node *chains; /* NULL: "action" decides */
	uint32_t action;
};

/* Syscall entries (hints included), in number order (unsigned). */
size_t lt_db_count(const struct lt_db *db);
void lt_db_entry(const struct lt_db *db, size_t i, struct lt_sys_view *out);
/* libseccomp's count of syscalls, which sizes its PFC's binary tree
 * (an entry made by a hint that later got a rule is not in it). */
uint32_t lt_db_syscall_cnt(const struct lt_db *db);

struct lt_node_view {
	uint8_t arg;
	bool hi;    /* the high word (64-bit ABIs) */
	uint8_t op; /* SCMP_CMP_EQ, _GT, _GE or _MASKED_EQ */
	uint32_t mask, datum;
	bool has_t, has_f; /* an action on the branch */
	uint32_t act_t, act_f;
	const struct lt_node *on_t, *on_f; /* the next levels */
};

/* The first node of the level "n" is on. */
const struct lt_node *lt_level_first(const struct lt_node *n);
/* Read "n"; returns the next node of its level, or NULL. */
const struct lt_node *lt_node_read(const struct lt_node *n,
				   struct lt_node_view *out);

#endif
