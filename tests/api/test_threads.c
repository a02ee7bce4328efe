// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Thread and fork safety, as secbpf.h states them: 8 threads x 1000
 * compiles of one shared policy give the program the main thread got,
 * byte for byte, while the same threads also run the whole pipeline from
 * profile text, run the shared program, and race for the lazily built
 * name indexes of arches nobody asked before; and a child forked while
 * those threads run compiles from what it inherited, and installs with no
 * allocation at all.  Run it under TSan (meson setup -Db_sanitize=thread)
 * to see the races it would have.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "secbpf.h"

/*
 * Criterion's runner does not start under TSan (its inheritable arena,
 * Criterion issue #274): with -DTHREADS_STANDALONE the same tests run
 * from a main of their own, which is what a TSan build registers.
 */
#ifdef THREADS_STANDALONE
static int failed;
#define TEST(name) static void name(void)
#define EXPECT(c, ...)                                                         \
	do {                                                                   \
		if (!(c)) {                                                    \
			fprintf(stderr, "FAIL: " __VA_ARGS__);                 \
			fputc('\n', stderr);                                   \
			failed = 1;                                            \
		}                                                              \
	} while (0)
#define REQUIRE(c, ...)                                                        \
	do {                                                                   \
		EXPECT(c, __VA_ARGS__);                                        \
		if (!(c))                                                      \
			exit(1);                                               \
	} while (0)
#define SKIP(why)                                                              \
	do {                                                                   \
		printf("skip: %s\n", why);                                     \
		return;                                                        \
	} while (0)
#else
#include <criterion/criterion.h>
#define TEST(name) Test(threads, name)
#define EXPECT(c, ...) cr_expect(c, __VA_ARGS__)
#define REQUIRE(c, ...) cr_assert(c, __VA_ARGS__)
#define SKIP(why) cr_skip_test("%s", why)
#endif

#define THREADS 8
#define COMPILES 1000
/* the whole pipeline, from text, every this many compiles */
#define PIPELINE_EVERY 100

/* An allocation by the library in a child that must make none aborts
 * it (ld --wrap). */
static bool forbid_alloc;

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);

void *__wrap_malloc(size_t n)
{
	if (forbid_alloc)
		abort();
	return __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	if (forbid_alloc)
		abort();
	return __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	if (forbid_alloc)
		abort();
	return __real_realloc(p, n);
}

static const char *const targets[] = {"x86_64", "x86", "x32"};

struct shared {
	const struct secbpf_policy *policy;
	const struct secbpf_prog *ref; /* what the main thread compiled */
	pthread_barrier_t start;
	atomic_int failures;
	atomic_bool stop; /* the fork test's threads: until told */
};

static struct secbpf_policy *default_policy(struct secbpf_error *err)
{
	SECBPF_OPTS(secbpf_resolve_opts, ro, .arches = targets, .narches = 3,
		    .all_caps = false, .kernel_major = 6, .kernel_minor = 12);
	struct secbpf_profile *p = NULL, *r = NULL;
	struct secbpf_policy *pol = NULL;

	if (!secbpf_profile_default(&p, err) &&
	    !secbpf_profile_resolve(p, &ro, &r, err))
		secbpf_policy_new(r, NULL, &pol, err);
	secbpf_profile_free(r);
	secbpf_profile_free(p);
	return pol;
}

static bool same(const struct secbpf_prog *a, const struct secbpf_prog *b)
{
	return a && b && secbpf_prog_len(a) == secbpf_prog_len(b) &&
	       secbpf_prog_big_endian(a) == secbpf_prog_big_endian(b) &&
	       !memcmp(secbpf_prog_insns(a), secbpf_prog_insns(b),
		       secbpf_prog_len(a) * sizeof(struct secbpf_insn));
}

/* Every name of an arch looked up: the first lookups build its index. */
static bool lookup_all(const struct secbpf_arch *a)
{
	for (size_t i = 0; i < secbpf_syscall_count(a); i++) {
		const char *name;
		uint32_t nr, again;

		if (secbpf_syscall_at(a, i, &name, &nr) ||
		    secbpf_syscall_lookup(a, name, &again) || again != nr)
			return false;
	}
	return true;
}

static void *worker(void *arg)
{
	struct shared *s = arg;
	struct secbpf_error err;
	const struct secbpf_data openat = {
		.nr = 257, .arch = 0xc000003e, .args = {0, 0, 0, 0, 0, 0}};
	struct secbpf_run_result want, got;

	pthread_barrier_wait(&s->start);
	/* every thread at once on arches whose indexes nobody built */
	for (size_t i = 0; i < secbpf_arch_count(); i++)
		if (!lookup_all(secbpf_arch_at(i)))
			atomic_fetch_add(&s->failures, 1);
	memset(&want, 0, sizeof(want));
	if (secbpf_prog_run(s->ref, &openat, &want, &err))
		atomic_fetch_add(&s->failures, 1);
	for (int i = 0; i < COMPILES; i++) {
		struct secbpf_prog *p = NULL;

		if (secbpf_compile(s->policy, NULL, &p, &err) ||
		    !same(p, s->ref))
			atomic_fetch_add(&s->failures, 1);
		secbpf_prog_free(p);
		memset(&got, 0, sizeof(got));
		if (secbpf_prog_run(s->ref, &openat, &got, &err) ||
		    got.action != want.action || got.count != want.count)
			atomic_fetch_add(&s->failures, 1);
		if (i % PIPELINE_EVERY == 0) {
			struct secbpf_policy *pol = default_policy(&err);

			p = NULL;
			if (!pol || secbpf_compile(pol, NULL, &p, &err) ||
			    !same(p, s->ref))
				atomic_fetch_add(&s->failures, 1);
			secbpf_prog_free(p);
			secbpf_policy_free(pol);
		}
	}
	return NULL;
}

