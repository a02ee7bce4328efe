// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Policy decisions, portable: the embedded default profile, (when
 * ../shared is there) moby's default, and our profile of rules testing an
 * argument twice (tests/compile/profiles), resolved and compiled on THIS
 * machine for several targets' arch sets (this machine's own, x86_64's,
 * s390x's, ...), then run through the interpreter on a table of syscalls
 * whose verdicts are fixed here.  The table is the same on every host, so
 * a compiler or interpreter that depends on the host's byte order or word
 * size fails it somewhere.  Also: the programs tools/cross-test compiled
 * on the build host ($SECBPF_CROSS_PROGS) must be byte for byte what this
 * machine compiles, and decide every probe of tests/compile/diff.c alike.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "diff.h"
#include "tap.h"

#define ALLOW SECBPF_RET_ALLOW
#define EPERM_ SECBPF_RET_ERRNO(1)
#define EINVAL_ SECBPF_RET_ERRNO(22)
#define ENOSYS_ SECBPF_RET_ERRNO(38)
#define BOTH (-1)
#define HI(x) (0x100000000ULL | (x)) /* high word set: 64-bit ABIs see it */

struct decision {
	const char *profile; /* "default" or a file in $SECBPF_SHARED/profiles */
	const char *set;     /* the arch set compiled for */
	const char *arch;    /* the arch the syscall comes from */
	int caps;	     /* 0 none, 1 all, BOTH */
	const char *name;    /* syscall; NULL: "nr" below */
	uint32_t nr;
	uint64_t args[3];
	uint32_t want;
};

#define DEF_ROWS(set, arch)                                                    \
	{"default", set, arch, BOTH, "read", 0, {0}, ALLOW},                   \
		{"default", set, arch, BOTH, "kexec_load", 0, {0}, EPERM_},    \
		{"default", set, arch, 0, "chroot", 0, {0}, EPERM_},           \
		{"default", set, arch, 1, "chroot", 0, {0}, ALLOW},            \
		{"default", set, arch, BOTH, "personality", 0, {0}, ALLOW},    \
		{"default", set, arch, BOTH, "personality", 0, {8}, ALLOW},    \
		{"default", set, arch, BOTH, "personality", 0, {1}, ENOSYS_},  \
		{"default",	set, arch,	   BOTH,                       \
		 "personality", 0,   {0xffffffff}, ALLOW},                     \
		{"default", set, arch, 0, "socket", 0, {16, 3, 9}, EINVAL_},   \
		{"default", set, arch, 1, "socket", 0, {16, 3, 9}, ALLOW},     \
		{"default", set, arch, BOTH, "socket", 0, {2, 1, 0}, ALLOW},   \
	{                                                                      \
		"default", set, arch, BOTH, "socket", 0, {16, 3, 0}, ALLOW     \
	}

/* Where 32- and 64-bit ABIs differ: only the low word counts on 32-bit. */
#define WIDTH_ROWS(set, arch, want64, want32)                                    \
	{"default", set, arch, BOTH, "personality", 0, {HI(0)}, want64},         \
		{"default", set, arch, BOTH, "personality", 0, {~0ULL}, want64}, \
	{                                                                        \
		"moby_profiles_default.json", set, arch, BOTH, "socket", 0,      \
			{HI(38)}, want32                                         \
	}

/* moby's default allows setxattrat..removexattrat (463-466 plus the ABI's
 * base, Linux 6.13): by number, so that tables without them fail here. */
#define MOBY_NR(set, arch, nr, want)                                           \
	{                                                                      \
		"moby_profiles_default.json", set, arch, BOTH, NULL, nr, {0},  \
			want                                                   \
	}
#define XATTRAT_ROWS(set, arch, base)                                          \
	MOBY_NR(set, arch, (base) + 463, ALLOW),                               \
		MOBY_NR(set, arch, (base) + 464, ALLOW),                       \
		MOBY_NR(set, arch, (base) + 465, ALLOW),                       \
		MOBY_NR(set, arch, (base) + 466, ALLOW)

