// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The one writer of a policy's warnings, for every front end and the
 * overlap analysis alike: one cap, and one rule for what the cap leaves
 * out.  A hostile profile can make thousands of warnings (a name no arch
 * knows in every rule); the cap keeps the list short, and the kinds'
 * priority keeps the few that matter most (enum sb_warn_kind) from being
 * crowded out by the many that matter less.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir/ir.h"

/* Warnings kept before the summary: the summary takes the last place. */
#define KEPT (SB_IR_MAX_WARNINGS - 1)

static const struct {
	const char *code;
	enum secbpf_severity severity;
} kinds[SB_WARN_NKINDS] = {
	[SB_WARN_NOTIFY_REFUSED] = {"notify-refused", SECBPF_SEVERITY_ERROR},
	[SB_WARN_NO_LISTENER] = {"no-listener", SECBPF_SEVERITY_ERROR},
	[SB_WARN_ERRNO_CAPPED] = {"errno-capped", SECBPF_SEVERITY_ERROR},
	[SB_WARN_FLAG_DROPPED] = {"flag-dropped", SECBPF_SEVERITY_WARNING},
	[SB_WARN_OVERLAP] = {"overlap", SECBPF_SEVERITY_WARNING},
	[SB_WARN_OVERLAP_UNCHECKED] = {"overlap-unchecked",
				       SECBPF_SEVERITY_WARNING},
	[SB_WARN_REPEATED_ARG] = {"repeated-arg", SECBPF_SEVERITY_WARNING},
	[SB_WARN_UNKNOWN_NAME] = {"unknown-name", SECBPF_SEVERITY_WARNING},
	[SB_WARN_LEFT_OUT] = {"left-out", SECBPF_SEVERITY_NOTE},
};

const char *sb_warn_code(enum sb_warn_kind kind)
{
	return (unsigned)kind < SB_WARN_NKINDS ? kinds[kind].code : NULL;
}

/* Room for the warnings kept: the whole room at once, the cap is small. */
static int room(struct secbpf_policy *pol)
{
	if (!pol->warn) {
		pol->warn = malloc(SB_IR_MAX_WARNINGS * sizeof(*pol->warn));
		if (!pol->warn)
			return -ENOMEM;
	}
	return 0;
}

/* Keep a new warning: "text" (malloc()ed, taken over) holds the message
 * ending at "mlen", then the pointer. */
static int keep_text(struct secbpf_policy *pol, enum sb_warn_kind kind,
		     char *text, size_t mlen, size_t seq)
{
	struct sb_warning *w;

	if (room(pol)) {
		free(text);
		return -ENOMEM;
	}
	w = &pol->warn[pol->nwarn++];
	w->pub = (struct secbpf_warning){.code = kinds[kind].code,
					 .severity = kinds[kind].severity,
					 .pointer = text + mlen + 1,
					 .message = text};
	w->kind = kind;
	w->seq = seq;
	return 0;
}

/* Keep a new warning whose text is "msg" (malloc()ed, taken over). */
static int keep(struct secbpf_policy *pol, enum sb_warn_kind kind,
		const char *pointer, char *msg, size_t seq)
{
	size_t mlen = strlen(msg), plen = pointer ? strlen(pointer) : 0;
	char *text;

	/* one block: the message, then the pointer */
	text = realloc(msg, mlen + 1 + plen + 1);
	if (!text) {
		free(msg);
		return -ENOMEM;
	}
	memcpy(text + mlen + 1, plen ? pointer : "", plen + 1);
	return keep_text(pol, kind, text, mlen, seq);
}

/* The kept warning the cap gives up first: of the lowest kind, the
 * latest. */
static size_t least_important(const struct secbpf_policy *pol)
{
	size_t v = 0;

	for (size_t i = 1; i < pol->nwarn; i++)
		if (pol->warn[i].kind > pol->warn[v].kind ||
		    (pol->warn[i].kind == pol->warn[v].kind &&
		     pol->warn[i].seq > pol->warn[v].seq))
			v = i;
	return v;
}

