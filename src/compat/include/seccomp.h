/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libsecbpf-seccomp: the libseccomp 2.5 API on secbpf's compiler.
 *
 * A program written for libseccomp builds unchanged against this header
 * (pkg-config secbpf-seccomp) and links libsecbpf-seccomp instead of
 * libseccomp.  Types, constants and macros have libseccomp's names and
 * values; the functions take and return what libseccomp's do, with the
 * same error codes.  The filters are compiled by secbpf; see
 * libsecbpf-seccomp(3) and docs/libseccomp-compat.md for what is covered
 * and every known difference.
 */
#ifndef _SECCOMP_H
#define _SECCOMP_H

#include <elf.h>
#include <inttypes.h>
#include <asm/unistd.h>
#include <linux/audit.h>
#include <linux/types.h>
#include <linux/seccomp.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The libseccomp API version this library implements. */
#define SCMP_VER_MAJOR 2
#define SCMP_VER_MINOR 5
#define SCMP_VER_MICRO 4

struct scmp_version {
	unsigned int major;
	unsigned int minor;
	unsigned int micro;
};

/* A filter being built; create with seccomp_init(). */
typedef void *scmp_filter_ctx;

/* Filter attributes (seccomp_attr_get / seccomp_attr_set). */
enum scmp_filter_attr {
	_SCMP_FLTATR_MIN = 0,
	SCMP_FLTATR_ACT_DEFAULT = 1,  /* default action (read only) */
	SCMP_FLTATR_ACT_BADARCH = 2,  /* action for a foreign arch */
	SCMP_FLTATR_CTL_NNP = 3,      /* set no_new_privs when loading */
	SCMP_FLTATR_CTL_TSYNC = 4,    /* synchronise all threads on load */
	SCMP_FLTATR_API_TSKIP = 5,    /* allow rules for syscall -1 */
	SCMP_FLTATR_CTL_LOG = 6,      /* log what the filter does not allow */
	SCMP_FLTATR_CTL_SSB = 7,      /* keep speculative store bypass on */
	SCMP_FLTATR_CTL_OPTIMIZE = 8, /* 1: default layout, 2: binary tree */
	SCMP_FLTATR_API_SYSRAWRC = 9, /* return the kernel's error codes */
	_SCMP_FLTATR_MAX,
};

/* Argument comparison operators. */
enum scmp_compare {
	_SCMP_CMP_MIN = 0,
	SCMP_CMP_NE = 1,	/* not equal */
	SCMP_CMP_LT = 2,	/* less than */
	SCMP_CMP_LE = 3,	/* less than or equal */
	SCMP_CMP_EQ = 4,	/* equal */
	SCMP_CMP_GE = 5,	/* greater than or equal */
	SCMP_CMP_GT = 6,	/* greater than */
	SCMP_CMP_MASKED_EQ = 7, /* (arg & datum_a) == datum_b */
	_SCMP_CMP_MAX,
};

/* An argument value. */
typedef uint64_t scmp_datum_t;

/* One argument comparison of a rule. */
struct scmp_arg_cmp {
	unsigned int arg;     /* argument index, 0..5 */
	enum scmp_compare op; /* SCMP_CMP_* */
	scmp_datum_t datum_a; /* the value; MASKED_EQ: the mask */
	scmp_datum_t datum_b; /* MASKED_EQ: the value */
};

/* ---- architectures: the AUDIT_ARCH_* values (x32: its own token) ---- */

#define SCMP_ARCH_NATIVE 0
#define SCMP_ARCH_X86 AUDIT_ARCH_I386
#define SCMP_ARCH_X86_64 AUDIT_ARCH_X86_64
#define SCMP_ARCH_X32 (EM_X86_64 | __AUDIT_ARCH_LE)
#define SCMP_ARCH_ARM AUDIT_ARCH_ARM
#ifndef AUDIT_ARCH_AARCH64
#ifndef EM_AARCH64
#define EM_AARCH64 183
#endif
#define AUDIT_ARCH_AARCH64 (EM_AARCH64 | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE)
#endif
#define SCMP_ARCH_AARCH64 AUDIT_ARCH_AARCH64

