// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * secbpf record: run a command under a filter that notifies every syscall
 * (SECCOMP_RET_USER_NOTIF), count each call the supervisor lets continue,
 * per arch, and write what was seen: a profile allowing it (or what a base
 * profile lacked) and a "name count" table for the weighted layout.  No
 * root, ptrace or eBPF: no_new_privs is all the filter needs.
 *
 * The filter is one instruction, RET USER_NOTIF, whatever the arch: no
 * call needs to pass unseen for the recording to work.  The supervisor is
 * not under it, and the command's process makes only execve() between its
 * seccomp() and the command (supervise.c), which is notified, answered
 * and counted like any other call: under 'secbpf run' or a runtime the
 * same execve() is made under the profile, which must allow it.  Calls of
 * arches not recorded are let through and only counted, for a warning.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "record.h"
#include "supervise.h"

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif
#ifndef SECCOMP_FILTER_FLAG_SPEC_ALLOW
#define SECCOMP_FILTER_FLAG_SPEC_ALLOW (1UL << 2)
#endif

/* x32 calls come under AUDIT_ARCH_X86_64 with this bit in the number */
#define X32_SYSCALL_BIT 0x40000000U
/* compile --freq takes weights up to this */
#define FREQ_MAX_WEIGHT 1000000000000000ULL
/* warnings of one kind shown before the rest are counted */
#define MAX_SHOWN 10

struct record_opts {
	struct cli_env env; /* --cap, --all-caps, --kernel: for --base */
	const char *output;
	const char *freq;
	const char *base;
	bool env_given;
};

static int arch_option(struct cli_env *env, const char *name)
{
	const struct secbpf_arch *native = secbpf_arch_native(), *arch;
	const struct secbpf_arch *subs[REC_MAX_ARCHES];
	size_t nsubs;

	arch = cli_arch(name);
	if (!arch)
		return 1;
	if (!native)
		return cli_error("this machine's architecture is not "
				 "supported; nothing can be recorded here");
	nsubs = secbpf_arch_subarches(native, subs, REC_MAX_ARCHES);
	if (arch != native) {
		size_t i;

		for (i = 0; i < nsubs && subs[i] != arch; i++)
			;
		if (i == nsubs)
			return cli_error("'%s' does not run on this machine "
					 "('%s'): its calls cannot be recorded "
					 "here",
					 name, secbpf_arch_name(native));
	}
	if (env->narches == CLI_MAX_LIST)
		return cli_error("more than %d --arch options", CLI_MAX_LIST);
	env->arches[env->narches++] = name;
	return 0;
}

static int parse(int argc, char **argv, struct record_opts *o, int *cmd_index)
{
	enum { O_FREQ = 256, O_BASE };
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'},
		{"freq", required_argument, NULL, O_FREQ},
		{"base", required_argument, NULL, O_BASE},
		{"arch", required_argument, NULL, CLI_OPT_ARCH},
		{"cap", required_argument, NULL, CLI_OPT_CAP},
		{"all-caps", no_argument, NULL, CLI_OPT_ALL_CAPS},
		{"kernel", required_argument, NULL, CLI_OPT_KERNEL},
		{"quiet", no_argument, NULL, 'q'},
		{NULL, 0, NULL, 0},
	};
	int c;

	optind = 1;
	/* "+": the first non-option is the command */
	while ((c = getopt_long(argc, argv, "+o:q", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->output = optarg;
			break;
		case 'q':
			cli_quiet(true);
			break;
		case O_FREQ:
			o->freq = optarg;
			break;
		case O_BASE:
			o->base = optarg;
			break;
		case CLI_OPT_ARCH:
			if (arch_option(&o->env, optarg))
				return 1;
			break;
		case CLI_OPT_CAP:
		case CLI_OPT_ALL_CAPS:
		case CLI_OPT_KERNEL:
			if (cli_env_option(&o->env, c, optarg) < 0)
				return 1;
			o->env_given = true;
			break;
		default:
			return cli_error("see 'secbpf record --help'");
		}
	}
	if (o->env_given && !o->base)
		return cli_error("--cap, --all-caps and --kernel say how to "
				 "resolve the --base profile; there is none");
	if (o->output && o->freq && !strcmp(o->output, o->freq))
		return cli_error("-o and --freq name the same file '%s'",
				 o->output);
	if (optind >= argc)
		return cli_error("no command to record after '--'");
	*cmd_index = optind;
	return 0;
}

