// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bpfdump: read, disassemble, emulate, summarise and compare seccomp
 * filters, from files or from a live process.  Built on the public API.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <linux/filter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

const char *cli_prog = "bpfdump";

#define MAX_FILE (1U << 20)
#define MAX_FILTERS 64
/* Argument vectors tried per syscall when looking for differences. */
#define MAX_PROBES 4096
#define PROBE_SLOTS 8191 /* a prime, twice MAX_PROBES */
#define SB_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct opts {
	enum secbpf_format format;
	const struct secbpf_arch *arch;
	int byte_order; /* -1 native / arch's, 0 little, 1 big */
	const char *emulate;
	bool summary, json, diff;
	long pid;
};

static bool big_endian_for(const struct opts *o)
{
	if (o->byte_order >= 0)
		return o->byte_order;
	if (o->arch)
		return secbpf_arch_big_endian(o->arch);
	return __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
}

/* What raw bytes that are really text most likely are, for a hint. */
static const char *text_kind(const char *buf, size_t len)
{
	bool hex = true, b64 = true, json = false;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == '[' && !json && i == strspn(buf, " \t\r\n"))
			json = true;
		hex &= (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		       (c >= 'A' && c <= 'F');
		b64 &= (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		       (c >= 'A' && c <= 'Z') || c == '+' || c == '/' ||
		       c == '=';
	}
	return json ? "json" : hex ? "hex" : b64 ? "base64" : NULL;
}

static int load_file(const char *path, const struct opts *o,
		     struct secbpf_prog **prog)
{
	struct secbpf_error err;
	const char *kind;
	size_t len;
	char *buf;
	int rc;

	if (cli_read_file(path, MAX_FILE, &buf, &len))
		return 1;
	rc = secbpf_prog_read(buf, len, o->format, big_endian_for(o), prog,
			      &err);
	if (!rc && secbpf_prog_verify(*prog, &err)) {
		secbpf_prog_free(*prog);
		*prog = NULL;
		rc = 1;
	}
	if (rc) {
		/* raw bytes that read as text were probably meant as text */
		kind = o->format == SECBPF_FORMAT_RAW && len
			       ? text_kind(buf, len)
			       : NULL;
		cli_error("'%s': %s%s%s%s", path, err.message,
			  kind ? " (it looks like " : "", kind ? kind : "",
			  kind ? "; try --format)" : "");
	}
	free(buf);
	return rc ? 1 : 0;
}

/* ---- live processes ---- */

/* A "Name:\tvalue" line of /proc/self/status, or NULL. */
static const char *self_status(const char *name, char *buf, size_t len)
{
	FILE *f = fopen("/proc/self/status", "r");
	size_t n = strlen(name);
	const char *v = NULL;

	if (!f)
		return NULL;
	while (!v && fgets(buf, (int)len, f))
		if (!strncmp(buf, name, n) && buf[n] == ':')
			v = buf + n + 1 + strspn(buf + n + 1, " \t");
	fclose(f);
	return v;
}

/*
 * PTRACE_SECCOMP_GET_FILTER fails with EACCES for two reasons (kernel/
 * seccomp.c): the caller lacks CAP_SYS_ADMIN, or the caller itself runs
 * under seccomp (so that a filtered task cannot read the filters meant to
 * confine it).  Tell which.
 */
static const char *why_eacces(void)
{
	char buf[256];
	const char *v = self_status("Seccomp", buf, sizeof(buf));

	if (v && *v != '0')
		return "bpfdump itself runs under seccomp, and the kernel "
		       "shows filters only to unfiltered callers";
	v = self_status("CapEff", buf, sizeof(buf));
	/* CAP_SYS_ADMIN is bit 21 */
	if (v && !(strtoull(v, NULL, 16) & (1ULL << 21)))
		return "reading a filter needs CAP_SYS_ADMIN (run as root)";
	return "the kernel refused (it needs CAP_SYS_ADMIN, and the caller "
	       "must not run under seccomp)";
}

