// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The explorer of argument space behind secbpf_summarize and
 * secbpf_prog_diff: which argument vectors to try on a syscall so that
 * every branch the filters take on arguments gets taken, within a work
 * budget the caller sets for the whole analysis.
 *
 * Vectors come from the filters themselves: each comparison of an
 * argument word with a constant on a path just run proposes the vector
 * run with that word set to the constant, its neighbours and the word's
 * extremes, and each new vector's path proposes more.  Work is counted as
 * instructions interpreted plus vectors proposed, so that both a long
 * path and a path full of comparisons pay for what they cost.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "explore.h"

#define PROBE_SLOTS 8191 /* a prime, about twice the vector cap */

struct sb_probe_set {
	uint64_t vec[SECBPF_ANALYSIS_MAX_VECTORS][6];
	uint16_t slot[PROBE_SLOTS]; /* hash of vec: index + 1, 0 empty */
	size_t n;
	bool full; /* a new vector did not fit */
};

int sb_analysis_opts(const struct secbpf_analysis_opts *opts,
		     const struct secbpf_prog *const *progs, size_t n,
		     struct sb_analysis *out, struct secbpf_error *err)
{
	struct secbpf_analysis_opts o = {0};
	const struct secbpf_arch *found[64];

	memset(out, 0, sizeof(*out));
	if (SB_OPTS_COPY(opts, &o, secbpf_analysis_opts, err))
		return -EINVAL;
	if (o.narches && !o.arches)
		return sb_err(err, -EINVAL, "no arches given");
	out->budget = o.budget ? o.budget : SECBPF_ANALYSIS_BUDGET;
	out->max_differences = o.max_differences ? o.max_differences : 65536;
	for (size_t i = 0; i < o.narches; i++) {
		bool dup = false, known = false;

		for (size_t j = 0; j < secbpf_arch_count() && !known; j++)
			known = secbpf_arch_at(j) == o.arches[i];
		if (!known)
			return sb_err(err, -EINVAL, "arch %zu is not an arch",
				      i);
		for (size_t j = 0; j < out->narches && !dup; j++)
			dup = out->arches[j] == o.arches[i];
		if (!dup && out->narches < SB_ARRAY_SIZE(out->arches))
			out->arches[out->narches++] = o.arches[i];
	}
	if (o.narches)
		return 0;
	/* the arches any of the programs checks, each once, in order */
	for (size_t k = 0; k < n; k++) {
		size_t m = secbpf_prog_arches(progs[k], found,
					      SB_ARRAY_SIZE(found));

		if (m > SB_ARRAY_SIZE(found))
			m = SB_ARRAY_SIZE(found);
		for (size_t j = 0; j < m; j++) {
			bool dup = false;

			for (size_t q = 0; q < out->narches && !dup; q++)
				dup = out->arches[q] == found[j];
			if (!dup && out->narches < SB_ARRAY_SIZE(out->arches))
				out->arches[out->narches++] = found[j];
		}
	}
	if (!out->narches) {
		/* a filter that checks no arch treats them all alike:
		 * this machine's stands for them */
		out->arches[0] = secbpf_arch_native();
		if (!out->arches[0])
			return sb_err(err, -EINVAL,
				      "the filters check no arch and this "
				      "machine's is unknown: name one");
		out->narches = 1;
	}
	return 0;
}

int sb_explorer_init(struct sb_explorer *ex,
		     const struct secbpf_prog *const *progs, size_t n,
		     uint64_t budget, struct secbpf_error *err)
{
	memset(ex, 0, sizeof(*ex));
	ex->progs = progs;
	ex->nprogs = n;
	ex->budget = budget;
	ex->set = malloc(sizeof(*ex->set));
	ex->paths = calloc(SECBPF_MAX_INSNS, sizeof(*ex->paths));
	ex->runs = calloc(n, sizeof(*ex->runs));
	if (!ex->set || !ex->paths || !ex->runs) {
		sb_explorer_release(ex);
		return sb_err(err, -ENOMEM, "out of memory");
	}
	return 0;
}

