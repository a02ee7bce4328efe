/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The IR layer (src/ir): what a struct secbpf_policy means and what every
 * front end does to make one.  It owns
 *  - condition semantics on 32- and 64-bit ABIs (cond.c), one definition
 *    that the order, the overlap analysis and the tests use (the emitter,
 *    src/bpf/compile_args.c, writes the same comparisons as BPF);
 *  - rule normalisation: the runtimes' split of rules that repeat an
 *    argument (cond.c), conditions narrowed and sorted for an ABI, and the
 *    order in which libseccomp's tree tries one syscall's rules (order.c);
 *  - the construction core (build.c), used by the JSON path
 *    (src/profile/policy.c) and by the native builder (builder.c, on which
 *    the libseccomp-compatible library sits):
 *     - rules equal to the default action are dropped (their names still
 *       count for the highest named number, used by ENOSYS stubs);
 *     - a name reachable through socketcall/ipc also gets the multiplexer
 *       rule with argument 0 pinned to the sub-call (the user's other
 *       conditions kept);
 *     - rules are grouped per arch by number, in insertion order within a
 *       number;
 *     - the limits on what the input controls (rules over all arches);
 *     - the ERRNO cap;
 *  - the one writer of warnings, with one cap (warn.c);
 *  - the one overlap analysis, budgeted, behind compile's warnings and
 *    secbpf_profile_check's findings (overlap.c);
 *  - validation of an IR built by other means (validate.c), the policy's
 *    accessors (policy.c), the names of actions (action.c).
 *
 * Layering: this depends on src/arch only (internal.h); src/profile and
 * src/bpf depend on it, never the other way (the build links each layer
 * with the layers below it only: a back-edge fails to link).
 */
#ifndef SECBPF_IR_H
#define SECBPF_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"

/* Rules over all arches of one policy (each IR rule is ~400 bytes). */
#define SB_IR_MAX_RULES 65536
/* Warnings kept per policy; the last one says more were left out. */
#define SB_IR_MAX_WARNINGS 256
/* The kernel returns at most this errno (ERRNO data is capped to it). */
#define SB_IR_MAX_ERRNO 4095

struct sb_irb_entry;

/* Build state of one policy; zero it, set pol and err, then per arch: add
 * entries and finish the arch; release at the end. */
struct sb_irb {
	struct secbpf_policy *pol;
	struct secbpf_error *err;
	const char *source;	  /* input file named in messages, or NULL */
	bool ordered;		  /* rules keep their order (sb_ir_syscall) */
	struct sb_irb_entry *ent; /* the current arch's entries */
	size_t nent, cap;
	size_t total; /* entries over all arches */
};

/* ---- warnings (warn.c): the one writer ---- */

/*
 * What a warning is about.  The order is their priority: when more are
 * written than SB_IR_MAX_WARNINGS - 1, the least important ones (the
 * latest of the lowest kind) make room, so that no warning is ever left
 * out for one that matters less; the last one kept then sums up what was
 * left out.  Each kind has a stable code, the same as the finding
 * secbpf_profile_check reports for the same fact where there is one, and
 * a severity.
 */
enum sb_warn_kind {
	SB_WARN_NOTIFY_REFUSED,	   /* "notify-refused" (error) */
	SB_WARN_NO_LISTENER,	   /* "no-listener" (error) */
	SB_WARN_ERRNO_CAPPED,	   /* "errno-capped" (error) */
	SB_WARN_FLAG_DROPPED,	   /* "flag-dropped" */
	SB_WARN_OVERLAP,	   /* "overlap" */
	SB_WARN_OVERLAP_UNCHECKED, /* "overlap-unchecked" */
	SB_WARN_REPEATED_ARG,	   /* "repeated-arg" */
	SB_WARN_UNKNOWN_NAME,	   /* "unknown-name" */
	SB_WARN_LEFT_OUT,	   /* "left-out" (note): the summary */
};
_Static_assert(SB_WARN_LEFT_OUT + 1 == SB_WARN_NKINDS, "internal.h counts the "
						       "kinds of warnings");

/* A warning as the policy keeps it; "pub" is what the API hands out. */
struct sb_warning {
	struct secbpf_warning pub;
	enum sb_warn_kind kind;
	size_t seq; /* written as the seq-th */
};

/* The stable code of a kind ("overlap"), or NULL past the last. */
const char *sb_warn_code(enum sb_warn_kind kind);

/*
 * Write a warning of "kind" about the value at JSON pointer "pointer"
 * (NULL or "" when it is about no one value of a profile).  0 or -ENOMEM.
 */
