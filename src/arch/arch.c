// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Architecture descriptors and syscall lookups.
 *
 * The numbers come from the generated tables in gen/ (tools/gen-syscalls);
 * what is written here by hand are facts the kernel's tables do not carry:
 * AUDIT_ARCH values (include/uapi/linux/audit.h), argument widths as
 * libseccomp compares them, the names runtimes and Go use, the archMap
 * relatives runtimes add, and the socketcall/ipc multiplexers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "gen/tables.h"

/* AUDIT_ARCH_* = EM_* | 64-bit flag | little-endian flag (| MIPS n32) */
#define AA_64 0x80000000U
#define AA_LE 0x40000000U
#define AA_N32 0x20000000U

/*
 * Sub-call numbers of socketcall(2) (include/uapi/linux/net.h) and ipc(2)
 * (include/uapi/linux/ipc.h).  Sorted by name for bsearch.
 */
#define MUX_TABLE(sock, ipc)                                                   \
	{"accept", sock, 5}, {"accept4", sock, 18}, {"bind", sock, 2},         \
		{"connect", sock, 3}, {"getpeername", sock, 7},                \
		{"getsockname", sock, 6}, {"getsockopt", sock, 15},            \
		{"listen", sock, 4}, {"msgctl", ipc, 14}, {"msgget", ipc, 13}, \
		{"msgrcv", ipc, 12}, {"msgsnd", ipc, 11}, {"recv", sock, 10},  \
		{"recvfrom", sock, 12}, {"recvmmsg", sock, 19},                \
		{"recvmsg", sock, 17}, {"semctl", ipc, 3}, {"semget", ipc, 2}, \
		{"semop", ipc, 1}, {"semtimedop", ipc, 4}, {"send", sock, 9},  \
		{"sendmmsg", sock, 20}, {"sendmsg", sock, 16},                 \
		{"sendto", sock, 11}, {"setsockopt", sock, 14},                \
		{"shmat", ipc, 21}, {"shmctl", ipc, 24}, {"shmdt", ipc, 22},   \
		{"shmget", ipc, 23}, {"shutdown", sock, 13},                   \
		{"socket", sock, 1},                                           \
	{                                                                      \
		"socketpair", sock, 8                                          \
	}

/* socketcall is 102 and ipc 117 on each multiplexing arch. */
static const struct sb_mux mux_102_117[] = {MUX_TABLE(102, 117)};

#define NAMES(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NONE ((const char *const[]){NULL})
/* One descriptor; "tbl" names the generated table (shared across byte
 * orders where the numbering is the same). */
#define ARCH(cname, scmp, go, al, audit_, bits_, be, base, subs, tbl, mux_,    \
	     cache_)                                                           \
	{                                                                      \
		.name = cname, .scmp_name = scmp, .go_name = go,               \
		.aliases = al, .audit = audit_, .bits = bits_,                 \
		.big_endian = be, .nr_base = base, .subarches = subs,          \
		.by_name = sb_##tbl##_by_name, .by_nr = sb_##tbl##_by_nr,      \
		.nsyscalls = SB_##tbl##_COUNT, .nnames = SB_##tbl##_NAMES,     \
		.name_slots = sb_##tbl##_name_slots,                           \
		.name_mask = SB_##tbl##_SLOTS - 1, mux_,                       \
		.action_cache = cache_,                                        \
	}
#define MUX .mux = mux_102_117, .nmux = SB_ARRAY_SIZE(mux_102_117)
#define NOMUX .mux = NULL
/*
 * Whether the kernel's action cache (kernel/seccomp.c, 5.11+) can hold the
 * ABI's calls: CACHE where some kernel runs it as its SECCOMP_ARCH_NATIVE
 * or SECCOMP_ARCH_COMPAT (x86_64 / x86, aarch64 / arm, ppc64 / ppc,
 * s390x / s390, parisc64 / parisc, riscv64, loongarch64); NOCACHE for
 * x32, whose numbers carry bit 30 and so lie past x86_64's bitmap, and
 * for every MIPS ABI, for which the kernel (as of 6.12) defines no
 * SECCOMP_ARCH_NATIVE.
 */
