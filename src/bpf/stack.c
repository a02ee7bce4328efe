// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Filters as a task holds them: which arches a program accepts, and how
 * the kernel combines a stack of filters (kernel/seccomp.c,
 * seccomp_run_filters).  bpfdump's --emulate and --summary, secbpf check
 * and the explorer (explore.c) all take these rules from here.
 */
#include <errno.h>
#include <string.h>

#include "explore.h"

/*
 * Whether "p" checks for arch "a": run it for that arch and see whether
 * the path compares the loaded arch word (offset 4) with a's AUDIT_ARCH
 * and takes the branch.  A constant that merely equals some AUDIT_ARCH
 * (an argument compared with 8 is not MIPS) does not count.
 */
static bool checks_arch(const struct secbpf_prog *p,
			const struct secbpf_arch *a)
{
	uint32_t path[SECBPF_MAX_INSNS];
	struct secbpf_run_result r = {.path = path,
				      .path_cap = SECBPF_MAX_INSNS};
	struct secbpf_data d = {.arch = a->audit};
	bool arch_in_a = false;

	if (secbpf_prog_run(p, &d, &r, NULL))
		return false;
	for (size_t i = 0; i < r.path_len; i++) {
		const struct secbpf_insn *x = &p->insn[path[i]];

		if (BPF_CLASS(x->code) == BPF_LD)
			arch_in_a = x->code == (BPF_LD | BPF_W | BPF_ABS) &&
				    x->k == 4;
		else if (BPF_CLASS(x->code) == BPF_ALU ||
			 BPF_CLASS(x->code) == BPF_MISC)
			arch_in_a = false;
		else if (arch_in_a && x->code == (BPF_JMP | BPF_JEQ | BPF_K) &&
			 x->k == d.arch && i + 1 < r.path_len &&
			 path[i + 1] == path[i] + 1 + x->jt)
			return true;
	}
	return false;
}

size_t secbpf_prog_arches(const struct secbpf_prog *prog,
			  const struct secbpf_arch **out, size_t max)
{
	size_t n = 0;

	if (!prog)
		return 0;
	for (size_t i = 0; i < secbpf_arch_count(); i++) {
		const struct secbpf_arch *a = secbpf_arch_at(i);

		/*
		 * One run per AUDIT_ARCH value: the arch that owns it (the
		 * first with it), then every ABI that shares it (x32 under
		 * x86_64's), since the filter sees them alike.
		 */
		if (secbpf_arch_by_audit(a->audit) != a ||
		    !checks_arch(prog, a))
			continue;
		for (size_t j = i; j < secbpf_arch_count(); j++) {
			const struct secbpf_arch *s = secbpf_arch_at(j);

			if (s->audit != a->audit)
				continue;
			if (out && n < max)
				out[n] = s;
			n++;
		}
	}
	return n;
}

bool sb_more_severe(uint32_t action, uint32_t than)
{
	return (int32_t)(action & SECBPF_RET_ACTION_FULL) <
	       (int32_t)(than & SECBPF_RET_ACTION_FULL);
}

int sb_stack_check(const struct secbpf_prog *const *progs, size_t n,
		   struct secbpf_error *err)
{
	size_t total = 0;

	if (!progs || !n)
		return sb_err(err, -EINVAL, "no filters");
	for (size_t i = 0; i < n; i++) {
		if (!progs[i])
			return sb_err(err, -EINVAL, "filter %zu is missing", i);
		total += progs[i]->len + 4;
		/* checked as it grows: "n" may be anything */
		if (total > SECBPF_MAX_STACK_INSNS)
			return sb_err(err, -E2BIG,
				      "the filters come to more than %d "
				      "instructions (4 more per filter), the "
				      "most a task can hold",
				      SECBPF_MAX_STACK_INSNS);
	}
	return 0;
}

int secbpf_stack_run(const struct secbpf_prog *const *progs, size_t n,
		     const struct secbpf_data *data,
		     struct secbpf_stack_result *res, struct secbpf_error *err)
{
	int rc;

	if (!data || !res)
		return sb_err(err, -EINVAL, "invalid arguments");
	rc = sb_stack_check(progs, n, err);
	if (rc)
		return rc;
	res->action = SECBPF_RET_ALLOW;
	res->count = 0;
	res->decided_by = n;
	/* the most recent first; a later one replaces it only when more
	 * severe, so that a tie goes to the more recent */
	for (size_t i = n; i-- > 0;) {
		struct secbpf_run_result r = {0};

		rc = secbpf_prog_run(progs[i], data, &r, err);
		if (rc)
			return rc;
		res->count += r.count;
		if (sb_more_severe(r.action, res->action)) {
			res->action = r.action;
			res->decided_by = i;
		}
	}
	return 0;
}