#ifndef __AUDIT_ARCH_CONVENTION_MIPS64_N32
#define __AUDIT_ARCH_CONVENTION_MIPS64_N32 0x20000000
#endif
#ifndef EM_MIPS
#define EM_MIPS 8
#endif
#ifndef AUDIT_ARCH_MIPS
#define AUDIT_ARCH_MIPS (EM_MIPS)
#endif
#ifndef AUDIT_ARCH_MIPS64
#define AUDIT_ARCH_MIPS64 (EM_MIPS | __AUDIT_ARCH_64BIT)
#endif
#ifndef AUDIT_ARCH_MIPS64N32
#define AUDIT_ARCH_MIPS64N32                                                   \
	(EM_MIPS | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_CONVENTION_MIPS64_N32)
#endif
#ifndef AUDIT_ARCH_MIPSEL64N32
#define AUDIT_ARCH_MIPSEL64N32                                                 \
	(EM_MIPS | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE |                      \
	 __AUDIT_ARCH_CONVENTION_MIPS64_N32)
#endif
#define SCMP_ARCH_MIPS AUDIT_ARCH_MIPS
#define SCMP_ARCH_MIPS64 AUDIT_ARCH_MIPS64
#define SCMP_ARCH_MIPS64N32 AUDIT_ARCH_MIPS64N32
#define SCMP_ARCH_MIPSEL AUDIT_ARCH_MIPSEL
#define SCMP_ARCH_MIPSEL64 AUDIT_ARCH_MIPSEL64
#define SCMP_ARCH_MIPSEL64N32 AUDIT_ARCH_MIPSEL64N32

#define SCMP_ARCH_PPC AUDIT_ARCH_PPC
#define SCMP_ARCH_PPC64 AUDIT_ARCH_PPC64
#ifndef AUDIT_ARCH_PPC64LE
#define AUDIT_ARCH_PPC64LE (EM_PPC64 | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE)
#endif
#define SCMP_ARCH_PPC64LE AUDIT_ARCH_PPC64LE

#define SCMP_ARCH_S390 AUDIT_ARCH_S390
#define SCMP_ARCH_S390X AUDIT_ARCH_S390X

#define SCMP_ARCH_PARISC AUDIT_ARCH_PARISC
#define SCMP_ARCH_PARISC64 AUDIT_ARCH_PARISC64

#ifndef AUDIT_ARCH_RISCV64
#ifndef EM_RISCV
#define EM_RISCV 243
#endif
#define AUDIT_ARCH_RISCV64 (EM_RISCV | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE)
#endif
#define SCMP_ARCH_RISCV64 AUDIT_ARCH_RISCV64

/* ---- rules ---- */

/* The number of syscall "x" for seccomp_rule_add(): the native number, or
 * a pseudo number when the native arch lacks it. */
#define SCMP_SYS(x) (__SNR_##x)

/* Counting the arguments of SCMP_CMP32() (one or two values). */
#define _SCMP_VA_NUM_ARGS(...) _SCMP_VA_NUM_ARGS_IMPL(__VA_ARGS__, 2, 1)
#define _SCMP_VA_NUM_ARGS_IMPL(_1, _2, N, ...) N
#define _SCMP_MACRO_DISPATCHER(func, ...)                                      \
	_SCMP_MACRO_DISPATCHER_IMPL1(func, _SCMP_VA_NUM_ARGS(__VA_ARGS__))
#define _SCMP_MACRO_DISPATCHER_IMPL1(func, nargs)                              \
	_SCMP_MACRO_DISPATCHER_IMPL2(func, nargs)
#define _SCMP_MACRO_DISPATCHER_IMPL2(func, nargs) func##nargs
#define _SCMP_CMP32_1(x, y, z) SCMP_CMP64(x, y, (uint32_t)(z))
#define _SCMP_CMP32_2(x, y, z, q) SCMP_CMP64(x, y, (uint32_t)(z), (uint32_t)(q))