static int load_pid(long pid, struct secbpf_prog **progs, size_t *n)
{
	int st, rc = 0;

	*n = 0;
	if (ptrace(PTRACE_SEIZE, (pid_t)pid, 0, 0) ||
	    ptrace(PTRACE_INTERRUPT, (pid_t)pid, 0, 0))
		return cli_error("cannot attach to pid %ld: %s%s", pid,
				 strerror(errno),
				 errno == EPERM ? " (ptrace needs the same "
						  "user "
						  "or CAP_SYS_PTRACE, a Yama "
						  "ptrace_scope that allows "
						  "it, "
						  "and a target no one else "
						  "traces; reading filters "
						  "then needs CAP_SYS_ADMIN)"
						: "");
	waitpid((pid_t)pid, &st, __WALL);
	for (long i = 0; i < MAX_FILTERS; i++) {
		long len =
			ptrace(PTRACE_SECCOMP_GET_FILTER, (pid_t)pid, i, NULL);
		struct sock_filter *f;
		struct secbpf_error err;

		if (len < 0) {
			/* ENOENT: no more filters; EINVAL at the first: the
			 * task is not in filter mode at all */
			if (errno == ENOENT || (errno == EINVAL && i == 0))
				break;
			if (errno == EACCES)
				rc = cli_error("cannot read the filters of pid "
					       "%ld: %s",
					       pid, why_eacces());
			else if (errno == EMEDIUMTYPE)
				rc = cli_error("pid %ld: filter %ld is not a "
					       "classic BPF filter",
					       pid, i);
			else
				rc = cli_error("cannot read filter %ld of pid "
					       "%ld: %s",
					       i, pid, strerror(errno));
			break;
		}
		f = calloc((size_t)len, sizeof(*f));
		if (!f) {
			rc = cli_error("out of memory");
			break;
		}
		if (ptrace(PTRACE_SECCOMP_GET_FILTER, (pid_t)pid, i, f) !=
			    len ||
		    secbpf_prog_new((const struct secbpf_insn *)f, (size_t)len,
				    __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__,
				    &progs[*n], &err)) {
			free(f);
			rc = cli_error("cannot read filter %ld of pid %ld", i,
				       pid);
			break;
		}
		free(f);
		(*n)++;
	}
	ptrace(PTRACE_DETACH, (pid_t)pid, 0, 0);
	if (!rc && !*n)
		fprintf(stderr, "bpfdump: pid %ld has no seccomp filter\n",
			pid);
	return rc;
}

/* ---- which arches a program checks ---- */

/*
 * Whether the program checks for "a": run it for that arch and see whether
 * the path compares the loaded arch word (offset 4) with a's AUDIT_ARCH
 * and takes the branch.  A constant that merely equals some AUDIT_ARCH
 * (an argument compared with 8 is not MIPS) does not count.
 */
static bool checks_arch(const struct secbpf_prog *p,
			const struct secbpf_arch *a)
{
	uint32_t path[SECBPF_MAX_INSNS];
	struct secbpf_run_result r = {.path = path,
				      .path_cap = SECBPF_MAX_INSNS};
	struct secbpf_data d = {.arch = secbpf_arch_audit(a)};
	const struct secbpf_insn *in = secbpf_prog_insns(p);
	bool arch_in_a = false;

	if (secbpf_prog_run(p, &d, &r, NULL))
		return false;
	for (size_t i = 0; i < r.path_len; i++) {
		const struct secbpf_insn *x = &in[path[i]];

		if (BPF_CLASS(x->code) == BPF_LD)
			arch_in_a = x->code == (BPF_LD | BPF_W | BPF_ABS) &&
				    x->k == 4;
		else if (BPF_CLASS(x->code) == BPF_ALU ||
			 BPF_CLASS(x->code) == BPF_MISC)
			arch_in_a = false;
		else if (arch_in_a && x->code == (BPF_JMP | BPF_JEQ | BPF_K) &&
			 x->k == d.arch && i + 1 < r.path_len &&
			 path[i + 1] == path[i] + 1 + x->jt)
			return true;
	}
	return false;
}

static size_t checked_arches(const struct secbpf_prog *p,
			     const struct secbpf_arch *forced,
			     const struct secbpf_arch **out, size_t max)
{
	size_t n = 0;

	if (forced) {
		out[n++] = forced;
		return n;
	}
	for (size_t i = 0; i < secbpf_arch_count() && n < max; i++) {
		const struct secbpf_arch *a = secbpf_arch_at(i);

		/* x32 shares x86_64's AUDIT_ARCH: it comes with x86_64 */
		if (!strcmp(secbpf_arch_name(a), "x32") ||
		    secbpf_arch_by_audit(secbpf_arch_audit(a)) != a ||
		    !checks_arch(p, a))
			continue;
		out[n++] = a;
		if (!strcmp(secbpf_arch_name(a), "x86_64") && n < max)
			out[n++] = secbpf_arch_lookup("x32");
	}
	if (!n) {
		const struct secbpf_arch *nat = secbpf_arch_native();

		if (nat)
			out[n++] = nat;
	}
	return n;
}

/* ---- running ---- */

static int run1(const struct secbpf_prog *p, const struct secbpf_arch *a,
		uint32_t nr, const uint64_t *args, struct secbpf_run_result *r)
{
	struct secbpf_data d = {.nr = nr, .arch = secbpf_arch_audit(a)};
	struct secbpf_error err;

	if (args)
		memcpy(d.args, args, sizeof(d.args));
	if (secbpf_prog_run(p, &d, r, &err))
		return cli_lib_error(&err);
	return 0;
}

/* The kernel's choice between two filters' actions (seccomp_run_filters):
 * the lower action as a signed number; "cur" (the more recent) on a tie. */
static bool more_severe(uint32_t action, uint32_t than)
{
	return (int32_t)(action & SECBPF_RET_ACTION_FULL) <
	       (int32_t)(than & SECBPF_RET_ACTION_FULL);
}

/* A stack of filters (index 0 the first installed) on one syscall: the
 * action the kernel takes and the instructions all the filters run. */
