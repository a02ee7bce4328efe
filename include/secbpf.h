/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * secbpf: compile container seccomp profiles to classic BPF and install them.
 *
 * This is the one public header.  Conventions:
 *  - every object is an opaque handle created by a secbpf_*_new / _load
 *    function and released by the matching _free function (NULL is fine);
 *  - functions that can fail return 0 or a negative errno and, when the
 *    caller passes a non-NULL struct secbpf_error, fill it in;
 *  - options structs start with a size_t "sz" member and are declared
 *    with SECBPF_OPTS; every function checks them the same way (see
 *    "Options structs" below);
 *  - strings returned through "char **" are malloc()ed and owned by the
 *    caller; "const char *" results belong to the library and live as long
 *    as the object they came from (static tables live forever);
 *  - the library never prints, logs or exits;
 *  - threads: any function may run in any thread, at the same time as any
 *    other, on different objects; one object may be shared by threads
 *    that only pass it as const (many threads compiling one policy, or
 *    running one program, get what one thread gets).  The library has no
 *    mutable global state but the index of each arch's socketcall/ipc
 *    sub-calls, built once, lock free (name lookups use generated
 *    tables).  A function that takes an object non-const (a builder, *_free)
 *    needs the caller to keep the other threads off it;
 *  - fork: the library holds no lock, thread or file descriptor between
 *    calls, so a child can use every object it inherited.  secbpf_install
 *    allocates nothing and, with a NULL error object, calls nothing but
 *    prctl(2) and seccomp(2): a child of a multithreaded process may call
 *    it between fork() and exec().
 */
#ifndef SECBPF_H
#define SECBPF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h> /* memset, for SECBPF_OPTS */

