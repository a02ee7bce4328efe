// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The compiler: IR (struct secbpf_policy) to one classic BPF program.
 *
 * Shape of the output:
 *
 *	ld [4]				arch
 *	jeq AUDIT_ARCH_1, B1, next	one per arch block (x86_64 and x32
 *	...				share AUDIT_ARCH_X86_64: one block)
 *	ret BADARCH
 *   B: ld [0]				nr
 *	binary decision tree over number ranges (JGE/JEQ on nr)
 *	argument checks per syscall, first matching rule decides
 *	ret ...
 *
 * The program is emitted backwards, from the last instruction to the first,
 * so that every jump target exists when the jump is written.  Every
 * instruction goes through a hash table keyed by what it does (opcode, K,
 * jump targets, what the accumulator holds): asking for an instruction that
 * exists already returns it, which shares RETs and identical tails.  Each
 * label records whether it starts with a load (and mask), so that a jump
 * from code that has that word in A lands after the load.
 */
#include <assert.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"

#define BPF_LD_W_ABS 0x20
#define BPF_ALU_AND_K 0x54
#define BPF_JA 0x05
#define BPF_JEQ_K 0x15
#define BPF_JGT_K 0x25
#define BPF_JGE_K 0x35
#define BPF_JSET_K 0x45
#define BPF_RET_K 0x06

#define OFF_NR 0
#define OFF_ARCH 4
#define X32_BIT 0x40000000U
#define ENOSYS_NR 38
/* EM_S390 (22), with or without the 64-bit flag */
#define S390_AUDIT(a) (((a)->audit & 0xffff) == 22 ? (a)->audit : 0)

/* What the accumulator holds: a word of seccomp_data, possibly masked. */
struct astate {
	int off;       /* byte offset, -1 = unknown */
	uint32_t mask; /* applied with AND, UINT32_MAX = none */
};

static const struct astate A_UNKNOWN = {-1, UINT32_MAX};

/* A place to jump to. */
struct tgt {
	int pos;	   /* reverse index of the entry instruction */
	int ld_off;	   /* the entry loads this word, or -1 */
	uint32_t and_mask; /* and masks it so (UINT32_MAX = no AND) */
	int after_ld;	   /* first instruction after the load */
	int after_and;	   /* first instruction after load and AND */
};

struct lbl {
	int pos;	   /* reverse index of the entry instruction */
	int ld_off;	   /* the entry loads this word, or -1 */
	uint32_t and_mask; /* and masks it so (UINT32_MAX = no AND) */
	int after_ld;	   /* first instruction after the load */
	int after_and;	   /* first instruction after load and AND */
	/*
	 * The entry is "ld eq_off; jeq eq_val -> eq_t": code that knows the
	 * word equals eq_val (a failed low-word check of the same 64-bit
	 * value) can jump to eq_t directly.
	 */
	bool eq_valid;
	int eq_off;
	uint32_t eq_val;
	struct tgt eq_t;
};

static struct tgt tgt_of(const struct lbl *l)
{
	return (struct tgt){l->pos, l->ld_off, l->and_mask, l->after_ld,
			    l->after_and};
}

/* Where to go for "l" when the word at "off" is known to equal "v". */
static struct lbl known_eq(const struct lbl *l, int off, uint32_t v)
{
	struct lbl r = *l;

	if (l->eq_valid && l->eq_off == off && l->eq_val == v) {
		r = (struct lbl){.pos = l->eq_t.pos,
				 .ld_off = l->eq_t.ld_off,
				 .and_mask = l->eq_t.and_mask,
				 .after_ld = l->eq_t.after_ld,
				 .after_and = l->eq_t.after_and};
	}
	return r;
}

struct hent {
	uint32_t k;
	uint32_t amask;
	int16_t a, b; /* targets / successor, -1 if none */
	int16_t aoff;
	int16_t pos;
	uint16_t code;
	bool used;
};

/* Open addressing, grown to stay at most half full: small programs are
 * the common case, no need to clear a table sized for 4096. */
#define HASH_MIN 1024
#define EMIT_MAX (2 * SECBPF_MAX_INSNS)

struct em {
	int n;
	struct hent *tab;
	size_t tab_size, tab_used;
	struct secbpf_error *err;
	int rc; /* first error */
	bool big_endian;
	/* last, so that the fields above can be cleared alone.  rev[0] is
	 * the program's last instruction; room for twice the limit, since
	 * unreachable loads are dropped at the end and the limit is checked
	 * after that */
	struct secbpf_insn rev[EMIT_MAX];
};

static struct lbl plain(int pos)
{
	return (struct lbl){.pos = pos,
			    .ld_off = -1,
			    .and_mask = UINT32_MAX,
			    .after_ld = pos,
			    .after_and = pos};
}

static int fail(struct em *e, int code, const char *msg)
{
	if (!e->rc)
		e->rc = sb_err(e->err, code, "%s", msg);
	return 0;
}

static uint32_t hash_key(uint16_t code, uint32_t k, int a, int b, int aoff,
			 uint32_t amask)
{
	uint64_t h = 1469598103934665603ULL;
	uint64_t parts[6] = {code,	     k,	   (uint32_t)a, (uint32_t)b,
			     (uint32_t)aoff, amask};

	for (int i = 0; i < 6; i++) {
		h ^= parts[i];
		h *= 1099511628211ULL;
		h ^= h >> 29;
	}
	return (uint32_t)h;
}

