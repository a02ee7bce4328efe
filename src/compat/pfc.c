// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * seccomp_export_pfc: the text libseccomp 2.5 writes for a filter (its
 * "pseudo filter code"), written from our model of its per-arch databases
 * (tree.c), so that programs and tests that compare it see the same
 * bytes.  What the text is made of:
 *
 *  - a "pseudo filter code start" banner; per arch of the context, in the
 *    order the context holds them, "# filter for arch NAME (AUDIT)" and
 *    "if ($arch == AUDIT)" (x32 shows x86_64's AUDIT_ARCH value, which is
 *    what its filter compares); the invalid-arch action and an "end"
 *    banner;
 *  - in an arch, one block per syscall entry: "# filter for syscall
 *    "NAME" (NR) [priority: P]" and "if ($syscall == NR)", numbers
 *    printed unsigned (a syscall the arch lacks shows its pseudo number
 *    as such, x32 numbers carry their bit 30), names as
 *    seccomp_syscall_resolve_num_arch gives them ("UNKNOWN" for none);
 *    entries that carry only a priority hint are left out; then the
 *    context's default action;
 *  - the order of the entries: highest priority first, and of equal
 *    priorities the highest number first; with SCMP_FLTATR_CTL_OPTIMIZE
 *    at 2 the highest number first, nested in "if ($syscall > N)" /
 *    "else # ($syscall <= N)" halves of four entries and their multiples
 *    (a binary search), sized by libseccomp's count of the arch's
 *    syscalls;
 *  - under a syscall, its tree as the database holds it: each level from
 *    its first node, each node an "if" on one 32-bit word ("$aN" on
 *    32-bit ABIs, "$aN.hi32"/"$aN.lo32" on 64-bit ones), its true branch
 *    (an action or the next level) indented below it, then its false
 *    branch after an "else"; a branch with neither prints nothing;
 *  - actions by name (KILL_PROCESS, KILL, TRAP, ERRNO(n), TRACE(n), LOG,
 *    ALLOW), any other as its hexadecimal value, always "action ...;".
 * Indentation is two spaces a level.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "compat.h"
#include "seccomp.h"

/* Syscall entries a binary-tree node of the PFC holds at its leaves. */
#define PFC_PER_NODE 4U

static void pfc_indent(FILE *f, unsigned depth)
{
	while (depth--)
		fputs("  ", f);
}

static void pfc_action(FILE *f, uint32_t action)
{
	switch (action & 0xffff0000U) {
	case SCMP_ACT_KILL_PROCESS:
		fputs("action KILL_PROCESS;\n", f);
		break;
	case SCMP_ACT_KILL_THREAD:
		fputs("action KILL;\n", f);
		break;
	case SCMP_ACT_TRAP:
		fputs("action TRAP;\n", f);
		break;
	case SCMP_ACT_ERRNO(0):
		fprintf(f, "action ERRNO(%u);\n", action & 0xffffU);
		break;
	case SCMP_ACT_TRACE(0):
		fprintf(f, "action TRACE(%u);\n", action & 0xffffU);
		break;
	case SCMP_ACT_LOG:
		fputs("action LOG;\n", f);
		break;
	case SCMP_ACT_ALLOW:
		fputs("action ALLOW;\n", f);
		break;
	default:
		/* NOTIFY and any other: the whole value */
		fprintf(f, "action 0x%x;\n", action);
		break;
	}
}

/* One level of a syscall's tree (and, below each node, its branches). */
static void pfc_level(FILE *f, bool bits64, const struct lt_node *n,
		      unsigned depth)
{
	for (n = lt_level_first(n); n;) {
		struct lt_node_view v;
		const struct lt_node *next = lt_node_read(n, &v);

		pfc_indent(f, depth);
		if (bits64)
			fprintf(f, "if ($a%u.%s32", v.arg, v.hi ? "hi" : "lo");
		else
			fprintf(f, "if ($a%u", v.arg);
		switch (v.op) {
		case SCMP_CMP_EQ:
			fputs(" == ", f);
			break;
		case SCMP_CMP_GE:
			fputs(" >= ", f);
			break;
		case SCMP_CMP_GT:
			fputs(" > ", f);
			break;
		case SCMP_CMP_MASKED_EQ:
			fprintf(f, " & 0x%.8x == ", v.mask);
			break;
		default:
			/* the trees hold no other operator */
			fputs(" ??? ", f);
			break;
		}
		fprintf(f, "%u)\n", v.datum);
		if (v.has_t) {
			pfc_indent(f, depth + 1);
			pfc_action(f, v.act_t);
		} else if (v.on_t) {
			pfc_level(f, bits64, v.on_t, depth + 1);
		}
		if (v.has_f || v.on_f) {
			pfc_indent(f, depth);
			fputs("else\n", f);
			if (v.has_f) {
				pfc_indent(f, depth + 1);
				pfc_action(f, v.act_f);
			} else {
				pfc_level(f, bits64, v.on_f, depth + 1);
			}
		}
		n = next;
	}
}

