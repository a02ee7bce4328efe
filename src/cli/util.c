// SPDX-License-Identifier: LGPL-2.1-or-later
/* Messages and file handling shared by secbpf and bpfdump. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* Length of the valid UTF-8 sequence at p[0..n) (1 for ASCII), 0 if the
 * byte starts none (RFC 3629: no overlong forms, surrogates or values
 * above U+10FFFF). */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len;

	if (p[0] < 0x80)
		return 1;
	if (p[0] < 0xc2 || p[0] > 0xf4)
		return 0;
	len = p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4;
	if (p[0] == 0xe0)
		lo = 0xa0;
	else if (p[0] == 0xed)
		hi = 0x9f;
	else if (p[0] == 0xf0)
		lo = 0x90;
	else if (p[0] == 0xf4)
		hi = 0x8f;
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t k = 2; k < len; k++)
		if (p[k] < 0x80 || p[k] > 0xbf)
			return 0;
	return len;
}

/* The code point of a valid sequence of "len" bytes. */
static unsigned utf8_cp(const unsigned char *p, size_t len)
{
	static const unsigned char lead_mask[] = {0, 0x7f, 0x1f, 0x0f, 0x07};
	unsigned cp = p[0] & lead_mask[len];

	for (size_t k = 1; k < len; k++)
		cp = cp << 6 | (p[k] & 0x3f);
	return cp;
}

/*
 * Characters a terminal acts on or that make text lie about itself: C0
 * controls and DEL, C1 controls (U+0080-U+009F), the line and paragraph
 * separators and the bidirectional embeddings, overrides and isolates.
 */
static bool unsafe_cp(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 ||
	       cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* Output gathered in a buffer so that unbuffered stderr gets one write
 * per message, not one per character. */
struct sink {
	FILE *f;
	size_t n;
	char buf[1024];
};

static void sink_put(struct sink *k, const char *s, size_t n)
{
	while (n) {
		size_t room = sizeof(k->buf) - k->n;
		size_t take = n < room ? n : room;

		memcpy(k->buf + k->n, s, take);
		k->n += take;
		s += take;
		n -= take;
		if (k->n == sizeof(k->buf)) {
			fwrite(k->buf, 1, k->n, k->f);
			k->n = 0;
		}
	}
}

static void sink_flush(struct sink *k)
{
	if (k->n)
		fwrite(k->buf, 1, k->n, k->f);
	k->n = 0;
}

/*
 * "s" with what a terminal would act on made visible: unsafe characters
 * (unsafe_cp) as \xNN (below 0x80) or \uNNNN, bytes that are not UTF-8
 * as \xNN.  Text from a profile (names, comments, keys) reaches messages.
 */
static void sink_escaped(struct sink *k, const char *str)
{
	const unsigned char *p = (const unsigned char *)str;
	size_t n = strlen(str);

	for (size_t i = 0; i < n;) {
		size_t len, run = i;
		char esc[12]; /* room for any code point: no truncation warning */

		/* printable ASCII in one piece */
		while (run < n && p[run] >= 0x20 && p[run] < 0x7f)
			run++;
		if (run > i) {
			sink_put(k, str + i, run - i);
			i = run;
			continue;
		}
		len = utf8_seq(p + i, n - i);
		if (!len) {
			snprintf(esc, sizeof(esc), "\\x%02x", p[i]);
			sink_put(k, esc, 4);
			i++;
			continue;
		}
		if (!unsafe_cp(utf8_cp(p + i, len))) {
			sink_put(k, (const char *)p + i, len);
		} else if (len == 1) {
			snprintf(esc, sizeof(esc), "\\x%02x", p[i]);
			sink_put(k, esc, 4);
		} else {
			snprintf(esc, sizeof(esc), "\\u%04x",
				 utf8_cp(p + i, len));
			sink_put(k, esc, 6);
		}
		i += len;
	}
}

void cli_put_text(FILE *f, const char *s)
{
	struct sink k = {.f = f};

	sink_escaped(&k, s);
	sink_flush(&k);
}

void cli_put_json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	struct sink k = {.f = f};

	sink_put(&k, "\"", 1);
	for (size_t i = 0; i < n;) {
		size_t len = utf8_seq(p + i, n - i);
		unsigned cp = len ? utf8_cp(p + i, len) : 0xfffd;
		char esc[8];

		if (cp == '"' || cp == '\\') {
			esc[0] = '\\';
			esc[1] = (char)cp;
			sink_put(&k, esc, 2);
		} else if (!len || unsafe_cp(cp)) {
			/* valid JSON, and nothing raw for a terminal */
			snprintf(esc, sizeof(esc), "\\u%04x", cp);
			sink_put(&k, esc, 6);
		} else {
			sink_put(&k, (const char *)p + i, len);
		}
		i += len ? len : 1;
	}
	sink_put(&k, "\"", 1);
	sink_flush(&k);
}

