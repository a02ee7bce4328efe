// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The profiles secbpf record writes.
 *
 * Without a base: a seccomp.json whose default action is ERRNO with
 * defaultErrnoRet ENOSYS, one rule allowing every name seen, and one
 * refusing with EPERM every other name the syscall tables know for the
 * arches written.  So a known call the command never made fails with
 * EPERM, and a number the tables do not know (a syscall newer than them)
 * fails with ENOSYS, so that programs fall back from it, under any runtime
 * and with no option: the profile says it all.
 *
 * With a base: the base's text, untouched, plus one rule appended to its
 * "syscalls" allowing the names of the calls its own default action
 * decided (no rule allowed them).  Each call was judged, with its
 * arguments, by the filter the base compiles to on this machine.
 *
 * Either profile is compiled before it is written, and its filter checked
 * against what was meant for every syscall of the tables: a profile that
 * would not decide as intended is an error, never an output.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"

/* What record says on standard error, after its name. */
void rec_info(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: record: ", cli_prog);
	cli_put_text(stderr, msg);
	fputc('\n', stderr);
}

/*
 * The bad-arch action of the base's filter while judging: TRAP with data,
 * which no profile rule returns (a profile's TRAP carries none), so that a
 * call of an arch the base leaves out is told from one a rule traps.
 */
#define BADARCH_MARK (SECBPF_RET_TRAP | 0xbadU)
#define MAX_SHOWN 10
#define COMMENT_ADDED "added by secbpf record: what the base refused by default"

/* A sorted set of syscall names (static strings from the tables). */
struct names {
	const char **v;
	size_t n, cap;
};

static int names_add(struct names *s, const char *name)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 256;
		const char **v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = name;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void names_sort(struct names *s)
{
	size_t k = 0;

	if (!s->n)
		return;
	qsort(s->v, s->n, sizeof(*s->v), cmp_str);
	for (size_t i = 1; i < s->n; i++)
		if (strcmp(s->v[i], s->v[k]))
			s->v[++k] = s->v[i];
	s->n = k + 1;
}

static bool names_has(const struct names *s, const char *name)
{
	return s->n &&
	       bsearch(&name, s->v, s->n, sizeof(*s->v), cmp_str) != NULL;
}

/* ---- compiling a profile as this machine's runtime would ---- */

/*
 * Load "text", resolve it for the environment (capabilities, kernel; the
 * arches a runtime takes: native plus the profile's archMap relatives)
 * and compile it with the bad-arch action marked.  0, or 1 with a
 * message.
 */
static int compile_text(const char *text, size_t len, const char *name,
			const struct cli_env *env, bool show_warnings,
			struct secbpf_prog **prog, uint32_t *default_action)
{
	struct cli_env e = env ? *env : (struct cli_env){0};
	struct secbpf_resolve_opts ro;
	struct secbpf_policy_opts po;
	SECBPF_OPTS(secbpf_compile_opts, co);
	struct secbpf_profile *p = NULL, *r = NULL;
	struct secbpf_policy *pol = NULL;
	struct secbpf_error err;
	int rc = 1;

	e.narches = 0; /* --arch says what to record, not how to resolve */
	cli_env_resolve_opts(&e, &ro);
	cli_env_policy_opts(&e, &po);
	po.badarch_action = BADARCH_MARK;
	po.badarch_set = true;
	if (secbpf_profile_load_bytes(text, len, name, &p, &err) ||
	    secbpf_profile_resolve(p, &ro, &r, &err) ||
	    secbpf_policy_new(r, &po, &pol, &err))
		goto lib_error;
	if (show_warnings)
		cli_policy_warnings(pol, MAX_SHOWN,
				    " ('secbpf profile --resolve' lists them)");
	if (secbpf_compile(pol, &co, prog, &err))
		goto lib_error;
	*default_action = secbpf_policy_default_action(pol);
	rc = 0;
	goto out;
lib_error:
	rc = cli_lib_error(&err);
out:
	secbpf_policy_free(pol);
	secbpf_profile_free(r);
	secbpf_profile_free(p);
	return rc;
}

