// SPDX-License-Identifier: LGPL-2.1-or-later
/* Architecture descriptors and syscall tables: lookups and known numbers. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Hand-checked against the kernel's tables and man 2 syscall; a wrong
 * number here or in the tables fails the test. */
static const struct known {
	const char *arch, *name;
	uint32_t nr;
} known[] = {
	{"x86_64", "read", 0},
	{"x86_64", "write", 1},
	{"x86_64", "open", 2},
	{"x86_64", "mmap", 9},
	{"x86_64", "socket", 41},
	{"x86_64", "clone", 56},
	{"x86_64", "execve", 59},
	{"x86_64", "ptrace", 101},
	{"x86_64", "chroot", 161},
	{"x86_64", "openat", 257},
	{"x86_64", "unshare", 272},
	{"x86_64", "setns", 308},
	{"x86_64", "bpf", 321},
	{"x86_64", "clone3", 435},
	{"x86_64", "mseal", 462},
	/* Linux 6.13-6.17 (data merged with the 6.12 sources) */
	{"x86_64", "setxattrat", 463},
	{"x86_64", "getxattrat", 464},
	{"x86_64", "listxattrat", 465},
	{"x86_64", "removexattrat", 466},
	{"x86_64", "open_tree_attr", 467},
	{"x86_64", "file_getattr", 468},
	{"x86_64", "file_setattr", 469},
	/* reserved numbers only the .tbl files name, kept in the merge */
	{"x86_64", "afs_syscall", 183},
	{"x86_64", "tuxcall", 184},
	{"x86", "getxattrat", 464},
	{"x86", "afs_syscall", 137},
	{"x86", "exit", 1},
	{"x86", "read", 3},
	{"x86", "execve", 11},
	{"x86", "chroot", 61},
	{"x86", "socketcall", 102},
	{"x86", "ipc", 117},
	{"x86", "clone", 120},
	{"x86", "_llseek", 140},
	{"x86", "mmap2", 192},
	{"x86", "openat", 295},
	{"x86", "socket", 359},
	{"x86", "clone3", 435},
	{"x32", "read", 0x40000000},
	{"x32", "openat", 0x40000000 + 257},
	{"x32", "ioctl", 0x40000000 + 514},
	{"x32", "execve", 0x40000000 + 520},
	{"x32", "ptrace", 0x40000000 + 521},
	{"x32", "getxattrat", 0x40000000 + 464},
	{"arm", "read", 3},
	{"arm", "execve", 11},
	{"arm", "socket", 281},
	{"arm", "openat", 322},
	{"arm", "breakpoint", 0xf0001},
	{"arm", "cacheflush", 0xf0002},
	{"arm", "set_tls", 0xf0005},
	{"arm", "sync_file_range2", 341},
	{"arm", "arm_sync_file_range", 341},
	{"arm", "getxattrat", 464},
	{"aarch64", "io_setup", 0},
	{"aarch64", "renameat", 38},
	{"aarch64", "openat", 56},
	{"aarch64", "read", 63},
	{"aarch64", "getrlimit", 163},
	{"aarch64", "socket", 198},
	{"aarch64", "clone", 220},
	{"aarch64", "execve", 221},
	{"aarch64", "clone3", 435},
	{"aarch64", "getxattrat", 464},
	{"aarch64", "file_setattr", 469},
	{"riscv64", "read", 63},
	{"riscv64", "execve", 221},
	{"riscv64", "riscv_hwprobe", 258},
	{"riscv64", "riscv_flush_icache", 259},
	{"loongarch64", "openat", 56},
	{"loongarch64", "read", 63},
	{"loongarch64", "execve", 221},
	{"mips", "read", 4003},
	{"mips", "execve", 4011},
	{"mipsel", "read", 4003},
	{"mips", "getxattrat", 4464},
	{"mips", "reserved82", 4082},
	{"mips64", "read", 5000},
	{"mips64", "execve", 5057},
	{"mipsel64", "write", 5001},
	{"mips64n32", "read", 6000},
	{"mips64n32", "execve", 6057},
	{"mips64", "getxattrat", 5464},
	{"mips64n32", "getxattrat", 6464},
	{"mipsel64n32", "write", 6001},
	{"ppc", "read", 3},
	{"ppc", "socketcall", 102},
	{"ppc", "socket", 326},
	{"ppc64", "execve", 11},
	{"ppc64le", "socket", 326},
	{"s390", "read", 3},
	{"s390", "_llseek", 140},
	{"s390x", "execve", 11},
	{"s390x", "socketcall", 102},
	{"s390x", "socket", 359},
	{"s390x", "getxattrat", 464},
	{"ppc64le", "getxattrat", 464},
	{"riscv64", "getxattrat", 464},
	{"loongarch64", "getxattrat", 464},
	{"parisc", "read", 3},
	{"parisc", "socket", 17},
	{"parisc", "_llseek", 140},
	{"parisc64", "open", 5},
	{"parisc64", "cacheflush", 356},
};

