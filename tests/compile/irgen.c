// SPDX-License-Identifier: LGPL-2.1-or-later
/* Hand-built and random IR; see irgen.h. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
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
	/* room doubles at each power of two: thousands of rules on one
	 * syscall cost no quadratic copying (ASan's realloc always moves) */
	if (!(sys->nrules & (sys->nrules - 1))) {
		sys->rules = realloc(sys->rules,
				     (sys->nrules ? 2 * sys->nrules : 1) *
					     sizeof(*sys->rules));
		cr_assert(sys->rules);
	}
	memset(&sys->rules[sys->nrules], 0, sizeof(sys->rules[0]));
	sys->rules[sys->nrules].action = action;
	sys->rules[sys->nrules].ncond = nc;
	if (nc) /* c may be NULL for an unconditional rule */
		memcpy(sys->rules[sys->nrules].cond, c, nc * sizeof(*c));
	sys->nrules++;
}

void ir_free(struct secbpf_policy *p)
{
	/* its arrays are malloc()ed as the IR layer's are */
	secbpf_policy_free(p);
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

/* ir_add for a number rather than a name (a multiplexer's). */
static void ir_add_nr(struct secbpf_policy *p, size_t a, uint32_t nr,
		      uint32_t action, const struct sb_cond *c, unsigned nc)
{
	const char *name = secbpf_syscall_name(p->arch[a].arch, nr);
	uint32_t max = p->arch[a].max_named_nr;

	cr_assert(name, "nr %u on %s", nr, p->arch[a].arch->name);
	ir_add(p, a, name, action, c, nc);
	/* a multiplexer does not count for ENOSYS, as in the library */
	p->arch[a].max_named_nr = max;
}

/* One rule (conditions "c") for "name" on every arch of "p". */
static void add_everywhere(struct secbpf_policy *p, const char *name,
			   uint32_t action, const struct sb_cond *c,
			   unsigned nc)
{
	for (size_t a = 0; a < p->narch; a++) {
		const struct secbpf_arch *arch = p->arch[a].arch;
		struct sb_cond mc[SB_MAX_CONDS + 1];
		uint32_t nr, mux, sub;
		unsigned n = 0;

		if (!secbpf_syscall_lookup(arch, name, &nr))
			ir_add(p, a, name, action, c, nc);
		if (secbpf_syscall_multiplex(arch, name, &mux, &sub))
			continue;
		mc[n++] = (struct sb_cond){
			.arg = 0, .op = SB_OP_EQ, .value = sub};
		for (unsigned i = 0; i < nc; i++)
			if (c[i].arg != 0)
				mc[n++] = c[i];
		cr_assert_leq(n, SB_MAX_CONDS);
		ir_add_nr(p, a, mux, action, mc, n);
	}
}

struct secbpf_policy *ir_from_profile_runc(const struct secbpf_profile *res)
{
	const char *arches[SB_MAX_ARCHES];
	uint32_t def = sb_act_ret(res->default_act, res->default_data);
	struct secbpf_policy *p;

	cr_assert_leq(res->narches, SB_MAX_ARCHES);
	for (size_t i = 0; i < res->narches; i++) {
		const struct secbpf_arch *a =
			secbpf_arch_lookup(res->arches[i]);

		cr_assert(a, "arch %s", res->arches[i]);
		arches[i] = a->name;
	}
	p = ir_new(def, SECBPF_RET_KILL_THREAD, arches, res->narches);
	for (size_t i = 0; i < res->nrules; i++) {
		const struct sb_prof_rule *r = &res->rules[i];
		uint32_t act = sb_act_ret(r->act, r->data);
		struct sb_cond c[SB_MAX_CONDS];
		unsigned count[6] = {0}, nc = 0;
		bool split = false;

		for (size_t k = 0; k < r->nargs && nc < SB_MAX_CONDS; k++) {
			c[nc] = (struct sb_cond){.arg = r->args[k].index,
						 .op = r->args[k].op,
						 .value = r->args[k].value,
						 .value2 = r->args[k].value2};
			split |= ++count[c[nc].arg] > 1;
			nc++;
		}
		for (size_t k = 0; k < r->nnames; k++) {
			uint32_t nr;

			/* every name counts for ENOSYS, on the arches that
			 * have it, even in a rule that is dropped */
			for (size_t a = 0; a < p->narch; a++)
				if (!secbpf_syscall_lookup(p->arch[a].arch,
							   r->names[k], &nr) &&
				    nr > p->arch[a].max_named_nr)
					p->arch[a].max_named_nr = nr;
			if (act == def)
				continue; /* runc skips it; libseccomp refuses */
			if (!split) {
				add_everywhere(p, r->names[k], act, c, nc);
				continue;
			}
			for (unsigned j = 0; j < nc; j++)
				add_everywhere(p, r->names[k], act, &c[j], 1);
		}
	}
	return p;
}

/* ---- random profiles ---- */

struct sbuf {
	char *s;
	size_t len, cap;
};

static void put(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void put(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		cr_assert_geq(n, 0);
		if ((size_t)n < b->cap - b->len)
			break;
		b->cap = b->cap * 2 + (size_t)n;
		b->s = realloc(b->s, b->cap);
		cr_assert(b->s);
	}
	b->len += (size_t)n;
}

/* Names every arch set of the tests knows; socket, bind, accept4, shmget
 * and semctl go through socketcall / ipc on x86, ppc and s390. */
static const char *const profile_names[] = {
	"read",	       "write",	      "close",	 "dup3",   "kill",
	"getpriority", "setpriority", "ioctl",	 "fcntl",  "personality",
	"clone",       "openat",      "ptrace",	 "prctl",  "lseek",
	"madvise",     "mprotect",    "futex",	 "socket", "bind",
	"accept4",     "shmget",      "semctl",	 "fchmod", "process_vm_readv",
	"unshare",     "setns",	      "getpgid", "sendto", "pread64",
};

static const char *const ops[] = {
	"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE",	    "SCMP_CMP_EQ",
	"SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ",
};

/* An action, as the profile writes it. */
static void put_action(struct sbuf *b, uint64_t *rng, bool is_default)
{
	static const char *const acts[] = {
		"SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO",	   "SCMP_ACT_ERRNO",
		"SCMP_ACT_TRAP",  "SCMP_ACT_KILL",	   "SCMP_ACT_TRACE",
		"SCMP_ACT_LOG",	  "SCMP_ACT_KILL_PROCESS",
	};
	const char *a = acts[diff_rand(rng) % SB_ARRAY_SIZE(acts)];

	put(b, "\"%s\": \"%s\"", is_default ? "defaultAction" : "action", a);
	if (!strcmp(a, "SCMP_ACT_ERRNO") || !strcmp(a, "SCMP_ACT_TRACE"))
		put(b, ", \"%s\": %u",
		    is_default ? "defaultErrnoRet" : "errnoRet",
		    (unsigned)(1 + diff_rand(rng) % 3));
}

char *ir_random_profile(uint64_t *rng)
{
	struct sbuf b = {0};
	unsigned nrules = 1 + diff_rand(rng) % 12;

	put(&b, "{");
	put_action(&b, rng, true);
	put(&b, ", \"syscalls\": [");
	for (unsigned r = 0; r < nrules; r++) {
		unsigned nnames = 1 + diff_rand(rng) % 3;
		unsigned nc = diff_rand(rng) % 6;
		unsigned used[6], nused = 0;

		put(&b, "%s{\"names\": [", r ? ", " : "");
		for (unsigned k = 0; k < nnames; k++)
			put(&b, "%s\"%s\"", k ? ", " : "",
			    profile_names[diff_rand(rng) %
					  SB_ARRAY_SIZE(profile_names)]);
		put(&b, "], ");
		put_action(&b, rng, false);
		if (!nc) {
			put(&b, "}");
			continue;
		}
		put(&b, ", \"args\": [");
		for (unsigned i = 0; i < nc; i++) {
			unsigned arg, op = (unsigned)(diff_rand(rng) % 7);

			/* more often than not, an index used already */
			if (nused && diff_rand(rng) % 3)
				arg = used[diff_rand(rng) % nused];
			else
				arg = (unsigned)(diff_rand(rng) % 6);
			used[nused++] = arg;
			put(&b,
			    "%s{\"index\": %u, \"value\": %llu, \"valueTwo\": "
			    "%llu, \"op\": \"%s\"}",
			    i ? ", " : "", arg, (unsigned long long)value(rng),
			    (unsigned long long)value(rng), ops[op]);
		}
		put(&b, "]}");
	}
	put(&b, "]}");
	return b.s;
}
