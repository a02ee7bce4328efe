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

/* Keep a new warning whose text is "msg" (malloc()ed, taken over). */
static int keep(struct secbpf_policy *pol, enum sb_warn_kind kind,
		const char *pointer, char *msg, size_t seq)
{
	size_t mlen = strlen(msg), plen = pointer ? strlen(pointer) : 0;
	struct sb_warning *w;
	char *text;

	/* one block: the message, then the pointer */
	text = realloc(msg, mlen + 1 + plen + 1);
	if (!text) {
		free(msg);
		return -ENOMEM;
	}
	memcpy(text + mlen + 1, plen ? pointer : "", plen + 1);
	if (!pol->warn) {
		/* the whole room at once: the cap is small */
		pol->warn = malloc(SB_IR_MAX_WARNINGS * sizeof(*pol->warn));
		if (!pol->warn) {
			free(text);
			return -ENOMEM;
		}
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

int sb_ir_warn(struct secbpf_policy *pol, enum sb_warn_kind kind,
	       const char *pointer, const char *fmt, ...)
{
	size_t seq = pol->warn_written++;
	va_list ap;
	char *msg;
	int n;

	pol->warn_total[kind]++;
	if (pol->nwarn >= KEPT) {
		size_t v = least_important(pol);

		/* no more important than any kept one: left out */
		if (kind >= pol->warn[v].kind)
			return 0;
		free((char *)pol->warn[v].pub.message);
		memmove(&pol->warn[v], &pol->warn[v + 1],
			(pol->nwarn - v - 1) * sizeof(pol->warn[0]));
		pol->nwarn--;
	}
	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	return keep(pol, kind, pointer, msg, seq);
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