Test(arch, known_numbers)
{
	for (size_t i = 0; i < SB_ARRAY_SIZE(known); i++) {
		const struct secbpf_arch *a = secbpf_arch_lookup(known[i].arch);
		uint32_t nr = 0;

		cr_assert_not_null(a, "%s", known[i].arch);
		cr_expect_eq(secbpf_syscall_lookup(a, known[i].name, &nr), 0,
			     "%s on %s", known[i].name, known[i].arch);
		cr_expect_eq(nr, known[i].nr, "%s on %s: %u, want %u",
			     known[i].name, known[i].arch, nr, known[i].nr);
	}
}

Test(arch, every_arch_answers_to_its_names)
{
	cr_assert_eq(secbpf_arch_count(), 20);
	for (size_t i = 0; i < secbpf_arch_count(); i++) {
		const struct secbpf_arch *a = secbpf_arch_at(i);

		cr_expect_eq(secbpf_arch_lookup(secbpf_arch_name(a)), a);
		cr_expect_eq(secbpf_arch_lookup(secbpf_arch_scmp_name(a)), a);
		if (secbpf_arch_go_name(a))
			cr_expect_eq(secbpf_arch_lookup(secbpf_arch_go_name(a)),
				     a, "%s", secbpf_arch_go_name(a));
		for (const char *const *al = a->aliases; *al; al++)
			cr_expect_eq(secbpf_arch_lookup(*al), a, "%s", *al);
		cr_expect(secbpf_arch_bits(a) == 32 ||
			  secbpf_arch_bits(a) == 64);
		cr_expect_gt(secbpf_syscall_count(a), 300, "%s", a->name);
	}
	cr_expect_null(secbpf_arch_at(secbpf_arch_count()));
}

Test(arch, names_and_values)
{
	const struct {
		const char *name, *canon, *scmp;
		uint32_t audit;
		unsigned bits;
		bool be;
	} t[] = {
		{"amd64", "x86_64", "SCMP_ARCH_X86_64", 0xc000003e, 64, false},
		{"386", "x86", "SCMP_ARCH_X86", 0x40000003, 32, false},
		{"i386", "x86", "SCMP_ARCH_X86", 0x40000003, 32, false},
		{"SCMP_ARCH_X32", "x32", "SCMP_ARCH_X32", 0xc000003e, 32,
		 false},
		{"arm64", "aarch64", "SCMP_ARCH_AARCH64", 0xc00000b7, 64,
		 false},
		{"armhf", "arm", "SCMP_ARCH_ARM", 0x40000028, 32, false},
		{"mips", "mips", "SCMP_ARCH_MIPS", 0x00000008, 32, true},
		{"mips64le", "mipsel64", "SCMP_ARCH_MIPSEL64", 0xc0000008, 64,
		 false},
		{"mips64p32", "mips64n32", "SCMP_ARCH_MIPS64N32", 0xa0000008,
		 32, true},
		{"ppc64el", "ppc64le", "SCMP_ARCH_PPC64LE", 0xc0000015, 64,
		 false},
		{"ppc", "ppc", "SCMP_ARCH_PPC", 0x00000014, 32, true},
		{"s390x", "s390x", "SCMP_ARCH_S390X", 0x80000016, 64, true},
		{"s390", "s390", "SCMP_ARCH_S390", 0x00000016, 32, true},
		{"riscv64", "riscv64", "SCMP_ARCH_RISCV64", 0xc00000f3, 64,
		 false},
		{"loong64", "loongarch64", "SCMP_ARCH_LOONGARCH64", 0xc0000102,
		 64, false},
	};

	for (size_t i = 0; i < SB_ARRAY_SIZE(t); i++) {
		const struct secbpf_arch *a = secbpf_arch_lookup(t[i].name);

		cr_assert_not_null(a, "%s", t[i].name);
		cr_expect_str_eq(secbpf_arch_name(a), t[i].canon);
		cr_expect_str_eq(secbpf_arch_scmp_name(a), t[i].scmp);
		cr_expect_eq(secbpf_arch_audit(a), t[i].audit, "%s", t[i].name);
		cr_expect_eq(secbpf_arch_bits(a), t[i].bits, "%s", t[i].name);
		cr_expect_eq(secbpf_arch_big_endian(a), t[i].be, "%s",
			     t[i].name);
	}
	/* x32 shares x86_64's AUDIT_ARCH; the audit lookup answers x86_64 */
	cr_expect_str_eq(secbpf_arch_name(secbpf_arch_by_audit(0xc000003e)),
			 "x86_64");
	cr_expect_null(secbpf_arch_by_audit(0x12345678));
}

