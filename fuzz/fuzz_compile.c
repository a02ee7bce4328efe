// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer target for the compiler: the input bytes describe a policy
 * (arch set, default, syscalls, rules, conditions); the program must
 * compile (or fail cleanly with E2BIG), pass the verifier, and decide
 * every probed syscall with the action of a rule whose conditions hold, or
 * the default.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct in {
	const uint8_t *p;
	size_t n;
};

static uint64_t take(struct in *in, unsigned bytes)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < bytes; i++) {
		v <<= 8;
		if (in->n) {
			v |= *in->p++;
			in->n--;
		}
	}
	return v;
}

static const char *const sets[][3] = {
	{"x86_64", "x86", "x32"}, {"aarch64", "arm", NULL},
	{"s390x", "s390", NULL},  {"mipsel64", "mipsel", "mipsel64n32"},
	{"ppc64le", NULL, NULL},  {"x32", NULL, NULL},
};

static const uint32_t acts[] = {
	SECBPF_RET_ALLOW,    SECBPF_RET_ERRNO(1),     SECBPF_RET_KILL_THREAD,
	SECBPF_RET_TRAP,     SECBPF_RET_KILL_PROCESS, SECBPF_RET_LOG,
	SECBPF_RET_TRACE(2), SECBPF_RET_ERRNO(38),
};

static bool holds(const struct sb_cond *c, uint64_t x, unsigned bits)
{
	uint64_t v = c->value, v2 = c->value2;

	if (bits == 32) {
		x &= UINT32_MAX;
		v &= UINT32_MAX;
		v2 &= UINT32_MAX;
	}
	switch (c->op) {
	case SB_OP_NE:
		return x != v;
	case SB_OP_LT:
		return x < v;
	case SB_OP_LE:
		return x <= v;
	case SB_OP_EQ:
		return x == v;
	case SB_OP_GE:
		return x >= v;
	case SB_OP_GT:
		return x > v;
	default:
		return (x & v) == (v2 & v);
	}
}

/* Whether "got" is a verdict the rules of "sys" allow for "args". */
static bool allowed(const struct sb_ir_syscall *sys, unsigned bits,
		    uint32_t def, const uint64_t *args, uint32_t got)
{
	bool any = false;

	for (size_t i = 0; i < sys->nrules; i++) {
		const struct sb_rule *r = &sys->rules[i];
		bool uncond = true;

		for (unsigned c = 0; c < r->ncond; c++)
			if (r->cond[c].op != SB_OP_MASKED_EQ ||
			    (r->cond[c].value &
			     (bits == 32 ? UINT32_MAX : UINT64_MAX)))
				uncond = false;
		if (uncond)
			return got == r->action;
	}
	for (size_t i = 0; i < sys->nrules; i++) {
		const struct sb_rule *r = &sys->rules[i];
		bool m = true;

		for (unsigned c = 0; c < r->ncond && m; c++)
			m = holds(&r->cond[c], args[r->cond[c].arg], bits);
		if (m) {
			any = true;
			if (got == r->action)
				return true;
		}
	}
	return !any && got == def;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = {data, size};
	struct secbpf_policy pol;
	const char *const *set = sets[take(&in, 1) % 6];
	struct secbpf_compile_opts o = {.sz = sizeof(o)};
	struct secbpf_prog *prog = NULL;
	struct secbpf_error err;
	int rc;

	memset(&pol, 0, sizeof(pol));
	pol.default_action = acts[take(&in, 1) % 8];
	pol.badarch_action = acts[take(&in, 1) % 8];
	o.layout = take(&in, 1) % 2;
	o.enosys_newer = take(&in, 1) % 2;
	for (size_t a = 0; a < 3 && set[a]; a++) {
		struct sb_ir_arch *ia = &pol.arch[pol.narch++];
		size_t nsys = take(&in, 1) % 24;
		uint32_t last = 0;

		ia->arch = secbpf_arch_lookup(set[a]);
		ia->sys = calloc(nsys + 1, sizeof(*ia->sys));
		if (!ia->sys)
			goto out;
		for (size_t s = 0; s < nsys; s++) {
			const struct sb_syscall *sc =
				&ia->arch->by_nr[take(&in, 2) %
						 ia->arch->nsyscalls];
			struct sb_ir_syscall *sys = &ia->sys[ia->nsys];
			size_t nr = 1 + take(&in, 1) % 4;

			if (ia->nsys && sc->nr <= last)
				continue; /* the IR is sorted and unique */
			last = sc->nr;
			sys->nr = sc->nr;
			sys->name = sc->name;
			sys->rules = calloc(nr, sizeof(*sys->rules));
			if (!sys->rules)
				goto out;
			ia->nsys++;
			if (sc->nr > ia->max_named_nr)
				ia->max_named_nr = sc->nr;
			for (size_t r = 0; r < nr; r++) {
				struct sb_rule *ru = &sys->rules[sys->nrules++];

				ru->action = acts[take(&in, 1) % 8];
				ru->ncond = take(&in, 1) % 4;
				for (unsigned c = 0; c < ru->ncond; c++) {
					ru->cond[c].arg = take(&in, 1) % 6;
					ru->cond[c].op = 1 + take(&in, 1) % 7;
					ru->cond[c].value = take(&in, 8);
					ru->cond[c].value2 = take(&in, 8);
				}
			}
		}
	}
	if (o.layout == SECBPF_LAYOUT_WEIGHTED) {
		/* the weighted layout takes the caller's table: a few names
		 * of the first arch */
		static const char *fnames[8];
		static double fweights[8];
		const struct secbpf_arch *a0 = secbpf_arch_lookup(set[0]);

		o.nfreq = 1 + take(&in, 1) % 8;
		for (size_t i = 0; i < o.nfreq; i++) {
			fnames[i] =
				a0->by_nr[take(&in, 2) % a0->nsyscalls].name;
			fweights[i] = (double)take(&in, 4);
		}
		o.freq_names = fnames;
		o.freq_weights = fweights;
	}
	rc = secbpf_compile(&pol, &o, &prog, &err);
	if (rc) {
		/* mixing byte orders cannot happen with these sets; only a
		 * program over the limit may fail */
		if (rc != -E2BIG)
			abort();
		goto out;
	}
	if (secbpf_prog_verify(prog, &err))
		abort();
	for (size_t a = 0; a < pol.narch; a++) {
		const struct sb_ir_arch *ia = &pol.arch[a];

		for (size_t s = 0; s < ia->nsys; s++) {
			struct secbpf_data d = {.nr = ia->sys[s].nr,
						.arch = ia->arch->audit};
			struct secbpf_run_result res = {0};

			for (int k = 0; k < 4; k++) {
				for (int i = 0; i < 6; i++)
					d.args[i] = take(&in, 8);
				if (secbpf_prog_run(prog, &d, &res, &err))
					abort();
				if (!allowed(&ia->sys[s], ia->arch->bits,
					     pol.default_action, d.args,
					     res.action))
					abort();
			}
		}
	}
out:
	secbpf_prog_free(prog);
	for (size_t a = 0; a < pol.narch; a++) {
		for (size_t s = 0; s < pol.arch[a].nsys; s++)
			free(pol.arch[a].sys[s].rules);
		free(pol.arch[a].sys);
	}
	return 0;
}