#ifdef __cplusplus
extern "C" {
#endif

#define SECBPF_VERSION_MAJOR 0
#define SECBPF_VERSION_MINOR 1
#define SECBPF_VERSION_PATCH 0
#define SECBPF_VERSION_STRING "0.1.0"

#ifndef SECBPF_API
#define SECBPF_API __attribute__((visibility("default")))
#endif

/* The version of the library actually loaded, e.g. "0.1.0". */
SECBPF_API const char *secbpf_version(void);

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/*
 * Filled in by a failing call when the caller passes one.  "message" is the
 * complete human-readable text, location included, e.g.
 *   profile.json:12:17: /syscalls/3/args/0/op: unknown operator 'SCMP_CMP_FOO'
 * The other members give the same location in parts; unknown parts are
 * empty strings, 0 (line, column) or -1 (insn).
 */
struct secbpf_error {
	int code;	    /* negative errno, same as the return value */
	char message[1024]; /* full text, lowercase, no trailing newline */
	char file[256];	    /* input file name, if any */
	unsigned line;	    /* 1-based line in the input, 0 if unknown */
	unsigned column;    /* 1-based column, 0 if unknown */
	char pointer[256];  /* JSON pointer (RFC 6901) of the bad value */
	int insn;	    /* offending BPF instruction index, or -1 */
};

/* Reset an error object to "no error". */
SECBPF_API void secbpf_error_clear(struct secbpf_error *err);

/* ------------------------------------------------------------------ */
/* Options structs                                                     */
/* ------------------------------------------------------------------ */

/*
 * Every struct secbpf_*_opts starts with "size_t sz", the size of the
 * struct as the caller's secbpf.h has it, and is passed by pointer (NULL:
 * every default).  Declare one with SECBPF_OPTS, which zeroes all of it,
 * padding included, and sets sz and the members named:
 *
 *	SECBPF_OPTS(secbpf_compile_opts, co, .enosys_newer = true);
 *	rc = secbpf_compile(policy, &co, &prog, &err);
 *
 * Every function that takes options checks them the same way (libbpf's
 * rule), and fails with -EINVAL and a message naming the struct:
 *  - sz smaller than sz itself (the struct was not declared with
 *    SECBPF_OPTS) or larger than 4096 (garbage): refused;
 *  - sz smaller than this library's struct (a caller built against an
 *    older secbpf.h): the members past sz take their defaults;
 *  - sz larger (a newer secbpf.h): every byte past this library's struct
 *    must be zero, else refused, since ignoring an option the caller set
 *    could build a filter other than the one asked for.
 * Members are only ever appended, each past the end (sizeof) of the struct
 * before it, never in its tail padding: older callers' padding is never
 * read.
 */
#define SECBPF_OPTS(TYPE, ...) SECBPF_OPTS_DECL_(TYPE, __VA_ARGS__, )
/* (NAME comes in the variadic part so that ISO C99 to C17 accept a
 * declaration that sets no member) */
#define SECBPF_OPTS_DECL_(TYPE, NAME, ...)                                     \
	struct TYPE NAME =                                                     \
		(memset(&NAME, 0, sizeof(struct TYPE)),                        \
		 (struct TYPE){.sz = sizeof(struct TYPE), __VA_ARGS__})

/* ------------------------------------------------------------------ */
/* Architectures and syscall tables                                    */
/* ------------------------------------------------------------------ */

/* An architecture descriptor; static, never freed. */
struct secbpf_arch;

/* The architecture this library was built for, or NULL if unsupported. */
SECBPF_API const struct secbpf_arch *secbpf_arch_native(void);
/*
 * Find an architecture by any name it answers to: canonical ("x86_64"),
 * libseccomp ("SCMP_ARCH_X86_64"), Go GOARCH ("amd64") or other common
 * aliases ("i386", "arm64", ...).  Case-sensitive.  NULL if unknown.
 */
SECBPF_API const struct secbpf_arch *secbpf_arch_lookup(const char *name);
/* The architecture with this AUDIT_ARCH value (x86_64 for 0xc000003e). */
SECBPF_API const struct secbpf_arch *secbpf_arch_by_audit(uint32_t audit);
/* All known architectures, by index 0..count-1. */
SECBPF_API size_t secbpf_arch_count(void);
SECBPF_API const struct secbpf_arch *secbpf_arch_at(size_t index);

SECBPF_API const char *secbpf_arch_name(const struct secbpf_arch *arch);
SECBPF_API const char *secbpf_arch_scmp_name(const struct secbpf_arch *arch);
/* The Go GOARCH name, or NULL when Go has none. */
SECBPF_API const char *secbpf_arch_go_name(const struct secbpf_arch *arch);
SECBPF_API uint32_t secbpf_arch_audit(const struct secbpf_arch *arch);
/* Width of a syscall argument as the ABI's filters compare it: 32 or 64. */
SECBPF_API unsigned secbpf_arch_bits(const struct secbpf_arch *arch);
SECBPF_API bool secbpf_arch_big_endian(const struct secbpf_arch *arch);
/*
 * The sub-architectures a runtime adds next to this one (x86_64: x86, x32).
 * Returns how many there are; stores up to "max" of them in "out".
 */
SECBPF_API size_t secbpf_arch_subarches(const struct secbpf_arch *arch,
					const struct secbpf_arch **out,
					size_t max);

/*
 * Whether the kernel's action cache (kernel/seccomp.c, Linux 5.11+) can
 * hold syscall "nr" of "arch": some kernel runs the arch as its native or
 * compat ABI (SECCOMP_ARCH_NATIVE / SECCOMP_ARCH_COMPAT) and "nr" lies in
 * that ABI's bitmap (0 to NR_syscalls - 1, the table's highest regular
 * number standing for NR_syscalls).  Never for x32 (its numbers carry bit
 * 30, past x86_64's bitmap) nor for MIPS (no cache there as of 6.12).
 * Whether a filter lets the cache hold it is secbpf_prog_cacheable's.
 */
SECBPF_API bool secbpf_arch_cacheable(const struct secbpf_arch *arch,
				      uint32_t nr);

/*
 * Syscall number of "name" on "arch", as a filter sees it (x32 numbers
 * carry bit 30, MIPS numbers their ABI base).  0, -EINVAL on bad
 * arguments, -ENOENT if the arch has no such syscall.
 */
SECBPF_API int secbpf_syscall_lookup(const struct secbpf_arch *arch,
				     const char *name, uint32_t *nr);
/* Name of syscall "nr" on "arch", or NULL. */
SECBPF_API const char *secbpf_syscall_name(const struct secbpf_arch *arch,
					   uint32_t nr);
/* Syscalls of an arch by index (in number order). */
SECBPF_API size_t secbpf_syscall_count(const struct secbpf_arch *arch);
SECBPF_API int secbpf_syscall_at(const struct secbpf_arch *arch, size_t index,
				 const char **name, uint32_t *nr);
/*
 * The Linux version whose syscalls the built-in tables list, as
 * "MAJOR.MINOR" (e.g. "6.17"); syscalls newer than it are unknown names.
 */
SECBPF_API const char *secbpf_syscall_tables_kernel(void);
/*
 * If "name" is reachable through a multiplexer on "arch" (socketcall or
 * ipc), the multiplexer's number and the sub-call number passed in its
 * first argument.  0, or -ENOENT when not multiplexed there.
 */
SECBPF_API int secbpf_syscall_multiplex(const struct secbpf_arch *arch,
					const char *name, uint32_t *mux_nr,
					uint32_t *subcall);

/* libseccomp-style name for a Go GOARCH ("amd64" -> "SCMP_ARCH_X86_64"). */
SECBPF_API const char *secbpf_goarch_to_scmp(const char *goarch);

/* ------------------------------------------------------------------ */
/* Actions                                                             */
/* ------------------------------------------------------------------ */

/* The kernel's SECCOMP_RET_* values. */
#define SECBPF_RET_KILL_PROCESS 0x80000000U
#define SECBPF_RET_KILL_THREAD 0x00000000U
#define SECBPF_RET_TRAP 0x00030000U
#define SECBPF_RET_ERRNO(e) (0x00050000U | ((e)&0xffffU))
#define SECBPF_RET_USER_NOTIF 0x7fc00000U
#define SECBPF_RET_TRACE(d) (0x7ff00000U | ((d)&0xffffU))
#define SECBPF_RET_LOG 0x7ffc0000U
#define SECBPF_RET_ALLOW 0x7fff0000U
#define SECBPF_RET_ACTION_FULL 0xffff0000U
#define SECBPF_RET_DATA 0x0000ffffU

/*
 * Write the symbolic name of a return value ("ALLOW", "ERRNO(1)",
 * "TRACE(5)", "KILL_PROCESS", "USER_NOTIF", ...) into buf; returns buf.
 */
SECBPF_API const char *secbpf_action_str(uint32_t action, char *buf,
					 size_t len);

/* ------------------------------------------------------------------ */
/* Classic BPF programs                                                */
/* ------------------------------------------------------------------ */

/* One instruction; same layout as the kernel's struct sock_filter. */
struct secbpf_insn {
	uint16_t code;
	uint8_t jt;
	uint8_t jf;
	uint32_t k;
};

#define SECBPF_MAX_INSNS 4096

/* A seccomp program: instructions (host order) plus the target byte order. */
struct secbpf_prog;

enum secbpf_format {
	SECBPF_FORMAT_RAW = 0, /* struct sock_filter array, target order */
	SECBPF_FORMAT_BASE64,  /* raw, base64 encoded (crun annotation) */
	SECBPF_FORMAT_HEX,     /* raw, as hex digits (whitespace ignored) */
	SECBPF_FORMAT_C,       /* C array of struct sock_filter (write only) */
	SECBPF_FORMAT_JSON,    /* [{"code":..,"jt":..,"jf":..,"k":..}] */
};

/* Copy "n" host-order instructions into a new program. */
SECBPF_API int secbpf_prog_new(const struct secbpf_insn *insns, size_t n,
			       bool big_endian, struct secbpf_prog **out,
			       struct secbpf_error *err);
/* Parse a program written in "fmt" for a target of the given byte order. */
SECBPF_API int secbpf_prog_read(const void *buf, size_t len,
				enum secbpf_format fmt, bool big_endian,
				struct secbpf_prog **out,
				struct secbpf_error *err);
/* Serialise; *out is malloc()ed (NUL-terminated for text formats). */
SECBPF_API int secbpf_prog_write(const struct secbpf_prog *prog,
				 enum secbpf_format fmt, char **out,
				 size_t *len, struct secbpf_error *err);
SECBPF_API void secbpf_prog_free(struct secbpf_prog *prog);
SECBPF_API size_t secbpf_prog_len(const struct secbpf_prog *prog);
SECBPF_API const struct secbpf_insn *
secbpf_prog_insns(const struct secbpf_prog *prog);
SECBPF_API bool secbpf_prog_big_endian(const struct secbpf_prog *prog);

/*
 * The kernel's checks on a seccomp filter (seccomp_check_filter and
 * bpf_check_classic).  On failure err->insn names the instruction.
 */
SECBPF_API int secbpf_prog_verify(const struct secbpf_prog *prog,
				  struct secbpf_error *err);

/* What the kernel hands a filter; logical values, laid out by the runner. */
struct secbpf_data {
	uint32_t nr;
	uint32_t arch;
	uint64_t instruction_pointer;
	uint64_t args[6];
};

struct secbpf_run_result {
	uint32_t action; /* the RET value */
	uint32_t count;	 /* instructions executed */
	/* optional: caller-provided buffer for the path (instruction indices) */
	uint32_t *path;
	size_t path_cap;
	size_t path_len;
};

/* Run a (verified) program on one syscall. */
SECBPF_API int secbpf_prog_run(const struct secbpf_prog *prog,
			       const struct secbpf_data *data,
			       struct secbpf_run_result *res,
			       struct secbpf_error *err);

/*
 * The kernel's action cache (kernel/seccomp.c): true if the kernel would
 * allow syscall "nr" of arch "audit" without running the filter, i.e. the
 * arch and number are ones the cache covers (secbpf_arch_cacheable of
 * secbpf_arch_by_audit(audit): never an x32 number, nor a MIPS one) and
 * the filter allows the call whatever its arguments and instruction
 * pointer (seccomp_is_const_allow).  For a stack of filters, the kernel
 * caches a call only when every filter does.
 */
SECBPF_API bool secbpf_prog_cacheable(const struct secbpf_prog *prog,
				      uint32_t audit, uint32_t nr);

struct secbpf_disasm_opts {
	size_t sz;
	/* arch used to name syscalls when a path checks none; may be NULL */
	const struct secbpf_arch *arch;
	bool no_symbols; /* plain numbers only */
};

/* Disassemble to a malloc()ed text, one instruction per line. */
SECBPF_API int secbpf_prog_disasm(const struct secbpf_prog *prog,
				  const struct secbpf_disasm_opts *opts,
				  char **out, struct secbpf_error *err);

/* ------------------------------------------------------------------ */
/* Analysis: what filters do, as the kernel runs them                  */
/* ------------------------------------------------------------------ */

/*
 * The arches a program accepts: each one whose AUDIT_ARCH the program
 * compares the arch word with, taking the branch, when run for that arch
 * (a constant that merely equals some AUDIT_ARCH does not count).  x32
 * comes with x86_64: they share AUDIT_ARCH_X86_64, x32 numbers carrying
 * bit 30.  Returns how many there are (0: the program checks no arch);
 * stores up to "max" of them in "out", in secbpf_arch_at order.
 */
SECBPF_API size_t secbpf_prog_arches(const struct secbpf_prog *prog,
				     const struct secbpf_arch **out,
				     size_t max);

/*
 * The kernel's bound on a task's filters: their instructions plus 4 per
 * filter (MAX_INSNS_PER_PATH in kernel/seccomp.c).
 */
#define SECBPF_MAX_STACK_INSNS 32768

struct secbpf_stack_result {
	uint32_t action;   /* the action the kernel takes */
	uint32_t count;	   /* instructions all the filters ran */
	size_t decided_by; /* the filter it came from; n if all allowed */
};

/*
 * Run a stack of filters on one syscall as the kernel runs a task's
 * (seccomp_run_filters): "progs[0]" is the first installed, as
 * PTRACE_SECCOMP_GET_FILTER numbers them; every filter runs, the most
 * recent first, and the action is the most severe (the lowest as a signed
 * number of its action bits); on a tie the more recent filter's, data
 * (errno) included.  -E2BIG past SECBPF_MAX_STACK_INSNS.
 */
SECBPF_API int secbpf_stack_run(const struct secbpf_prog *const *progs,
				size_t n, const struct secbpf_data *data,
				struct secbpf_stack_result *res,
				struct secbpf_error *err);

/*
 * Exploring a syscall's arguments: the vector of all zeros first, then
 * vectors built from the constants the filters compare each argument
 * word with (the constant, its neighbours, the extremes), and from those
 * the constants their paths meet, until no new vector comes up.  The
 * work is bounded: "budget" counts instructions interpreted plus argument
 * vectors proposed, over the whole call; each syscall gets a fair share
 * of what is left when its turn comes, and at most 4096 vectors.  What
 * the budget leaves out is reported, never guessed.
 */
#define SECBPF_ANALYSIS_BUDGET (1ULL << 26)
#define SECBPF_ANALYSIS_MAX_VECTORS 4096

struct secbpf_analysis_opts {
	size_t sz;
	/* arches to analyse (duplicates are dropped); NULL/0: the ones the
	 * programs check (secbpf_prog_arches), else the native arch */
	const struct secbpf_arch *const *arches;
	size_t narches;
	/* total work; 0 = SECBPF_ANALYSIS_BUDGET */
	uint64_t budget;
	/* secbpf_prog_diff: differences listed at most; 0 = 65536 (all
	 * are counted) */
	size_t max_differences;
};

enum secbpf_explored {
	SECBPF_EXPLORED_ALL = 0, /* every vector the constants suggest */
	SECBPF_EXPLORED_PART,	 /* the budget or the vector cap stopped it */
	SECBPF_EXPLORED_NONE,	 /* not run at all: nothing is known */
};

#define SECBPF_SUMMARY_ACTIONS 8

struct secbpf_syscall_summary {
	const char *name; /* the arch's table's name */
	uint32_t nr;
	enum secbpf_explored explored;
	uint32_t action; /* with every argument zero */
	uint32_t insns;	 /* instructions run then (all the filters) */
	uint32_t worst;	 /* the most over every vector tried */
	/* the distinct actions seen, actions[0] == action; more_actions:
	 * others were seen that did not fit */
	uint32_t actions[SECBPF_SUMMARY_ACTIONS];
	size_t nactions;
	bool more_actions;
	bool cached; /* the kernel's action cache allows it unrun */
};

struct secbpf_arch_summary {
	const struct secbpf_arch *arch;
	struct secbpf_syscall_summary *syscalls; /* the table, by number */
	size_t nsyscalls;
	/* by verdict over the vectors tried: every one ALLOW, one action
	 * that is not ALLOW, more than one action */
	size_t allowed, denied, depends;
	size_t cached;
	size_t partly, not_run; /* SECBPF_EXPLORED_PART / _NONE */
	double mean;		/* insns over the syscalls run */
	uint32_t worst;
};

struct secbpf_summary {
	struct secbpf_arch_summary *arches;
	size_t narches;
	size_t nprogs;
	bool complete;	 /* every syscall SECBPF_EXPLORED_ALL */
	uint64_t work;	 /* spent */
	uint64_t budget; /* allowed */
};

/*
 * Per arch, each syscall of the arch's table under a stack of filters
 * (as secbpf_stack_run; one program is a stack of one): its verdict, the
 * actions its arguments can get, whether the kernel caches it (every
 * filter must allow it constantly), and instructions run.  -E2BIG past
 * SECBPF_MAX_STACK_INSNS; -EINVAL without programs or arches.
 */
SECBPF_API int secbpf_summarize(const struct secbpf_prog *const *progs,
				size_t n,
				const struct secbpf_analysis_opts *opts,
				struct secbpf_summary **out,
				struct secbpf_error *err);
SECBPF_API void secbpf_summary_free(struct secbpf_summary *summary);

struct secbpf_difference {
	const struct secbpf_arch *arch;
	uint32_t nr;
	const char *name; /* NULL: no table names the number */
	uint64_t args[6];
	uint32_t action_a, action_b;
};

/* A syscall the budget kept from being explored in full. */
struct secbpf_unexplored {
	const struct secbpf_arch *arch;
	uint32_t nr;
	const char *name; /* NULL: no table names the number */
	enum secbpf_explored explored;
};

struct secbpf_diff {
	struct secbpf_difference *differences;
	size_t ndifferences; /* listed */
	size_t total;	     /* found, listed or not */
	struct secbpf_unexplored *unexplored;
	size_t nunexplored;
	bool complete; /* nothing unexplored */
	uint64_t work;
	uint64_t budget;
};

/*
 * The syscalls, per arch and argument vector, that two programs decide
 * differently: every number of each arch's table, the 64 above its top,
 * numbers a filter may single out (-1, the sign bit, x32's bit 30 under
 * x86_64), each with its arguments explored on both programs at once.
 */
SECBPF_API int secbpf_prog_diff(const struct secbpf_prog *a,
				const struct secbpf_prog *b,
				const struct secbpf_analysis_opts *opts,
				struct secbpf_diff **out,
				struct secbpf_error *err);
SECBPF_API void secbpf_diff_free(struct secbpf_diff *diff);

/* ------------------------------------------------------------------ */
/* Profiles                                                            */
/* ------------------------------------------------------------------ */

/* A loaded profile (Docker/containers seccomp.json or OCI linux.seccomp). */
struct secbpf_profile;

/* LoadProfile: read a profile file (seccomp.json, linux.seccomp, or an OCI
 * config.json holding linux.seccomp). */
SECBPF_API int secbpf_profile_load(const char *path,
				   struct secbpf_profile **out,
				   struct secbpf_error *err);
/* LoadProfileFromBytes; "name" is used in messages (may be NULL). */
SECBPF_API int secbpf_profile_load_bytes(const char *buf, size_t len,
					 const char *name,
					 struct secbpf_profile **out,
					 struct secbpf_error *err);
/* LoadProfileFromConfig: the linux.seccomp object of an OCI config.json. */
SECBPF_API int secbpf_profile_load_config(const char *buf, size_t len,
					  const char *name,
					  struct secbpf_profile **out,
					  struct secbpf_error *err);
/* DefaultProfile / GetDefaultProfile: the embedded default profile. */
SECBPF_API int secbpf_profile_default(struct secbpf_profile **out,
				      struct secbpf_error *err);
SECBPF_API void secbpf_profile_free(struct secbpf_profile *profile);

/* IsEnabled: whether the running kernel supports seccomp filters. */
SECBPF_API bool secbpf_is_enabled(void);

struct secbpf_resolve_opts {
	size_t sz;
	/* target arches by any name; NULL/0 = native plus archMap subarches */
	const char *const *arches;
	size_t narches;
	/*
	 * The bounding set: capabilities present ("CAP_SYS_ADMIN"; case
	 * does not matter and "CAP_" may be left out, so "sys_admin" is the
	 * same); all_caps = every capability of the kernel's list (CAP_CHOWN
	 * to CAP_CHECKPOINT_RESTORE).  A name that is no capability fails
	 * with -EINVAL, naming the closest one.  A profile's includes.caps /
	 * excludes.caps are compared with these as exact strings, as the
	 * runtimes do: a name there that is no capability ("CAP_NOPE",
	 * "cap_sys_admin") is never present, not even with all_caps
	 * (secbpf_profile_check reports it).
	 */
	const char *const *caps;
	size_t ncaps;
	bool all_caps;
	/* kernel version for minKernel; 0.0 = the running kernel */
	unsigned kernel_major;
	unsigned kernel_minor;
};

/*
 * Evaluate includes/excludes, archMap and errno fields: the result is a new
 * profile in OCI linux.seccomp form (names, actions, args; architectures).
 */
SECBPF_API int secbpf_profile_resolve(const struct secbpf_profile *profile,
				      const struct secbpf_resolve_opts *opts,
				      struct secbpf_profile **out,
				      struct secbpf_error *err);

enum secbpf_json_style {
	SECBPF_JSON_DOCKER = 0, /* seccomp.json with includes/excludes */
	SECBPF_JSON_OCI,	/* runtime-spec linux.seccomp */
};

SECBPF_API int secbpf_profile_to_json(const struct secbpf_profile *profile,
				      enum secbpf_json_style style, char **out,
				      struct secbpf_error *err);

/* ------------------------------------------------------------------ */
/* Policy (the IR) and the compiler                                   */
/* ------------------------------------------------------------------ */

/* Per-arch, per-syscall-number rules built from a resolved profile. */
struct secbpf_policy;

/*
 * How much a policy's warning (struct secbpf_warning) or a finding of
 * secbpf_profile_check (secbpf_finding_severity of its kind) matters; all
 * of one code have one severity.  Ordered: a greater value is worse.
 */
enum secbpf_severity {
	SECBPF_SEVERITY_NOTE = 1, /* information, not a problem by itself */
	SECBPF_SEVERITY_WARNING,  /* a likely mistake */
	SECBPF_SEVERITY_ERROR,	  /* the filter will not do what the profile
				   * means, or a runtime or the kernel
				   * refuses the profile */
};

struct secbpf_policy_opts {
	size_t sz;
	/* action for a foreign arch; 0 with badarch_set false = KILL_THREAD */
	uint32_t badarch_action;
	bool badarch_set;
	/*
	 * A rule whose conditions repeat an argument index ("arg0 == 1",
	 * "arg0 == 2") is, by default, split into one rule per condition
	 * with the rule's action (OR), as runc, crun and containers/common
	 * hand it to libseccomp.  Nonzero keeps all its conditions ANDed in
	 * one rule instead: narrower than what the runtimes enforce (see
	 * docs/compat.md).  An int, not a bool, and it stays one: a bool
	 * would sit in the tail padding of the struct as it was before
	 * (sz, badarch_action, badarch_set), which callers built against
	 * that layout may not have zeroed; a member only ever starts past
	 * the end of the struct before it (see "Options structs").
	 */
	int and_repeated_args;
};

SECBPF_API int secbpf_policy_new(const struct secbpf_profile *resolved,
				 const struct secbpf_policy_opts *opts,
				 struct secbpf_policy **out,
				 struct secbpf_error *err);
SECBPF_API void secbpf_policy_free(struct secbpf_policy *policy);
/*
 * Warnings found while building: names no target arch has, rules that
 * overlap with different actions, what a runtime would refuse...  At most
 * 256 are kept, in the order they were found; past that the least
 * important ones are left out first (by code, in the order listed below)
 * and the last one kept ("left-out") sums up what was left out.
 * secbpf_policy_warning gives a warning's text; secbpf_policy_warning_at
 * the same warning as data.
 */
SECBPF_API size_t secbpf_policy_warning_count(const struct secbpf_policy *p);
SECBPF_API const char *secbpf_policy_warning(const struct secbpf_policy *p,
					     size_t index);

/*
 * One warning as data.  "code" is a stable short name, the same as the
 * code of secbpf_profile_check's finding for the same fact where there is
 * one; by priority:
 *   "notify-refused"     SCMP_ACT_NOTIFY where runc refuses it (error)
 *   "no-listener"        NOTIFY without a listenerPath (error)
 *   "errno-capped"       an errno above 4095, which the kernel caps (error)
 *   "flag-dropped"       a flag the effective flags leave out
 *                        (WAIT_KILLABLE_RECV when nothing notifies)
 *   "overlap"            rules of one syscall with different actions
 *                        match one call (both rules' pointers are in the
 *                        message; "pointer" is the first's)
 *   "overlap-unchecked"  too many rules: some pairs were not compared
 *   "repeated-arg"       a rule tests one argument twice (split: OR)
 *   "unknown-name"       no target arch has the syscall ("pointer" is
 *                        that of the name: /syscalls/3/names/2)
 *   "left-out"           the summary of what the cap left out (note)
 * "pointer" is the JSON pointer (RFC 6901) of the profile value it is
 * about, "" when none (a builder's rules, "rule 3" in the message).
 * The policy owns it; later versions may add members at the end (a
 * caller never allocates one).
 */
struct secbpf_warning {
	const char *code;
	enum secbpf_severity severity;
	const char *pointer;
	const char *message; /* secbpf_policy_warning's text */
};

/* Warning "index" (0 .. secbpf_policy_warning_count - 1), or NULL. */
SECBPF_API const struct secbpf_warning *
secbpf_policy_warning_at(const struct secbpf_policy *p, size_t index);
/*
 * How many warnings with "code" the build found, those the cap left out
 * included (NULL: of every code): a runtime that refuses unknown syscalls
 * asks for "unknown-name" and needs no text.
 */
SECBPF_API size_t secbpf_policy_warning_total(const struct secbpf_policy *p,
					      const char *code);
/* The profile's seccomp flags, as SECCOMP_FILTER_FLAG_* bits. */
SECBPF_API unsigned secbpf_policy_flags(const struct secbpf_policy *p);
/* Whether the profile had a "flags" field at all (absent: SPEC_ALLOW). */
SECBPF_API bool secbpf_policy_flags_set(const struct secbpf_policy *p);
SECBPF_API uint32_t secbpf_policy_default_action(const struct secbpf_policy *p);
SECBPF_API const char *
secbpf_policy_listener_path(const struct secbpf_policy *p);

/*
 * What a runtime needs to install a policy's filter the way runc and crun
 * do (for a policy from either door, JSON or builder):
 *
 * secbpf_policy_listener_metadata: the profile's "listenerMetadata", which
 * runtimes pass to the agent with the listener fd; NULL if none.
 *
 * secbpf_policy_uses_notify: whether the filter can return
 * SECBPF_RET_USER_NOTIF (a NOTIFY rule some target arch keeps, or the
 * default or bad-arch action).  Install it with
 * SECCOMP_FILTER_FLAG_NEW_LISTENER and serve the listener, or every
 * notified call fails with ENOSYS.
 *
 * secbpf_policy_effective_flags: the SECCOMP_FILTER_FLAG_* bits runc and
 * crun (through libseccomp) install the filter with: the profile's flags,
 * or SPEC_ALLOW when it has no "flags" field (an empty list: none); plus
 * NEW_LISTENER when the policy uses NOTIFY, plus TSYNC_ESRCH when TSYNC
 * comes with NEW_LISTENER; WAIT_KILLABLE_RECV is kept only with
 * NEW_LISTENER (libseccomp drops it otherwise; the policy warns).  Never
 * a combination secbpf_install or the kernel refuses.
 *
 * secbpf_policy_arches: the target arches, the primary first; returns how
 * many there are and stores up to "max" of them in "out".
 */
SECBPF_API const char *
secbpf_policy_listener_metadata(const struct secbpf_policy *p);
SECBPF_API bool secbpf_policy_uses_notify(const struct secbpf_policy *p);
SECBPF_API unsigned
secbpf_policy_effective_flags(const struct secbpf_policy *p);
SECBPF_API size_t secbpf_policy_arches(const struct secbpf_policy *p,
				       const struct secbpf_arch **out,
				       size_t max);

/* ------------------------------------------------------------------ */
/* Builder: a policy made in code, without JSON                        */
/* ------------------------------------------------------------------ */

/*
 * Rules added one by one and built into the same struct secbpf_policy the
 * JSON path makes (secbpf_compile and secbpf_install take it unchanged).
 * The builder applies the JSON path's rules: a rule whose action is the
 * default is dropped, a syscall reached through socketcall/ipc also gets
 * the multiplexer rule (argument 0 pinned to the sub-call), names a target
 * arch lacks are skipped there (a warning when no target has them).
 * Conditions of one rule are ANDed, also several on one argument (the
 * runtimes' OR split is a JSON-path concern); rules are ORed.  The builder
 * does not look for overlapping rules.
 */
struct secbpf_builder;

/* Comparison operators (same numbering as libseccomp's SCMP_CMP_*). */
enum secbpf_op {
	SECBPF_OP_NE = 1,
	SECBPF_OP_LT,
	SECBPF_OP_LE,
	SECBPF_OP_EQ,
	SECBPF_OP_GE,
	SECBPF_OP_GT,
	SECBPF_OP_MASKED_EQ, /* (arg & value) == (value2 & value) */
};

/* One condition on a syscall argument; 64-bit values (32-bit ABIs compare
 * the low word, as libseccomp does). */
struct secbpf_cond {
	unsigned arg; /* 0..5 */
	enum secbpf_op op;
	uint64_t value;	 /* MASKED_EQ: the mask */
	uint64_t value2; /* MASKED_EQ: the datum; otherwise unused */
	unsigned flags;	 /* SECBPF_COND_*; 0 for a plain condition */
};

/*
 * Condition flags, for callers that lay out libseccomp's argument tree node
 * by node (the compatibility library does): compare one 32-bit word of the
 * argument (values are then 32-bit), and/or negate the comparison.  A
 * syscall with such a rule decides its rules in the order they were added.
 */
#define SECBPF_COND_LOW_WORD 0x1u
#define SECBPF_COND_HIGH_WORD 0x2u
#define SECBPF_COND_NOT 0x4u

#define SECBPF_MAX_CONDS 16 /* conditions in one rule */

struct secbpf_builder_opts {
	size_t sz;
	/* action for a foreign arch; 0 with badarch_set false = KILL_THREAD */
	uint32_t badarch_action;
	bool badarch_set;
	/* SECCOMP_FILTER_FLAG_* bits the policy carries (flags_set: the
	 * flags were given, as a profile's "flags" field) */
	unsigned flags;
	bool flags_set;
	/* rules of a syscall decide in the order they were added (first
	 * match wins) instead of in libseccomp's argument order */
	bool ordered;
};

/*
 * A new builder whose filter answers "default_action" (a SECCOMP_RET_*
 * value) where no rule matches.  It targets no arch until one is added;
 * built without any, it targets the native arch.  -EINVAL for an action
 * the kernel does not know; ERRNO data above 4095 is capped (warning).
 */
SECBPF_API int secbpf_builder_new(uint32_t default_action,
				  const struct secbpf_builder_opts *opts,
				  struct secbpf_builder **out,
				  struct secbpf_error *err);
SECBPF_API void secbpf_builder_free(struct secbpf_builder *b);

/*
 * Target arches, in order (the first is the primary).  Adding one already
 * there: -EEXIST; one of the other byte order than those there: -EDOM;
 * removing one not there: -ENOENT (its by-number rules go with it).
 */
SECBPF_API int secbpf_builder_add_arch(struct secbpf_builder *b,
				       const struct secbpf_arch *arch,
				       struct secbpf_error *err);
SECBPF_API int secbpf_builder_remove_arch(struct secbpf_builder *b,
					  const struct secbpf_arch *arch,
					  struct secbpf_error *err);
/* How many target arches, and which (NULL past the end). */
SECBPF_API size_t secbpf_builder_arch_count(const struct secbpf_builder *b);
SECBPF_API const struct secbpf_arch *
secbpf_builder_arch_at(const struct secbpf_builder *b, size_t index);

/*
 * A rule for syscall "name" on every target arch (resolved when the
 * policy is built, so arches may be added later).  -ENOENT when no arch
 * secbpf knows has the name; -EINVAL for a bad action, argument index or
 * operator; -E2BIG past SECBPF_MAX_CONDS conditions.
 */
SECBPF_API int secbpf_builder_add_rule(struct secbpf_builder *b,
				       uint32_t action, const char *name,
				       const struct secbpf_cond *conds,
				       size_t ncond, struct secbpf_error *err);
/*
 * A rule for number "nr" as the filter of target arch "arch" sees it
 * (x32 numbers carry bit 30, MIPS numbers their ABI base; 0xffffffff is
 * a tracer's skipped syscall), on that arch only, exactly as given: no
 * multiplexer rule is added.  -ENOENT when "arch" is not a target.
 */
SECBPF_API int secbpf_builder_add_rule_nr(struct secbpf_builder *b,
					  const struct secbpf_arch *arch,
					  uint32_t nr, uint32_t action,
					  const struct secbpf_cond *conds,
					  size_t ncond,
					  struct secbpf_error *err);

/*
 * Build the policy (the builder is left as it is, and may be built
 * again).  -E2BIG past 65536 rules over all arches; -EOPNOTSUPP with no
 * arch on a machine secbpf does not support.
 */
SECBPF_API int secbpf_builder_build(const struct secbpf_builder *b,
				    struct secbpf_policy **out,
				    struct secbpf_error *err);

/* ------------------------------------------------------------------ */
/* The compiler                                                        */
/* ------------------------------------------------------------------ */

enum secbpf_layout {
	SECBPF_LAYOUT_BALANCED = 0, /* balanced binary search */
	SECBPF_LAYOUT_WEIGHTED,	    /* fewest instructions for a workload */
};

struct secbpf_compile_opts {
	size_t sz;
	enum secbpf_layout layout;
	/*
	 * The weighted layout's table (required with it): syscall name ->
	 * how often the workload calls it (relative; the first entry of a
	 * name counts; weights above 1e15 count as 1e15).  It weighs the
	 * syscalls of the first arch of each arch test (of x86_64 and x32,
	 * tested together, the one listed first).
	 */
	const char *const *freq_names;
	const double *freq_weights;
	size_t nfreq;
	/* numbers above the highest one the profile names get ENOSYS */
	bool enosys_newer;
};

SECBPF_API int secbpf_compile(const struct secbpf_policy *policy,
			      const struct secbpf_compile_opts *opts,
			      struct secbpf_prog **out,
			      struct secbpf_error *err);

/* ------------------------------------------------------------------ */
/* Explain: which rule decides a syscall, and why the others do not     */
/* ------------------------------------------------------------------ */

/*
 * An explainer holds a profile resolved, built and compiled for one
 * environment; secbpf_explain then answers for one call at a time.  The
 * verdict is the compiled filter's (secbpf_prog_run); the explanation is
 * read from the rules the filter was built from, and a disagreement
 * between the two is an error (-EPROTO: a bug), never papered over.
 */
struct secbpf_explainer;

struct secbpf_explain_opts {
	size_t sz;
	/* the environment (arches, capabilities, kernel); NULL: this host */
	const struct secbpf_resolve_opts *resolve;
	/* how the filter is built (bad-arch action, and_repeated_args) */
	const struct secbpf_policy_opts *policy;
	/* how it is compiled (enosys_newer; the layout changes no verdict) */
	const struct secbpf_compile_opts *compile;
	/*
	 * The profile's JSON text as loaded, for the rules' line numbers;
	 * NULL: none are given.  Read once, when the explainer is made.
	 */
	const char *text;
	size_t text_len;
};

/*
 * Resolve, build and compile "profile" for the environment in "opts".  The
 * explainer refers to the profile (its rules, pointers and comments):
 * keep the profile until the explainer is freed.
 */
SECBPF_API int secbpf_explainer_new(const struct secbpf_profile *profile,
				    const struct secbpf_explain_opts *opts,
				    struct secbpf_explainer **out,
				    struct secbpf_error *err);
SECBPF_API void secbpf_explainer_free(struct secbpf_explainer *ex);
/* The compiled filter the explainer's verdicts come from. */
SECBPF_API const struct secbpf_prog *
secbpf_explainer_prog(const struct secbpf_explainer *ex);

/* One call to explain. */
struct secbpf_explain_call {
	size_t sz;
	/* the ABI the call is made through; NULL: the first target arch */
	const struct secbpf_arch *arch;
	/*
	 * The syscall by name (this arch's, or reached through its
	 * multiplexer: then nr and args[0] are the multiplexer's), or NULL:
	 * by number, as the filter sees it (x32's with bit 30).
	 */
	const char *name;
	uint32_t nr;
	uint64_t args[6];
};

/* Why a rule naming the call did, or did not, decide it. */
enum secbpf_explain_reason {
	SECBPF_EXPLAIN_DECIDED = 1,	/* it decided the verdict */
	SECBPF_EXPLAIN_EXCLUDED_CAP,	/* excludes.caps: "cap" is present */
	SECBPF_EXPLAIN_MISSING_CAP,	/* includes.caps: "cap" is absent */
	SECBPF_EXPLAIN_MIN_KERNEL,	/* kernel below includes.minKernel */
	SECBPF_EXPLAIN_EXCLUDED_KERNEL, /* kernel reaches excludes.minKernel */
	SECBPF_EXPLAIN_EXCLUDED_ARCH,	/* excludes.arches: the primary arch */
	SECBPF_EXPLAIN_NOT_INCLUDED_ARCH, /* includes.arches lacks it */
	SECBPF_EXPLAIN_UNKNOWN_NAME,	  /* the arch has no such syscall */
	SECBPF_EXPLAIN_EQUALS_DEFAULT,	  /* dropped: the default's action */
	SECBPF_EXPLAIN_NO_MATCH,	  /* a condition does not hold */
	SECBPF_EXPLAIN_SHADOWED,	  /* an unconditional rule decides */
	SECBPF_EXPLAIN_EARLIER_MATCH,	  /* matches, another comes first */
	SECBPF_EXPLAIN_NOT_REACHED,	  /* the filter decides before rules */
};

/* What decided the verdict. */
enum secbpf_explain_verdict {
	SECBPF_VERDICT_RULE = 1, /* a rule: rules[rule] */
	SECBPF_VERDICT_DEFAULT,	 /* the default action: no rule matched */
	SECBPF_VERDICT_ENOSYS,	 /* above the highest number the profile
				  * names, with enosys_newer */
	SECBPF_VERDICT_BADARCH,	 /* an arch the filter does not hold */
	SECBPF_VERDICT_NONE,	 /* the arch has no such syscall: no call */
};

/* One condition of a rule, as the filter compares it for the call. */
struct secbpf_explain_cond {
	size_t part;	    /* the OR part it belongs to (see nparts) */
	unsigned arg;	    /* 0..5 */
	int op;		    /* libseccomp's numbering: 1 NE, 2 LT, 3 LE, 4 EQ,
			  * 5 GE, 6 GT, 7 MASKED_EQ */
	uint64_t value;	    /* as the profile wrote it (MASKED_EQ: the mask) */
	uint64_t value2;    /* MASKED_EQ: the datum */
	uint64_t arg_value; /* the call's argument as compared */
	bool holds;
	/* a 32-bit ABI compares the low words only, and value or value2
	 * has bits above them */
	bool truncated;
	bool subcall; /* added: argument 0 is the multiplexer's sub-call */
	bool ignored; /* on argument 0 through a multiplexer: not checked */
};

/* A rule of the profile that names the call. */
struct secbpf_explain_rule {
	size_t index;	       /* in the profile's rules (syscalls[]) */
	const char *pointer;   /* "/syscalls/3" */
	unsigned line, column; /* in opts->text; 0 if unknown */
	const char *comment;   /* NULL if none */
	const char *name;      /* its name for the call */
	const char *mux;       /* reached through this multiplexer, or NULL */
	uint32_t subcall;
	uint32_t action; /* SECCOMP_RET_* (errno capped as the kernel does) */
	enum secbpf_explain_reason reason;
	const char *cap;		     /* *_CAP: the capability */
	unsigned kernel_major, kernel_minor; /* *_KERNEL: the minKernel */
	size_t by;	  /* SHADOWED, EARLIER_MATCH: rules[by] decides */
	int repeated_arg; /* an argument its conditions test twice, or -1 */
	bool split;	  /* ... made OR parts, one per condition, as runc
			   * does (else ANDed: and_repeated_args) */
	size_t nparts;	  /* OR parts; a part holds if all its conditions
			   * do (but "ignored" ones) */
	struct secbpf_explain_cond *conds;
	size_t nconds;
};

struct secbpf_explanation {
	const struct secbpf_arch *arch; /* the ABI of the call */
	const char *name; /* the syscall; NULL: no table names the number */
	uint32_t nr;
	uint64_t args[6]; /* as the filter compares them */
	bool narrow;	  /* 32-bit ABI: low words only */
	const char *mux;  /* the name is reached through it, or NULL */
	uint32_t subcall;
	enum secbpf_explain_verdict verdict;
	uint32_t action; /* the compiled filter's verdict (not for NONE) */
	size_t rule;	 /* SECBPF_VERDICT_RULE: rules[rule] */
	struct secbpf_explain_rule *rules; /* each rule naming the call,
					    * in profile order */
	size_t nrules;
	/* the environment and the profile's fixed points */
	const char *source; /* the profile's name in messages */
	const struct secbpf_arch *const *arches; /* the filter's */
	size_t narches;
	const struct secbpf_arch *primary; /* the arch includes/excludes test */
	unsigned kernel_major, kernel_minor;
	uint32_t default_action;
	const char *default_pointer; /* "/defaultAction" */
	unsigned default_line, default_column;
	uint32_t badarch_action;
	bool enosys_newer;     /* the ENOSYS stub applies */
	uint32_t max_named_nr; /* the highest number the profile names on
				* the call's arch (for ENOSYS) */
};

/*
 * Explain one call.  *out is freed with secbpf_explanation_free; its
 * strings belong to the explainer and live as long as it.  -ENOENT when
 * no architecture knows the name and the profile does not name it,
 * -EINVAL for an arch that is not the call's (NULL explainer or call).
 */
SECBPF_API int secbpf_explain(const struct secbpf_explainer *ex,
			      const struct secbpf_explain_call *call,
			      struct secbpf_explanation **out,
			      struct secbpf_error *err);
SECBPF_API void secbpf_explanation_free(struct secbpf_explanation *e);

/* ------------------------------------------------------------------ */
/* Lint                                                                */
/* ------------------------------------------------------------------ */

enum secbpf_finding_kind {
	SECBPF_FINDING_OVERLAP = 1,    /* rules with different actions meet */
	SECBPF_FINDING_EQUALS_DEFAULT, /* a rule that changes nothing */
	SECBPF_FINDING_UNKNOWN_NAME,   /* no target arch has the syscall */
	SECBPF_FINDING_RISKY_ALLOW,    /* escape-prone call, no arg check */
	SECBPF_FINDING_DEFAULT_ALLOW,  /* everything unlisted is allowed */
	SECBPF_FINDING_NO_ARCHMAP,     /* a common host lacks an archMap */
	SECBPF_FINDING_PARTLY_UNKNOWN, /* unknown on some target arches */
	SECBPF_FINDING_UNKNOWN_CAP,    /* includes/excludes name no cap */
	SECBPF_FINDING_REPEATED_ARG,   /* conditions repeat an argument: OR */
	SECBPF_FINDING_NOTIFY_REFUSED, /* NOTIFY as default or on write */
	SECBPF_FINDING_NO_LISTENER,    /* NOTIFY without a listenerPath */
	SECBPF_FINDING_FLAGS_REFUSED,  /* flags the kernel refuses together */
	SECBPF_FINDING_ERRNO_RANGE,    /* an errno libseccomp refuses */
	SECBPF_FINDING_NEVER_APPLIES,  /* includes and excludes contradict */
	/* too many rules: some pairs were not compared for overlaps */
	SECBPF_FINDING_OVERLAP_UNCHECKED,
};

/*
 * One finding.  The layout is that of the first release: the array
 * secbpf_profile_check returns keeps its stride for callers built against
 * an older header.  The severity is not a member (it would move
 * "pointer" and "message"): ask secbpf_finding_severity(kind).
 */
struct secbpf_finding {
	enum secbpf_finding_kind kind;
	const char *code;  /* secbpf_finding_code(kind): "overlap", ... */
	bool note;	   /* severity is SECBPF_SEVERITY_NOTE */
	char pointer[128]; /* where in the profile, e.g. "/syscalls/3" */
	char message[768];
};

/*
 * The stable short name of a kind ("overlap", "unknown-cap", ...), or NULL
 * for a kind this library does not know.  Kinds are numbered from 1 with
 * no gaps, so calling it with 1, 2, ... until NULL lists every kind.
 */
SECBPF_API const char *secbpf_finding_code(enum secbpf_finding_kind kind);
/* The severity of findings of "kind", or 0 for a kind it does not know. */
SECBPF_API enum secbpf_severity
secbpf_finding_severity(enum secbpf_finding_kind kind);

/*
 * Look for mistakes in a profile, and for what a runtime (runc, crun) or
 * the kernel would refuse in it.  "opts" gives the target arches
 * and kernel; when it names capabilities (or all_caps), only that set is
 * examined, otherwise overlaps and redundant rules are looked for with no
 * capabilities, all of them, and each one the profile mentions, and risky
 * allows with none.  Findings describe the filter a runtime builds: a
 * rule whose conditions repeat an argument index is split into one rule
 * per condition (and is itself a finding, SECBPF_FINDING_REPEATED_ARG).
 * *out is a malloc()ed array of *n findings (free with
 * secbpf_findings_free).
 */
SECBPF_API int secbpf_profile_check(const struct secbpf_profile *profile,
				    const struct secbpf_resolve_opts *opts,
				    struct secbpf_finding **out, size_t *n,
				    struct secbpf_error *err);
SECBPF_API void secbpf_findings_free(struct secbpf_finding *findings);

/* ------------------------------------------------------------------ */
/* Installing                                                          */
/* ------------------------------------------------------------------ */

struct secbpf_install_opts {
	size_t sz;
	unsigned flags;	 /* SECCOMP_FILTER_FLAG_* */
	bool keep_privs; /* do not set no_new_privs */
};

/*
 * Install on the calling thread (all threads with FLAG_TSYNC).  With
 * FLAG_NEW_LISTENER, *listener_fd receives the notification fd.  Flags
 * the kernel would refuse together (TSYNC and NEW_LISTENER without
 * TSYNC_ESRCH; WAIT_KILLABLE_RECV without NEW_LISTENER) are refused, with
 * their names, before anything changes (no_new_privs included).
 */
SECBPF_API int secbpf_install(const struct secbpf_prog *prog,
			      const struct secbpf_install_opts *opts,
			      int *listener_fd, struct secbpf_error *err);

/* ------------------------------------------------------------------ */
/* Errors each function returns                                        */
/* ------------------------------------------------------------------ */

/*
 * Every negative errno each function can return, from every return path
 * of the code (tests/api/check_errnos.py derives them from the code and
 * compares; tests/api/test_errnos.c provokes each one that a test can).
 * Functions not listed return no errno.  What each means, in general (the
 * message in struct secbpf_error says exactly what and where):
 *   EINVAL      a bad argument, or input the library refuses
 *   ENOENT      not found: an unknown syscall or arch, a missing file or
 *               linux.seccomp, an arch that is not a target
 *   ENOMEM      out of memory (secbpf_install: the kernel's, a task's
 *               filters over 32768 instructions)
 *   E2BIG       a limit on the input exceeded: 4096 instructions, 16
 *               conditions, 65536 rules, sizes and counts in a profile
 *   EFBIG       a profile larger than the 16 MiB limit
 *   ERANGE      a number in a profile out of its range
 *   EISDIR      the profile path is a directory
 *   EEXIST      an arch added twice
 *   EDOM        an arch of the other byte order
 *   EOPNOTSUPP  unsupported here: a machine whose arch secbpf does not
 *               know, a format that can only be written, an action the
 *               running kernel lacks
 *   EFAULT      an internal check failed: a bug in secbpf; please report
 *   EPROTO      an explanation disagreed with the compiled filter: a bug
 *               in secbpf; please report
 *   and, from secbpf_install only, what the kernel answered:
 *   EACCES      no no_new_privs and no CAP_SYS_ADMIN
 *   EBUSY       a notification listener is installed already
 *   ESRCH       FLAG_TSYNC|FLAG_TSYNC_ESRCH: a thread could not be
 *               synchronised
 *   EAGAIN      FLAG_TSYNC: a thread could not be synchronised
 *   ENOSYS      the kernel has no seccomp(2) and flags need it
 *
 * ERRNO TABLE BEGIN
 * secbpf_syscall_lookup          EINVAL ENOENT
 * secbpf_syscall_at              EINVAL ENOENT
 * secbpf_syscall_multiplex       EINVAL ENOENT
 * secbpf_prog_new                EINVAL E2BIG ENOMEM
 * secbpf_prog_read               EINVAL E2BIG ENOMEM EOPNOTSUPP
 * secbpf_prog_write              EINVAL ENOMEM
 * secbpf_prog_verify             EINVAL
 * secbpf_prog_run                EINVAL
 * secbpf_prog_disasm             EINVAL ENOMEM
 * secbpf_stack_run               EINVAL E2BIG
 * secbpf_summarize               EINVAL E2BIG ENOMEM
 * secbpf_prog_diff               EINVAL ENOMEM
 * secbpf_profile_load            EINVAL ENOENT E2BIG EFBIG ERANGE EISDIR
 *                                ENOMEM, and errors of open(2), read(2)
 * secbpf_profile_load_bytes      EINVAL ENOENT E2BIG EFBIG ERANGE ENOMEM
 * secbpf_profile_load_config     EINVAL ENOENT E2BIG EFBIG ERANGE ENOMEM
 * secbpf_profile_default         ENOMEM
 * secbpf_profile_resolve         EINVAL ENOMEM EOPNOTSUPP
 * secbpf_profile_to_json         EINVAL ENOMEM EOPNOTSUPP
 * secbpf_policy_new              EINVAL E2BIG ENOMEM EOPNOTSUPP
 * secbpf_builder_new             EINVAL ENOMEM
 * secbpf_builder_add_arch        EINVAL EEXIST EDOM
 * secbpf_builder_remove_arch     EINVAL ENOENT
 * secbpf_builder_add_rule        EINVAL ENOENT E2BIG ENOMEM
 * secbpf_builder_add_rule_nr     EINVAL ENOENT E2BIG ENOMEM
 * secbpf_builder_build           EINVAL E2BIG ENOMEM EOPNOTSUPP
 * secbpf_compile                 EINVAL E2BIG ENOMEM EFAULT
 * secbpf_profile_check           EINVAL E2BIG ENOMEM EOPNOTSUPP
 * secbpf_explainer_new           EINVAL E2BIG ENOMEM EOPNOTSUPP EFAULT
 *                                EPROTO
 * secbpf_explain                 EINVAL ENOENT ENOMEM EPROTO
 * secbpf_install                 EINVAL ENOMEM EOPNOTSUPP EACCES EBUSY
 *                                ESRCH EAGAIN ENOSYS, and other errors of
 *                                prctl(2), seccomp(2)
 * ERRNO TABLE END
 */

#ifdef __cplusplus
}
#endif

#endif /* SECBPF_H */
