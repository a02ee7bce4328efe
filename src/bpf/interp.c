// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Running a program on one syscall, as the kernel would, and the kernel's
 * action-cache emulation (kernel/seccomp.c: seccomp_is_const_allow).
 */
#include <errno.h>
#include <string.h>

#include "prog.h"

/* struct seccomp_data as the target lays it out, read back as words. */
static uint32_t data_word(const struct secbpf_data *d, uint32_t off, bool be)
{
	uint64_t v;

	switch (off) {
	case SB_OFF_NR:
		return d->nr;
	case SB_OFF_ARCH:
		return d->arch;
	}
	v = off < SB_OFF_ARGS ? d->instruction_pointer
			      : d->args[(off - SB_OFF_ARGS) / 8];
	/* the 64-bit field's first word is its low half on little-endian */
	if ((off % 8 == 0) != be)
		return (uint32_t)v;
	return (uint32_t)(v >> 32);
}

int secbpf_prog_run(const struct secbpf_prog *p, const struct secbpf_data *d,
		    struct secbpf_run_result *res, struct secbpf_error *err)
{
	uint32_t A = 0, X = 0, M[16] = {0};
	size_t pc = 0, last = 0;

	if (!p || !d || !res)
		return sb_err(err, -EINVAL, "invalid arguments");
	res->count = 0;
	res->path_len = 0;
	while (pc < p->len) {
		const struct secbpf_insn *in = &p->insn[pc];
		uint32_t src = BPF_SRC(in->code) == BPF_X ? X : in->k;

		if (res->path && res->path_len < res->path_cap)
			res->path[res->path_len++] = (uint32_t)pc;
		res->count++;
		last = pc;
		switch (in->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (in->k >= SB_SECCOMP_DATA_LEN || (in->k & 3))
				goto bad;
			A = data_word(d, in->k, p->big_endian);
			break;
		case BPF_LD | BPF_W | BPF_LEN:
			A = SB_SECCOMP_DATA_LEN;
			break;
		case BPF_LDX | BPF_W | BPF_LEN:
			X = SB_SECCOMP_DATA_LEN;
			break;
		case BPF_LD | BPF_IMM:
			A = in->k;
			break;
		case BPF_LDX | BPF_IMM:
			X = in->k;
			break;
		case BPF_LD | BPF_MEM:
			A = M[in->k & 15];
			break;
		case BPF_LDX | BPF_MEM:
			X = M[in->k & 15];
			break;
		case BPF_ST:
			M[in->k & 15] = A;
			break;
		case BPF_STX:
			M[in->k & 15] = X;
			break;
		case BPF_MISC | BPF_TAX:
			X = A;
			break;
		case BPF_MISC | BPF_TXA:
			A = X;
			break;
		case BPF_ALU | BPF_NEG:
			A = 0U - A;
			break;
		case BPF_ALU | BPF_ADD | BPF_K:
		case BPF_ALU | BPF_ADD | BPF_X:
			A += src;
			break;
		case BPF_ALU | BPF_SUB | BPF_K:
		case BPF_ALU | BPF_SUB | BPF_X:
			A -= src;
			break;
		case BPF_ALU | BPF_MUL | BPF_K:
		case BPF_ALU | BPF_MUL | BPF_X:
			A *= src;
			break;
		case BPF_ALU | BPF_DIV | BPF_K:
		case BPF_ALU | BPF_DIV | BPF_X:
			/* the kernel ends a classic filter that divides by
			 * zero with return value 0 */
			if (!src) {
				res->action = 0;
				return 0;
			}
			A /= src;
			break;
		case BPF_ALU | BPF_AND | BPF_K:
		case BPF_ALU | BPF_AND | BPF_X:
			A &= src;
			break;
		case BPF_ALU | BPF_OR | BPF_K:
		case BPF_ALU | BPF_OR | BPF_X:
			A |= src;
			break;
		case BPF_ALU | BPF_XOR | BPF_K:
		case BPF_ALU | BPF_XOR | BPF_X:
			A ^= src;
			break;
		case BPF_ALU | BPF_LSH | BPF_K:
		case BPF_ALU | BPF_LSH | BPF_X:
			A <<= src & 31;
			break;
		case BPF_ALU | BPF_RSH | BPF_K:
		case BPF_ALU | BPF_RSH | BPF_X:
			A >>= src & 31;
			break;
		case BPF_JMP | BPF_JA:
			pc += in->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
		case BPF_JMP | BPF_JEQ | BPF_X:
			pc += A == src ? in->jt : in->jf;
			break;
		case BPF_JMP | BPF_JGT | BPF_K:
		case BPF_JMP | BPF_JGT | BPF_X:
			pc += A > src ? in->jt : in->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
		case BPF_JMP | BPF_JGE | BPF_X:
			pc += A >= src ? in->jt : in->jf;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
		case BPF_JMP | BPF_JSET | BPF_X:
			pc += (A & src) ? in->jt : in->jf;
			break;
		case BPF_RET | BPF_K:
			res->action = in->k;
			return 0;
		case BPF_RET | BPF_A:
			res->action = A;
			return 0;
		default:
			goto bad;
		}
		pc++;
	}
	/* only an unverified program gets here; name the instruction that
	 * left it, not where it landed */
	return sb_err_insn(err, -EINVAL, (int)last,
			   "ran off the end of the program");
bad:
	return sb_err_insn(err, -EINVAL, (int)pc,
			   "instruction 0x%04x cannot run in a seccomp filter "
			   "(verify the program first)",
			   p->insn[pc].code);
}

