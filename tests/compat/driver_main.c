// SPDX-License-Identifier: LGPL-2.1-or-later
/* The driver as a program:  driver SCRIPT OUTPREFIX  (results on stdout). */
#include <stdio.h>

#include "driver.h"

int main(int argc, char **argv)
{
	FILE *in;

	if (argc != 3) {
		fprintf(stderr, "usage: %s SCRIPT OUTPREFIX\n", argv[0]);
		return 2;
	}
	in = fopen(argv[1], "r");
	if (!in) {
		perror(argv[1]);
		return 2;
	}
	driver_run(in, stdout, argv[2], NULL, NULL);
	fclose(in);
	return 0;
}
