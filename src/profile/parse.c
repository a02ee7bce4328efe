// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Loading profiles: Docker/containers seccomp.json, OCI linux.seccomp, or a
 * whole OCI config.json holding one.
 *
 * Decoding follows Go's encoding/json as the Go runtimes use it: unknown
 * fields are ignored, keys match case-insensitively, null means "absent".
 * Where Go would quietly accept nonsense (a negative errno wrapped to a huge
 * one, an unknown operator noticed only when the container starts) we stop
 * with a message that names the place: file:line:col and a JSON pointer.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "profile.h"

#define PTR_MAX 256

struct pctx {
	const char *buf;
	size_t len;
	const char *file;
	struct sb_json_scan scan;
	struct secbpf_error *err;
	char ptr[PTR_MAX];
	size_t plen;
	size_t total_names;   /* across all rules, for the limit */
	struct sb_pool *pool; /* the profile's */
};

/* ---- errors with a location ---- */

static int perr(struct pctx *c, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The position is looked up in the text only once there is an error: the
 * good path never pays for it. */
static int perr(struct pctx *c, int code, const char *fmt, ...)
{
	char msg[768];
	unsigned line = 0, col = 0;
	size_t off;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->buf && sb_json_locate(c->buf, c->len, c->ptr, &off) == 0)
		sb_json_linecol(c->buf, c->len, off, &line, &col);
	return sb_err_at(c->err, code, c->file, line, col, c->ptr, "%s", msg);
}

static int nomem(struct pctx *c)
{
	return sb_err(c->err, -ENOMEM, "out of memory loading a profile");
}

/* ---- the JSON pointer of the value being read ---- */

static size_t push_key(struct pctx *c, const char *key)
{
	size_t mark = c->plen;
	size_t o = c->plen;

	/* room is reserved for the terminating NUL; a too long pointer is
	 * cut, which only makes a message less precise */
	if (o + 1 < PTR_MAX)
		c->ptr[o++] = '/';
	for (const char *k = key; *k && o + 2 < PTR_MAX; k++) {
		if (*k == '~' || *k == '/') {
			c->ptr[o++] = '~';
			c->ptr[o++] = *k == '~' ? '0' : '1';
		} else {
			c->ptr[o++] = *k;
		}
	}
	c->ptr[o] = '\0';
	c->plen = o;
	return mark;
}

static size_t push_index(struct pctx *c, size_t index)
{
	char num[24];
	size_t n = sizeof(num) - 1;

	/* by hand, not snprintf: this runs for every syscalls entry */
	num[n] = '\0';
	do {
		num[--n] = (char)('0' + index % 10);
		index /= 10;
	} while (index);
	return push_key(c, num + n);
}

static void pop(struct pctx *c, size_t mark)
{
	c->plen = mark;
	c->ptr[mark] = '\0';
}

static const char *type_name(json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_null:
		return "null";
	case json_type_boolean:
		return "a boolean";
	case json_type_double:
		return "a fractional number";
	case json_type_int:
		return "a number";
	case json_type_object:
		return "an object";
	case json_type_array:
		return "an array";
	case json_type_string:
		return "a string";
	}
	return "something else";
}

/* ---- the members of an object ---- */

/*
 * One field of an object we read.  Keys match fields as Go matches
 * struct fields: by case-folded name (sb_json_key_is).  "v" is NULL when
 * the member is absent or null (Go leaves the field alone either way);
 * "present" tells null from absent; "key" is the key as written, for the
 * pointer (the field's name when absent).
 */
struct member {
	const char *field;
	const char *key;
	json_object *v;
	bool present;
};

/*
 * The fields "fields" (n of them) of "obj" into m[0..n), in one walk over
 * the object's keys.  Of several keys naming one field the last would win,
 * as in Go, but sb_json_check refuses those in the objects we read.
 */
static void members(json_object *obj, const char *const *fields, size_t n,
		    struct member *m)
{
	for (size_t f = 0; f < n; f++)
		m[f] = (struct member){fields[f], fields[f], NULL, false};
	json_object_object_foreach(obj, k, v)
	{
		size_t klen = 0;

		for (size_t f = 0; f < n; f++) {
			if (!sb_json_key_may_be(k[0], fields[f][0]))
				continue;
			if (!klen)
				klen = strlen(k);
			if (sb_json_key_is(k, klen, fields[f])) {
				m[f].key = k;
				m[f].v = v;
				m[f].present = true;
				break;
			}
		}
	}
}

/* ---- scalars ---- */

enum str_kind {
	STR_NAME,	 /* a name: no NUL, at most SB_PROF_MAX_NAME_LEN */
	STR_TEXT,	 /* free text: at most SB_PROF_MAX_TEXT, cut at a NUL */
	STR_STRICT_TEXT, /* free text that must not hold a NUL */
};

/* How messages name a member's value: "'field'", formatted only for a
 * message. */
static const char *quoted(const char *field, char *buf, size_t size)
{
	snprintf(buf, size, "'%s'", field);
	return buf;
}

/*
 * Read the string value "v" (at the current pointer), which messages call
 * "what".
 */
