// SPDX-License-Identifier: LGPL-2.1-or-later
/* Verdict comparison; see diff.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"

uint64_t diff_rand(uint64_t *s)
{
	uint64_t x = *s ? *s : 0x9e3779b97f4a7c15ULL;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

struct run {
	const struct secbpf_policy *p;
	const struct secbpf_prog *ours, *ref;
	struct diff_result *res;
	const char *arch_name;
};

/* What A may hold at an instruction: up to 8 (offset, mask) pairs. */
struct asrc {
	unsigned n; /* 9 = too many */
	int off[8];
	uint32_t mask[8];
};

static void asrc_add(struct asrc *s, int off, uint32_t mask)
{
	for (unsigned i = 0; i < s->n && i < 8; i++)
		if (s->off[i] == off && s->mask[i] == mask)
			return;
	if (s->n >= 8) {
		s->n = 9;
		return;
	}
	s->off[s->n] = off;
	s->mask[s->n++] = mask;
}

static void asrc_merge(struct asrc *dst, const struct asrc *src)
{
	if (src->n > 8) {
		dst->n = 9;
		return;
	}
	for (unsigned i = 0; i < src->n; i++)
		asrc_add(dst, src->off[i], src->mask[i]);
}

bool *diff_ambiguous(const struct secbpf_prog *prog)
{
	size_t n = secbpf_prog_len(prog);
	const struct secbpf_insn *in = secbpf_prog_insns(prog);
	struct asrc *st = calloc(n + 1, sizeof(*st));
	bool *amb = calloc(n + 1, sizeof(*amb));

	if (!st || !amb) {
		free(st);
		free(amb);
		return NULL;
	}
	asrc_add(&st[0], -1, UINT32_MAX);
	for (size_t pc = 0; pc < n; pc++) {
		struct asrc out = st[pc];
		uint16_t cls = in[pc].code & 0x07;

		if (in[pc].code == 0x20) {
			out.n = 0;
			asrc_add(&out, (int)in[pc].k, UINT32_MAX);
		} else if (in[pc].code == 0x54) {
			struct asrc m = {0};

			for (unsigned i = 0; i < out.n && i < 8; i++)
				asrc_add(&m, out.off[i],
					 out.mask[i] & in[pc].k);
			if (out.n > 8)
				m.n = 9;
			out = m;
		}
		if (cls == 0x06)
			continue;
		if (cls == 0x05) {
			if (in[pc].code == 0x05) {
				if (pc + 1 + in[pc].k < n)
					asrc_merge(&st[pc + 1 + in[pc].k],
						   &out);
				continue;
			}
			/* a comparison on A holding more than one thing:
			 * its outcome depends on the path taken */
			amb[pc] = out.n > 1;
			if (pc + 1 + in[pc].jt < n)
				asrc_merge(&st[pc + 1 + in[pc].jt], &out);
			if (pc + 1 + in[pc].jf < n)
				asrc_merge(&st[pc + 1 + in[pc].jf], &out);
			continue;
		}
		asrc_merge(&st[pc + 1], &out);
	}
	free(st);
	return amb;
}

static bool cond_match(const struct sb_cond *c, uint64_t x)
{
	switch (c->op) {
	case SB_OP_NE:
		return x != c->value;
	case SB_OP_LT:
		return x < c->value;
	case SB_OP_LE:
		return x <= c->value;
	case SB_OP_EQ:
		return x == c->value;
	case SB_OP_GE:
		return x >= c->value;
	case SB_OP_GT:
		return x > c->value;
	default:
		return (x & c->value) == (c->value2 & c->value);
	}
}

/*
 * The verdicts the rules allow for one input: the action of the first
 * unconditional rule if there is one; else the action of every rule whose
 * conditions all hold; else the default.  Returns how many distinct ones
 * (stored in "acts", up to 8); 0 when the policy has no rules for the
 * number (then anything the programs agree on is fine).
 */