static uint32_t verdict(const struct secbpf_prog *prog, uint32_t audit,
			uint32_t nr)
{
	struct secbpf_data d = {.nr = nr, .arch = audit};
	struct secbpf_run_result res = {0};

	if (secbpf_prog_run(prog, &d, &res, NULL))
		return SECBPF_RET_KILL_PROCESS;
	return res.action;
}

static bool allows(uint32_t action)
{
	action &= SECBPF_RET_ACTION_FULL;
	return action == SECBPF_RET_ALLOW || action == SECBPF_RET_LOG;
}

/* ---- the base ---- */

int rec_base_load(struct rec_base *base, const char *path,
		  const struct cli_env *env)
{
	memset(base, 0, sizeof(*base));
	base->path = path;
	base->badarch = BADARCH_MARK;
	if (cli_read_file(path, CLI_MAX_PROFILE, &base->text, &base->len))
		return 1;
	return compile_text(base->text, base->len,
			    strcmp(path, "-") ? path : "<stdin>", env, true,
			    &base->prog, &base->default_action);
}

void rec_base_free(struct rec_base *base)
{
	free(base->text);
	secbpf_prog_free(base->prog);
	memset(base, 0, sizeof(*base));
}

void rec_base_judge(const struct rec_base *base, uint32_t audit, uint32_t nr,
		    uint64_t ip, const uint64_t args[6], struct rec_verdicts *v)
{
	struct secbpf_data d = {
		.nr = nr, .arch = audit, .instruction_pointer = ip};
	struct secbpf_run_result res = {0};
	uint32_t act;

	memcpy(d.args, args, sizeof(d.args));
	/* a compiled program runs; should it not, adding nothing is safe */
	act = secbpf_prog_run(base->prog, &d, &res, NULL)
		      ? SECBPF_RET_KILL_PROCESS
		      : res.action;
	if (allows(act))
		v->allowed++;
	else if (act == base->badarch)
		v->no_arch++;
	else if (act == base->default_action)
		v->lacking++;
	else {
		v->by_rule++;
		v->rule_action = act;
	}
}

/* ---- JSON text ---- */

static void put_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* "names": [...] one per line, as Docker's profiles lay them out. */
static void put_names(FILE *f, const struct names *s, const char *indent,
		      const char *unit)
{
	fprintf(f, "%s%s\"names\": [\n", indent, unit);
	for (size_t i = 0; i < s->n; i++) {
		fprintf(f, "%s%s%s", indent, unit, unit);
		put_string(f, s->v[i]);
		fputs(i + 1 < s->n ? ",\n" : "\n", f);
	}
	fprintf(f, "%s%s],\n", indent, unit);
}

/* ---- the profile without a base ---- */

/* The arches the profile names: the native one and those seen. */
static size_t profile_arches(const struct rec *rec, const struct rec_arch **out)
{
	size_t n = 0;

	for (size_t a = 0; a < rec->narches; a++)
		if (!a || rec->arches[a].calls)
			out[n++] = &rec->arches[a];
	return n;
}

static const char *name_of(const struct secbpf_arch *arch, uint32_t nr)
{
	const char *name = secbpf_syscall_name(arch, nr);

	return name ? name : "";
}

/*
 * Names refused with EPERM: those of the tables, for the arches written,
 * that were not seen.  Left to the default (ENOSYS) instead: a multiplexer
 * (socketcall, ipc) whose sub-call was seen, and a sub-call whose
 * multiplexer was seen, since a rule on one is also a rule on the other,
 * and an allowed one would meet a refused one on the same number.
 */
static int refused_names(const struct rec_arch *const *arches, size_t narches,
			 const struct names *allow, struct names *deny)
{
	struct names skip = {0};
	int rc = 0;

	for (size_t a = 0; a < narches && !rc; a++) {
		const struct secbpf_arch *arch = arches[a]->arch;

		for (size_t i = 0; i < allow->n && !rc; i++) {
			uint32_t mux, sub;

			if (!secbpf_syscall_multiplex(arch, allow->v[i], &mux,
						      &sub))
				rc = names_add(&skip, name_of(arch, mux));
		}
	}
	names_sort(&skip);
	for (size_t a = 0; a < narches && !rc; a++) {
		const struct rec_arch *ra = arches[a];

		for (size_t i = 0; i < ra->n && !rc; i++) {
			const char *name = ra->table[i].name;
			bool skipped = names_has(allow, name) ||
				       names_has(&skip, name);

			for (size_t b = 0; b < narches && !skipped; b++) {
				uint32_t mux, sub;

				skipped = !secbpf_syscall_multiplex(
						  arches[b]->arch, name, &mux,
						  &sub) &&
					  names_has(allow,
						    name_of(arches[b]->arch,
							    mux));
			}
			if (!skipped)
				rc = names_add(deny, name);
		}
	}
	free(skip.v);
	if (rc)
		return cli_error("out of memory");
	names_sort(deny);
	return 0;
}