static int read_string(struct pctx *c, json_object *v, enum str_kind kind,
		       const char *what, char **out)
{
	const char *s;
	size_t len, cut;

	if (json_object_get_type(v) != json_type_string)
		return perr(c, -EINVAL, "%s must be a string, not %s", what,
			    type_name(v));
	s = json_object_get_string(v);
	len = (size_t)json_object_get_string_len(v);
	cut = strlen(s);
	if (kind != STR_TEXT && cut != len)
		return perr(c, -EINVAL, "NUL byte in %s", what);
	if (kind == STR_NAME && len > SB_PROF_MAX_NAME_LEN)
		return perr(c, -E2BIG, "%s is longer than %u bytes", what,
			    SB_PROF_MAX_NAME_LEN);
	if (kind != STR_NAME && len > SB_PROF_MAX_TEXT)
		return perr(c, -E2BIG, "%s is longer than %u bytes", what,
			    SB_PROF_MAX_TEXT);
	/* free text is kept up to a NUL, as a C string */
	*out = sb_pool_strndup(c->pool, s, cut);
	return *out ? 0 : nomem(c);
}

/* Optional string member; *out stays NULL when absent. */
static int get_string(struct pctx *c, const struct member *m,
		      enum str_kind kind, char **out)
{
	char what[64];
	const char *s;
	size_t mark, len;
	int rc;

	if (!m->v)
		return 0;
	/* the usual case, checked without a message or a pointer */
	if (json_object_get_type(m->v) == json_type_string) {
		s = json_object_get_string(m->v);
		len = (size_t)json_object_get_string_len(m->v);
		if (kind == STR_TEXT && len <= SB_PROF_MAX_TEXT) {
			/* kept up to a NUL, as a C string */
			*out = sb_pool_strndup(c->pool, s, strlen(s));
			return *out ? 0 : nomem(c);
		}
		if (len <= (kind == STR_NAME ? SB_PROF_MAX_NAME_LEN
					     : SB_PROF_MAX_TEXT) &&
		    !memchr(s, '\0', len)) {
			*out = sb_pool_strndup(c->pool, s, len);
			return *out ? 0 : nomem(c);
		}
	}
	mark = push_key(c, m->key);
	rc = read_string(c, m->v, kind, quoted(m->field, what, sizeof(what)),
			 out);
	if (!rc)
		pop(c, mark);
	return rc;
}

/* Is the number token at the current pointer an integer (no fraction or
 * exponent)?  *neg says whether it is negative. */
static bool integer_token(struct pctx *c, bool *neg)
{
	size_t off, n;

	*neg = false;
	if (sb_json_locate(c->buf, c->len, c->ptr, &off))
		return false;
	n = sb_json_token_len(c->buf, c->len, off);
	*neg = n && c->buf[off] == '-';
	for (size_t i = off; i < off + n; i++)
		if (c->buf[i] == '.' || c->buf[i] == 'e' || c->buf[i] == 'E')
			return false;
	return n > 0;
}

/* An unsigned integer value at most "max". */
static int read_uint(struct pctx *c, json_object *v, const char *what,
		     uint64_t max, uint64_t *out)
{
	uint64_t u;
	bool neg;

	/* integers json-c would change ("-0", beyond 64 bits) reach here as
	 * fractions (see load()); the text tells them apart */
	if (json_object_get_type(v) == json_type_double &&
	    integer_token(c, &neg))
		return perr(c, -ERANGE,
			    neg ? "%s must not be negative"
				: "%s does not fit in 64 bits",
			    what);
	if (json_object_get_type(v) != json_type_int)
		return perr(c, -EINVAL,
			    "%s must be an unsigned integer, not %s", what,
			    type_name(v));
	if (json_object_get_int64(v) < 0)
		return perr(c, -ERANGE, "%s must not be negative", what);
	u = json_object_get_uint64(v);
	if (u > max)
		return perr(c, -ERANGE, "%s %llu is out of range 0..%llu", what,
			    (unsigned long long)u, (unsigned long long)max);
	*out = u;
	return 0;
}

static int get_uint(struct pctx *c, const struct member *m, uint64_t max,
		    uint64_t *out, bool *present)
{
	char what[64];
	size_t mark;
	int rc;

	if (present)
		*present = m->v != NULL;
	if (!m->v)
		return 0;
	/* the usual case, checked without a message or a pointer */
	if (json_object_get_type(m->v) == json_type_int &&
	    json_object_get_int64(m->v) >= 0 &&
	    json_object_get_uint64(m->v) <= max) {
		*out = json_object_get_uint64(m->v);
		return 0;
	}
	mark = push_key(c, m->key);
	rc = read_uint(c, m->v, quoted(m->field, what, sizeof(what)), max, out);
	if (!rc)
		pop(c, mark);
	return rc;
}

/*
 * "errno" / "defaultErrno": an errno name ("EPERM"), or its number, written
 * as a string ("1") or a JSON number.
 */