static size_t allowed_verdicts(const struct run *r, const struct secbpf_data *d,
			       uint32_t *acts)
{
	const struct sb_ir_syscall *sys = NULL;
	unsigned bits = 64;
	size_t n = 0;

	for (size_t a = 0; a < r->p->narch && !sys; a++) {
		const struct sb_ir_arch *ia = &r->p->arch[a];

		if (ia->arch->audit != d->arch)
			continue;
		for (size_t s = 0; s < ia->nsys; s++)
			if (ia->sys[s].nr == d->nr) {
				sys = &ia->sys[s];
				bits = ia->arch->bits;
			}
	}
	if (!sys || !sys->nrules)
		return 0;
	for (size_t i = 0; i < sys->nrules; i++) {
		const struct sb_rule *ru = &sys->rules[i];
		bool uncond = true;

		for (unsigned c = 0; c < ru->ncond; c++)
			if (ru->cond[c].op != SB_OP_MASKED_EQ ||
			    (ru->cond[c].value &
			     (bits == 32 ? UINT32_MAX : UINT64_MAX)))
				uncond = false;
		if (uncond) {
			acts[0] = ru->action;
			return 1;
		}
	}
	for (size_t i = 0; i < sys->nrules; i++) {
		const struct sb_rule *ru = &sys->rules[i];
		bool m = true, dup = false;

		for (unsigned c = 0; c < ru->ncond && m; c++) {
			struct sb_cond cd = ru->cond[c];
			uint64_t x = d->args[cd.arg];

			if (bits == 32) {
				x &= UINT32_MAX;
				cd.value &= UINT32_MAX;
				cd.value2 &= UINT32_MAX;
			}
			m = cond_match(&cd, x);
		}
		if (!m)
			continue;
		for (size_t k = 0; k < n; k++)
			dup |= acts[k] == ru->action;
		if (!dup && n < 8)
			acts[n++] = ru->action;
	}
	if (!n)
		acts[n++] = r->p->default_action;
	return n;
}

static bool in_set(const uint32_t *acts, size_t n, uint32_t v)
{
	for (size_t i = 0; i < n; i++)
		if (acts[i] == v)
			return true;
	return false;
}

static void describe(const struct run *r, const struct secbpf_data *d,
		     const struct secbpf_run_result *a,
		     const struct secbpf_run_result *b, int ra, int rb,
		     const struct secbpf_error *ea,
		     const struct secbpf_error *eb, char *out, size_t len)
{
	const struct secbpf_arch *arch = secbpf_arch_by_audit(d->arch);
	const char *name = NULL;
	char sa[32], sb[32];

	secbpf_action_str(a->action, sa, sizeof(sa));
	secbpf_action_str(b->action, sb, sizeof(sb));
	for (size_t i = 0; i < r->p->narch && !name; i++)
		if (r->p->arch[i].arch->audit == d->arch)
			name = secbpf_syscall_name(r->p->arch[i].arch, d->nr);
	snprintf(out, len,
		 "%s nr %u (%#x, %s) args [%#llx %#llx %#llx %#llx %#llx "
		 "%#llx]: ours %.160s, libseccomp %.160s",
		 arch ? arch->name : "foreign", d->nr, d->nr, name ? name : "-",
		 (unsigned long long)d->args[0], (unsigned long long)d->args[1],
		 (unsigned long long)d->args[2], (unsigned long long)d->args[3],
		 (unsigned long long)d->args[4], (unsigned long long)d->args[5],
		 ra ? ea->message : sa, rb ? eb->message : sb);
}