static void vmsg(const char *kind, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* Set once a failure to write standard output has been reported. */
static bool stdout_failed;
/* --json: messages are JSON too; a document went to standard output. */
static bool json_messages, json_document_out;

void cli_json_messages(bool on)
{
	json_messages = on;
}

int cli_json_emit(const char *doc, size_t len)
{
	json_document_out = true;
	if (fwrite(doc, 1, len, stdout) != len)
		return cli_flush_stdout() ? 1
					  : cli_error("cannot write to "
						      "standard output");
	return 0;
}

/*
 * With --json, one object per message: the first error on standard
 * output, in place of the document it kept from being written (nothing
 * else is there then), so that a reader of standard output always gets
 * one JSON document; warnings, and errors after a document went out or
 * while standard output itself fails, on standard error.
 */
static void json_msg(const char *kind, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static void json_msg(const char *kind, const char *fmt, va_list ap)
{
	bool out = !strcmp(kind, "error") && !json_document_out &&
		   !stdout_failed;
	FILE *f = out ? stdout : stderr;
	char *text;

	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	fputc('{', f);
	cli_put_json_string(f, kind);
	fputs(": ", f);
	cli_put_json_string(f, text ? text : "out of memory");
	fputs("}\n", f);
	free(text);
	if (out) {
		json_document_out = true;
		fflush(stdout);
	}
}

static void vmsg(const char *kind, const char *fmt, va_list ap)
{
	struct sink k = {.f = stderr};
	char small[2048], *msg = small;
	va_list again;
	int n;

	if (json_messages) {
		json_msg(kind, fmt, ap);
		return;
	}

	/* formatted first, then escaped: the arguments may hold anything
	 * (profile text, file names), our format strings hold no controls */
	va_copy(again, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	if (n >= (int)sizeof(small)) {
		msg = malloc((size_t)n + 1);
		if (msg)
			vsnprintf(msg, (size_t)n + 1, fmt, again);
		else
			msg = small; /* cut short, rather than nothing */
	}
	va_end(again);
	if (n < 0)
		small[0] = '\0';
	sink_put(&k, cli_prog, strlen(cli_prog));
	sink_put(&k, ": ", 2);
	sink_put(&k, kind, strlen(kind));
	sink_put(&k, ": ", 2);
	sink_escaped(&k, msg);
	sink_put(&k, "\n", 1);
	sink_flush(&k);
	if (msg != small)
		free(msg);
}

int cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("error", fmt, ap);
	va_end(ap);
	return 1;
}

static bool quiet;

void cli_quiet(bool on)
{
	quiet = on;
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vmsg("warning", fmt, ap);
	va_end(ap);
}

void cli_policy_warnings(const struct secbpf_policy *pol, size_t max_names,
			 const char *hint)
{
	size_t n = secbpf_policy_warning_count(pol), names = 0, kept = n;
	size_t unknown = secbpf_policy_warning_total(pol, "unknown-name");
	size_t left, shown;
	const char *summary = NULL;

	for (size_t i = 0; i < n; i++) {
		const struct secbpf_warning *w =
			secbpf_policy_warning_at(pol, i);

		/* the code says which, not the text */
		if (!strcmp(w->code, "left-out")) {
			summary = w->message;
			kept--;
			continue;
		}
		if (!strcmp(w->code, "unknown-name") && names++ >= max_names)
			continue;
		cli_warn("%s", w->message);
	}
	/* the names left out here or by the library's cap, counted once */
	shown = names < max_names ? names : max_names;
	if (unknown > shown)
		cli_warn("%zu more unknown syscall names%s", unknown - shown,
			 hint ? hint : "");
	/* what the library left out of other kinds: its summary says */
	left = secbpf_policy_warning_total(pol, NULL) -
	       secbpf_policy_warning_total(pol, "left-out") - kept;
	if (summary && left > unknown - names)
		cli_warn("%s", summary);
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

bool cli_wants_json(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--json"))
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

static int stdout_error(int err)
{
	stdout_failed = true;
	if (err)
		return cli_error("cannot write to standard output: %s",
				 strerror(err));
	return cli_error("cannot write to standard output");
}

/* Raw bytes on a terminal help nobody and can upset it. */
static int refuse_terminal(const char *name)
{
	return cli_error("refusing to write a raw program to a terminal "
			 "(%s); use a file, a pipe, or --format "
			 "base64|hex|c|json",
			 name);
}

static int write_stdout(const void *buf, size_t len, bool binary)
{
	int rc;

	if (binary && isatty(STDOUT_FILENO))
		return refuse_terminal("standard output");
	/* whatever stdio holds goes first */
	if (fflush(stdout))
		return stdout_error(errno);
	rc = write_all(STDOUT_FILENO, buf, len);
	return rc ? stdout_error(-rc) : 0;
}

/* Whether "st" is the file standard output is open on. */
static bool is_stdout(const struct stat *st)
{
	struct stat out;

	return !fstat(STDOUT_FILENO, &out) && out.st_dev == st->st_dev &&
	       out.st_ino == st->st_ino;
}

/*
 * A device, FIFO or socket is not ours to replace: write into it, as a
 * shell's ">" does.  No O_CREAT: it exists, and if it went away meanwhile
 * nothing is created in its place.
 */
static int write_into(const char *path, const void *buf, size_t len,
		      bool binary)
{
	struct stat st;
	int fd, rc;

	fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return cli_error("cannot open '%s': %s", path, strerror(errno));
	/* replaced by a regular file since we looked: writing into it
	 * would leave old bytes past ours */
	if (fstat(fd, &st) || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) {
		close(fd);
		return cli_error("'%s' changed while being opened", path);
	}
	if (binary && isatty(fd)) {
		close(fd);
		return refuse_terminal(path);
	}
	rc = write_all(fd, buf, len);
	if (close(fd) && !rc)
		rc = -errno;
	if (rc)
		return cli_error("cannot write '%s': %s", path, strerror(-rc));
	return 0;
}

/*
 * Give the new file the owner and group of the one it replaces; 0 or
 * -errno.  Only root gives a file away; others keep at least the group
 * when they are in it, else the file becomes the writer's, as with any
 * writer that renames (a sticky directory refuses the rename anyway).
 */
static int keep_owner(int fd, const struct stat *old)
{
	if (old->st_uid == geteuid() && old->st_gid == getegid())
		return 0;
	if (!fchown(fd, old->st_uid, old->st_gid) ||
	    !fchown(fd, (uid_t)-1, old->st_gid))
		return 0;
	return -errno;
}

/*
 * A regular file, new or not, is written to a temporary beside it and
 * renamed over it: readers see the old program or the new, never a part.
 * "old" is the file replaced, NULL for a new one.
 */
static int replace_file(const char *path, const struct stat *old,
			const void *buf, size_t len)
{
	mode_t mode, mask;
	char *tmp;
	int fd, rc;

	if (asprintf(&tmp, "%s.XXXXXX", path) < 0)
		return cli_error("out of memory");
	fd = mkstemp(tmp); /* O_CREAT | O_EXCL, mode 0600 */
	if (fd < 0) {
		rc = cli_error("cannot write '%s': %s", path, strerror(errno));
		free(tmp);
		return rc;
	}
	rc = write_all(fd, buf, len);
	if (old) {
		keep_owner(fd, old); /* as far as we may: see there */
		/* the permission bits; set-id and sticky bits are dropped,
		 * as the kernel drops them when another user writes */
		mode = old->st_mode & 0777;
	} else {
		mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	if (!rc && fchmod(fd, mode))
		rc = -errno;
	/*
	 * Filesystems that delay allocation may commit the rename before
	 * the data: after a crash, an empty file would stand where the old
	 * program was.  fsync puts the data on disk before the name points
	 * at it (one small file: the cost is negligible).
	 */
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

int cli_write_output(const char *path, const void *buf, size_t len, bool binary)
{
	struct stat st, lst;
	char *target;
	int rc;

	if (!path || !strcmp(path, "-"))
		return write_stdout(buf, len, binary);
	if (stat(path, &st)) {
		if (errno != ENOENT)
			return cli_error("cannot write '%s': %s", path,
					 strerror(errno));
		if (!lstat(path, &lst))
			return cli_error("not writing through the dangling "
					 "symbolic link '%s'",
					 path);
		return replace_file(path, NULL, buf, len);
	}
	/* /dev/stdout, /dev/fd/1: standard output, whatever it is (a
	 * socket cannot be opened by name; ">>" must still append) */
	if (is_stdout(&st))
		return write_stdout(buf, len, binary);
	if (S_ISDIR(st.st_mode))
		return cli_error("'%s' is a directory", path);
	if (!S_ISREG(st.st_mode))
		return write_into(path, buf, len, binary);
	if (lstat(path, &lst))
		return cli_error("cannot write '%s': %s", path,
				 strerror(errno));
	if (!S_ISLNK(lst.st_mode))
		return replace_file(path, &st, buf, len);
	/* a symbolic link stays: what it points at gets the program */
	target = realpath(path, NULL);
	if (!target)
		return cli_error("cannot follow the symbolic link '%s': %s",
				 path, strerror(errno));
	if (stat(target, &lst) || lst.st_dev != st.st_dev ||
	    lst.st_ino != st.st_ino)
		rc = cli_error("cannot follow the symbolic link '%s': it "
			       "changed while being followed",
			       path);
	else
		rc = replace_file(target, &st, buf, len);
	free(target);
	return rc;
}

int cli_flush_stdout(void)
{
	if (stdout_failed)
		return 1;
	if (fflush(stdout))
		return stdout_error(errno);
	/* an earlier write failed and its bytes were dropped */
	if (ferror(stdout))
		return stdout_error(0);
	return 0;
}

int cli_close_stdout(int status)
{
	if (stdout_failed)
		return status ? status : 1;
	if (cli_flush_stdout())
		return 1;
	/*
	 * close() can be the first to report a failed write (NFS).  EBADF:
	 * standard output was closed from the start, and as nothing was
	 * written (the flush above succeeded) nothing was lost.
	 */
	if (fclose(stdout) && errno != EBADF)
		return stdout_error(errno);
	return status;
}