static int get_errno(struct pctx *c, const struct member *m, uint32_t *out,
		     bool *present)
{
	json_object *v = m->v;
	char what[64];
	const char *s;
	uint64_t num;
	size_t mark;
	int rc;

	*present = false;
	if (!v)
		return 0;
	/* an empty string is Go's zero value, which means "not given" */
	if (json_object_get_type(v) == json_type_string &&
	    json_object_get_string_len(v) == 0)
		return 0;
	/* an errno name, the usual case, without a message or a pointer */
	if (json_object_get_type(v) == json_type_string) {
		int e;

		s = json_object_get_string(v);
		if (!(s[0] >= '0' && s[0] <= '9') &&
		    strlen(s) == (size_t)json_object_get_string_len(v) &&
		    (e = sb_errno_from_name(s)) >= 0) {
			*out = (uint32_t)e;
			*present = true;
			return 0;
		}
	}
	mark = push_key(c, m->key);
	quoted(m->field, what, sizeof(what));
	if (json_object_get_type(v) == json_type_int) {
		rc = read_uint(c, v, what, SB_MAX_ERRNO, &num);
		if (rc)
			return rc;
	} else if (json_object_get_type(v) == json_type_string) {
		s = json_object_get_string(v);
		if (strlen(s) != (size_t)json_object_get_string_len(v))
			return perr(c, -EINVAL, "NUL byte in %s", what);
		if (s[0] >= '0' && s[0] <= '9') {
			char *end;

			errno = 0;
			num = strtoull(s, &end, 10);
			if (*end || errno)
				return perr(c, -EINVAL, "invalid errno '%s'",
					    s);
			if (num > SB_MAX_ERRNO)
				return perr(c, -ERANGE,
					    "errno %s is out of range 0..%u", s,
					    SB_MAX_ERRNO);
		} else {
			int e = sb_errno_from_name(s);

			if (e < 0)
				return perr(c, -EINVAL,
					    "unknown errno name '%s'", s);
			num = (uint64_t)e;
		}
	} else {
		return perr(c, -EINVAL,
			    "%s must be an errno name or number, not %s", what,
			    type_name(v));
	}
	pop(c, mark);
	*out = (uint32_t)num;
	*present = true;
	return 0;
}

/* ---- lists ---- */

/* What the elements of a list of names must be. */
struct elem_rule {
	const char *what;	     /* "syscall name" */
	bool (*known)(const char *); /* NULL: any name */
	const char *unknown;	     /* "unknown X '%s'" when "known" says no */
};

static bool known_arch(const char *name)
{
	return !strcmp(name, "SCMP_ARCH_NATIVE") ||
	       secbpf_arch_lookup(name) != NULL;
}

static bool known_flag(const char *name)
{
	return sb_flag_from_name(name) != 0;
}

static const struct elem_rule syscall_names = {"syscall name", NULL, NULL};
static const struct elem_rule capabilities = {"capability", NULL, NULL};
static const struct elem_rule architectures = {"architecture", known_arch,
					       "architecture"};
static const struct elem_rule flag_names = {"flag", known_flag, "seccomp flag"};

/* Why element "v" cannot be taken: the message at its pointer. */
static int bad_elem(struct pctx *c, json_object *v, const struct elem_rule *er)
{
	char *s = NULL;
	int rc = read_string(c, v, STR_NAME, er->what, &s);

	if (!rc && !s[0])
		rc = perr(c, -EINVAL, "empty %s", er->what);
	if (!rc && er->known && !er->known(s))
		rc = perr(c, -EINVAL, "unknown %s '%s'", er->unknown, s);
	/* every refusal is above; this is not reached for a bad element */
	return rc ? rc : perr(c, -EINVAL, "invalid %s", er->what);
}

/*
 * The array member "m" (absent or null: *n = 0, *out = NULL) of at most
 * "max" names, each checked by "er".
 */
static int get_strv(struct pctx *c, const struct member *m, size_t max,
		    const struct elem_rule *er, char ***out, size_t *n,
		    bool *present)
{
	json_object *v = m->v;
	size_t mark, count;
	char **list;

	*out = NULL;
	*n = 0;
	if (present)
		*present = v != NULL;
	if (!v)
		return 0;
	mark = push_key(c, m->key);
	if (json_object_get_type(v) != json_type_array)
		return perr(c, -EINVAL, "'%s' must be an array, not %s",
			    m->field, type_name(v));
	count = json_object_array_length(v);
	if (count > max)
		return perr(c, -E2BIG, "'%s' has more than %zu entries",
			    m->field, max);
	list = sb_pool_alloc(c->pool, (count ? count : 1) * sizeof(*list));
	if (!list)
		return nomem(c);
	for (size_t i = 0; i < count; i++) {
		json_object *e = json_object_array_get_idx(v, i);
		const char *s;
		size_t len;

		/* the usual case first: a name, nothing to report */
		if (json_object_get_type(e) == json_type_string) {
			s = json_object_get_string(e);
			len = (size_t)json_object_get_string_len(e);
			if (len && len <= SB_PROF_MAX_NAME_LEN &&
			    !memchr(s, '\0', len) &&
			    (!er->known || er->known(s))) {
				list[i] = sb_pool_strndup(c->pool, s, len);
				if (!list[i])
					return nomem(c);
				continue;
			}
		}
		push_index(c, i);
		return bad_elem(c, e, er);
	}
	pop(c, mark);
	*out = list;
	*n = count;
	return 0;
}