Test(arch, unknown_names)
{
	const struct secbpf_arch *x86_64 = secbpf_arch_lookup("x86_64");
	uint32_t nr = 77;

	cr_expect_null(secbpf_arch_lookup("vax"));
	cr_expect_null(secbpf_arch_lookup(""));
	cr_expect_null(secbpf_arch_lookup(NULL));
	cr_expect_null(secbpf_arch_lookup("X86_64"), "names are exact");
	cr_expect_eq(secbpf_syscall_lookup(x86_64, "no_such_call", &nr),
		     -ENOENT);
	cr_expect_eq(nr, 77, "untouched on failure");
	cr_expect_eq(secbpf_syscall_lookup(x86_64, "", &nr), -ENOENT);
	cr_expect_eq(secbpf_syscall_lookup(NULL, "read", &nr), -EINVAL);
	cr_expect_eq(secbpf_syscall_lookup(x86_64, NULL, &nr), -EINVAL);
	/* _llseek exists on x86, not x86_64 */
	cr_expect_eq(secbpf_syscall_lookup(x86_64, "_llseek", &nr), -ENOENT);
	cr_expect_null(secbpf_syscall_name(x86_64, 100000));
	cr_expect_null(secbpf_syscall_name(x86_64, 0x40000000));
	cr_expect_eq(secbpf_syscall_at(x86_64, 100000, NULL, NULL), -ENOENT);
	cr_expect_null(secbpf_goarch_to_scmp("vax"));
}

/* The version the tables report is the one they hold: file_setattr came
 * with Linux 6.17, and nothing else knows which release that was. */
Test(arch, tables_kernel_version)
{
	const char *v = secbpf_syscall_tables_kernel();
	unsigned major = 0, minor = 0;
	int end = 0;

	cr_assert_not_null(v);
	cr_assert_eq(sscanf(v, "%u.%u%n", &major, &minor, &end), 2, "'%s'", v);
	cr_expect_eq(v[end], '\0', "'%s' is not MAJOR.MINOR", v);
	cr_expect(major > 6 || (major == 6 && minor >= 17),
		  "tables with file_setattr report Linux %s", v);
	cr_expect_eq(secbpf_syscall_lookup(secbpf_arch_lookup("x86_64"),
					   "file_setattr", NULL),
		     0);
}

