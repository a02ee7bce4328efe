// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The symbolic names a profile uses: actions, operators, errno names and
 * filter flags, and the SECCOMP_RET_* value of each action.
 */
#include <errno.h>
#include <string.h>

#include "profile.h"

static const struct {
	const char *name;
	enum sb_act act;
} actions[] = {
	{"SCMP_ACT_KILL", SB_ACT_KILL},
	{"SCMP_ACT_KILL_THREAD", SB_ACT_KILL_THREAD},
	{"SCMP_ACT_KILL_PROCESS", SB_ACT_KILL_PROCESS},
	{"SCMP_ACT_TRAP", SB_ACT_TRAP},
	{"SCMP_ACT_ERRNO", SB_ACT_ERRNO},
	{"SCMP_ACT_TRACE", SB_ACT_TRACE},
	{"SCMP_ACT_LOG", SB_ACT_LOG},
	{"SCMP_ACT_ALLOW", SB_ACT_ALLOW},
	{"SCMP_ACT_NOTIFY", SB_ACT_NOTIFY},
};

enum sb_act sb_act_from_name(const char *name)
{
	for (size_t i = 0; i < SB_ARRAY_SIZE(actions); i++)
		if (!strcmp(actions[i].name, name))
			return actions[i].act;
	return 0;
}

const char *sb_act_name(enum sb_act act)
{
	for (size_t i = 0; i < SB_ARRAY_SIZE(actions); i++)
		if (actions[i].act == act)
			return actions[i].name;
	return "SCMP_ACT_INVALID";
}

bool sb_act_has_data(enum sb_act act)
{
	return act == SB_ACT_ERRNO || act == SB_ACT_TRACE;
}

uint32_t sb_act_ret(enum sb_act act, uint32_t data)
{
	switch (act) {
	case SB_ACT_KILL:
	case SB_ACT_KILL_THREAD:
		return SECBPF_RET_KILL_THREAD;
	case SB_ACT_KILL_PROCESS:
		return SECBPF_RET_KILL_PROCESS;
	case SB_ACT_TRAP:
		return SECBPF_RET_TRAP;
	case SB_ACT_ERRNO:
		return SECBPF_RET_ERRNO(data);
	case SB_ACT_TRACE:
		return SECBPF_RET_TRACE(data);
	case SB_ACT_LOG:
		return SECBPF_RET_LOG;
	case SB_ACT_ALLOW:
		return SECBPF_RET_ALLOW;
	case SB_ACT_NOTIFY:
		return SECBPF_RET_USER_NOTIF;
	}
	/* not reached for a parsed profile; the safest verdict otherwise */
	return SECBPF_RET_KILL_PROCESS;
}

static const char *const operators[] = {
	[SB_OP_NE] = "SCMP_CMP_NE",
	[SB_OP_LT] = "SCMP_CMP_LT",
	[SB_OP_LE] = "SCMP_CMP_LE",
	[SB_OP_EQ] = "SCMP_CMP_EQ",
	[SB_OP_GE] = "SCMP_CMP_GE",
	[SB_OP_GT] = "SCMP_CMP_GT",
	[SB_OP_MASKED_EQ] = "SCMP_CMP_MASKED_EQ",
};

int sb_op_from_name(const char *name)
{
	for (int op = SB_OP_NE; op <= SB_OP_MASKED_EQ; op++)
		if (!strcmp(operators[op], name))
			return op;
	return 0;
}

const char *sb_op_name(int op)
{
	if (op < SB_OP_NE || op > SB_OP_MASKED_EQ)
		return "SCMP_CMP_INVALID";
	return operators[op];
}

/*
 * The values come from the C library's <errno.h>, so they are the build
 * host's numbers, which is what the Go runtimes use (MIPS, SPARC and Alpha
 * number some errnos differently from everyone else).
 */
#define E(x)                                                                   \
	{                                                                      \
#x, x                                                          \
	}
