// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Run a libFuzzer target's LLVMFuzzerTestOneInput over every file of a
 * corpus directory, without libFuzzer: so that 'make test' (gcc, ASan)
 * holds the corpus to the target's checks, not only 'make fuzz'.
 *
 * Usage: replay DIRECTORY    (exit 0 when every input ran; a finding
 * aborts, as under the fuzzer)
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The corpus holds small files; anything larger is not ours. */
#define REPLAY_MAX (1U << 20)

static int replay(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	size_t n;

	if (!f) {
		perror(path);
		return 1;
	}
	buf = malloc(REPLAY_MAX);
	if (!buf) {
		fclose(f);
		return 1;
	}
	n = fread(buf, 1, REPLAY_MAX, f);
	fclose(f);
	printf("replay: %s (%zu bytes)\n", path, n);
	fflush(stdout);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	struct dirent **names;
	int count, rc = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: replay DIRECTORY\n");
		return 2;
	}
	count = scandir(argv[1], &names, NULL, alphasort);
	if (count < 0) {
		perror(argv[1]);
		return 1;
	}
	for (int i = 0; i < count; i++) {
		char path[4096];

		if (names[i]->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", argv[1],
				 names[i]->d_name);
			rc |= replay(path);
		}
		free(names[i]);
	}
	free(names);
	if (count <= 2) {
		fprintf(stderr, "replay: '%s' holds no input\n", argv[1]);
		rc = 1;
	}
	return rc;
}
