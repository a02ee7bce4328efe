/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private to the compiler's files in src/bpf (nothing else includes it):
 * what they share.  The compiler is split by concern:
 *
 *	compile.c	  the driver: secbpf_compile, its options, the
 *			  arch dispatch at the program's head (the IR it
 *			  takes is checked by the IR layer: sb_ir_validate)
 *	compile_ranges.c  number ranges per arch block (what each number
 *			  leads to) and their layout as a decision tree
 *	compile_args.c	  argument comparisons, and one syscall's rules as
 *			  a first-match chain of them
 *	compile_emit.c	  the emitter (hash-consed instructions, labels,
 *			  trampolines for far jumps) and the peephole pass
 *
 * The order in which one syscall's rules decide (sb_order_rules) and what
 * a condition means are the IR layer's (src/ir/ir.h).
 *
 * The program is emitted backwards, from its last instruction to its
 * first, so that every jump target exists when the jump is written;
 * positions are "reverse indexes" (0 = the last instruction).
 */
#ifndef SECBPF_BPF_CODEGEN_H
#define SECBPF_BPF_CODEGEN_H

#include "compile.h"
#include "prog.h"

/* ---- the emitter (compile_emit.c) ---- */

struct emitter;

/* What the accumulator holds: a word of seccomp_data, possibly masked. */
struct astate {
	int off;       /* byte offset, -1 = unknown */
	uint32_t mask; /* applied with AND, UINT32_MAX = none */
};

/* A place to jump to. */
struct jump_target {
	int pos;	   /* reverse index of the entry instruction */
	int ld_off;	   /* the entry loads this word, or -1 */
	uint32_t and_mask; /* and masks it so (UINT32_MAX = no AND) */
	int after_ld;	   /* first instruction after the load */
	int after_and;	   /* first instruction after load and AND */
};

/*
 * A label: a jump target plus what its entry does.  A label records whether
 * it starts with a load (and mask), so that a jump from code that has that
 * word in A already lands after the load.
 */
struct label {
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
	struct jump_target eq_t;
};

/* A label for the instruction at "pos" that loads nothing. */
static inline struct label plain_label(int pos)
{
	return (struct label){.pos = pos,
			      .ld_off = -1,
			      .and_mask = UINT32_MAX,
			      .after_ld = pos,
			      .after_and = pos};
}

/* An empty program for one byte order; 0 or -ENOMEM (reported in err). */
int sb_emitter_new(bool big_endian, struct secbpf_error *err,
		   struct emitter **out);
void sb_emitter_free(struct emitter *e);

/*
 * The first error met while emitting (0 if none).  After an error every
 * emit function does nothing and returns position 0: callers check once,
 * at a convenient point.
 */
int sb_emit_error(const struct emitter *e);
bool sb_emit_big_endian(const struct emitter *e);

/* "ret action"; returns its position (one per action: RETs are shared). */
int sb_emit_ret(struct emitter *e, uint32_t action);

/*
 * A conditional jump (BPF_JMP | op | BPF_K) made while A holds "as": to
 * "t" when it holds, "f" otherwise.  Far targets get a trampoline; if both
 * lead to the same place, no jump is written.  Returns its position.
 */
int sb_emit_jmp(struct emitter *e, struct astate as, uint16_t code, uint32_t k,
		const struct label *t, const struct label *f);

/* A load of the word at "off" (and a mask) in front of "next", which runs
 * with that word in A. */
struct label sb_emit_load(struct emitter *e, int off, uint32_t mask, int next);

/* ld word; [and mask;] jxx k -> t : f */
struct label sb_emit_test1(struct emitter *e, int off, uint32_t mask,
			   uint16_t code, uint32_t k, const struct label *t,
			   const struct label *f);

/* ld word; j1 k1 -> t1 : (j2 k2 -> t2 : f2) */
struct label sb_emit_test2(struct emitter *e, int off, uint16_t c1, uint32_t k1,
			   const struct label *t1, uint16_t c2, uint32_t k2,
			   const struct label *t2, const struct label *f2);

/*
 * The program in execution order, with unreachable instructions dropped
 * (the peephole pass), refused over 4096 instructions.  0 or -errno.
 */
int sb_emit_finish(struct emitter *e, struct secbpf_prog **out);

/* ---- argument comparisons (compile_args.c) ---- */

/*
 * One syscall's ordered rules (sb_order_rules) for an ABI of "bits": the
 * first rule whose conditions all hold returns its action, else "def".
 * Returns the chain's entry.
 */
struct label sb_emit_rules(struct emitter *e, unsigned bits,
			   const struct sb_norm_rule *rules, size_t n,
			   uint32_t def, bool ordered);

/* ---- number ranges and layout (compile_ranges.c) ---- */

/* What secbpf_compile's parts share. */
struct compile_ctx {
	struct emitter *e;
	struct secbpf_error *err;
	const struct secbpf_policy *p;
	const struct secbpf_compile_opts *opts; /* never NULL */
	bool enosys;				/* enosys_newer applies */
};

struct decision;
struct range;

/*
 * The arches that share one AUDIT_ARCH value (x86_64 and x32 do), tested
 * by one "jeq" at the program's head, and their numbers cut into ranges
 * that lead to the same decision.
 */
struct arch_block {
	uint32_t audit;
	const struct sb_ir_arch *ia[2];
	size_t nia;
	struct decision *decs; /* distinct outcomes */
	size_t ndec, capdec;
	struct range *ranges; /* cover 0..UINT32_MAX in order */
	size_t nrange, caprange;
	/* the weighted layout's tree: where each span of ranges splits
	 * (NULL: split where the weights halve) */
	uint16_t *split;
};

/* Cut the block's numbers into ranges and weigh them for the layout. */
int sb_block_build(struct compile_ctx *cx, struct arch_block *b);
/* The decision tree over the block's ranges; it runs with nr in A. */
struct label sb_block_emit(struct compile_ctx *cx, struct arch_block *b);
void sb_block_free(struct arch_block *b);

#endif /* SECBPF_BPF_CODEGEN_H */
