// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The compiler's emitter: it owns the instruction buffer, the sharing of
 * identical code, jumps (with trampolines when a target is further than a
 * conditional jump reaches), loads, and the peephole pass that drops what
 * no path reaches.  It knows nothing of syscalls or rules: compile_args.c
 * and compile_ranges.c say what to emit.
 *
 * The program is emitted backwards (see codegen.h).  Every instruction
 * goes through a hash table keyed by what it does (opcode, K, jump
 * targets, what the accumulator holds): asking for an instruction that
 * exists already returns it, which shares RETs and identical tails.
 */
#include <assert.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "codegen.h"

/* Opcodes the emitter writes (uapi names, <linux/filter.h>). */
#define OP_LD_ABS (BPF_LD | BPF_W | BPF_ABS)
#define OP_AND_K (BPF_ALU | BPF_AND | BPF_K)
#define OP_JA (BPF_JMP | BPF_JA)
#define OP_RET_K (BPF_RET | BPF_K)

/* The farthest a conditional jump reaches (jt and jf are 8 bits). */
#define JUMP_MAX 255

static const struct astate A_UNKNOWN = {-1, UINT32_MAX};

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

struct emitter {
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

int sb_emitter_new(bool big_endian, struct secbpf_error *err,
		   struct emitter **out)
{
	/* 64 KiB of instruction buffer need no clearing */
	struct emitter *e = malloc(sizeof(*e));