static const struct decision decisions[] = {
	DEF_ROWS("x86_64+x86+x32", "x86_64"),
	DEF_ROWS("x86_64+x86+x32", "x86"),
	DEF_ROWS("x86_64+x86+x32", "x32"),
	DEF_ROWS("s390x+s390", "s390x"),
	DEF_ROWS("s390x+s390", "s390"),
	DEF_ROWS("aarch64+arm", "aarch64"),
	DEF_ROWS("aarch64+arm", "arm"),
	DEF_ROWS("arm", "arm"),
	DEF_ROWS("ppc64le", "ppc64le"),
	DEF_ROWS("riscv64", "riscv64"),
	WIDTH_ROWS("x86_64+x86+x32", "x86_64", ENOSYS_, ALLOW),
	WIDTH_ROWS("x86_64+x86+x32", "x86", ALLOW, EPERM_),
	WIDTH_ROWS("x86_64+x86+x32", "x32", ALLOW, EPERM_),
	WIDTH_ROWS("s390x+s390", "s390x", ENOSYS_, ALLOW),
	WIDTH_ROWS("s390x+s390", "s390", ALLOW, EPERM_),
	WIDTH_ROWS("aarch64+arm", "aarch64", ENOSYS_, ALLOW),
	WIDTH_ROWS("aarch64+arm", "arm", ALLOW, EPERM_),
	WIDTH_ROWS("riscv64", "riscv64", ENOSYS_, ALLOW),
	XATTRAT_ROWS("x86_64+x86+x32", "x86_64", 0),
	XATTRAT_ROWS("x86_64+x86+x32", "x86", 0),
	XATTRAT_ROWS("x86_64+x86+x32", "x32", 0x40000000),
	XATTRAT_ROWS("aarch64+arm", "aarch64", 0),
	XATTRAT_ROWS("aarch64+arm", "arm", 0),
	XATTRAT_ROWS("s390x+s390", "s390x", 0),
	XATTRAT_ROWS("ppc64le", "ppc64le", 0),
	XATTRAT_ROWS("riscv64", "riscv64", 0),
	/* and a number past the tables still gets moby's default, EPERM */
	MOBY_NR("x86_64+x86+x32", "x86_64", 1023, EPERM_),
	/* arch-specific names: the includes test the primary arch */
	{"default",
	 "x86_64+x86+x32",
	 "x86_64",
	 BOTH,
	 "arch_prctl",
	 0,
	 {0},
	 ALLOW},
	{"default",
	 "s390x+s390",
	 "s390x",
	 BOTH,
	 "s390_runtime_instr",
	 0,
	 {0},
	 ALLOW},
	{"default", "aarch64+arm", "arm", BOTH, "cacheflush", 0, {0}, ALLOW},
	{"default",
	 "riscv64",
	 "riscv64",
	 BOTH,
	 "riscv_flush_icache",
	 0,
	 {0},
	 ALLOW},
	/* numbers no table names get the default; a foreign arch is killed */
	{"default", "s390x+s390", "s390x", BOTH, NULL, 1023, {0}, ENOSYS_},
	{"default", "arm", "arm", BOTH, NULL, 1023, {0}, ENOSYS_},
	{"default",
	 "s390x+s390",
	 "x86_64",
	 BOTH,
	 "read",
	 0,
	 {0},
	 SECBPF_RET_KILL_THREAD},
	{"default",
	 "aarch64+arm",
	 "s390x",
	 BOTH,
	 "read",
	 0,
	 {0},
	 SECBPF_RET_KILL_THREAD},
	/* moby: clone's flags are args[1] on s390 and s390x, args[0] elsewhere */
	{"moby_profiles_default.json",
	 "s390x+s390",
	 "s390x",
	 0,
	 "clone",
	 0,
	 {0x10000000, 0, 0},
	 ALLOW},
	{"moby_profiles_default.json",
	 "s390x+s390",
	 "s390x",
	 0,
	 "clone",
	 0,
	 {0, 0x10000000, 0},
	 EPERM_},
	{"moby_profiles_default.json",
	 "s390x+s390",
	 "s390",
	 0,
	 "clone",
	 0,
	 {0, 0x10000000, 0},
	 EPERM_},
	{"moby_profiles_default.json",
	 "s390x+s390",
	 "s390x",
	 1,
	 "clone",
	 0,
	 {0, 0x10000000, 0},
	 ALLOW},
	{"moby_profiles_default.json",
	 "aarch64+arm",
	 "aarch64",
	 0,
	 "clone",
	 0,
	 {0x10000000, 0, 0},
	 EPERM_},
	{"moby_profiles_default.json",
	 "aarch64+arm",
	 "arm",
	 0,
	 "clone",
	 0,
	 {0x01200011, 0x10000000, 0},
	 ALLOW},
	{"moby_profiles_default.json",
	 "x86_64+x86+x32",
	 "x86_64",
	 0,
	 "clone",
	 0,
	 {0x10000000, 0, 0},
	 EPERM_},
	{"moby_profiles_default.json",
	 "x86_64+x86+x32",
	 "x86_64",
	 1,
	 "clone",
	 0,
	 {0x10000000, 0, 0},
	 ALLOW},
	{"moby_profiles_default.json",
	 "ppc64le",
	 "ppc64le",
	 BOTH,
	 "socket",
	 0,
	 {40, 0, 0},
	 EPERM_},
	{"moby_profiles_default.json",
	 "ppc64le",
	 "ppc64le",
	 BOTH,
	 "socket",
	 0,
	 {41, 0, 0},
	 ALLOW},
};

