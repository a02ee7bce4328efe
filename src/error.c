// SPDX-License-Identifier: LGPL-2.1-or-later
/* Filling struct secbpf_error (the library's only channel for messages),
 * and reading options structs the one way. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

void secbpf_error_clear(struct secbpf_error *err)
{
	if (!err)
		return;
	memset(err, 0, sizeof(*err));
	err->insn = -1;
}

static void copy_str(char *dst, size_t cap, const char *src)
{
	if (!src)
		src = "";
	snprintf(dst, cap, "%s", src);
}

static int fill(struct secbpf_error *err, int code, const char *file,
		unsigned line, unsigned col, const char *pointer, int insn,
		const char *fmt, va_list ap)
	__attribute__((format(printf, 8, 0)));

static int fill(struct secbpf_error *err, int code, const char *file,
		unsigned line, unsigned col, const char *pointer, int insn,
		const char *fmt, va_list ap)
{
	char body[sizeof(err->message)];
	size_t off = 0;

	if (!err)
		return code;
	secbpf_error_clear(err);
	err->code = code;
	err->line = line;
	err->column = col;
	err->insn = insn;
	copy_str(err->file, sizeof(err->file), file);
	copy_str(err->pointer, sizeof(err->pointer), pointer);
	vsnprintf(body, sizeof(body), fmt, ap);

	/* "file:line:col: pointer: message", leaving out what is unknown */
	if (file && *file) {
		off += snprintf(err->message + off, sizeof(err->message) - off,
				"%s", file);
		if (line)
			off += snprintf(err->message + off,
					sizeof(err->message) - off, ":%u:%u",
					line, col);
		off += snprintf(err->message + off, sizeof(err->message) - off,
				": ");
	}
	if (off < sizeof(err->message) && pointer && *pointer)
		off += snprintf(err->message + off, sizeof(err->message) - off,
				"%s: ", pointer);
	if (off < sizeof(err->message) && insn >= 0)
		off += snprintf(err->message + off, sizeof(err->message) - off,
				"insn %d: ", insn);
	if (off < sizeof(err->message))
		snprintf(err->message + off, sizeof(err->message) - off, "%s",
			 body);
	return code;
}

int sb_err(struct secbpf_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fill(err, code, NULL, 0, 0, NULL, -1, fmt, ap);
	va_end(ap);
	return code;
}

int sb_err_at(struct secbpf_error *err, int code, const char *file,
	      unsigned line, unsigned col, const char *pointer, const char *fmt,
	      ...)
{
	va_list ap;

	va_start(ap, fmt);
	fill(err, code, file, line, col, pointer, -1, fmt, ap);
	va_end(ap);
	return code;
}

int sb_err_insn(struct secbpf_error *err, int code, int insn, const char *fmt,
		...)
{
	va_list ap;

	va_start(ap, fmt);
	fill(err, code, NULL, 0, 0, NULL, insn, fmt, ap);
	va_end(ap);
	return code;
}

/* Larger than any options struct will grow: a bigger sz is garbage (an
 * uninitialised struct), not a newer header. */
#define OPTS_MAX_SZ 4096

int sb_opts_copy(const void *user, void *out, size_t size, const char *type,
		 struct secbpf_error *err)
{
	const unsigned char *bytes = user;
	size_t sz;

	memset(out, 0, size);
	if (user) {
		memcpy(&sz, user, sizeof(sz));
		if (sz < sizeof(size_t) || sz > OPTS_MAX_SZ)
			return sb_err(err, -EINVAL,
				      "'struct %s' has sz %zu: set it to the "
				      "struct's size (SECBPF_OPTS does)",
				      type, sz);
		for (size_t i = size; i < sz; i++)
			if (bytes[i])
				return sb_err(err, -EINVAL,
					      "'struct %s' has a non-zero byte "
					      "at offset %zu, past the %zu "
					      "bytes this library knows (an "
					      "option of a newer secbpf.h, or "
					      "padding left uninitialised: "
					      "declare it with SECBPF_OPTS)",
					      type, i, size);
		memcpy(out, user, sz < size ? sz : size);
	}
	memcpy(out, &size, sizeof(size));
	return 0;
}
