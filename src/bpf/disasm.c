// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Disassembler with symbolic decoding.  Jumps only go forward, so one pass
 * in program order sees every way into an instruction before the
 * instruction itself: each instruction gets the merge of what its
 * predecessors knew (what A holds, which arch the path has checked), and
 * that is enough to name arches, syscalls and argument words.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prog.h"

enum held { H_UNKNOWN = 0, H_NR, H_ARCH, H_IP, H_ARG };

struct state {
	bool reached;
	enum held a;	 /* what A holds */
	unsigned word;	 /* for H_ARG / H_IP: byte offset loaded */
	bool arch_known; /* every path here checked the same arch */
	uint32_t audit;
};

static void merge(struct state *dst, const struct state *src)
{
	if (!dst->reached) {
		*dst = *src;
		dst->reached = true;
		return;
	}
	if (dst->a != src->a || dst->word != src->word)
		dst->a = H_UNKNOWN;
	if (!src->arch_known || !dst->arch_known || dst->audit != src->audit)
		dst->arch_known = false;
}

struct out {
	char *p;
	size_t len, cap;
	bool oom;
};

static void put(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->oom)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || o->len + (size_t)n + 1 > o->cap) {
		size_t ncap =
			(o->cap ? o->cap * 2 : 4096) + (size_t)(n > 0 ? n : 0);
		char *np = n < 0 ? NULL : realloc(o->p, ncap);

		if (!np) {
			o->oom = true;
			return;
		}
		o->p = np;
		o->cap = ncap;
	}
	va_start(ap, fmt);
	vsnprintf(o->p + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	o->len += (size_t)n;
}

static const struct secbpf_arch *path_arch(const struct state *s,
					   const struct secbpf_disasm_opts *o)
{
	if (s->arch_known)
		return secbpf_arch_by_audit(s->audit);
	return o ? o->arch : NULL;
}

/* Name of syscall nr on the path's arch (x32 numbers under x86_64's
 * AUDIT_ARCH belong to x32). */
static const char *nr_name(const struct state *s,
			   const struct secbpf_disasm_opts *o, uint32_t nr)
{
	const struct secbpf_arch *a = path_arch(s, o);

	if (!a)
		return NULL;
	if ((nr & 0x40000000U) && !strcmp(a->name, "x86_64"))
		a = secbpf_arch_lookup("x32");
	return secbpf_syscall_name(a, nr);
}

static void describe_load(struct out *o, uint32_t k, bool be, char *buf,
			  size_t len)
{
	(void)o;
	if (k == SB_OFF_NR)
		snprintf(buf, len, "nr");
	else if (k == SB_OFF_ARCH)
		snprintf(buf, len, "arch");
	else if (k == SB_OFF_IP || k == SB_OFF_IP + 4)
		snprintf(buf, len, "instruction_pointer.%s",
			 ((k % 8 == 0) != be) ? "lo" : "hi");
	else if (k >= SB_OFF_ARGS && k < SB_SECCOMP_DATA_LEN)
		snprintf(buf, len, "args[%u].%s", (k - SB_OFF_ARGS) / 8,
			 ((k % 8 == 0) != be) ? "lo" : "hi");
	else
		snprintf(buf, len, "?");
}

static const char *jmp_name(uint16_t code)
{
	switch (BPF_OP(code)) {
	case BPF_JEQ:
		return "jeq";
	case BPF_JGT:
		return "jgt";
	case BPF_JGE:
		return "jge";
	case BPF_JSET:
		return "jset";
	default:
		return "j?";
	}
}

static const char *alu_name(uint16_t code)
{
	switch (BPF_OP(code)) {
	case BPF_ADD:
		return "add";
	case BPF_SUB:
		return "sub";
	case BPF_MUL:
		return "mul";
	case BPF_DIV:
		return "div";
	case BPF_AND:
		return "and";
	case BPF_OR:
		return "or";
	case BPF_XOR:
		return "xor";
	case BPF_LSH:
		return "lsh";
	case BPF_RSH:
		return "rsh";
	case BPF_MOD:
		return "mod";
	case BPF_NEG:
		return "neg";
	default:
		return "alu?";
	}
}

static void jump_comment(const struct state *s,
			 const struct secbpf_disasm_opts *opts, uint32_t k,
			 bool symbols, char *buf, size_t len)
{
	const struct secbpf_arch *a;
	const char *n;

	buf[0] = '\0';
	if (!symbols)
		return;
	if (s->a == H_ARCH && (a = secbpf_arch_by_audit(k)))
		snprintf(buf, len, "(%s)", a->name);
	else if (s->a == H_NR && (n = nr_name(s, opts, k)))
		snprintf(buf, len, "(%s)", n);
}

int secbpf_prog_disasm(const struct secbpf_prog *p,
		       const struct secbpf_disasm_opts *opts, char **text,
		       struct secbpf_error *err)
{
	struct secbpf_disasm_opts o = {0};
	struct state *st;
	struct out out = {0};
	bool symbols;

	if (!p || !text)
		return sb_err(err, -EINVAL, "invalid arguments");
	if (SB_OPTS_COPY(opts, &o, secbpf_disasm_opts, err))
		return -EINVAL;
	symbols = !o.no_symbols;
	st = calloc(p->len + 1, sizeof(*st));
	if (!st)
		return sb_err(err, -ENOMEM, "out of memory");
	st[0].reached = true;