static char *fresh_text(const struct rec_arch *const *arches, size_t narches,
			const struct names *allow, const struct names *deny,
			size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);

	if (!f)
		return NULL;
	fprintf(f,
		"{\n"
		"\t\"comment\": \"recorded by secbpf record; the syscall "
		"tables of Linux %s\",\n"
		"\t\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
		"\t\"defaultErrnoRet\": %d,\n"
		"\t\"archMap\": [\n"
		"\t\t{\n"
		"\t\t\t\"architecture\": \"%s\",\n"
		"\t\t\t\"subArchitectures\": [",
		secbpf_syscall_tables_kernel(), ENOSYS,
		secbpf_arch_scmp_name(arches[0]->arch));
	for (size_t a = 1; a < narches; a++)
		fprintf(f, "%s\"%s\"", a > 1 ? ", " : "",
			secbpf_arch_scmp_name(arches[a]->arch));
	fputs("]\n\t\t}\n\t],\n\t\"syscalls\": [\n", f);
	if (allow->n) {
		fputs("\t\t{\n", f);
		put_names(f, allow, "\t\t", "\t");
		fputs("\t\t\t\"action\": \"SCMP_ACT_ALLOW\",\n"
		      "\t\t\t\"comment\": \"made by the command\"\n"
		      "\t\t}",
		      f);
	}
	if (deny->n) {
		fputs(allow->n ? ",\n\t\t{\n" : "\t\t{\n", f);
		put_names(f, deny, "\t\t", "\t");
		fprintf(f,
			"\t\t\t\"action\": \"SCMP_ACT_ERRNO\",\n"
			"\t\t\t\"errnoRet\": %d,\n"
			"\t\t\t\"comment\": \"not made by the command; "
			"newer syscalls get the default, ENOSYS\"\n"
			"\t\t}",
			EPERM);
	}
	fputs("\n\t]\n}\n", f);
	if (fclose(f)) {
		free(text);
		return NULL;
	}
	return text;
}

/* The compiled profile decides every syscall of the tables as meant. */
static int check_fresh(const char *text, size_t len,
		       const struct rec_arch *const *arches, size_t narches,
		       const struct names *allow, const struct names *deny)
{
	struct secbpf_prog *prog = NULL;
	uint32_t def;
	char want_s[32], got_s[32];
	int rc = 0;

	if (compile_text(text, len, "the recorded profile", NULL, false, &prog,
			 &def))
		return 1;
	for (size_t a = 0; a < narches && !rc; a++) {
		const struct rec_arch *ra = arches[a];
		uint32_t audit = secbpf_arch_audit(ra->arch);

		for (size_t i = 0; i < ra->n + ra->nunknown && !rc; i++) {
			const char *name = i < ra->n ? ra->table[i].name : NULL;
			uint32_t nr = name ? ra->table[i].nr
					   : ra->unknown[i - ra->n].nr;
			uint32_t want = SECBPF_RET_ERRNO(ENOSYS), got;

			if (name && names_has(allow, name))
				want = SECBPF_RET_ALLOW;
			else if (name && names_has(deny, name))
				want = SECBPF_RET_ERRNO(EPERM);
			got = verdict(prog, audit, nr);
			if (got != want)
				rc = cli_error(
					"internal error: the recorded profile "
					"decides %s syscall %u ('%s') %s, not "
					"%s; nothing written",
					secbpf_arch_name(ra->arch), nr,
					name ? name : "?",
					secbpf_action_str(got, got_s,
							  sizeof(got_s)),
					secbpf_action_str(want, want_s,
							  sizeof(want_s)));
		}
	}
	secbpf_prog_free(prog);
	return rc;
}

