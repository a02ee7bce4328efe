/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A small TAP (Test Anything Protocol) runner in plain C for the portable
 * suite: the cross targets (s390x, armhf, ...) have no Criterion package,
 * and these tests must run there under qemu-user as well as natively.
 *
 * A test binary lists its cases in a table and calls tap_main().  Each case
 * is one TAP test point ("ok 3 - name"); inside a case CHECK() records a
 * check (failures print a "#" diagnostic and fail the case), REQUIRE()
 * also returns from the case, and tap_skip() skips the rest of it.  A case
 * that checks nothing and does not skip fails: no test asserts nothing.
 */
#ifndef SECBPF_TAP_H
#define SECBPF_TAP_H

#include <stdbool.h>
#include <stddef.h>

struct tap_case {
	const char *name;
	void (*fn)(void);
};

/* Run the cases ("argv[1]", if given, selects one by name); exit status. */
int tap_main(const struct tap_case *cases, size_t n, int argc, char **argv);

bool tap_check(bool ok, const char *file, int line, const char *expr,
	       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Skip the current case (call, then return from the case). */
void tap_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A "#" comment line in the output (e.g. counts worth reporting). */
void tap_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define CHECK(cond, ...)                                                       \
	tap_check(!!(cond), __FILE__, __LINE__, #cond, __VA_ARGS__)
#define REQUIRE(cond, ...)                                                     \
	do {                                                                   \
		if (!CHECK(cond, __VA_ARGS__))                                 \
			return;                                                \
	} while (0)

#define TAP_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