/* Go's zero value: an empty list is the same as none at all. */
static json_object *array_member(struct pctx *c, const struct member *m,
				 int *rc)
{
	*rc = 0;
	if (m->v && json_object_get_type(m->v) != json_type_array) {
		size_t mark = push_key(c, m->key);

		*rc = perr(c, -EINVAL, "'%s' must be an array, not %s",
			   m->field, type_name(m->v));
		pop(c, mark);
		return NULL;
	}
	return m->v;
}

/* ---- includes / excludes ---- */

static int parse_min_kernel(struct pctx *c, const char *s, unsigned *major,
			    unsigned *minor)
{
	unsigned long part[2] = {0, 0};
	const char *p = s;

	/* exactly "X.Y", each part 1..5 digits */
	for (int k = 0; k < 2; k++) {
		int digits = 0;

		while (*p >= '0' && *p <= '9' && digits < 6) {
			part[k] = part[k] * 10 + (unsigned long)(*p - '0');
			p++;
			digits++;
		}
		if (!digits || digits > 5 || part[k] > 65535)
			return perr(c, -EINVAL,
				    "invalid minKernel '%s': want \"X.Y\"", s);
		if (k == 0) {
			if (*p != '.')
				return perr(c, -EINVAL,
					    "invalid minKernel '%s': want "
					    "\"X.Y\"",
					    s);
			p++;
		}
	}
	if (*p)
		return perr(c, -EINVAL, "invalid minKernel '%s': want \"X.Y\"",
			    s);
	if (!part[0] && !part[1])
		return perr(c, -EINVAL, "invalid minKernel '0.0'");
	*major = (unsigned)part[0];
	*minor = (unsigned)part[1];
	return 0;
}

/* The fields of includes / excludes (keep in step with locate.c). */
enum { FI_CAPS, FI_ARCHES, FI_MIN_KERNEL, FI_N };
static const char *const filter_fields[FI_N] = {"caps", "arches", "minKernel"};

static int parse_filter(struct pctx *c, const struct member *fm,
			struct sb_prof_filter *f)
{
	struct member m[FI_N];
	char *mk = NULL;
	size_t mark;
	int rc;

	if (!fm->v)
		return 0;
	mark = push_key(c, fm->key);
	if (json_object_get_type(fm->v) != json_type_object)
		return perr(c, -EINVAL, "'%s' must be an object, not %s",
			    fm->field, type_name(fm->v));
	members(fm->v, filter_fields, FI_N, m);
	rc = get_strv(c, &m[FI_CAPS], SB_PROF_MAX_LIST, &capabilities, &f->caps,
		      &f->ncaps, NULL);
	if (!rc)
		rc = get_strv(c, &m[FI_ARCHES], SB_PROF_MAX_LIST,
			      &architectures, &f->arches, &f->narches, NULL);
	if (!rc)
		rc = get_string(c, &m[FI_MIN_KERNEL], STR_NAME, &mk);
	if (!rc && mk && mk[0]) {
		size_t m2 = push_key(c, m[FI_MIN_KERNEL].key);

		rc = parse_min_kernel(c, mk, &f->min_major, &f->min_minor);
		if (!rc)
			pop(c, m2);
	}
	if (!rc)
		pop(c, mark);
	return rc;
}

/* ---- one syscalls[] entry ---- */

/* The fields of an argument (keep in step with locate.c). */
enum { FA_INDEX, FA_VALUE, FA_VALUE_TWO, FA_OP, FA_N };
static const char *const arg_fields[FA_N] = {"index", "value", "valueTwo",
					     "op"};

static int parse_arg(struct pctx *c, json_object *v, struct sb_prof_arg *a)
{
	struct member m[FA_N];
	uint64_t index = 0;
	char *op = NULL;
	int rc;

	if (json_object_get_type(v) != json_type_object)
		return perr(c, -EINVAL, "an argument must be an object, not %s",
			    type_name(v));
	members(v, arg_fields, FA_N, m);
	rc = get_uint(c, &m[FA_INDEX], 5, &index, NULL);
	if (!rc)
		rc = get_uint(c, &m[FA_VALUE], UINT64_MAX, &a->value, NULL);
	if (!rc)
		rc = get_uint(c, &m[FA_VALUE_TWO], UINT64_MAX, &a->value2,
			      NULL);
	if (!rc)
		rc = get_string(c, &m[FA_OP], STR_NAME, &op);
	if (rc)
		return rc;
	a->index = (uint8_t)index;
	if (!op || !op[0])
		return perr(c, -EINVAL, "argument has no 'op'");
	a->op = (uint8_t)sb_op_from_name(op);
	if (!a->op) {
		size_t mark = push_key(c, m[FA_OP].key);

		rc = perr(c, -EINVAL, "unknown operator '%s'", op);
		pop(c, mark);
		return rc;
	}
	return 0;
}

