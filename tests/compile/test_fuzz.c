// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Random differential testing: random policies (IR) compiled by us and by
 * libseccomp 2.5.x, verdicts compared through our interpreter.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "diff.h"
#include "irgen.h"
#include "oracle.h"

static void check_one(uint64_t seed, unsigned set, size_t nsys,
		      enum secbpf_layout layout, size_t *total_queries,
		      size_t *unsound, size_t *order)
{
	uint64_t rng = seed;
	struct secbpf_policy *p = ir_random(&rng, set, nsys);
	struct secbpf_compile_opts opts = {.sz = sizeof(opts),
					   .layout = layout};
	struct secbpf_insn *ref_insns = NULL;
	struct secbpf_prog *ours = NULL, *ref = NULL;
	struct oracle_stats st;
	struct secbpf_error err;
	struct diff_result res;
	size_t nref = 0;
	int rc;

	rc = oracle_from_policy(p, 1, true, &ref_insns, &nref, &st);
	cr_assert_eq(rc, 0, "libseccomp failed (%d) for seed %llu", rc,
		     (unsigned long long)seed);
	rc = secbpf_compile(p, &opts, &ours, &err);
	cr_assert_eq(rc, 0, "compile failed for seed %llu: %s",
		     (unsigned long long)seed, err.message);
	rc = secbpf_prog_verify(ours, &err);
	cr_assert_eq(rc, 0, "seed %llu: verifier: %s", (unsigned long long)seed,
		     err.message);
	rc = secbpf_prog_new(ref_insns, nref, false, &ref, &err);
	cr_assert_eq(rc, 0, "%s", err.message);
	diff_programs(p, ours, ref, (unsigned)seed, NULL, NULL, &res);
	if (res.divergent) {
		char what[64];

		snprintf(what, sizeof(what), "seed %llu set %u",
			 (unsigned long long)seed, set);
		diff_print(what, &res);
	}
	cr_expect_eq(res.divergent, 0,
		     "seed %llu set %u: %zu divergent verdicts (of %zu)",
		     (unsigned long long)seed, set, res.divergent, res.queries);
	*total_queries += res.queries;
	*unsound += res.ref_unsound;
	*order += res.order_diff;
	{
		/* our programs never compare a word other than the one
		 * they mean: each comparison sees one kind of A */
		bool *amb = diff_ambiguous(ours);

		cr_assert(amb);
		for (size_t i = 0; i < secbpf_prog_len(ours); i++)
			cr_assert(!amb[i],
				  "seed %llu: insn %zu compares "
				  "different words on different paths",
				  (unsigned long long)seed, i);
		free(amb);
	}
	secbpf_prog_free(ours);
	secbpf_prog_free(ref);
	free(ref_insns);
	ir_free(p);
}

Test(fuzz, small_policies)
{
	size_t q = 0, u = 0, o = 0;

	for (uint64_t seed = 1; seed <= 300; seed++)
		check_one(seed, (unsigned)(seed % IR_NSETS), 6,
			  seed % 3 ? SECBPF_LAYOUT_BALANCED
				   : SECBPF_LAYOUT_WEIGHTED,
			  &q, &u, &o);
	cr_log_info("%zu verdicts compared; %zu without a sound libseccomp "
		    "reference; %zu where overlapping rules with different "
		    "actions match and the two pick different ones",
		    q, u, o);
	cr_assert_gt(q, 0);
}

Test(fuzz, large_policies)
{
	size_t q = 0, u = 0, o = 0;

	for (uint64_t seed = 1000; seed < 1007; seed++)
		check_one(seed, (unsigned)(seed % IR_NSETS), 100,
			  SECBPF_LAYOUT_BALANCED, &q, &u, &o);
	cr_log_info("%zu verdicts compared; %zu without a sound libseccomp "
		    "reference; %zu where overlapping rules with different "
		    "actions match and the two pick different ones",
		    q, u, o);
	cr_assert_gt(q, 0);
}