static int run_stack(struct secbpf_prog *const *ps, size_t n,
		     const struct secbpf_arch *a, uint32_t nr,
		     const uint64_t *args, uint32_t *action, unsigned *count)
{
	*action = SECBPF_RET_ALLOW;
	*count = 0;
	for (size_t i = n; i-- > 0;) {
		struct secbpf_run_result r = {0};

		if (run1(ps[i], a, nr, args, &r))
			return 1;
		if (more_severe(r.action, *action))
			*action = r.action;
		*count += r.count;
	}
	return 0;
}

/*
 * Argument words compared on the path just run: for each, the constants
 * it met.  Feeding those constants (and their neighbours) back as argument
 * values explores every branch the program takes on arguments.
 */
struct probe_set {
	uint64_t vec[MAX_PROBES][6];
	uint16_t slot[PROBE_SLOTS]; /* hash of vec: index + 1 */
	size_t n;
	bool full; /* a new vector did not fit: exploration incomplete */
};

static size_t vec_hash(const uint64_t *v)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (int i = 0; i < 6; i++)
		h = (h ^ v[i]) * 0x100000001b3ULL;
	return (size_t)(h ^ h >> 29) % PROBE_SLOTS;
}

static void add_vec(struct probe_set *ps, const uint64_t *v)
{
	size_t h = vec_hash(v);

	/* open addressing; slot holds index + 1, 0 = empty */
	for (; ps->slot[h]; h = (h + 1) % PROBE_SLOTS)
		if (!memcmp(ps->vec[ps->slot[h] - 1], v, sizeof(ps->vec[0])))
			return;
	if (ps->n >= MAX_PROBES) {
		ps->full = true;
		return;
	}
	memcpy(ps->vec[ps->n], v, sizeof(ps->vec[0]));
	ps->slot[h] = (uint16_t)++ps->n;
}

/* "base" with one 32-bit word of one argument replaced. */
static void add_word(struct probe_set *ps, const uint64_t *base, unsigned arg,
		     bool hi, uint32_t w)
{
	uint64_t v[6];

	memcpy(v, base, sizeof(v));
	if (hi)
		v[arg] = (v[arg] & 0xffffffffULL) | (uint64_t)w << 32;
	else
		v[arg] = (v[arg] & ~0xffffffffULL) | w;
	add_vec(ps, v);
}

static void learn(const struct secbpf_prog *p, const uint32_t *path, size_t len,
		  const uint64_t *base, struct probe_set *ps)
{
	const struct secbpf_insn *in = secbpf_prog_insns(p);
	bool be = secbpf_prog_big_endian(p);
	int word = -1; /* byte offset of the argument word in A */

	for (size_t i = 0; i < len; i++) {
		const struct secbpf_insn *x = &in[path[i]];
		uint32_t k = x->k;
		unsigned arg;
		bool hi;

		switch (BPF_CLASS(x->code)) {
		case BPF_LD:
			word = x->code == (BPF_LD | BPF_W | BPF_ABS) &&
					       x->k >= 16
				       ? (int)x->k
				       : -1;
			continue;
		case BPF_ALU:
			/* a masked word still decides on the word's bits */
			if (x->code != (BPF_ALU | BPF_AND | BPF_K))
				word = -1;
			continue;
		case BPF_MISC:
			if (BPF_MISCOP(x->code) == BPF_TXA)
				word = -1;
			continue;
		case BPF_JMP:
			break;
		default:
			continue;
		}
		if (BPF_OP(x->code) == BPF_JA || BPF_SRC(x->code) != BPF_K ||
		    word < 0)
			continue;
		arg = (unsigned)(word - 16) / 8;
		hi = ((word % 8) == 0) == be;
		/*
		 * Values on both sides of the comparison: equal and not
		 * (k, k+1), the bound and its neighbours for an order,
		 * the mask and its complement for a bit test; and the
		 * word's extremes, whatever the test.
		 */
		add_word(ps, base, arg, hi, k);
		add_word(ps, base, arg, hi, k + 1);
		if (BPF_OP(x->code) == BPF_JGT || BPF_OP(x->code) == BPF_JGE)
			add_word(ps, base, arg, hi, k - 1);
		if (BPF_OP(x->code) == BPF_JSET)
			add_word(ps, base, arg, hi, ~k);
		add_word(ps, base, arg, hi, 0);
		add_word(ps, base, arg, hi, ~0U);
	}
}

/* Explore the argument space of one syscall on one or two programs. */
static int explore(const struct secbpf_prog *const *ps, size_t nprog,
		   const struct secbpf_arch *a, uint32_t nr,
		   struct probe_set *set)
{
	uint32_t path[SECBPF_MAX_INSNS];
	uint64_t zero[6] = {0};

	set->n = 0;
	set->full = false;
	memset(set->slot, 0, sizeof(set->slot));
	add_vec(set, zero);
	for (size_t i = 0; i < set->n; i++) {
		for (size_t k = 0; k < nprog; k++) {
			struct secbpf_run_result r = {
				.path = path, .path_cap = SECBPF_MAX_INSNS};

			if (run1(ps[k], a, nr, set->vec[i], &r))
				return 1;
			learn(ps[k], path, r.path_len, set->vec[i], set);
		}
	}
	return 0;
}