/* The fields of a syscalls entry (keep in step with locate.c). */
enum {
	FR_NAME,
	FR_NAMES,
	FR_ACTION,
	FR_ERRNO_RET,
	FR_ERRNO,
	FR_ARGS,
	FR_COMMENT,
	FR_INCLUDES,
	FR_EXCLUDES,
	FR_N
};
static const char *const rule_fields[FR_N] = {
	"name", "names",   "action",   "errnoRet", "errno",
	"args", "comment", "includes", "excludes",
};

static int parse_rule(struct pctx *c, json_object *v, struct sb_prof_rule *r)
{
	struct member m[FR_N];
	char *name = NULL, *action = NULL;
	json_object *args;
	uint64_t ret = 0;
	bool ret_set = false, errno_set = false;
	uint32_t errno_val = 0;
	int rc;

	if (json_object_get_type(v) != json_type_object)
		return perr(c, -EINVAL,
			    "a syscalls entry must be an object, "
			    "not %s",
			    type_name(v));
	r->pointer = sb_pool_strndup(c->pool, c->ptr, c->plen);
	if (!r->pointer)
		return nomem(c);
	members(v, rule_fields, FR_N, m);

	rc = get_string(c, &m[FR_NAME], STR_NAME, &name);
	if (!rc)
		rc = get_strv(c, &m[FR_NAMES], SB_PROF_MAX_NAMES,
			      &syscall_names, &r->names, &r->nnames, NULL);
	if (rc)
		return rc;
	if (name && name[0] && r->nnames)
		return perr(c, -EINVAL,
			    "both 'name' and 'names' given; use "
			    "'names'");
	if (name && name[0]) {
		/* "names": [] came as an empty list, in the pool */
		r->names = sb_pool_alloc(c->pool, sizeof(*r->names));
		if (!r->names)
			return nomem(c);
		r->names[0] = name;
		r->nnames = 1;
	}

	c->total_names += r->nnames;
	if (c->total_names > SB_PROF_MAX_TOTAL_NAMES)
		return perr(c, -E2BIG,
			    "more than %d syscall names in all rules",
			    SB_PROF_MAX_TOTAL_NAMES);

	rc = get_string(c, &m[FR_ACTION], STR_NAME, &action);
	if (rc)
		return rc;
	/* a rule naming nothing is dropped later, whatever its action (as
	 * containers/common does); one naming calls needs an action */
	if ((!action || !action[0]) && r->nnames)
		return perr(c, -EINVAL, "syscalls entry has no 'action'");
	r->act = action && action[0] ? sb_act_from_name(action) : SB_ACT_ALLOW;
	if (!r->act) {
		size_t mark = push_key(c, m[FR_ACTION].key);

		rc = perr(c, -EINVAL, "unknown action '%s'", action);
		pop(c, mark);
		return rc;
	}

	rc = get_uint(c, &m[FR_ERRNO_RET], SECBPF_RET_DATA, &ret, &ret_set);
	if (!rc)
		rc = get_errno(c, &m[FR_ERRNO], &errno_val, &errno_set);
	if (rc)
		return rc;
	/* containers/common: "errno" wins over the older "errnoRet" */
	if (errno_set) {
		r->data = errno_val;
		r->data_set = true;
	} else if (ret_set) {
		r->data = (uint32_t)ret;
		r->data_set = true;
	} else {
		r->data = EPERM;
	}

	args = array_member(c, &m[FR_ARGS], &rc);
	if (rc)
		return rc;
	if (args) {
		size_t n = json_object_array_length(args);
		size_t mark = push_key(c, m[FR_ARGS].key);

		if (n > SB_MAX_CONDS)
			return perr(c, -E2BIG, "more than %d arguments",
				    SB_MAX_CONDS);
		r->args = sb_pool_zalloc(c->pool, n ? n : 1, sizeof(*r->args));
		if (!r->args)
			return nomem(c);
		for (size_t i = 0; i < n; i++) {
			size_t mi = push_index(c, i);

			rc = parse_arg(c, json_object_array_get_idx(args, i),
				       &r->args[i]);
			if (rc)
				return rc;
			r->nargs++;
			pop(c, mi);
		}
		pop(c, mark);
	}

	rc = get_string(c, &m[FR_COMMENT], STR_TEXT, &r->comment);
	if (!rc)
		rc = parse_filter(c, &m[FR_INCLUDES], &r->includes);
	if (!rc)
		rc = parse_filter(c, &m[FR_EXCLUDES], &r->excludes);
	return rc;
}

/* ---- the profile object ---- */

/* The fields of an archMap entry (keep in step with locate.c). */
enum { FM_ARCHITECTURE, FM_SUB_ARCHITECTURES, FM_N };
static const char *const archmap_fields[FM_N] = {"architecture", "subArchitectu"
								 "res"};

static int parse_archmap(struct pctx *c, json_object *arr,
			 struct secbpf_profile *p)
{
	size_t n = json_object_array_length(arr);

	if (n > SB_PROF_MAX_LIST)
		return perr(c, -E2BIG, "'archMap' has more than %d entries",
			    SB_PROF_MAX_LIST);
	p->archmap = sb_pool_zalloc(c->pool, n ? n : 1, sizeof(*p->archmap));
	if (!p->archmap)
		return nomem(c);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(arr, i);
		struct sb_prof_archmap *am = &p->archmap[i];
		struct member m[FM_N];
		size_t mark = push_index(c, i);
		int rc;

