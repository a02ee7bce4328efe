// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bench, mix section: mean instructions the filter runs per syscall, over
 * syscall mixes: every number 0..460, every syscall of the arch's table
 * once, and each recorded workload mix ("name count", data/mix-*.txt, or
 * --mix).  Layouts: balanced; weighted by each recorded mix in turn (the
 * diagonal is a table recorded from the workload itself: profile-guided)
 * and by each --freq table; libseccomp's linear and tree filters.
 *
 * Calls carry zero arguments, so an argument-checked syscall takes the
 * path its zero arguments take.  The second table counts what a kernel
 * with the action cache (5.11+) runs: calls it answers from the cache
 * (allowed, decided by number alone) run no instruction at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sections.h"

#define MIX_MAX_COLS (2 + BENCH_MAX_TABLES)
#define MIX_MAX_ROWS (4 + 2 * BENCH_MAX_TABLES)

/* A distribution over syscall numbers of one arch. */
struct dist {
	char label[32];
	uint32_t *nr;
	double *w;
	size_t n;
	double total;
	double unknown; /* calls whose name the arch does not have */
};

struct layout {
	char label[48];
	struct secbpf_prog *prog;
};

static int dist_add(struct dist *d, uint32_t nr, double w)
{
	uint32_t *nrs = realloc(d->nr, (d->n + 1) * sizeof(*nrs));
	double *ws;

	if (!nrs)
		return -1;
	d->nr = nrs;
	ws = realloc(d->w, (d->n + 1) * sizeof(*ws));
	if (!ws)
		return -1;
	d->w = ws;
	d->nr[d->n] = nr;
	d->w[d->n++] = w;
	d->total += w;
	return 0;
}

static void dist_free(struct dist *d)
{
	free(d->nr);
	free(d->w);
	memset(d, 0, sizeof(*d));
}

static int dist_numbers(struct dist *d)
{
	snprintf(d->label, sizeof(d->label), "0..460");
	for (uint32_t nr = 0; nr <= 460; nr++)
		if (dist_add(d, nr, 1))
			return -1;
	return 0;
}

static int dist_syscall_table(struct dist *d, const struct secbpf_arch *a)
{
	size_t n = secbpf_syscall_count(a);

	snprintf(d->label, sizeof(d->label), "table");
	for (size_t i = 0; i < n; i++) {
		const char *name;
		uint32_t nr;

		if (!secbpf_syscall_at(a, i, &name, &nr) && dist_add(d, nr, 1))
			return -1;
	}
	return 0;
}

static int dist_from_table(struct dist *d, const struct bench_table *t,
			   const struct secbpf_arch *a)
{
	snprintf(d->label, sizeof(d->label), "%s", t->label);
	for (size_t i = 0; i < t->n; i++) {
		uint32_t nr;

		if (secbpf_syscall_lookup(a, t->names[i], &nr))
			d->unknown += t->weights[i];
		else if (dist_add(d, nr, t->weights[i]))
			return -1;
	}
	return 0;
}

/*
 * Mean instructions per call; with "cache", calls the kernel's action
 * cache answers count zero, and *cached gets their share of the calls.
 */
static double dist_mean(const struct secbpf_prog *p, uint32_t audit,
			const struct dist *d, bool cache, double *cached)
{
	double sum = 0, hit = 0;

	for (size_t i = 0; i < d->n; i++) {
		struct secbpf_data sd = {.nr = d->nr[i], .arch = audit};
		struct secbpf_run_result r = {0};

		if (cache && secbpf_prog_cacheable(p, audit, d->nr[i])) {
			hit += d->w[i];
			continue;
		}
		if (!secbpf_prog_run(p, &sd, &r, NULL))
			sum += d->w[i] * r.count;
	}
	if (cached)
		*cached = d->total > 0 ? hit / d->total : 0;
	return d->total > 0 ? sum / d->total : 0;
}

static int add_layout(struct layout *rows, size_t *n, const char *label,
		      struct secbpf_prog *prog)
{
	if (!prog)
		return -1;
	snprintf(rows[*n].label, sizeof(rows[*n].label), "%s", label);
	rows[(*n)++].prog = prog;
	return 0;
}

static int weighted(const struct bench_target *t, const struct bench_table *f,
		    struct secbpf_prog **out)
{
	struct secbpf_compile_opts co = {.sz = sizeof(co),
					 .layout = SECBPF_LAYOUT_WEIGHTED};

	if (f) {
		co.freq_names = (const char *const *)f->names;
		co.freq_weights = f->weights;
		co.nfreq = f->n;
	}
	return target_compile(t, &co, out);
}

static void print_table(const struct layout *rows, size_t nrows,
			const struct dist *cols, size_t ncols, uint32_t audit,
			bool cache)
{
	printf("  %-24s %5s", cache ? "with the action cache" : "layout",
	       "size");
	for (size_t c = 0; c < ncols; c++)
		printf(cache ? " %18s" : " %9s", cols[c].label);
	printf("\n");
	for (size_t r = 0; r < nrows; r++) {
		printf("  %-24s %5zu", rows[r].label,
		       secbpf_prog_len(rows[r].prog));
		for (size_t c = 0; c < ncols; c++) {
			double hit = 0, m = dist_mean(rows[r].prog, audit,
						      &cols[c], cache, &hit);

			if (cache)
				printf(" %7.2f (%7.3f%%)", m, (1 - hit) * 100);
			else
				printf(" %9.2f", m);
		}
		printf("\n");
	}
}