/*
 * Numbers worth trying on an arch: the table, the 64 numbers past its top
 * (a filter that allows "everything above N" shows there), and numbers a
 * filter may treat specially: -1 (what a tracer sets to skip a call), the
 * sign bit, and on x86_64 each number with the x32 bit (0x40000000) set:
 * x32 calls come in under x86_64's AUDIT_ARCH, so --arch x86_64 alone
 * must still see how a filter treats them.
 */
static size_t numbers(const struct secbpf_arch *a, uint32_t *out, size_t max)
{
	static const uint32_t special[] = {0x3fffffffU, 0x40000000U,
					   0x7fffffffU, 0x80000000U,
					   0xfffffffeU, 0xffffffffU};
	uint32_t top = 0, nr;
	size_t n = 0, table;

	for (size_t i = 0; i < secbpf_syscall_count(a) && n < max; i++) {
		secbpf_syscall_at(a, i, NULL, &nr);
		out[n++] = nr;
		/* ARM's private calls (0x0f0000..) are not the top */
		if (nr > top && (nr & 0xffff0000U) != 0x000f0000U)
			top = nr;
	}
	table = n;
	for (uint32_t x = 1; x <= 64 && n < max; x++)
		if (!secbpf_syscall_name(a, top + x))
			out[n++] = top + x;
	if (!strcmp(secbpf_arch_name(a), "x86_64"))
		for (size_t i = 0; i < table && n < max; i++)
			out[n++] = out[i] | 0x40000000U;
	for (size_t i = 0; i < SB_LEN(special) && n < max; i++) {
		bool dup = false;

		for (size_t j = 0; j < n && !dup; j++)
			dup = out[j] == special[i];
		if (!dup)
			out[n++] = special[i];
	}
	return n;
}

/* A syscall's name on arch "a"; x32's numbers under x86_64 by x32's. */
static const char *nr_name(const struct secbpf_arch *a, uint32_t nr)
{
	const char *name = secbpf_syscall_name(a, nr);

	if (!name && (nr & 0x40000000U) &&
	    !strcmp(secbpf_arch_name(a), "x86_64"))
		name = secbpf_syscall_name(secbpf_arch_lookup("x32"), nr);
	return name;
}

/* ---- the modes ---- */

static int do_dump(struct secbpf_prog *const *ps, size_t n,
		   const struct opts *o)
{
	for (size_t i = 0; i < n; i++) {
		struct secbpf_disasm_opts d = {.sz = sizeof(d),
					       .arch = o->arch};
		struct secbpf_error err;
		char *text;

		if (o->json) {
			/* several filters: an array of programs, index 0
			 * the first installed */
			if (secbpf_prog_write(ps[i], SECBPF_FORMAT_JSON, &text,
					      NULL, &err))
				return cli_lib_error(&err);
			printf("%s%s%s", n > 1 && !i ? "[" : "", i ? ", " : "",
			       text);
			if (n > 1 && i == n - 1)
				printf("]\n");
			free(text);
			continue;
		}
		if (secbpf_prog_disasm(ps[i], &d, &text, &err))
			return cli_lib_error(&err);
		if (n > 1)
			printf("%sfilter %zu (%zu instructions)%s\n",
			       i ? "\n" : "", i, secbpf_prog_len(ps[i]),
			       i == 0	    ? ", the first installed"
			       : i == n - 1 ? ", the most recent; runs first"
					    : "");
		fputs(text, stdout);
		free(text);
	}
	return 0;
}

/* Does the text read as a number (as opposed to a syscall name)? */
static bool numeric(const char *s)
{
	if (*s == '-')
		s++;
	return *s >= '0' && *s <= '9';
}

/*
 * "SYSCALL[,ARG0,...]": a name or a number, then up to six numbers; every
 * field must be there ("", ",1" and "read," are refused, not read as
 * syscall 0 or no argument), and every number fit where it goes.
 */
static int parse_emulate(const char *spec, const struct secbpf_arch *a,
			 uint32_t *nr, uint64_t *args)
{
	bool narrow = secbpf_arch_bits(a) == 32;
	const char *p = spec;
	char field[128];
	int i = 0;

	memset(args, 0, 6 * sizeof(*args));
	for (;; i++) {
		size_t len = strcspn(p, ",");
		char what[48];
		uint64_t v;

		if (len >= sizeof(field))
			return cli_error("invalid --emulate '%s': '%.*s...' is "
					 "too long",
					 spec, 16, p);
		memcpy(field, p, len);
		field[len] = '\0';
		if (i == 6 + 1)
			return cli_error("invalid --emulate '%s': at most six "
					 "arguments",
					 spec);
		if (!len)
			return cli_error("invalid --emulate '%s': %s is "
					 "empty",
					 spec,
					 i ? "an argument" : "the syscall");
		if (i == 0 && !numeric(field)) {
			if (secbpf_syscall_lookup(a, field, nr))
				return cli_error("unknown syscall '%s' on "
						 "'%s'",
						 field, secbpf_arch_name(a));
		} else if (i == 0) {
			/* seccomp_data.nr is an int: -1 is 0xffffffff */
			if (cli_parse_number("--emulate syscall number", field,
					     CLI_NUM_HEX | CLI_NUM_NEG,
					     1ULL << 31, 0, UINT32_MAX, &v))
				return 1;
			*nr = (uint32_t)v;
		} else {
			/*
			 * "-100" (AT_FDCWD) as a C caller passes it: on a
			 * 64-bit arch the register holds it sign-extended,
			 * on a 32-bit one it is one word, which the kernel
			 * zero-extends; a value wider than the register
			 * cannot be passed at all.
			 */
			snprintf(what, sizeof(what), "--emulate argument %d",
				 i - 1);
			if (cli_parse_number(
				    what, field, CLI_NUM_HEX | CLI_NUM_NEG,
				    narrow ? 1ULL << 31 : 1ULL << 63, 0,
				    narrow ? UINT32_MAX : UINT64_MAX, &v))
				return 1;
			args[i - 1] = narrow ? v & 0xffffffffULL : v;
		}
		if (!p[len])
			break;
		p += len + 1;
	}
	return 0;
}

