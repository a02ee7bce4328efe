// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The raw JSON text, before and beside json-c.
 *
 * json-c builds the tree but keeps no positions, accepts a few things Go's
 * encoding/json refuses (leading zeros, NaN), saturates integers that do
 * not fit in 64 bits, keeps bytes that are not UTF-8 (Go reads U+FFFD), and
 * knows keys only as C strings, merging duplicates.  This small scanner
 * closes those gaps: it checks the text with Go's grammar and the keys of
 * the objects a profile is read from first, and later walks it along a
 * JSON pointer to find where a value starts, so that every error can say
 * file:line:col.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

/*
 * What an object or array is in a profile, so that the keys of the
 * objects we read can be checked as Go would match them to fields.
 */
enum role {
	ROLE_NONE, /* not read, or not a container we read */
	ROLE_TOP,  /* the root: a profile or a config.json */
	ROLE_PROFILE,
	ROLE_LINUX,
	ROLE_RULE,
	ROLE_ARG,
	ROLE_FILTER,
	ROLE_ARCHMAP_ENTRY,
	/* arrays of the above */
	ROLE_RULES,
	ROLE_ARGS,
	ROLE_ARCHMAP,
};

struct field {
	const char *name;
	size_t len;
	enum role child;
};

#define FIELD(name, child)                                                     \
	{                                                                      \
		name, sizeof(name) - 1, child                                  \
	}
#define LAST                                                                   \
	{                                                                      \
		NULL, 0, ROLE_NONE                                             \
	}

/*
 * The fields src/profile/parse.c reads, per object (keep the two in step;
 * tests/profile/test_parse.c repeats each one to prove it).  Names are
 * letters only (sb_json_key_is relies on it).
 */
static const struct field top_fields[] = {
	FIELD("linux", ROLE_LINUX), /* config.json; not a profile's field */
	FIELD("defaultAction", ROLE_NONE), FIELD("defaultErrnoRet", ROLE_NONE),
	FIELD("defaultErrno", ROLE_NONE),  FIELD("architectures", ROLE_NONE),
	FIELD("archMap", ROLE_ARCHMAP),	   FIELD("flags", ROLE_NONE),
	FIELD("listenerPath", ROLE_NONE),  FIELD("listenerMetadata", ROLE_NONE),
	FIELD("syscalls", ROLE_RULES),	   LAST,
};
static const struct field linux_fields[] = {
	FIELD("seccomp", ROLE_PROFILE),
	LAST,
};
static const struct field rule_fields[] = {
	FIELD("name", ROLE_NONE),	FIELD("names", ROLE_NONE),
	FIELD("action", ROLE_NONE),	FIELD("errnoRet", ROLE_NONE),
	FIELD("errno", ROLE_NONE),	FIELD("args", ROLE_ARGS),
	FIELD("comment", ROLE_NONE),	FIELD("includes", ROLE_FILTER),
	FIELD("excludes", ROLE_FILTER), LAST,
};
static const struct field arg_fields[] = {
	FIELD("index", ROLE_NONE),
	FIELD("value", ROLE_NONE),
	FIELD("valueTwo", ROLE_NONE),
	FIELD("op", ROLE_NONE),
	LAST,
};
static const struct field filter_fields[] = {
	FIELD("caps", ROLE_NONE),
	FIELD("arches", ROLE_NONE),
	FIELD("minKernel", ROLE_NONE),
	LAST,
};
static const struct field archmap_fields[] = {
	FIELD("architecture", ROLE_NONE),
	FIELD("subArchitectures", ROLE_NONE),
	LAST,
};

#undef FIELD
#undef LAST

static const struct field *object_fields(enum role role)
{
	switch (role) {
	case ROLE_TOP:
		return top_fields;
	case ROLE_PROFILE:
		return top_fields + 1;
	case ROLE_LINUX:
		return linux_fields;
	case ROLE_RULE:
		return rule_fields;
	case ROLE_ARG:
		return arg_fields;
	case ROLE_FILTER:
		return filter_fields;
	case ROLE_ARCHMAP_ENTRY:
		return archmap_fields;
	default:
		return NULL;
	}
}

