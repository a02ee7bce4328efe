// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A call-sequence driver for the libseccomp API.  The same source is built
 * against libseccomp (its header and library) and against
 * libsecbpf-seccomp; the differential test runs both on the same script
 * and compares what they print (every return code) and the programs they
 * export.  It is also linked into the test itself, so that the test can
 * look at secbpf's side after each export.
 *
 * Script: one call per line, "#" comments.  S is a context slot (0..3; -1
 * for NULL).  SYS is a number or @name (resolved by the library under
 * test).  ACT is ALLOW, KILL, KILL_PROCESS, TRAP, LOG, NOTIFY, ERRNO:n,
 * TRACE:n or a number.  ARCH is native, an arch name, or a number.
 *   init S ACT | reset S ACT | release S | merge D S
 *   arch_add S ARCH | arch_remove S ARCH | arch_exist S ARCH
 *   arch_resolve NAME | arch_native
 *   attr_get S ATTR | attr_set S ATTR VALUE
 *   resolve NAME | resolve_arch ARCH NAME | resolve_rewrite ARCH NAME
 *   resolve_num ARCH NUM | priority S SYS PRIO
 *   rule S EXACT FORM ACT SYS N [ARG OP A B]...   (FORM 0: varargs, 1:
 *     array, 2: array passed as NULL)
 *   export_bpf S | export_bpf_fd S FD | export_pfc S | export_pfc_fd S FD
 *     (FD: a number, or "closed" for one just closed; export_pfc prints
 *     the text written after its result, each line as "N| <line>")
 *   load S (in a forked child: prints its exit status)
 *   api_get | api_set LEVEL | version
 *   notify_alloc WHICH | notify_fd S | notify_receive FD |
 *   notify_respond FD | notify_id_valid FD ID
 * Output: one line per call, "N: <result>".
 */
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "driver.h"

#define NSLOTS 4
#define MAXTOK 64

static scmp_filter_ctx slot[NSLOTS];

void *driver_slot(int i)
{
	return i >= 0 && i < NSLOTS ? slot[i] : NULL;
}

static scmp_filter_ctx ctx_of(const char *s)
{
	int i = atoi(s);

	return i >= 0 && i < NSLOTS ? slot[i] : NULL;
}

static uint32_t action_of(const char *s)
{
	if (!strcmp(s, "ALLOW"))
		return SCMP_ACT_ALLOW;
	if (!strcmp(s, "KILL"))
		return SCMP_ACT_KILL;
	if (!strcmp(s, "KILL_PROCESS"))
		return SCMP_ACT_KILL_PROCESS;
	if (!strcmp(s, "TRAP"))
		return SCMP_ACT_TRAP;
	if (!strcmp(s, "LOG"))
		return SCMP_ACT_LOG;
	if (!strcmp(s, "NOTIFY"))
		return SCMP_ACT_NOTIFY;
	if (!strncmp(s, "ERRNO:", 6))
		return SCMP_ACT_ERRNO(strtoul(s + 6, NULL, 0));
	if (!strncmp(s, "TRACE:", 6))
		return SCMP_ACT_TRACE(strtoul(s + 6, NULL, 0));
	return (uint32_t)strtoul(s, NULL, 0);
}

static uint32_t arch_of(const char *s)
{
	static const struct {
		const char *name;
		uint32_t token;
	} t[] = {
		{"native", SCMP_ARCH_NATIVE},
		{"x86", SCMP_ARCH_X86},
		{"x86_64", SCMP_ARCH_X86_64},
		{"x32", SCMP_ARCH_X32},
		{"arm", SCMP_ARCH_ARM},
		{"aarch64", SCMP_ARCH_AARCH64},
		{"mips", SCMP_ARCH_MIPS},
		{"mipsel", SCMP_ARCH_MIPSEL},
		{"mips64", SCMP_ARCH_MIPS64},
		{"mipsel64", SCMP_ARCH_MIPSEL64},
		{"mips64n32", SCMP_ARCH_MIPS64N32},
		{"mipsel64n32", SCMP_ARCH_MIPSEL64N32},
		{"ppc", SCMP_ARCH_PPC},
		{"ppc64", SCMP_ARCH_PPC64},
		{"ppc64le", SCMP_ARCH_PPC64LE},
		{"s390", SCMP_ARCH_S390},
		{"s390x", SCMP_ARCH_S390X},
		{"parisc", SCMP_ARCH_PARISC},
		{"parisc64", SCMP_ARCH_PARISC64},
		{"riscv64", SCMP_ARCH_RISCV64},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(s, t[i].name))
			return t[i].token;
	return (uint32_t)strtoul(s, NULL, 0);
}