static struct hent *hash_slot(struct em *e, uint16_t code, uint32_t k, int a,
			      int b, struct astate as)
{
	size_t mask = e->tab_size - 1;
	size_t i = hash_key(code, k, a, b, as.off, as.mask) & mask;

	for (;; i = (i + 1) & mask) {
		struct hent *h = &e->tab[i];

		if (!h->used)
			return h;
		if (h->code == code && h->k == k && h->a == a && h->b == b &&
		    h->aoff == as.off && h->amask == as.mask)
			return h;
	}
}

static void remember_at(struct hent *h, uint16_t code, uint32_t k, int a, int b,
			struct astate as, int pos)
{
	*h = (struct hent){.k = k,
			   .amask = as.mask,
			   .a = (int16_t)a,
			   .b = (int16_t)b,
			   .aoff = (int16_t)as.off,
			   .pos = (int16_t)pos,
			   .code = code,
			   .used = true};
}

/* Double the table; false when out of memory (then stop sharing). */
static bool grow(struct em *e)
{
	struct hent *old = e->tab;
	size_t n = e->tab_size;
	struct hent *nt = calloc(n * 2, sizeof(*nt));

	if (!nt)
		return false;
	e->tab = nt;
	e->tab_size = n * 2;
	for (size_t i = 0; i < n; i++) {
		struct astate as = {old[i].aoff, old[i].amask};

		if (old[i].used)
			*hash_slot(e, old[i].code, old[i].k, old[i].a, old[i].b,
				   as) = old[i];
	}
	free(old);
	return true;
}

static void remember(struct em *e, struct hent *h, uint16_t code, uint32_t k,
		     int a, int b, struct astate as, int pos)
{
	if (!h->used)
		e->tab_used++;
	remember_at(h, code, k, a, b, as, pos);
	if (e->tab_used * 2 > e->tab_size && !grow(e))
		fail(e, -ENOMEM, "out of memory");
}

/* Append one instruction at the front; returns its reverse index. */
static int put(struct em *e, uint16_t code, uint8_t jt, uint8_t jf, uint32_t k)
{
	if (e->rc)
		return 0;
	if (e->n >= EMIT_MAX)
		return fail(e, -E2BIG,
			    "the program needs more than 4096 instructions "
			    "(the kernel's limit); reduce the profile or the "
			    "number of architectures");
	e->rev[e->n] = (struct secbpf_insn){code, jt, jf, k};
	return e->n++;
}

static int emit_ret(struct em *e, uint32_t action)
{
	struct hent *h = hash_slot(e, BPF_RET_K, action, -1, -1, A_UNKNOWN);
	int pos;

	if (h->used)
		return h->pos;
	pos = put(e, BPF_RET_K, 0, 0, action);
	remember(e, h, BPF_RET_K, action, -1, -1, A_UNKNOWN, pos);
	return pos;
}

/* Distance a new instruction at the front would jump to reach "pos". */
static int dist(const struct em *e, int pos)
{
	return e->n - pos - 1;
}

/*
 * Make "pos" reachable by a conditional jump written next: if it is more
 * than 255 instructions away, a copy of the RET it holds, or a JA to it,
 * goes in front (reusing one that is close enough).
 */
static int near(struct em *e, int pos)
{
	struct hent *h;
	int p;

	if (dist(e, pos) <= 255)
		return pos;
	if (e->rev[pos].code == BPF_RET_K) {
		uint32_t k = e->rev[pos].k;

		h = hash_slot(e, BPF_RET_K, k, -1, -1, A_UNKNOWN);
		if (h->used && dist(e, h->pos) <= 255)
			return h->pos;
		p = put(e, BPF_RET_K, 0, 0, k);
		remember(e, h, BPF_RET_K, k, -1, -1, A_UNKNOWN, p);
		return p;
	}
	h = hash_slot(e, BPF_JA, 0, pos, -1, A_UNKNOWN);
	if (h->used && dist(e, h->pos) <= 255)
		return h->pos;
	p = put(e, BPF_JA, 0, 0, (uint32_t)dist(e, pos));
	remember(e, h, BPF_JA, 0, pos, -1, A_UNKNOWN, p);
	return p;
}

/* Make the next instruction written fall through to "pos". */
static void fall_to(struct em *e, int pos)
{
	struct hent *h;
	int p;

	if (e->n > 0 && pos == e->n - 1)
		return;
	h = hash_slot(e, BPF_JA, 0, pos, -1, A_UNKNOWN);
	if (h->used && h->pos == e->n - 1)
		return;
	p = put(e, BPF_JA, 0, 0, (uint32_t)dist(e, pos));
	remember(e, h, BPF_JA, 0, pos, -1, A_UNKNOWN, p);
}

/* Where a jump made while A holds "as" should land for label "l". */
static int resolve(const struct lbl *l, struct astate as)
{
	if (l->ld_off >= 0 && l->ld_off == as.off) {
		if (as.mask == UINT32_MAX)
			return l->after_ld;
		if (as.mask == l->and_mask)
			return l->after_and;
	}
	return l->pos;
}

/* A conditional jump; returns its reverse index. */
static int emit_jmp(struct em *e, struct astate as, uint16_t code, uint32_t k,
		    const struct lbl *t, const struct lbl *f)
{
	int tp = resolve(t, as), fp = resolve(f, as);
	struct hent *h;
	int pos;

	if (tp == fp)
		return tp; /* both ways lead to the same place */
	h = hash_slot(e, code, k, tp, fp, as);
	if (h->used)
		return h->pos;
	/* trampolines go in front of the jump; each moves the other target
	 * one further, so loop until both fit */
	for (int i = 0; i < 4 && !e->rc; i++) {
		int nt = near(e, tp), nf = near(e, fp);

		if (nt == tp && nf == fp)
			break;
		tp = nt;
		fp = nf;
	}
	if (dist(e, tp) > 255 || dist(e, fp) > 255)
		return fail(e, -E2BIG, "cannot lay out jumps");
	pos = put(e, code, (uint8_t)dist(e, tp), (uint8_t)dist(e, fp), k);
	h = hash_slot(e, code, k, resolve(t, as), resolve(f, as), as);
	remember(e, h, code, k, resolve(t, as), resolve(f, as), as, pos);
	return pos;
}