#define CACHE true
#define NOCACHE false

static const struct secbpf_arch arches[] = {
	ARCH("x86_64", "SCMP_ARCH_X86_64", "amd64", NAMES("x86-64"),
	     AA_64 | AA_LE | 62, 64, false, 0, NAMES("x86", "x32"), x86_64,
	     NOMUX, CACHE),
	ARCH("x86", "SCMP_ARCH_X86", "386", NAMES("i386", "i686"), AA_LE | 3,
	     32, false, 0, NONE, x86, MUX, CACHE),
	ARCH("x32", "SCMP_ARCH_X32", "amd64p32", NONE, AA_64 | AA_LE | 62, 32,
	     false, 0x40000000, NONE, x32, NOMUX, NOCACHE),
	ARCH("aarch64", "SCMP_ARCH_AARCH64", "arm64", NONE, AA_64 | AA_LE | 183,
	     64, false, 0, NAMES("arm"), aarch64, NOMUX, CACHE),
	ARCH("arm", "SCMP_ARCH_ARM", "arm", NAMES("armhf", "armel"), AA_LE | 40,
	     32, false, 0, NONE, arm, NOMUX, CACHE),
	ARCH("mips", "SCMP_ARCH_MIPS", "mips", NONE, 8, 32, true, 4000, NONE,
	     mips, NOMUX, NOCACHE),
	ARCH("mipsel", "SCMP_ARCH_MIPSEL", "mipsle", NONE, AA_LE | 8, 32, false,
	     4000, NONE, mips, NOMUX, NOCACHE),
	ARCH("mips64", "SCMP_ARCH_MIPS64", "mips64", NONE, AA_64 | 8, 64, true,
	     5000, NAMES("mips", "mips64n32"), mips64, NOMUX, NOCACHE),
	ARCH("mipsel64", "SCMP_ARCH_MIPSEL64", "mips64le", NAMES("mips64el"),
	     AA_64 | AA_LE | 8, 64, false, 5000, NAMES("mipsel", "mipsel64n32"),
	     mips64, NOMUX, NOCACHE),
	ARCH("mips64n32", "SCMP_ARCH_MIPS64N32", "mips64p32", NAMES("mipsn32"),
	     AA_64 | AA_N32 | 8, 32, true, 6000, NAMES("mips", "mips64"),
	     mips64n32, NOMUX, NOCACHE),
	ARCH("mipsel64n32", "SCMP_ARCH_MIPSEL64N32", "mips64p32le",
	     NAMES("mipsn32el"), AA_64 | AA_LE | AA_N32 | 8, 32, false, 6000,
	     NAMES("mipsel", "mipsel64"), mips64n32, NOMUX, NOCACHE),
	ARCH("ppc", "SCMP_ARCH_PPC", "ppc", NAMES("powerpc"), 20, 32, true, 0,
	     NONE, ppc, MUX, CACHE),
	ARCH("ppc64", "SCMP_ARCH_PPC64", "ppc64", NONE, AA_64 | 21, 64, true, 0,
	     NAMES("ppc"), ppc64, MUX, CACHE),
	ARCH("ppc64le", "SCMP_ARCH_PPC64LE", "ppc64le", NAMES("ppc64el"),
	     AA_64 | AA_LE | 21, 64, false, 0, NONE, ppc64, MUX, CACHE),
	ARCH("s390", "SCMP_ARCH_S390", "s390", NONE, 22, 32, true, 0, NONE,
	     s390, MUX, CACHE),
	ARCH("s390x", "SCMP_ARCH_S390X", "s390x", NONE, AA_64 | 22, 64, true, 0,
	     NAMES("s390"), s390x, MUX, CACHE),
	ARCH("riscv64", "SCMP_ARCH_RISCV64", "riscv64", NONE,
	     AA_64 | AA_LE | 243, 64, false, 0, NONE, riscv64, NOMUX, CACHE),
	ARCH("loongarch64", "SCMP_ARCH_LOONGARCH64", "loong64", NONE,
	     AA_64 | AA_LE | 258, 64, false, 0, NONE, loongarch64, NOMUX,
	     CACHE),
	/* PA-RISC: libseccomp 2.5 targets it; Go has no port */
	ARCH("parisc", "SCMP_ARCH_PARISC", NULL, NAMES("hppa"), 15, 32, true, 0,
	     NONE, parisc, NOMUX, CACHE),
	ARCH("parisc64", "SCMP_ARCH_PARISC64", NULL, NAMES("hppa64"),
	     AA_64 | 15, 64, true, 0, NAMES("parisc"), parisc64, NOMUX, CACHE),
};