static int write_fresh(const struct rec *rec, const char *path)
{
	const struct rec_arch *arches[REC_MAX_ARCHES];
	size_t narches = profile_arches(rec, arches), len = 0;
	struct names allow = {0}, deny = {0};
	char *text = NULL;
	int rc = 1;

	for (size_t a = 0; a < narches; a++)
		for (size_t i = 0; i < arches[a]->n; i++)
			if (arches[a]->counts[i] &&
			    names_add(&allow, arches[a]->table[i].name)) {
				cli_error("out of memory");
				goto out;
			}
	names_sort(&allow);
	if (refused_names(arches, narches, &allow, &deny))
		goto out;
	text = fresh_text(arches, narches, &allow, &deny, &len);
	if (!text) {
		cli_error("out of memory");
		goto out;
	}
	if (check_fresh(text, len, arches, narches, &allow, &deny))
		goto out;
	rc = cli_write_output(path, text, len, false);
	if (!rc && path && strcmp(path, "-"))
		rec_info("wrote '%s': %zu syscalls allowed, %zu refused with "
			 "EPERM, newer ones with ENOSYS",
			 path, allow.n, deny.n);
out:
	free(text);
	free(allow.v);
	free(deny.v);
	return rc;
}

/* ---- the base plus what it lacked ---- */

/*
 * A reader of JSON text the library has accepted already (so valid, within
 * its depth, no field twice in an object it reads): enough to find where
 * the profile's "syscalls" array ends.  Keys are matched as the loader
 * matches them (Go's folding), a null value is no member.  Should it ever
 * read the text otherwise than the loader, the check of the result says
 * so and nothing is written.
 */
static size_t skip_ws(const char *t, size_t len, size_t i)
{
	while (i < len && strchr(" \t\r\n", t[i]) && t[i])
		i++;
	return i;
}

static size_t skip_string(const char *t, size_t len, size_t i)
{
	for (i++; i < len && t[i] != '"'; i++)
		if (t[i] == '\\')
			i++;
	return i + 1;
}

/* Past the value at t[i]: a string, a container, or a scalar. */
static size_t skip_value(const char *t, size_t len, size_t i)
{
	int depth = 0;

	while (i < len) {
		char c = t[i];

		if (c == '"') {
			i = skip_string(t, len, i);
			if (!depth)
				return i;
			continue;
		}
		if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (!depth)
				return i; /* a scalar ends the container */
			if (!--depth)
				return i + 1;
		} else if (!depth && (c == ',' || c == ' ' || c == '\t' ||
				      c == '\r' || c == '\n')) {
			return i; /* the end of a scalar */
		}
		i++;
	}
	return len;
}

/* The key at t[i] (a string) decoded to UTF-8; SIZE_MAX if over "cap". */
static size_t read_key(const char *t, size_t len, size_t i, unsigned char *out,
		       size_t cap)
{
	size_t o = 0;

	for (i++; i < len && t[i] != '"'; i++) {
		unsigned c = (unsigned char)t[i];

		if (o + 3 >= cap)
			return SIZE_MAX; /* longer than any field */
		if (c == '\\' && t[i + 1] == 'u') {
			char hex[5] = {0};

			memcpy(hex, t + i + 2, 4);
			c = (unsigned)strtoul(hex, NULL, 16);
			i += 5;
			if (c >= 0x800) {
				out[o++] = (unsigned char)(0xe0 | c >> 12);
				out[o++] =
					(unsigned char)(0x80 | (c >> 6 & 0x3f));
				out[o++] = (unsigned char)(0x80 | (c & 0x3f));
				continue;
			}
			if (c >= 0x80) {
				out[o++] = (unsigned char)(0xc0 | c >> 6);
				out[o++] = (unsigned char)(0x80 | (c & 0x3f));
				continue;
			}
		} else if (c == '\\') {
			/* \" \\ \/ as themselves; the others are no letter */
			c = (unsigned char)t[++i];
			if (c != '"' && c != '\\' && c != '/')
				c = 0x01;
		}
		out[o++] = (unsigned char)c;
	}
	return o;
}

