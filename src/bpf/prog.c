// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * struct secbpf_prog and its serialisations.  Instructions are kept in
 * host order; the target's byte order matters only when bytes are read or
 * written (raw, base64, hex), since that is what the kernel of the target
 * (or bubblewrap, or crun's annotation) consumes.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "prog.h"

int sb_prog_alloc(size_t n, bool big_endian, struct secbpf_prog **out)
{
	struct secbpf_prog *p;

	p = calloc(1, sizeof(*p) + n * sizeof(p->insn[0]));
	if (!p)
		return -ENOMEM;
	p->len = n;
	p->big_endian = big_endian;
	*out = p;
	return 0;
}

static int check_len(size_t n, struct secbpf_error *err)
{
	if (n == 0)
		return sb_err(err, -EINVAL, "empty program");
	if (n > SECBPF_MAX_INSNS)
		return sb_err(err, -E2BIG,
			      "program has %zu instructions; the kernel takes "
			      "at most %d",
			      n, SECBPF_MAX_INSNS);
	return 0;
}

int secbpf_prog_new(const struct secbpf_insn *insns, size_t n, bool big_endian,
		    struct secbpf_prog **out, struct secbpf_error *err)
{
	struct secbpf_prog *p;
	int rc;

	if (!out || (!insns && n))
		return sb_err(err, -EINVAL, "invalid arguments");
	rc = check_len(n, err);
	if (rc)
		return rc;
	if (sb_prog_alloc(n, big_endian, &p))
		return sb_err(err, -ENOMEM, "out of memory");
	memcpy(p->insn, insns, n * sizeof(*insns));
	*out = p;
	return 0;
}

void secbpf_prog_free(struct secbpf_prog *prog)
{
	free(prog);
}

size_t secbpf_prog_len(const struct secbpf_prog *prog)
{
	return prog ? prog->len : 0;
}

const struct secbpf_insn *secbpf_prog_insns(const struct secbpf_prog *prog)
{
	return prog ? prog->insn : NULL;
}

bool secbpf_prog_big_endian(const struct secbpf_prog *prog)
{
	return prog && prog->big_endian;
}

/* ---- raw bytes in the target's order ---- */

static void put16(uint8_t *p, uint16_t v, bool be)
{
	p[be ? 0 : 1] = (uint8_t)(v >> 8);
	p[be ? 1 : 0] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v, bool be)
{
	for (int i = 0; i < 4; i++)
		p[be ? 3 - i : i] = (uint8_t)(v >> (8 * i));
}

static uint16_t get16(const uint8_t *p, bool be)
{
	return be ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

static uint32_t get32(const uint8_t *p, bool be)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++)
		v |= (uint32_t)p[be ? 3 - i : i] << (8 * i);
	return v;
}

static int from_raw(const uint8_t *b, size_t len, bool be,
		    struct secbpf_prog **out, struct secbpf_error *err)
{
	struct secbpf_prog *p;
	size_t n = len / 8;
	int rc;

	if (len % 8)
		return sb_err(err, -EINVAL,
			      "program is %zu bytes, not a whole number of "
			      "8-byte instructions",
			      len);
	rc = check_len(n, err);
	if (rc)
		return rc;
	if (sb_prog_alloc(n, be, &p))
		return sb_err(err, -ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++, b += 8) {
		p->insn[i].code = get16(b, be);
		p->insn[i].jt = b[2];
		p->insn[i].jf = b[3];
		p->insn[i].k = get32(b + 4, be);
	}
	*out = p;
	return 0;
}

static void to_raw(const struct secbpf_prog *p, uint8_t *b)
{
	for (size_t i = 0; i < p->len; i++, b += 8) {
		put16(b, p->insn[i].code, p->big_endian);
		b[2] = p->insn[i].jt;
		b[3] = p->insn[i].jf;
		put32(b + 4, p->insn[i].k, p->big_endian);
	}
}

/* ---- base64 (RFC 4648, with padding) and hex ---- */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			  "0123456789+/";

static int b64_value(int c)
{
	const char *p = c ? strchr(b64, c) : NULL;

	return p ? (int)(p - b64) : -1;
}

static bool is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Largest encoded input we accept: a 4096-instruction program and room
 * for whitespace. */