	if (e)
		memset(e, 0, offsetof(struct emitter, rev));
	if (!e)
		return sb_err(err, -ENOMEM, "out of memory");
	e->tab_size = HASH_MIN;
	e->tab = calloc(e->tab_size, sizeof(*e->tab));
	if (!e->tab) {
		free(e);
		return sb_err(err, -ENOMEM, "out of memory");
	}
	e->err = err;
	e->big_endian = big_endian;
	*out = e;
	return 0;
}

void sb_emitter_free(struct emitter *e)
{
	if (!e)
		return;
	free(e->tab);
	free(e);
}

int sb_emit_error(const struct emitter *e)
{
	return e->rc;
}

bool sb_emit_big_endian(const struct emitter *e)
{
	return e->big_endian;
}

static int fail(struct emitter *e, int code, const char *msg)
{
	if (!e->rc)
		e->rc = sb_err(e->err, code, "%s", msg);
	return 0;
}

/* ---- the table of emitted instructions ---- */

static uint32_t hash_key(uint16_t code, uint32_t k, int a, int b, int aoff,
			 uint32_t amask)
{
	/* the six fields in three words, each multiplied by an odd
	 * constant: a lookup per instruction asked for, keep it short */
	uint64_t w1 = (uint64_t)k << 32 | (uint32_t)code << 16 | (uint16_t)aoff;
	uint64_t w2 = (uint64_t)(uint32_t)a << 32 | (uint32_t)b;
	uint64_t h = w1 * 0x9e3779b97f4a7c15ULL ^ w2 * 0xc2b2ae3d27d4eb4fULL ^
		     (uint64_t)amask * 0x165667b19e3779f9ULL;

	return (uint32_t)(h ^ h >> 32);
}

static struct hent *hash_slot(struct emitter *e, uint16_t code, uint32_t k,
			      int a, int b, struct astate as)
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
static bool grow(struct emitter *e)
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

static void remember(struct emitter *e, struct hent *h, uint16_t code,
		     uint32_t k, int a, int b, struct astate as, int pos)
{
	if (!h->used)
		e->tab_used++;
	remember_at(h, code, k, a, b, as, pos);
	if (e->tab_used * 2 > e->tab_size && !grow(e))
		fail(e, -ENOMEM, "out of memory");
}

/* ---- instructions ---- */

/* Append one instruction at the front; returns its reverse index. */
static int put(struct emitter *e, uint16_t code, uint8_t jt, uint8_t jf,
	       uint32_t k)
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

int sb_emit_ret(struct emitter *e, uint32_t action)
{
	struct hent *h = hash_slot(e, OP_RET_K, action, -1, -1, A_UNKNOWN);
	int pos;

	if (h->used)
		return h->pos;
	pos = put(e, OP_RET_K, 0, 0, action);
	remember(e, h, OP_RET_K, action, -1, -1, A_UNKNOWN, pos);
	return pos;
}

/* Distance a new instruction at the front would jump to reach "pos". */
static int dist(const struct emitter *e, int pos)
{
	return e->n - pos - 1;
}

/*
 * Make "pos" reachable by a conditional jump written next: if it is more
 * than 255 instructions away, a copy of the RET it holds, or a JA to it,
 * goes in front (reusing one that is close enough).
 */
static int near(struct emitter *e, int pos)
{
	struct hent *h;
	int p;

	if (dist(e, pos) <= JUMP_MAX)
		return pos;
	if (e->rev[pos].code == OP_RET_K) {
		uint32_t k = e->rev[pos].k;

		h = hash_slot(e, OP_RET_K, k, -1, -1, A_UNKNOWN);
		if (h->used && dist(e, h->pos) <= JUMP_MAX)
			return h->pos;
		p = put(e, OP_RET_K, 0, 0, k);
		remember(e, h, OP_RET_K, k, -1, -1, A_UNKNOWN, p);
		return p;
	}
	h = hash_slot(e, OP_JA, 0, pos, -1, A_UNKNOWN);
	if (h->used && dist(e, h->pos) <= JUMP_MAX)
		return h->pos;
	p = put(e, OP_JA, 0, 0, (uint32_t)dist(e, pos));
	remember(e, h, OP_JA, 0, pos, -1, A_UNKNOWN, p);
	return p;
}

/* Make the next instruction written fall through to "pos". */
static void fall_to(struct emitter *e, int pos)
{
	struct hent *h;
	int p;

	if (e->n > 0 && pos == e->n - 1)
		return;
	h = hash_slot(e, OP_JA, 0, pos, -1, A_UNKNOWN);
	if (h->used && h->pos == e->n - 1)
		return;
	p = put(e, OP_JA, 0, 0, (uint32_t)dist(e, pos));
	remember(e, h, OP_JA, 0, pos, -1, A_UNKNOWN, p);
}

/* Where a jump made while A holds "as" should land for label "l". */
static int resolve(const struct label *l, struct astate as)
{
	if (l->ld_off >= 0 && l->ld_off == as.off) {
		if (as.mask == UINT32_MAX)
			return l->after_ld;
		if (as.mask == l->and_mask)
			return l->after_and;
	}
	return l->pos;
}

int sb_emit_jmp(struct emitter *e, struct astate as, uint16_t code, uint32_t k,
		const struct label *t, const struct label *f)
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
	if (dist(e, tp) > JUMP_MAX || dist(e, fp) > JUMP_MAX)
		return fail(e, -E2BIG, "cannot lay out jumps");
	pos = put(e, code, (uint8_t)dist(e, tp), (uint8_t)dist(e, fp), k);
	h = hash_slot(e, code, k, resolve(t, as), resolve(f, as), as);
	remember(e, h, code, k, resolve(t, as), resolve(f, as), as, pos);
	return pos;
}

struct label sb_emit_load(struct emitter *e, int off, uint32_t mask, int next)
{
	struct astate none = A_UNKNOWN;
	struct label l = {.ld_off = off, .and_mask = mask, .after_and = next};
	struct hent *h;
	int succ = next;