static void pfc_syscall(FILE *f, const struct compat_filter *flt,
			const struct lt_sys_view *s, unsigned depth)
{
	const char *name = compat_resolve_num(flt->arch, (int)s->nr);

	pfc_indent(f, depth);
	fprintf(f, "# filter for syscall \"%s\" (%u) [priority: %d]\n",
		name ? name : "UNKNOWN", s->nr, (int)s->priority);
	pfc_indent(f, depth);
	fprintf(f, "if ($syscall == %u)\n", s->nr);
	if (s->chains) {
		pfc_level(f, secbpf_arch_bits(flt->arch->arch) == 64, s->chains,
			  depth + 1);
	} else {
		pfc_indent(f, depth + 1);
		pfc_action(f, s->action);
	}
}

/* Highest priority first; of equal ones, the highest number. */
static int by_priority(const void *pa, const void *pb)
{
	const struct lt_sys_view *a = pa, *b = pb;

	if (a->priority != b->priority)
		return a->priority > b->priority ? -1 : 1;
	return a->nr > b->nr ? -1 : a->nr < b->nr;
}

static int by_number(const void *pa, const void *pb)
{
	const struct lt_sys_view *a = pa, *b = pb;

	return a->nr > b->nr ? -1 : a->nr < b->nr;
}

/* The binary tree's depth for "count" syscalls: 0 without one. */
static unsigned bintree_levels(uint32_t count, uint32_t optimize)
{
	unsigned levels = 0;

	if (optimize != 2 || !count)
		return 0;
	while ((PFC_PER_NODE << levels++) < count)
		;
	return levels;
}

static int pfc_arch(FILE *f, const struct compat_ctx *ctx,
		    const struct compat_filter *flt)
{
	size_t n = lt_db_count(flt->db), printed = 0;
	uint32_t audit = secbpf_arch_audit(flt->arch->arch);
	unsigned levels, depth = 1;
	struct lt_sys_view *e = NULL;

	if (n) {
		e = calloc(n, sizeof(*e));
		if (!e)
			return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		lt_db_entry(flt->db, i, &e[i]);
	if (n)
		qsort(e, n, sizeof(*e),
		      ctx->attr.optimize == 2 ? by_number : by_priority);
	levels = bintree_levels(lt_db_syscall_cnt(flt->db), ctx->attr.optimize);
	fprintf(f, "# filter for arch %s (%u)\n", flt->arch->name, audit);
	fprintf(f, "if ($arch == %u)\n", audit);
	for (size_t i = 0; i < n; i++) {
		if (!e[i].valid)
			continue;
		/* open the halves that start here, outermost first; an
		 * "if" names the first entry of its lower half, counted
		 * over every entry (hint-only ones too) */
		for (unsigned lvl = levels - 1; levels && lvl > 0; lvl--) {
			size_t span = (size_t)PFC_PER_NODE << lvl;

			if (printed % span == 0) {
				if (i + span / 2 >= n)
					continue; /* too few left to split */
				pfc_indent(f, depth);
				fprintf(f, "if ($syscall > %u)\n",
					e[i + span / 2].nr);
				depth++;
			} else if (printed % (span / 2) == 0) {
				pfc_indent(f, depth ? depth - 1 : 0);
				fprintf(f, "else # ($syscall <= %u)\n",
					e[i].nr);
			}
		}
		pfc_syscall(f, flt, &e[i], depth);
		printed++;
		/* close the halves that end here (libseccomp's count of
		 * syscalls can be short of those printed: never below 0) */
		for (unsigned lvl = 0; lvl < levels; lvl++)
			if (printed % ((size_t)PFC_PER_NODE * 2 << lvl) == 0 &&
			    depth)
				depth--;
	}
	pfc_indent(f, 1);
	fputs("# default action\n", f);
	pfc_indent(f, 1);
	pfc_action(f, ctx->attr.act_default);
	free(e);
	return 0;
}

COMPAT_API int seccomp_export_pfc(const scmp_filter_ctx c, int fd)
{
	const struct compat_ctx *ctx = c;
	FILE *f;
	int nfd, rc = 0;

	if (!compat_ctx_valid(ctx))
		return -EINVAL;
	/* the caller's fd stays open: write through a copy */
	nfd = dup(fd);
	if (nfd < 0)
		rc = -errno;
	else if (!(f = fdopen(nfd, "a"))) {
		rc = -errno;
		close(nfd);
	}
	if (rc)
		return ctx->attr.sysrawrc ? rc : -ECANCELED;
	fputs("#\n# pseudo filter code start\n#\n", f);
	for (size_t i = 0; i < ctx->nfilters && !rc; i++)
		rc = pfc_arch(f, ctx, &ctx->filters[i]);
	if (!rc) {
		fputs("# invalid architecture action\n", f);
		pfc_action(f, ctx->attr.act_badarch);
		fputs("#\n# pseudo filter code end\n#\n", f);
	}
	fflush(f);
	fclose(f);
	return compat_rc(rc);
}