Test(arch, tables_are_consistent)
{
	for (size_t i = 0; i < secbpf_arch_count(); i++) {
		const struct secbpf_arch *a = secbpf_arch_at(i);
		uint32_t prev = 0;

		for (size_t j = 0; j < secbpf_syscall_count(a); j++) {
			const char *name;
			uint32_t nr, back;

			cr_assert_eq(secbpf_syscall_at(a, j, &name, &nr), 0);
			if (j)
				cr_expect_gt(nr, prev, "%s: %s not sorted",
					     a->name, name);
			prev = nr;
			cr_expect_eq(secbpf_syscall_lookup(a, name, &back), 0);
			cr_expect_eq(back, nr, "%s: %s", a->name, name);
			cr_expect_str_eq(secbpf_syscall_name(a, nr), name);
			/* numbers carry the ABI base */
			cr_expect_geq(nr, a->nr_base, "%s: %s", a->name, name);
		}
		for (size_t j = 1; j < a->nnames; j++)
			cr_expect_lt(strcmp(a->by_name[j - 1].name,
					    a->by_name[j].name),
				     0, "%s: by_name not sorted at %s", a->name,
				     a->by_name[j].name);
		for (size_t j = 1; j < a->nmux; j++)
			cr_expect_lt(strcmp(a->mux[j - 1].name, a->mux[j].name),
				     0, "%s: mux table not sorted", a->name);
	}
}

/*
 * The generated slots (tools/gen-syscalls hashes the names in Python) find
 * every name of by_name, aliases too, with the C hash; each name is in
 * exactly one slot; the multiplexed calls are found through their index.
 */
Test(arch, generated_name_slots_find_every_name)
{
	for (size_t i = 0; i < secbpf_arch_count(); i++) {
		const struct secbpf_arch *a = secbpf_arch_at(i);
		size_t used = 0;

		cr_assert_eq(a->name_mask & (a->name_mask + 1), 0,
			     "%s: %zu slots", a->name, a->name_mask + 1);
		cr_assert_geq(a->name_mask + 1, 2 * a->nnames, "%s", a->name);
		for (size_t h = 0; h <= a->name_mask; h++) {
			cr_assert_leq(a->name_slots[h], a->nnames, "%s",
				      a->name);
			used += a->name_slots[h] != 0;
		}
		cr_expect_eq(used, a->nnames, "%s", a->name);
		for (size_t j = 0; j < a->nnames; j++) {
			const char *name = a->by_name[j].name;

			cr_expect_eq(sb_syscall_find(a, name), &a->by_name[j],
				     "%s: %s", a->name, name);
			cr_expect_eq(sb_syscall_find_hashed(
					     a, name, sb_syscall_hash(name)),
				     &a->by_name[j], "%s: %s", a->name, name);
		}
		cr_expect_null(sb_syscall_find(a, "no_such_syscall"));
		cr_expect_null(sb_syscall_find(a, ""));
		for (size_t j = 0; j < a->nmux; j++) {
			uint32_t mux, sub;

			cr_expect_eq(sb_syscall_multiplex_hashed(
					     a, a->mux[j].name,
					     sb_syscall_hash(a->mux[j].name),
					     &mux, &sub),
				     0, "%s: %s", a->name, a->mux[j].name);
			cr_expect_eq(sub, a->mux[j].subcall);
		}
	}
}

Test(arch, subarches)
{
	const struct secbpf_arch *sub[4];
	size_t n;

	n = secbpf_arch_subarches(secbpf_arch_lookup("x86_64"), sub, 4);
	cr_assert_eq(n, 2);
	cr_expect_str_eq(secbpf_arch_name(sub[0]), "x86");
	cr_expect_str_eq(secbpf_arch_name(sub[1]), "x32");
	n = secbpf_arch_subarches(secbpf_arch_lookup("aarch64"), sub, 4);
	cr_assert_eq(n, 1);
	cr_expect_str_eq(secbpf_arch_name(sub[0]), "arm");
	n = secbpf_arch_subarches(secbpf_arch_lookup("mips64"), sub, 4);
	cr_assert_eq(n, 2);
	cr_expect_str_eq(secbpf_arch_name(sub[1]), "mips64n32");
	n = secbpf_arch_subarches(secbpf_arch_lookup("s390x"), sub, 4);
	cr_assert_eq(n, 1);
	cr_expect_str_eq(secbpf_arch_name(sub[0]), "s390");
	cr_expect_eq(secbpf_arch_subarches(secbpf_arch_lookup("riscv64"), sub,
					   4),
		     0);
	/* every subarch name resolves */
	for (size_t i = 0; i < secbpf_arch_count(); i++) {
		const struct secbpf_arch *a = secbpf_arch_at(i);
		const struct secbpf_arch *all[8];

		n = secbpf_arch_subarches(a, all, 8);
		for (size_t j = 0; j < n; j++)
			cr_expect_not_null(all[j], "%s", a->name);
	}
}