		p->narchmap++;
		if (json_object_get_type(e) != json_type_object)
			return perr(c, -EINVAL,
				    "an archMap entry must be an "
				    "object, not %s",
				    type_name(e));
		members(e, archmap_fields, FM_N, m);
		rc = get_string(c, &m[FM_ARCHITECTURE], STR_NAME, &am->arch);
		if (rc)
			return rc;
		if (!am->arch || !am->arch[0])
			return perr(c, -EINVAL,
				    "archMap entry has no "
				    "'architecture'");
		if (!known_arch(am->arch)) {
			push_key(c, m[FM_ARCHITECTURE].key);
			return perr(c, -EINVAL, "unknown architecture '%s'",
				    am->arch);
		}
		rc = get_strv(c, &m[FM_SUB_ARCHITECTURES], SB_PROF_MAX_LIST,
			      &architectures, &am->subarches, &am->nsub, NULL);
		if (rc)
			return rc;
		pop(c, mark);
	}
	return 0;
}

/*
 * The fields of a profile, and those that make an object a config.json
 * (keep in step with locate.c).
 */
enum {
	FP_DEFAULT_ACTION,
	FP_DEFAULT_ERRNO_RET,
	FP_DEFAULT_ERRNO,
	FP_ARCHITECTURES,
	FP_ARCH_MAP,
	FP_FLAGS,
	FP_LISTENER_PATH,
	FP_LISTENER_METADATA,
	FP_SYSCALLS,
	FP_OCI_VERSION,
	FP_LINUX,
	FP_N
};
static const char *const profile_fields[FP_N] = {
	"defaultAction", "defaultErrnoRet", "defaultErrno", "architectures",
	"archMap",	 "flags",	    "listenerPath", "listenerMetadata",
	"syscalls",	 "ociVersion",	    "linux",
};

static int parse_profile(struct pctx *c, const struct member *m,
			 struct secbpf_profile *p)
{
	json_object *arr;
	char *action = NULL;
	uint64_t ret = 0;
	bool ret_set = false, errno_set = false;
	uint32_t errno_val = 0;
	int rc;

	rc = get_string(c, &m[FP_DEFAULT_ACTION], STR_NAME, &action);
	if (rc)
		return rc;
	if (action && action[0]) {
		p->default_act = sb_act_from_name(action);
		if (!p->default_act) {
			size_t mark = push_key(c, m[FP_DEFAULT_ACTION].key);

			rc = perr(c, -EINVAL, "unknown action '%s'", action);
			pop(c, mark);
			return rc;
		}
	}

	rc = get_uint(c, &m[FP_DEFAULT_ERRNO_RET], SECBPF_RET_DATA, &ret,
		      &ret_set);
	if (!rc)
		rc = get_errno(c, &m[FP_DEFAULT_ERRNO], &errno_val, &errno_set);
	if (rc)
		return rc;
	if (errno_set) {
		p->default_data = errno_val;
		p->default_data_set = true;
	} else if (ret_set) {
		p->default_data = (uint32_t)ret;
		p->default_data_set = true;
	} else {
		p->default_data = EPERM;
	}

	rc = get_strv(c, &m[FP_ARCHITECTURES], SB_PROF_MAX_LIST, &architectures,
		      &p->arches, &p->narches, NULL);
	if (rc)
		return rc;
	arr = array_member(c, &m[FP_ARCH_MAP], &rc);
	if (rc)
		return rc;
	if (arr) {
		size_t mark = push_key(c, m[FP_ARCH_MAP].key);

		rc = parse_archmap(c, arr, p);
		if (rc)
			return rc;
		pop(c, mark);
	}
	if (p->narches && p->narchmap) {
		size_t mark = push_key(c, m[FP_ARCH_MAP].key);

		rc = perr(c, -EINVAL,
			  "both 'architectures' and 'archMap' "
			  "given; use one");
		pop(c, mark);
		return rc;
	}

	rc = get_strv(c, &m[FP_FLAGS], SB_PROF_MAX_LIST, &flag_names, &p->flags,
		      &p->nflags, &p->flags_set);
	if (!rc)
		rc = get_string(c, &m[FP_LISTENER_PATH], STR_STRICT_TEXT,
				&p->listener_path);
	if (!rc)
		rc = get_string(c, &m[FP_LISTENER_METADATA], STR_STRICT_TEXT,
				&p->listener_metadata);
	if (rc)
		return rc;

	arr = array_member(c, &m[FP_SYSCALLS], &rc);
	if (rc)
		return rc;
	if (arr) {
		size_t n = json_object_array_length(arr);
		size_t mark = push_key(c, m[FP_SYSCALLS].key);

		if (n > SB_PROF_MAX_RULES)
			return perr(c, -E2BIG, "more than %d syscalls entries",
				    SB_PROF_MAX_RULES);
		p->rules =
			sb_pool_zalloc(c->pool, n ? n : 1, sizeof(*p->rules));
		if (!p->rules)
			return nomem(c);
		for (size_t i = 0; i < n; i++) {
			size_t mi = push_index(c, i);

			p->nrules++;
			rc = parse_rule(c, json_object_array_get_idx(arr, i),
					&p->rules[i]);
			if (rc)
				return rc;
			pop(c, mi);
		}
		pop(c, mark);
	}
	if (!p->default_act && p->nrules)
		return perr(c, -EINVAL,
			    "profile has syscalls but no "
			    "'defaultAction'");
	return 0;
}

