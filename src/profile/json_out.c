// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Writing profiles back as JSON: the Docker/containers seccomp.json form
 * (what containers/common ships and the seed's "make" printed) or the OCI
 * linux.seccomp a runtime receives.
 *
 * The layout is the one Go's json.MarshalIndent(v, "", "\t") gives, so that
 * our output diffs cleanly against the files people already have.  (json-c's
 * own pretty printer writes '"key":value' and cannot use tabs.)
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

struct out {
	char *p;
	size_t len, cap;
	bool oom;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->oom)
		return;
	if (o->len + n + 1 > o->cap) {
		size_t ncap = o->cap ? o->cap : 4096;
		char *np;

		while (o->len + n + 1 > ncap)
			ncap *= 2;
		np = realloc(o->p, ncap);
		if (!np) {
			o->oom = true;
			return;
		}
		o->p = np;
		o->cap = ncap;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

static void puts_out(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void printf_out(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void printf_out(struct out *o, const char *fmt, ...)
{
	char buf[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		put(o, buf,
		    (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

static void newline(struct out *o, unsigned level)
{
	put(o, "\n", 1);
	for (unsigned i = 0; i < level; i++)
		put(o, "\t", 1);
}

/*
 * A JSON string: quotes, backslashes and control characters escaped, and
 * whatever is not UTF-8 written as \ufffd (as Go's encoder does), so that
 * the output is valid JSON whatever the strings hold.  C1 controls and
 * U+2028/U+2029 are escaped too (Go escapes the latter), so that printing
 * the output on a terminal is safe.
 */
static void put_string(struct out *o, const char *s)
{
	size_t n = strlen(s);

	put(o, "\"", 1);
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t k;

		if (c == '"' || c == '\\') {
			char esc[2] = {'\\', (char)c};

			put(o, esc, 2);
		} else if (c == '\n') {
			puts_out(o, "\\n");
		} else if (c == '\t') {
			puts_out(o, "\\t");
		} else if (c < 0x20 || c == 0x7f) {
			printf_out(o, "\\u%04x", c);
		} else if (c >= 0x80) {
			const unsigned char *u = (const unsigned char *)s + i;

			k = sb_utf8_seq(s + i, n - i);
			if (!k)
				puts_out(o, "\\ufffd");
			else if (k == 2 && u[0] == 0xc2 && u[1] < 0xa0)
				printf_out(o, "\\u%04x", u[1]);
			else if (k == 3 && u[0] == 0xe2 && u[1] == 0x80 &&
				 (u[2] == 0xa8 || u[2] == 0xa9))
				printf_out(o, "\\u%04x", 0x2000U + u[2] - 0x80);
			else
				put(o, s + i, k);
			i += k ? k : 1;
			continue;
		} else {
			put(o, s + i, 1);
		}
		i++;
	}
	put(o, "\"", 1);
}

/* Objects: open, then key() before each member, then close. */
struct obj {
	unsigned level;
	bool first;
};

static struct obj open_obj(struct out *o, unsigned level)
{
	put(o, "{", 1);
	return (struct obj){.level = level, .first = true};
}

static void key(struct out *o, struct obj *ob, const char *name)
{
	if (!ob->first)
		put(o, ",", 1);
	ob->first = false;
	newline(o, ob->level + 1);
	put_string(o, name);
	puts_out(o, ": ");
}

static void close_obj(struct out *o, struct obj *ob)
{
	if (!ob->first)
		newline(o, ob->level);
	put(o, "}", 1);
}

static void put_strv(struct out *o, unsigned level, char *const *v, size_t n)
{
	put(o, "[", 1);
	for (size_t i = 0; i < n; i++) {
		if (i)
			put(o, ",", 1);
		newline(o, level + 1);
		put_string(o, v[i]);
	}
	if (n)
		newline(o, level);
	put(o, "]", 1);
}

static void put_args(struct out *o, unsigned level,
		     const struct sb_prof_rule *r, bool oci)
{
	put(o, "[", 1);
	for (size_t i = 0; i < r->nargs; i++) {
		const struct sb_prof_arg *a = &r->args[i];
		struct obj ob;

		if (i)
			put(o, ",", 1);
		newline(o, level + 1);
		ob = open_obj(o, level + 1);
		key(o, &ob, "index");
		printf_out(o, "%u", a->index);
		key(o, &ob, "value");
		printf_out(o, "%llu", (unsigned long long)a->value);
		/* OCI marks valueTwo omitempty; seccomp.json always has it */
		if (!oci || a->value2) {
			key(o, &ob, "valueTwo");
			printf_out(o, "%llu", (unsigned long long)a->value2);
		}
		key(o, &ob, "op");
		put_string(o, sb_op_name(a->op));
		close_obj(o, &ob);
	}
	if (r->nargs)
		newline(o, level);
	put(o, "]", 1);
}

static void put_filter(struct out *o, unsigned level,
		       const struct sb_prof_filter *f)
{
	struct obj ob = open_obj(o, level);

	if (f->ncaps) {
		key(o, &ob, "caps");
		put_strv(o, level + 1, f->caps, f->ncaps);
	}
	if (f->narches) {
		key(o, &ob, "arches");
		put_strv(o, level + 1, f->arches, f->narches);
	}
	if (f->min_major || f->min_minor) {
		key(o, &ob, "minKernel");
		printf_out(o, "\"%u.%u\"", f->min_major, f->min_minor);
	}
	close_obj(o, &ob);
}

/* errnoRet (the number every consumer reads) and, for ERRNO, errno (the
 * name containers/common prefers) */
static void put_errno(struct out *o, struct obj *ob, enum sb_act act,
		      uint32_t data, const char *num_key, const char *name_key)
{
	const char *name = act == SB_ACT_ERRNO && name_key
				   ? sb_errno_name((int)data)
				   : NULL;

	key(o, ob, num_key);
	printf_out(o, "%u", data);
	if (name) {
		key(o, ob, name_key);
		put_string(o, name);
	}
}

static void put_rule(struct out *o, unsigned level,
		     const struct sb_prof_rule *r, bool oci)
{
	struct obj ob = open_obj(o, level);

	key(o, &ob, "names");
	put_strv(o, level + 1, r->names, r->nnames);
	key(o, &ob, "action");
	put_string(o, sb_act_name(r->act));
	if (oci) {
		if (r->data_set)
			put_errno(o, &ob, r->act, r->data, "errnoRet", NULL);
		if (r->nargs) {
			key(o, &ob, "args");
			put_args(o, level + 1, r, true);
		}
	} else {
		key(o, &ob, "args");
		put_args(o, level + 1, r, false);
		key(o, &ob, "comment");
		put_string(o, r->comment ? r->comment : "");
		key(o, &ob, "includes");
		put_filter(o, level + 1, &r->includes);
		key(o, &ob, "excludes");
		put_filter(o, level + 1, &r->excludes);
		if (r->data_set)
			put_errno(o, &ob, r->act, r->data, "errnoRet", "errno");
	}
	close_obj(o, &ob);
}

static void put_profile(struct out *o, const struct secbpf_profile *p, bool oci)
{
	struct obj ob = open_obj(o, 0);
	size_t written = 0;

	/* no defaultAction: a profile that leaves seccomp off */
	if (p->default_act) {
		key(o, &ob, "defaultAction");
		put_string(o, sb_act_name(p->default_act));
	}
	if (p->default_data_set)
		put_errno(o, &ob, p->default_act, p->default_data,
			  "defaultErrnoRet", oci ? NULL : "defaultErrno");
	if (p->narches) {
		key(o, &ob, "architectures");
		put_strv(o, 1, p->arches, p->narches);
	}
	if (!oci && p->narchmap) {
		key(o, &ob, "archMap");
		put(o, "[", 1);
		for (size_t i = 0; i < p->narchmap; i++) {
			struct obj am;

			if (i)
				put(o, ",", 1);
			newline(o, 2);
			am = open_obj(o, 2);
			key(o, &am, "architecture");
			put_string(o, p->archmap[i].arch);
			key(o, &am, "subArchitectures");
			put_strv(o, 3, p->archmap[i].subarches,
				 p->archmap[i].nsub);
			close_obj(o, &am);
		}
		newline(o, 1);
		put(o, "]", 1);
	}
	if (p->flags_set) {
		key(o, &ob, "flags");
		put_strv(o, 1, p->flags, p->nflags);
	}
	if (p->listener_path) {
		key(o, &ob, "listenerPath");
		put_string(o, p->listener_path);
	}
	if (p->listener_metadata) {
		key(o, &ob, "listenerMetadata");
		put_string(o, p->listener_metadata);
	}
	key(o, &ob, "syscalls");
	put(o, "[", 1);
	for (size_t i = 0; i < p->nrules; i++) {
		if (!p->rules[i].nnames)
			continue;
		if (written++)
			put(o, ",", 1);
		newline(o, 2);
		put_rule(o, 2, &p->rules[i], oci);
	}
	if (written)
		newline(o, 1);
	put(o, "]", 1);
	close_obj(o, &ob);
	put(o, "\n", 1);
}

int secbpf_profile_to_json(const struct secbpf_profile *profile,
			   enum secbpf_json_style style, char **out,
			   struct secbpf_error *err)
{
	struct secbpf_profile *resolved = NULL;
	struct out o = {0};
	int rc;

	if (!profile || !out ||
	    (style != SECBPF_JSON_DOCKER && style != SECBPF_JSON_OCI))
		return sb_err(err, -EINVAL, "invalid arguments");
	*out = NULL;
	if (style == SECBPF_JSON_OCI && !profile->resolved) {
		/* OCI has no includes or archMap: evaluate them for this
		 * host first, as a runtime's caller would */
		rc = secbpf_profile_resolve(profile, NULL, &resolved, err);
		if (rc)
			return rc;
		profile = resolved;
	}
	put_profile(&o, profile, style == SECBPF_JSON_OCI);
	secbpf_profile_free(resolved);
	if (o.oom) {
		free(o.p);
		return sb_err(err, -ENOMEM, "out of memory writing JSON");
	}
	*out = o.p;
	return 0;
}