static int sys_of(const char *s)
{
	if (s[0] == '@')
		return seccomp_syscall_resolve_name(s + 1);
	return (int)strtol(s, NULL, 0);
}

static int fd_of(const char *s)
{
	if (!strcmp(s, "closed")) {
		int fd = dup(2);

		close(fd);
		return fd;
	}
	return atoi(s);
}

static int export_bpf(scmp_filter_ctx ctx, const char *outprefix, int n)
{
	char path[4200];
	int fd, rc;

	snprintf(path, sizeof(path), "%s.%d", outprefix, n);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return -9999;
	rc = seccomp_export_bpf(ctx, fd);
	close(fd);
	return rc;
}

/* seccomp_export_pfc to a file: its rc, and the text in *text. */
static int export_pfc(scmp_filter_ctx ctx, const char *outprefix, char **text)
{
	size_t len = 0, cap = 4096;
	char path[4200];
	int fd, rc;
	ssize_t r;

	*text = NULL;
	snprintf(path, sizeof(path), "%s.pfc", outprefix);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return -9999;
	unlink(path);
	rc = seccomp_export_pfc(ctx, fd);
	*text = malloc(cap + 1);
	if (!*text || lseek(fd, 0, SEEK_SET) < 0) {
		close(fd);
		return -9998;
	}
	while ((r = read(fd, *text + len, cap - len)) > 0) {
		len += (size_t)r;
		if (len == cap) {
			char *more = realloc(*text, cap * 2 + 1);

			if (!more) {
				close(fd);
				return -9998;
			}
			*text = more;
			cap *= 2;
		}
	}
	(*text)[len] = '\0';
	close(fd);
	return rc;
}

/* seccomp_load in a child: its exit status (rc) or the signal. */
static void load_child(scmp_filter_ctx ctx, char *out, size_t len)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		snprintf(out, len, "fork failed");
		return;
	}
	if (pid == 0) {
		int rc = seccomp_load(ctx);

		_exit(rc < 0 ? -rc : rc);
	}
	if (waitpid(pid, &status, 0) != pid)
		snprintf(out, len, "wait failed");
	else if (WIFEXITED(status))
		snprintf(out, len, "exit %d", WEXITSTATUS(status));
	else
		snprintf(out, len, "signal %d", WTERMSIG(status));
}

