// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Validation of the IR (struct secbpf_policy): the facts the compiler
 * relies on (arches set, one byte order, each arch once, syscalls sorted
 * by number, conditions in range).  The front ends (src/profile/policy.c,
 * builder.c) produce valid IR; this keeps the compiler, which calls it
 * first, safe from IR built any other way (the tests build it by hand).
 */
#include <errno.h>

#include "ir/ir.h"

int sb_ir_validate(const struct secbpf_policy *p, struct secbpf_error *err)
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
					    (ru->cond[c].op & SB_OP_MASK) <
						    SB_OP_NE ||
					    (ru->cond[c].op & SB_OP_MASK) >
						    SB_OP_MASKED_EQ ||
					    (ru->cond[c].op &
					     ~(SB_OP_MASK | SB_OP_WORD_LO |
					       SB_OP_WORD_HI | SB_OP_NOT)) ||
					    ((ru->cond[c].op & SB_OP_WORD_LO) &&
					     (ru->cond[c].op & SB_OP_WORD_HI)))
						return sb_err(err, -EINVAL,
							      "bad condition "
							      "in the "
							      "policy");
			}
	}
	return 0;
}