static enum role element_role(enum role role)
{
	switch (role) {
	case ROLE_RULES:
		return ROLE_RULE;
	case ROLE_ARGS:
		return ROLE_ARG;
	case ROLE_ARCHMAP:
		return ROLE_ARCHMAP_ENTRY;
	default:
		return ROLE_NONE;
	}
}

/* Where the scan is in each enclosing container, to name the place of a
 * refused key with a JSON pointer. */
#define FRAMES 32

struct frame {
	bool object;
	size_t key;   /* object: offset of the current member's key */
	size_t index; /* array: index of the current element */
};

struct scanner {
	const char *p;
	size_t n;
	size_t i;
	unsigned max_depth;
	struct sb_json_scan *scan; /* NULL when only skipping */
	const char *why;
	/* the string scan_string() read last */
	bool str_escaped; /* holds a backslash escape */
	bool str_nul;	  /* holds \u0000 */
	bool str_high;	  /* holds bytes above 0x7f */
	struct frame frames[FRAMES];
};

/*
 * Byte classes, so that the loops that run once per byte of the text test
 * one table entry: W, JSON whitespace; S, a byte that ends a plain run of
 * a string (the quote, a backslash, a control character or a byte above
 * 0x7f).
 */
#define W 1
#define S 2
static const unsigned char byte_class[256] = {
	S, S, S, S, S, S, S, S, S, W | S, W | S, S, S, W | S, S, S, S, S, S, S,
	S, S, S, S, S, S, S, S, S, S,	  S,	 S, W, 0,     S, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	  0,	 0, 0, 0,     0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	  0,	 0, 0, 0,     0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	  0,	 0, S, 0,     0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	  0,	 0, 0, 0,     0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, S, S,	  S,	 S, S, S,     S, S, S, S, S, S,
	S, S, S, S, S, S, S, S, S, S,	  S,	 S, S, S,     S, S, S, S, S, S,
	S, S, S, S, S, S, S, S, S, S,	  S,	 S, S, S,     S, S, S, S, S, S,
	S, S, S, S, S, S, S, S, S, S,	  S,	 S, S, S,     S, S, S, S, S, S,
	S, S, S, S, S, S, S, S, S, S,	  S,	 S, S, S,     S, S, S, S, S, S,
	S, S, S, S, S, S, S, S, S, S,	  S,	 S, S, S,     S, S, S, S, S, S,
	S, S, S, S, S, S, S, S, S, S,	  S,	 S, S, S,     S, S,
};
#undef W
#undef S
#define IS_WS(c) (byte_class[(unsigned char)(c)] & 1)
#define ENDS_RUN(c) (byte_class[(unsigned char)(c)] & 2)

/* The loops keep the position in locals: a store to s->i inside them
 * would have to be redone before every read of the text (a char may
 * alias anything). */
static void skip_ws(struct scanner *s)
{
	const char *p = s->p;
	size_t n = s->n, i = s->i;

	while (i < n && IS_WS(p[i]))
		i++;
	s->i = i;
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

size_t sb_utf8_seq(const char *str, size_t n)
{
	const unsigned char *p = (const unsigned char *)str;
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len;

	if (!n)
		return 0;
	if (p[0] < 0x80)
		return 1;
	/* RFC 3629 as Go's utf8.DecodeRune: no overlong forms, no
	 * surrogates, nothing above U+10FFFF */
	if (p[0] < 0xc2 || p[0] > 0xf4)
		return 0;
	if (p[0] < 0xe0) {
		len = 2;
	} else if (p[0] < 0xf0) {
		len = 3;
		if (p[0] == 0xe0)
			lo = 0xa0;
		else if (p[0] == 0xed)
			hi = 0x9f;
	} else {
		len = 4;
		if (p[0] == 0xf0)
			lo = 0x90;
		else if (p[0] == 0xf4)
			hi = 0x8f;
	}
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t k = 2; k < len; k++)
		if (p[k] < 0x80 || p[k] > 0xbf)
			return 0;
	return len;
}