void sb_explorer_release(struct sb_explorer *ex)
{
	free(ex->set);
	free(ex->paths);
	free(ex->runs);
	ex->set = NULL;
	ex->paths = NULL;
	ex->runs = NULL;
}

static size_t vec_hash(const uint64_t *v)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (int i = 0; i < 6; i++)
		h = (h ^ v[i]) * 0x100000001b3ULL;
	return (size_t)(h ^ h >> 29) % PROBE_SLOTS;
}

static void set_reset(struct sb_probe_set *ps)
{
	ps->n = 0;
	ps->full = false;
	memset(ps->slot, 0, sizeof(ps->slot));
}

static void add_vec(struct sb_probe_set *ps, const uint64_t *v)
{
	size_t h = vec_hash(v);

	for (; ps->slot[h]; h = (h + 1) % PROBE_SLOTS)
		if (!memcmp(ps->vec[ps->slot[h] - 1], v, sizeof(ps->vec[0])))
			return;
	if (ps->n >= SECBPF_ANALYSIS_MAX_VECTORS) {
		ps->full = true;
		return;
	}
	memcpy(ps->vec[ps->n], v, sizeof(ps->vec[0]));
	ps->slot[h] = (uint16_t)++ps->n;
}

/* "base" with one 32-bit word of one argument replaced: a proposal. */
static void add_word(struct sb_explorer *ex, const uint64_t *base, unsigned arg,
		     bool hi, uint32_t w)
{
	uint64_t v[6];

	ex->work++;
	memcpy(v, base, sizeof(v));
	if (hi)
		v[arg] = (v[arg] & 0xffffffffULL) | (uint64_t)w << 32;
	else
		v[arg] = (v[arg] & ~0xffffffffULL) | w;
	add_vec(ex->set, v);
}

/*
 * Which argument word A holds after instruction "x", given "word" before
 * it (a byte offset into struct seccomp_data, or -1 for none).  A word
 * stays "in A" through an AND with a constant (a masked word still
 * decides on the word's bits); anything else that changes A loses track
 * of it.
 */
static int track(const struct secbpf_insn *x, int word)
{
	switch (BPF_CLASS(x->code)) {
	case BPF_LD:
		return x->code == (BPF_LD | BPF_W | BPF_ABS) && x->k >= 16
			       ? (int)x->k
			       : -1;
	case BPF_ALU:
		return x->code == (BPF_ALU | BPF_AND | BPF_K) ? word : -1;
	case BPF_MISC:
		return BPF_MISCOP(x->code) == BPF_TXA ? -1 : word;
	default:
		return word;
	}
}

/* A comparison of an argument word with a constant, the kind that
 * proposes vectors. */
static bool compares_arg(const struct secbpf_insn *x, int word)
{
	return BPF_CLASS(x->code) == BPF_JMP && BPF_OP(x->code) != BPF_JA &&
	       BPF_SRC(x->code) == BPF_K && word >= 0;
}

/* Whether a path met such a comparison: its arguments matter. */
static bool path_compares_args(const struct secbpf_prog *p,
			       const uint32_t *path, size_t len)
{
	int word = -1;

	for (size_t i = 0; i < len; i++) {
		const struct secbpf_insn *x = &p->insn[path[i]];

		if (compares_arg(x, word))
			return true;
		word = track(x, word);
	}
	return false;
}

/* The comparisons of argument words on a path just run, each proposing
 * the values on both of its sides. */
static void learn(struct sb_explorer *ex, const struct secbpf_prog *p,
		  const uint32_t *path, size_t len, const uint64_t *base)
{
	int word = -1; /* byte offset of the argument word in A */

	for (size_t i = 0; i < len; i++) {
		const struct secbpf_insn *x = &p->insn[path[i]];
		uint32_t k = x->k;
		unsigned arg;
		bool hi;

		if (!compares_arg(x, word)) {
			word = track(x, word);
			continue;
		}
		arg = (unsigned)(word - 16) / 8;
		hi = ((word % 8) == 0) == p->big_endian;
		/*
		 * Equal and not (k, k+1), the bound and its neighbours for
		 * an order, the mask and its complement for a bit test; and
		 * the word's extremes, whatever the test.
		 */
		add_word(ex, base, arg, hi, k);
		add_word(ex, base, arg, hi, k + 1);
		if (BPF_OP(x->code) == BPF_JGT || BPF_OP(x->code) == BPF_JGE)
			add_word(ex, base, arg, hi, k - 1);
		if (BPF_OP(x->code) == BPF_JSET)
			add_word(ex, base, arg, hi, ~k);
		add_word(ex, base, arg, hi, 0);
		add_word(ex, base, arg, hi, ~0U);
	}
}