	for (size_t i = 0; i < p->len; i++) {
		const struct secbpf_insn *in = &p->insn[i];
		struct state s = st[i], t, f;
		char what[48] = "", cmt[64] = "";
		size_t jt = i + 1 + in->jt, jf = i + 1 + in->jf;
		char act[32];

		put(&out, "%4zu: ", i);
		if (!s.reached)
			s.a = H_UNKNOWN; /* dead code: show it plainly */
		t = s;
		switch (BPF_CLASS(in->code)) {
		case BPF_LD:
		case BPF_LDX:
			if (in->code == (BPF_LD | BPF_W | BPF_ABS)) {
				describe_load(&out, in->k, p->big_endian, what,
					      sizeof(what));
				put(&out, "ld   [%u]%*s; %s\n", in->k,
				    in->k < 10 ? 20 : 19, "", what);
				t.a = in->k == SB_OFF_NR     ? H_NR
				      : in->k == SB_OFF_ARCH ? H_ARCH
				      : in->k < SB_OFF_ARGS  ? H_IP
							     : H_ARG;
				t.word = in->k;
			} else if (BPF_MODE(in->code) == BPF_IMM) {
				put(&out, "%s  #0x%x\n",
				    BPF_CLASS(in->code) == BPF_LD ? "ld "
								  : "ldx",
				    in->k);
				if (BPF_CLASS(in->code) == BPF_LD)
					t.a = H_UNKNOWN;
			} else if (BPF_MODE(in->code) == BPF_MEM) {
				put(&out, "%s  M[%u]\n",
				    BPF_CLASS(in->code) == BPF_LD ? "ld "
								  : "ldx",
				    in->k);
				if (BPF_CLASS(in->code) == BPF_LD)
					t.a = H_UNKNOWN;
			} else if (BPF_MODE(in->code) == BPF_LEN) {
				put(&out, "%s  #len\n",
				    BPF_CLASS(in->code) == BPF_LD ? "ld "
								  : "ldx");
				if (BPF_CLASS(in->code) == BPF_LD)
					t.a = H_UNKNOWN;
			} else {
				put(&out, ".word 0x%04x, %u, %u, 0x%08x\n",
				    in->code, in->jt, in->jf, in->k);
				t.a = H_UNKNOWN;
			}
			break;
		case BPF_ST:
		case BPF_STX:
			put(&out, "%s  M[%u]\n",
			    BPF_CLASS(in->code) == BPF_ST ? "st " : "stx",
			    in->k);
			break;
		case BPF_ALU:
			if (BPF_OP(in->code) == BPF_NEG)
				put(&out, "neg\n");
			else if (BPF_SRC(in->code) == BPF_X)
				put(&out, "%-4s x\n", alu_name(in->code));
			else
				put(&out, "%-4s #0x%x\n", alu_name(in->code),
				    in->k);
			/* AND keeps "nr" close enough for names to mislead:
			 * drop what A holds */
			t.a = H_UNKNOWN;
			break;
		case BPF_JMP:
			if (BPF_OP(in->code) == BPF_JA) {
				put(&out, "ja   %zu\n", i + 1 + in->k);
				merge(&st[i + 1 + in->k < p->len ? i + 1 + in->k
								 : p->len],
				      &s);
				continue;
			}
			if (BPF_SRC(in->code) == BPF_X) {
				put(&out, "%-4s x%*s-> %zu else %zu\n",
				    jmp_name(in->code), 26, "", jt, jf);
			} else {
				/* a name for equality only: "jge #400
				 * (name)" would read as a single call */
				jump_comment(&s, &o, in->k,
					     symbols && BPF_OP(in->code) ==
								BPF_JEQ,
					     cmt, sizeof(cmt));
				snprintf(what, sizeof(what), "#%s%x",
					 in->k > 9 ? "0x" : "", in->k);
				if (s.a == H_NR && in->k < 0x10000)
					snprintf(what, sizeof(what), "#%u",
						 in->k);
				put(&out, "%-4s %-11s %-14s -> %zu else %zu\n",
				    jmp_name(in->code), what, cmt, jt, jf);
			}
			f = s;
			if (s.a == H_ARCH && BPF_OP(in->code) == BPF_JEQ &&
			    BPF_SRC(in->code) == BPF_K) {
				t.arch_known = true;
				t.audit = in->k;
			}
			merge(&st[jt < p->len ? jt : p->len], &t);
			merge(&st[jf < p->len ? jf : p->len], &f);
			continue;
		case BPF_RET:
			if (BPF_RVAL(in->code) == BPF_A)
				put(&out, "ret  A\n");
			else if (symbols)
				put(&out, "ret  %s\n",
				    secbpf_action_str(in->k, act, sizeof(act)));
			else
				put(&out, "ret  #0x%08x\n", in->k);
			continue;
		case BPF_MISC:
			put(&out, "%s\n",
			    BPF_MISCOP(in->code) == BPF_TAX ? "tax" : "txa");
			if (BPF_MISCOP(in->code) == BPF_TXA)
				t.a = H_UNKNOWN;
			break;
		default:
			put(&out, ".word 0x%04x, %u, %u, 0x%08x\n", in->code,
			    in->jt, in->jf, in->k);
			break;
		}
		merge(&st[i + 1], &t);
	}
	free(st);
	if (out.oom) {
		free(out.p);
		return sb_err(err, -ENOMEM, "out of memory");
	}
	*text = out.p ? out.p : strdup("");
	return *text ? 0 : sb_err(err, -ENOMEM, "out of memory");
}
