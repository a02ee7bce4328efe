/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private to libsecbpf-seccomp (src/compat).  The library sits on
 * libsecbpf's public API only (secbpf.h), like the command-line tools: it
 * keeps libseccomp's state (a filter context with its arches, the rules
 * added to each, attributes, the API level) and hands the rules to the
 * native builder when the filter is exported or loaded.
 */
#ifndef SECBPF_COMPAT_H
#define SECBPF_COMPAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <secbpf.h>

#include "tree.h"

#define COMPAT_API __attribute__((visibility("default")))

/* libseccomp's reserved pseudo numbers. */
#define NR_SCMP_ERROR (-1)
#define NR_SCMP_UNDEF (-2)

/* ---- pseudo syscall numbers (pseudo.c, generated) ---- */

struct compat_pnr {
	const char *name;
	int nr;
};
extern const struct compat_pnr compat_pnr_by_name[];
extern const struct compat_pnr compat_pnr_by_nr[];
extern const size_t compat_pnr_count;

/* ---- arches and syscall names (names.c) ---- */

/* An arch as libseccomp sees it. */
struct compat_arch {
	uint32_t token; /* SCMP_ARCH_* */
	const char *name;
	const struct secbpf_arch *arch;
	/* libseccomp 2.5 multiplexes socket and ipc calls here */
	bool mux;
	int socketcall, ipc; /* their numbers on the arch */
	uint32_t base;	     /* x32: bit 30; MIPS: 4000, 5000, 6000 */
	/* mux arches: the direct numbers of the socket and ipc calls */
	int mux_nr[32];
	uint8_t mux_kind[32]; /* 1 socket, 2 ipc */
	size_t nmux;
};

/* The arch of a token (SCMP_ARCH_NATIVE included), or NULL. */
const struct compat_arch *compat_arch_by_token(uint32_t token);
const struct compat_arch *compat_arch_by_name(const char *name);
const struct compat_arch *compat_arch_native(void);

/* libseccomp's name -> number on an arch: the number, the pseudo number
 * of a name the arch lacks (or a multiplexed call, where the arch
 * multiplexes), NR_SCMP_ERROR for an unknown name. */
int compat_resolve_name(const struct compat_arch *a, const char *name);
/* The same without multiplexed calls as pseudo numbers. */
int compat_resolve_name_raw(const struct compat_arch *a, const char *name);
/* number -> name, pseudo numbers included; NULL if none. */
const char *compat_resolve_num(const struct compat_arch *a, int nr);
const char *compat_resolve_num_raw(const struct compat_arch *a, int nr);
/* The pseudo number of "name", or 0. */
int compat_pnr_of(const char *name);
/* A pseudo number's multiplexed sub-call: 1 (socket calls), 2 (ipc), 0. */
int compat_mux_kind(int nr);
/* The same for any number on an arch that multiplexes: a pseudo number,
 * or the direct number of a socket or ipc call. */
int compat_mux_kind_on(const struct compat_arch *a, int nr);

/* ---- the kernel: what it supports, the API level (kernel.c) ---- */

unsigned compat_api_update(void);
int compat_api_set(unsigned level);
void compat_state_reset(void);
/* 1 supported, 0 not (after probing the kernel once). */
int compat_sup_action(uint32_t action);
int compat_sup_flag(unsigned flag);
bool compat_sup_syscall(void);
/* User notification as the notify functions see it, unprobed: -1. */
int compat_user_notif_state(void);
/* The listener fd of the last load with a NOTIFY rule, or -1. */
int compat_notify_fd(void);
void compat_set_notify_fd(int fd);
/* The seccomp(2) call. */
long compat_seccomp(unsigned op, unsigned flags, void *args);

/* ---- the filter context (context.c) ---- */

/* A rule as one arch's database holds it, after libseccomp's rewriting
 * (number on the arch, multiplexer argument pinned). */
struct compat_dbrule {
	int nr;
	uint32_t action;
	struct lt_arg args[6];
};

/* Rules one arch's database keeps at most (-ENOMEM past it). */
#define COMPAT_MAX_RULES (1U << 16)

/* Native numbers whose translation to an arch is remembered. */
#define COMPAT_XLATE_CACHE 1024

struct compat_filter {
	const struct compat_arch *arch;
	struct lt_db *db;
	int *xlate; /* native nr -> nr here (INT_MIN: not yet), or NULL */
	struct compat_dbrule *rules;
	size_t nrules, cap;
};

struct compat_attrs {
	uint32_t act_default;
	uint32_t act_badarch;
	uint32_t nnp;
	uint32_t tsync;
	uint32_t tskip;
	uint32_t log;
	uint32_t ssb;
	uint32_t optimize;
	uint32_t sysrawrc;
};

struct compat_ctx {
	uint32_t magic;
	struct compat_filter *filters;
	size_t nfilters;
	int endian; /* 0 none yet, 1 little, 2 big */
	struct compat_attrs attr;
	bool notify_used;
};

#define COMPAT_MAGIC 0x5ecb9f17U

/* Whether ctx is a live context with at least one arch. */
bool compat_ctx_valid(const struct compat_ctx *ctx);
/* 0 if the action is one libseccomp (and the kernel) accept, -EINVAL. */
int compat_action_valid(const struct compat_ctx *ctx, uint32_t action);

/* ---- building and writing the filter (export.c) ---- */

/* The filter of a context in a builder: what libseccomp's trees decide
 * (as ordered rules of word conditions), or the rules as added. */
int compat_builder(const struct compat_ctx *ctx, struct secbpf_builder **out);
int compat_rules_builder(const struct compat_ctx *ctx,
			 struct secbpf_builder **out);
int compat_compile(const struct compat_ctx *ctx, struct secbpf_prog **out);

/* libseccomp's error filter: documented codes pass, others -EFAULT. */
int compat_rc(int rc);

#endif