static void one(struct run *r, const struct secbpf_data *d)
{
	struct secbpf_run_result a = {0}, b = {0};
	struct secbpf_error ea, eb;
	int ra, rb;

	ra = secbpf_prog_run(r->ours, d, &a, &ea);
	rb = secbpf_prog_run(r->ref, d, &b, &eb);
	r->res->queries++;
	if (!ra && !rb && a.action == b.action)
		return;
	if (!ra && !rb) {
		uint32_t acts[8];
		size_t na = allowed_verdicts(r, d, acts);

		if (na && !in_set(acts, na, a.action)) {
			/* ours is wrong whatever libseccomp says */
		} else if (na && !in_set(acts, na, b.action)) {
			/* libseccomp answered with the action of a rule
			 * whose conditions do not hold (its argument trees
			 * merge the levels of overlapping rules, and it
			 * sometimes compares a word other than the one it
			 * meant): no reference for this input */
			r->res->ref_unsound++;
			if (getenv("SECBPF_TEST_VERBOSE") &&
			    r->res->ref_unsound <= 3) {
				char buf[512];

				describe(r, d, &a, &b, 0, 0, NULL, NULL, buf,
					 sizeof(buf));
				fprintf(stderr, "unsound reference: %s\n", buf);
			}
			return;
		} else if (na > 1) {
			/* overlapping rules with different actions: both
			 * answers are some rule's; count disagreements on
			 * which one separately */
			r->res->order_diff++;
			if (r->res->norder < 4)
				describe(r, d, &a, &b, 0, 0, NULL, NULL,
					 r->res->order[r->res->norder++],
					 sizeof(r->res->order[0]));
			return;
		}
	}
	r->res->divergent++;
	if (r->res->nfirst >= 8)
		return;
	describe(r, d, &a, &b, ra, rb, &ea, &eb,
		 r->res->first[r->res->nfirst++], sizeof(r->res->first[0]));
}

/* Values at, below and above the boundaries conditions on "arg" use. */
static size_t candidates(const struct sb_ir_syscall *sys, unsigned arg,
			 uint64_t *v, size_t cap)
{
	size_t n = 0;

#define ADD(x)                                                                 \
	do {                                                                   \
		uint64_t x_ = (x);                                             \
		bool dup_ = false;                                             \
		for (size_t i_ = 0; i_ < n; i_++)                              \
			dup_ |= v[i_] == x_;                                   \
		if (n < cap && !dup_)                                          \
			v[n++] = x_;                                           \
	} while (0)
	ADD(0);
	ADD(UINT64_MAX);
	for (size_t r = 0; r < sys->nrules; r++)
		for (unsigned c = 0; c < sys->rules[r].ncond; c++) {
			const struct sb_cond *cd = &sys->rules[r].cond[c];
			uint64_t x = cd->value;

			if (cd->arg != arg)
				continue;
			if (cd->op == SB_OP_MASKED_EQ) {
				uint64_t d = cd->value2 & cd->value;

				ADD(d);
				ADD(d | ~cd->value);
				ADD(d ^ (cd->value & -cd->value));
				ADD(cd->value2);
				ADD(d | 0x100000000ULL);
				continue;
			}
			ADD(x);
			ADD(x - 1);
			ADD(x + 1);
			ADD(x ^ 0x100000000ULL);
			ADD(x | 0xffffffff00000000ULL);
			ADD(x & 0xffffffffULL);
			ADD((x & 0xffffffffULL) + 1);
			ADD(x + 0x100000000ULL);
			ADD(x - 0x100000000ULL);
		}
#undef ADD
	return n;
}

static void args_for(struct run *r, struct secbpf_data *d,
		     const struct sb_ir_syscall *sys, uint64_t *rng)
{
	uint64_t cand[6][128];
	size_t nc[6];

	for (unsigned a = 0; a < 6; a++)
		nc[a] = candidates(sys, a, cand[a], 128);
	memset(d->args, 0, sizeof(d->args));
	one(r, d);
	/* each argument alone through its candidates, others at 0 / max */
	for (unsigned a = 0; a < 6; a++) {
		if (nc[a] <= 2)
			continue;
		for (size_t i = 0; i < nc[a]; i++) {
			memset(d->args, 0, sizeof(d->args));
			d->args[a] = cand[a][i];
			one(r, d);
			memset(d->args, 0xff, sizeof(d->args));
			d->args[a] = cand[a][i];
			one(r, d);
		}
	}
	/* random mixes, when some argument is checked at all */
	for (unsigned a = 0; a < 6; a++)
		if (nc[a] > 2)
			goto mix;
	return;
mix:
	for (int k = 0; k < 48; k++) {
		for (unsigned a = 0; a < 6; a++)
			d->args[a] = cand[a][diff_rand(rng) % nc[a]];
		one(r, d);
	}
}

