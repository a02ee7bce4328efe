/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private to src/profile: the pieces the parser, the resolver, the IR
 * builder and the JSON writer share.  Other modules use internal.h.
 */
#ifndef SECBPF_PROFILE_H
#define SECBPF_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"

/*
 * Limits on what a profile may hold.  Real profiles are far below each
 * (the largest known default is ~20 KiB, 40 rules, 370 names in one rule,
 * five levels deep); the limits only stop hostile input from costing
 * unbounded memory or time.
 */
#define SB_PROF_MAX_SIZE (16U << 20)  /* bytes of JSON */
#define SB_PROF_MAX_DEPTH 16	      /* nesting of arrays and objects */
#define SB_PROF_MAX_RULES 16384	      /* syscalls[] entries */
#define SB_PROF_MAX_NAMES 4096	      /* names in one rule */
#define SB_PROF_MAX_TOTAL_NAMES 16384 /* names in all rules */
#define SB_PROF_MAX_LIST 256	      /* caps, arches, flags, archMap */
#define SB_PROF_MAX_NAME_LEN 255      /* a syscall, cap or arch name */
#define SB_PROF_MAX_TEXT (64U << 10)  /* comment, listener fields */
#define SB_MAX_ERRNO 4095	      /* the kernel caps ERRNO data here */

/* ---- names (names.c) ---- */

/* "SCMP_ACT_ALLOW" -> SB_ACT_ALLOW; 0 if unknown. */
enum sb_act sb_act_from_name(const char *name);
/* SB_ACT_ALLOW -> "SCMP_ACT_ALLOW". */
const char *sb_act_name(enum sb_act act);
/* Whether the action carries a number (errno, trace data). */
bool sb_act_has_data(enum sb_act act);
/* "SCMP_CMP_EQ" -> SB_OP_EQ; 0 if unknown. */
int sb_op_from_name(const char *name);
const char *sb_op_name(int op);
/* "EPERM" -> 1; -1 if unknown.  Numbers are the build host's, as the Go
 * runtimes use their host's. */
int sb_errno_from_name(const char *name);
/* 1 -> "EPERM"; NULL if the number has no name. */
const char *sb_errno_name(int num);
/* "SECCOMP_FILTER_FLAG_LOG" -> its bit; 0 if unknown. */
unsigned sb_flag_from_name(const char *name);

/* ---- capabilities (caps.c) ---- */

/* The kernel's capabilities, CAP_CHOWN (0) to CAP_CHECKPOINT_RESTORE (40). */
#define SB_CAP_COUNT 41
/* 21 -> "CAP_SYS_ADMIN"; NULL out of range. */
const char *sb_cap_name(int nr);
/* The number of a name spelt exactly as the kernel's ("CAP_SYS_ADMIN"),
 * as a profile's includes/excludes must be; -1 if none. */
int sb_cap_number(const char *name);
/* The number of a caller's capability: case-insensitive, "CAP_" optional
 * ("sys_admin"); -1 if none. */
int sb_cap_parse(const char *name);
/* The capability closest to a misspelt "name", or NULL if none is close. */
const char *sb_cap_suggest(const char *name);

/* ---- raw JSON text (locate.c) ---- */

/*
 * Check "buf" as Go's encoding/json would before decoding: one value,
 * RFC 8259 grammar (no comments, NaN, leading zeros, trailing commas),
 * no raw control characters in strings, nesting at most "max_depth".
 * On failure *bad is the byte offset of the problem and *why the reason.
 * "spans" lists the integer tokens json-c would silently change ("-0",
 * magnitudes beyond 64 bits), so that the caller can hand json-c a copy in
 * which they read as fractions, which every integer field refuses.
 * "bad_utf8" counts the bytes of strings that are not UTF-8: Go reads each
 * as U+FFFD, json-c keeps it, so the copy replaces them (sb_utf8_fix).
 *
 * The keys of the objects a profile is read from (the profile, its rules,
 * arguments, includes/excludes and archMap entries, and config.json's
 * root and "linux") are checked too, since json-c cannot tell what Go
 * does with them: a key holding a NUL byte (json-c cuts it there and would
 * take it for the field before the NUL) and two keys naming one field
 * (Go matches keys to fields case-insensitively and the last one wins;
 * json-c keeps the first position of exact duplicates and case variants
 * apart) are refused.  Then "key_error" is set and "pointer" and "message"
 * say where and what.  Free with sb_json_scan_free().
 */
#define SB_JSON_PTR_MAX 256
struct sb_json_span {
	size_t start, len;
};
struct sb_json_scan {
	struct sb_json_span *spans;
	size_t nspans, cap;
	size_t bad_utf8;
	bool oom;
	bool key_error;
	char pointer[SB_JSON_PTR_MAX];
	char message[256];
};
void sb_json_scan_free(struct sb_json_scan *scan);
int sb_json_check(const char *buf, size_t len, unsigned max_depth,
		  struct sb_json_scan *scan, size_t *bad, const char **why);
/*
 * Whether the object key key[0..len) names the field "field" (ASCII) as
 * Go's encoding/json matches them: equal after folding case, where Go's
 * Unicode folding also makes U+017F (long s) an 's' and U+212A (Kelvin
 * sign) a 'k'; no other character folds onto an ASCII letter.
 */
bool sb_json_key_is(const char *key, size_t len, const char *field);
/* A quick first test: can a key whose first byte is "c" name a field
 * whose name starts with the letter "f"?  Most keys stop here. */
