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
	size_t total_names; /* across all rules, for the limit */
};

/* ---- errors with a location ---- */

static int perr(struct pctx *c, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

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

	snprintf(num, sizeof(num), "%zu", index);
	return push_key(c, num);
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

/*
 * The member "name" of "obj", matched as Go matches struct fields: by
 * case-folded name (sb_json_key_is), the last occurrence winning (though
 * sb_json_check refuses two keys naming one field of the objects we
 * read).  NULL when absent; a null value is returned as it is.  *key gets
 * the key as written, for the pointer.
 */
static json_object *member_or_null(json_object *obj, const char *name,
				   const char **key, bool *present)
{
	json_object *found = NULL;

	*key = name;
	*present = false;
	json_object_object_foreach(obj, k, v)
	{
		if (sb_json_key_may_be(k[0], name[0]) &&
		    sb_json_key_is(k, strlen(k), name)) {
			found = v;
			*key = k;
			*present = true;
		}
	}
	return found;
}

/* As member_or_null, but NULL for a null too (Go leaves the field alone). */
static json_object *member(json_object *obj, const char *name, const char **key)
{
	bool present;
	json_object *v = member_or_null(obj, name, key, &present);

	if (v && json_object_get_type(v) == json_type_null)
		return NULL;
	return v;
}

/* ---- scalars ---- */

enum str_kind {
	STR_NAME,	 /* a name: no NUL, at most SB_PROF_MAX_NAME_LEN */
	STR_TEXT,	 /* free text: at most SB_PROF_MAX_TEXT, cut at a NUL */
	STR_STRICT_TEXT, /* free text that must not hold a NUL */
};

/* Read the string value "v" (at the current pointer). */
static int read_string(struct pctx *c, json_object *v, enum str_kind kind,
		       const char *what, char **out)
{
	const char *s;
	size_t len;

	if (json_object_get_type(v) != json_type_string)
		return perr(c, -EINVAL, "%s must be a string, not %s", what,
			    type_name(v));
	s = json_object_get_string(v);
	len = (size_t)json_object_get_string_len(v);
	if (kind != STR_TEXT && strlen(s) != len)
		return perr(c, -EINVAL, "NUL byte in %s", what);
	if (kind == STR_NAME && len > SB_PROF_MAX_NAME_LEN)
		return perr(c, -E2BIG, "%s is longer than %u bytes", what,
			    SB_PROF_MAX_NAME_LEN);
	if (kind != STR_NAME && len > SB_PROF_MAX_TEXT)
		return perr(c, -E2BIG, "%s is longer than %u bytes", what,
			    SB_PROF_MAX_TEXT);
	*out = strdup(s);
	return *out ? 0 : nomem(c);
}

/* Optional string member; *out stays NULL when absent. */
static int get_string(struct pctx *c, json_object *obj, const char *name,
		      enum str_kind kind, char **out)
{
	const char *key;
	json_object *v = member(obj, name, &key);
	size_t mark;
	char what[64];
	int rc;

	if (!v)
		return 0;
	mark = push_key(c, key);
	snprintf(what, sizeof(what), "'%s'", name);
	rc = read_string(c, v, kind, what, out);
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

static int get_uint(struct pctx *c, json_object *obj, const char *name,
		    uint64_t max, uint64_t *out, bool *present)
{
	const char *key;
	json_object *v = member(obj, name, &key);
	size_t mark;
	char what[64];
	int rc;

	if (present)
		*present = v != NULL;
	if (!v)
		return 0;
	mark = push_key(c, key);
	snprintf(what, sizeof(what), "'%s'", name);
	rc = read_uint(c, v, what, max, out);
	if (!rc)
		pop(c, mark);
	return rc;
}

/*
 * "errno" / "defaultErrno": an errno name ("EPERM"), or its number, written
 * as a string ("1") or a JSON number.
 */
static int get_errno(struct pctx *c, json_object *obj, const char *name,
		     uint32_t *out, bool *present)
{
	const char *key, *s;
	json_object *v = member(obj, name, &key);
	char what[64];
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
	mark = push_key(c, key);
	snprintf(what, sizeof(what), "'%s'", name);
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

/*
 * The array member "name" (absent or null: *n = 0, *out = NULL).  "check"
 * validates each element (NULL: any name).
 */
static int get_strv(struct pctx *c, json_object *obj, const char *name,
		    size_t max, const char *elem_what,
		    int (*check)(struct pctx *, const char *), char ***out,
		    size_t *n, bool *present)
{
	const char *key;
	json_object *v = member(obj, name, &key);
	size_t mark, count;
	char **list;
	int rc;

	*out = NULL;
	*n = 0;
	if (present)
		*present = v != NULL;
	if (!v)
		return 0;
	mark = push_key(c, key);
	if (json_object_get_type(v) != json_type_array)
		return perr(c, -EINVAL, "'%s' must be an array, not %s", name,
			    type_name(v));
	count = json_object_array_length(v);
	if (count > max)
		return perr(c, -E2BIG, "'%s' has more than %zu entries", name,
			    max);
	list = calloc(count ? count : 1, sizeof(*list));
	if (!list)
		return nomem(c);
	for (size_t i = 0; i < count; i++) {
		size_t m = push_index(c, i);

		rc = read_string(c, json_object_array_get_idx(v, i), STR_NAME,
				 elem_what, &list[i]);
		if (!rc && !list[i][0])
			rc = perr(c, -EINVAL, "empty %s", elem_what);
		if (!rc && check)
			rc = check(c, list[i]);
		if (rc) {
			sb_strv_free(list, count);
			return rc;
		}
		pop(c, m);
	}
	pop(c, mark);
	*out = list;
	*n = count;
	return 0;
}

static int check_arch(struct pctx *c, const char *name)
{
	if (!strcmp(name, "SCMP_ARCH_NATIVE") || secbpf_arch_lookup(name))
		return 0;
	return perr(c, -EINVAL, "unknown architecture '%s'", name);
}

static int check_flag(struct pctx *c, const char *name)
{
	if (sb_flag_from_name(name))
		return 0;
	return perr(c, -EINVAL, "unknown seccomp flag '%s'", name);
}

/* Go's zero value: an empty list is the same as none at all. */
static json_object *array_member(struct pctx *c, json_object *obj,
				 const char *name, const char **key, int *rc)
{
	json_object *v = member(obj, name, key);

	*rc = 0;
	if (v && json_object_get_type(v) != json_type_array) {
		size_t mark = push_key(c, *key);

		*rc = perr(c, -EINVAL, "'%s' must be an array, not %s", name,
			   type_name(v));
		pop(c, mark);
		return NULL;
	}
	return v;
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

static int parse_filter(struct pctx *c, json_object *rule, const char *name,
			struct sb_prof_filter *f)
{
	const char *key;
	json_object *v = member(rule, name, &key);
	char *mk = NULL;
	size_t mark;
	int rc;

	if (!v)
		return 0;
	mark = push_key(c, key);
	if (json_object_get_type(v) != json_type_object)
		return perr(c, -EINVAL, "'%s' must be an object, not %s", name,
			    type_name(v));
	rc = get_strv(c, v, "caps", SB_PROF_MAX_LIST, "capability", NULL,
		      &f->caps, &f->ncaps, NULL);
	if (!rc)
		rc = get_strv(c, v, "arches", SB_PROF_MAX_LIST, "architecture",
			      check_arch, &f->arches, &f->narches, NULL);
	if (!rc)
		rc = get_string(c, v, "minKernel", STR_NAME, &mk);
	if (!rc && mk && mk[0]) {
		const char *k2;
		size_t m2 = push_key(c, (member(v, "minKernel", &k2), k2));

		rc = parse_min_kernel(c, mk, &f->min_major, &f->min_minor);
		if (!rc)
			pop(c, m2);
	}
	free(mk);
	if (!rc)
		pop(c, mark);
	return rc;
}

/* ---- one syscalls[] entry ---- */

static int parse_arg(struct pctx *c, json_object *v, struct sb_prof_arg *a)
{
	uint64_t index = 0;
	char *op = NULL;
	const char *key;
	int rc;

	if (json_object_get_type(v) != json_type_object)
		return perr(c, -EINVAL, "an argument must be an object, not %s",
			    type_name(v));
	rc = get_uint(c, v, "index", 5, &index, NULL);
	if (!rc)
		rc = get_uint(c, v, "value", UINT64_MAX, &a->value, NULL);
	if (!rc)
		rc = get_uint(c, v, "valueTwo", UINT64_MAX, &a->value2, NULL);
	if (!rc)
		rc = get_string(c, v, "op", STR_NAME, &op);
	if (rc)
		return rc;
	a->index = (uint8_t)index;
	if (!op || !op[0]) {
		free(op);
		return perr(c, -EINVAL, "argument has no 'op'");
	}
	a->op = (uint8_t)sb_op_from_name(op);
	if (!a->op) {
		size_t mark = push_key(c, (member(v, "op", &key), key));

		rc = perr(c, -EINVAL, "unknown operator '%s'", op);
		pop(c, mark);
		free(op);
		return rc;
	}
	free(op);
	return 0;
}

static int parse_rule(struct pctx *c, json_object *v, struct sb_prof_rule *r)
{
	char *name = NULL, *action = NULL;
	json_object *args;
	const char *key;
	uint64_t ret = 0;
	bool ret_set = false, errno_set = false;
	uint32_t errno_val = 0;
	int rc;

	if (json_object_get_type(v) != json_type_object)
		return perr(c, -EINVAL,
			    "a syscalls entry must be an object, "
			    "not %s",
			    type_name(v));
	r->pointer = strdup(c->ptr);
	if (!r->pointer)
		return nomem(c);

	rc = get_string(c, v, "name", STR_NAME, &name);
	if (!rc)
		rc = get_strv(c, v, "names", SB_PROF_MAX_NAMES, "syscall name",
			      NULL, &r->names, &r->nnames, NULL);
	if (rc)
		goto out;
	if (name && name[0] && r->nnames) {
		rc = perr(c, -EINVAL,
			  "both 'name' and 'names' given; use "
			  "'names'");
		goto out;
	}
	if (name && name[0]) {
		free(r->names); /* "names": [] came as an empty list */
		r->names = calloc(1, sizeof(*r->names));
		if (!r->names) {
			rc = nomem(c);
			goto out;
		}
		r->names[0] = name;
		r->nnames = 1;
		name = NULL;
	}

	c->total_names += r->nnames;
	if (c->total_names > SB_PROF_MAX_TOTAL_NAMES) {
		rc = perr(c, -E2BIG, "more than %d syscall names in all rules",
			  SB_PROF_MAX_TOTAL_NAMES);
		goto out;
	}

	rc = get_string(c, v, "action", STR_NAME, &action);
	if (rc)
		goto out;
	/* a rule naming nothing is dropped later, whatever its action (as
	 * containers/common does); one naming calls needs an action */
	if ((!action || !action[0]) && r->nnames) {
		rc = perr(c, -EINVAL, "syscalls entry has no 'action'");
		goto out;
	}
	r->act = action && action[0] ? sb_act_from_name(action) : SB_ACT_ALLOW;
	if (!r->act) {
		size_t mark = push_key(c, (member(v, "action", &key), key));

		rc = perr(c, -EINVAL, "unknown action '%s'", action);
		pop(c, mark);
		goto out;
	}

	rc = get_uint(c, v, "errnoRet", SECBPF_RET_DATA, &ret, &ret_set);
	if (!rc)
		rc = get_errno(c, v, "errno", &errno_val, &errno_set);
	if (rc)
		goto out;
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

	args = array_member(c, v, "args", &key, &rc);
	if (rc)
		goto out;
	if (args) {
		size_t n = json_object_array_length(args);
		size_t mark = push_key(c, key);

		if (n > SB_MAX_CONDS) {
			rc = perr(c, -E2BIG, "more than %d arguments",
				  SB_MAX_CONDS);
			goto out;
		}
		r->args = calloc(n ? n : 1, sizeof(*r->args));
		if (!r->args) {
			rc = nomem(c);
			goto out;
		}
		for (size_t i = 0; i < n; i++) {
			size_t m = push_index(c, i);

			rc = parse_arg(c, json_object_array_get_idx(args, i),
				       &r->args[i]);
			if (rc)
				goto out;
			r->nargs++;
			pop(c, m);
		}
		pop(c, mark);
	}

	rc = get_string(c, v, "comment", STR_TEXT, &r->comment);
	if (!rc)
		rc = parse_filter(c, v, "includes", &r->includes);
	if (!rc)
		rc = parse_filter(c, v, "excludes", &r->excludes);
out:
	free(name);
	free(action);
	return rc;
}

/* ---- the profile object ---- */

static int parse_archmap(struct pctx *c, json_object *arr,
			 struct secbpf_profile *p)
{
	size_t n = json_object_array_length(arr);

	if (n > SB_PROF_MAX_LIST)
		return perr(c, -E2BIG, "'archMap' has more than %d entries",
			    SB_PROF_MAX_LIST);
	p->archmap = calloc(n ? n : 1, sizeof(*p->archmap));
	if (!p->archmap)
		return nomem(c);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(arr, i);
		struct sb_prof_archmap *am = &p->archmap[i];
		size_t mark = push_index(c, i);
		int rc;

		p->narchmap++;
		if (json_object_get_type(e) != json_type_object)
			return perr(c, -EINVAL,
				    "an archMap entry must be an "
				    "object, not %s",
				    type_name(e));
		rc = get_string(c, e, "architecture", STR_NAME, &am->arch);
		if (rc)
			return rc;
		if (!am->arch || !am->arch[0])
			return perr(c, -EINVAL,
				    "archMap entry has no "
				    "'architecture'");
		if (strcmp(am->arch, "SCMP_ARCH_NATIVE") &&
		    !secbpf_arch_lookup(am->arch)) {
			const char *key;

			push_key(c, (member(e, "architecture", &key), key));
			return check_arch(c, am->arch);
		}
		rc = get_strv(c, e, "subArchitectures", SB_PROF_MAX_LIST,
			      "architecture", check_arch, &am->subarches,
			      &am->nsub, NULL);
		if (rc)
			return rc;
		pop(c, mark);
	}
	return 0;
}

static int parse_profile(struct pctx *c, json_object *root,
			 struct secbpf_profile *p)
{
	json_object *arr;
	const char *key;
	char *action = NULL;
	uint64_t ret = 0;
	bool ret_set = false, errno_set = false;
	uint32_t errno_val = 0;
	int rc;

	if (json_object_get_type(root) != json_type_object)
		return perr(c, -EINVAL,
			    "a profile must be a JSON object, not %s",
			    type_name(root));

	rc = get_string(c, root, "defaultAction", STR_NAME, &action);
	if (rc)
		return rc;
	if (action && action[0]) {
		p->default_act = sb_act_from_name(action);
		if (!p->default_act) {
			size_t mark = push_key(
				c, (member(root, "defaultAction", &key), key));

			rc = perr(c, -EINVAL, "unknown action '%s'", action);
			pop(c, mark);
			free(action);
			return rc;
		}
	}
	free(action);

	rc = get_uint(c, root, "defaultErrnoRet", SECBPF_RET_DATA, &ret,
		      &ret_set);
	if (!rc)
		rc = get_errno(c, root, "defaultErrno", &errno_val, &errno_set);
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

	rc = get_strv(c, root, "architectures", SB_PROF_MAX_LIST,
		      "architecture", check_arch, &p->arches, &p->narches,
		      NULL);
	if (rc)
		return rc;
	arr = array_member(c, root, "archMap", &key, &rc);
	if (rc)
		return rc;
	if (arr) {
		size_t mark = push_key(c, key);

		rc = parse_archmap(c, arr, p);
		if (rc)
			return rc;
		pop(c, mark);
	}
	if (p->narches && p->narchmap) {
		size_t mark = push_key(c, key);

		rc = perr(c, -EINVAL,
			  "both 'architectures' and 'archMap' "
			  "given; use one");
		pop(c, mark);
		return rc;
	}

	rc = get_strv(c, root, "flags", SB_PROF_MAX_LIST, "flag", check_flag,
		      &p->flags, &p->nflags, &p->flags_set);
	if (!rc)
		rc = get_string(c, root, "listenerPath", STR_STRICT_TEXT,
				&p->listener_path);
	if (!rc)
		rc = get_string(c, root, "listenerMetadata", STR_STRICT_TEXT,
				&p->listener_metadata);
	if (rc)
		return rc;

	arr = array_member(c, root, "syscalls", &key, &rc);
	if (rc)
		return rc;
	if (arr) {
		size_t n = json_object_array_length(arr);
		size_t mark = push_key(c, key);

		if (n > SB_PROF_MAX_RULES)
			return perr(c, -E2BIG, "more than %d syscalls entries",
				    SB_PROF_MAX_RULES);
		p->rules = calloc(n ? n : 1, sizeof(*p->rules));
		if (!p->rules)
			return nomem(c);
		for (size_t i = 0; i < n; i++) {
			size_t m = push_index(c, i);

			p->nrules++;
			rc = parse_rule(c, json_object_array_get_idx(arr, i),
					&p->rules[i]);
			if (rc)
				return rc;
			pop(c, m);
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

/* Does this object look like an OCI config.json rather than a profile? */
static bool looks_like_config(json_object *root)
{
	const char *key;
	bool has_version, has_linux;

	if (json_object_get_type(root) != json_type_object)
		return false;
	if (member(root, "defaultAction", &key) ||
	    member(root, "syscalls", &key))
		return false;
	/* present even if null; named as Go would match them */
	member_or_null(root, "ociVersion", &key, &has_version);
	member_or_null(root, "linux", &key, &has_linux);
	return has_version || has_linux;
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
	if (kind == LOAD_CONFIG ||
	    (kind == LOAD_DETECT && looks_like_config(root))) {
		json_object *linux_obj = NULL, *sec = NULL;
		const char *key;

		if (json_object_get_type(root) == json_type_object)
			linux_obj = member(root, "linux", &key);
		if (linux_obj) {
			push_key(&c, key);
			if (json_object_get_type(linux_obj) !=
			    json_type_object) {
				rc = perr(&c, -EINVAL,
					  "'linux' must be an "
					  "object, not %s",
					  type_name(linux_obj));
				goto fail;
			}
			sec = member(linux_obj, "seccomp", &key);
		}
		if (!sec) {
			rc = perr(&c, -ENOENT,
				  "the configuration has no "
				  "'linux.seccomp'");
			goto fail;
		}
		push_key(&c, key);
		obj = sec;
	}

	p = sb_profile_alloc();
	if (!p) {
		rc = nomem(&c);
		goto fail;
	}
	p->source = strdup(c.file);
	if (!p->source) {
		rc = nomem(&c);
		goto fail;
	}
	rc = parse_profile(&c, obj, p);
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

struct secbpf_profile *sb_profile_alloc(void)
{
	return calloc(1, sizeof(struct secbpf_profile));
}

void sb_strv_free(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

char **sb_strv_dup(char *const *v, size_t n)
{
	char **d = calloc(n ? n : 1, sizeof(*d));

	if (!d)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		d[i] = strdup(v[i]);
		if (!d[i]) {
			sb_strv_free(d, i);
			return NULL;
		}
	}
	return d;
}

static void filter_clear(struct sb_prof_filter *f)
{
	sb_strv_free(f->caps, f->ncaps);
	sb_strv_free(f->arches, f->narches);
	memset(f, 0, sizeof(*f));
}

void sb_rule_clear(struct sb_prof_rule *r)
{
	sb_strv_free(r->names, r->nnames);
	free(r->args);
	free(r->comment);
	free(r->pointer);
	filter_clear(&r->includes);
	filter_clear(&r->excludes);
	memset(r, 0, sizeof(*r));
}

static int filter_copy(struct sb_prof_filter *d, const struct sb_prof_filter *s)
{
	*d = *s;
	d->caps = NULL;
	d->arches = NULL;
	if (s->caps && !(d->caps = sb_strv_dup(s->caps, s->ncaps)))
		return -ENOMEM;
	if (s->arches && !(d->arches = sb_strv_dup(s->arches, s->narches)))
		return -ENOMEM;
	return 0;
}

int sb_rule_copy(struct sb_prof_rule *d, const struct sb_prof_rule *s)
{
	memset(d, 0, sizeof(*d));
	d->act = s->act;
	d->data = s->data;
	d->data_set = s->data_set;
	if (s->names && !(d->names = sb_strv_dup(s->names, s->nnames)))
		goto fail;
	d->nnames = s->nnames;
	if (s->nargs) {
		d->args = malloc(s->nargs * sizeof(*d->args));
		if (!d->args)
			goto fail;
		memcpy(d->args, s->args, s->nargs * sizeof(*d->args));
		d->nargs = s->nargs;
	}
	if (s->comment && !(d->comment = strdup(s->comment)))
		goto fail;
	if (s->pointer && !(d->pointer = strdup(s->pointer)))
		goto fail;
	if (filter_copy(&d->includes, &s->includes) ||
	    filter_copy(&d->excludes, &s->excludes))
		goto fail;
	return 0;
fail:
	sb_rule_clear(d);
	return -ENOMEM;
}

void secbpf_profile_free(struct secbpf_profile *p)
{
	if (!p)
		return;
	sb_strv_free(p->arches, p->narches);
	for (size_t i = 0; i < p->narchmap; i++) {
		free(p->archmap[i].arch);
		sb_strv_free(p->archmap[i].subarches, p->archmap[i].nsub);
	}
	free(p->archmap);
	for (size_t i = 0; i < p->nrules; i++)
		sb_rule_clear(&p->rules[i]);
	free(p->rules);
	sb_strv_free(p->flags, p->nflags);
	free(p->listener_path);
	free(p->listener_metadata);
	free(p->source);
	free(p);
}
