// SPDX-License-Identifier: LGPL-2.1-or-later
/* Hand-built and random IR; see irgen.h. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "irgen.h"

static void *xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz);

	cr_assert(p, "out of memory");
	return p;
}

struct secbpf_policy *ir_new(uint32_t def, uint32_t badarch,
			     const char *const *arches, size_t narches)
{
	struct secbpf_policy *p = xcalloc(1, sizeof(*p));

	p->default_action = def;
	p->badarch_action = badarch;
	p->narch = narches;
	for (size_t i = 0; i < narches; i++) {
		p->arch[i].arch = secbpf_arch_lookup(arches[i]);
		cr_assert(p->arch[i].arch, "arch %s", arches[i]);
	}
	return p;
}

void ir_add(struct secbpf_policy *p, size_t a, const char *name,
	    uint32_t action, const struct sb_cond *c, unsigned nc)
{
	struct sb_ir_arch *ia = &p->arch[a];
	struct sb_ir_syscall *sys = NULL;
	uint32_t nr;
	size_t pos;

	cr_assert(secbpf_syscall_lookup(ia->arch, name, &nr) == 0, "%s on %s",
		  name, ia->arch->name);
	for (pos = 0; pos < ia->nsys && ia->sys[pos].nr < nr; pos++)
		;
	if (pos < ia->nsys && ia->sys[pos].nr == nr) {
		sys = &ia->sys[pos];
	} else {
		ia->sys = realloc(ia->sys, (ia->nsys + 1) * sizeof(*ia->sys));
		cr_assert(ia->sys);
		memmove(&ia->sys[pos + 1], &ia->sys[pos],
			(ia->nsys - pos) * sizeof(*ia->sys));
		ia->nsys++;
		sys = &ia->sys[pos];
		memset(sys, 0, sizeof(*sys));
		sys->nr = nr;
		/* the table's own string: static */
		for (size_t i = 0; i < ia->arch->nsyscalls; i++)
			if (ia->arch->by_nr[i].nr == nr)
				sys->name = ia->arch->by_nr[i].name;
	}
	if (nr > ia->max_named_nr)
		ia->max_named_nr = nr;
	sys->rules =
		realloc(sys->rules, (sys->nrules + 1) * sizeof(*sys->rules));
	cr_assert(sys->rules);
	memset(&sys->rules[sys->nrules], 0, sizeof(sys->rules[0]));
	sys->rules[sys->nrules].action = action;
	sys->rules[sys->nrules].ncond = nc;
	if (nc) /* c may be NULL for an unconditional rule */
		memcpy(sys->rules[sys->nrules].cond, c, nc * sizeof(*c));
	sys->nrules++;
}

void ir_free(struct secbpf_policy *p)
{
	if (!p)
		return;
	for (size_t a = 0; a < p->narch; a++) {
		for (size_t s = 0; s < p->arch[a].nsys; s++)
			free(p->arch[a].sys[s].rules);
		free(p->arch[a].sys);
	}
	for (size_t i = 0; i < p->nwarn; i++)
		free(p->warn[i]);
	free(p->warn);
	free(p);
}

static const char *const sets[IR_NSETS][3] = {
	{"x86_64", "x86", "x32"},
	{"x86_64"},
	{"aarch64", "arm"},
	{"ppc64le"},
	{"riscv64"},
	{"mipsel64", "mipsel", "mipsel64n32"},
	{"x86"},
};

static const uint64_t interesting[] = {
	0,
	1,
	2,
	5,
	7,
	0xff,
	0x7fffffff,
	0x80000000,
	0xffffffff,
	0x100000000ULL,
	0x100000005ULL,
	0x1ffffffffULL,
	0xffffffff00000000ULL,
	0xfffffffffffffffeULL,
	UINT64_MAX,
	0x7e020000, /* clone namespace flags */
	0x20008,
};

static uint64_t value(uint64_t *rng)
{
	uint64_t r = diff_rand(rng);

	if (r % 4 == 0)
		return diff_rand(rng) >> (diff_rand(rng) % 64);
	return interesting[(r >> 8) % SB_ARRAY_SIZE(interesting)];
}

static uint32_t action(uint64_t *rng, uint32_t def)
{
	static const uint32_t acts[] = {
		SECBPF_RET_ALLOW, SECBPF_RET_ERRNO(1),	  SECBPF_RET_ERRNO(38),
		SECBPF_RET_TRAP,  SECBPF_RET_KILL_THREAD, SECBPF_RET_TRACE(3),
		SECBPF_RET_LOG,
	};
	uint32_t a;

	do
		a = acts[diff_rand(rng) % SB_ARRAY_SIZE(acts)];
	while (a == def);
	return a;
}

struct secbpf_policy *ir_random(uint64_t *rng, unsigned set, size_t nsys)
{
	static const uint32_t defs[] = {SECBPF_RET_ERRNO(1),
					SECBPF_RET_KILL_PROCESS,
					SECBPF_RET_ALLOW, SECBPF_RET_ERRNO(38)};
	const char *const *names = sets[set % IR_NSETS];
	size_t narch = 0;
	uint32_t def = defs[diff_rand(rng) % SB_ARRAY_SIZE(defs)];
	struct secbpf_policy *p;

	while (narch < 3 && names[narch])
		narch++;
	p = ir_new(def,
		   diff_rand(rng) % 2 ? SECBPF_RET_KILL_THREAD
				      : SECBPF_RET_ERRNO(7),
		   names, narch);
	for (size_t a = 0; a < narch; a++) {
		const struct secbpf_arch *arch = p->arch[a].arch;
		size_t n = 1 + diff_rand(rng) % nsys;

		for (size_t k = 0; k < n; k++) {
			const char *name =
				arch->by_nr[diff_rand(rng) % arch->nsyscalls]
					.name;
			unsigned nrules = 1 + diff_rand(rng) % 4;

			/* neighbours of a hot syscall share its rules */
			for (unsigned r = 0; r < nrules; r++) {
				struct sb_cond c[3];
				unsigned nc = diff_rand(rng) % 4, used = 0;

				if (diff_rand(rng) % 5 == 0)
					nc = 0;
				for (unsigned i = 0; i < nc; i++) {
					unsigned arg;

					do
						arg = diff_rand(rng) % 6;
					while (used & (1u << arg));
					used |= 1u << arg;
					c[i].arg = (uint8_t)arg;
					c[i].op = (uint8_t)(1 +
							    diff_rand(rng) % 7);
					c[i].value = value(rng);
					c[i].value2 = value(rng);
				}
				ir_add(p, a, name, action(rng, def), c, nc);
			}
		}
	}
	return p;
}