static inline bool sb_json_key_may_be(char c, char f)
{
	return (unsigned char)c >= 0x80 ||
	       ((unsigned char)c | 0x20) == ((unsigned char)f | 0x20);
}
/* Length of the valid UTF-8 sequence at s[0..n) (1 for ASCII), or 0 where
 * Go's decoder reads U+FFFD and moves on by one byte. */
size_t sb_utf8_seq(const char *s, size_t n);
/* Copy src[0..n) to dst with each byte that is not UTF-8 replaced by
 * U+FFFD, as Go decodes strings; dst holds 3 * n bytes at most.  Returns
 * the bytes written. */
size_t sb_utf8_fix(char *dst, const char *src, size_t n);
/* Byte offset of the value at JSON pointer "ptr"; -ENOENT if absent. */
int sb_json_locate(const char *buf, size_t len, const char *ptr, size_t *off);
/* Byte offsets of the first "n" elements of the array at JSON pointer
 * "ptr" (SIZE_MAX past its end), in one pass over the text; -ENOENT if
 * no array is there. */
int sb_json_locate_elements(const char *buf, size_t len, const char *ptr,
			    size_t *off, size_t n);
/* 1-based line and column (in bytes) of offset "off". */
void sb_json_linecol(const char *buf, size_t len, size_t off, unsigned *line,
		     unsigned *col);
/* Length of the number token at "off" (0 if none). */
size_t sb_json_token_len(const char *buf, size_t len, size_t off);

/* ---- profile memory (pool.c) ---- */

/*
 * A profile's strings and arrays come from a pool, freed at once when the
 * last profile holding it goes; a resolved profile holds its source's
 * pool (it shares its strings) beside its own.  "hint": the first block's
 * size.  Allocations are 8-byte aligned (strings: not aligned); NULL when
 * out of memory.
 */
struct sb_pool;
struct sb_pool *sb_pool_new(size_t hint);
struct sb_pool *sb_pool_ref(struct sb_pool *pool);
void sb_pool_unref(struct sb_pool *pool);
void *sb_pool_alloc(struct sb_pool *pool, size_t n);
/* n zeroed elements of "size" bytes */
void *sb_pool_zalloc(struct sb_pool *pool, size_t n, size_t size);
/* s[0..len) and a NUL */
char *sb_pool_strndup(struct sb_pool *pool, const char *s, size_t len);

/* ---- the IR of a profile (policy.c) ---- */

/*
 * secbpf_policy_new with the overlap analysis' work taken from *budget
 * (SB_IR_OVERLAP_BUDGET units for one policy), so that a caller building
 * several (secbpf_profile_check) bounds them together.
 */
int sb_policy_build(const struct secbpf_profile *profile,
		    const struct secbpf_policy_opts *opts, uint64_t *budget,
		    struct secbpf_policy **out, struct secbpf_error *err);

/* The lowest argument index that more than one of the rule's conditions
 * (the first SB_MAX_CONDS) tests, or -1: a rule the IR splits into one
 * rule per condition (sb_rule_repeated_arg of the IR rule it becomes),
 * unless and_repeated_args keeps it ANDed. */
int sb_prof_rule_repeated_arg(const struct sb_prof_rule *r);

/* ---- resolution, rule by rule (resolve.c) ---- */

/* Why a rule is or is not part of the resolved profile: the resolver's
 * tests, in its order (excludes before includes); the first that fails. */
enum sb_resolve_why {
	SB_RESOLVE_APPLIES = 0,
	SB_RESOLVE_NO_NAMES,	    /* names nothing */
	SB_RESOLVE_EXCLUDED_ARCH,   /* excludes.arches lists the primary */
	SB_RESOLVE_EXCLUDED_CAP,    /* excludes.caps[item] is present */
	SB_RESOLVE_EXCLUDED_KERNEL, /* the kernel reaches excludes.minKernel */
	SB_RESOLVE_NOT_INCLUDED_ARCH, /* includes.arches lacks the primary */
	SB_RESOLVE_MISSING_CAP,	      /* includes.caps[item] is absent */
	SB_RESOLVE_MIN_KERNEL, /* the kernel is below includes.minKernel */
};

struct sb_resolve_reason {
	enum sb_resolve_why why;
	size_t item; /* the capability's index in its list */
};

/* The environment resolution used: what secbpf_profile_resolve with the
 * same options evaluates the rules against. */
struct sb_resolve_env {
	const struct secbpf_arch *arches[SB_MAX_ARCHES]; /* [0]: primary */
	size_t narches;
	uint64_t caps;			     /* bit N: capability N */
	unsigned kernel_major, kernel_minor; /* ~0U.~0U: unknown (newest) */
};

/*
 * For each rule of "p", what secbpf_profile_resolve(p, o) decides of it
 * and why; reasons holds p->nrules entries.  The rules that apply, in
 * order, are the resolved profile's rules.
 */
int sb_profile_resolve_reasons(const struct secbpf_profile *p,
			       const struct secbpf_resolve_opts *o,
			       struct sb_resolve_reason *reasons,
			       struct sb_resolve_env *env,
			       struct secbpf_error *err);

/* The running kernel's major.minor; 0 if unknown. */
int sb_kernel_version(unsigned *major, unsigned *minor);

#endif /* SECBPF_PROFILE_H */
