// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The kernel's checks on a seccomp filter, in the kernel's order:
 * bpf_check_classic (net/core/filter.c) then seccomp_check_filter
 * (kernel/seccomp.c).  Each failure names the instruction.
 */
#include <errno.h>

#include "prog.h"

/* The classic opcodes seccomp accepts (after seccomp_check_filter). */
static bool seccomp_allows(uint16_t code)
{
	switch (code) {
	case BPF_LD | BPF_W | BPF_ABS:
	case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_RET | BPF_K:
	case BPF_RET | BPF_A:
	case BPF_ALU | BPF_ADD | BPF_K:
	case BPF_ALU | BPF_ADD | BPF_X:
	case BPF_ALU | BPF_SUB | BPF_K:
	case BPF_ALU | BPF_SUB | BPF_X:
	case BPF_ALU | BPF_MUL | BPF_K:
	case BPF_ALU | BPF_MUL | BPF_X:
	case BPF_ALU | BPF_DIV | BPF_K:
	case BPF_ALU | BPF_DIV | BPF_X:
	case BPF_ALU | BPF_AND | BPF_K:
	case BPF_ALU | BPF_AND | BPF_X:
	case BPF_ALU | BPF_OR | BPF_K:
	case BPF_ALU | BPF_OR | BPF_X:
	case BPF_ALU | BPF_XOR | BPF_K:
	case BPF_ALU | BPF_XOR | BPF_X:
	case BPF_ALU | BPF_LSH | BPF_K:
	case BPF_ALU | BPF_LSH | BPF_X:
	case BPF_ALU | BPF_RSH | BPF_K:
	case BPF_ALU | BPF_RSH | BPF_X:
	case BPF_ALU | BPF_NEG:
	case BPF_LD | BPF_IMM:
	case BPF_LDX | BPF_IMM:
	case BPF_MISC | BPF_TAX:
	case BPF_MISC | BPF_TXA:
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX:
	case BPF_JMP | BPF_JA:
	case BPF_JMP | BPF_JEQ | BPF_K:
	case BPF_JMP | BPF_JEQ | BPF_X:
	case BPF_JMP | BPF_JGE | BPF_K:
	case BPF_JMP | BPF_JGE | BPF_X:
	case BPF_JMP | BPF_JGT | BPF_K:
	case BPF_JMP | BPF_JGT | BPF_X:
	case BPF_JMP | BPF_JSET | BPF_K:
	case BPF_JMP | BPF_JSET | BPF_X:
		return true;
	default:
		return false;
	}
}

static bool is_cond_jump(uint16_t code)
{
	return BPF_CLASS(code) == BPF_JMP && BPF_OP(code) != BPF_JA;
}

/* Every scratch cell read must be written on every path to the read
 * (the kernel's check_load_and_stores). */
static int check_scratch(const struct secbpf_prog *p, struct secbpf_error *err)
{
	uint16_t masks[SECBPF_MAX_INSNS];
	uint16_t valid = 0;

	for (size_t i = 0; i < p->len; i++)
		masks[i] = 0xffff;
	for (size_t i = 0; i < p->len; i++) {
		const struct secbpf_insn *in = &p->insn[i];

		valid &= masks[i];
		switch (in->code) {
		case BPF_ST:
		case BPF_STX:
			valid |= (uint16_t)(1U << in->k);
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
			if (!(valid & (1U << in->k)))
				return sb_err_insn(err, -EINVAL, (int)i,
						   "scratch cell M[%u] is read "
						   "before it is written",
						   in->k);
			break;
		case BPF_JMP | BPF_JA:
			masks[i + 1 + in->k] &= valid;
			valid = 0xffff;
			break;
		default:
			if (is_cond_jump(in->code)) {
				masks[i + 1 + in->jt] &= valid;
				masks[i + 1 + in->jf] &= valid;
				valid = 0xffff;
			}
			break;
		}
	}
	return 0;
}

int secbpf_prog_verify(const struct secbpf_prog *p, struct secbpf_error *err)
{
	if (!p)
		return sb_err(err, -EINVAL, "no program");
	if (p->len == 0)
		return sb_err(err, -EINVAL, "empty program");
	if (p->len > SECBPF_MAX_INSNS)
		return sb_err(err, -E2BIG,
			      "program has %zu instructions; the kernel takes "
			      "at most %d",
			      p->len, SECBPF_MAX_INSNS);
	for (size_t i = 0; i < p->len; i++) {
		const struct secbpf_insn *in = &p->insn[i];
		size_t left = p->len - i - 1; /* instructions after i */

		if (!seccomp_allows(in->code))
			return sb_err_insn(err, -EINVAL, (int)i,
					   "opcode 0x%04x is not allowed in a "
					   "seccomp filter",
					   in->code);
		switch (in->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (in->k >= SB_SECCOMP_DATA_LEN || (in->k & 3))
				return sb_err_insn(err, -EINVAL, (int)i,
						   "load at offset %u: not an "
						   "aligned word of struct "
						   "seccomp_data",
						   in->k);
			break;
		case BPF_ALU | BPF_DIV | BPF_K:
			if (!in->k)
				return sb_err_insn(err, -EINVAL, (int)i,
						   "division by zero");
			break;
		case BPF_ALU | BPF_LSH | BPF_K:
		case BPF_ALU | BPF_RSH | BPF_K:
			if (in->k >= 32)
				return sb_err_insn(err, -EINVAL, (int)i,
						   "shift by %u (at most 31)",
						   in->k);
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
		case BPF_ST:
		case BPF_STX:
			if (in->k >= 16)
				return sb_err_insn(err, -EINVAL, (int)i,
						   "scratch cell M[%u] does "
						   "not "
						   "exist (M[0]..M[15])",
						   in->k);
			break;
		case BPF_JMP | BPF_JA:
			if (in->k >= left)
				return sb_err_insn(err, -EINVAL, (int)i,
						   "jump by %u goes past the "
						   "end",
						   in->k);
			break;
		default:
			if (is_cond_jump(in->code) &&
			    (in->jt >= left || in->jf >= left))
				return sb_err_insn(err, -EINVAL, (int)i,
						   "conditional jump (+%u/+%u) "
						   "goes past the end",
						   in->jt, in->jf);
			break;
		}
	}
	if (BPF_CLASS(p->insn[p->len - 1].code) != BPF_RET)
		return sb_err_insn(err, -EINVAL, (int)p->len - 1,
				   "the last instruction is not a return");
	return check_scratch(p, err);
}