/*
 * Does a key name a field as Go matches it (and the loader): ASCII case
 * aside, U+017F for 's', U+212A for 'k'.  Fields are letters only.
 */
static bool key_is(const unsigned char *k, size_t len, const char *field)
{
	const unsigned char *end = k + len;

	if (len == SIZE_MAX)
		return false;
	for (; *field; field++) {
		unsigned char f = (unsigned char)*field | 0x20;

		if (k < end && *k < 0x80) {
			if ((*k | 0x20) != f)
				return false;
			k++;
		} else if (f == 's' && end - k >= 2 && k[0] == 0xc5 &&
			   k[1] == 0xbf) {
			k += 2;
		} else if (f == 'k' && end - k >= 3 && k[0] == 0xe2 &&
			   k[1] == 0x84 && k[2] == 0xaa) {
			k += 3;
		} else {
			return false;
		}
	}
	return k == end;
}

struct member {
	size_t key, value; /* offsets; value == 0: none */
};

/* The member "name" of the object at t[obj] (a loaded profile holds a
 * field once; the last one is Go's). */
static struct member find_member(const char *t, size_t len, size_t obj,
				 const char *name)
{
	struct member m = {0}, last = {0};
	size_t i = skip_ws(t, len, obj + 1);

	while (i < len && t[i] == '"') {
		unsigned char key[64];
		size_t klen = read_key(t, len, i, key, sizeof(key));

		m.key = i;
		i = skip_ws(t, len, skip_string(t, len, i));
		m.value = skip_ws(t, len, i + 1); /* past ':' */
		if (key_is(key, klen, name))
			last = m;
		i = skip_ws(t, len, skip_value(t, len, m.value));
		if (i < len && t[i] == ',')
			i = skip_ws(t, len, i + 1);
	}
	return last;
}

static bool is_null(const char *t, size_t len, size_t i)
{
	return len - i >= 4 && !memcmp(t + i, "null", 4);
}

/* The loader's member(): null as none. */
static size_t member_value(const char *t, size_t len, size_t obj,
			   const char *name)
{
	struct member m = find_member(t, len, obj, name);

	return m.value && !is_null(t, len, m.value) ? m.value : 0;
}

/* Where the profile object starts: the root, or a config's
 * linux.seccomp, as the loader decides. */
static size_t profile_object(const char *t, size_t len)
{
	size_t root = skip_ws(t, len, 0), linux_obj;

	if (root >= len || t[root] != '{')
		return len;
	if (member_value(t, len, root, "defaultAction") ||
	    member_value(t, len, root, "syscalls") ||
	    (!find_member(t, len, root, "ociVersion").value &&
	     !find_member(t, len, root, "linux").value))
		return root;
	linux_obj = member_value(t, len, root, "linux");
	if (!linux_obj || t[linux_obj] != '{')
		return len;
	linux_obj = member_value(t, len, linux_obj, "seccomp");
	return linux_obj && t[linux_obj] == '{' ? linux_obj : len;
}

/* The blanks that start the line t[i] is on, if only blanks precede it. */
static void line_indent(const char *t, size_t i, char *out, size_t cap)
{
	size_t start = i;

	while (start && (t[start - 1] == ' ' || t[start - 1] == '\t'))
		start--;
	if ((start && t[start - 1] != '\n') || i - start >= cap) {
		out[0] = '\0';
		return;
	}
	memcpy(out, t + start, i - start);
	out[i - start] = '\0';
}

/* The rule, as an element of an array whose elements start at "indent". */
static void put_rule(FILE *f, const struct names *add, const char *indent,
		     const char *unit)
{
	fprintf(f, "%s{\n", indent);
	put_names(f, add, indent, unit);
	fprintf(f,
		"%s%s\"action\": \"SCMP_ACT_ALLOW\",\n"
		"%s%s\"comment\": \"" COMMENT_ADDED "\"\n"
		"%s}",
		indent, unit, indent, unit, indent);
}