size_t secbpf_arch_count(void)
{
	return SB_ARRAY_SIZE(arches);
}

const struct secbpf_arch *secbpf_arch_at(size_t index)
{
	return index < SB_ARRAY_SIZE(arches) ? &arches[index] : NULL;
}

const struct secbpf_arch *secbpf_arch_native(void)
{
	const char *name =
#if defined(__x86_64__) && defined(__ILP32__)
		"x32";
#elif defined(__x86_64__)
		"x86_64";
#elif defined(__i386__)
		"x86";
#elif defined(__aarch64__) && !defined(__AARCH64EB__)
		"aarch64";
#elif defined(__arm__) && !defined(__ARMEB__)
		"arm";
#elif defined(__mips__) && defined(_ABIO32) && _MIPS_SIM == _ABIO32
#if defined(__MIPSEB__)
		"mips";
#else
		"mipsel";
#endif
#elif defined(__mips__) && defined(_ABIN32) && _MIPS_SIM == _ABIN32
#if defined(__MIPSEB__)
		"mips64n32";
#else
		"mipsel64n32";
#endif
#elif defined(__mips__) && defined(_ABI64) && _MIPS_SIM == _ABI64
#if defined(__MIPSEB__)
		"mips64";
#else
		"mipsel64";
#endif
#elif defined(__powerpc64__) && defined(__LITTLE_ENDIAN__)
		"ppc64le";
#elif defined(__powerpc64__)
		"ppc64";
#elif defined(__powerpc__)
		"ppc";
#elif defined(__s390x__)
		"s390x";
#elif defined(__s390__)
		"s390";
#elif defined(__riscv) && __riscv_xlen == 64
		"riscv64";
#elif defined(__loongarch64)
		"loongarch64";
#else
		NULL;
#endif
	return name ? secbpf_arch_lookup(name) : NULL;
}

static bool answers_to(const struct secbpf_arch *a, const char *name)
{
	if (!strcmp(a->name, name) || !strcmp(a->scmp_name, name))
		return true;
	for (const char *const *al = a->aliases; *al; al++)
		if (!strcmp(*al, name))
			return true;
	return false;
}

const struct secbpf_arch *secbpf_arch_lookup(const char *name)
{
	if (!name)
		return NULL;
	/* canonical, libseccomp and alias names first: Go's "arm" and
	 * "mips" are also canonical names, and mean the same arch */
	for (size_t i = 0; i < SB_ARRAY_SIZE(arches); i++)
		if (answers_to(&arches[i], name))
			return &arches[i];
	for (size_t i = 0; i < SB_ARRAY_SIZE(arches); i++)
		if (arches[i].go_name && !strcmp(arches[i].go_name, name))
			return &arches[i];
	return NULL;
}

const struct secbpf_arch *secbpf_arch_by_audit(uint32_t audit)
{
	/* x86_64 comes before x32, which shares its AUDIT_ARCH value */
	for (size_t i = 0; i < SB_ARRAY_SIZE(arches); i++)
		if (arches[i].audit == audit)
			return &arches[i];
	return NULL;
}

const char *secbpf_arch_name(const struct secbpf_arch *arch)
{
	return arch ? arch->name : NULL;
}

