/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The call-sequence driver (driver.c): see there for the script. */
#ifndef SECBPF_TEST_COMPAT_DRIVER_H
#define SECBPF_TEST_COMPAT_DRIVER_H

#include <stdio.h>

/* Called after each export_bpf with the export's index, the context and
 * the return code (the test's look at secbpf's side). */
typedef void (*driver_export_hook)(void *opaque, int index, void *ctx, int rc);

/*
 * Run the script from "in", print one result line per call to "out";
 * export_bpf writes "<outprefix>.<index>".  Contexts left are released.
 */
int driver_run(FILE *in, FILE *out, const char *outprefix,
	       driver_export_hook hook, void *opaque);

/* The context in slot i (for the hook). */
void *driver_slot(int i);

#endif