/* tests/compile/profiles/repeated_args.json: a rule testing argument 0
 * twice is one rule per condition, so either value passes, directly and
 * through socketcall where socket is multiplexed (SYS_SOCKET, 1, pinned;
 * the parts on argument 0 keep nothing else there). */
#define SPLIT_ROWS(set, arch)                                                  \
	{"repeated_args.json", set, arch,  BOTH,                               \
	 "process_vm_readv",   0,   {100}, ALLOW},                             \
		{"repeated_args.json", set, arch,   BOTH,                      \
		 "process_vm_readv",   0,   {9001}, ALLOW},                    \
		{"repeated_args.json", set, arch,  BOTH,                       \
		 "process_vm_readv",   0,   {101}, EPERM_},                    \
		{"repeated_args.json", set, arch,   BOTH,                      \
		 "process_vm_writev",  0,   {2020}, SECBPF_RET_ERRNO(55)},     \
		{"repeated_args.json", set,  arch, BOTH, "getpriority", 0,     \
		 {0, 0x7fffffff},      ALLOW},                                 \
		{"repeated_args.json", set,  arch, BOTH, "socket", 0,          \
		 {10, 1, 5},	       ALLOW},                                 \
		{"repeated_args.json",                                         \
		 set,                                                          \
		 arch,                                                         \
		 BOTH,                                                         \
		 "socket",                                                     \
		 0,                                                            \
		 {2, 1, 0},                                                    \
		 ALLOW},                                                       \
	{                                                                      \
		"repeated_args.json", set, arch, BOTH, "socket", 0, {2, 1, 5}, \
			EPERM_                                                 \
	}

static const struct decision split_decisions[] = {
	SPLIT_ROWS("x86_64+x86+x32", "x86_64"),
	SPLIT_ROWS("x86_64+x86+x32", "x86"),
	SPLIT_ROWS("s390x+s390", "s390x"),
	SPLIT_ROWS("s390x+s390", "s390"),
	SPLIT_ROWS("aarch64+arm", "arm"),
	SPLIT_ROWS("ppc64le", "ppc64le"),
	/* socketcall(SYS_SOCKET, ...): any arguments, through the part
	 * that tested argument 0 */
	{"repeated_args.json",
	 "x86_64+x86+x32",
	 "x86",
	 BOTH,
	 "socketcall",
	 0,
	 {1, 0x1234, 0},
	 ALLOW},
	{"repeated_args.json",
	 "s390x+s390",
	 "s390x",
	 BOTH,
	 "socketcall",
	 0,
	 {1, 0x1234, 0},
	 ALLOW},
	{"repeated_args.json",
	 "x86_64+x86+x32",
	 "x86",
	 BOTH,
	 "socketcall",
	 0,
	 {3, 0x1234, 0},
	 EPERM_},
};

/*
 * The weighted layout's table for the decision tables: a workload's top
 * calls.  A layout moves the number tests only, so every decision must
 * hold for both programs.
 */
static const char *const freq_names[] = {
	"futex",      "read",	     "write",	   "openat",   "close",
	"newfstatat", "mmap",	     "epoll_wait", "recvfrom", "socket",
	"socketcall", "personality", "clone",	   "ioctl",
};
static const double freq_weights[] = {
	9000, 8000, 7000, 3000, 2800, 2500, 2000,
	1500, 1000, 50,	  40,	30,   20,   10,
};

