// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Arches and syscall names as libseccomp 2.5 presents them.
 *
 * Numbers come from secbpf's tables.  What is libseccomp's own: the arch
 * tokens and names, the pseudo numbers of names an arch lacks (so that a
 * number can be carried from one arch to another by name), and which
 * arches multiplex the socket and ipc calls: there the calls resolve to
 * their pseudo numbers (-101.., -201..), which rules turn into a
 * multiplexer rule plus the direct syscall.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"

struct arch_def {
	const char *name; /* libseccomp's name, and secbpf's */
	uint32_t token;	  /* SCMP_ARCH_* */
	bool mux;	  /* socketcall/ipc multiplexed (libseccomp 2.5) */
	uint32_t base;	  /* numbers start here (x32: a bit) */
};

/* The x32 token is not its AUDIT_ARCH value (filters see x86_64's). */
#define TOKEN_X32 (62U | 0x40000000U)

static const struct arch_def defs[] = {
	{"x86", 0x40000003U, true, 0},
	{"x86_64", 0xc000003eU, false, 0},
	{"x32", TOKEN_X32, false, 0x40000000U},
	{"arm", 0x40000028U, false, 0},
	{"aarch64", 0xc00000b7U, false, 0},
	{"mips", 0x00000008U, true, 4000},
	{"mipsel", 0x40000008U, true, 4000},
	{"mips64", 0x80000008U, false, 5000},
	{"mipsel64", 0xc0000008U, false, 5000},
	{"mips64n32", 0xa0000008U, false, 6000},
	{"mipsel64n32", 0xe0000008U, false, 6000},
	{"parisc", 0x0000000fU, false, 0},
	{"parisc64", 0x8000000fU, false, 0},
	{"ppc", 0x00000014U, true, 0},
	{"ppc64", 0x80000015U, true, 0},
	{"ppc64le", 0xc0000015U, true, 0},
	{"s390", 0x00000016U, true, 0},
	{"s390x", 0x80000016U, true, 0},
	{"riscv64", 0xc00000f3U, false, 0},
	/* not in libseccomp 2.5 (2.6 has it): an extension */
	{"loongarch64", 0xc0000102U, false, 0},
};

#define NDEFS (sizeof(defs) / sizeof(defs[0]))

static struct compat_arch arches[NDEFS];
static pthread_once_t arches_once = PTHREAD_ONCE_INIT;

static void fill(void)
{
	for (size_t i = 0; i < NDEFS; i++) {
		struct compat_arch *a = &arches[i];
		uint32_t nr;

		a->token = defs[i].token;
		a->name = defs[i].name;
		a->arch = secbpf_arch_lookup(defs[i].name);
		a->mux = defs[i].mux;
		a->base = defs[i].base;
		a->socketcall = a->ipc = -1;
		if (a->arch &&
		    !secbpf_syscall_lookup(a->arch, "socketcall", &nr))
			a->socketcall = (int)nr;
		if (a->arch && !secbpf_syscall_lookup(a->arch, "ipc", &nr))
			a->ipc = (int)nr;
		/* the sub-calls' own numbers, where the arch has them */
		for (size_t k = 0; a->mux && a->arch && k < compat_pnr_count;
		     k++) {
			int kind = compat_mux_kind(compat_pnr_by_name[k].nr);

			if (kind && a->nmux < 32 &&
			    !secbpf_syscall_lookup(
				    a->arch, compat_pnr_by_name[k].name, &nr)) {
				a->mux_nr[a->nmux] = (int)nr;
				a->mux_kind[a->nmux++] = (uint8_t)kind;
			}
		}
	}
}

static void setup(void)
{
	pthread_once(&arches_once, fill);
}

const struct compat_arch *compat_arch_native(void)
{
	const struct secbpf_arch *n = secbpf_arch_native();

	setup();
	for (size_t i = 0; n && i < NDEFS; i++)
		if (arches[i].arch == n)
			return &arches[i];
	return NULL;
}

const struct compat_arch *compat_arch_by_token(uint32_t token)
{
	if (token == 0)
		return compat_arch_native();
	setup();
	for (size_t i = 0; i < NDEFS; i++)
		if (arches[i].token == token && arches[i].arch)
			return &arches[i];
	return NULL;
}

