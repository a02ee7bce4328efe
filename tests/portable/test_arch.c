// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Syscall tables, portable: run on every target (natively and under
 * qemu-user).  Hand-checked numbers for every arch, the arch this binary
 * was built for (by the compiler's own macros and byte order), and the
 * target kernel headers' __NR_* numbers for that arch.
 */
#include <asm/unistd.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "tap.h"

/* Hand-checked against the kernel's syscall tables and man 2 syscall. */
static const struct known {
	const char *arch, *name;
	uint32_t nr;
} known[] = {
	{"x86_64", "read", 0},
	{"x86_64", "open", 2},
	{"x86_64", "socket", 41},
	{"x86_64", "execve", 59},
	{"x86_64", "openat", 257},
	{"x86_64", "clone3", 435},
	{"x86", "read", 3},
	{"x86", "execve", 11},
	{"x86", "socketcall", 102},
	{"x86", "socket", 359},
	{"x86", "mmap2", 192},
	{"x32", "read", 0x40000000},
	{"x32", "execve", 0x40000000 + 520},
	{"arm", "read", 3},
	{"arm", "execve", 11},
	{"arm", "socket", 281},
	{"arm", "openat", 322},
	{"arm", "breakpoint", 0xf0001},
	{"arm", "set_tls", 0xf0005},
	{"arm", "clone3", 435},
	{"aarch64", "io_setup", 0},
	{"aarch64", "openat", 56},
	{"aarch64", "read", 63},
	{"aarch64", "socket", 198},
	{"aarch64", "execve", 221},
	{"riscv64", "read", 63},
	{"riscv64", "riscv_flush_icache", 259},
	{"ppc64le", "read", 3},
	{"ppc64le", "socket", 326},
	{"ppc64le", "execve", 11},
	{"s390", "read", 3},
	{"s390", "_llseek", 140},
	{"s390x", "read", 3},
	{"s390x", "execve", 11},
	{"s390x", "socketcall", 102},
	{"s390x", "socket", 359},
	{"s390x", "s390_runtime_instr", 342},
	{"mips", "read", 4003},
	{"mips64", "read", 5000},
	{"mips64n32", "read", 6000},
	{"loongarch64", "read", 63},
};

static void known_numbers(void)
{
	for (size_t i = 0; i < TAP_ARRAY_SIZE(known); i++) {
		const struct secbpf_arch *a = secbpf_arch_lookup(known[i].arch);
		uint32_t nr = UINT32_MAX;

		if (!CHECK(a, "arch '%s' unknown", known[i].arch))
			continue;
		CHECK(secbpf_syscall_lookup(a, known[i].name, &nr) == 0 &&
			      nr == known[i].nr,
		      "%s on %s: %u, want %u", known[i].name, known[i].arch, nr,
		      known[i].nr);
	}
}

/* What the C compiler says this binary runs on. */
static const char *compiled_for(void)
{
#if defined(__x86_64__) && defined(__ILP32__)
	return "x32";
#elif defined(__x86_64__)
	return "x86_64";
#elif defined(__i386__)
	return "x86";
#elif defined(__aarch64__)
	return "aarch64";
#elif defined(__arm__)
	return "arm";
#elif defined(__s390x__)
	return "s390x";
#elif defined(__s390__)
	return "s390";
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return "ppc64le";
#elif defined(__powerpc64__)
	return "ppc64";
#elif defined(__riscv) && __riscv_xlen == 64
	return "riscv64";
#elif defined(__loongarch64)
	return "loongarch64";
#else
	return NULL;
#endif
}

static void native_arch(void)
{
	const struct secbpf_arch *a = secbpf_arch_native();
	const char *want = compiled_for();

	if (!want) {
		tap_skip("no expectation for this compiler target");
		return;
	}
	REQUIRE(a, "secbpf_arch_native() is NULL on %s", want);
	CHECK(!strcmp(secbpf_arch_name(a), want), "native arch '%s', want '%s'",
	      secbpf_arch_name(a), want);
	CHECK(secbpf_arch_big_endian(a) ==
		      (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__),
	      "byte order of '%s' disagrees with the compiler's", want);
	CHECK(secbpf_arch_bits(a) == (sizeof(long) == 8 ? 64 : 32) ||
		      !strcmp(want, "x32"),
	      "'%s' compares %u-bit arguments; long is %zu bytes", want,
	      secbpf_arch_bits(a), sizeof(long));
	tap_note("native arch: %s (%s, %u-bit)", want,
		 secbpf_arch_big_endian(a) ? "big-endian" : "little-endian",
		 secbpf_arch_bits(a));
}

/* The target's own kernel headers: the numbers its libc calls with. */
#define NR(name)                                                               \
	{                                                                      \
#name, __NR_##name                                             \
	}
static const struct {
	const char *name;
	long nr;
} uapi[] = {
	NR(read),
	NR(write),
	NR(close),
	NR(execve),
	NR(exit_group),
	NR(openat),
	NR(ioctl),
	NR(mount),
	NR(umount2),
	NR(unshare),
	NR(setns),
	NR(ptrace),
	NR(personality),
	NR(reboot),
	NR(kexec_load),
	NR(clone),
	NR(clone3),
	NR(bpf),
	NR(perf_event_open),
	NR(seccomp),
	NR(keyctl),
	NR(add_key),
	NR(pivot_root),
	NR(chroot),
	NR(process_vm_readv),
	NR(userfaultfd),
	NR(io_uring_setup),
	NR(socket),
	NR(connect),
	NR(accept4),
	NR(sendmsg),
	NR(recvmmsg),
	NR(futex),
	NR(landlock_create_ruleset),
	NR(pidfd_open),
	NR(open_tree),
	NR(move_mount),
	NR(statx),
#ifdef __NR_open
	NR(open),
#endif
#ifdef __NR_socketcall
	NR(socketcall),
#endif
#ifdef __NR_ipc
	NR(ipc),
#endif
#ifdef __NR_mmap2
	NR(mmap2),
#endif
#ifdef __NR_arch_prctl
	NR(arch_prctl),
#endif
#ifdef __NR_s390_runtime_instr
	NR(s390_runtime_instr),
#endif
#ifdef __NR_riscv_flush_icache
	NR(riscv_flush_icache),
#endif
};

static void target_headers(void)
{
	const struct secbpf_arch *a = secbpf_arch_native();

	if (!a) {
		tap_skip("unsupported native arch");
		return;
	}
	for (size_t i = 0; i < TAP_ARRAY_SIZE(uapi); i++) {
		uint32_t nr = UINT32_MAX;
		int rc = secbpf_syscall_lookup(a, uapi[i].name, &nr);

		CHECK(rc == 0 && nr == (uint32_t)uapi[i].nr,
		      "%s on %s: table %u (rc %d), <asm/unistd.h> %ld",
		      uapi[i].name, secbpf_arch_name(a), nr, rc, uapi[i].nr);
	}
}

/* Every arch's table both ways: name -> number -> the same name. */
static void round_trip(void)
{
	size_t total = 0;

	for (size_t i = 0; i < secbpf_arch_count(); i++) {
		const struct secbpf_arch *a = secbpf_arch_at(i);
		size_t n = secbpf_syscall_count(a);
		uint32_t prev = 0;

		CHECK(n > 200, "%s has only %zu syscalls", secbpf_arch_name(a),
		      n);
		for (size_t j = 0; j < n; j++) {
			const char *name = NULL;
			uint32_t nr = 0, back = 0;

			if (!CHECK(secbpf_syscall_at(a, j, &name, &nr) == 0,
				   "%s #%zu", secbpf_arch_name(a), j))
				continue;
			CHECK(j == 0 || nr > prev, "%s: %s not in number order",
			      secbpf_arch_name(a), name);
			prev = nr;
			CHECK(secbpf_syscall_lookup(a, name, &back) == 0 &&
				      back == nr,
			      "%s: %s is %u by index, %u by name",
			      secbpf_arch_name(a), name, nr, back);
			CHECK(secbpf_syscall_name(a, nr) &&
				      !strcmp(secbpf_syscall_name(a, nr), name),
			      "%s: %u names '%s'", secbpf_arch_name(a), nr,
			      name);
			total++;
		}
		CHECK(secbpf_syscall_lookup(a, "no_such_call", &prev) ==
			      -ENOENT,
		      "%s: unknown name", secbpf_arch_name(a));
	}
	tap_note("%zu syscalls on %zu arches round-trip", total,
		 secbpf_arch_count());
}

/* socketcall and ipc sub-calls where the kernel multiplexes them. */
static void multiplexers(void)
{
	static const struct {
		const char *arch, *name;
		uint32_t mux, sub;
	} mux[] = {
		{"x86", "socket", 102, 1},   {"x86", "recvmmsg", 102, 19},
		{"x86", "semop", 117, 1},    {"s390x", "socket", 102, 1},
		{"s390", "connect", 102, 3}, {"s390x", "shmget", 117, 23},
		{"ppc64le", "bind", 102, 2},
	};

	for (size_t i = 0; i < TAP_ARRAY_SIZE(mux); i++) {
		const struct secbpf_arch *a = secbpf_arch_lookup(mux[i].arch);
		uint32_t m = 0, s = 0;

		if (!CHECK(a, "%s", mux[i].arch))
			continue;
		CHECK(secbpf_syscall_multiplex(a, mux[i].name, &m, &s) == 0 &&
			      m == mux[i].mux && s == mux[i].sub,
		      "%s on %s: via %u/%u, want %u/%u", mux[i].name,
		      mux[i].arch, m, s, mux[i].mux, mux[i].sub);
	}
	CHECK(secbpf_syscall_multiplex(secbpf_arch_lookup("aarch64"), "socket",
				       NULL, NULL) == -ENOENT,
	      "aarch64 has no socketcall");
}

int main(int argc, char **argv)
{
	static const struct tap_case cases[] = {
		{"known_numbers", known_numbers},
		{"native_arch", native_arch},
		{"target_headers", target_headers},
		{"round_trip", round_trip},
		{"multiplexers", multiplexers},
	};

	return tap_main(cases, TAP_ARRAY_SIZE(cases), argc, argv);
}