/* ---- entry points ---- */

enum load_kind {
	LOAD_PROFILE, /* seccomp.json or linux.seccomp */
	LOAD_CONFIG,  /* config.json: take linux.seccomp */
	LOAD_DETECT,  /* either, by looking */
};

/* Does this object (its members "m") look like an OCI config.json rather
 * than a profile? */
static bool looks_like_config(const struct member *m)
{
	if (m[FP_DEFAULT_ACTION].v || m[FP_SYSCALLS].v)
		return false;
	/* present even if null; named as Go would match them */
	return m[FP_OCI_VERSION].present || m[FP_LINUX].present;
}

/* Append buf[from..end) to copy[*o..], as Go would read its strings. */
static void copy_text(char *copy, size_t *o, const char *buf, size_t from,
		      size_t end, bool fix_utf8)
{
	if (fix_utf8) {
		*o += sb_utf8_fix(copy + *o, buf + from, end - from);
	} else {
		memcpy(copy + *o, buf + from, end - from);
		*o += end - from;
	}
}

/*
 * "buf" with ".0" after each span ("-0" becomes "-0.0" and so on) and each
 * byte that is not UTF-8 replaced by U+FFFD.  Such bytes can only be in
 * strings in text sb_json_check accepted, so no string is cut in two.
 */
static char *rewrite_spans(const char *buf, size_t len,
			   const struct sb_json_scan *scan, size_t *out_len)
{
	char *copy = malloc(len + 2 * scan->nspans + 2 * scan->bad_utf8 + 1);
	bool fix = scan->bad_utf8 > 0;
	size_t o = 0, from = 0;

	if (!copy)
		return NULL;
	for (size_t i = 0; i < scan->nspans; i++) {
		size_t end = scan->spans[i].start + scan->spans[i].len;

		copy_text(copy, &o, buf, from, end, fix);
		memcpy(copy + o, ".0", 2);
		o += 2;
		from = end;
	}
	copy_text(copy, &o, buf, from, len, fix);
	copy[o] = '\0';
	*out_len = o;
	return copy;
}

static int load(const char *buf, size_t len, const char *name,
		enum load_kind kind, struct secbpf_profile **out,
		struct secbpf_error *err)
{
	struct pctx c = {.buf = buf, .len = len, .err = err};
	struct json_tokener *tok = NULL;
	struct secbpf_profile *p = NULL;
	json_object *root = NULL, *obj;
	struct member top[FP_N];
	const char *why, *text = buf;
	size_t bad, text_len = len, copy_len = 0;
	char *copy = NULL;
	int rc;

	c.file = name && *name ? name : "<input>";
	if (!out || (!buf && len))
		return sb_err(err, -EINVAL, "invalid arguments");
	*out = NULL;
	if (len > SB_PROF_MAX_SIZE)
		return sb_err_at(err, -EFBIG, c.file, 0, 0, NULL,
				 "profile is larger than %u bytes",
				 SB_PROF_MAX_SIZE);
	if (sb_json_check(buf, len, SB_PROF_MAX_DEPTH, &c.scan, &bad, &why)) {
		unsigned line, col;

		if (c.scan.oom) {
			sb_json_scan_free(&c.scan);
			return nomem(&c);
		}
		sb_json_linecol(buf, len, bad, &line, &col);
		if (c.scan.key_error)
			rc = sb_err_at(err, -EINVAL, c.file, line, col,
				       c.scan.pointer, "%s", c.scan.message);
		else if (!strcmp(why, "nesting too deep"))
			rc = sb_err_at(err, -EINVAL, c.file, line, col, NULL,
				       "JSON nested deeper than %d levels",
				       SB_PROF_MAX_DEPTH);
		else
			rc = sb_err_at(err, -EINVAL, c.file, line, col, NULL,
				       "invalid JSON: %s", why);
		sb_json_scan_free(&c.scan);
		return rc;
	}

	/* json-c reads "-0" as 0 and saturates integers beyond 64 bits;
	 * give it a copy where those read as fractions, which no integer
	 * field takes (unknown fields still ignore them), and where strings
	 * hold U+FFFD for each byte that is not UTF-8, as Go reads them
	 * (json-c already turns lone surrogate escapes into U+FFFD as Go
	 * does).  Positions are always found in the original text, by
	 * pointer. */
	if (c.scan.nspans || c.scan.bad_utf8) {
		copy = rewrite_spans(buf, len, &c.scan, &copy_len);
		sb_json_scan_free(&c.scan);
		if (!copy)
			return nomem(&c);
		text = copy;
		text_len = copy_len;
	}