/*
 * Count a warning of "kind" as written (its number in "seq") and make
 * room for it if the cap is reached: false when it is left out.
 */
static bool admit(struct secbpf_policy *pol, enum sb_warn_kind kind,
		  size_t *seq)
{
	*seq = pol->warn_written++;
	pol->warn_total[kind]++;
	if (pol->nwarn >= KEPT) {
		size_t v = least_important(pol);

		/* no more important than any kept one: left out */
		if (kind >= pol->warn[v].kind)
			return false;
		free((char *)pol->warn[v].pub.message);
		memmove(&pol->warn[v], &pol->warn[v + 1],
			(pol->nwarn - v - 1) * sizeof(pol->warn[0]));
		pol->nwarn--;
	}
	return true;
}

int sb_ir_warn(struct secbpf_policy *pol, enum sb_warn_kind kind,
	       const char *pointer, const char *fmt, ...)
{
	size_t seq;
	va_list ap;
	char *msg;
	int n;

	if (!admit(pol, kind, &seq))
		return 0;
	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	return keep(pol, kind, pointer, msg, seq);
}

static size_t pieces_len(const char *const *piece)
{
	size_t n = 0;

	for (size_t i = 0; piece && piece[i]; i++)
		n += strlen(piece[i]);
	return n;
}

static char *join(char *to, const char *const *piece)
{
	for (size_t i = 0; piece && piece[i]; i++) {
		size_t n = strlen(piece[i]);

		memcpy(to, piece[i], n);
		to += n;
	}
	*to = 0;
	return to + 1;
}

int sb_ir_warn_cat(struct secbpf_policy *pol, enum sb_warn_kind kind,
		   const char *const *pointer, const char *const *message)
{
	size_t seq, mlen, plen;
	char *text;

	if (!admit(pol, kind, &seq))
		return 0;
	mlen = pieces_len(message);
	plen = pieces_len(pointer);
	/* one block: the message, then the pointer */
	text = malloc(mlen + 1 + plen + 1);
	if (!text)
		return -ENOMEM;
	join(join(text, message), pointer);
	return keep_text(pol, kind, text, mlen, seq);
}

int sb_ir_warn_finish(struct secbpf_policy *pol)
{
	size_t left = pol->warn_written - pol->nwarn,
	       kept[SB_WARN_NKINDS] = {0};
	char buf[512];
	size_t off;
	char *msg;

	if (!left ||
	    (pol->nwarn && pol->warn[pol->nwarn - 1].kind == SB_WARN_LEFT_OUT))
		return 0;
	for (size_t i = 0; i < pol->nwarn; i++)
		kept[pol->warn[i].kind]++;
	/* "300 more warnings left out: 1 repeated-arg, 299 unknown-name" */
	off = (size_t)snprintf(buf, sizeof(buf),
			       "%zu more warnings left out:", left);
	for (int k = 0, first = 1; k < SB_WARN_NKINDS; k++) {
		size_t n = pol->warn_total[k] - kept[k];

		if (!n || off >= sizeof(buf))
			continue;
		off += (size_t)snprintf(buf + off, sizeof(buf) - off,
					"%s %zu %s", first ? "" : ",", n,
					kinds[k].code);
		first = 0;
	}
	msg = strdup(buf);
	if (!msg)
		return -ENOMEM;
	pol->warn_written++;
	pol->warn_total[SB_WARN_LEFT_OUT]++;
	return keep(pol, SB_WARN_LEFT_OUT, NULL, msg, pol->warn_written - 1);
}

void sb_ir_warn_free(struct secbpf_policy *pol)
{
	for (size_t i = 0; i < pol->nwarn; i++)
		free((char *)pol->warn[i].pub.message);
	free(pol->warn);
	pol->warn = NULL;
	pol->nwarn = 0;
	free(pol->overlap);
	pol->overlap = NULL;
	pol->noverlap = 0;
}