/* The disassembly's lines on the path, so that the verdict reads as a
 * story ("arch is x86_64, nr is openat, args[1].lo has O_CREAT: ERRNO"). */
static void print_path(const struct secbpf_prog *p, const struct secbpf_arch *a,
		       const uint32_t *path, size_t n)
{
	struct secbpf_disasm_opts d = {.sz = sizeof(d), .arch = a};
	char *text, *line;
	size_t at = 0, k = 0;

	if (secbpf_prog_disasm(p, &d, &text, NULL))
		return; /* the numbers above still tell the path */
	line = text;
	for (; *line && k < n; at++) {
		char *end = strchr(line, '\n');

		if (!end)
			break;
		if (at == path[k]) {
			printf("%.*s\n", (int)(end - line), line);
			k++;
		}
		line = end + 1;
	}
	free(text);
}

static int do_emulate(const struct secbpf_prog *p, const struct opts *o,
		      uint32_t *action)
{
	const struct secbpf_arch *checked[1], *a = o->arch;

	/* default: the first arch the filter checks (else this machine's) */
	if (!a && checked_arches(p, NULL, checked, 1))
		a = checked[0];
	uint32_t path[SECBPF_MAX_INSNS], nr = 0;
	struct secbpf_run_result r = {.path = path,
				      .path_cap = SECBPF_MAX_INSNS};
	uint64_t args[6];
	char act[32];

	if (!a)
		return cli_error("give --arch");
	if (parse_emulate(o->emulate, a, &nr, args) || run1(p, a, nr, args, &r))
		return 1;
	*action = r.action;
	secbpf_action_str(r.action, act, sizeof(act));
	if (o->json) {
		printf("{\"arch\": \"%s\", \"nr\": %u, \"action\": \"%s\", "
		       "\"value\": %u, \"instructions\": %u, \"path\": [",
		       secbpf_arch_name(a), nr, act, r.action, r.count);
		for (size_t i = 0; i < r.path_len; i++)
			printf("%s%u", i ? ", " : "", path[i]);
		printf("], \"args\": [");
		for (size_t i = 0; i < 6; i++)
			printf("%s%llu", i ? ", " : "",
			       (unsigned long long)args[i]);
		printf("]}\n");
		return 0;
	}
	printf("%s\n", act);
	printf("path:");
	for (size_t i = 0; i < r.path_len; i++)
		printf(" %u", path[i]);
	printf("\ninstructions: %u\n", r.count);
	print_path(p, a, path, r.path_len);
	return 0;
}

/*
 * Every filter of a process runs on each syscall, the most recent first,
 * and the kernel keeps the most severe action (seccomp_run_filters: the
 * lowest action as a signed number; on a tie the more recent filter's).
 */
static int emulate_all(struct secbpf_prog *const *ps, size_t n,
		       const struct opts *o)
{
	uint32_t verdict = SECBPF_RET_ALLOW, action = 0;
	size_t decider = n;
	char act[32];

	if (n > 1 && o->json)
		printf("{\"filters\": [");
	/* index 0 is the first installed (PTRACE_SECCOMP_GET_FILTER) */
	for (size_t i = n; i-- > 0;) {
		if (n > 1 && o->json && i != n - 1)
			printf(", ");
		else if (n > 1 && !o->json)
			printf("%sfilter %zu: ", i != n - 1 ? "\n" : "", i);
		if (do_emulate(ps[i], o, &action))
			return 1;
		if (more_severe(action, verdict)) {
			verdict = action;
			decider = i;
		}
	}
	if (n < 2)
		return 0;
	secbpf_action_str(verdict, act, sizeof(act));
	if (o->json) {
		printf("], \"action\": \"%s\", \"value\": %u, "
		       "\"decided_by\": ",
		       act, verdict);
		if (decider < n)
			printf("%zu}\n", decider);
		else
			printf("null}\n");
	} else if (decider < n) {
		printf("\nprocess: %s (filter %zu decides)\n", act, decider);
	} else {
		printf("\nprocess: %s (every filter allows)\n", act);
	}
	return 0;
}