#define MAX_TEXT (1U << 20)

static int decode_base64(const char *s, size_t len, uint8_t **out,
			 size_t *outlen, struct secbpf_error *err)
{
	uint8_t *buf = malloc(len / 4 * 3 + 3);
	uint32_t acc = 0;
	size_t n = 0, bits = 0, pad = 0, pos = 0;

	if (!buf)
		return sb_err(err, -ENOMEM, "out of memory");
	for (size_t i = 0; i < len; i++) {
		int v;

		if (is_space((unsigned char)s[i]))
			continue;
		pos++;
		if (s[i] == '=') {
			pad++;
			continue;
		}
		v = b64_value((unsigned char)s[i]);
		if (v < 0 || pad) {
			free(buf);
			return sb_err(err, -EINVAL,
				      "invalid base64 at byte %zu ('%c')", i,
				      (s[i] >= 0x20 && s[i] < 0x7f) ? s[i]
								    : '?');
		}
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf[n++] = (uint8_t)(acc >> bits);
		}
	}
	if (pad > 2 || (pos % 4) != 0) {
		free(buf);
		return sb_err(err, -EINVAL,
			      "invalid base64: length is not a multiple of 4");
	}
	*out = buf;
	*outlen = n;
	return 0;
}

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int decode_hex(const char *s, size_t len, uint8_t **out, size_t *outlen,
		      struct secbpf_error *err)
{
	uint8_t *buf = malloc(len / 2 + 1);
	size_t n = 0;
	int hi = -1;

