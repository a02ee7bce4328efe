/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private declarations shared by the library's layers (src/arch, src/ir,
 * src/profile, src/bpf; docs/architecture.md).  Nothing here is exported:
 * the build hides every symbol not named in src/libsecbpf.map.  Tests link
 * the layers' archives and may include this header to look inside the IR.
 */
#ifndef SECBPF_INTERNAL_H
#define SECBPF_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "secbpf.h"

#define SB_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- errors (src/error.c) ---- */

/*
 * Fill "err" (if non-NULL) and return "code" (a negative errno), so that
 * callers can write: return sb_err(err, -EINVAL, "bad thing \"%s\"", x);
 */
int sb_err(struct secbpf_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Same, with a location; any of file/pointer may be NULL, line/col 0. */
int sb_err_at(struct secbpf_error *err, int code, const char *file,
	      unsigned line, unsigned col, const char *pointer, const char *fmt,
	      ...) __attribute__((format(printf, 7, 8)));
int sb_err_insn(struct secbpf_error *err, int code, int insn, const char *fmt,
		...) __attribute__((format(printf, 4, 5)));

/* SECCOMP_FILTER_FLAG_* bits, fixed by the kernel ABI (<linux/seccomp.h>
 * may predate the newer ones). */
#define SB_FLAG_TSYNC (1U << 0)
#define SB_FLAG_LOG (1U << 1)
#define SB_FLAG_SPEC_ALLOW (1U << 2)
#define SB_FLAG_NEW_LISTENER (1U << 3)
#define SB_FLAG_TSYNC_ESRCH (1U << 4)
#define SB_FLAG_WAIT_KILLABLE_RECV (1U << 5)

/* ---- options structs (src/error.c) ---- */

/*
 * The one check of a caller's options struct (see "Options structs" in
 * secbpf.h): "out" (this library's struct, "size" bytes) is zeroed, takes
 * the caller's bytes up to its sz, and gets sz = size (a valid struct to
 * pass on); NULL "user" leaves every default.  sz must hold at least sz
 * itself; past "size" every byte up to sz must be zero, or a newer
 * caller's option would be ignored.  0 or -EINVAL naming "type".
 *
 * Checking from sizeof, not from the end of the last member, is right
 * because a member added later never lies in the tail padding of the
 * struct before it (tests/api/test_opts.c pins every layout): so padding
 * is never read, and a caller's uninitialised padding is harmless.
 */
int sb_opts_copy(const void *user, void *out, size_t size, const char *type,
		 struct secbpf_error *err);

#define SB_OPTS_COPY(user, out, type, err)                                     \
	((void)sizeof(struct {                                                 \
		 _Static_assert(sizeof(*(out)) == sizeof(struct type),         \
				"options copied into a " #type);               \
		 char c;                                                       \
	 }),                                                                   \
	 sb_opts_copy((user), (out), sizeof(struct type), #type, (err)))

/* ---- architectures (src/arch) ---- */

struct sb_syscall {
	const char *name;
	uint32_t nr; /* as a filter sees it */
};

struct sb_mux {
	const char *name; /* e.g. "socket" */
	uint32_t mux_nr;  /* socketcall / ipc number on this arch */
	uint32_t subcall; /* value of the multiplexer's first argument */
};

struct secbpf_arch {
	const char *name;	    /* canonical: "x86_64" */
	const char *scmp_name;	    /* "SCMP_ARCH_X86_64" */
	const char *go_name;	    /* "amd64", or NULL */
	const char *const *aliases; /* other names, NULL-terminated */
	uint32_t audit;		    /* AUDIT_ARCH_* */
	uint8_t bits;		    /* argument width compared: 32 or 64 */
	bool big_endian;
	uint32_t nr_base;	      /* 0x40000000 (x32), 4000/5000/6000 */
	const char *const *subarches; /* canonical names, NULL-terminated */
	/* generated tables (src/arch/gen): sorted by name, and by number */
	const struct sb_syscall *by_name;
	const struct sb_syscall *by_nr;
	size_t nsyscalls; /* entries in by_nr */
	size_t nnames;	  /* entries in by_name (with aliases) */
	/* by_name by the hash of the name (generated with it) */
	const uint16_t *name_slots; /* by_name index + 1; 0 = empty */
	size_t name_mask;	    /* slots - 1, a power of two */
	const struct sb_mux *mux;   /* sorted by name; may be NULL */
	size_t nmux;
	/* the kernel's action cache can hold its calls (see arch.c) */
	bool action_cache;
};

/* ---- profiles (src/profile) ---- */

enum sb_act {
	SB_ACT_KILL = 1, /* SCMP_ACT_KILL: same value as KILL_THREAD */
	SB_ACT_KILL_THREAD,
	SB_ACT_KILL_PROCESS,
	SB_ACT_TRAP,
	SB_ACT_ERRNO,
	SB_ACT_TRACE,
	SB_ACT_LOG,
	SB_ACT_ALLOW,
	SB_ACT_NOTIFY,
};

/* SECCOMP_RET_* value of an action; "data" is the errno / trace value. */
uint32_t sb_act_ret(enum sb_act act, uint32_t data);

struct sb_prof_arg {
	uint8_t index;
	uint8_t op; /* enum sb_op */
	uint64_t value;
	uint64_t value2;
};

/* includes / excludes */
struct sb_prof_filter {
	char **caps;
	size_t ncaps;
	char **arches;
	size_t narches;
	unsigned min_major, min_minor; /* 0.0 = none */
};

struct sb_prof_rule {
	char **names;
	size_t nnames;
	enum sb_act act;
	uint32_t data; /* errno (ERRNO, TRACE); EPERM if not given */
	bool data_set;
	struct sb_prof_arg *args;
	size_t nargs;
	char *comment;
	struct sb_prof_filter includes, excludes;
	char *pointer; /* JSON pointer of the rule, "/syscalls/3" */
};

struct sb_prof_archmap {
	char *arch; /* "SCMP_ARCH_X86_64" as written */
	char **subarches;
	size_t nsub;
};

struct secbpf_profile {
	enum sb_act default_act;
	uint32_t default_data;
	bool default_data_set;
	char **arches; /* "architectures" (or the resolved list) */
	size_t narches;
	struct sb_prof_archmap *archmap;
	size_t narchmap;
	struct sb_prof_rule *rules;
	size_t nrules;
	char **flags; /* "SECCOMP_FILTER_FLAG_*" */
	size_t nflags;
	bool flags_set; /* the field was present (even empty) */
	char *listener_path;
	char *listener_metadata;
	bool resolved; /* OCI form: includes/excludes evaluated */
	char *source;  /* file name for messages */
	/* where all of the above lives (src/profile/pool.c): this profile's
	 * pool, and for a resolved one the pool it shares with its source */
	struct sb_pool *pool, *shared;
};

/* The table entry for "name" on "arch" (its name string is static), or
 * NULL: secbpf_syscall_lookup without a second search for the name. */
const struct sb_syscall *sb_syscall_find(const struct secbpf_arch *arch,
					 const char *name);
/* The same with the name's hash (sb_syscall_hash), for a name looked up
 * on several arches: the hash is computed once. */
uint32_t sb_syscall_hash(const char *name);
const struct sb_syscall *sb_syscall_find_hashed(const struct secbpf_arch *arch,
						const char *name,
						uint32_t hash);
/* secbpf_syscall_multiplex with the name's hash. */
int sb_syscall_multiplex_hashed(const struct secbpf_arch *arch,
				const char *name, uint32_t hash,
				uint32_t *mux_nr, uint32_t *subcall);

/*
 * ---- the IR (src/ir owns it: src/ir/ir.h declares what it does with it;
 * src/profile and the builder make it, src/bpf compiles it) ----
 */

enum sb_op {
	SB_OP_NE = 1, /* same numbering as libseccomp's enum scmp_compare */
	SB_OP_LT,
	SB_OP_LE,
	SB_OP_EQ,
	SB_OP_GE,
	SB_OP_GT,
	SB_OP_MASKED_EQ,
};

/*
 * Modifiers in the high bits of sb_cond.op, for rules that follow
 * libseccomp's argument trees node by node (the native builder's word
 * conditions): compare one 32-bit word of the argument (value and value2
 * are 32-bit), and/or negate the comparison.
 */
#define SB_OP_MASK 0x0f	   /* the operator itself */
#define SB_OP_WORD_LO 0x10 /* the low word only */
#define SB_OP_WORD_HI 0x20 /* the high word only */
#define SB_OP_NOT 0x40	   /* true where the comparison is false */

/* Limits on what the input controls. */
#define SB_MAX_CONDS 16 /* conditions in one rule */

struct sb_cond {
	uint8_t arg;	 /* 0..5 */
	uint8_t op;	 /* enum sb_op */
	uint64_t value;	 /* MASKED_EQ: the mask */
	uint64_t value2; /* MASKED_EQ: the datum */
};

struct sb_rule {
	uint32_t action; /* SECCOMP_RET_* value */
	uint32_t origin; /* index of its rule in the resolved profile */
	unsigned ncond;
	struct sb_cond cond[SB_MAX_CONDS]; /* ANDed */
};

/* Whether argument value x satisfies condition c as given (64-bit
 * semantics; word conditions compare the word they name).  What a
 * condition means on an ABI of either width is src/ir/cond.c's
 * (sb_cond_abi, sb_rule_matches in ir/ir.h). */
bool sb_cond_holds(const struct sb_cond *c, uint64_t x);

/* All rules for one syscall number on one arch, in profile order (ORed). */
struct sb_ir_syscall {
	uint32_t nr;
	const char *name; /* table name (static) */
	/* rules decide in their order (first match), not libseccomp's; so
	 * do rules with word or negated conditions */
	bool ordered;
	size_t nrules;
	struct sb_rule *rules;
};

struct sb_ir_arch {
	const struct secbpf_arch *arch;
	size_t nsys;
	struct sb_ir_syscall *sys; /* sorted by nr, unique */
	uint32_t max_named_nr;	   /* highest nr of any profile name (ENOSYS) */
	/* the IR layer's policies: every sys[].rules lies in this one block
	 * (NULL: each sys[].rules is an allocation of its own) */
	struct sb_rule *rule_block;
};

/* every known arch fits (libseccomp lets a filter hold all of one byte
 * order) */
#define SB_MAX_ARCHES 24

/* Kinds of warnings (enum sb_warn_kind, src/ir/ir.h). */
#define SB_WARN_NKINDS 9

struct sb_warning;
struct sb_overlap;

struct secbpf_policy {
	uint32_t default_action;
	uint32_t badarch_action;
	unsigned flags;
	bool flags_set;
	char *listener_path;
	char *listener_metadata;
	size_t narch;
	struct sb_ir_arch arch[SB_MAX_ARCHES]; /* [0] is the primary arch */
	/* the one writer of warnings (src/ir/warn.c): those kept, in the
	 * order written, and how many of each kind were written in all */
	struct sb_warning *warn;
	size_t nwarn;
	size_t warn_written;
	size_t warn_total[SB_WARN_NKINDS];
	/* what the overlap analysis found (src/ir/overlap.c) */
	struct sb_overlap *overlap;
	size_t noverlap;	    /* listed */
	size_t overlaps_found;	    /* listed or not */
	uint64_t overlap_unchecked; /* pairs of rules the budget left out */
};

#endif /* SECBPF_INTERNAL_H */