/*
 * An output that cannot be written is found before a long workload runs,
 * not after: a directory, or a new file in a directory that is missing.
 */
static int check_output(const char *opt, const char *path)
{
	struct stat st;
	char *dir, *slash;
	int rc = 0;

	if (!path || !strcmp(path, "-"))
		return 0;
	if (!stat(path, &st)) {
		if (S_ISDIR(st.st_mode))
			return cli_error("%s '%s' is a directory", opt, path);
		return 0;
	}
	dir = strdup(path);
	if (!dir)
		return cli_error("out of memory");
	slash = strrchr(dir, '/');
	if (slash) {
		*(slash == dir ? slash + 1 : slash) = '\0';
		if (stat(dir, &st) || !S_ISDIR(st.st_mode))
			rc = cli_error("%s '%s': no directory '%s'", opt, path,
				       dir);
	}
	free(dir);
	return rc;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct rec_entry *x = a, *y = b;

	return x->nr < y->nr ? -1 : x->nr > y->nr;
}

static int add_arch(struct rec *rec, const struct secbpf_arch *arch,
		    bool with_base)
{
	struct rec_arch *ra;
	size_t n = secbpf_syscall_count(arch);

	for (size_t i = 0; i < rec->narches; i++)
		if (rec->arches[i].arch == arch)
			return 0;
	if (rec->narches == REC_MAX_ARCHES)
		return cli_error("too many architectures");
	ra = &rec->arches[rec->narches];
	memset(ra, 0, sizeof(*ra));
	ra->arch = arch;
	ra->table = calloc(n ? n : 1, sizeof(*ra->table));
	ra->counts = calloc(n ? n : 1, sizeof(*ra->counts));
	if (with_base)
		ra->base = calloc(n ? n : 1, sizeof(*ra->base));
	if (!ra->table || !ra->counts || (with_base && !ra->base)) {
		free(ra->table);
		free(ra->counts);
		free(ra->base);
		return cli_error("out of memory");
	}
	for (size_t i = 0; i < n; i++)
		if (secbpf_syscall_at(arch, i, &ra->table[ra->n].name,
				      &ra->table[ra->n].nr) == 0)
			ra->n++;
	qsort(ra->table, ra->n, sizeof(*ra->table), cmp_entry);
	rec->narches++;
	return 0;
}

/* The native arch, then the --arch list or its sub-architectures. */
static int setup_arches(struct rec *rec, const struct cli_env *env)
{
	const struct secbpf_arch *native = secbpf_arch_native();
	const struct secbpf_arch *subs[REC_MAX_ARCHES];
	size_t nsubs;
	bool with_base = rec->base != NULL;

	if (!native)
		return cli_error("this machine's architecture is not "
				 "supported; nothing can be recorded here");
	if (add_arch(rec, native, with_base))
		return 1;
	if (env->narches) {
		for (size_t i = 0; i < env->narches; i++)
			if (add_arch(rec, secbpf_arch_lookup(env->arches[i]),
				     with_base))
				return 1;
		return 0;
	}
	nsubs = secbpf_arch_subarches(native, subs, REC_MAX_ARCHES);
	for (size_t i = 0; i < nsubs && i < REC_MAX_ARCHES; i++)
		if (add_arch(rec, subs[i], with_base))
			return 1;
	return 0;
}

static void free_arches(struct rec *rec)
{
	for (size_t i = 0; i < rec->narches; i++) {
		free(rec->arches[i].table);
		free(rec->arches[i].counts);
		free(rec->arches[i].base);
	}
}

/* The arch a notification's call was made as. */
static const struct secbpf_arch *arch_of(uint32_t audit, uint32_t nr)
{
	const struct secbpf_arch *arch = secbpf_arch_by_audit(audit);

	/* nr -1 is no call of either: the native arch keeps it */
	if (arch && audit == AUDIT_ARCH_X86_64 && (nr & X32_SYSCALL_BIT) &&
	    nr != UINT32_MAX)
		return secbpf_arch_lookup("x32");
	return arch;
}

