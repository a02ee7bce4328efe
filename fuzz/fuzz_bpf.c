// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer target: the program readers (raw in both byte orders, base64,
 * hex, JSON), the writers (every format, and reading back what was written
 * must give the same program), the verifier, the disassembler, and, for
 * programs the verifier accepts, the interpreter, the cache emulation and
 * the analysis (summary and diff, on a small budget).
 * The first input byte picks the reader, the byte order and the arch the
 * disassembler falls back to; the rest is the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "secbpf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Written, then read back: the same instructions, or a bug. */
static void roundtrip(const struct secbpf_prog *p, enum secbpf_format fmt)
{
	struct secbpf_prog *q = NULL;
	struct secbpf_error err;
	char *text = NULL;
	size_t len = 0;

	if (secbpf_prog_write(p, fmt, &text, &len, &err))
		return;
	if (fmt != SECBPF_FORMAT_C) {
		if (secbpf_prog_read(text, len, fmt, secbpf_prog_big_endian(p),
				     &q, &err) ||
		    secbpf_prog_len(q) != secbpf_prog_len(p) ||
		    memcmp(secbpf_prog_insns(q), secbpf_prog_insns(p),
			   secbpf_prog_len(p) * sizeof(struct secbpf_insn)))
			__builtin_trap();
		secbpf_prog_free(q);
	}
	free(text);
}

/* The analysis on a small budget: it must end, and a program never
 * differs from itself. */
static void analyse(const struct secbpf_prog *p)
{
	struct secbpf_analysis_opts ao = {.sz = sizeof(ao), .budget = 20000};
	const struct secbpf_prog *const stack[2] = {p, p};
	struct secbpf_summary *s;
	struct secbpf_diff *d;

	if (secbpf_summarize(stack, 2, &ao, &s, NULL) == 0)
		secbpf_summary_free(s);
	if (secbpf_prog_diff(p, p, &ao, &d, NULL) == 0) {
		if (d->total)
			__builtin_trap();
		secbpf_diff_free(d);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum secbpf_format fmts[] = {SECBPF_FORMAT_RAW,
						  SECBPF_FORMAT_BASE64,
						  SECBPF_FORMAT_HEX,
						  SECBPF_FORMAT_JSON};
	struct secbpf_disasm_opts opts = {.sz = sizeof(opts)};
	struct secbpf_prog *p = NULL;
	struct secbpf_error err;
	char *text = NULL;

	if (size < 1)
		return 0;
	if (secbpf_prog_read(data + 1, size - 1, fmts[data[0] & 3], data[0] & 4,
			     &p, &err))
		return 0;
	if (secbpf_arch_count())
		opts.arch =
			secbpf_arch_at((data[0] >> 3) % secbpf_arch_count());
	opts.no_symbols = data[0] & 0x80;
	if (secbpf_prog_disasm(p, &opts, &text, &err) == 0)
		free(text);
	if (secbpf_prog_verify(p, &err) == 0) {
		struct secbpf_data d = {.arch = 0xc000003e};
		uint32_t path[64];
		struct secbpf_run_result r = {.path = path, .path_cap = 64};

		for (uint32_t nr = 0; nr < 8; nr++) {
			d.nr = nr;
			d.args[nr % 6] = ~(uint64_t)nr;
			/* a verified program always ends in a RET */
			if (secbpf_prog_run(p, &d, &r, &err))
				__builtin_trap();
			secbpf_prog_cacheable(p, d.arch, nr);
		}
		analyse(p);
	}
	for (size_t f = 0; f <= SECBPF_FORMAT_JSON; f++)
		roundtrip(p, (enum secbpf_format)f);
	secbpf_prog_free(p);
	return 0;
}
