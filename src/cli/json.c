// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The one JSON writer of secbpf and bpfdump.  A document is built in
 * memory and written out whole by cli_json_finish, so that standard
 * output holds one complete document or, when a command fails half-way,
 * none (the error takes its place: see cli_json_messages in util.c).
 *
 * The layout is compact and fixed: ", " between members and elements,
 * ": " after a key, one document per line.  Strings are escaped as JSON
 * requires, control bytes as \u00XX, and so are the characters a terminal
 * would act on (C1 controls, bidirectional overrides); bytes that are not
 * UTF-8 become U+FFFD, so that any file name or message still makes valid
 * JSON.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_DEPTH 32

struct cli_json {
	FILE *out;
	char *buf;
	size_t len;
	unsigned depth;
	bool first[MAX_DEPTH]; /* no member yet at this depth */
	bool after_key;
	bool broken; /* nesting went wrong: a bug, reported at the end */
};

/*
 * The length of the UTF-8 sequence at "s" (1..4), or 0 if not one; *cp
 * its code point.
 */
static size_t utf8_len(const unsigned char *s, uint32_t *cp)
{
	size_t n;
	uint32_t c;

	*cp = s[0];
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, c = s[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates and past U+10FFFF are not UTF-8 */
	if ((n == 3 && c < 0x800) ||
	    (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* Characters a terminal acts on, or that make text lie about itself
 * (C1 controls, line separators, bidirectional overrides): escaped even
 * where JSON would let them through, as the text messages escape them. */
static bool unsafe(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

void cli_json_quote(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	while (*p) {
		uint32_t cp = 0;
		size_t n = utf8_len(p, &cp);

		if (*p == '"' || *p == '\\') {
			fputc('\\', f);
			fputc(*p++, f);
		} else if (*p == '\n') {
			fputs("\\n", f), p++;
		} else if (*p == '\t') {
			fputs("\\t", f), p++;
		} else if (*p < 0x20 || *p == 0x7f) {
			fprintf(f, "\\u%04x", *p++);
		} else if (!n) {
			fputs("\\ufffd", f), p++;
		} else if (unsafe(cp)) {
			fprintf(f, "\\u%04x", (unsigned)cp);
			p += n;
		} else {
			fwrite(p, 1, n, f);
			p += n;
		}
	}
	fputc('"', f);
}

struct cli_json *cli_json_new(void)
{
	struct cli_json *j = calloc(1, sizeof(*j));

	if (!j)
		return NULL;
	j->out = open_memstream(&j->buf, &j->len);
	if (!j->out) {
		free(j);
		return NULL;
	}
	j->first[0] = true;
	return j;
}

/* Before a value or a key: the separator its place needs. */
static void place(struct cli_json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (!j->first[j->depth])
		fputs(", ", j->out);
	j->first[j->depth] = false;
}

static void open_(struct cli_json *j, char c)
{
	place(j);
	fputc(c, j->out);
	if (j->depth + 1 >= MAX_DEPTH) {
		j->broken = true;
		return;
	}
	j->first[++j->depth] = true;
}

void cj_object(struct cli_json *j)
{
	open_(j, '{');
}

void cj_array(struct cli_json *j)
{
	open_(j, '[');
}

static void close_(struct cli_json *j, char c)
{
	if (!j->depth || j->after_key)
		j->broken = true;
	else
		j->depth--;
	fputc(c, j->out);
}

void cj_end_object(struct cli_json *j)
{
	close_(j, '}');
}

void cj_end_array(struct cli_json *j)
{
	close_(j, ']');
}

void cj_key(struct cli_json *j, const char *key)
{
	place(j);
	cli_json_quote(j->out, key);
	fputs(": ", j->out);
	j->after_key = true;
}

void cj_str(struct cli_json *j, const char *s)
{
	place(j);
	if (s)
		cli_json_quote(j->out, s);
	else
		fputs("null", j->out);
}

void cj_uint(struct cli_json *j, uint64_t v)
{
	place(j);
	fprintf(j->out, "%llu", (unsigned long long)v);
}

void cj_double(struct cli_json *j, double v, int decimals)
{
	place(j);
	fprintf(j->out, "%.*f", decimals, v);
}

void cj_bool(struct cli_json *j, bool v)
{
	place(j);
	fputs(v ? "true" : "false", j->out);
}

void cj_null(struct cli_json *j)
{
	place(j);
	fputs("null", j->out);
}

void cj_raw(struct cli_json *j, const char *json)
{
	size_t n = strlen(json);

	place(j);
	/* a document from elsewhere (secbpf_prog_write): its own newline
	 * would split ours */
	while (n && (json[n - 1] == '\n' || json[n - 1] == ' '))
		n--;
	fwrite(json, 1, n, j->out);
}

void cli_json_discard(struct cli_json *j)
{
	if (!j)
		return;
	fclose(j->out);
	free(j->buf);
	free(j);
}

int cli_json_finish(struct cli_json *j)
{
	bool bad;
	int rc;

	if (!j)
		return cli_error("out of memory");
	fputc('\n', j->out);
	bad = ferror(j->out) != 0;
	if (fclose(j->out))
		bad = true;
	j->out = NULL;
	if (bad || j->broken || j->depth) {
		free(j->buf);
		free(j);
		return cli_error(bad ? "out of memory"
				     : "internal error: "
				       "unbalanced JSON");
	}
	rc = cli_json_emit(j->buf, j->len);
	free(j->buf);
	free(j);
	return rc;
}