	if (mask != UINT32_MAX) {
		h = hash_slot(e, OP_AND_K, mask, succ, -1, none);
		if (!h->used) {
			int p;

			fall_to(e, succ);
			p = put(e, OP_AND_K, 0, 0, mask);
			/* fall_to may have grown the table */
			h = hash_slot(e, OP_AND_K, mask, succ, -1, none);
			remember(e, h, OP_AND_K, mask, succ, -1, none, p);
			h = hash_slot(e, OP_AND_K, mask, succ, -1, none);
		}
		succ = h->pos;
	}
	l.after_ld = succ;
	h = hash_slot(e, OP_LD_ABS, (uint32_t)off, succ, -1, none);
	if (!h->used) {
		int p;

		fall_to(e, succ);
		p = put(e, OP_LD_ABS, 0, 0, (uint32_t)off);
		h = hash_slot(e, OP_LD_ABS, (uint32_t)off, succ, -1, none);
		remember(e, h, OP_LD_ABS, (uint32_t)off, succ, -1, none, p);
		h = hash_slot(e, OP_LD_ABS, (uint32_t)off, succ, -1, none);
	}
	l.pos = h->pos;
	return l;
}

static struct jump_target target_of(const struct label *l)
{
	return (struct jump_target){l->pos, l->ld_off, l->and_mask, l->after_ld,
				    l->after_and};
}

struct label sb_emit_test1(struct emitter *e, int off, uint32_t mask,
			   uint16_t code, uint32_t k, const struct label *t,
			   const struct label *f)
{
	struct astate as = {off, mask};
	int j = sb_emit_jmp(e, as, code, k, t, f);
	struct label l;

	if (j == resolve(t, as) && j == resolve(f, as))
		return *t;
	l = sb_emit_load(e, off, mask, j);
	if (code == (BPF_JMP | BPF_JEQ | BPF_K) && mask == UINT32_MAX) {
		l.eq_valid = true;
		l.eq_off = off;
		l.eq_val = k;
		l.eq_t = target_of(t);
	}
	return l;
}

struct label sb_emit_test2(struct emitter *e, int off, uint16_t c1, uint32_t k1,
			   const struct label *t1, uint16_t c2, uint32_t k2,
			   const struct label *t2, const struct label *f2)
{
	struct astate as = {off, UINT32_MAX};
	struct label second = plain_label(sb_emit_jmp(e, as, c2, k2, t2, f2));
	int j = sb_emit_jmp(e, as, c1, k1, t1, &second);

	return sb_emit_load(e, off, UINT32_MAX, j);
}

/* ---- the peephole pass and the finished program ---- */

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
		uint16_t cls = BPF_CLASS(in[pc].code);

		if (!reach[pc] || cls == BPF_RET)
			continue;
		if (in[pc].code == OP_JA) {
			reach[pc + 1 + in[pc].k] = true;
		} else if (cls == BPF_JMP) {
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
		if (x.code == OP_JA) {
			x.k = (uint32_t)(map[pc + 1 + x.k] - map[pc] - 1);
		} else if (BPF_CLASS(x.code) == BPF_JMP) {
			x.jt = (uint8_t)(map[pc + 1 + x.jt] - map[pc] - 1);
			x.jf = (uint8_t)(map[pc + 1 + x.jf] - map[pc] - 1);
		}
		in[map[pc]] = x;
	}
	free(map);
	free(reach);
	return m;
}

int sb_emit_finish(struct emitter *e, struct secbpf_prog **out)
{
	struct secbpf_insn *insns;
	size_t len;
	int rc;

	if (e->rc)
		return e->rc;
	if (e->n == 0 || e->rev[e->n - 1].code != OP_LD_ABS)
		return sb_err(e->err, -EFAULT,
			      "internal error: bad program start");
	insns = malloc((size_t)e->n * sizeof(*insns));
	if (!insns)
		return sb_err(e->err, -ENOMEM, "out of memory");
	for (int i = 0; i < e->n; i++)
		insns[i] = e->rev[e->n - 1 - i];
	len = drop_unreachable(insns, (size_t)e->n);
	if (len > SECBPF_MAX_INSNS)
		rc = sb_err(e->err, -E2BIG,
			    "the program needs %zu instructions, more than "
			    "4096 (the kernel's limit); reduce the profile or "
			    "the number of architectures",
			    len);
	else
		rc = secbpf_prog_new(insns, len, e->big_endian, out, e->err);
	free(insns);
	return rc;
}