	/* the text is valid JSON within our depth, so json-c agrees */
	tok = json_tokener_new_ex(SB_PROF_MAX_DEPTH + 1);
	if (!tok) {
		free(copy);
		return nomem(&c);
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	root = json_tokener_parse_ex(tok, text, (int)text_len);
	if (!root && json_tokener_get_error(tok) == json_tokener_continue)
		root = json_tokener_parse_ex(tok, "", 1);
	if (!root) {
		enum json_tokener_error e = json_tokener_get_error(tok);

		json_tokener_free(tok);
		free(copy);
		if (e == json_tokener_success) /* the literal null */
			return sb_err_at(err, -EINVAL, c.file, 1, 1, NULL,
					 "a profile must be a JSON object, "
					 "not null");
		return sb_err_at(err, -EINVAL, c.file, 0, 0, NULL,
				 "invalid JSON: %s",
				 json_tokener_error_desc(e));
	}
	json_tokener_free(tok);
	free(copy);

	obj = root;
	if (json_object_get_type(root) == json_type_object)
		members(root, profile_fields, FP_N, top);
	if (kind == LOAD_CONFIG ||
	    (kind == LOAD_DETECT &&
	     json_object_get_type(root) == json_type_object &&
	     looks_like_config(top))) {
		static const char *const linux_fields[] = {"seccomp"};
		struct member sec = {0};

		if (top[FP_LINUX].v) {
			push_key(&c, top[FP_LINUX].key);
			if (json_object_get_type(top[FP_LINUX].v) !=
			    json_type_object) {
				rc = perr(&c, -EINVAL,
					  "'linux' must be an "
					  "object, not %s",
					  type_name(top[FP_LINUX].v));
				goto fail;
			}
			members(top[FP_LINUX].v, linux_fields, 1, &sec);
		}
		if (!sec.v) {
			rc = perr(&c, -ENOENT,
				  "the configuration has no "
				  "'linux.seccomp'");
			goto fail;
		}
		push_key(&c, sec.key);
		obj = sec.v;
		if (json_object_get_type(obj) == json_type_object)
			members(obj, profile_fields, FP_N, top);
	}
	if (json_object_get_type(obj) != json_type_object) {
		rc = perr(&c, -EINVAL,
			  "a profile must be a JSON object, not %s",
			  type_name(obj));
		goto fail;
	}

	p = calloc(1, sizeof(*p));
	if (!p) {
		rc = nomem(&c);
		goto fail;
	}
	/* most of the text ends up in the pool: names, comments */
	p->pool = c.pool = sb_pool_new(len / 2);
	if (!p->pool) {
		rc = nomem(&c);
		goto fail;
	}
	p->source = sb_pool_strndup(c.pool, c.file, strlen(c.file));
	if (!p->source) {
		rc = nomem(&c);
		goto fail;
	}
	rc = parse_profile(&c, top, p);
	if (rc)
		goto fail;
	json_object_put(root);
	*out = p;
	return 0;
fail:
	secbpf_profile_free(p);
	json_object_put(root);
	return rc;
}

int secbpf_profile_load_bytes(const char *buf, size_t len, const char *name,
			      struct secbpf_profile **out,
			      struct secbpf_error *err)
{
	return load(buf, len, name, LOAD_DETECT, out, err);
}

int secbpf_profile_load_config(const char *buf, size_t len, const char *name,
			       struct secbpf_profile **out,
			       struct secbpf_error *err)
{
	return load(buf, len, name, LOAD_CONFIG, out, err);
}

int secbpf_profile_load(const char *path, struct secbpf_profile **out,
			struct secbpf_error *err)
{
	size_t len = 0, cap = 0;
	char *buf = NULL;
	struct stat st;
	int fd, rc;

	if (!path || !out)
		return sb_err(err, -EINVAL, "invalid arguments");
	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return sb_err_at(err, -errno, path, 0, 0, NULL,
				 "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return sb_err_at(err, -EISDIR, path, 0, 0, NULL,
				 "is a directory");
	}
	/* read in steps so that pipes and /proc files work too, but never
	 * more than the limit */
	for (;;) {
		ssize_t got;

		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 65536;
			char *nbuf;

			if (cap > SB_PROF_MAX_SIZE) {
				free(buf);
				close(fd);
				return sb_err_at(err, -EFBIG, path, 0, 0, NULL,
						 "profile is larger than %u "
						 "bytes",
						 SB_PROF_MAX_SIZE);
			}
			nbuf = realloc(buf, ncap);
			if (!nbuf) {
				free(buf);
				close(fd);
				return sb_err(err, -ENOMEM,
					      "out of memory "
					      "reading '%s'",
					      path);
			}
			buf = nbuf;
			cap = ncap;
		}
		got = read(fd, buf + len, cap - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = -errno;
			free(buf);
			close(fd);
			return sb_err_at(err, rc, path, 0, 0, NULL,
					 "cannot read: %s", strerror(-rc));
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	close(fd);
	rc = load(buf, len, path, LOAD_DETECT, out, err);
	free(buf);
	return rc;
}

/* ---- object lifetime ---- */

void secbpf_profile_free(struct secbpf_profile *p)
{
	if (!p)
		return;
	/* everything the profile points to lives in these pools */
	sb_pool_unref(p->pool);
	sb_pool_unref(p->shared);
	free(p);
}
