// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer target: the program readers (raw in both byte orders, base64,
 * hex), the verifier, the disassembler, and, for programs the verifier
 * accepts, the interpreter and the cache emulation.  The first input byte
 * picks the reader; the rest is the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "secbpf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum secbpf_format fmts[] = {
		SECBPF_FORMAT_RAW, SECBPF_FORMAT_BASE64, SECBPF_FORMAT_HEX
	};
	struct secbpf_prog *p = NULL;
	struct secbpf_error err;
	char *text = NULL;

	if (size < 1)
		return 0;
	if (secbpf_prog_read(data + 1, size - 1, fmts[data[0] % 3],
			     data[0] & 4, &p, &err))
		return 0;
	secbpf_prog_disasm(p, NULL, &text, &err);
	free(text);
	if (secbpf_prog_verify(p, &err) == 0) {
		struct secbpf_data d = { .arch = 0xc000003e };
		struct secbpf_run_result r = { 0 };

		for (uint32_t nr = 0; nr < 8; nr++) {
			d.nr = nr;
			d.args[nr % 6] = ~(uint64_t)nr;
			secbpf_prog_run(p, &d, &r, &err);
			secbpf_prog_cacheable(p, d.arch, nr);
		}
		if (secbpf_prog_write(p, SECBPF_FORMAT_C, &text, NULL, &err) == 0)
			free(text);
	}
	secbpf_prog_free(p);
	return 0;
}