/* A load (and mask) in front of "next", which runs with that word in A. */
static struct lbl emit_load(struct em *e, int off, uint32_t mask, int next)
{
	struct astate none = A_UNKNOWN;
	struct lbl l = {.ld_off = off, .and_mask = mask, .after_and = next};
	struct hent *h;
	int succ = next;

	if (mask != UINT32_MAX) {
		h = hash_slot(e, BPF_ALU_AND_K, mask, succ, -1, none);
		if (!h->used) {
			int p;

			fall_to(e, succ);
			p = put(e, BPF_ALU_AND_K, 0, 0, mask);
			/* fall_to may have grown the table */
			h = hash_slot(e, BPF_ALU_AND_K, mask, succ, -1, none);
			remember(e, h, BPF_ALU_AND_K, mask, succ, -1, none, p);
			h = hash_slot(e, BPF_ALU_AND_K, mask, succ, -1, none);
		}
		succ = h->pos;
	}
	l.after_ld = succ;
	h = hash_slot(e, BPF_LD_W_ABS, (uint32_t)off, succ, -1, none);
	if (!h->used) {
		int p;

		fall_to(e, succ);
		p = put(e, BPF_LD_W_ABS, 0, 0, (uint32_t)off);
		h = hash_slot(e, BPF_LD_W_ABS, (uint32_t)off, succ, -1, none);
		remember(e, h, BPF_LD_W_ABS, (uint32_t)off, succ, -1, none, p);
		h = hash_slot(e, BPF_LD_W_ABS, (uint32_t)off, succ, -1, none);
	}
	l.pos = h->pos;
	return l;
}

/* ld word; [and mask;] jxx k -> t : f */
static struct lbl test1(struct em *e, int off, uint32_t mask, uint16_t code,
			uint32_t k, const struct lbl *t, const struct lbl *f)
{
	struct astate as = {off, mask};
	int j = emit_jmp(e, as, code, k, t, f);
	struct lbl l;

	if (j == resolve(t, as) && j == resolve(f, as))
		return *t;
	l = emit_load(e, off, mask, j);
	if (code == BPF_JEQ_K && mask == UINT32_MAX) {
		l.eq_valid = true;
		l.eq_off = off;
		l.eq_val = k;
		l.eq_t = tgt_of(t);
	}
	return l;
}

/* ld word; j1 k1 -> t1 : (j2 k2 -> t2 : f2) */
static struct lbl test2(struct em *e, int off, uint16_t c1, uint32_t k1,
			const struct lbl *t1, uint16_t c2, uint32_t k2,
			const struct lbl *t2, const struct lbl *f2)
{
	struct astate as = {off, UINT32_MAX};
	struct lbl second = plain(emit_jmp(e, as, c2, k2, t2, f2));
	int j = emit_jmp(e, as, c1, k1, t1, &second);

	return emit_load(e, off, UINT32_MAX, j);
}

/* ---- conditions ---- */

struct ctx {
	struct em *e;
	unsigned bits;
};

static int lo_off(const struct em *e, unsigned arg)
{
	return 16 + 8 * (int)arg + (e->big_endian ? 4 : 0);
}

static int hi_off(const struct em *e, unsigned arg)
{
	return 16 + 8 * (int)arg + (e->big_endian ? 0 : 4);
}

/* (word & m) == d on one 32-bit word */
static struct lbl masked_word(struct em *e, int off, uint32_t m, uint32_t d,
			      const struct lbl *t, const struct lbl *f)
{
	d &= m;
	if (m == 0)
		return *t;
	if ((m & (m - 1)) == 0) /* one bit: JSET needs no AND */
		return d ? test1(e, off, UINT32_MAX, BPF_JSET_K, m, t, f)
			 : test1(e, off, UINT32_MAX, BPF_JSET_K, m, f, t);
	if (m == UINT32_MAX)
		return test1(e, off, UINT32_MAX, BPF_JEQ_K, d, t, f);
	return test1(e, off, m, BPF_JEQ_K, d, t, f);
}

/* 64-bit "x > v" (or >= with ge) where x = hi:lo */
static struct lbl greater64(struct em *e, unsigned arg, uint64_t v, bool ge,
			    const struct lbl *t, const struct lbl *f)
{
	uint32_t vh = (uint32_t)(v >> 32), vl = (uint32_t)v;
	int ho = hi_off(e, arg);
	struct lbl low;

	if (ge && vl == 0) {
		/* x >= vh:0 is hi >= vh */
		if (vh == 0)
			return *t;
		return test1(e, ho, UINT32_MAX, BPF_JGE_K, vh, t, f);
	}
	if (ge)
		low = test1(e, lo_off(e, arg), UINT32_MAX, BPF_JGE_K, vl, t, f);
	else if (vl == UINT32_MAX)
		low = *f; /* lo > 0xffffffff never */
	else
		low = test1(e, lo_off(e, arg), UINT32_MAX, BPF_JGT_K, vl, t, f);
	if (vh == 0) /* not hi > 0 means hi == 0 */
		return test1(e, ho, UINT32_MAX, BPF_JGT_K, 0, t, &low);
	if (vh == UINT32_MAX) /* hi > max never */
		return test1(e, ho, UINT32_MAX, BPF_JEQ_K, vh, &low, f);
	return test2(e, ho, BPF_JGT_K, vh, t, BPF_JEQ_K, vh, &low, f);
}