TEST(eight_threads_thousand_compiles_identical)
{
	struct shared s = {0};
	struct secbpf_policy *pol;
	struct secbpf_prog *ref = NULL;
	struct secbpf_error err;
	pthread_t t[THREADS];

	pol = default_policy(&err);
	REQUIRE(pol, "%s", err.message);
	REQUIRE(!secbpf_compile(pol, NULL, &ref, &err), "%s", err.message);
	s.policy = pol;
	s.ref = ref;
	pthread_barrier_init(&s.start, NULL, THREADS);
	for (int i = 0; i < THREADS; i++)
		REQUIRE(!pthread_create(&t[i], NULL, worker, &s), "thread");
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&s.start);
	EXPECT(atomic_load(&s.failures) == 0,
	       "%d compiles, runs or lookups differed or failed",
	       atomic_load(&s.failures));
	secbpf_prog_free(ref);
	secbpf_policy_free(pol);
}

static void *busy(void *arg)
{
	struct shared *s = arg;

	pthread_barrier_wait(&s->start);
	while (!atomic_load(&s->stop)) {
		struct secbpf_prog *p = NULL;

		if (secbpf_compile(s->policy, NULL, &p, NULL) ||
		    !same(p, s->ref))
			atomic_fetch_add(&s->failures, 1);
		secbpf_prog_free(p);
	}
	return NULL;
}

/*
 * In the child of a process whose threads were compiling: what it
 * inherited still compiles, and installing makes no allocation (so it may
 * come between fork and exec).  Exit status: 0, or which step failed.
 */
static int child(const struct shared *s)
{
	struct secbpf_prog *p = NULL;
	int rc;

	if (secbpf_compile(s->policy, NULL, &p, NULL) || !same(p, s->ref))
		return 2;
	forbid_alloc = true;
	rc = secbpf_install(s->ref, NULL, NULL, NULL);
	forbid_alloc = false;
	/* EINVAL: the kernel takes no filter here (qemu-user) */
	if (rc && rc != -EINVAL)
		return 3;
	return 0;
}

TEST(fork_while_threads_compile)
{
	struct shared s = {0};
	struct secbpf_policy *pol;
	struct secbpf_prog *ref = NULL;
	struct secbpf_error err;
	pthread_t t[4];

#ifdef __SANITIZE_ADDRESS__
	/* GCC 12's ASan allocator takes no lock around fork(): a child forked
	 * while a thread allocates inherits that thread's allocator lock held
	 * and hangs on its first malloc.  glibc's malloc, the one a runtime
	 * links, resets its locks in the child: the normal build tests it. */
	SKIP("ASan's allocator is not fork-safe with threads");
#endif
	/* under valgrind the children would leave the other threads'
	 * allocations behind, which it counts as leaks */
	if (getenv("SECBPF_TEST_UNDER_VALGRIND"))
		SKIP("under valgrind");
	pol = default_policy(&err);
	REQUIRE(pol, "%s", err.message);
	REQUIRE(!secbpf_compile(pol, NULL, &ref, &err), "%s", err.message);
	s.policy = pol;
	s.ref = ref;
	pthread_barrier_init(&s.start, NULL, 5);
	for (int i = 0; i < 4; i++)
		REQUIRE(!pthread_create(&t[i], NULL, busy, &s), "thread");
	pthread_barrier_wait(&s.start);
	for (int i = 0; i < 20; i++) {
		pid_t pid = fork();
		int st;

		REQUIRE(pid >= 0, "fork");
		if (pid == 0)
			_exit(child(&s));
		REQUIRE(waitpid(pid, &st, 0) == pid, "waitpid");
		EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		       "child %d: status %#x (2: compile, 3: install, "
		       "SIGABRT: install allocated)",
		       i, st);
	}
	atomic_store(&s.stop, true);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&s.start);
	EXPECT(atomic_load(&s.failures) == 0, "%d compiles differed",
	       atomic_load(&s.failures));
	secbpf_prog_free(ref);
	secbpf_policy_free(pol);
}

#ifdef THREADS_STANDALONE
int main(void)
{
	eight_threads_thousand_compiles_identical();
	fork_while_threads_compile();
	if (!failed)
		puts("ok: threads and fork");
	return failed;
}
#endif
