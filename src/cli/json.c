// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The one JSON writer of secbpf and bpfdump.  A document is built in
 * memory and written out whole by cli_json_finish, so that standard
 * output holds one complete document or, when a command fails half-way,
 * none (the error takes its place: see cli_json_messages in util.c).
 *
 * The layout is compact and fixed: ", " between members and elements,
 * ": " after a key, one document per line.  Strings go through
 * cli_put_json_string (util.c): valid JSON whatever a file name or a
 * message holds, and nothing raw a terminal would act on.
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
	cli_put_json_string(j->out, key);
	fputs(": ", j->out);
	j->after_key = true;
}

void cj_str(struct cli_json *j, const char *s)
{
	place(j);
	if (s)
		cli_put_json_string(j->out, s);
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