static struct lbl emit_cond(struct ctx *c, const struct sb_cond *cd,
			    const struct lbl *t, const struct lbl *f)
{
	struct em *e = c->e;
	int lo = lo_off(e, cd->arg), hi = hi_off(e, cd->arg);

	if (c->bits == 32) {
		uint32_t v = (uint32_t)cd->value;

		switch (cd->op) {
		case SB_OP_EQ:
			return test1(e, lo, UINT32_MAX, BPF_JEQ_K, v, t, f);
		case SB_OP_NE:
			return test1(e, lo, UINT32_MAX, BPF_JEQ_K, v, f, t);
		case SB_OP_GT:
			return v == UINT32_MAX ? *f
					       : test1(e, lo, UINT32_MAX,
						       BPF_JGT_K, v, t, f);
		case SB_OP_GE:
			return v == 0 ? *t
				      : test1(e, lo, UINT32_MAX, BPF_JGE_K, v,
					      t, f);
		case SB_OP_LT:
			return v == 0 ? *f
				      : test1(e, lo, UINT32_MAX, BPF_JGE_K, v,
					      f, t);
		case SB_OP_LE:
			return v == UINT32_MAX ? *t
					       : test1(e, lo, UINT32_MAX,
						       BPF_JGT_K, v, f, t);
		default:
			return masked_word(e, lo, v, (uint32_t)cd->value2, t,
					   f);
		}
	}
	switch (cd->op) {
	case SB_OP_EQ:
	case SB_OP_NE: {
		const struct lbl *yes = cd->op == SB_OP_EQ ? t : f;
		const struct lbl *no = cd->op == SB_OP_EQ ? f : t;
		uint32_t vh = (uint32_t)(cd->value >> 32);
		/* past the high-word check, the high word is known */
		struct lbl yes2 = known_eq(yes, hi, vh);
		struct lbl no2 = known_eq(no, hi, vh);
		struct lbl low = test1(e, lo, UINT32_MAX, BPF_JEQ_K,
				       (uint32_t)cd->value, &yes2, &no2);

		return test1(e, hi, UINT32_MAX, BPF_JEQ_K,
			     (uint32_t)(cd->value >> 32), &low, no);
	}
	case SB_OP_GT:
		return greater64(e, cd->arg, cd->value, false, t, f);
	case SB_OP_GE:
		return greater64(e, cd->arg, cd->value, true, t, f);
	case SB_OP_LT:
		return greater64(e, cd->arg, cd->value, true, f, t);
	case SB_OP_LE:
		return greater64(e, cd->arg, cd->value, false, f, t);
	default: {
		struct lbl low = masked_word(e, lo, (uint32_t)cd->value,
					     (uint32_t)cd->value2, t, f);

		return masked_word(e, hi, (uint32_t)(cd->value >> 32),
				   (uint32_t)(cd->value2 >> 32), &low, f);
	}
	}
}

/* ---- one syscall: its rules, first match wins ---- */

static struct lbl emit_rules(struct ctx *c, const struct sb_norm_rule *r,
			     size_t n, uint32_t def)
{
	struct lbl next = plain(emit_ret(c->e, def));

	for (size_t i = n; i-- > 0;) {
		struct lbl l = plain(emit_ret(c->e, r[i].action));

		for (unsigned j = r[i].ncond; j-- > 0;)
			l = emit_cond(c, &r[i].cond[j], &l, &next);
		next = l;
	}
	return next;
}

/* ---- number dispatch ---- */

/* What a range of syscall numbers leads to. */
struct dec {
	bool is_ret;
	uint32_t ret;
	/* a syscall with argument checks: its ordered rules */
	unsigned bits;
	struct sb_norm_rule *rules;
	size_t nrules;
	bool emitted;
	struct lbl lbl;
};

struct seg {
	uint32_t lo, hi; /* inclusive */
	size_t dec;	 /* index into the decision table */
	double weight;
};

struct block {
	uint32_t audit;
	const struct sb_ir_arch *ia[2]; /* x86_64 and x32 share a block */
	size_t nia;
	struct dec *decs;
	size_t ndec, capdec;
	struct seg *segs;
	size_t nseg, capseg;
};

struct comp {
	struct em *e;
	const struct secbpf_policy *p;
	const struct secbpf_compile_opts *opts;
	bool enosys;
	/* scratch for ordering rules */
	struct sb_norm_rule *scratch;
	size_t nscratch;
};

static bool same_rules(const struct sb_norm_rule *a, size_t na,
		       const struct sb_norm_rule *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		if (a[i].action != b[i].action || a[i].ncond != b[i].ncond)
			return false;
		for (unsigned j = 0; j < a[i].ncond; j++) {
			const struct sb_cond *x = &a[i].cond[j],
					     *y = &b[i].cond[j];

			if (x->arg != y->arg || x->op != y->op ||
			    x->value != y->value || x->value2 != y->value2)
				return false;
		}
	}
	return true;
}

