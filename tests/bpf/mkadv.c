// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test helper: write one of the adversarial programs of adversarial.h as
 * raw little-endian struct sock_filter bytes ("mkadv SHAPE FILE"), or
 * install it N times on itself, say "ready" and wait to be read with
 * bpfdump --pid ("mkadv SHAPE live N"; chain only: it allows every call).
 * "mkadv" alone lists the shapes.
 */
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "adversarial.h"

static int live(struct sock_filter *f, size_t n, int copies)
{
	struct sock_fprog prog = {.len = (unsigned short)n, .filter = f};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return 3;
	for (int i = 0; i < copies; i++)
		if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
			return 3;
	if (write(1, "ready\n", 6) != 6)
		return 1;
	pause();
	return 0;
}

int main(int argc, char **argv)
{
	struct sock_filter f[4096];
	size_t nshapes = sizeof(adv_shapes) / sizeof(adv_shapes[0]);
	FILE *out;

	if (argc < 3) {
		for (size_t i = 0; i < nshapes; i++)
			printf("%s\n", adv_shapes[i].name);
		return argc == 1 ? 0 : 2;
	}
	for (size_t i = 0; i < nshapes; i++) {
		size_t n;

		if (strcmp(argv[1], adv_shapes[i].name))
			continue;
		n = adv_shapes[i].build(f);
		if (!strcmp(argv[2], "live"))
			return live(f, n, argc > 3 ? atoi(argv[3]) : 1);
		out = fopen(argv[2], "wb");
		if (!out || fwrite(f, sizeof(f[0]), n, out) != n ||
		    fclose(out)) {
			perror(argv[2]);
			return 1;
		}
		return 0;
	}
	fprintf(stderr, "mkadv: unknown shape '%s'\n", argv[1]);
	return 2;
}
