// SPDX-License-Identifier: LGPL-2.1-or-later
/* secbpf syscalls / resolve / arches: the syscall tables from the shell. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct secbpf_arch *arch_option(int argc, char **argv,
					     int *optind_out, bool *bad)
{
	static const struct option opts[] = {
		{"arch", required_argument, NULL, 'a'},
		{NULL, 0, NULL, 0},
	};
	const struct secbpf_arch *arch = secbpf_arch_native();
	int c;

	*bad = false;
	optind = 1;
	while ((c = getopt_long(argc, argv, "a:", opts, NULL)) != -1) {
		if (c != 'a') {
			*bad = true;
			return NULL;
		}
		arch = cli_arch(optarg);
		if (!arch) {
			*bad = true;
			return NULL;
		}
	}
	if (!arch) {
		cli_error("this machine's architecture is not supported; "
			  "use --arch");
		*bad = true;
	}
	*optind_out = optind;
	return arch;
}

static int run_syscalls(int argc, char **argv)
{
	const struct secbpf_arch *arch;
	bool bad;
	int first;

	arch = arch_option(argc, argv, &first, &bad);
	if (bad)
		return 1;
	if (first < argc)
		return cli_error("unexpected argument '%s'", argv[first]);
	for (size_t i = 0; i < secbpf_syscall_count(arch); i++) {
		const char *name;
		uint32_t nr;

		if (secbpf_syscall_at(arch, i, &name, &nr) == 0)
			printf("%s %u\n", name, nr);
	}
	return 0;
}

static int run_resolve(int argc, char **argv)
{
	const struct secbpf_arch *arch;
	int first, rc = 0;
	bool bad;

	arch = arch_option(argc, argv, &first, &bad);
	if (bad)
		return 1;
	if (first >= argc)
		return cli_error("nothing to resolve; give a syscall name or "
				 "number");
	for (int i = first; i < argc; i++) {
		const char *name;
		uint32_t nr;

		/* names never start with a digit: this is a number, as a
		 * filter sees it (decimal or 0x hex), and must be one */
		if (argv[i][0] >= '0' && argv[i][0] <= '9') {
			uint64_t v;

			if (cli_parse_number("syscall number", argv[i],
					     CLI_NUM_HEX, 0, 0, UINT32_MAX,
					     &v)) {
				rc = 1;
				continue;
			}
			nr = (uint32_t)v;
			name = secbpf_syscall_name(arch, nr);
			if (!name) {
				rc = cli_error("no syscall number %s on '%s'",
					       argv[i], secbpf_arch_name(arch));
				continue;
			}
			printf("%s %u\n", name, nr);
		} else if (secbpf_syscall_lookup(arch, argv[i], &nr) == 0) {
			printf("%s %u\n", argv[i], nr);
		} else {
			rc = cli_error("unknown syscall '%s' on '%s'", argv[i],
				       secbpf_arch_name(arch));
		}
	}
	return rc;
}

static int run_arches(int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return cli_error("unexpected argument '%s'", argv[1]);
	for (size_t i = 0; i < secbpf_arch_count(); i++) {
		const struct secbpf_arch *a = secbpf_arch_at(i);
		const struct secbpf_arch *sub[8];
		size_t n = secbpf_arch_subarches(a, sub, 8);
		const char *go = secbpf_arch_go_name(a);

		printf("%-12s %-22s go=%-12s audit=0x%08x %2u-bit %s",
		       secbpf_arch_name(a), secbpf_arch_scmp_name(a),
		       go ? go : "-", secbpf_arch_audit(a), secbpf_arch_bits(a),
		       secbpf_arch_big_endian(a) ? "BE" : "LE");
		for (size_t j = 0; j < n && j < 8; j++)
			printf("%s%s",
			       j ? "," : " sub=", secbpf_arch_name(sub[j]));
		printf("%s\n", a == secbpf_arch_native() ? " (native)" : "");
	}
	return 0;
}

static void syscalls_usage_more(FILE *out)
{
	fprintf(out,
		"\nThe tables list the syscalls of Linux %s; syscalls added\n"
		"after it are unknown names to this build.\n",
		secbpf_syscall_tables_kernel());
}

const struct cli_cmd cmd_syscalls = {
	.name = "syscalls",
	.run = run_syscalls,
	.summary = "list an architecture's syscalls as 'name number'",
	.usage = "usage: secbpf syscalls [--arch ARCH]\n"
		 "\n"
		 "Print every syscall of ARCH (default: this machine's) as\n"
		 "'name number', one per line, numbers as a seccomp filter\n"
		 "sees them (x32 with bit 30 set, MIPS with the ABI base).\n",
	.usage_more = syscalls_usage_more,
};

const struct cli_cmd cmd_resolve = {
	.name = "resolve",
	.run = run_resolve,
	.summary = "translate syscall names to numbers and back",
	.usage = "usage: secbpf resolve [--arch ARCH] NAME|NUMBER...\n"
		 "\n"
		 "Print 'name number' for each argument; exit status 1 if\n"
		 "any is unknown on ARCH (default: this machine's).  Numbers\n"
		 "are decimal or 0x hex, up to 4294967295.\n",
};

const struct cli_cmd cmd_arches = {
	.name = "arches",
	.run = run_arches,
	.summary = "list the supported architectures",
	.usage = "usage: secbpf arches\n"
		 "\n"
		 "Print each architecture with its libseccomp and Go names,\n"
		 "AUDIT_ARCH value, argument width, byte order and\n"
		 "sub-architectures.\n",
};