/*
 * Per arch, each syscall's fate under a stack of filters (one from a file,
 * or all of a process's, combined as the kernel combines them).
 */
static int do_summary(struct secbpf_prog *const *ps, size_t n,
		      const struct opts *o)
{
	const struct secbpf_arch *arches[32];
	size_t na = 0;
	struct probe_set *set = malloc(sizeof(*set));

	if (!set)
		return cli_error("out of memory");
	/* the arches any of the filters checks, each once */
	for (size_t k = 0; k < n; k++) {
		const struct secbpf_arch *mine[16];
		size_t m = checked_arches(ps[k], o->arch, mine, 16);

		for (size_t j = 0; j < m; j++) {
			bool dup = false;

			for (size_t q = 0; q < na && !dup; q++)
				dup = arches[q] == mine[j];
			if (!dup && na < SB_LEN(arches))
				arches[na++] = mine[j];
		}
	}
	if (n > 1 && !o->json)
		printf("%zu filters, combined as the kernel runs them\n\n", n);
	if (o->json)
		printf("{\"arches\": [");
	for (size_t ai = 0; ai < na; ai++) {
		const struct secbpf_arch *a = arches[ai];
		/* the kernel's cache covers its native and compat arches:
		 * never x32 (its numbers are past x86_64's bitmap), nor
		 * MIPS n32 (the compat ABI is o32 where both are built) */
		bool x32 = !strcmp(secbpf_arch_name(a), "x32") ||
			   strstr(secbpf_arch_name(a), "n32");
		double sum = 0;
		unsigned worst = 0;
		size_t count = secbpf_syscall_count(a), cached = 0;

		if (o->json)
			printf("%s{\"arch\": \"%s\", \"syscalls\": [",
			       ai ? ", " : "", secbpf_arch_name(a));
		else
			printf("%sarch %s\n  %-24s %10s  %-8s %5s  %s\n",
			       ai ? "\n" : "", secbpf_arch_name(a), "syscall",
			       "nr", "verdict", "insns",
			       "action (depends: the actions arguments get)");
		for (size_t i = 0; i < count; i++) {
			const char *name;
			uint32_t nr, first = 0, seen[8];
			unsigned own_worst = 0, zero_count = 0;
			size_t nseen = 0;
			bool depends, cache;
			char act[32], acts[160];

			secbpf_syscall_at(a, i, &name, &nr);
			if (explore((const struct secbpf_prog *const *)ps, n, a,
				    nr, set)) {
				free(set);
				return 1;
			}
			if (set->full)
				cli_warn("%s %s: stopped after %d argument "
					 "vectors; its verdict may depend on "
					 "arguments in ways not shown",
					 secbpf_arch_name(a), name, MAX_PROBES);
			for (size_t v = 0; v < set->n; v++) {
				bool dup = false;
				uint32_t action;
				unsigned ran;

				if (run_stack(ps, n, a, nr, set->vec[v],
					      &action, &ran)) {
					free(set);
					return 1;
				}
				/* the mean is over syscalls with zero
				 * arguments; the worst over every argument
				 * vector tried */
				if (ran > own_worst)
					own_worst = ran;
				if (v == 0) {
					first = action;
					zero_count = ran;
				}
				for (size_t j = 0; j < nseen && !dup; j++)
					dup = seen[j] == action;
				if (!dup && nseen < SB_LEN(seen))
					seen[nseen++] = action;
			}
			sum += zero_count;
			if (own_worst > worst)
				worst = own_worst;
			depends = nseen > 1;
			/* the actions an argument-dependent call can get */
			acts[0] = '\0';
			for (size_t j = 0; j < nseen; j++) {
				size_t used = strlen(acts);

				secbpf_action_str(seen[j], act, sizeof(act));
				snprintf(acts + used, sizeof(acts) - used,
					 o->json ? "%s\"%s\"" : "%s%s",
					 j ? ", " : "", act);
			}
			/* a task's bitmap is the AND of its filters' */
			cache = !x32;
			for (size_t k = 0; k < n && cache; k++)
				cache = secbpf_prog_cacheable(
					ps[k], secbpf_arch_audit(a), nr);
			cached += cache;
			secbpf_action_str(first, act, sizeof(act));
			if (o->json)
				printf("%s{\"name\": \"%s\", \"nr\": %u, "
				       "\"verdict\": \"%s\", \"action\": "
				       "\"%s\", \"actions\": [%s], "
				       "\"cached\": %s, \"instructions\": %u, "
				       "\"worst\": %u}",
				       i ? ", " : "", name, nr,
				       depends			   ? "depends"
				       : first == SECBPF_RET_ALLOW ? "allowed"
								   : "denied",
				       act, acts, cache ? "true" : "false",
				       zero_count, own_worst);
			else if (own_worst > zero_count)
				printf("  %-24s %10u  %-8s %5u  %s (up to %u "
				       "instructions)\n",
				       name, nr,
				       depends			   ? "depends"
				       : first == SECBPF_RET_ALLOW ? "allowed"
								   : "denied",
				       zero_count, depends ? acts : act,
				       own_worst);
			else if (depends)
				printf("  %-24s %10u  depends  %5u  %s\n", name,
				       nr, zero_count, acts);
			else
				printf("  %-24s %10u  %-8s %5u  %s%s\n", name,
				       nr,
				       first == SECBPF_RET_ALLOW ? "allowed"
								 : "denied",
				       zero_count, act,
				       cache ? "  (kernel-cached)" : "");
		}
		if (o->json)
			printf("], \"mean\": %.2f, \"worst\": %u, \"cached\": "
			       "%zu}",
			       count ? sum / (double)count : 0, worst, cached);
		else
			printf("  instructions per syscall: mean %.1f (zero "
			       "arguments), worst %u; kernel-cached: %zu of "
			       "%zu\n",
			       count ? sum / (double)count : 0, worst, cached,
			       count);
	}
	if (o->json)
		printf("]}\n");
	free(set);
	return 0;
}

