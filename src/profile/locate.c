// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The raw JSON text, before and beside json-c.
 *
 * json-c builds the tree but keeps no positions, accepts a few things Go's
 * encoding/json refuses (leading zeros, NaN) and saturates integers that do
 * not fit in 64 bits.  This small scanner closes those gaps: it checks the
 * text with Go's grammar first, and later walks it along a JSON pointer to
 * find where a value starts, so that every error can say file:line:col.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

struct scanner {
	const char *p;
	size_t n;
	size_t i;
	unsigned max_depth;
	struct sb_json_scan *scan; /* NULL when only skipping */
	const char *why;
};

static void skip_ws(struct scanner *s)
{
	while (s->i < s->n && (s->p[s->i] == ' ' || s->p[s->i] == '\t' ||
			       s->p[s->i] == '\n' || s->p[s->i] == '\r'))
		s->i++;
}

static int fail(struct scanner *s, const char *why)
{
	s->why = why;
	return -EINVAL;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* At the opening quote; leaves s->i after the closing one. */
static int scan_string(struct scanner *s)
{
	s->i++;
	while (s->i < s->n) {
		unsigned char c = (unsigned char)s->p[s->i];

		if (c == '"') {
			s->i++;
			return 0;
		}
		if (c < 0x20)
			return fail(s, "control character in string");
		if (c != '\\') {
			s->i++;
			continue;
		}
		if (++s->i >= s->n)
			break;
		c = (unsigned char)s->p[s->i];
		if (c == 'u') {
			for (int k = 1; k <= 4; k++)
				if (s->i + k >= s->n || !is_hex(s->p[s->i + k]))
					return fail(s, "invalid \\u escape");
			s->i += 5;
		} else if (strchr("\"\\/bfnrt", c) && c) {
			s->i++;
		} else {
			return fail(s, "invalid escape in string");
		}
	}
	return fail(s, "unterminated string");
}

/* Is the integer token p[0..len) larger in magnitude than UINT64_MAX? */
static bool int_overflows(const char *p, size_t len)
{
	static const char max[] = "18446744073709551615";
	const size_t maxlen = sizeof(max) - 1;

	if (len && *p == '-') {
		p++;
		len--;
	}
	if (len != maxlen)
		return len > maxlen;
	return memcmp(p, max, maxlen) > 0;
}

static int add_span(struct scanner *s, size_t start, size_t len)
{
	struct sb_json_scan *sc = s->scan;

	if (sc->nspans == sc->cap) {
		size_t ncap = sc->cap ? sc->cap * 2 : 16;
		struct sb_json_span *n = realloc(sc->spans, ncap * sizeof(*n));

		if (!n) {
			sc->oom = true;
			return fail(s, "out of memory");
		}
		sc->spans = n;
		sc->cap = ncap;
	}
	sc->spans[sc->nspans].start = start;
	sc->spans[sc->nspans].len = len;
	sc->nspans++;
	return 0;
}

void sb_json_scan_free(struct sb_json_scan *scan)
{
	free(scan->spans);
	memset(scan, 0, sizeof(*scan));
}

static int scan_number(struct scanner *s)
{
	size_t start = s->i;
	bool integer = true;

	if (s->p[s->i] == '-')
		s->i++;
	if (s->i >= s->n || !is_digit(s->p[s->i]))
		return fail(s, "invalid number");
	if (s->p[s->i] == '0') {
		s->i++;
		if (s->i < s->n && is_digit(s->p[s->i]))
			return fail(s, "leading zero in number");
	} else {
		while (s->i < s->n && is_digit(s->p[s->i]))
			s->i++;
	}
	if (s->i < s->n && s->p[s->i] == '.') {
		integer = false;
		s->i++;
		if (s->i >= s->n || !is_digit(s->p[s->i]))
			return fail(s, "invalid number");
		while (s->i < s->n && is_digit(s->p[s->i]))
			s->i++;
	}
	if (s->i < s->n && (s->p[s->i] == 'e' || s->p[s->i] == 'E')) {
		integer = false;
		s->i++;
		if (s->i < s->n && (s->p[s->i] == '+' || s->p[s->i] == '-'))
			s->i++;
		if (s->i >= s->n || !is_digit(s->p[s->i]))
			return fail(s, "invalid number");
		while (s->i < s->n && is_digit(s->p[s->i]))
			s->i++;
	}
	if (integer && s->scan) {
		size_t len = s->i - start;

		if ((len == 2 && !memcmp(s->p + start, "-0", 2)) ||
		    int_overflows(s->p + start, len))
			return add_span(s, start, len);
	}
	return 0;
}

static int scan_literal(struct scanner *s, const char *word)
{
	size_t len = strlen(word);

	if (s->n - s->i < len || memcmp(s->p + s->i, word, len))
		return fail(s, "unexpected character");
	s->i += len;
	return 0;
}

static int scan_value(struct scanner *s, unsigned depth);

static int scan_container(struct scanner *s, unsigned depth, bool object)
{
	const char close = object ? '}' : ']';

	if (depth >= s->max_depth)
		return fail(s, "nesting too deep");
	s->i++;
	skip_ws(s);
	if (s->i < s->n && s->p[s->i] == close) {
		s->i++;
		return 0;
	}
	for (;;) {
		int rc;

		skip_ws(s);
		if (object) {
			if (s->i >= s->n)
				return fail(s, "unexpected end of input");
			if (s->p[s->i] != '"')
				return fail(s, "expected a string key");
			rc = scan_string(s);
			if (rc)
				return rc;
			skip_ws(s);
			if (s->i >= s->n || s->p[s->i] != ':')
				return fail(s, "expected ':'");
			s->i++;
		}
		rc = scan_value(s, depth + 1);
		if (rc)
			return rc;
		skip_ws(s);
		if (s->i >= s->n)
			return fail(s, "unexpected end of input");
		if (s->p[s->i] == close) {
			s->i++;
			return 0;
		}
		if (s->p[s->i] != ',')
			return fail(s, object ? "expected ',' or '}'"
					      : "expected ',' or ']'");
		s->i++;
	}
}

static int scan_value(struct scanner *s, unsigned depth)
{
	skip_ws(s);
	if (s->i >= s->n)
		return fail(s, "unexpected end of input");
	switch (s->p[s->i]) {
	case '{':
		return scan_container(s, depth, true);
	case '[':
		return scan_container(s, depth, false);
	case '"':
		return scan_string(s);
	case 't':
		return scan_literal(s, "true");
	case 'f':
		return scan_literal(s, "false");
	case 'n':
		return scan_literal(s, "null");
	case '\0':
		return fail(s, "NUL byte in input");
	default:
		if (s->p[s->i] == '-' || is_digit(s->p[s->i]))
			return scan_number(s);
		return fail(s, "unexpected character");
	}
}

int sb_json_check(const char *buf, size_t len, unsigned max_depth,
		  struct sb_json_scan *scan, size_t *bad, const char **why)
{
	struct scanner s = {
		.p = buf,
		.n = len,
		.max_depth = max_depth,
		.scan = scan,
	};
	int rc;

	rc = scan_value(&s, 0);
	if (!rc) {
		skip_ws(&s);
		if (s.i < s.n)
			rc = fail(&s, "unexpected data after the top-level "
				      "value");
	}
	if (rc) {
		*bad = s.i < len ? s.i : len;
		*why = s.why;
	}
	return rc;
}

/* Append the UTF-8 form of code point "cp" to out[*o..cap). */
static void put_utf8(char *out, size_t cap, size_t *o, unsigned cp)
{
	char b[4];
	size_t k = 0;

	if (cp < 0x80) {
		b[k++] = (char)cp;
	} else if (cp < 0x800) {
		b[k++] = (char)(0xc0 | (cp >> 6));
		b[k++] = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		b[k++] = (char)(0xe0 | (cp >> 12));
		b[k++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[k++] = (char)(0x80 | (cp & 0x3f));
	} else {
		b[k++] = (char)(0xf0 | (cp >> 18));
		b[k++] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[k++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[k++] = (char)(0x80 | (cp & 0x3f));
	}
	for (size_t j = 0; j < k; j++, (*o)++)
		if (*o < cap)
			out[*o] = b[j];
}

static unsigned hex4(const char *p)
{
	unsigned v = 0;

	for (int k = 0; k < 4; k++) {
		char c = p[k];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else
			v |= (unsigned)(c - 'A' + 10);
	}
	return v;
}

/*
 * Decode the (already checked) string whose opening quote is at p[0] into
 * out; returns the decoded length, which may exceed cap (then out holds a
 * prefix).  *end receives the offset just past the closing quote.
 */
static size_t decode_string(const char *p, size_t n, char *out, size_t cap,
			    size_t *end)
{
	size_t i = 1, o = 0;

	while (i < n && p[i] != '"') {
		if (p[i] != '\\') {
			if (o < cap)
				out[o] = p[i];
			o++;
			i++;
			continue;
		}
		i++;
		switch (p[i]) {
		case 'u': {
			unsigned cp = hex4(p + i + 1);

			i += 5;
			if (cp >= 0xd800 && cp < 0xdc00 && i + 6 <= n &&
			    p[i] == '\\' && p[i + 1] == 'u') {
				unsigned lo = hex4(p + i + 2);

				if (lo >= 0xdc00 && lo < 0xe000) {
					cp = 0x10000 + ((cp - 0xd800) << 10) +
					     (lo - 0xdc00);
					i += 6;
				}
			}
			if (cp >= 0xd800 && cp < 0xe000)
				cp = 0xfffd;
			put_utf8(out, cap, &o, cp);
			continue;
		}
		case 'b':
			put_utf8(out, cap, &o, '\b');
			break;
		case 'f':
			put_utf8(out, cap, &o, '\f');
			break;
		case 'n':
			put_utf8(out, cap, &o, '\n');
			break;
		case 'r':
			put_utf8(out, cap, &o, '\r');
			break;
		case 't':
			put_utf8(out, cap, &o, '\t');
			break;
		default:
			put_utf8(out, cap, &o, (unsigned char)p[i]);
			break;
		}
		i++;
	}
	*end = i + 1;
	return o;
}

/* Decode one pointer token (RFC 6901: ~1 is '/', ~0 is '~'). */
static size_t decode_token(const char *t, size_t len, char *out, size_t cap)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		char c = t[i];

		if (c == '~' && i + 1 < len &&
		    (t[i + 1] == '0' || t[i + 1] == '1')) {
			c = t[i + 1] == '0' ? '~' : '/';
			i++;
		}
		if (o < cap)
			out[o] = c;
		o++;
	}
	return o;
}

#define KEY_MAX 512

/* Step from the container at s->i into member "tok"; -ENOENT if absent. */
static int step(struct scanner *s, const char *tok, size_t toklen)
{
	char want[KEY_MAX], have[KEY_MAX];
	size_t wlen = decode_token(tok, toklen, want, sizeof(want));
	size_t found = (size_t)-1;

	skip_ws(s);
	if (s->i >= s->n)
		return -ENOENT;
	if (s->p[s->i] == '{') {
		s->i++;
		for (;;) {
			size_t hlen, end;

			skip_ws(s);
			if (s->i >= s->n || s->p[s->i] != '"')
				break;
			hlen = decode_string(s->p + s->i, s->n - s->i, have,
					     sizeof(have), &end);
			s->i += end;
			skip_ws(s);
			s->i++; /* ':' */
			skip_ws(s);
			/* the last of duplicate keys wins, as in json-c */
			if (hlen == wlen && wlen <= KEY_MAX &&
			    !memcmp(have, want, wlen))
				found = s->i;
			if (scan_value(s, 0))
				return -ENOENT;
			skip_ws(s);
			if (s->i >= s->n || s->p[s->i] != ',')
				break;
			s->i++;
		}
	} else if (s->p[s->i] == '[') {
		size_t index = 0, k = 0;

		if (!toklen || toklen > 9 || (toklen > 1 && tok[0] == '0'))
			return -ENOENT;
		for (size_t j = 0; j < toklen; j++) {
			if (!is_digit(tok[j]))
				return -ENOENT;
			index = index * 10 + (size_t)(tok[j] - '0');
		}
		s->i++;
		for (;; k++) {
			skip_ws(s);
			if (s->i >= s->n || s->p[s->i] == ']')
				break;
			if (k == index) {
				found = s->i;
				break;
			}
			if (scan_value(s, 0))
				return -ENOENT;
			skip_ws(s);
			if (s->i >= s->n || s->p[s->i] != ',')
				break;
			s->i++;
		}
	}
	if (found == (size_t)-1)
		return -ENOENT;
	s->i = found;
	return 0;
}

int sb_json_locate(const char *buf, size_t len, const char *ptr, size_t *off)
{
	/* the text was checked already: no depth limit needed to skip */
	struct scanner s = {.p = buf, .n = len, .max_depth = ~0U};

	if (!ptr)
		ptr = "";
	while (*ptr) {
		const char *tok, *next;
		int rc;

		if (*ptr != '/')
			return -ENOENT;
		tok = ptr + 1;
		next = strchr(tok, '/');
		if (!next)
			next = tok + strlen(tok);
		rc = step(&s, tok, (size_t)(next - tok));
		if (rc)
			return rc;
		ptr = next;
	}
	skip_ws(&s);
	*off = s.i;
	return 0;
}

void sb_json_linecol(const char *buf, size_t len, size_t off, unsigned *line,
		     unsigned *col)
{
	unsigned l = 1, c = 1;

	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			l++;
			c = 1;
		} else {
			/* bytes, as compilers count (docs/profile-format.md) */
			c++;
		}
	}
	*line = l;
	*col = c;
}

size_t sb_json_token_len(const char *buf, size_t len, size_t off)
{
	size_t i = off;

	while (i < len && (is_digit(buf[i]) || buf[i] == '-' || buf[i] == '+' ||
			   buf[i] == '.' || buf[i] == 'e' || buf[i] == 'E'))
		i++;
	return i - off;
}