bool secbpf_prog_cacheable(const struct secbpf_prog *p, uint32_t audit,
			   uint32_t nr)
{
	uint32_t reg = 0;

	/*
	 * Which (audit, nr) pairs the kernel asks about at all:
	 * seccomp_cache_prepare_bitmap fills one bitmap for the native arch
	 * and one for the compat arch (where there is one), each for numbers
	 * 0..NR_syscalls-1 of that arch only, and a task's bitmap is the AND
	 * over its stacked filters.  x32 calls come in under x86_64's
	 * AUDIT_ARCH with bit 30 set, beyond the native bitmap, so they
	 * always run the filter; so do numbers past the table, and every
	 * call on MIPS, which has no cache (secbpf_arch_cacheable).
	 */
	if (!p || !secbpf_arch_cacheable(secbpf_arch_by_audit(audit), nr))
		return false;
	/*
	 * Only loads of nr and arch, JA, K-jumps, AND K and RET K may be on
	 * the path; the answer is yes only for RET ALLOW exactly.  Like the
	 * kernel, this reads the filter as it was given (the kernel keeps
	 * the original for this and for PTRACE_SECCOMP_GET_FILTER).
	 */
	for (size_t pc = 0; pc < p->len; pc++) {
		const struct secbpf_insn *in = &p->insn[pc];
		bool taken;

		switch (in->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (in->k == 0)
				reg = nr;
			else if (in->k == 4)
				reg = audit;
			else
				return false;
			break;
		case BPF_RET | BPF_K:
			return in->k == SECBPF_RET_ALLOW;
		case BPF_JMP | BPF_JA:
			pc += in->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
		case BPF_JMP | BPF_JGE | BPF_K:
		case BPF_JMP | BPF_JGT | BPF_K:
		case BPF_JMP | BPF_JSET | BPF_K:
			switch (BPF_OP(in->code)) {
			case BPF_JEQ:
				taken = reg == in->k;
				break;
			case BPF_JGE:
				taken = reg >= in->k;
				break;
			case BPF_JGT:
				taken = reg > in->k;
				break;
			default:
				taken = (reg & in->k) != 0;
				break;
			}
			pc += taken ? in->jt : in->jf;
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			reg &= in->k;
			break;
		default:
			return false;
		}
	}
	return false;
}