/* Compiled programs, one per (profile, set, caps), built on first use. */
struct compiled {
	char key[600];
	struct secbpf_prog *prog;     /* NULL: could not be built (see err) */
	struct secbpf_prog *weighted; /* the same, weighted by freq_names */
	char err[sizeof(((struct secbpf_error *)0)->message)];
	bool absent; /* the shared profile is not there */
};
static struct compiled cache[64];
static size_t ncache;

static struct compiled *compiled(const char *profile, const char *set,
				 bool all_caps)
{
	const char *shared = getenv("SECBPF_SHARED");
	struct secbpf_profile *res = NULL;
	struct secbpf_policy *pol = NULL;
	struct secbpf_error err = {0};
	struct arch_set as;
	struct compiled *c;
	char key[600], path[512];
	const char *src = "default";

	snprintf(key, sizeof(key), "%s %s %d", profile, set, all_caps);
	for (size_t i = 0; i < ncache; i++)
		if (!strcmp(cache[i].key, key))
			return &cache[i];
	if (ncache == SB_ARRAY_SIZE(cache))
		return NULL;
	c = &cache[ncache++];
	snprintf(c->key, sizeof(c->key), "%s", key);
	if (strcmp(profile, "default")) {
		/* a shared profile, or one of ours (tests/compile/profiles) */
		const char *own = getenv("SECBPF_SOURCE_ROOT");
		FILE *f = NULL;

		if (shared && snprintf(path, sizeof(path), "%s/profiles/%s",
				       shared, profile) < (int)sizeof(path))
			f = fopen(path, "r");
		if (!f && own &&
		    snprintf(path, sizeof(path), "%s/tests/compile/profiles/%s",
			     own, profile) < (int)sizeof(path))
			f = fopen(path, "r");
		if (!f) {
			c->absent = true;
			return c;
		}
		fclose(f);
		src = path;
	}
	if (!arch_set_parse(set, &as)) {
		snprintf(c->err, sizeof(c->err), "bad arch set '%s'", set);
		return c;
	}
	if (load_policy(src, &as, all_caps, &res, &pol, &err) ||
	    secbpf_compile(pol, NULL, &c->prog, &err) ||
	    secbpf_prog_verify(c->prog, &err) ||
	    secbpf_compile(pol,
			   &(struct secbpf_compile_opts){
				   .sz = sizeof(struct secbpf_compile_opts),
				   .layout = SECBPF_LAYOUT_WEIGHTED,
				   .freq_names = freq_names,
				   .freq_weights = freq_weights,
				   .nfreq = TAP_ARRAY_SIZE(freq_names)},
			   &c->weighted, &err) ||
	    secbpf_prog_verify(c->weighted, &err)) {
		snprintf(c->err, sizeof(c->err), "%s", err.message);
		secbpf_prog_free(c->prog);
		secbpf_prog_free(c->weighted);
		c->prog = NULL;
		c->weighted = NULL;
	}
	secbpf_policy_free(pol);
	secbpf_profile_free(res);
	return c;
}