size_t sb_utf8_fix(char *dst, const char *src, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; i < n;) {
		size_t k = sb_utf8_seq(src + i, n - i);

		if (k) {
			memcpy(dst + o, src + i, k);
			o += k;
			i += k;
		} else {
			memcpy(dst + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		}
	}
	return o;
}

/*
 * At the opening quote; leaves s->i after the closing one.  The loop runs
 * once per byte of every string: plain runs go by one table test a byte,
 * and the position is handed back to s->i only on the way out.
 */
static int scan_string(struct scanner *s)
{
	const char *p = s->p;
	size_t n = s->n, i = s->i + 1;
	bool escaped = false, nul = false, high = false;

	for (;;) {
		unsigned char c;

		while (i < n && !ENDS_RUN(p[i]))
			i++;
		if (i >= n)
			break;
		c = (unsigned char)p[i];
		if (c == '"') {
			s->i = i + 1;
			s->str_escaped = escaped;
			s->str_nul = nul;
			s->str_high = high;
			return 0;
		}
		if (c != '\\') {
			/* a control character (refused) or UTF-8 */
			size_t k;

			if (c < 0x20) {
				s->i = i;
				return fail(s, "control character in string");
			}
			k = sb_utf8_seq(p + i, n - i);
			if (!k && s->scan)
				s->scan->bad_utf8++;
			high = true;
			i += k ? k : 1;
			continue;
		}
		escaped = true;
		if (++i >= n)
			break;
		c = (unsigned char)p[i];
		switch (c) {
		case 'u':
			for (int k = 1; k <= 4; k++) {
				if (i + k >= n || !is_hex(p[i + k])) {
					s->i = i;
					return fail(s, "invalid \\u escape");
				}
			}
			if (!memcmp(p + i + 1, "0000", 4))
				nul = true;
			i += 5;
			break;
		case '"':
		case '\\':
		case '/':
		case 'b':
		case 'f':
		case 'n':
		case 'r':
		case 't':
			i++;
			break;
		default:
			s->i = i;
			return fail(s, "invalid escape in string");
		}
	}
	s->i = i;
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
	const char *p = s->p;
	size_t n = s->n, start = s->i, i = s->i;
	bool integer = true;

	if (p[i] == '-')
		i++;
	if (i >= n || !is_digit(p[i]))
		goto invalid;
	if (p[i] == '0') {
		i++;
		if (i < n && is_digit(p[i])) {
			s->i = i;
			return fail(s, "leading zero in number");
		}
	} else {
		while (i < n && is_digit(p[i]))
			i++;
	}
	if (i < n && p[i] == '.') {
		integer = false;
		i++;
		if (i >= n || !is_digit(p[i]))
			goto invalid;
		while (i < n && is_digit(p[i]))
			i++;
	}
	if (i < n && (p[i] == 'e' || p[i] == 'E')) {
		integer = false;
		i++;
		if (i < n && (p[i] == '+' || p[i] == '-'))
			i++;
		if (i >= n || !is_digit(p[i]))
			goto invalid;
		while (i < n && is_digit(p[i]))
			i++;
	}
	s->i = i;
	if (integer && s->scan) {
		size_t len = i - start;

		if ((len == 2 && !memcmp(p + start, "-0", 2)) ||
		    int_overflows(p + start, len))
			return add_span(s, start, len);
	}
	return 0;
invalid:
	s->i = i;
	return fail(s, "invalid number");
}

static int scan_literal(struct scanner *s, const char *word)
{
	size_t len = strlen(word);

	if (s->n - s->i < len || memcmp(s->p + s->i, word, len))
		return fail(s, "unexpected character");
	s->i += len;
	return 0;
}

static int scan_value(struct scanner *s, unsigned depth, enum role role);
static size_t decode_string(const char *p, size_t n, char *out, size_t cap,
			    size_t *end);