Test(arch, multiplexers)
{
	const struct secbpf_arch *x86 = secbpf_arch_lookup("x86");
	uint32_t mux, sub;

	cr_assert_eq(secbpf_syscall_multiplex(x86, "socket", &mux, &sub), 0);
	cr_expect_eq(mux, 102);
	cr_expect_eq(sub, 1);
	cr_assert_eq(secbpf_syscall_multiplex(x86, "recv", &mux, &sub), 0);
	cr_expect_eq(sub, 10);
	cr_assert_eq(secbpf_syscall_multiplex(x86, "sendto", &mux, &sub), 0);
	cr_expect_eq(sub, 11);
	cr_assert_eq(secbpf_syscall_multiplex(x86, "shmget", &mux, &sub), 0);
	cr_expect_eq(mux, 117);
	cr_expect_eq(sub, 23);
	cr_expect_eq(secbpf_syscall_multiplex(x86, "read", &mux, &sub),
		     -ENOENT);
	cr_expect_eq(secbpf_syscall_multiplex(secbpf_arch_lookup("x86_64"),
					      "socket", &mux, &sub),
		     -ENOENT);
	cr_expect_eq(secbpf_syscall_multiplex(secbpf_arch_lookup("aarch64"),
					      "socket", &mux, &sub),
		     -ENOENT);
	cr_assert_eq(secbpf_syscall_multiplex(secbpf_arch_lookup("s390x"),
					      "accept4", &mux, &sub),
		     0);
	cr_expect_eq(mux, 102);
	cr_expect_eq(sub, 18);
	/* the multiplexer itself is in each table with that number */
	for (size_t i = 0; i < secbpf_arch_count(); i++) {
		const struct secbpf_arch *a = secbpf_arch_at(i);
		uint32_t nr;

		if (secbpf_syscall_multiplex(a, "socket", &mux, &sub))
			continue;
		cr_expect_eq(secbpf_syscall_lookup(a, "socketcall", &nr), 0);
		cr_expect_eq(nr, mux, "%s", a->name);
		cr_expect_eq(secbpf_syscall_multiplex(a, "semop", &mux, &sub),
			     0);
		cr_expect_eq(secbpf_syscall_lookup(a, "ipc", &nr), 0);
		cr_expect_eq(nr, mux, "%s", a->name);
	}
}

Test(arch, native)
{
	const struct secbpf_arch *n = secbpf_arch_native();

	cr_assert_not_null(n);
#if defined(__x86_64__) && !defined(__ILP32__)
	cr_expect_str_eq(secbpf_arch_name(n), "x86_64");
#elif defined(__aarch64__)
	cr_expect_str_eq(secbpf_arch_name(n), "aarch64");
#elif defined(__s390x__)
	cr_expect_str_eq(secbpf_arch_name(n), "s390x");
#endif
	cr_expect_eq(secbpf_arch_big_endian(n),
		     __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
}

Test(arch, goarch)
{
	cr_expect_str_eq(secbpf_goarch_to_scmp("amd64"), "SCMP_ARCH_X86_64");
	cr_expect_str_eq(secbpf_goarch_to_scmp("arm64"), "SCMP_ARCH_AARCH64");
	cr_expect_str_eq(secbpf_goarch_to_scmp("386"), "SCMP_ARCH_X86");
	cr_expect_str_eq(secbpf_goarch_to_scmp("mips64p32le"), "SCMP_ARCH_"
							       "MIPSEL64N32");
	cr_expect_str_eq(secbpf_goarch_to_scmp("s390x"), "SCMP_ARCH_S390X");
}