	if (!buf)
		return sb_err(err, -ENOMEM, "out of memory");
	for (size_t i = 0; i < len; i++) {
		int v;

		if (is_space((unsigned char)s[i]))
			continue;
		v = hex_value((unsigned char)s[i]);
		if (v < 0) {
			free(buf);
			return sb_err(err, -EINVAL,
				      "invalid hex digit at byte %zu", i);
		}
		if (hi < 0) {
			hi = v;
		} else {
			buf[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0) {
		free(buf);
		return sb_err(err, -EINVAL, "odd number of hex digits");
	}
	*out = buf;
	*outlen = n;
	return 0;
}

/*
 * JSON as secbpf_prog_write emits it (and as scripts write it by hand):
 * [{"code": N, "jt": N, "jf": N, "k": N}, ...], keys in any order, each
 * exactly once, plain unsigned decimals.  Nothing more of JSON is needed.
 */
struct jcur {
	const char *s;
	size_t len, pos;
};

static void jskip(struct jcur *c)
{
	while (c->pos < c->len && is_space((unsigned char)c->s[c->pos]))
		c->pos++;
}

static bool jeat(struct jcur *c, char ch)
{
	jskip(c);
	if (c->pos < c->len && c->s[c->pos] == ch) {
		c->pos++;
		return true;
	}
	return false;
}

static int jfail(const struct jcur *c, struct secbpf_error *err,
		 const char *what)
{
	return sb_err(err, -EINVAL, "invalid JSON program at byte %zu: %s",
		      c->pos, what);
}

/* One {"code":..,"jt":..,"jf":..,"k":..} object. */
static int json_insn(struct jcur *c, struct secbpf_insn *in,
		     struct secbpf_error *err)
{
	static const char *const keys[] = {"code", "jt", "jf", "k"};
	static const uint32_t max[] = {0xffff, 0xff, 0xff, 0xffffffffU};
	unsigned seen = 0;

	if (!jeat(c, '{'))
		return jfail(c, err, "expected '{'");
	do {
		size_t start, klen;
		uint64_t v = 0;
		int key = -1;

		if (!jeat(c, '"'))
			return jfail(c, err, "expected a key");
		start = c->pos;
		while (c->pos < c->len && c->s[c->pos] != '"')
			c->pos++;
		if (c->pos >= c->len)
			return jfail(c, err, "unterminated key");
		klen = c->pos - start;
		c->pos++;
		for (int i = 0; i < 4; i++)
			if (strlen(keys[i]) == klen &&
			    !memcmp(keys[i], c->s + start, klen))
				key = i;
		if (key < 0)
			return jfail(c, err, "unknown key (code, jt, jf, k)");
		if (seen & (1U << key))
			return jfail(c, err, "key given twice");
		seen |= 1U << key;
		if (!jeat(c, ':'))
			return jfail(c, err, "expected ':'");
		jskip(c);
		if (c->pos >= c->len || c->s[c->pos] < '0' ||
		    c->s[c->pos] > '9')
			return jfail(c, err, "expected an unsigned number");
		while (c->pos < c->len && c->s[c->pos] >= '0' &&
		       c->s[c->pos] <= '9') {
			v = v * 10 + (uint64_t)(c->s[c->pos++] - '0');
			if (v > max[key])
				return jfail(c, err, "number out of range");
		}
		switch (key) {
		case 0:
			in->code = (uint16_t)v;
			break;
		case 1:
			in->jt = (uint8_t)v;
			break;
		case 2:
			in->jf = (uint8_t)v;
			break;
		default:
			in->k = (uint32_t)v;
			break;
		}
	} while (jeat(c, ','));
	if (!jeat(c, '}'))
		return jfail(c, err, "expected ',' or '}'");
	if (seen != 15)
		return jfail(c, err, "an instruction needs code, jt, jf and k");
	return 0;
}

static int from_json(const char *s, size_t len, bool be,
		     struct secbpf_prog **out, struct secbpf_error *err)
{
	struct jcur c = {.s = s, .len = len};
	struct secbpf_insn *insns;
	struct secbpf_prog *p;
	size_t n = 0;
	int rc = 0;

	if (!jeat(&c, '['))
		return jfail(&c, err, "expected '['");
	if (jeat(&c, ']'))
		return check_len(0, err);
	/* one more than the limit, so that too long is told as such */
	insns = calloc(SECBPF_MAX_INSNS + 1, sizeof(*insns));
	if (!insns)
		return sb_err(err, -ENOMEM, "out of memory");
	do {
		if (n > SECBPF_MAX_INSNS) {
			rc = check_len(n + 1, err);
			goto out;
		}
		rc = json_insn(&c, &insns[n++], err);
		if (rc)
			goto out;
	} while (jeat(&c, ','));
	if (!jeat(&c, ']')) {
		rc = jfail(&c, err, "expected ',' or ']'");
		goto out;
	}
	jskip(&c);
	if (c.pos != c.len) {
		rc = jfail(&c, err, "text after the program");
		goto out;
	}
	rc = check_len(n, err);
	if (rc)
		goto out;
	rc = sb_prog_alloc(n, be, &p);
	if (rc) {
		rc = sb_err(err, -ENOMEM, "out of memory");
		goto out;
	}
	memcpy(p->insn, insns, n * sizeof(*insns));
	*out = p;
out:
	free(insns);
	return rc;
}

int secbpf_prog_read(const void *buf, size_t len, enum secbpf_format fmt,
		     bool big_endian, struct secbpf_prog **out,
		     struct secbpf_error *err)
{
	uint8_t *bytes = NULL;
	size_t n = 0;
	int rc;

	if (!out || (!buf && len))
		return sb_err(err, -EINVAL, "invalid arguments");
	switch (fmt) {
	case SECBPF_FORMAT_RAW:
		return from_raw(buf, len, big_endian, out, err);
	case SECBPF_FORMAT_BASE64:
	case SECBPF_FORMAT_HEX:
		if (len > MAX_TEXT)
			return sb_err(err, -E2BIG,
				      "input is larger than %u "
				      "bytes",
				      MAX_TEXT);
		rc = fmt == SECBPF_FORMAT_HEX
			     ? decode_hex(buf, len, &bytes, &n, err)
			     : decode_base64(buf, len, &bytes, &n, err);
		if (rc)
			return rc;
		rc = from_raw(bytes, n, big_endian, out, err);
		free(bytes);
		return rc;
	case SECBPF_FORMAT_JSON:
		if (len > MAX_TEXT * 4)
			return sb_err(err, -E2BIG,
				      "input is larger than %u bytes",
				      MAX_TEXT * 4);
		return from_json(buf, len, big_endian, out, err);
	default:
		return sb_err(err, -EOPNOTSUPP,
			      "programs can be read as raw, base64, hex or "
			      "JSON");
	}
}

/* ---- writing ---- */

struct sbuf {
	char *p;
	size_t len, cap;
	bool oom;
};

static void sb_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p ? b->p + b->len : NULL,
			      b->p ? b->cap - b->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->oom = true;
			return;
		}
		if (b->p && b->len + (size_t)n < b->cap) {
			b->len += (size_t)n;
			return;
		}
		size_t ncap = (b->cap ? b->cap : 256) * 2 + (size_t)n;
		char *np = realloc(b->p, ncap);