static struct rec_entry *find_entry(struct rec_arch *ra, uint32_t nr)
{
	size_t lo = 0, hi = ra->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ra->table[mid].nr == nr)
			return &ra->table[mid];
		if (ra->table[mid].nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void count_other(struct rec *rec, const struct secbpf_arch *arch,
			uint32_t audit)
{
	for (size_t i = 0; i < rec->nother; i++)
		if (rec->other[i].arch == arch &&
		    (arch || rec->other[i].audit == audit)) {
			rec->other[i].calls++;
			return;
		}
	if (rec->nother == REC_MAX_OTHER) {
		rec->other_more++;
		return;
	}
	rec->other[rec->nother++] =
		(struct rec_other){.arch = arch, .audit = audit, .calls = 1};
}

static void count_unknown(struct rec_arch *ra, uint32_t nr)
{
	for (size_t i = 0; i < ra->nunknown; i++)
		if (ra->unknown[i].nr == nr) {
			ra->unknown[i].count++;
			return;
		}
	if (ra->nunknown == REC_MAX_UNKNOWN) {
		ra->unknown_more++;
		return;
	}
	ra->unknown[ra->nunknown++] = (struct rec_unknown){nr, 1};
}

/* The supervisor's callbacks (supervise.c). */
struct record_ctx {
	struct rec *rec;
	struct secbpf_prog *filter;
};

static int record_install(void *ctx)
{
	const struct record_ctx *r = ctx;
	SECBPF_OPTS(secbpf_install_opts, io,
		    .flags = SECCOMP_FILTER_FLAG_NEW_LISTENER |
			     SECCOMP_FILTER_FLAG_SPEC_ALLOW |
			     SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV);
	struct secbpf_error err;
	int lfd, rc;

	/*
	 * WAIT_KILLABLE_RECV (Linux 5.19): once we hold a notification, a
	 * signal no longer interrupts the call waiting for our answer, so the
	 * recorded program seldom sees an interrupted call (EINTR) that it
	 * would not have seen unrecorded.  Older kernels refuse the flag:
	 * without it, then.
	 */
	rc = secbpf_install(r->filter, &io, &lfd, &err);
	if (rc == -EINVAL) {
		io.flags &= ~SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
		rc = secbpf_install(r->filter, &io, &lfd, &err);
	}
	if (rc == -EBUSY)
		return cli_error("cannot record under a filter that has a "
				 "listener already (a 'secbpf record', 'secbpf "
				 "run --notify-log' or a runtime's agent): the "
				 "kernel allows one per task");
	if (rc)
		return cli_lib_error(&err);
	return 0;
}

/* Count a call the kernel let continue on our answer. */
static void record_answered(void *ctx, const struct seccomp_notif *req)
{
	struct rec *rec = ((struct record_ctx *)ctx)->rec;
	uint32_t nr = (uint32_t)req->data.nr, audit = req->data.arch;
	const struct secbpf_arch *arch = arch_of(audit, nr);
	struct rec_arch *ra = NULL;
	struct rec_entry *e;

	rec->calls++;
	for (size_t i = 0; i < rec->narches; i++)
		if (arch && rec->arches[i].arch == arch)
			ra = &rec->arches[i];
	if (!ra) {
		count_other(rec, arch, audit);
		return;
	}
	ra->calls++;
	e = find_entry(ra, nr);
	if (e)
		ra->counts[e - ra->table]++;
	else
		count_unknown(ra, nr);
	if (rec->base) {
		uint64_t args[6];

		for (size_t i = 0; i < 6; i++)
			args[i] = req->data.args[i];
		rec_base_judge(
			rec->base, audit, nr, req->data.instruction_pointer,
			args, e ? &ra->base[e - ra->table] : &ra->base_unknown);
	}
}

static struct secbpf_prog *record_filter(void)
{
	/* every call, every arch: the supervisor sorts them */
	const struct secbpf_insn notify_all[] = {
		{.code = BPF_RET | BPF_K, .k = SECBPF_RET_USER_NOTIF},
	};
	struct secbpf_prog *prog = NULL;
	struct secbpf_error err;

	if (secbpf_prog_new(notify_all, 1,
			    __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__, &prog,
			    &err)) {
		cli_lib_error(&err);
		return NULL;
	}
	return prog;
}

/* ---- what was seen ---- */

struct name_count {
	const char *name;
	uint64_t count;
};

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct name_count *)a)->name,
		      ((const struct name_count *)b)->name);
}

