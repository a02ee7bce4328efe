// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Calls setxattrat, getxattrat, listxattrat and removexattrat (Linux 6.13)
 * on FILE and prints one line per call: its result or its errno.  Run once
 * as is and once under a filter, the two outputs tell whether the filter
 * let the kernel serve the calls.  The numbers are written here, not taken
 * from secbpf's tables, which are what the test checks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* 463-466 on every ABI, after the ABI's base. */
#if defined(__mips__)
#define NR_BASE __NR_Linux
#elif defined(__x86_64__) && defined(__ILP32__)
#define NR_BASE 0x40000000
#else
#define NR_BASE 0
#endif
#define NR_SETXATTRAT (NR_BASE + 463)
#define NR_GETXATTRAT (NR_BASE + 464)
#define NR_LISTXATTRAT (NR_BASE + 465)
#define NR_REMOVEXATTRAT (NR_BASE + 466)

/* struct xattr_args of <linux/xattr.h> (6.13), absent from older headers */
struct xattr_args {
	uint64_t value;
	uint32_t size;
	uint32_t flags;
};

static void report(const char *call, long rc)
{
	if (rc < 0)
		printf("%s: errno %d (%s)\n", call, errno, strerror(errno));
	else
		printf("%s: %ld\n", call, rc);
}

int main(int argc, char **argv)
{
	static const char name[] = "user.secbpf";
	char value[] = "on", buf[64], list[256];
	struct xattr_args args;
	const char *file;

	if (argc != 2) {
		fprintf(stderr, "usage: xattrat-probe FILE\n");
		return 2;
	}
	file = argv[1];

	memset(&args, 0, sizeof(args));
	args.value = (uintptr_t)value;
	args.size = sizeof(value) - 1;
	report("setxattrat", syscall(NR_SETXATTRAT, AT_FDCWD, file, 0, name,
				     &args, sizeof(args)));

	memset(&args, 0, sizeof(args));
	args.value = (uintptr_t)buf;
	args.size = sizeof(buf);
	report("getxattrat", syscall(NR_GETXATTRAT, AT_FDCWD, file, 0, name,
				     &args, sizeof(args)));

	report("listxattrat",
	       syscall(NR_LISTXATTRAT, AT_FDCWD, file, 0, list, sizeof(list)));
	report("removexattrat",
	       syscall(NR_REMOVEXATTRAT, AT_FDCWD, file, 0, name));
	return fflush(stdout) ? 1 : 0;
}