const char *secbpf_arch_scmp_name(const struct secbpf_arch *arch)
{
	return arch ? arch->scmp_name : NULL;
}

const char *secbpf_arch_go_name(const struct secbpf_arch *arch)
{
	return arch ? arch->go_name : NULL;
}

uint32_t secbpf_arch_audit(const struct secbpf_arch *arch)
{
	return arch ? arch->audit : 0;
}

unsigned secbpf_arch_bits(const struct secbpf_arch *arch)
{
	return arch ? arch->bits : 0;
}

bool secbpf_arch_big_endian(const struct secbpf_arch *arch)
{
	return arch && arch->big_endian;
}

size_t secbpf_arch_subarches(const struct secbpf_arch *arch,
			     const struct secbpf_arch **out, size_t max)
{
	size_t n = 0;

	if (!arch)
		return 0;
	for (const char *const *s = arch->subarches; *s; s++, n++)
		if (out && n < max)
			out[n] = secbpf_arch_lookup(*s);
	return n;
}

/*
 * The kernel sizes each action-cache bitmap by NR_syscalls of the ABI
 * (SECCOMP_ARCH_NATIVE_NR / SECCOMP_ARCH_COMPAT_NR) and never caches a
 * number at or past it (seccomp_cache_check_allow_bitmap).  The table's
 * highest regular number stands for it; private calls far above the
 * regular range (ARM's 0x0f0000 block) are no part of it.
 */
#define SB_PRIVATE_NRS 0x10000U

bool secbpf_arch_cacheable(const struct secbpf_arch *arch, uint32_t nr)
{
	if (!arch || !arch->action_cache || nr >= SB_PRIVATE_NRS)
		return false;
	for (size_t i = arch->nsyscalls; i-- > 0;)
		if (arch->by_nr[i].nr < SB_PRIVATE_NRS)
			return nr <= arch->by_nr[i].nr;
	return false;
}

static int cmp_nr(const void *key, const void *elem)
{
	uint32_t k = *(const uint32_t *)key;
	uint32_t n = ((const struct sb_syscall *)elem)->nr;

	return k < n ? -1 : k > n;
}

/*
 * Name lookups through a hash of the name: every profile name and every
 * libseccomp rule looks a name up, on each target arch.  The slots of
 * the syscall names are generated with the tables (tools/gen-syscalls
 * computes the same hash), so nothing is built at run time; the few
 * multiplexed calls get an index the first time an arch that has them
 * is asked, built without a lock (a thread that loses the race to
 * publish its table frees it), kept as long as the process.
 */
struct mux_index {
	size_t mask;
	uint16_t slot[]; /* mux index + 1; 0 = empty */
};

static const struct mux_index *mux_idx[SB_ARRAY_SIZE(arches)];