static int cmp_count(const void *a, const void *b)
{
	const struct name_count *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* The names seen over every recorded arch, calls added up, by name. */
static struct name_count *seen_names(const struct rec *rec, size_t *n)
{
	size_t total = 0, k = 0;
	struct name_count *v;

	for (size_t a = 0; a < rec->narches; a++)
		total += rec->arches[a].n;
	v = calloc(total ? total : 1, sizeof(*v));
	if (!v)
		return NULL;
	for (size_t a = 0; a < rec->narches; a++) {
		const struct rec_arch *ra = &rec->arches[a];

		for (size_t i = 0; i < ra->n; i++)
			if (ra->counts[i])
				v[k++] = (struct name_count){ra->table[i].name,
							     ra->counts[i]};
	}
	qsort(v, k, sizeof(*v), cmp_name);
	*n = 0;
	for (size_t i = 0; i < k; i++) {
		if (*n && !strcmp(v[*n - 1].name, v[i].name)) {
			/* a count per arch cannot reach 2^63: no wrap */
			v[*n - 1].count += v[i].count;
			continue;
		}
		v[(*n)++] = v[i];
	}
	return v;
}

static size_t distinct_syscalls(const struct rec_arch *ra)
{
	size_t n = ra->nunknown;

	for (size_t i = 0; i < ra->n; i++)
		n += ra->counts[i] != 0;
	return n;
}

static const char *plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* One line of the command for a comment: control bytes shown as '?'. */
static void command_line(char *const *cmd, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; cmd[i] && o + 1 < len; i++) {
		if (i)
			buf[o++] = ' ';
		for (const char *p = cmd[i]; *p && o + 1 < len; p++)
			buf[o++] = (unsigned char)*p < 0x20 || *p == 0x7f ? '?'
									  : *p;
	}
	buf[o < len ? o : len - 1] = '\0';
	if (o + 1 >= len && len > 4)
		memcpy(buf + len - 4, "...", 4);
}

static int write_freq(const struct rec *rec, const char *path, char **cmd,
		      int status)
{
	struct name_count *v;
	struct utsname u;
	char line[256], *text = NULL;
	size_t n = 0, len = 0;
	FILE *f;
	int rc;

	v = seen_names(rec, &n);
	if (!v)
		return cli_error("out of memory");
	qsort(v, n, sizeof(*v), cmp_count);
	f = open_memstream(&text, &len);
	if (!f) {
		free(v);
		return cli_error("out of memory");
	}
	if (uname(&u))
		memset(&u, 0, sizeof(u));
	command_line(cmd, line, sizeof(line));
	fprintf(f,
		"# Syscall mix: calls per syscall name, most frequent first "
		"(secbpf compile --freq).\n"
		"# Recorded with secbpf record on Linux %s %s, exit status "
		"%d:\n#   %s\n"
		"# %llu calls, %zu distinct syscalls",
		u.release, u.machine, status, line,
		(unsigned long long)rec->calls, n);
	for (size_t a = 0; a < rec->narches; a++)
		if (rec->arches[a].calls)
			fprintf(f, "%s %s %llu", a ? "," : ";",
				secbpf_arch_name(rec->arches[a].arch),
				(unsigned long long)rec->arches[a].calls);
	fputs(".\n", f);
	for (size_t i = 0; i < n; i++) {
		if (v[i].count > FREQ_MAX_WEIGHT)
			fprintf(f,
				"# %s: %llu calls, written as the "
				"largest weight taken\n",
				v[i].name, (unsigned long long)v[i].count);
		fprintf(f, "%s %llu\n", v[i].name,
			(unsigned long long)(v[i].count > FREQ_MAX_WEIGHT
						     ? FREQ_MAX_WEIGHT
						     : v[i].count));
	}
	for (size_t a = 0; a < rec->narches; a++) {
		const struct rec_arch *ra = &rec->arches[a];

		for (size_t i = 0; i < ra->nunknown; i++)
			fprintf(f, "# %s syscall %u (in no table): %llu\n",
				secbpf_arch_name(ra->arch), ra->unknown[i].nr,
				(unsigned long long)ra->unknown[i].count);
		if (ra->unknown_more)
			fprintf(f, "# %s, other numbers in no table: %llu\n",
				secbpf_arch_name(ra->arch),
				(unsigned long long)ra->unknown_more);
	}
	free(v);
	if (fclose(f)) {
		free(text);
		return cli_error("out of memory");
	}
	rc = cli_write_output(path, text, len, false);
	free(text);
	return rc;
}