static void table(const struct decision *rows, size_t n)
{
	size_t absent = 0, run = 0;

	for (size_t i = 0; i < n; i++) {
		const struct decision *d = &rows[i];

		for (int caps = 0; caps < 2; caps++) {
			const struct secbpf_arch *a =
				secbpf_arch_lookup(d->arch);
			struct secbpf_data data = {0};
			struct secbpf_run_result r = {0};
			struct secbpf_error err = {0};
			struct compiled *c;

			if (d->caps != BOTH && d->caps != caps)
				continue;
			c = compiled(d->profile, d->set, caps);
			if (!CHECK(c, "too many programs"))
				return;
			if (c->absent) {
				absent++;
				continue;
			}
			if (!CHECK(c->prog, "%s for %s: %s", d->profile, d->set,
				   c->err) ||
			    !CHECK(a, "arch '%s'", d->arch))
				continue;
			data.arch = secbpf_arch_audit(a);
			data.nr = d->nr;
			if (d->name &&
			    !CHECK(secbpf_syscall_lookup(a, d->name,
							 &data.nr) == 0,
				   "%s has no '%s'", d->arch, d->name))
				continue;
			memcpy(data.args, d->args, sizeof(d->args));
			for (int w = 0; w < 2; w++) {
				const struct secbpf_prog *prog = w ? c->weighted
								   : c->prog;

				CHECK(secbpf_prog_run(prog, &data, &r, &err) ==
						      0 &&
					      r.action == d->want,
				      "%s, %s filter (%s), %s %s(%#llx, %#llx, "
				      "%#llx), %s caps: 0x%08x, want 0x%08x",
				      d->profile, d->set,
				      w ? "weighted" : "balanced", d->arch,
				      d->name ? d->name : "#",
				      (unsigned long long)d->args[0],
				      (unsigned long long)d->args[1],
				      (unsigned long long)d->args[2],
				      caps ? "all" : "no", r.action, d->want);
				run++;
			}
		}
	}
	tap_note("%zu decisions checked", run);
	if (absent)
		tap_skip("%zu decisions need $SECBPF_SHARED/profiles or "
			 "$SECBPF_SOURCE_ROOT",
			 absent);
}

static void decisions_table(void)
{
	table(decisions, TAP_ARRAY_SIZE(decisions));
}

static void split_table(void)
{
	table(split_decisions, TAP_ARRAY_SIZE(split_decisions));
}

/* One program the build host compiled (a MANIFEST line). */
static void host_program(const char *dir, const char *file, const char *src,
			 const char *caps, const char *set, size_t *same,
			 size_t *probes)
{
	struct secbpf_profile *res = NULL;
	struct secbpf_policy *pol = NULL;
	struct secbpf_prog *ours = NULL, *theirs = NULL;
	struct secbpf_error err = {0};
	struct diff_result dr;
	struct arch_set as;
	char path[1024], *bytes = NULL, *mine = NULL;
	size_t len = 0, mlen = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (!CHECK(arch_set_parse(set, &as), "%s: arch set '%s'", file, set))
		return;
	bytes = slurp(path, &len);
	if (!CHECK(bytes, "%s: %s", path, strerror(errno)))
		return;
	if (!CHECK(load_policy(src, &as, !strcmp(caps, "all"), &res, &pol,
			       &err) == 0 &&
			   secbpf_compile(pol, NULL, &ours, &err) == 0 &&
			   secbpf_prog_write(ours, SECBPF_FORMAT_RAW, &mine,
					     &mlen, &err) == 0,
		   "%s: %s", file, err.message))
		goto out;
	/* the build host's output in the target's byte order, as is */
	CHECK(mlen == len && !memcmp(mine, bytes, len),
	      "%s: this machine compiles %zu bytes, the build host %zu%s", file,
	      mlen, len, mlen == len ? " (contents differ)" : "");
	if (!CHECK(secbpf_prog_read(bytes, len, SECBPF_FORMAT_RAW,
				    arch_set_big_endian(&as), &theirs,
				    &err) == 0 &&
			   secbpf_prog_verify(theirs, &err) == 0,
		   "%s: %s", file, err.message))
		goto out;
	diff_programs(pol, theirs, ours, 1, NULL, NULL, &dr);
	if (!CHECK(dr.divergent == 0 && dr.queries > 0,
		   "%s: %zu of %zu verdicts differ", file, dr.divergent,
		   dr.queries))
		diff_print(file, &dr);
	*same += mlen == len && !memcmp(mine, bytes, len);
	*probes += dr.queries;
out:
	free(bytes);
	free(mine);
	secbpf_prog_free(ours);
	secbpf_prog_free(theirs);
	secbpf_policy_free(pol);
	secbpf_profile_free(res);
}

