// SPDX-License-Identifier: LGPL-2.1-or-later
/* The portable suite's TAP runner; see tap.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"

/* Diagnostics beyond this many failures per case add nothing but noise. */
#define TAP_MAX_REPORTED 20

static struct {
	size_t checks, failed;
	bool skipped;
	char skip_reason[256];
} cur;

bool tap_check(bool ok, const char *file, int line, const char *expr,
	       const char *fmt, ...)
{
	va_list ap;

	cur.checks++;
	if (ok)
		return true;
	if (++cur.failed <= TAP_MAX_REPORTED) {
		printf("# %s:%d: check failed: %s: ", file, line, expr);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		putchar('\n');
	} else if (cur.failed == TAP_MAX_REPORTED + 1) {
		printf("# (further failures of this case not shown)\n");
	}
	fflush(stdout);
	return false;
}

void tap_skip(const char *fmt, ...)
{
	va_list ap;

	cur.skipped = true;
	va_start(ap, fmt);
	vsnprintf(cur.skip_reason, sizeof(cur.skip_reason), fmt, ap);
	va_end(ap);
}

void tap_note(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

int tap_main(const struct tap_case *cases, size_t n, int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : NULL;
	size_t planned = 0, point = 0, bad = 0;

	for (size_t i = 0; i < n; i++)
		if (!only || !strcmp(only, cases[i].name))
			planned++;
	if (!planned) {
		fprintf(stderr, "no case named '%s'\n", only);
		return 2;
	}
	printf("1..%zu\n", planned);
	fflush(stdout);
	for (size_t i = 0; i < n; i++) {
		if (only && strcmp(only, cases[i].name))
			continue;
		memset(&cur, 0, sizeof(cur));
		cases[i].fn();
		point++;
		if (cur.failed) {
			printf("not ok %zu - %s (%zu of %zu checks failed)\n",
			       point, cases[i].name, cur.failed, cur.checks);
			bad++;
		} else if (cur.skipped && !cur.checks) {
			printf("ok %zu - %s # SKIP %s\n", point, cases[i].name,
			       cur.skip_reason);
		} else if (!cur.checks) {
			printf("not ok %zu - %s (checked nothing)\n", point,
			       cases[i].name);
			bad++;
		} else {
			printf("ok %zu - %s (%zu checks)%s%s\n", point,
			       cases[i].name, cur.checks,
			       cur.skipped ? "; partly skipped: " : "",
			       cur.skipped ? cur.skip_reason : "");
		}
		fflush(stdout);
	}
	return bad ? 1 : 0;
}