static double seconds(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	       (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static double cpu_seconds(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru))
		return 0;
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void summary(const struct rec *rec, char *const *argv,
		    const struct cli_supervised *res, double wall, double cpu)
{
	size_t syscalls = 0;
	struct name_count *v = seen_names(rec, &syscalls);
	char per_arch[512], cmd[128], how[64];
	char *name[] = {argv[0], NULL};
	size_t o = 0;

	free(v);
	command_line(name, cmd, sizeof(cmd));
	per_arch[0] = '\0';
	for (size_t a = 0; a < rec->narches; a++) {
		const struct rec_arch *ra = &rec->arches[a];
		size_t d = distinct_syscalls(ra);

		/* numbers in no table have no name to merge under */
		syscalls += ra->nunknown;

		if (!ra->calls || o >= sizeof(per_arch))
			continue;
		o += (size_t)snprintf(per_arch + o, sizeof(per_arch) - o,
				      "%s%s %llu %s of %zu", o ? "; " : "",
				      secbpf_arch_name(ra->arch),
				      (unsigned long long)ra->calls,
				      plural(ra->calls, "call", "calls"), d);
	}
	if (res->killed_by)
		snprintf(how, sizeof(how), "was killed by signal %d",
			 res->killed_by);
	else
		snprintf(how, sizeof(how), "exited with status %d",
			 res->status);
	rec_info("'%s' %s after %.2f s: %llu %s of %zu %s (%s)", cmd, how, wall,
		 (unsigned long long)rec->calls,
		 plural(rec->calls, "call", "calls"), syscalls,
		 plural(syscalls, "syscall", "syscalls"), per_arch);
	if (rec->calls)
		rec_info("overhead: %.2f us of supervisor CPU per call (%.3f s "
			 "in all), %.0f calls/s",
			 cpu * 1e6 / (double)rec->calls, cpu,
			 wall > 0 ? (double)rec->calls / wall : 0.0);
}

static void warn_unrecorded(const struct rec *rec)
{
	/* a base's filter decides them as it does: no name reaches them */
	const char *fate = rec->base ? ""
				     : "; the recorded profile fails it with "
				       "ENOSYS, as a call newer than its names";
	size_t shown = 0;

	for (size_t a = 0; a < rec->narches; a++) {
		const struct rec_arch *ra = &rec->arches[a];

		for (size_t i = 0; i < ra->nunknown; i++)
			if (shown++ < MAX_SHOWN)
				cli_warn(
					"%s syscall %u (%llu %s) is in no "
					"table (Linux %s): no profile can "
					"name it%s",
					secbpf_arch_name(ra->arch),
					ra->unknown[i].nr,
					(unsigned long long)ra->unknown[i].count,
					plural(ra->unknown[i].count, "call",
					       "calls"),
					secbpf_syscall_tables_kernel(), fate);
		if (ra->unknown_more)
			cli_warn("%llu more calls of %s numbers in no table, "
				 "past the %d numbers kept",
				 (unsigned long long)ra->unknown_more,
				 secbpf_arch_name(ra->arch), REC_MAX_UNKNOWN);
	}
	if (shown > MAX_SHOWN)
		cli_warn("%zu more numbers in no table not shown ('--freq' "
			 "lists them)",
			 shown - MAX_SHOWN);
	for (size_t i = 0; i < rec->nother; i++) {
		const struct rec_other *o = &rec->other[i];

		if (o->arch)
			cli_warn("%llu %s of the '%s' arch, not recorded (no "
				 "--arch %s): a profile without it kills them",
				 (unsigned long long)o->calls,
				 plural(o->calls, "call", "calls"),
				 secbpf_arch_name(o->arch),
				 secbpf_arch_name(o->arch));
		else
			cli_warn("%llu %s of an unknown arch (audit value "
				 "%#x), not recorded",
				 (unsigned long long)o->calls,
				 plural(o->calls, "call", "calls"), o->audit);
	}
	if (rec->other_more)
		cli_warn("%llu calls of further arches, not recorded",
			 (unsigned long long)rec->other_more);
}

static int run_record(int argc, char **argv)
{
	struct record_opts o = {0};
	struct rec rec = {0};
	struct rec_base base = {0};
	struct record_ctx ctx = {.rec = &rec};
	const struct cli_supervisor sup = {
		.install = record_install,
		.answered = record_answered,
		.ctx = &ctx,
		.sync_wakeup = true,
	};
	struct cli_supervised res;
	struct timespec t0, t1;
	double cpu0;
	int first = 0, status, rc = 1;
	bool supervised = false;

	if (parse(argc, argv, &o, &first) || check_output("-o", o.output) ||
	    check_output("--freq", o.freq))
		return 1;
	rec.env = &o.env;
	if (o.base) {
		if (rec_base_load(&base, o.base, &o.env))
			goto out;
		rec.base = &base;
	}
	if (setup_arches(&rec, &o.env))
		goto out;
	ctx.filter = record_filter();
	if (!ctx.filter)
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cpu0 = cpu_seconds();
	if (cli_supervise(argv + first, &sup, &res))
		goto out;
	supervised = true;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	status = res.status;
	if (!res.served && !res.stop_signal) {
		/* the command's process ended before its filter was in */
		rc = status ? status : 1;
		goto out;
	}
	if (res.no_continue) {
		cli_error("nothing recorded: the command's calls could not "
			  "continue");
		rc = status ? status : 1;
		goto out;
	}
	summary(&rec, argv + first, &res, seconds(&t0, &t1),
		cpu_seconds() - cpu0);
	if (res.stop_signal)
		cli_warn("stopped by signal %d before the last task under the "
			 "filter ended: the recording may be short of its "
			 "calls",
			 res.stop_signal);
	warn_unrecorded(&rec);
	rc = 0;
	if (o.freq)
		rc |= write_freq(&rec, o.freq, argv + first, status);
	if (o.output || !o.freq)
		rc |= rec_write_profile(&rec, o.output);
	/* the command's status, unless it succeeded and we did not */
	rc = status ? status : rc;
out:
	secbpf_prog_free(ctx.filter);
	free_arches(&rec);
	rec_base_free(&base);
	if (supervised)
		return cli_supervise_end(&res, rc);
	return rc;
}

const struct cli_cmd cmd_record = {
	.name = "record",
	.run = run_record,
	.summary = "run a command and record the syscalls it makes",
	.usage = "usage: secbpf record [-o PROFILE] [--freq FILE] [--base "
		 "PROFILE]\n"
		 "                     [--cap CAP]... [--all-caps] [--kernel "
		 "X.Y]\n"
		 "                     [--arch ARCH]... [--quiet] -- COMMAND "
		 "[ARGS...]\n"
		 "\n"
		 "Run COMMAND, its threads, children and execs, and record "
		 "every\n"
		 "syscall they make, per architecture: a filter notifies each "
		 "one\n"
		 "(USER_NOTIF; no_new_privs is set, no root, ptrace or eBPF "
		 "needed)\n"
		 "and secbpf lets it continue, until no task is left under the "
		 "filter.\n"
		 "SIGTERM, SIGINT and SIGHUP are passed on to COMMAND.  Then "
		 "it "
		 "writes\n"
		 "a profile allowing the names seen (default action ERRNO: "
		 "EPERM for\n"
		 "the syscalls the tables know and COMMAND did not make, "
		 "ENOSYS "
		 "for\n"
		 "newer ones), and prints a summary on standard error.\n"
		 "\n"
		 "  -o, --output PROFILE  write the profile there (default: "
		 "standard\n"
		 "                  output, unless --freq alone is asked for)\n"
		 "  --freq FILE     write a 'name count' table of the calls, "
		 "most\n"
		 "                  frequent first, for 'secbpf compile "
		 "--freq'\n"
		 "  --base PROFILE  write PROFILE plus one rule allowing what "
		 "it "
		 "lacked:\n"
		 "                  each call is judged with its arguments by "
		 "the\n"
		 "                  filter PROFILE compiles to here; a call "
		 "its "
		 "default\n"
		 "                  action decides adds its name (a rule with "
		 "conditions\n"
		 "                  that did not match is widened), one a rule "
		 "denies\n"
		 "                  is left to that rule, with a warning\n"
		 "  --cap CAP, --all-caps, --kernel X.Y  the bounding set and "
		 "kernel\n"
		 "                  the base is resolved for (as 'secbpf "
		 "compile')\n"
		 "  --arch ARCH     record this arch's calls besides the "
		 "native "
		 "one's\n"
		 "                  (repeatable); default: the native arch's "
		 "archMap\n"
		 "                  relatives (x86_64: x86 and x32 as well)\n"
		 "  -q, --quiet     no warnings (about the base, calls not "
		 "recorded);\n"
		 "                  errors and the summary stay\n"
		 "\n"
		 "Exit status: COMMAND's, 128+N if killed by signal N; 1 if "
		 "nothing\n"
		 "could be recorded, or if COMMAND succeeded and an output "
		 "could not\n"
		 "be written.\n",
};