		if (!np) {
			b->oom = true;
			return;
		}
		b->p = np;
		b->cap = ncap;
	}
}

/*
 * An opcode as <linux/filter.h> spells it ("BPF_LD | BPF_W | BPF_ABS"), or
 * in hex when it holds bits those names do not cover.
 */
static void c_opcode(uint16_t code, char *buf, size_t len)
{
	static const char *const cls[] = {"BPF_LD",  "BPF_LDX", "BPF_ST",
					  "BPF_STX", "BPF_ALU", "BPF_JMP",
					  "BPF_RET", "BPF_MISC"};
	/* indexed by the field's value; NULL: no name (bits unused) */
	static const char *const size[4] = {"BPF_W", "BPF_H", "BPF_B"};
	static const char *const mode[8] = {"BPF_IMM", "BPF_ABS", "BPF_IND",
					    "BPF_MEM", "BPF_LEN", "BPF_MSH"};
	static const char *const alu[16] = {"BPF_ADD", "BPF_SUB", "BPF_MUL",
					    "BPF_DIV", "BPF_OR",  "BPF_AND",
					    "BPF_LSH", "BPF_RSH", "BPF_NEG",
					    "BPF_MOD", "BPF_XOR"};
	static const char *const jmp[16] = {"BPF_JA", "BPF_JEQ", "BPF_JGT",
					    "BPF_JGE", "BPF_JSET"};
	unsigned c = BPF_CLASS(code);
	const char *a = NULL, *b = NULL;
	uint16_t used = (uint16_t)c;

	switch (c) {
	case BPF_LD:
	case BPF_LDX:
		a = size[BPF_SIZE(code) >> 3];
		b = mode[BPF_MODE(code) >> 5];
		used |= (uint16_t)(BPF_SIZE(code) | BPF_MODE(code));
		break;
	case BPF_ALU:
	case BPF_JMP:
		a = (c == BPF_ALU ? alu : jmp)[BPF_OP(code) >> 4];
		used |= (uint16_t)BPF_OP(code);
		/* NEG and JA take no operand: leave the source out */
		if (!(c == BPF_ALU && BPF_OP(code) == BPF_NEG) &&
		    !(c == BPF_JMP && BPF_OP(code) == BPF_JA)) {
			b = BPF_SRC(code) == BPF_X ? "BPF_X" : "BPF_K";
			used |= (uint16_t)BPF_SRC(code);
		}
		break;
	case BPF_RET:
		a = BPF_RVAL(code) == BPF_K   ? "BPF_K"
		    : BPF_RVAL(code) == BPF_X ? "BPF_X"
		    : BPF_RVAL(code) == BPF_A ? "BPF_A"
					      : NULL;
		used |= (uint16_t)BPF_RVAL(code);
		break;
	case BPF_MISC:
		a = BPF_MISCOP(code) == BPF_TAX	  ? "BPF_TAX"
		    : BPF_MISCOP(code) == BPF_TXA ? "BPF_TXA"
						  : NULL;
		used |= (uint16_t)BPF_MISCOP(code);
		break;
	default: /* ST, STX: the class alone */
		a = "";
		break;
	}
	if (used != code || !a || (c <= BPF_LDX && !b)) {
		snprintf(buf, len, "0x%04x", code);
		return;
	}
	snprintf(buf, len, "%s%s%s%s%s", cls[c], *a ? " | " : "", a,
		 b ? " | " : "", b ? b : "");
}