static int add_dec(struct comp *cp, struct block *b, const struct dec *d,
		   size_t *idx)
{
	for (size_t i = 0; i < b->ndec; i++) {
		const struct dec *x = &b->decs[i];

		if (x->is_ret != d->is_ret)
			continue;
		if (d->is_ret ? x->ret == d->ret
			      : x->bits == d->bits &&
					same_rules(x->rules, x->nrules,
						   d->rules, d->nrules)) {
			*idx = i;
			if (!d->is_ret)
				free(d->rules);
			return 0;
		}
	}
	if (b->ndec == b->capdec) {
		size_t cap = b->capdec ? b->capdec * 2 : 64;
		struct dec *nd = realloc(b->decs, cap * sizeof(*nd));

		if (!nd)
			return sb_err(cp->e->err, -ENOMEM, "out of memory");
		b->decs = nd;
		b->capdec = cap;
	}
	b->decs[b->ndec] = *d;
	*idx = b->ndec++;
	return 0;
}

static int ret_dec(struct comp *cp, struct block *b, uint32_t ret, size_t *idx)
{
	struct dec d = {.is_ret = true, .ret = ret};

	return add_dec(cp, b, &d, idx);
}

static int sys_dec(struct comp *cp, struct block *b,
		   const struct sb_ir_arch *ia, const struct sb_ir_syscall *sys,
		   size_t *idx)
{
	struct dec d = {.bits = ia->arch->bits};
	size_t n;

	if (sys->nrules == 0)
		return ret_dec(cp, b, cp->p->default_action, idx);
	/* most syscalls have one unconditional rule: no allocation */
	for (size_t i = 0; i < sys->nrules; i++) {
		const struct sb_rule *r = &sys->rules[i];
		uint64_t max = ia->arch->bits == 32 ? UINT32_MAX : UINT64_MAX;
		bool uncond = true;

		for (unsigned c = 0; c < r->ncond && uncond; c++)
			uncond = r->cond[c].op == SB_OP_MASKED_EQ &&
				 !(r->cond[c].value & max);
		if (uncond)
			return ret_dec(cp, b, r->action, idx);
	}
	/* every conditional rule costs at least one instruction: refuse
	 * before ordering thousands of them */
	if (sys->nrules > SECBPF_MAX_INSNS)
		return sb_err(cp->e->err, -E2BIG,
			      "the program needs more than 4096 instructions "
			      "(the kernel's limit): '%s' alone has %zu "
			      "conditional rules",
			      sys->name ? sys->name : "?", sys->nrules);
	d.rules = calloc(sys->nrules, sizeof(*d.rules));
	if (!d.rules)
		return sb_err(cp->e->err, -ENOMEM, "out of memory");
	n = sb_order_rules(sys, ia->arch->bits, d.rules);
	/* rules that all end where the default would need no checks */
	if (n == 1 && d.rules[0].ncond == 0) {
		uint32_t act = d.rules[0].action;

		free(d.rules);
		return ret_dec(cp, b, act, idx);
	}
	{
		bool all_default = true;

		for (size_t i = 0; i < n; i++)
			all_default &= d.rules[i].action ==
				       cp->p->default_action;
		if (all_default) {
			free(d.rules);
			return ret_dec(cp, b, cp->p->default_action, idx);
		}
	}
	d.nrules = n;
	return add_dec(cp, b, &d, idx);
}

static int add_seg(struct comp *cp, struct block *b, uint32_t lo, uint32_t hi,
		   size_t dec)
{
	if (b->nseg && b->segs[b->nseg - 1].dec == dec &&
	    b->segs[b->nseg - 1].hi + 1 == lo) {
		b->segs[b->nseg - 1].hi = hi;
		return 0;
	}
	if (b->nseg == b->capseg) {
		size_t cap = b->capseg ? b->capseg * 2 : 128;
		struct seg *ns = realloc(b->segs, cap * sizeof(*ns));

		if (!ns)
			return sb_err(cp->e->err, -ENOMEM, "out of memory");
		b->segs = ns;
		b->capseg = cap;
	}
	b->segs[b->nseg++] = (struct seg){lo, hi, dec, 0};
	return 0;
}

static bool allowish(uint32_t action)
{
	uint32_t a = action & SECBPF_RET_ACTION_FULL;

	return a == SECBPF_RET_ALLOW || a == SECBPF_RET_LOG ||
	       a == (SECBPF_RET_TRACE(0) & SECBPF_RET_ACTION_FULL);
}

/* The arch of the block that owns number "nr" (x32 numbers carry bit 30). */
static const struct sb_ir_arch *owner(const struct block *b, uint32_t nr)
{
	for (size_t i = 0; i < b->nia; i++) {
		bool x32 = b->ia[i]->arch->nr_base == X32_BIT;

		if (b->nia == 1 || x32 == ((nr & X32_BIT) != 0))
			return b->ia[i];
	}
	return b->ia[0];
}

/*
 * What a number no rule names gets: the default action; ENOSYS above the
 * highest number the profile names (enosys_newer); the bad-arch action
 * for the other half of the x86_64 / x32 split when only one is present
 * (but -1, a tracer's skip, falls through to the default, as libseccomp).
 */