const struct compat_arch *compat_arch_by_name(const char *name)
{
	setup();
	for (size_t i = 0; name && i < NDEFS; i++)
		if (!strcmp(arches[i].name, name) && arches[i].arch)
			return &arches[i];
	return NULL;
}

/* The pseudo numbers by name: a hash index built once (every rule on an
 * arch that multiplexes asks whether its name is a socket or ipc call). */
#define PNR_SLOTS 1024

static uint16_t pnr_slot[PNR_SLOTS]; /* index + 1 into compat_pnr_by_name */
static pthread_once_t pnr_once = PTHREAD_ONCE_INIT;

static unsigned pnr_hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h & (PNR_SLOTS - 1);
}

static void pnr_fill(void)
{
	for (size_t i = 0; i < compat_pnr_count && i < PNR_SLOTS / 2; i++) {
		unsigned h = pnr_hash(compat_pnr_by_name[i].name);

		while (pnr_slot[h])
			h = (h + 1) & (PNR_SLOTS - 1);
		pnr_slot[h] = (uint16_t)(i + 1);
	}
}

int compat_pnr_of(const char *name)
{
	pthread_once(&pnr_once, pnr_fill);
	for (unsigned h = pnr_hash(name); pnr_slot[h];
	     h = (h + 1) & (PNR_SLOTS - 1)) {
		const struct compat_pnr *p =
			&compat_pnr_by_name[pnr_slot[h] - 1];

		if (!strcmp(p->name, name))
			return p->nr;
	}
	return 0;
}

int compat_mux_kind(int nr)
{
	if (nr <= -100 && nr >= -120)
		return 1;
	if (nr <= -200 && nr >= -224)
		return 2;
	return 0;
}

int compat_mux_kind_on(const struct compat_arch *a, int nr)
{
	int kind = compat_mux_kind(nr);

	for (size_t i = 0; !kind && i < a->nmux; i++)
		if (a->mux_nr[i] == nr)
			kind = a->mux_kind[i];
	return kind;
}

int compat_resolve_name_raw(const struct compat_arch *a, const char *name)
{
	uint32_t nr;
	int pnr;

	if (!secbpf_syscall_lookup(a->arch, name, &nr))
		return (int)nr;
	pnr = compat_pnr_of(name);
	return pnr ? pnr : NR_SCMP_ERROR;
}

int compat_resolve_name(const struct compat_arch *a, const char *name)
{
	if (a->mux) {
		int pnr = compat_pnr_of(name);

		if (compat_mux_kind(pnr))
			return pnr;
	}
	return compat_resolve_name_raw(a, name);
}

const char *compat_resolve_num_raw(const struct compat_arch *a, int nr)
{
	size_t lo = 0, hi = compat_pnr_count;
	uint32_t have;

	/* libseccomp takes a number with or without the ABI's base */
	if (nr >= 0 && a->base == 0x40000000U)
		return secbpf_syscall_name(a->arch, (uint32_t)nr | a->base);
	if (nr >= 0 && a->base && (uint32_t)nr < a->base)
		return secbpf_syscall_name(a->arch, (uint32_t)nr + a->base);
	if (nr >= 0)
		return secbpf_syscall_name(a->arch, (uint32_t)nr);
	/* a pseudo number names a syscall the arch lacks */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (compat_pnr_by_nr[mid].nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < compat_pnr_count && compat_pnr_by_nr[lo].nr == nr; lo++)
		if (secbpf_syscall_lookup(a->arch, compat_pnr_by_nr[lo].name,
					  &have))
			return compat_pnr_by_nr[lo].name;
	return NULL;
}

const char *compat_resolve_num(const struct compat_arch *a, int nr)
{
	if (a->mux && compat_mux_kind(nr)) {
		for (size_t i = 0; i < compat_pnr_count; i++)
			if (compat_pnr_by_nr[i].nr == nr)
				return compat_pnr_by_nr[i].name;
	}
	return compat_resolve_num_raw(a, nr);
}