uint32_t sb_syscall_hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static const struct mux_index *mux_index_of(const struct secbpf_arch *arch)
{
	size_t a = (size_t)(arch - arches), size = 16;
	const struct mux_index *idx;
	struct mux_index *mi;
	const struct mux_index *expected = NULL;

	if (a >= SB_ARRAY_SIZE(arches) || arch->nmux >= UINT16_MAX)
		return NULL;
	idx = __atomic_load_n(&mux_idx[a], __ATOMIC_ACQUIRE);
	if (idx)
		return idx;
	while (size < 2 * arch->nmux)
		size *= 2;
	mi = calloc(1, sizeof(*mi) + size * sizeof(mi->slot[0]));
	if (!mi)
		return NULL; /* fall back to the binary search */
	mi->mask = size - 1;
	for (size_t i = 0; i < arch->nmux; i++) {
		size_t h = sb_syscall_hash(arch->mux[i].name) & mi->mask;

		while (mi->slot[h])
			h = (h + 1) & mi->mask;
		mi->slot[h] = (uint16_t)(i + 1);
	}
	if (!__atomic_compare_exchange_n(&mux_idx[a], &expected, mi, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		free(mi);
		return expected;
	}
	return mi;
}

const struct sb_syscall *sb_syscall_find_hashed(const struct secbpf_arch *arch,
						const char *name, uint32_t hash)
{
	if (!arch || !name)
		return NULL;
	for (size_t h = hash & arch->name_mask; arch->name_slots[h];
	     h = (h + 1) & arch->name_mask) {
		const struct sb_syscall *s =
			&arch->by_name[arch->name_slots[h] - 1];

		if (!strcmp(s->name, name))
			return s;
	}
	return NULL;
}

const struct sb_syscall *sb_syscall_find(const struct secbpf_arch *arch,
					 const char *name)
{
	if (!arch || !name)
		return NULL;
	return sb_syscall_find_hashed(arch, name, sb_syscall_hash(name));
}

int secbpf_syscall_lookup(const struct secbpf_arch *arch, const char *name,
			  uint32_t *nr)
{
	const struct sb_syscall *s;

	if (!arch || !name)
		return -EINVAL;
	s = sb_syscall_find(arch, name);
	if (!s)
		return -ENOENT;
	if (nr)
		*nr = s->nr;
	return 0;
}

const char *secbpf_syscall_name(const struct secbpf_arch *arch, uint32_t nr)
{
	const struct sb_syscall *s;

	if (!arch)
		return NULL;
	s = bsearch(&nr, arch->by_nr, arch->nsyscalls, sizeof(*s), cmp_nr);
	return s ? s->name : NULL;
}

size_t secbpf_syscall_count(const struct secbpf_arch *arch)
{
	return arch ? arch->nsyscalls : 0;
}

const char *secbpf_syscall_tables_kernel(void)
{
	return SB_TABLES_KERNEL;
}

int secbpf_syscall_at(const struct secbpf_arch *arch, size_t index,
		      const char **name, uint32_t *nr)
{
	if (!arch)
		return -EINVAL;
	if (index >= arch->nsyscalls)
		return -ENOENT;
	if (name)
		*name = arch->by_nr[index].name;
	if (nr)
		*nr = arch->by_nr[index].nr;
	return 0;
}

static int cmp_mux(const void *key, const void *elem)
{
	return strcmp(key, ((const struct sb_mux *)elem)->name);
}

int sb_syscall_multiplex_hashed(const struct secbpf_arch *arch,
				const char *name, uint32_t hash,
				uint32_t *mux_nr, uint32_t *subcall)
{
	const struct mux_index *idx;
	const struct sb_mux *m = NULL;

	if (!arch || !name)
		return -EINVAL;
	if (!arch->mux)
		return -ENOENT;
	idx = mux_index_of(arch);
	if (idx) {
		for (size_t h = hash & idx->mask; idx->slot[h] && !m;
		     h = (h + 1) & idx->mask)
			if (!strcmp(arch->mux[idx->slot[h] - 1].name, name))
				m = &arch->mux[idx->slot[h] - 1];
	} else {
		m = bsearch(name, arch->mux, arch->nmux, sizeof(*m), cmp_mux);
	}
	if (!m)
		return -ENOENT;
	if (mux_nr)
		*mux_nr = arch->nr_base + m->mux_nr;
	if (subcall)
		*subcall = m->subcall;
	return 0;
}

int secbpf_syscall_multiplex(const struct secbpf_arch *arch, const char *name,
			     uint32_t *mux_nr, uint32_t *subcall)
{
	if (!arch || !name)
		return -EINVAL;
	if (!arch->mux)
		return -ENOENT;
	return sb_syscall_multiplex_hashed(arch, name, sb_syscall_hash(name),
					   mux_nr, subcall);
}

const char *secbpf_goarch_to_scmp(const char *goarch)
{
	if (!goarch)
		return NULL;
	for (size_t i = 0; i < SB_ARRAY_SIZE(arches); i++)
		if (arches[i].go_name && !strcmp(arches[i].go_name, goarch))
			return arches[i].scmp_name;
	return NULL;
}