static uint32_t gap_action(const struct comp *cp, const struct block *b,
			   uint32_t nr)
{
	bool has64 = false, has32 = false;
	const struct sb_ir_arch *ia;

	if (nr == UINT32_MAX)
		return cp->p->default_action;
	for (size_t i = 0; i < b->nia; i++) {
		if (b->ia[i]->arch->nr_base == X32_BIT)
			has32 = true;
		else if (b->audit == 0xc000003eU)
			has64 = true;
	}
	if (has64 && !has32 && nr >= X32_BIT)
		return cp->p->badarch_action;
	if (has32 && !has64 && nr < X32_BIT)
		return cp->p->badarch_action;
	ia = owner(b, nr);
	if (cp->enosys && nr > ia->max_named_nr)
		return SECBPF_RET_ERRNO(ENOSYS_NR);
	/* s390: number 0 is not a syscall of its own (svc 0 takes the
	 * number from a register); runc's stub gives it ENOSYS too */
	if (cp->enosys && nr == 0 && ia->arch->audit == S390_AUDIT(ia->arch))
		return SECBPF_RET_ERRNO(ENOSYS_NR);
	return cp->p->default_action;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Fill the gap [lo, hi] with pieces of constant gap action. */
static int add_gap(struct comp *cp, struct block *b, uint32_t lo, uint32_t hi)
{
	uint32_t cuts[8];
	size_t nc = 0;

	cuts[nc++] = X32_BIT;
	cuts[nc++] = UINT32_MAX;
	cuts[nc++] = 1; /* s390's number 0 may differ from 1.. */
	for (size_t i = 0; i < b->nia; i++)
		if (b->ia[i]->max_named_nr < UINT32_MAX)
			cuts[nc++] = b->ia[i]->max_named_nr + 1;
	qsort(cuts, nc, sizeof(*cuts), cmp_u32);
	while (lo <= hi) {
		uint32_t end = hi;
		size_t d;
		int rc;

		for (size_t i = 0; i < nc; i++)
			if (cuts[i] > lo && cuts[i] - 1 < end)
				end = cuts[i] - 1;
		d = 0;
		rc = ret_dec(cp, b, gap_action(cp, b, lo), &d);
		if (!rc)
			rc = add_seg(cp, b, lo, end, d);
		if (rc)
			return rc;
		if (end == UINT32_MAX)
			break;
		lo = end + 1;
	}
	return 0;
}

static int build_segments(struct comp *cp, struct block *b)
{
	size_t idx[2] = {0, 0};
	uint32_t next = 0; /* first number not covered yet */
	bool done = false;

	for (;;) {
		const struct sb_ir_syscall *best = NULL;
		const struct sb_ir_arch *bia = NULL;
		size_t bi = 0, d;
		int rc;

		for (size_t i = 0; i < b->nia; i++) {
			const struct sb_ir_arch *ia = b->ia[i];

			if (idx[i] < ia->nsys &&
			    (!best || ia->sys[idx[i]].nr < best->nr)) {
				best = &ia->sys[idx[i]];
				bia = ia;
				bi = i;
			}
		}
		if (!best)
			break;
		idx[bi]++;
		if (done || best->nr < next)
			continue; /* duplicate number: the IR is sorted */
		if (best->nr > next) {
			rc = add_gap(cp, b, next, best->nr - 1);
			if (rc)
				return rc;
		}
		rc = sys_dec(cp, b, bia, best, &d);
		if (!rc)
			rc = add_seg(cp, b, best->nr, best->nr, d);
		if (rc)
			return rc;
		if (best->nr == UINT32_MAX)
			done = true;
		else
			next = best->nr + 1;
	}
	if (!done)
		return add_gap(cp, b, next, UINT32_MAX);
	return 0;
}

/* Shipped or caller-provided frequency of a syscall name. */
static double name_weight(const struct comp *cp, const char *name)
{
	const struct secbpf_compile_opts *o = cp->opts;

	if (!name)
		return 0;
	if (o && o->freq_names && o->freq_weights) {
		for (size_t i = 0; i < o->nfreq; i++)
			if (o->freq_names[i] && !strcmp(o->freq_names[i], name))
				return o->freq_weights[i] > 0
					       ? o->freq_weights[i]
					       : 0;
		return 0;
	}
	for (size_t i = 0; i < sb_syscall_freq_count; i++)
		if (!strcmp(sb_syscall_freq[i].name, name))
			return sb_syscall_freq[i].weight;
	return 0;
}

static void weigh_segments(const struct comp *cp, struct block *b)
{
	double total = 0;

	for (size_t i = 0; i < b->nseg; i++)
		b->segs[i].weight = 0;
	for (size_t a = 0; a < b->nia; a++) {
		const struct secbpf_arch *arch = b->ia[a]->arch;
		size_t s = 0;

		for (size_t i = 0; i < arch->nsyscalls; i++) {
			const struct sb_syscall *sc = &arch->by_nr[i];
			/* balanced: every syscall the arch has counts one */
			double w = cp->opts->layout == SECBPF_LAYOUT_WEIGHTED
					   ? name_weight(cp, sc->name)
					   : 1.0;

			while (s < b->nseg && b->segs[s].hi < sc->nr)
				s++;
			if (s == b->nseg)
				break;
			b->segs[s].weight += w;
			total += w;
		}
	}
	/* a floor, so that numbers nobody listed still get a balanced
	 * share of the tree */
	for (size_t i = 0; i < b->nseg; i++)
		b->segs[i].weight += (total > 0 ? total : 1) * 1e-4;
}

static struct lbl dec_label(struct comp *cp, struct block *b, size_t di)
{
	struct dec *d = &b->decs[di];
	struct ctx c = {cp->e, d->bits};

	if (d->is_ret)
		return plain(emit_ret(cp->e, d->ret));
	if (!d->emitted) {
		d->lbl = emit_rules(&c, d->rules, d->nrules,
				    cp->p->default_action);
		d->emitted = true;
	}
	return d->lbl;
}

static size_t split_point(const struct comp *cp, const struct block *b,
			  size_t i, size_t j)
{
	double total = 0, acc = 0, best = -1;
	size_t m = i + (j - i) / 2;

	(void)cp;
	for (size_t s = i; s < j; s++)
		total += b->segs[s].weight;
	for (size_t s = i; s + 1 < j; s++) {
		double diff;

		acc += b->segs[s].weight;
		diff = acc * 2 > total ? acc * 2 - total : total - acc * 2;
		if (best < 0 || diff < best) {
			best = diff;
			m = s + 1;
		}
	}
	return m;
}

static struct lbl emit_tree(struct comp *cp, struct block *b, size_t i,
			    size_t j)
{
	struct astate as = {OFF_NR, UINT32_MAX};
	struct lbl l, r;
	size_t m;

	if (cp->e->rc)
		return plain(0);
	if (j - i == 1)
		return dec_label(cp, b, b->segs[i].dec);
	if (j - i == 3 && b->segs[i].dec == b->segs[i + 2].dec &&
	    b->segs[i + 1].lo == b->segs[i + 1].hi) {
		struct lbl out = dec_label(cp, b, b->segs[i].dec);
		struct lbl mid = dec_label(cp, b, b->segs[i + 1].dec);

		return plain(emit_jmp(cp->e, as, BPF_JEQ_K, b->segs[i + 1].lo,
				      &mid, &out));
	}
	m = split_point(cp, b, i, j);
	r = emit_tree(cp, b, m, j);
	l = emit_tree(cp, b, i, m);
	return plain(emit_jmp(cp->e, as, BPF_JGE_K, b->segs[m].lo, &r, &l));
}

static void free_block(struct block *b)
{
	for (size_t i = 0; i < b->ndec; i++)
		if (!b->decs[i].is_ret)
			free(b->decs[i].rules);
	free(b->decs);
	free(b->segs);
}

static int check_policy(const struct secbpf_policy *p, struct secbpf_error *err)
{
	if (!p->narch || p->narch > SB_MAX_ARCHES)
		return sb_err(err, -EINVAL, "the policy has no architecture");
	for (size_t i = 0; i < p->narch; i++) {
		const struct sb_ir_arch *ia = &p->arch[i];

		if (!ia->arch)
			return sb_err(err, -EINVAL, "policy arch %zu is unset",
				      i);
		if (ia->arch->big_endian != p->arch[0].arch->big_endian)
			return sb_err(err, -EINVAL,
				      "cannot mix byte orders in one program: "
				      "'%s' is %s-endian, '%s' is not",
				      ia->arch->name,
				      ia->arch->big_endian ? "big" : "little",
				      p->arch[0].arch->name);
		for (size_t j = 0; j < i; j++)
			if (p->arch[j].arch == ia->arch)
				return sb_err(err, -EINVAL,
					      "architecture '%s' given twice",
					      ia->arch->name);
		for (size_t s = 1; s < ia->nsys; s++)
			if (ia->sys[s].nr <= ia->sys[s - 1].nr)
				return sb_err(err, -EINVAL,
					      "policy syscalls of '%s' are not "
					      "sorted",
					      ia->arch->name);
		for (size_t s = 0; s < ia->nsys; s++)
			for (size_t r = 0; r < ia->sys[s].nrules; r++) {
				const struct sb_rule *ru = &ia->sys[s].rules[r];

				if (ru->ncond > SB_MAX_CONDS)
					return sb_err(err, -EINVAL,
						      "too many conditions");
				for (unsigned c = 0; c < ru->ncond; c++)
					if (ru->cond[c].arg > 5 ||
					    ru->cond[c].op < SB_OP_NE ||
					    ru->cond[c].op > SB_OP_MASKED_EQ)
						return sb_err(err, -EINVAL,
							      "bad condition "
							      "in the "
							      "policy");
			}
	}
	return 0;
}

/*
 * Remove instructions no path reaches: a load whose only entry was a jump
 * from code that had the word in A already (consecutive checks of one
 * argument leave one such load per rule).  Removing only shortens jumps.
 * Returns the new length.
 */
static size_t drop_unreachable(struct secbpf_insn *in, size_t n)
{
	static_assert(EMIT_MAX < INT16_MAX, "positions are int16_t");
	int *map = malloc(n * sizeof(*map));
	bool *reach = calloc(n + 1, sizeof(*reach));
	size_t m = 0;

	if (!map || !reach) {
		/* keep everything: still a correct program */
		free(map);
		free(reach);
		return n;
	}
	reach[0] = true;
	for (size_t pc = 0; pc < n; pc++) {
		uint16_t cls = in[pc].code & 0x07;

		if (!reach[pc] || cls == 0x06)
			continue;
		if (in[pc].code == BPF_JA) {
			reach[pc + 1 + in[pc].k] = true;
		} else if (cls == 0x05) {
			reach[pc + 1 + in[pc].jt] = true;
			reach[pc + 1 + in[pc].jf] = true;
		} else {
			reach[pc + 1] = true;
		}
	}
	for (size_t pc = 0; pc < n; pc++)
		map[pc] = reach[pc] ? (int)m++ : -1;
	for (size_t pc = 0; pc < n; pc++) {
		struct secbpf_insn x = in[pc];

		if (!reach[pc])
			continue;
		if (x.code == BPF_JA) {
			x.k = (uint32_t)(map[pc + 1 + x.k] - map[pc] - 1);
		} else if ((x.code & 0x07) == 0x05) {
			x.jt = (uint8_t)(map[pc + 1 + x.jt] - map[pc] - 1);
			x.jf = (uint8_t)(map[pc + 1 + x.jf] - map[pc] - 1);
		}
		in[map[pc]] = x;
	}
	free(map);
	free(reach);
	return m;
}

int secbpf_compile(const struct secbpf_policy *policy,
		   const struct secbpf_compile_opts *opts,
		   struct secbpf_prog **out, struct secbpf_error *err)
{
	struct block blocks[SB_MAX_ARCHES];
	struct secbpf_compile_opts o = {0};
	struct secbpf_insn *insns = NULL;
	struct comp cp = {0};
	struct em *e;
	size_t nb = 0;
	int rc;

	if (!policy || !out)
		return sb_err(err, -EINVAL, "no policy or output");
	*out = NULL;
	if (opts) {
		size_t sz = opts->sz < sizeof(o) ? opts->sz : sizeof(o);

		if (opts->sz > sizeof(o))
			for (size_t i = sizeof(o); i < opts->sz; i++)
				if (((const char *)opts)[i])
					return sb_err(err, -EINVAL,
						      "unknown compile "
						      "options");
		memcpy(&o, opts, sz);
		if (o.layout != SECBPF_LAYOUT_BALANCED &&
		    o.layout != SECBPF_LAYOUT_WEIGHTED)
			return sb_err(err, -EINVAL, "unknown layout %d",
				      (int)o.layout);
		/* looked up per syscall of each table: keep it bounded */
		if (o.nfreq > 65536)
			return sb_err(err, -EINVAL,
				      "frequency table too large: %zu entries "
				      "(at most 65536)",
				      o.nfreq);
	}
	rc = check_policy(policy, err);
	if (rc)
		return rc;
	/* 64 KiB of instruction buffer need no clearing */
	e = malloc(sizeof(*e));
	if (e)
		memset(e, 0, offsetof(struct em, rev));
	if (!e)
		return sb_err(err, -ENOMEM, "out of memory");
	e->tab_size = HASH_MIN;
	e->tab = calloc(e->tab_size, sizeof(*e->tab));
	if (!e->tab) {
		free(e);
		return sb_err(err, -ENOMEM, "out of memory");
	}
	e->err = err;
	e->big_endian = policy->arch[0].arch->big_endian;
	cp.e = e;
	cp.p = policy;
	cp.opts = &o;
	/* as runc: the stub matters only when the default refuses */
	cp.enosys = o.enosys_newer && !allowish(policy->default_action);

	memset(blocks, 0, sizeof(blocks));
	for (size_t i = 0; i < policy->narch; i++) {
		const struct sb_ir_arch *ia = &policy->arch[i];
		size_t k;

		for (k = 0; k < nb; k++)
			if (blocks[k].audit == ia->arch->audit)
				break;
		if (k == nb)
			blocks[nb++].audit = ia->arch->audit;
		if (blocks[k].nia == 2) {
			rc = sb_err(err, -EINVAL,
				    "three architectures share audit value "
				    "0x%08x",
				    ia->arch->audit);
			goto out;
		}
		blocks[k].ia[blocks[k].nia++] = ia;
	}
	for (size_t k = 0; k < nb; k++) {
		rc = build_segments(&cp, &blocks[k]);
		if (rc)
			goto out;
		weigh_segments(&cp, &blocks[k]);
	}

	/* backwards: bad-arch return, then each block and its arch test */
	{
		struct lbl next = plain(emit_ret(e, policy->badarch_action));
		struct astate as = {OFF_ARCH, UINT32_MAX};

		for (size_t k = nb; k-- > 0 && !e->rc;) {
			struct lbl tree =
				emit_tree(&cp, &blocks[k], 0, blocks[k].nseg);
			struct lbl entry;

			if (e->rc)
				break;
			/* the tree runs with nr in A */
			if (tree.ld_off == OFF_NR)
				entry = tree;
			else
				entry = emit_load(e, OFF_NR, UINT32_MAX,
						  tree.pos);
			next = plain(emit_jmp(e, as, BPF_JEQ_K, blocks[k].audit,
					      &entry, &next));
		}
		if (!e->rc)
			emit_load(e, OFF_ARCH, UINT32_MAX, next.pos);
	}
	if (e->rc) {
		rc = e->rc;
		goto out;
	}
	if (e->rev[e->n - 1].code != BPF_LD_W_ABS) {
		rc = sb_err(err, -EFAULT, "internal error: bad program start");
		goto out;
	}
	insns = malloc((size_t)e->n * sizeof(*insns));
	if (!insns) {
		rc = sb_err(err, -ENOMEM, "out of memory");
		goto out;
	}
	for (int i = 0; i < e->n; i++)
		insns[i] = e->rev[e->n - 1 - i];
	{
		size_t len = drop_unreachable(insns, (size_t)e->n);

		if (len > SECBPF_MAX_INSNS) {
			rc = sb_err(err, -E2BIG,
				    "the program needs %zu instructions, more "
				    "than 4096 (the kernel's limit); reduce "
				    "the "
				    "profile or the number of architectures",
				    len);
			goto out;
		}
		rc = secbpf_prog_new(insns, len, e->big_endian, out, err);
	}
#ifdef SECBPF_DEBUG_VERIFY
	if (!rc) {
		struct secbpf_error verr;

		rc = secbpf_prog_verify(*out, &verr);
		if (rc) {
			rc = sb_err(err, rc,
				    "internal error: the compiled program "
				    "fails verification: %s",
				    verr.message);
			secbpf_prog_free(*out);
			*out = NULL;
		}
	}
#endif
out:
	for (size_t k = 0; k < nb; k++)
		free_block(&blocks[k]);
	free(insns);
	free(e->tab);
	free(e);
	return rc;
}