int sb_ir_warn(struct secbpf_policy *pol, enum sb_warn_kind kind,
	       const char *pointer, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * The same with the message and the pointer each given as pieces to join
 * (NULL-terminated lists; "pointer" NULL for none): no printf, and nothing
 * made for a warning the cap leaves out.  For the warnings a profile can
 * hold by the hundred (a name no target arch has).  0 or -ENOMEM.
 */
int sb_ir_warn_cat(struct secbpf_policy *pol, enum sb_warn_kind kind,
		   const char *const *pointer, const char *const *message);

/* Append the summary of what the cap left out, if anything was: a policy
 * is finished with this.  0 or -ENOMEM. */
int sb_ir_warn_finish(struct secbpf_policy *pol);

/* Free the warnings and the overlap list of a policy. */
void sb_ir_warn_free(struct secbpf_policy *pol);

/*
 * Check a SECCOMP_RET_* value a rule or the default carries: -EINVAL for
 * an action the kernel does not know; ERRNO data above the kernel's cap is
 * capped with a warning naming "where" in its text and "pointer" as its
 * place (none when pol is NULL: a check only).  The value to use goes to
 * *out.
 */
int sb_ir_action(struct secbpf_policy *pol, uint32_t ret, const char *where,
		 const char *pointer, uint32_t *out);

/*
 * Add "rule" for number "nr" (as the arch's filter sees it) to the arch
 * being built.  A rule whose action is the policy's default is dropped
 * (unless rules keep their order).
 * -E2BIG past SB_IR_MAX_RULES (with err filled).
 */
int sb_irb_add(struct sb_irb *b, uint32_t nr, const char *name,
	       const struct sb_rule *rule);

/*
 * Add "rule" for syscall "name" on arch "ia": its own number if the arch
 * has it, and the multiplexer rule if the arch reaches it through
 * socketcall/ipc.  Updates ia->max_named_nr (also for dropped rules).
 * *known is set when the arch knows the name either way.  "where" names
 * the rule in messages (a JSON pointer or "rule 3").
 */
int sb_irb_add_named(struct sb_irb *b, struct sb_ir_arch *ia, const char *name,
		     const struct sb_rule *rule, const char *where,
		     bool *known);
/* The same with the name's hash (sb_syscall_hash), computed once for a
 * name added on several arches. */
int sb_irb_add_named_hashed(struct sb_irb *b, struct sb_ir_arch *ia,
			    const char *name, uint32_t hash,
			    const struct sb_rule *rule, const char *where,
			    bool *known);

/* Room for n entries per arch up front (a hint): 0 or -ENOMEM. */
int sb_irb_reserve(struct sb_irb *b, size_t n);

/* Sort the entries added since the last call into ia->sys. */
int sb_irb_finish_arch(struct sb_irb *b, struct sb_ir_arch *ia);

/* Free the build state (not the policy). */
void sb_irb_release(struct sb_irb *b);

/*
 * Append target arch "a" to the policy unless it is there already: 0,
 * or -E2BIG past SB_MAX_ARCHES.
 */
int sb_ir_add_arch(struct secbpf_policy *pol, const struct secbpf_arch *a,
		   struct secbpf_error *err);

/* ---- conditions and rules (cond.c) ---- */

/*
 * Condition "c" as an ABI of "bits" (32 or 64) compares it: on a 32-bit
 * ABI an argument is its low word, so the values are truncated to 32 bits
 * (what libseccomp and the kernel compare; word conditions hold 32-bit
 * values already).  On such an ABI the arguments themselves are below
 * 2^32: x86's filter never sees a high word.
 */
struct sb_cond sb_cond_abi(const struct sb_cond *c, unsigned bits);

/* Whether plain condition "c" (no word or negation modifier) holds for
 * every argument on an ABI of "bits": a MASKED_EQ whose mask keeps no bit
 * of that width, which the compiler emits no instruction for. */
bool sb_cond_always(const struct sb_cond *c, unsigned bits);

/* Whether rule "r" matches a call with arguments "args" on an ABI of
 * "bits" (arguments taken in that ABI's width). */
bool sb_rule_matches(const struct sb_rule *r, unsigned bits,
		     const uint64_t args[6]);

/* The lowest argument index more than one condition of "r" tests, or
 * -1. */
int sb_rule_repeated_arg(const struct sb_rule *r);

/*
 * The runtimes' normalisation of a rule whose conditions repeat an
 * argument index: runc, crun and containers/common hand libseccomp (which
 * refuses that rule) one rule per condition instead, so any condition is
 * enough (AND becomes OR).  "out" (room for r->ncond rules, at least 1)
 * gets them in order, a condition equal to an earlier one dropped
 * (libseccomp ignores the duplicate); a rule that repeats no argument is
 * copied as it is.  Returns how many rules were stored.
 */
size_t sb_rule_split(const struct sb_rule *r, struct sb_rule *out);

/* ---- the order of one syscall's rules (order.c) ---- */

/*
 * A rule as the target compares it: values truncated for 32-bit ABIs,
 * conditions that are always true (MASKED_EQ with an empty mask) removed,
 * conditions sorted by argument index.
 */
struct sb_norm_rule {
	uint32_t action;
	unsigned ncond;
	struct sb_cond cond[SB_MAX_CONDS];
	size_t orig; /* index in the syscall's rule list */
};

/*
 * Normalise the rules of "sys" for an ABI of "bits" (32 or 64) and sort them
 * in the order libseccomp's decision tree tries them: the first rule that
 * matches decides.  If any rule is unconditional after normalisation, the
 * result is that single rule (the first unconditional one wins).  Rules
 * that keep their order (sb_rules_ordered) come as given.  "out" holds
 * sys->nrules entries; returns how many were stored.
 */
size_t sb_order_rules(const struct sb_ir_syscall *sys, unsigned bits,
		      struct sb_norm_rule *out);

/* Whether the rules of "sys" decide in their own order (first match, as
 * given): the syscall says so, or a rule has word or negated conditions. */
bool sb_rules_ordered(const struct sb_ir_syscall *sys);

/* ---- overlaps (overlap.c) ---- */

/*
 * Two rules of one syscall, with different actions, that one call matches
 * both of.  Found exactly for plain conditions (every argument's
 * conditions solved together); for word or negated conditions by trying
 * the values at and beside each boundary, which may miss a pair but never
 * reports a disjoint one.
 */
struct sb_overlap {
	uint32_t arch;	  /* index in the policy's arch[] */
	uint32_t sys;	  /* index in that arch's sys[] */
	uint32_t a, b;	  /* the rules' indexes in sys->rules, a < b */
	uint32_t winner;  /* the rule that decides the call "args" */
	uint8_t how;	  /* why it does: SB_DECIDED_* */
	uint64_t args[6]; /* a call both match (in the ABI's width) */
};

enum {
	SB_DECIDED_TREE,     /* libseccomp's order (sb_order_rules) */
	SB_DECIDED_UNCOND,   /* the first unconditional rule wins */
	SB_DECIDED_IN_ORDER, /* the syscall's rules keep their order */
};

/* Overlapping pairs listed per policy; more are counted. */
#define SB_IR_MAX_OVERLAPS 4096
/* Work one analysis may do: a unit is a pair of rules, an argument of a
 * pair, or a value looked at (~10-30 ns each: 2^23 is ~0.1-0.25 s). */
#define SB_IR_OVERLAP_BUDGET (1ULL << 23)

/*
 * Look for overlapping rules in every syscall of every arch of "pol",
 * within *budget units of work (decremented): the pairs go to
 * pol->overlap (the first SB_IR_MAX_OVERLAPS), their number to
 * pol->overlaps_found, the pairs the budget left uncompared to
 * pol->overlap_unchecked.  The rule that decides each pair's call is the
 * compiler's: the first that matches in the order sb_order_rules gives.
 * With "where" (a label per rule origin, e.g. its JSON pointer; "nwhere"
 * of them), each pair of origins found is also one warning, and the
 * budget running out another.  0 or -ENOMEM.
 */
int sb_ir_overlaps(struct secbpf_policy *pol, uint64_t *budget,
		   const char *const *where, size_t nwhere);

/* Whether the analysis gives rules "a" and "b" (of one syscall) a call
 * they both match on an ABI of "bits", and then which (in "args"). */
bool sb_rules_meet(const struct sb_rule *a, const struct sb_rule *b,
		   unsigned bits, uint64_t args[6]);

/* ---- validation (validate.c) ---- */

/*
 * Whether "p" is an IR the compiler can rely on (arches set, one byte
 * order, each arch once, syscalls sorted by number, conditions in range):
 * the front ends make such IR; this keeps the compiler safe from IR built
 * any other way (the tests build it by hand).  0 or -EINVAL.
 */
int sb_ir_validate(const struct secbpf_policy *p, struct secbpf_error *err);

#endif /* SECBPF_IR_H */