/* The C format: BPF_STMT / BPF_JUMP lines, each with its disassembly. */
static void write_c(const struct secbpf_prog *prog, struct sbuf *b)
{
	char *text = NULL, *line;

	/* comments are a nicety: without memory for them, go without */
	if (secbpf_prog_disasm(prog, NULL, &text, NULL))
		text = NULL;
	line = text;
	sb_printf(b,
		  "/* seccomp filter, %zu instructions, %s-endian target */\n"
		  "#include <linux/filter.h>\n\n"
		  "static struct sock_filter filter[] = {\n",
		  prog->len, prog->big_endian ? "big" : "little");
	for (size_t i = 0; i < prog->len; i++) {
		const struct secbpf_insn *in = &prog->insn[i];
		bool cond = BPF_CLASS(in->code) == BPF_JMP &&
			    BPF_OP(in->code) != BPF_JA;
		char op[64], *end = line ? strchr(line, '\n') : NULL;

		c_opcode(in->code, op, sizeof(op));
		if (cond)
			sb_printf(b, "\tBPF_JUMP(%s, 0x%x, %u, %u),", op, in->k,
				  in->jt, in->jf);
		else
			sb_printf(b, "\tBPF_STMT(%s, 0x%x),", op, in->k);
		if (end) {
			while (*line == ' ')
				line++;
			/* one space for runs of them: the columns are the
			 * disassembler's, not this file's */
			char cmt[160];
			size_t n = 0;

			for (const char *q = line;
			     q < end && n + 1 < sizeof(cmt); q++)
				if (*q != ' ' || q[1] != ' ')
					cmt[n++] = *q;
			cmt[n] = '\0';
			sb_printf(b, " /* %s */", cmt);
			line = end + 1;
		}
		sb_printf(b, "\n");
	}
	sb_printf(b,
		  "};\n\nstatic const struct sock_fprog prog = {\n"
		  "\t.len = %zu,\n\t.filter = filter,\n};\n",
		  prog->len);
	free(text);
}

int secbpf_prog_write(const struct secbpf_prog *prog, enum secbpf_format fmt,
		      char **out, size_t *len, struct secbpf_error *err)
{
	struct sbuf b = {0};
	uint8_t *raw;
	size_t rawlen;

	if (!prog || !out)
		return sb_err(err, -EINVAL, "invalid arguments");
	rawlen = prog->len * 8;
	raw = malloc(rawlen + 1);
	if (!raw)
		return sb_err(err, -ENOMEM, "out of memory");
	to_raw(prog, raw);
	switch (fmt) {
	case SECBPF_FORMAT_RAW:
		*out = (char *)raw;
		if (len)
			*len = rawlen;
		return 0;
	case SECBPF_FORMAT_BASE64:
		for (size_t i = 0; i < rawlen; i += 3) {
			uint32_t v = (uint32_t)raw[i] << 16;
			size_t left = rawlen - i;

			if (left > 1)
				v |= (uint32_t)raw[i + 1] << 8;
			if (left > 2)
				v |= raw[i + 2];
			sb_printf(&b, "%c%c%c%c", b64[v >> 18 & 63],
				  b64[v >> 12 & 63],
				  left > 1 ? b64[v >> 6 & 63] : '=',
				  left > 2 ? b64[v & 63] : '=');
		}
		sb_printf(&b, "\n");
		break;
	case SECBPF_FORMAT_HEX:
		for (size_t i = 0; i < rawlen; i++)
			sb_printf(&b, "%02x%s", raw[i],
				  (i % 8 == 7) ? "\n" : "");
		break;
	case SECBPF_FORMAT_C:
		write_c(prog, &b);
		break;
	case SECBPF_FORMAT_JSON:
		sb_printf(&b, "[");
		for (size_t i = 0; i < prog->len; i++)
			sb_printf(&b,
				  "%s\n  {\"code\": %u, \"jt\": %u, \"jf\": "
				  "%u, "
				  "\"k\": %u}",
				  i ? "," : "", prog->insn[i].code,
				  prog->insn[i].jt, prog->insn[i].jf,
				  prog->insn[i].k);
		sb_printf(&b, "\n]\n");
		break;
	default:
		free(raw);
		return sb_err(err, -EINVAL, "unknown output format %d", fmt);
	}
	free(raw);
	if (b.oom) {
		free(b.p);
		return sb_err(err, -ENOMEM, "out of memory");
	}
	*out = b.p;
	if (len)
		*len = b.len;
	return 0;
}