static const struct {
	const char *name;
	int num;
} errnos[] = {
	E(EPERM),	    E(ENOENT),	     E(ESRCH),
	E(EINTR),	    E(EIO),	     E(ENXIO),
	E(E2BIG),	    E(ENOEXEC),	     E(EBADF),
	E(ECHILD),	    E(EAGAIN),	     E(ENOMEM),
	E(EACCES),	    E(EFAULT),	     E(ENOTBLK),
	E(EBUSY),	    E(EEXIST),	     E(EXDEV),
	E(ENODEV),	    E(ENOTDIR),	     E(EISDIR),
	E(EINVAL),	    E(ENFILE),	     E(EMFILE),
	E(ENOTTY),	    E(ETXTBSY),	     E(EFBIG),
	E(ENOSPC),	    E(ESPIPE),	     E(EROFS),
	E(EMLINK),	    E(EPIPE),	     E(EDOM),
	E(ERANGE),	    E(EDEADLK),	     E(ENAMETOOLONG),
	E(ENOLCK),	    E(ENOSYS),	     E(ENOTEMPTY),
	E(ELOOP),	    E(EWOULDBLOCK),  E(ENOMSG),
	E(EIDRM),	    E(ECHRNG),	     E(EL2NSYNC),
	E(EL3HLT),	    E(EL3RST),	     E(ELNRNG),
	E(EUNATCH),	    E(ENOCSI),	     E(EL2HLT),
	E(EBADE),	    E(EBADR),	     E(EXFULL),
	E(ENOANO),	    E(EBADRQC),	     E(EBADSLT),
	E(EDEADLOCK),	    E(EBFONT),	     E(ENOSTR),
	E(ENODATA),	    E(ETIME),	     E(ENOSR),
	E(ENONET),	    E(ENOPKG),	     E(EREMOTE),
	E(ENOLINK),	    E(EADV),	     E(ESRMNT),
	E(ECOMM),	    E(EPROTO),	     E(EMULTIHOP),
	E(EDOTDOT),	    E(EBADMSG),	     E(EOVERFLOW),
	E(ENOTUNIQ),	    E(EBADFD),	     E(EREMCHG),
	E(ELIBACC),	    E(ELIBBAD),	     E(ELIBSCN),
	E(ELIBMAX),	    E(ELIBEXEC),     E(EILSEQ),
	E(ERESTART),	    E(ESTRPIPE),     E(EUSERS),
	E(ENOTSOCK),	    E(EDESTADDRREQ), E(EMSGSIZE),
	E(EPROTOTYPE),	    E(ENOPROTOOPT),  E(EPROTONOSUPPORT),
	E(ESOCKTNOSUPPORT), E(EOPNOTSUPP),   E(ENOTSUP),
	E(EPFNOSUPPORT),    E(EAFNOSUPPORT), E(EADDRINUSE),
	E(EADDRNOTAVAIL),   E(ENETDOWN),     E(ENETUNREACH),
	E(ENETRESET),	    E(ECONNABORTED), E(ECONNRESET),
	E(ENOBUFS),	    E(EISCONN),	     E(ENOTCONN),
	E(ESHUTDOWN),	    E(ETOOMANYREFS), E(ETIMEDOUT),
	E(ECONNREFUSED),    E(EHOSTDOWN),    E(EHOSTUNREACH),
	E(EALREADY),	    E(EINPROGRESS),  E(ESTALE),
	E(EUCLEAN),	    E(ENOTNAM),	     E(ENAVAIL),
	E(EISNAM),	    E(EREMOTEIO),    E(EDQUOT),
	E(ENOMEDIUM),	    E(EMEDIUMTYPE),  E(ECANCELED),
	E(ENOKEY),	    E(EKEYEXPIRED),  E(EKEYREVOKED),
	E(EKEYREJECTED),    E(EOWNERDEAD),   E(ENOTRECOVERABLE),
#ifdef ERFKILL
	E(ERFKILL),
#endif
#ifdef EHWPOISON
	E(EHWPOISON),
#endif
};
#undef E

int sb_errno_from_name(const char *name)
{
	for (size_t i = 0; i < SB_ARRAY_SIZE(errnos); i++)
		if (!strcmp(errnos[i].name, name))
			return errnos[i].num;
	return -1;
}

const char *sb_errno_name(int num)
{
	/* the first name wins for aliases (EAGAIN before EWOULDBLOCK) */
	for (size_t i = 0; i < SB_ARRAY_SIZE(errnos); i++)
		if (errnos[i].num == num)
			return errnos[i].name;
	return NULL;
}

/* SECCOMP_FILTER_FLAG_* from <linux/seccomp.h>; fixed by the kernel ABI. */
static const struct {
	const char *name;
	unsigned bit;
} flags[] = {
	{"SECCOMP_FILTER_FLAG_TSYNC", 1U << 0},
	{"SECCOMP_FILTER_FLAG_LOG", 1U << 1},
	{"SECCOMP_FILTER_FLAG_SPEC_ALLOW", 1U << 2},
	{"SECCOMP_FILTER_FLAG_NEW_LISTENER", 1U << 3},
	{"SECCOMP_FILTER_FLAG_TSYNC_ESRCH", 1U << 4},
	{"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", 1U << 5},
};

unsigned sb_flag_from_name(const char *name)
{
	for (size_t i = 0; i < SB_ARRAY_SIZE(flags); i++)
		if (!strcmp(flags[i].name, name))
			return flags[i].bit;
	return 0;
}
