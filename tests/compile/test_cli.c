// SPDX-License-Identifier: LGPL-2.1-or-later
/* 'secbpf compile' end to end: formats, fail closed, no raw on a tty. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "secbpf.h"

static char dir[] = "/tmp/secbpf-cli-XXXXXX";

static void setup(void)
{
	if (!getenv("SECBPF_EXE"))
		cr_skip_test("SECBPF_EXE (the secbpf tool to run) is not set");
	cr_assert(mkdtemp(dir), "mkdtemp");
}

static void teardown(void)
{
	char names[16][256];
	size_t n = 0;
	struct dirent *de;
	DIR *d;

	if (!getenv("SECBPF_EXE"))
		return;
	/* collect first: unlinking while reading can skip entries */
	d = opendir(dir);
	if (!d)
		return;
	while ((de = readdir(d)) && n < 16)
		if (de->d_name[0] != '.')
			snprintf(names[n++], sizeof(names[0]), "%s",
				 de->d_name);
	for (size_t i = 0; i < n; i++)
		unlinkat(dirfd(d), names[i], 0);
	closedir(d);
	rmdir(dir);
}

/* Run secbpf with argv; stdout to "out" (NULL: /dev/null, "" : a pty). */
static int run(const char *out, const char *const *args)
{
	const char *exe = getenv("SECBPF_EXE");
	char *argv[32];
	int status, n = 0;
	pid_t pid;

	if (!exe)
		cr_skip_test("SECBPF_EXE not set");
	argv[n++] = (char *)exe;
	for (; args[n - 1] && n < 31; n++)
		argv[n] = (char *)args[n - 1];
	argv[n] = NULL;
	fflush(NULL);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		int fd;

		if (out && !*out) {
			int m = posix_openpt(O_RDWR | O_NOCTTY);

			if (m < 0 || grantpt(m) || unlockpt(m))
				_exit(99);
			fd = open(ptsname(m), O_RDWR | O_NOCTTY);
		} else {
			fd = open(out ? out : "/dev/null",
				  O_WRONLY | O_CREAT | O_TRUNC, 0644);
		}
		if (fd < 0)
			_exit(98);
		dup2(fd, 1);
		fd = open("/dev/null", O_WRONLY);
		dup2(fd, 2);
		execv(exe, argv);
		_exit(97);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	cr_assert(f, "%s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	cr_assert(buf);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static size_t entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	while (d && (de = readdir(d)))
		n += de->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

TestSuite(cli, .init = setup, .fini = teardown);

Test(cli, formats_agree)
{
	static const char *const fmts[] = {"base64", "hex"};
	static const enum secbpf_format ids[] = {SECBPF_FORMAT_BASE64,
						 SECBPF_FORMAT_HEX};
	char raw[600], other[600];
	struct secbpf_prog *a = NULL, *b = NULL;
	struct secbpf_error err;
	size_t la, lb;
	char *ba, *bb;

	snprintf(raw, sizeof(raw), "%s/raw.bpf", dir);
	cr_assert_eq(run(NULL,
			 (const char *const[]){"compile", "--default", "--arch",
					       "x86_64", "-o", raw, NULL}),
		     0);
	ba = slurp(raw, &la);
	cr_assert_gt(la, 0);
	cr_assert_eq(la % 8, 0);
	cr_assert_eq(secbpf_prog_read(ba, la, SECBPF_FORMAT_RAW, false, &a,
				      &err),
		     0, "%s", err.message);
	cr_assert_eq(secbpf_prog_verify(a, &err), 0, "%s", err.message);
	for (size_t i = 0; i < 2; i++) {
		snprintf(other, sizeof(other), "%s/out.%s", dir, fmts[i]);
		cr_assert_eq(run(other,
				 (const char *const[]){
					 "compile", "--default", "--arch",
					 "x86_64", "--format", fmts[i], NULL}),
			     0);
		bb = slurp(other, &lb);
		cr_assert_eq(secbpf_prog_read(bb, lb, ids[i], false, &b, &err),
			     0, "%s: %s", fmts[i], err.message);
		cr_assert_eq(secbpf_prog_len(a), secbpf_prog_len(b));
		cr_assert_eq(memcmp(secbpf_prog_insns(a), secbpf_prog_insns(b),
				    secbpf_prog_len(a) * 8),
			     0, "%s differs from raw", fmts[i]);
		secbpf_prog_free(b);
		free(bb);
	}
	for (size_t i = 0; i < 2; i++) {
		const char *f = i ? "json" : "c";

		snprintf(other, sizeof(other), "%s/out.%s", dir, f);
		cr_assert_eq(run(other,
				 (const char *const[]){"compile", "--default",
						       "--format", f, NULL}),
			     0);
		bb = slurp(other, &lb);
		cr_assert_gt(lb, 100, "%s output", f);
		free(bb);
	}
	secbpf_prog_free(a);
	free(ba);
}

Test(cli, fails_closed)
{
	char out[600], bad[600];
	FILE *f;
	size_t len;
	char *buf;

	snprintf(out, sizeof(out), "%s/keep.bpf", dir);
	snprintf(bad, sizeof(bad), "%s/bad.json", dir);
	f = fopen(out, "w");
	fputs("previous", f);
	fclose(f);
	f = fopen(bad, "w");
	fputs("{\"defaultAction\": \"SCMP_ACT_NOPE\"}", f);
	fclose(f);
	/* a bad profile, mixed byte orders, an unknown format: exit 1, the
	 * old output untouched, no temporary left behind */
	cr_assert_eq(run(NULL, (const char *const[]){"compile", bad, "-o", out,
						     NULL}),
		     1);
	cr_assert_eq(run(NULL,
			 (const char *const[]){"compile", "--default", "--arch",
					       "x86_64", "--arch", "s390x",
					       "-o", out, NULL}),
		     1);
	cr_assert_eq(run(NULL, (const char *const[]){"compile", "--default",
						     "--format", "yaml", "-o",
						     out, NULL}),
		     1);
	buf = slurp(out, &len);
	cr_assert_str_eq(buf, "previous");
	free(buf);
	cr_assert_eq(entries(), 2, "a temporary file was left behind");
}

Test(cli, no_raw_to_a_terminal)
{
	cr_assert_eq(run("",
			 (const char *const[]){"compile", "--default", NULL}),
		     1);
	/* text formats are fine there */
	cr_assert_eq(run("", (const char *const[]){"compile", "--default",
						   "--format", "hex", NULL}),
		     0);
}