static void print_args(const uint64_t *v)
{
	printf("(");
	for (int i = 0; i < 6; i++)
		printf("%s%#llx", i ? ", " : "", (unsigned long long)v[i]);
	printf(")");
}

static int do_diff(const struct secbpf_prog *pa, const struct secbpf_prog *pb,
		   const struct opts *o)
{
	const struct secbpf_arch *arches[32];
	size_t na = checked_arches(pa, o->arch, arches, 16);
	size_t nb = o->arch ? 0 : checked_arches(pb, NULL, arches + na, 16);
	const struct secbpf_prog *both[2] = {pa, pb};
	struct probe_set *set = malloc(sizeof(*set));
	uint32_t *nrs = malloc(8192 * sizeof(*nrs));
	size_t diffs = 0;

	if (!set || !nrs) {
		free(set);
		free(nrs);
		return cli_error("out of memory");
	}
	if (o->json)
		printf("{\"differences\": [");
	for (size_t ai = 0; ai < na + nb; ai++) {
		const struct secbpf_arch *a = arches[ai];
		bool dup = false;
		size_t n;

		for (size_t j = 0; j < ai; j++)
			dup |= arches[j] == a;
		if (dup)
			continue;
		n = numbers(a, nrs, 8192);
		for (size_t i = 0; i < n; i++) {
			if (explore(both, 2, a, nrs[i], set))
				goto fail;
			if (set->full)
				cli_warn("%s %s (%u): stopped after %d "
					 "argument "
					 "vectors; differences in its "
					 "arguments "
					 "may be missed",
					 secbpf_arch_name(a),
					 nr_name(a, nrs[i]) ? nr_name(a, nrs[i])
							    : "?",
					 nrs[i], MAX_PROBES);
			for (size_t v = 0; v < set->n; v++) {
				struct secbpf_run_result ra = {0}, rb = {0};
				const char *name = nr_name(a, nrs[i]);
				char sa[32], sb[32];

				if (run1(pa, a, nrs[i], set->vec[v], &ra) ||
				    run1(pb, a, nrs[i], set->vec[v], &rb))
					goto fail;
				if (ra.action == rb.action)
					continue;
				secbpf_action_str(ra.action, sa, sizeof(sa));
				secbpf_action_str(rb.action, sb, sizeof(sb));
				if (o->json) {
					printf("%s{\"arch\": \"%s\", \"nr\": "
					       "%u, "
					       "\"name\": \"%s\", \"args\": [",
					       diffs ? ", " : "",
					       secbpf_arch_name(a), nrs[i],
					       name ? name : "");
					for (int k = 0; k < 6; k++)
						printf("%s%llu", k ? ", " : "",
						       (unsigned long long)
							       set->vec[v][k]);
					printf("], \"a\": \"%s\", \"b\": "
					       "\"%s\"}",
					       sa, sb);
				} else {
					printf(nrs[i] < 0x10000 ? "%s %s (%u) "
								  "args "
								: "%s %s (%#x) "
								  "args ",
					       secbpf_arch_name(a),
					       name ? name : "?", nrs[i]);
					print_args(set->vec[v]);
					printf(": %s vs %s\n", sa, sb);
				}
				diffs++;
			}
		}
	}
	if (o->json)
		printf("], \"count\": %zu}\n", diffs);
	else
		printf("%zu difference%s\n", diffs, diffs == 1 ? "" : "s");
	free(set);
	free(nrs);
	return diffs ? 2 : 0;
fail:
	free(set);
	free(nrs);
	return 1;
}

