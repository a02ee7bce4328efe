// SPDX-License-Identifier: LGPL-2.1-or-later
/* Messages and file handling shared by secbpf and bpfdump. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static void vmsg(const char *kind, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static void vmsg(const char *kind, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: %s: ", cli_prog, kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("error", fmt, ap);
	va_end(ap);
	return 1;
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning", fmt, ap);
	va_end(ap);
}

int cli_lib_error(const struct secbpf_error *err)
{
	return cli_error("%s",
			 err->message[0] ? err->message : strerror(-err->code));
}

bool cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	}
	return false;
}

int cli_read_file(const char *path, size_t limit, char **buf, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t cap = 4096, n = 0;
	char *p, *np;

	if (!f) {
		cli_error("cannot open '%s': %s", path, strerror(errno));
		return -errno;
	}
	p = malloc(cap + 1);
	if (!p)
		goto nomem;
	for (;;) {
		size_t got = fread(p + n, 1, cap - n, f);

		n += got;
		if (n > limit) {
			cli_error("'%s' is larger than %zu bytes", path, limit);
			free(p);
			if (f != stdin)
				fclose(f);
			return -EFBIG;
		}
		if (got == 0)
			break;
		if (n == cap) {
			cap *= 2;
			np = realloc(p, cap + 1);
			if (!np)
				goto nomem;
			p = np;
		}
	}
	if (ferror(f)) {
		cli_error("cannot read '%s': %s", path, strerror(errno));
		free(p);
		if (f != stdin)
			fclose(f);
		return -EIO;
	}
	if (f != stdin)
		fclose(f);
	p[n] = '\0';
	*buf = p;
	*len = n;
	return 0;
nomem:
	free(p);
	if (f != stdin)
		fclose(f);
	cli_error("out of memory reading '%s'", path);
	return -ENOMEM;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t w = write(fd, p, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int cli_write_output(const char *path, const void *buf, size_t len)
{
	char *tmp;
	int fd, rc;

	if (!path || !strcmp(path, "-")) {
		rc = write_all(STDOUT_FILENO, buf, len);
		if (rc)
			return cli_error("cannot write output: %s",
					 strerror(-rc));
		return 0;
	}
	if (asprintf(&tmp, "%s.XXXXXX", path) < 0)
		return cli_error("out of memory");
	fd = mkstemp(tmp);
	if (fd < 0) {
		rc = cli_error("cannot create '%s': %s", tmp, strerror(errno));
		free(tmp);
		return rc;
	}
	rc = write_all(fd, buf, len);
	if (!rc && fchmod(fd, 0644))
		rc = -errno;
	if (!rc && fsync(fd))
		rc = -errno;
	if (close(fd) && !rc)
		rc = -errno;
	if (!rc && rename(tmp, path))
		rc = -errno;
	if (rc) {
		unlink(tmp);
		cli_error("cannot write '%s': %s", path, strerror(-rc));
		free(tmp);
		return 1;
	}
	free(tmp);
	return 0;
}

const struct secbpf_arch *cli_arch(const char *name)
{
	const struct secbpf_arch *a = secbpf_arch_lookup(name);

	if (!a)
		cli_error("unknown architecture '%s' (see 'secbpf arches')",
			  name);
	return a;
}