/* A comparison: argument, operator, value(s), 64-bit. */
#define SCMP_CMP64(...) ((struct scmp_arg_cmp){__VA_ARGS__})
#define SCMP_CMP SCMP_CMP64
/* The same with 32-bit values (no sign extension of negative ints). */
#define SCMP_CMP32(x, y, ...)                                                  \
	_SCMP_MACRO_DISPATCHER(_SCMP_CMP32_, __VA_ARGS__)(x, y, __VA_ARGS__)

/* Comparisons on argument 0..5. */
#define SCMP_A0_64(...) SCMP_CMP64(0, __VA_ARGS__)
#define SCMP_A0 SCMP_A0_64
#define SCMP_A0_32(x, ...) SCMP_CMP32(0, x, __VA_ARGS__)
#define SCMP_A1_64(...) SCMP_CMP64(1, __VA_ARGS__)
#define SCMP_A1 SCMP_A1_64
#define SCMP_A1_32(x, ...) SCMP_CMP32(1, x, __VA_ARGS__)
#define SCMP_A2_64(...) SCMP_CMP64(2, __VA_ARGS__)
#define SCMP_A2 SCMP_A2_64
#define SCMP_A2_32(x, ...) SCMP_CMP32(2, x, __VA_ARGS__)
#define SCMP_A3_64(...) SCMP_CMP64(3, __VA_ARGS__)
#define SCMP_A3 SCMP_A3_64
#define SCMP_A3_32(x, ...) SCMP_CMP32(3, x, __VA_ARGS__)
#define SCMP_A4_64(...) SCMP_CMP64(4, __VA_ARGS__)
#define SCMP_A4 SCMP_A4_64
#define SCMP_A4_32(x, ...) SCMP_CMP32(4, x, __VA_ARGS__)
#define SCMP_A5_64(...) SCMP_CMP64(5, __VA_ARGS__)
#define SCMP_A5 SCMP_A5_64
#define SCMP_A5_32(x, ...) SCMP_CMP32(5, x, __VA_ARGS__)

/* ---- actions: the kernel's SECCOMP_RET_* values ---- */

#define SCMP_ACT_KILL_PROCESS 0x80000000U
#define SCMP_ACT_KILL_THREAD 0x00000000U
#define SCMP_ACT_KILL SCMP_ACT_KILL_THREAD
#define SCMP_ACT_TRAP 0x00030000U
#define SCMP_ACT_NOTIFY 0x7fc00000U
#define SCMP_ACT_ERRNO(x) (0x00050000U | ((x)&0x0000ffffU))
#define SCMP_ACT_TRACE(x) (0x7ff00000U | ((x)&0x0000ffffU))
#define SCMP_ACT_LOG 0x7ffc0000U
#define SCMP_ACT_ALLOW 0x7fff0000U

/* Kernel headers older than Linux 5.0 lack user notification. */
#ifndef SECCOMP_RET_USER_NOTIF
#define SECCOMP_RET_USER_NOTIF 0x7fc00000U

struct seccomp_notif {
	__u64 id;
	__u32 pid;
	__u32 flags;
	struct seccomp_data data;
};

struct seccomp_notif_resp {
	__u64 id;
	__s64 val;
	__s32 error;
	__u32 flags;
};
#endif

/* ---- functions ---- */

/* The version of the API the loaded library implements. */
const struct scmp_version *seccomp_version(void);

/* The API level the library and the running kernel support (1..6), and
 * forcing one (for tests). */
unsigned int seccomp_api_get(void);
int seccomp_api_set(unsigned int level);

/* A new filter answering def_action where no rule matches; NULL if the
 * action is invalid.  It targets the native arch. */
scmp_filter_ctx seccomp_init(uint32_t def_action);
/* Start over with a new default action (ctx NULL: reset the library's
 * cached kernel checks). */