bool sb_json_key_is(const char *key, size_t len, const char *field)
{
	const unsigned char *k = (const unsigned char *)key, *end = k + len;

	for (; *field; field++) {
		/* fields are letters only: one bit makes the case */
		unsigned char f = (unsigned char)*field | 0x20;

		if (k < end && *k < 0x80) {
			if ((*k | 0x20) != f)
				return false;
			k++;
		} else if (f == 's' && end - k >= 2 && k[0] == 0xc5 &&
			   k[1] == 0xbf) {
			k += 2; /* U+017F LATIN SMALL LETTER LONG S */
		} else if (f == 'k' && end - k >= 3 && k[0] == 0xe2 &&
			   k[1] == 0x84 && k[2] == 0xaa) {
			k += 3; /* U+212A KELVIN SIGN */
		} else {
			return false;
		}
	}
	return k == end;
}

/* sb_json_key_is for a key of "len" ASCII bytes and a field as long. */
static bool ascii_key_is(const char *key, const char *field, size_t len)
{
	for (size_t j = 0; j < len; j++)
		if (((unsigned char)key[j] | 0x20) !=
		    ((unsigned char)field[j] | 0x20))
			return false;
	return true;
}

/* Append "s" (n bytes) to the pointer being built, ~ and / escaped. */
static void ptr_token(char *out, size_t *o, const char *s, size_t n)
{
	if (*o + 1 < SB_JSON_PTR_MAX)
		out[(*o)++] = '/';
	for (size_t i = 0; i < n && *o + 2 < SB_JSON_PTR_MAX; i++) {
		if (s[i] == '~' || s[i] == '/') {
			out[(*o)++] = '~';
			out[(*o)++] = s[i] == '~' ? '0' : '1';
		} else if (s[i]) {
			out[(*o)++] = s[i];
		}
	}
	out[*o] = '\0';
}

/* Append the key whose opening quote is at "key", decoded. */
static void ptr_key(const struct scanner *s, size_t key, char *out, size_t *o)
{
	char tok[SB_JSON_PTR_MAX];
	size_t end, n = decode_string(s->p + key, s->n - key, tok, sizeof(tok),
				      &end);

	ptr_token(out, o, tok, n < sizeof(tok) ? n : sizeof(tok));
}

/*
 * Refuse the key at offset "key" of the object at "depth": the pointer is
 * that of the member (or of the object, for "self" false), the message
 * says why.
 */