int driver_run(FILE *in, FILE *out, const char *outprefix,
	       driver_export_hook hook, void *opaque)
{
	char line[4096];
	int lineno = 0, nexport = 0;

	while (fgets(line, sizeof(line), in)) {
		char *tok[MAXTOK], *save = NULL, *p, *text = NULL;
		char res[512] = "";
		int nt = 0;

		lineno++;
		p = strchr(line, '#');
		if (p)
			*p = '\0';
		for (p = strtok_r(line, " \t\r\n", &save); p && nt < MAXTOK;
		     p = strtok_r(NULL, " \t\r\n", &save))
			tok[nt++] = p;
		if (!nt)
			continue;
#define NEED(n)                                                                \
	if (nt < (n)) {                                                        \
		snprintf(res, sizeof(res), "bad line");                        \
		goto print;                                                    \
	}
		if (!strcmp(tok[0], "init")) {
			int i;

			NEED(3);
			i = atoi(tok[1]);
			if (i < 0 || i >= NSLOTS)
				goto bad;
			slot[i] = seccomp_init(action_of(tok[2]));
			snprintf(res, sizeof(res), "%s",
				 slot[i] ? "ctx" : "NULL");
		} else if (!strcmp(tok[0], "reset")) {
			NEED(3);
			snprintf(res, sizeof(res), "%d",
				 seccomp_reset(ctx_of(tok[1]),
					       action_of(tok[2])));
		} else if (!strcmp(tok[0], "release")) {
			int i;

			NEED(2);
			i = atoi(tok[1]);
			seccomp_release(ctx_of(tok[1]));
			if (i >= 0 && i < NSLOTS)
				slot[i] = NULL;
			snprintf(res, sizeof(res), "done");
		} else if (!strcmp(tok[0], "merge")) {
			int rc, j;

			NEED(3);
			j = atoi(tok[2]);
			rc = seccomp_merge(ctx_of(tok[1]), ctx_of(tok[2]));
			if (!rc && j >= 0 && j < NSLOTS)
				slot[j] = NULL; /* merged away */
			snprintf(res, sizeof(res), "%d", rc);
		} else if (!strcmp(tok[0], "arch_add")) {
			NEED(3);
			snprintf(res, sizeof(res), "%d",
				 seccomp_arch_add(ctx_of(tok[1]),
						  arch_of(tok[2])));
		} else if (!strcmp(tok[0], "arch_remove")) {
			NEED(3);
			snprintf(res, sizeof(res), "%d",
				 seccomp_arch_remove(ctx_of(tok[1]),
						     arch_of(tok[2])));
		} else if (!strcmp(tok[0], "arch_exist")) {
			NEED(3);
			snprintf(res, sizeof(res), "%d",
				 seccomp_arch_exist(ctx_of(tok[1]),
						    arch_of(tok[2])));
		} else if (!strcmp(tok[0], "arch_resolve")) {
			NEED(2);
			snprintf(res, sizeof(res), "%#x",
				 seccomp_arch_resolve_name(!strcmp(tok[1], "NUL"
									   "L")
								   ? NULL
								   : tok[1]));
		} else if (!strcmp(tok[0], "arch_native")) {
			snprintf(res, sizeof(res), "%#x",
				 seccomp_arch_native());
		} else if (!strcmp(tok[0], "attr_get")) {
			uint32_t v = 0xdead;
			int rc;

			NEED(3);
			rc = seccomp_attr_get(
				ctx_of(tok[1]),
				(enum scmp_filter_attr)atoi(tok[2]), &v);
			snprintf(res, sizeof(res), "%d %#x", rc,
				 rc ? 0xdead : v);
		} else if (!strcmp(tok[0], "attr_set")) {
			NEED(4);
			snprintf(res, sizeof(res), "%d",
				 seccomp_attr_set(
					 ctx_of(tok[1]),
					 (enum scmp_filter_attr)atoi(tok[2]),
					 (uint32_t)strtoul(tok[3], NULL, 0)));
		} else if (!strcmp(tok[0], "resolve")) {
			NEED(2);
			snprintf(res, sizeof(res), "%d",
				 seccomp_syscall_resolve_name(
					 !strcmp(tok[1], "NULL") ? NULL
								 : tok[1]));
		} else if (!strcmp(tok[0], "resolve_arch")) {
			NEED(3);
			snprintf(res, sizeof(res), "%d",
				 seccomp_syscall_resolve_name_arch(
					 arch_of(tok[1]), !strcmp(tok[2], "NUL"
									  "L")
								  ? NULL
								  : tok[2]));
		} else if (!strcmp(tok[0], "resolve_rewrite")) {
			NEED(3);
			snprintf(res, sizeof(res), "%d",
				 seccomp_syscall_resolve_name_rewrite(
					 arch_of(tok[1]), !strcmp(tok[2], "NUL"
									  "L")
								  ? NULL
								  : tok[2]));
		} else if (!strcmp(tok[0], "resolve_num")) {
			char *name;

			NEED(3);
			name = seccomp_syscall_resolve_num_arch(
				arch_of(tok[1]), (int)strtol(tok[2], NULL, 0));
			snprintf(res, sizeof(res), "%s",
				 name ? name : "(null)");
			free(name);
		} else if (!strcmp(tok[0], "priority")) {
			NEED(4);
			snprintf(res, sizeof(res), "%d",
				 seccomp_syscall_priority(
					 ctx_of(tok[1]), sys_of(tok[2]),
					 (uint8_t)atoi(tok[3])));
		} else if (!strcmp(tok[0], "rule")) {
			struct scmp_arg_cmp c[8];
			unsigned n;
			int exact, form, sys, rc;
			uint32_t act;

			NEED(7);
			exact = atoi(tok[2]);
			form = atoi(tok[3]);
			act = action_of(tok[4]);
			sys = sys_of(tok[5]);
			n = (unsigned)strtoul(tok[6], NULL, 0);
			memset(c, 0, sizeof(c));
			for (unsigned i = 0; i < 8 && 7 + 4 * (int)i + 3 < nt;
			     i++) {
				c[i].arg = (unsigned)strtoul(tok[7 + 4 * i],
							     NULL, 0);
				c[i].op =
					(enum scmp_compare)atoi(tok[8 + 4 * i]);
				c[i].datum_a =
					strtoull(tok[9 + 4 * i], NULL, 0);
				c[i].datum_b =
					strtoull(tok[10 + 4 * i], NULL, 0);
			}
			if (form == 0 && exact)
				rc = seccomp_rule_add_exact(ctx_of(tok[1]), act,
							    sys, n, c[0], c[1],
							    c[2], c[3], c[4],
							    c[5], c[6]);
			else if (form == 0)
				rc = seccomp_rule_add(ctx_of(tok[1]), act, sys,
						      n, c[0], c[1], c[2], c[3],
						      c[4], c[5], c[6]);
			else if (exact)
				rc = seccomp_rule_add_exact_array(
					ctx_of(tok[1]), act, sys, n,
					form == 2 ? NULL : c);
			else
				rc = seccomp_rule_add_array(
					ctx_of(tok[1]), act, sys, n,
					form == 2 ? NULL : c);
			snprintf(res, sizeof(res), "%d", rc);
		} else if (!strcmp(tok[0], "export_bpf")) {
			int rc;

			NEED(2);
			rc = export_bpf(ctx_of(tok[1]), outprefix, nexport);
			if (hook)
				hook(opaque, nexport, ctx_of(tok[1]), rc);
			nexport++;
			snprintf(res, sizeof(res), "%d", rc);
		} else if (!strcmp(tok[0], "export_bpf_fd")) {
			NEED(3);
			snprintf(res, sizeof(res), "%d",
				 seccomp_export_bpf(ctx_of(tok[1]),
						    fd_of(tok[2])));
		} else if (!strcmp(tok[0], "export_pfc")) {
			NEED(2);
			snprintf(res, sizeof(res), "%d",
				 export_pfc(ctx_of(tok[1]), outprefix, &text));
		} else if (!strcmp(tok[0], "export_pfc_fd")) {
			NEED(3);
			snprintf(res, sizeof(res), "%d",
				 seccomp_export_pfc(ctx_of(tok[1]),
						    fd_of(tok[2])));
		} else if (!strcmp(tok[0], "load")) {
			NEED(2);
			load_child(ctx_of(tok[1]), res, sizeof(res));
		} else if (!strcmp(tok[0], "api_get")) {
			snprintf(res, sizeof(res), "%u", seccomp_api_get());
		} else if (!strcmp(tok[0], "api_set")) {
			NEED(2);
			snprintf(res, sizeof(res), "%d",
				 seccomp_api_set((unsigned)atoi(tok[1])));
		} else if (!strcmp(tok[0], "version")) {
			const struct scmp_version *v = seccomp_version();

			snprintf(res, sizeof(res), "%u.%u.%u", v->major,
				 v->minor, v->micro);
		} else if (!strcmp(tok[0], "notify_alloc")) {
			struct seccomp_notif *req = NULL;
			struct seccomp_notif_resp *resp = NULL;
			int which, rc;

			NEED(2);
			which = atoi(tok[1]);
			rc = seccomp_notify_alloc(which & 1 ? &req : NULL,
						  which & 2 ? &resp : NULL);
			snprintf(res, sizeof(res), "%d %s %s", rc,
				 req ? "req" : "-", resp ? "resp" : "-");
			seccomp_notify_free(req, resp);
		} else if (!strcmp(tok[0], "notify_fd")) {
			NEED(2);
			snprintf(res, sizeof(res), "%d",
				 seccomp_notify_fd(ctx_of(tok[1])));
		} else if (!strcmp(tok[0], "notify_receive")) {
			struct seccomp_notif req;

			NEED(2);
			memset(&req, 0, sizeof(req));
			snprintf(res, sizeof(res), "%d",
				 seccomp_notify_receive(fd_of(tok[1]), &req));
		} else if (!strcmp(tok[0], "notify_respond")) {
			struct seccomp_notif_resp resp;

			NEED(2);
			memset(&resp, 0, sizeof(resp));
			snprintf(res, sizeof(res), "%d",
				 seccomp_notify_respond(fd_of(tok[1]), &resp));
		} else if (!strcmp(tok[0], "notify_id_valid")) {
			NEED(3);
			snprintf(res, sizeof(res), "%d",
				 seccomp_notify_id_valid(fd_of(tok[1]),
							 strtoull(tok[2], NULL,
								  0)));
		} else {
		bad:
			snprintf(res, sizeof(res), "bad line");
		}
	print:
		fprintf(out, "%d: %s\n", lineno, res);
		for (char *l = text; l && *l;) {
			size_t n = strcspn(l, "\n");

			fprintf(out, "%d| %.*s\n", lineno, (int)n, l);
			l += n + (l[n] ? 1 : 0);
		}
		free(text);
	}
	for (int i = 0; i < NSLOTS; i++) {
		seccomp_release(slot[i]);
		slot[i] = NULL;
	}
	return 0;
}