int seccomp_reset(scmp_filter_ctx ctx, uint32_t def_action);
void seccomp_release(scmp_filter_ctx ctx);
/* Move the arches (and their rules) of ctx_src into ctx_dst. */
int seccomp_merge(scmp_filter_ctx ctx_dst, scmp_filter_ctx ctx_src);

/* Arch tokens: by name ("x86_64"), native, and a filter's arches.  An arch
 * added after rules gets none of them. */
uint32_t seccomp_arch_resolve_name(const char *arch_name);
uint32_t seccomp_arch_native(void);
int seccomp_arch_exist(const scmp_filter_ctx ctx, uint32_t arch_token);
int seccomp_arch_add(scmp_filter_ctx ctx, uint32_t arch_token);
int seccomp_arch_remove(scmp_filter_ctx ctx, uint32_t arch_token);

/* Install the filter in the calling thread (with its attributes). */
int seccomp_load(const scmp_filter_ctx ctx);

int seccomp_attr_get(const scmp_filter_ctx ctx, enum scmp_filter_attr attr,
		     uint32_t *value);
int seccomp_attr_set(scmp_filter_ctx ctx, enum scmp_filter_attr attr,
		     uint32_t value);

/* Syscall names and numbers on an arch (0: native).  The name is
 * malloc()ed; the caller frees it. */
char *seccomp_syscall_resolve_num_arch(uint32_t arch_token, int num);
int seccomp_syscall_resolve_name_arch(uint32_t arch_token, const char *name);
/* The same, a multiplexed call given as its multiplexer's number. */
int seccomp_syscall_resolve_name_rewrite(uint32_t arch_token, const char *name);
int seccomp_syscall_resolve_name(const char *name);

/* A hint for the filter layout (no effect on what the filter decides). */
int seccomp_syscall_priority(scmp_filter_ctx ctx, int syscall,
			     uint8_t priority);

/* Add a rule: action for syscall when all arg_cnt comparisons hold.  The
 * _exact variants refuse to rewrite the rule for an arch. */
int seccomp_rule_add(scmp_filter_ctx ctx, uint32_t action, int syscall,
		     unsigned int arg_cnt, ...);
int seccomp_rule_add_array(scmp_filter_ctx ctx, uint32_t action, int syscall,
			   unsigned int arg_cnt,
			   const struct scmp_arg_cmp *arg_array);
int seccomp_rule_add_exact(scmp_filter_ctx ctx, uint32_t action, int syscall,
			   unsigned int arg_cnt, ...);
int seccomp_rule_add_exact_array(scmp_filter_ctx ctx, uint32_t action,
				 int syscall, unsigned int arg_cnt,
				 const struct scmp_arg_cmp *arg_array);

/* User notification (SCMP_ACT_NOTIFY): buffers, the listener's fd after
 * seccomp_load(), and the ioctls on it. */
int seccomp_notify_alloc(struct seccomp_notif **req,
			 struct seccomp_notif_resp **resp);
void seccomp_notify_free(struct seccomp_notif *req,
			 struct seccomp_notif_resp *resp);
int seccomp_notify_receive(int fd, struct seccomp_notif *req);
int seccomp_notify_respond(int fd, struct seccomp_notif_resp *resp);
int seccomp_notify_id_valid(int fd, uint64_t id);
int seccomp_notify_fd(const scmp_filter_ctx ctx);

/* Write the filter to fd: as readable text, or as the program itself
 * (struct sock_filter array, the target's byte order). */
int seccomp_export_pfc(const scmp_filter_ctx ctx, int fd);
int seccomp_export_bpf(const scmp_filter_ctx ctx, int fd);

/* Pseudo syscall numbers; -1..-99 are reserved. */
#define __NR_SCMP_ERROR -1
#define __NR_SCMP_UNDEF -2

#include <seccomp-syscalls.h>

#ifdef __cplusplus
}
#endif

#endif /* _SECCOMP_H */
