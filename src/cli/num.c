// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Numbers from the command line, read strictly: the whole text, no
 * spaces, no '+', a '-' only where negative values mean something, every
 * digit checked for overflow and the value for its range.  strtoul and
 * sscanf("%u") accept " 5", "+5", "-1" (wrapped) and stop at the first
 * bad byte; a mistyped number then silently means another one.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int digit_value(char c, bool hex)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (hex && c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (hex && c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

enum cli_num cli_scan_number(const char *text, unsigned flags,
			     uint64_t neg_limit, uint64_t max, uint64_t *out)
{
	const char *p = text;
	bool neg = false, hex = false;
	uint64_t v = 0;
	unsigned base = 10;

	if (!p || !*p)
		return CLI_NUM_EMPTY;
	if (*p == '-' && (flags & CLI_NUM_NEG)) {
		neg = true;
		p++;
	}
	if ((flags & CLI_NUM_HEX) && p[0] == '0' &&
	    (p[1] == 'x' || p[1] == 'X')) {
		hex = true;
		base = 16;
		p += 2;
	} else if ((flags & CLI_NUM_HEX) && p[0] == '0' && p[1] >= '0' &&
		   p[1] <= '9') {
		/* strtoul(s, NULL, 0), which these options used to take,
		 * reads "010" as 8: refuse rather than change its meaning */
		return CLI_NUM_OCTAL;
	}
	if (!*p)
		return CLI_NUM_SYNTAX;
	for (; *p; p++) {
		int d = digit_value(*p, hex);

		if (d < 0)
			return CLI_NUM_SYNTAX;
		if (v > (UINT64_MAX - (unsigned)d) / base)
			return CLI_NUM_RANGE;
		v = v * base + (unsigned)d;
	}
	if (neg ? v > neg_limit : v > max)
		return CLI_NUM_RANGE;
	/* a negative value as a C caller passes it: two's complement */
	*out = neg ? (uint64_t)0 - v : v;
	return CLI_NUM_OK;
}

/* "-128 to 4294967295", "1 to 65535", for messages. */
static void describe_range(char *buf, size_t len, unsigned flags,
			   uint64_t neg_limit, uint64_t min, uint64_t max)
{
	if ((flags & CLI_NUM_NEG) && neg_limit)
		snprintf(buf, len, "-%" PRIu64 " to %" PRIu64, neg_limit, max);
	else
		snprintf(buf, len, "%" PRIu64 " to %" PRIu64, min, max);
}

int cli_parse_number(const char *what, const char *text, unsigned flags,
		     uint64_t neg_limit, uint64_t min, uint64_t max,
		     uint64_t *out)
{
	const char *digits = flags & CLI_NUM_HEX ? "a decimal or 0x hex number"
						 : "a decimal number";
	char range[64];
	uint64_t v;

	describe_range(range, sizeof(range), flags, neg_limit, min, max);
	switch (cli_scan_number(text, flags, neg_limit, max, &v)) {
	case CLI_NUM_OK:
		/* "min" bounds the fields that take no sign */
		if (!(flags & CLI_NUM_NEG) && v < min)
			break;
		*out = v;
		return 0;
	case CLI_NUM_EMPTY:
		return cli_error("invalid %s '': want %s", what, digits);
	case CLI_NUM_SYNTAX:
		return cli_error("invalid %s '%s': want %s", what, text,
				 digits);
	case CLI_NUM_OCTAL:
		return cli_error("invalid %s '%s': a leading 0 would mean "
				 "octal; write it in decimal or as 0x hex",
				 what, text);
	case CLI_NUM_RANGE:
		break;
	}
	return cli_error("invalid %s '%s': out of range (%s)", what, text,
			 range);
}

int cli_parse_weight(const char *text, double max, double *out)
{
	const char *p = text;
	char *end;
	double v;

	/* plain decimal only: no sign, no hex floats, no inf or nan */
	if (*p == '.')
		p++;
	if (!(*p >= '0' && *p <= '9'))
		return -EINVAL;
	for (; *p; p++)
		if (!strchr("0123456789.eE+-", *p))
			return -EINVAL;
	errno = 0;
	v = strtod(text, &end);
	if (*end || end == text)
		return -EINVAL;
	if (errno || !isfinite(v) || v < 0 || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

/* Does the text read as a number (as opposed to a syscall name)? */
static bool numeric(const char *s)
{
	if (*s == '-')
		s++;
	return *s >= '0' && *s <= '9';
}

int cli_parse_call(const char *what, const char *spec,
		   const struct secbpf_arch *a, char *name, size_t namelen,
		   uint32_t *nr, uint64_t *args)
{
	bool narrow = secbpf_arch_bits(a) == 32;
	/* "--emulate syscall number", but "syscall number" */
	const char *field_prefix = !strncmp(what, "--", 2) ? what : "";
	const char *sep = *field_prefix ? " " : "";
	const char *p = spec;
	char field[128];
	int i = 0;

	memset(args, 0, 6 * sizeof(*args));
	*nr = 0;
	if (name && namelen)
		name[0] = '\0';
	for (;; i++) {
		size_t len = strcspn(p, ",");
		char label[64];
		uint64_t v;

		if (len >= sizeof(field))
			return cli_error("invalid %s '%s': '%.*s...' is too "
					 "long",
					 what, spec, 16, p);
		memcpy(field, p, len);
		field[len] = '\0';
		if (i == 6 + 1)
			return cli_error("invalid %s '%s': at most six "
					 "arguments",
					 what, spec);
		if (!len)
			return cli_error("invalid %s '%s': %s is empty", what,
					 spec,
					 i ? "an argument" : "the syscall");
		if (i == 0 && !numeric(field)) {
			if (name) {
				if (len >= namelen)
					return cli_error("invalid %s '%s': the "
							 "name is too long",
							 what, spec);
				memcpy(name, field, len + 1);
			} else if (secbpf_syscall_lookup(a, field, nr)) {
				return cli_error("unknown syscall '%s' on "
						 "'%s'",
						 field, secbpf_arch_name(a));
			}
		} else if (i == 0) {
			/* seccomp_data.nr is an int: -1 is 0xffffffff */
			snprintf(label, sizeof(label), "%s%ssyscall number",
				 field_prefix, sep);
			if (cli_parse_number(label, field,
					     CLI_NUM_HEX | CLI_NUM_NEG,
					     1ULL << 31, 0, UINT32_MAX, &v))
				return 1;
			*nr = (uint32_t)v;
		} else {
			/*
			 * "-100" (AT_FDCWD) as a C caller passes it: on a
			 * 64-bit arch the register holds it sign-extended,
			 * on a 32-bit one it is one word, which the kernel
			 * zero-extends; a value wider than the register
			 * cannot be passed at all.
			 */
			snprintf(label, sizeof(label), "%s argument %d", what,
				 i - 1);
			if (cli_parse_number(
				    label, field, CLI_NUM_HEX | CLI_NUM_NEG,
				    narrow ? 1ULL << 31 : 1ULL << 63, 0,
				    narrow ? UINT32_MAX : UINT64_MAX, &v))
				return 1;
			args[i - 1] = narrow ? v & 0xffffffffULL : v;
		}
		if (!p[len])
			break;
		p += len + 1;
	}
	return 0;
}