static void host_programs(void)
{
	const char *dir = getenv("SECBPF_CROSS_PROGS");
	char path[1024], line[1600];
	size_t n = 0, same = 0, probes = 0, absent = 0;
	FILE *f;

	if (!dir) {
		tap_skip("no build-host programs ($SECBPF_CROSS_PROGS is set "
			 "by tools/cross-test)");
		return;
	}
	snprintf(path, sizeof(path), "%s/MANIFEST", dir);
	f = fopen(path, "r");
	REQUIRE(f, "%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char file[256], src[1024], caps[8], set[64];

		if (!CHECK(sscanf(line, "%255s %1023s %7s %63s", file, src,
				  caps, set) == 4,
			   "MANIFEST line '%s'", line))
			continue;
		if (strcmp(src, "default") && access(src, R_OK)) {
			absent++; /* the host's profile is not visible here */
			continue;
		}
		host_program(dir, file, src, caps, set, &same, &probes);
		n++;
	}
	fclose(f);
	CHECK(n > 0, "no programs in %s", path);
	tap_note("%zu build-host programs: %zu byte-identical to this "
		 "machine's, %zu verdicts compared",
		 n, same, probes);
	if (absent)
		tap_skip("%zu programs' profiles are not visible here", absent);
}

/* Exit status of the child when the kernel refuses every filter. */
#define CHILD_CANNOT_INSTALL 77

/* In a child: the default profile's filter for this machine, installed;
 * then syscalls whose outcome the table above fixes. */
static int child_install(void)
{
	struct secbpf_profile *res = NULL;
	struct secbpf_policy *pol = NULL;
	struct secbpf_prog *prog = NULL;
	struct secbpf_error err = {0};
	struct arch_set set;
	int rc, bad = 0;

	if (!arch_set_native(&set) ||
	    load_policy("default", &set, false, &res, &pol, &err) ||
	    secbpf_compile(pol, NULL, &prog, &err))
		return 2;
	rc = secbpf_install(prog, NULL, NULL, &err);
	if (rc == -EINVAL || rc == -ENOSYS)
		return CHILD_CANNOT_INSTALL; /* qemu-user: EINVAL */
	if (rc)
		return 3;
	/* personality(1) is not allowed: the default's ENOSYS */
	errno = 0;
	bad |= !(syscall(SYS_personality, 1UL) == -1 && errno == ENOSYS);
	/* kexec_load: EPERM */
	errno = 0;
	bad |= !(syscall(SYS_kexec_load, 0UL, 0UL, 0UL, 0UL) == -1 &&
		 errno == EPERM);
	/* allowed calls still work */
	bad |= !(syscall(SYS_getpid) == getpid() && getpid() > 0);
	return bad ? 4 : 0;
}

/*
 * Whether seccomp(2) answers at all, asked without side effects.
 * qemu-user has no seccomp(2) (ENOSYS) and answers PR_SET_SECCOMP with
 * EINVAL; and fork() under a loaded qemu-user 7.2 now and then crashes
 * or hangs the child, so the test does not fork there.
 */
static bool seccomp_answers(void)
{
#ifdef SYS_seccomp
	uint32_t action = SECBPF_RET_ALLOW;

	/* SECCOMP_GET_ACTION_AVAIL (2), Linux 4.14 */
	return syscall(SYS_seccomp, 2, 0, &action) == 0 || errno != ENOSYS;
#else
	return false;
#endif
}

static void install(void)
{
	int status = 0;
	pid_t pid;

	if (!seccomp_answers()) {
		tap_skip("no seccomp(2) here (qemu-user: ENOSYS, and EINVAL "
			 "for "
			 "PR_SET_SECCOMP)");
		return;
	}
	pid = fork();
	if (!CHECK(pid >= 0, "fork: %s", strerror(errno)))
		return;
	if (pid == 0)
		_exit(child_install());
	if (!CHECK(waitpid(pid, &status, 0) == pid, "waitpid: %s",
		   strerror(errno)))
		return;
	if (WIFEXITED(status) && WEXITSTATUS(status) == CHILD_CANNOT_INSTALL) {
		tap_skip("seccomp filters cannot be installed here (qemu-user "
			 "answers PR_SET_SECCOMP with EINVAL)");
		return;
	}
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "child: status 0x%x (2 build, 3 install, 4 wrong outcome)",
	      (unsigned)status);
}

int main(int argc, char **argv)
{
	static const struct tap_case cases[] = {
		{"decisions", decisions_table},
		{"split_rules", split_table},
		{"host_programs", host_programs},
		{"install", install},
	};
	int rc = tap_main(cases, TAP_ARRAY_SIZE(cases), argc, argv);

	for (size_t i = 0; i < ncache; i++) {
		secbpf_prog_free(cache[i].prog);
		secbpf_prog_free(cache[i].weighted);
	}
	return rc;
}