void diff_programs(const struct secbpf_policy *p,
		   const struct secbpf_prog *ours,
		   const struct secbpf_prog *ref, unsigned seed,
		   diff_skip_fn skip, void *opaque, struct diff_result *res)
{
	struct run r = {p, ours, ref, res, "?"};
	uint64_t rng = seed * 2654435761ULL + 1;
	static const uint32_t extra[] = {
		0x3fffffff, 0x40000000, 0x40000001, 0x7fffffff, 0x80000000,
		0xfffffffe, 0xffffffff, 3999,	    4000,	4001,
		4999,	    5000,	5001,	    5999,	6000,
		6001,	    999,	1000,	    1023,	1024,
		4096,	    65535,	65536,
	};
	struct secbpf_data d;

	memset(res, 0, sizeof(*res));
	for (size_t a = 0; a < p->narch; a++) {
		const struct sb_ir_arch *ia = &p->arch[a];
		const struct secbpf_arch *arch = ia->arch;
		uint32_t maxnr = 0;

		r.arch_name = arch->name;
		memset(&d, 0, sizeof(d));
		d.arch = arch->audit;
		for (size_t i = 0; i < arch->nsyscalls; i++)
			if (arch->by_nr[i].nr > maxnr)
				maxnr = arch->by_nr[i].nr;
		/* every number of the dense part of the table, each number
		 * of the table and its neighbours (arm's private calls sit at
		 * 0xf0000), and 100 beyond the end */
		for (uint32_t k = 0; k < 1200 + 3 * arch->nsyscalls + 100;
		     k++) {
			uint32_t nr;

			if (k < 1200)
				nr = arch->nr_base + k;
			else if (k < 1200 + 3 * arch->nsyscalls)
				nr = arch->by_nr[(k - 1200) / 3].nr +
				     (k - 1200) % 3 - 1;
			else
				nr = maxnr + 1 +
				     (k - 1200 - 3 * arch->nsyscalls);
			if (skip && skip(arch, nr, opaque)) {
				res->skipped++;
				continue;
			}
			d.nr = nr;
			memset(d.args, 0, sizeof(d.args));
			one(&r, &d);
			memset(d.args, 0xff, sizeof(d.args));
			one(&r, &d);
		}
		for (uint32_t nr = 0; nr < 64; nr++) {
			d.nr = nr | 0x40000000;
			memset(d.args, 0, sizeof(d.args));
			one(&r, &d);
		}
		for (size_t i = 0; i < SB_ARRAY_SIZE(extra); i++) {
			d.nr = extra[i];
			memset(d.args, 0, sizeof(d.args));
			one(&r, &d);
		}
		for (size_t s = 0; s < ia->nsys; s++) {
			const struct sb_ir_syscall *sys = &ia->sys[s];

			if (skip && skip(arch, sys->nr, opaque))
				continue;
			d.nr = sys->nr;
			args_for(&r, &d, sys, &rng);
		}
	}
	/* foreign arches get the bad-arch action on both sides */
	r.arch_name = "foreign";
	for (size_t i = 0; i < secbpf_arch_count(); i++) {
		const struct secbpf_arch *x = secbpf_arch_at(i);
		bool in = false;

		for (size_t a = 0; a < p->narch; a++)
			in |= p->arch[a].arch->audit == x->audit;
		if (in)
			continue;
		memset(&d, 0, sizeof(d));
		d.arch = x->audit;
		for (uint32_t nr = 0; nr < 8; nr++) {
			d.nr = nr;
			one(&r, &d);
		}
	}
	d.arch = 0x12345678;
	d.nr = 0;
	one(&r, &d);
}

void diff_print(const char *what, const struct diff_result *res)
{
	if (res->divergent) {
		fprintf(stderr, "%s: %zu of %zu verdicts differ; first ones:\n",
			what, res->divergent, res->queries);
		for (size_t i = 0; i < res->nfirst; i++)
			fprintf(stderr, "  %s\n", res->first[i]);
	}
	if (res->order_diff && getenv("SECBPF_TEST_VERBOSE")) {
		fprintf(stderr,
			"%s: %zu inputs match overlapping rules and the two "
			"pick different ones; first ones:\n",
			what, res->order_diff);
		for (size_t i = 0; i < res->norder; i++)
			fprintf(stderr, "  %s\n", res->order[i]);
	}
}
