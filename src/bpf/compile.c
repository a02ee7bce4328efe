// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The compiler's driver: IR (struct secbpf_policy) to one classic BPF
 * program.  It checks the options and the IR, groups the arches by
 * AUDIT_ARCH value, has each group's number ranges built, and emits the
 * program's head; the parts live in compile_*.c (see codegen.h).
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
 */
#include <errno.h>
#include <string.h>

#include "codegen.h"

/* Copy the caller's options (of any known size); 0 or -EINVAL. */
static int read_opts(const struct secbpf_compile_opts *opts,
		     struct secbpf_compile_opts *o, struct secbpf_error *err)
{
	int rc = SB_OPTS_COPY(opts, o, secbpf_compile_opts, err);

	if (rc)
		return rc;
	if (o->layout != SECBPF_LAYOUT_BALANCED &&
	    o->layout != SECBPF_LAYOUT_WEIGHTED)
		return sb_err(err, -EINVAL, "unknown layout %d",
			      (int)o->layout);
	/* no table is built in: the weights are the workload's */
	if (o->layout == SECBPF_LAYOUT_WEIGHTED &&
	    (!o->freq_names || !o->freq_weights))
		return sb_err(err, -EINVAL,
			      "the weighted layout needs a frequency table "
			      "(freq_names, freq_weights)");
	/* sorted and searched per syscall of each table: keep it bounded */
	if (o->nfreq > 65536)
		return sb_err(err, -EINVAL,
			      "frequency table too large: %zu entries (at most "
			      "65536)",
			      o->nfreq);
	return 0;
}

/* Actions that let the syscall run. */
static bool allowish(uint32_t action)
{
	uint32_t a = action & SECBPF_RET_ACTION_FULL;

	return a == SECBPF_RET_ALLOW || a == SECBPF_RET_LOG ||
	       a == (SECBPF_RET_TRACE(0) & SECBPF_RET_ACTION_FULL);
}

/* One block per AUDIT_ARCH value, in the policy's arch order. */
static int group_arches(const struct secbpf_policy *p,
			struct arch_block *blocks, size_t *nb,
			struct secbpf_error *err)
{
	for (size_t i = 0; i < p->narch; i++) {
		const struct sb_ir_arch *ia = &p->arch[i];
		size_t k;

		for (k = 0; k < *nb; k++)
			if (blocks[k].audit == ia->arch->audit)
				break;
		if (k == *nb)
			blocks[(*nb)++].audit = ia->arch->audit;
		if (blocks[k].nia == 2)
			return sb_err(err, -EINVAL,
				      "three architectures share audit value "
				      "0x%08x",
				      ia->arch->audit);
		blocks[k].ia[blocks[k].nia++] = ia;
	}
	return 0;
}

/*
 * The program's head, emitted backwards after the blocks' trees: the
 * bad-arch return, then for each block its tree (entered with nr in A)
 * and the arch test that leads there, then the load of the arch.
 */
static int emit_arch_dispatch(struct compile_ctx *cx, struct arch_block *blocks,
			      size_t nb)
{
	struct emitter *e = cx->e;
	struct astate as = {SB_OFF_ARCH, UINT32_MAX};
	struct label next = plain_label(sb_emit_ret(e, cx->p->badarch_action));

	for (size_t k = nb; k-- > 0 && !sb_emit_error(e);) {
		struct label tree = sb_block_emit(cx, &blocks[k]);
		struct label entry;

		if (sb_emit_error(e))
			break;
		if (tree.ld_off == SB_OFF_NR)
			entry = tree;
		else
			entry = sb_emit_load(e, SB_OFF_NR, UINT32_MAX,
					     tree.pos);
		next = plain_label(sb_emit_jmp(e, as, BPF_JMP | BPF_JEQ | BPF_K,
					       blocks[k].audit, &entry, &next));
	}
	if (!sb_emit_error(e))
		sb_emit_load(e, SB_OFF_ARCH, UINT32_MAX, next.pos);
	return sb_emit_error(e);
}

/* Debug builds check every program they emit with the verifier. */
static int debug_verify(struct secbpf_prog **out, struct secbpf_error *err)
{
#ifdef SECBPF_DEBUG_VERIFY
	struct secbpf_error verr;
	int rc = secbpf_prog_verify(*out, &verr);

	if (rc) {
		rc = sb_err(err, rc,
			    "internal error: the compiled program fails "
			    "verification: %s",
			    verr.message);
		secbpf_prog_free(*out);
		*out = NULL;
	}
	return rc;
#else
	(void)out;
	(void)err;
	return 0;
#endif
}

int secbpf_compile(const struct secbpf_policy *policy,
		   const struct secbpf_compile_opts *opts,
		   struct secbpf_prog **out, struct secbpf_error *err)
{
	struct arch_block blocks[SB_MAX_ARCHES] = {0};
	struct secbpf_compile_opts o;
	struct compile_ctx cx = {.err = err, .p = policy, .opts = &o};
	size_t nb = 0;
	int rc;

	if (!policy || !out)
		return sb_err(err, -EINVAL, "no policy or output");
	*out = NULL;
	rc = read_opts(opts, &o, err);
	if (!rc)
		rc = sb_ir_validate(policy, err);
	if (!rc)
		rc = sb_emitter_new(policy->arch[0].arch->big_endian, err,
				    &cx.e);
	if (rc)
		return rc;
	/* as runc: the ENOSYS stub matters only when the default refuses */
	cx.enosys = o.enosys_newer && !allowish(policy->default_action);

	rc = group_arches(policy, blocks, &nb, err);
	for (size_t k = 0; k < nb && !rc; k++)
		rc = sb_block_build(&cx, &blocks[k]);
	if (!rc)
		rc = emit_arch_dispatch(&cx, blocks, nb);
	if (!rc)
		rc = sb_emit_finish(cx.e, out);
	if (!rc)
		rc = debug_verify(out, err);

	for (size_t k = 0; k < nb; k++)
		sb_block_free(&blocks[k]);
	sb_emitter_free(cx.e);
	return rc;
}
