// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A program whose syscalls are known, for the tests of secbpf record: each
 * part makes a call no other part (nor the C library's start-up) makes, a
 * known number of times.
 *
 *   record-probe basic N [extra]  getppid N times; a thread that calls
 *                                 getpriority; a fork whose child calls
 *                                 getsid and execs "child" (sysinfo);
 *                                 personality(0xffffffff); a socket;
 *                                 on x86_64,
 *                                 nice(0) through int 0x80 (x86) in a
 *                                 child; with "extra", sched_getparam too,
 *                                 and prints how it went
 *   record-probe mark N           sched_getscheduler N times
 *   record-probe unknown NR [K]   syscall NR (NR+1, ..., K calls), printing
 *                                 how each went
 *   record-probe loop N           getppid N times, timed: ns per call
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void *thread_main(void *arg)
{
	struct timespec ts = {0, 20 * 1000 * 1000};

	(void)arg;
	/* the join then always waits (futex), whatever the scheduling */
	nanosleep(&ts, NULL);
	syscall(SYS_getpriority, 0 /* PRIO_PROCESS */, 0);
	return NULL;
}

static int wait_child(pid_t pid)
{
	int st;

	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

#if defined(__x86_64__)
/* 1: the x86 call went through; 0: this kernel has no int 0x80 */
static int x86_nice(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		long ret = 34; /* x86's nice */

		__asm__ volatile("int $0x80"
				 : "+a"(ret)
				 : "b"(0L)
				 : "memory", "r8", "r9", "r10", "r11");
		_exit(ret == 0 ? 0 : 1);
	}
	return wait_child(pid) == 0;
}
#endif

static int basic(const char *self, long n, int extra)
{
	pthread_t t;
	pid_t pid;
	int x86 = -1;

	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	if (pthread_create(&t, NULL, thread_main, NULL) ||
	    pthread_join(t, NULL)) {
		fprintf(stderr, "record-probe: thread failed\n");
		return 1;
	}
	pid = fork();
	if (pid == 0) {
		syscall(SYS_getsid, 0);
		execl(self, self, "child", (char *)NULL);
		_exit(127);
	}
	if (wait_child(pid) != 0) {
		fprintf(stderr, "record-probe: child failed\n");
		return 1;
	}
	syscall(SYS_personality, 0xffffffffUL);
	/* on x86 a rule on socket is also one on socketcall */
	close(socket(AF_UNIX, SOCK_STREAM, 0));
#if defined(__x86_64__)
	x86 = x86_nice();
#endif
	if (x86 >= 0)
		printf("int80: %s\n", x86 ? "ok" : "unavailable");
	if (extra) {
		struct sched_param sp;

		errno = 0;
		syscall(SYS_sched_getparam, 0, &sp);
		printf("extra: %s\n", errno ? strerror(errno) : "ok");
	}
	printf("basic done\n");
	return 0;
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? strtol(argv[2], NULL, 10) : 0;

	if (argc >= 2 && !strcmp(argv[1], "child")) {
		struct {
			char buf[512];
		} info;

		syscall(SYS_sysinfo, &info);
		return 0;
	}
	if (argc >= 3 && !strcmp(argv[1], "basic"))
		return basic(argv[0], n, argc > 3 && !strcmp(argv[3], "extra"));
	if (argc == 3 && !strcmp(argv[1], "mark")) {
		for (long i = 0; i < n; i++)
			syscall(SYS_sched_getscheduler, 0);
		return 0;
	}
	if ((argc == 3 || argc == 4) && !strcmp(argv[1], "unknown")) {
		long count = argc == 4 ? strtol(argv[3], NULL, 10) : 1;

		for (long i = 0; i < count; i++) {
			errno = 0;
			syscall(n + i);
			printf("unknown: %s\n", errno ? strerror(errno) : "ok");
		}
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "loop")) {
		struct timespec a, b;
		double ns;

		clock_gettime(CLOCK_MONOTONIC, &a);
		for (long i = 0; i < n; i++)
			syscall(SYS_getppid);
		clock_gettime(CLOCK_MONOTONIC, &b);
		ns = ((double)(b.tv_sec - a.tv_sec) * 1e9 +
		      (double)(b.tv_nsec - a.tv_nsec)) /
		     (double)(n ? n : 1);
		printf("%ld calls: %.1f ns per call, %.0f calls/s\n", n, ns,
		       ns > 0 ? 1e9 / ns : 0.0);
		return 0;
	}
	fprintf(stderr, "usage: record-probe basic N [extra] | mark N | "
			"unknown NR [K] | loop N\n");
	return 2;
}