static const char usage[] =
	"usage: bpfdump [OPTIONS] FILE\n"
	"       bpfdump [OPTIONS] --pid PID\n"
	"       bpfdump [OPTIONS] --diff A B\n"
	"\n"
	"Disassemble a seccomp filter (raw struct sock_filter bytes by\n"
	"default), or every filter of a live process.\n"
	"\n"
	"  --format raw|base64|hex|json\n"
	"                            how FILE is written (json: as secbpf\n"
	"                            compile -f json writes it)\n"
	"  --arch ARCH               the filter's arch (names syscalls; sets\n"
	"                            the byte order of raw files)\n"
	"  --big-endian, --little-endian\n"
	"                            byte order of FILE (default: --arch's, "
	"or\n"
	"                            this machine's)\n"
	"  --pid PID                 read the filters of a process (a\n"
	"                            decimal PID; needs CAP_SYS_ADMIN)\n"
	"  --emulate SYSCALL[,ARG0,...]\n"
	"                            run one syscall: action, path, count;\n"
	"                            SYSCALL a name or number, then up to\n"
	"                            six arguments; numbers decimal or 0x\n"
	"                            hex, negative ones as C passes them\n"
	"  --summary                 per arch, each syscall's verdict, "
	"whether\n"
	"                            the kernel caches it, instruction counts\n"
	"  --diff A B                syscalls and arguments the two filters\n"
	"                            decide differently\n"
	"  --json                    machine-readable output\n"
	"\n"
	"Exit status: 0 success (for --diff: the filters agree), 1 bad\n"
	"input or failure, 2 --diff found differences.\n";

static int bpfdump_main(int argc, char **argv)
{
	enum {
		O_FORMAT = 256,
		O_BE,
		O_LE,
		O_SUMMARY,
		O_JSON,
		O_DIFF,
		O_EMULATE,
		O_PID,
		O_HELP,
		O_VERSION
	};
	static const struct option lopts[] = {
		{"format", required_argument, NULL, O_FORMAT},
		{"arch", required_argument, NULL, 'a'},
		{"big-endian", no_argument, NULL, O_BE},
		{"little-endian", no_argument, NULL, O_LE},
		{"pid", required_argument, NULL, O_PID},
		{"emulate", required_argument, NULL, O_EMULATE},
		{"summary", no_argument, NULL, O_SUMMARY},
		{"diff", no_argument, NULL, O_DIFF},
		{"json", no_argument, NULL, O_JSON},
		{"help", no_argument, NULL, O_HELP},
		{"version", no_argument, NULL, O_VERSION},
		{NULL, 0, NULL, 0},
	};
	struct opts o = {.byte_order = -1, .pid = -1};
	struct secbpf_prog *progs[MAX_FILTERS] = {0};
	size_t n = 0;
	int c, rc = 1;

	while ((c = getopt_long(argc, argv, "a:h", lopts, NULL)) != -1) {
		switch (c) {
		case O_FORMAT:
			if (!strcmp(optarg, "raw"))
				o.format = SECBPF_FORMAT_RAW;
			else if (!strcmp(optarg, "base64"))
				o.format = SECBPF_FORMAT_BASE64;
			else if (!strcmp(optarg, "hex"))
				o.format = SECBPF_FORMAT_HEX;
			else if (!strcmp(optarg, "json"))
				o.format = SECBPF_FORMAT_JSON;
			else
				return cli_error("unknown format '%s' (raw, "
						 "base64, hex, json)",
						 optarg);
			break;
		case 'a':
			o.arch = cli_arch(optarg);
			if (!o.arch)
				return 1;
			break;
		case O_BE:
		case O_LE:
			o.byte_order = c == O_BE;
			break;
		case O_PID: {
			uint64_t pid;

			/* a pid_t: a larger number would be cut to another
			 * process's pid */
			if (cli_parse_number("--pid", optarg, 0, 0, 1, INT_MAX,
					     &pid))
				return 1;
			o.pid = (long)pid;
			break;
		}
		case O_EMULATE:
			o.emulate = optarg;
			break;
		case O_SUMMARY:
			o.summary = true;
			break;
		case O_DIFF:
			o.diff = true;
			break;
		case O_JSON:
			o.json = true;
			break;
		case 'h':
		case O_HELP:
			fputs(usage, stdout);
			return 0;
		case O_VERSION:
			printf("bpfdump (secbpf) %s\n", secbpf_version());
			return 0;
		default:
			fputs(usage, stderr);
			return 1;
		}
	}
	if (o.diff) {
		if (argc - optind != 2)
			return cli_error("--diff takes two files");
		if (load_file(argv[optind], &o, &progs[0]) ||
		    load_file(argv[optind + 1], &o, &progs[1]))
			goto out;
		rc = do_diff(progs[0], progs[1], &o);
		goto out;
	}
	if (o.pid > 0) {
		if (optind != argc)
			return cli_error("give a file or --pid, not both");
		if (load_pid(o.pid, progs, &n))
			goto out;
	} else {
		if (argc - optind != 1)
			return cli_error("give one filter file (see --help)");
		if (load_file(argv[optind], &o, &progs[0]))
			goto out;
		n = 1;
	}
	rc = 0;
	if (o.emulate)
		rc = emulate_all(progs, n, &o);
	else if (o.summary)
		rc = do_summary(progs, n, &o);
	if (!o.emulate && !o.summary)
		rc = do_dump(progs, n, &o);
out:
	for (size_t i = 0; i < MAX_FILTERS; i++)
		secbpf_prog_free(progs[i]);
	return rc;
}

int main(int argc, char **argv)
{
	return cli_close_stdout(bpfdump_main(argc, argv));
}