/* rows[a] / rows[b] per column, as one line. */
static void print_ratio(const char *what, const struct layout *a,
			const struct layout *b, const struct dist *cols,
			size_t ncols, uint32_t audit)
{
	printf("  %-30s", what);
	for (size_t c = 0; c < ncols; c++) {
		double y = dist_mean(b->prog, audit, &cols[c], false, NULL);

		printf(" %9.3f", y > 0 ? dist_mean(a->prog, audit, &cols[c],
						   false, NULL) /
						 y
				       : 0);
	}
	printf("\n");
}

void bench_mix(const struct bench_opts *o, const char *path)
{
	struct dist cols[MIX_MAX_COLS];
	struct layout rows[MIX_MAX_ROWS];
	size_t ncols = 0, nrows = 0, row_balanced, row_mix0;
	size_t row_tree = SIZE_MAX;
	struct bench_target t;
	struct secbpf_prog *p;
	uint32_t audit;

	memset(cols, 0, sizeof(cols));
	if (target_open(&t, path, bench_host_set()))
		return;
	audit = t.arch0->audit;
	if (dist_numbers(&cols[ncols++]) ||
	    dist_syscall_table(&cols[ncols++], t.arch0))
		goto out;
	for (size_t i = 0; i < o->nmixes; i++)
		if (dist_from_table(&cols[ncols++], &o->mixes[i], t.arch0))
			goto out;

	row_balanced = nrows;
	p = NULL;
	if (target_compile(&t, NULL, &p) ||
	    add_layout(rows, &nrows, "secbpf balanced", p))
		goto out;
	row_mix0 = nrows;
	for (size_t i = 0; i < o->nmixes + o->nfreqs; i++) {
		const struct bench_table *f =
			i < o->nmixes ? &o->mixes[i] : &o->freqs[i - o->nmixes];
		char label[48];

		p = NULL;
		snprintf(label, sizeof(label), "weighted: %s", f->label);
		if (weighted(&t, f, &p) || add_layout(rows, &nrows, label, p))
			goto out;
	}
	for (int opt = 1; opt <= 2; opt++) {
		p = NULL;
		if (target_libseccomp(&t, opt, &p))
			continue;
		if (opt == 2)
			row_tree = nrows;
		add_layout(rows, &nrows,
			   opt == 1 ? "libseccomp lin" : "libseccomp tree", p);
	}

	printf("== mix: %s on %s: mean instructions per call, zero "
	       "arguments\n",
	       t.base, t.setname);
	printf("   columns: numbers 0..460; each syscall of the %s table "
	       "once; recorded mixes\n",
	       t.arch0->name);
	for (size_t c = 2; c < ncols; c++)
		printf("   %s: %s, %.0f calls (%.2f%% of them named "
		       "syscalls %s lacks)\n",
		       cols[c].label, o->mixes[c - 2].path,
		       cols[c].total + cols[c].unknown,
		       cols[c].total + cols[c].unknown > 0
			       ? 100 * cols[c].unknown /
					 (cols[c].total + cols[c].unknown)
			       : 0,
		       t.arch0->name);
	printf("   rows 'weighted: X' use table X as --freq (X's own column: "
	       "recorded from the workload)\n");
	print_table(rows, nrows, cols, ncols, audit, false);
	for (size_t i = 0; i < o->nfreqs; i++) {
		char what[64];

		snprintf(what, sizeof(what), "weighted: %s / balanced",
			 o->freqs[i].label);
		print_ratio(what, &rows[row_mix0 + o->nmixes + i],
			    &rows[row_balanced], cols, ncols, audit);
	}
	/* each recorded mix, weighted by itself, against balanced */
	printf("  %-30s %9s %9s", "own table / balanced", "-", "-");
	for (size_t c = 2; c < ncols; c++) {
		const struct layout *own = &rows[row_mix0 + c - 2];
		double y = dist_mean(rows[row_balanced].prog, audit, &cols[c],
				     false, NULL);

		printf(" %9.3f", y > 0 ? dist_mean(own->prog, audit, &cols[c],
						   false, NULL) /
						 y
				       : 0);
	}
	printf("\n");
	if (row_tree != SIZE_MAX) {
		print_ratio("balanced / libseccomp tree", &rows[row_balanced],
			    &rows[row_tree], cols, ncols, audit);
		/* each recorded mix against the layout weighted by itself */
		printf("  %-30s %9s %9s", "own table / libseccomp tree", "-",
		       "-");
		for (size_t c = 2; c < ncols; c++) {
			const struct layout *own = &rows[row_mix0 + c - 2];
			double y = dist_mean(rows[row_tree].prog, audit,
					     &cols[c], false, NULL);

			printf(" %9.3f",
			       y > 0 ? dist_mean(own->prog, audit, &cols[c],
						 false, NULL) /
					       y
				     : 0);
		}
		printf("\n");
	}
	printf("   the same with the kernel's action cache (5.11+): cached "
	       "calls run nothing;\n"
	       "   (N%%) = share of the calls that still run the filter\n");
	print_table(rows, nrows, cols, ncols, audit, true);
	printf("\n");
out:
	for (size_t r = 0; r < nrows; r++)
		secbpf_prog_free(rows[r].prog);
	for (size_t c = 0; c < ncols; c++)
		dist_free(&cols[c]);
	target_close(&t);
}
