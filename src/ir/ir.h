/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The IR layer's construction core: what every front end does to turn
 * rules into a struct secbpf_policy.  Two front ends use it: the JSON path
 * (src/profile/policy.c, rules from a resolved profile) and the native
 * builder (src/ir/builder.c, rules added in code; the libseccomp-compatible
 * library sits on that).  Both go through here so that one place decides:
 *  - rules equal to the default action are dropped (their names still count
 *    for the highest named number, used by ENOSYS stubs);
 *  - a name reachable through socketcall/ipc also gets the multiplexer rule
 *    with argument 0 pinned to the sub-call (the user's other conditions
 *    kept);
 *  - rules are grouped per arch by number, in insertion order within a
 *    number;
 *  - the limits on what the input controls (rules over all arches);
 *  - the ERRNO cap and the warning list.
 *
 * Layering: this depends on src/arch only (internal.h); src/profile and
 * the builder depend on it; src/bpf compiles what it produces.
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

/* Append a warning to the policy (bounded); 0 or -ENOMEM. */
int sb_ir_warn(struct secbpf_policy *pol, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Check a SECCOMP_RET_* value a rule or the default carries: -EINVAL for
 * an action the kernel does not know; ERRNO data above the kernel's cap is
 * capped with a warning naming "where" (none when pol is NULL: a check
 * only).  The value to use goes to *out.
 */
int sb_ir_action(struct secbpf_policy *pol, uint32_t ret, const char *where,
		 uint32_t *out);

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

#endif /* SECBPF_IR_H */