static int key_error(struct scanner *s, unsigned depth, size_t key, bool self,
		     const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int key_error(struct scanner *s, unsigned depth, size_t key, bool self,
		     const char *fmt, ...)
{
	struct sb_json_scan *sc = s->scan;
	size_t o = 0;
	va_list ap;

	sc->pointer[0] = '\0';
	for (unsigned d = 0; d < depth; d++) {
		const struct frame *f = &s->frames[d];

		if (f->object) {
			ptr_key(s, f->key, sc->pointer, &o);
		} else {
			char num[24];
			int n = snprintf(num, sizeof(num), "%zu", f->index);

			ptr_token(sc->pointer, &o, num, (size_t)n);
		}
	}
	if (self)
		ptr_key(s, key, sc->pointer, &o);
	va_start(ap, fmt);
	vsnprintf(sc->message, sizeof(sc->message), fmt, ap);
	va_end(ap);
	sc->key_error = true;
	s->i = key;
	return fail(s, "refused key");
}

/*
 * The key just scanned (its quote at "key") of an object whose fields are
 * "fields": which field it names (*child gets that field's role), and
 * whether it must be refused.  *seen has a bit per field given already.
 */
static int check_key(struct scanner *s, unsigned depth, size_t key,
		     const struct field *fields, uint32_t *seen,
		     enum role *child)
{
	/* room for the longest field (16 letters) with each 's' and 'k'
	 * written as the 2- or 3-byte letter that folds onto it */
	char buf[64], shown[64];
	const char *k = s->p + key + 1;
	size_t klen = s->i - key - 2, end;

	*child = ROLE_NONE;
	if (s->str_nul) {
		/* show the NUL, as the key cannot be a C string */
		size_t n = decode_string(s->p + key, s->n - key, buf,
					 sizeof(buf), &end),
		       o = 0;

		for (size_t j = 0;
		     j < n && j < sizeof(buf) && o + 7 < sizeof(shown); j++) {
			if (buf[j]) {
				shown[o++] = buf[j];
			} else {
				memcpy(shown + o, "\\u0000", 6);
				o += 6;
			}
		}
		shown[o] = '\0';
		return key_error(s, depth, key, false, "NUL byte in key '%s'",
				 shown);
	}
	if (s->str_escaped) {
		klen = decode_string(s->p + key, s->n - key, buf, sizeof(buf),
				     &end);
		if (klen > sizeof(buf))
			return 0; /* longer than any field */
		k = buf;
	}
	for (unsigned f = 0; fields[f].name; f++) {
		if (!klen || !sb_json_key_may_be(k[0], fields[f].name[0]))
			continue;
		if (!s->str_high && !s->str_escaped) {
			/* plain ASCII, the usual key: same length, same
			 * letters in any case */
			if (klen != fields[f].len ||
			    !ascii_key_is(k, fields[f].name, klen))
				continue;
		} else if (!sb_json_key_is(k, klen, fields[f].name)) {
			continue;
		}
		if (*seen & (1U << f))
			return key_error(s, depth, key, true,
					 "field '%s' given twice (keys match "
					 "case-insensitively)",
					 fields[f].name);
		*seen |= 1U << f;
		*child = fields[f].child;
		return 0;
	}
	return 0;
}

static int scan_container(struct scanner *s, unsigned depth, bool object,
			  enum role role)
{
	const char close = object ? '}' : ']';
	struct frame *frame = NULL;
	const struct field *fields = NULL;
	enum role child = object ? ROLE_NONE : element_role(role);
	uint32_t seen = 0;

	if (depth >= s->max_depth)
		return fail(s, "nesting too deep");
	if (s->scan && depth < FRAMES) {
		frame = &s->frames[depth];
		frame->object = object;
		frame->index = 0;
		if (object)
			fields = object_fields(role);
	}
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
			size_t key = s->i;

			if (s->i >= s->n)
				return fail(s, "unexpected end of input");
			if (s->p[s->i] != '"')
				return fail(s, "expected a string key");
			rc = scan_string(s);
			if (rc)
				return rc;
			if (frame)
				frame->key = key;
			if (fields) {
				rc = check_key(s, depth, key, fields, &seen,
					       &child);
				if (rc)
					return rc;
			}
			skip_ws(s);
			if (s->i >= s->n || s->p[s->i] != ':')
				return fail(s, "expected ':'");
			s->i++;
		}
		rc = scan_value(s, depth + 1, child);
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
		if (frame)
			frame->index++;
	}
}

static int scan_value(struct scanner *s, unsigned depth, enum role role)
{
	skip_ws(s);
	if (s->i >= s->n)
		return fail(s, "unexpected end of input");
	switch (s->p[s->i]) {
	case '{':
		return scan_container(s, depth, true, role);
	case '[':
		return scan_container(s, depth, false, role);
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

	rc = scan_value(&s, 0, ROLE_TOP);
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
			if (scan_value(s, 0, ROLE_NONE))
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
			if (scan_value(s, 0, ROLE_NONE))
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

int sb_json_locate_elements(const char *buf, size_t len, const char *ptr,
			    size_t *off, size_t n)
{
	struct scanner s = {.p = buf, .n = len, .max_depth = ~0U};
	size_t start, k = 0;
	int rc = sb_json_locate(buf, len, ptr, &start);

	for (size_t i = 0; i < n; i++)
		off[i] = SIZE_MAX;
	if (rc)
		return rc;
	s.i = start;
	if (s.i >= s.n || s.p[s.i] != '[')
		return -ENOENT;
	s.i++;
	/* one pass: each element's start, then past it */
	for (;; k++) {
		skip_ws(&s);
		if (s.i >= s.n || s.p[s.i] == ']')
			break;
		if (k < n)
			off[k] = s.i;
		else
			break;
		if (scan_value(&s, 0, ROLE_NONE))
			break;
		skip_ws(&s);
		if (s.i >= s.n || s.p[s.i] != ',')
			break;
		s.i++;
	}
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