/* The base's text with the rule in its "syscalls"; NULL if not found. */
static char *splice(const char *t, size_t len, const struct names *add,
		    size_t *out_len)
{
	size_t obj = profile_object(t, len), at, cut, arr;
	char mind[64], eind[64 + 8], unit[64];
	struct member m;
	char *text = NULL;
	FILE *f;

	if (obj >= len)
		return NULL;
	m = find_member(t, len, obj, "syscalls");
	/* the loader takes an array or null, nothing else */
	if (m.value && t[m.value] != '[' && !is_null(t, len, m.value))
		return NULL;
	f = open_memstream(&text, out_len);
	if (!f)
		return NULL;
	if (m.value && t[m.value] == '[') {
		size_t first = skip_ws(t, len, m.value + 1);
		size_t end = skip_value(t, len, m.value) - 1; /* at ']' */

		line_indent(t, m.key, mind, sizeof(mind));
		line_indent(t, first, eind, sizeof(eind));
		if (t[first] == ']' || !eind[0] ||
		    strncmp(eind, mind, strlen(mind)) ||
		    strlen(eind) == strlen(mind))
			snprintf(eind, sizeof(eind), "%s\t", mind);
		snprintf(unit, sizeof(unit), "%s", eind + strlen(mind));
		/* after the last element, or right after '[' */
		at = end;
		while (at > m.value + 1 && strchr(" \t\r\n", t[at - 1]))
			at--;
		fwrite(t, 1, at, f);
		fputs(t[first] == ']' ? "\n" : ",\n", f);
		put_rule(f, add, eind, unit);
		if (t[first] == ']')
			fprintf(f, "\n%s", mind);
		cut = at;
	} else {
		/* no "syscalls" (or null): one with the rule alone */
		line_indent(t, m.value ? m.key : skip_ws(t, len, obj + 1), mind,
			    sizeof(mind));
		if (!mind[0])
			snprintf(mind, sizeof(mind), "\t");
		snprintf(eind, sizeof(eind), "%s\t", mind);
		if (m.value) {
			/* replace the null */
			fwrite(t, 1, m.value, f);
			cut = m.value + 4;
		} else {
			arr = skip_value(t, len, obj) - 1; /* at '}' */
			at = arr;
			while (at > obj + 1 && strchr(" \t\r\n", t[at - 1]))
				at--;
			fwrite(t, 1, at, f);
			fprintf(f,
				"%s\n%s\"syscalls\": ", at > obj + 1 ? "," : "",
				mind);
			cut = at;
		}
		fputs("[\n", f);
		put_rule(f, add, eind, "\t");
		fprintf(f, "\n%s]", mind);
		if (!m.value && cut == obj + 1)
			fputs("\n", f);
	}
	fwrite(t + cut, 1, len - cut, f);
	if (fclose(f)) {
		free(text);
		return NULL;
	}
	return text;
}

/*
 * The output decides every syscall of the tables, arguments zero, as the
 * base does, but allows the names added.
 */
static int check_spliced(const struct rec *rec, const char *text, size_t len,
			 const char *name, const struct names *add)
{
	const struct rec_base *base = rec->base;
	struct secbpf_prog *prog = NULL;
	uint32_t def;
	char want_s[32], got_s[32];
	int rc = 0;

	if (compile_text(text, len, name, rec->env, false, &prog, &def))
		return cli_error("the base with the rule added does not "
				 "compile; nothing written");
	for (size_t a = 0; a < rec->narches && !rc; a++) {
		const struct rec_arch *ra = &rec->arches[a];
		uint32_t audit = secbpf_arch_audit(ra->arch);

		for (size_t i = 0; i < ra->n && !rc; i++) {
			uint32_t nr = ra->table[i].nr;
			uint32_t want = verdict(base->prog, audit, nr), got;

			if (want != base->badarch &&
			    names_has(add, ra->table[i].name))
				want = SECBPF_RET_ALLOW;
			got = verdict(prog, audit, nr);
			if (got != want)
				rc = cli_error(
					"cannot add the rule to '%s' as meant: "
					"the result decides %s syscall '%s' "
					"%s, not %s; nothing written",
					base->path, secbpf_arch_name(ra->arch),
					ra->table[i].name,
					secbpf_action_str(got, got_s,
							  sizeof(got_s)),
					secbpf_action_str(want, want_s,
							  sizeof(want_s)));
		}
	}
	secbpf_prog_free(prog);
	return rc;
}