/*
 * Every program on vector "i" of the set; ex->runs gets the results.
 * With "learning", each path's comparisons propose vectors; without, only
 * whether some path compared an argument is noted (*args).
 */
static int run_vector(struct sb_explorer *ex, uint32_t audit, uint32_t nr,
		      size_t i, bool learning, bool *args,
		      struct secbpf_error *err)
{
	struct secbpf_data d = {.nr = nr, .arch = audit};
	uint64_t base[6];
	int rc;

	/* the set may move nothing, but learning adds to it: copy */
	memcpy(base, ex->set->vec[i], sizeof(base));
	memcpy(d.args, base, sizeof(d.args));
	for (size_t k = 0; k < ex->nprogs; k++) {
		struct secbpf_run_result *r = &ex->runs[k];

		memset(r, 0, sizeof(*r));
		r->path = ex->paths;
		r->path_cap = SECBPF_MAX_INSNS;
		rc = secbpf_prog_run(ex->progs[k], &d, r, err);
		if (rc)
			return rc;
		ex->work += r->count;
		if (learning)
			learn(ex, ex->progs[k], ex->paths, r->path_len, base);
		else if (args && !*args)
			*args = path_compares_args(ex->progs[k], ex->paths,
						   r->path_len);
		r->path = NULL;
		r->path_cap = 0;
		r->path_len = 0;
	}
	return 0;
}

int sb_explore_zero(struct sb_explorer *ex, uint32_t audit, uint32_t nr,
		    sb_visit_fn visit, void *ctx, bool *ran, bool *args_matter,
		    struct secbpf_error *err)
{
	static const uint64_t zero[6];
	int rc;

	*ran = false;
	*args_matter = false;
	if (ex->work >= ex->budget)
		return 0;
	/* no proposals yet: most calls never look at an argument, and
	 * those that do are explored afresh in the second pass */
	set_reset(ex->set);
	add_vec(ex->set, zero);
	rc = run_vector(ex, audit, nr, 0, false, args_matter, err);
	if (rc)
		return rc;
	*ran = true;
	rc = visit(ctx, zero, ex->runs);
	return rc ? sb_err(err, rc, "out of memory") : 0;
}

int sb_explore_args(struct sb_explorer *ex, uint32_t audit, uint32_t nr,
		    uint64_t limit, sb_visit_fn visit, void *ctx,
		    enum secbpf_explored *explored, struct secbpf_error *err)
{
	static const uint64_t zero[6];
	int rc;

	*explored = SECBPF_EXPLORED_PART;
	if (limit > ex->budget)
		limit = ex->budget;
	set_reset(ex->set);
	add_vec(ex->set, zero);
	for (size_t i = 0; i < ex->set->n; i++) {
		if (ex->work >= limit)
			return 0;
		rc = run_vector(ex, audit, nr, i, true, NULL, err);
		if (rc)
			return rc;
		/* the zero vector was visited already */
		if (i) {
			rc = visit(ctx, ex->set->vec[i], ex->runs);
			if (rc)
				return sb_err(err, rc, "out of memory");
		}
	}
	if (!ex->set->full)
		*explored = SECBPF_EXPLORED_ALL;
	return 0;
}

uint64_t sb_explore_share(const struct sb_explorer *ex, size_t left)
{
	uint64_t rest = ex->work < ex->budget ? ex->budget - ex->work : 0;

	return ex->work + (left ? rest / left : rest);
}