/* One syscall name's verdicts over every recorded arch. */
static struct rec_verdicts name_verdicts(const struct rec *rec,
					 const char *name)
{
	struct rec_verdicts sum = {0};

	for (size_t a = 0; a < rec->narches; a++) {
		const struct rec_arch *ra = &rec->arches[a];

		for (size_t i = 0; i < ra->n; i++) {
			const struct rec_verdicts *v = &ra->base[i];

			if (strcmp(ra->table[i].name, name))
				continue;
			sum.allowed += v->allowed;
			sum.lacking += v->lacking;
			sum.by_rule += v->by_rule;
			if (v->by_rule)
				sum.rule_action = v->rule_action;
		}
	}
	return sum;
}

/* What the base decided otherwise than "allow" or "add": warnings. */
static void base_warnings(const struct rec *rec, const struct names *seen)
{
	size_t widened = 0, ruled = 0;
	char act[32];

	for (size_t i = 0; i < seen->n; i++) {
		struct rec_verdicts v = name_verdicts(rec, seen->v[i]);

		if (v.lacking && v.allowed && widened++ < MAX_SHOWN)
			cli_warn("'%s': the base allows %llu of its calls (a "
				 "rule with conditions) but not %llu; added "
				 "without conditions",
				 seen->v[i], (unsigned long long)v.allowed,
				 (unsigned long long)v.lacking);
		if (v.by_rule && ruled++ < MAX_SHOWN)
			cli_warn("'%s': a rule of the base decides %llu of "
				 "its calls (%s); left to it, not added",
				 seen->v[i], (unsigned long long)v.by_rule,
				 secbpf_action_str(v.rule_action, act,
						   sizeof(act)));
	}
	if (widened > MAX_SHOWN)
		cli_warn("%zu more names widened", widened - MAX_SHOWN);
	if (ruled > MAX_SHOWN)
		cli_warn("%zu more names left to a rule", ruled - MAX_SHOWN);
	for (size_t a = 0; a < rec->narches; a++) {
		const struct rec_arch *ra = &rec->arches[a];
		uint64_t n = ra->base_unknown.no_arch;

		for (size_t i = 0; i < ra->n; i++)
			n += ra->base[i].no_arch;
		if (n)
			cli_warn("%llu %s of the '%s' arch, which the base's "
				 "filter leaves out (its bad-arch action); not "
				 "added: that needs the arch in its "
				 "architectures or archMap",
				 (unsigned long long)n,
				 n == 1 ? "call" : "calls",
				 secbpf_arch_name(ra->arch));
	}
}

static int write_based(const struct rec *rec, const char *path)
{
	const struct rec_base *base = rec->base;
	struct names seen = {0}, add = {0};
	const char *out = base->text;
	char *text = NULL;
	size_t len = base->len;
	int rc = 1;

	for (size_t a = 0; a < rec->narches; a++) {
		const struct rec_arch *ra = &rec->arches[a];

		for (size_t i = 0; i < ra->n; i++)
			if ((ra->counts[i] &&
			     names_add(&seen, ra->table[i].name)) ||
			    (ra->base[i].lacking &&
			     names_add(&add, ra->table[i].name))) {
				cli_error("out of memory");
				goto out;
			}
	}
	names_sort(&seen);
	names_sort(&add);
	base_warnings(rec, &seen);
	if (add.n) {
		text = splice(base->text, base->len, &add, &len);
		if (!text) {
			cli_error("cannot find where the syscalls of '%s' "
				  "end; nothing written",
				  base->path);
			goto out;
		}
		if (check_spliced(rec, text, len,
				  path && strcmp(path, "-") ? path : "<output>",
				  &add))
			goto out;
		out = text;
	}
	rc = cli_write_output(path, out, len, false);
	if (!rc && add.n)
		rec_info("wrote the base plus a rule for %zu of the %zu "
			 "syscalls seen",
			 add.n, seen.n);
	else if (!rc)
		rec_info("the base lacks none of the %zu syscalls seen; "
			 "written as it is",
			 seen.n);
out:
	free(text);
	free(seen.v);
	free(add.v);
	return rc;
}

int rec_write_profile(const struct rec *rec, const char *path)
{
	return rec->base ? write_based(rec, path) : write_fresh(rec, path);
}
