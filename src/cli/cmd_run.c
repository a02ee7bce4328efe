// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * secbpf run: resolve, compile, install, exec.  With --notify-log the tool
 * stays behind as a minimal supervisor that logs and answers each
 * USER_NOTIF notification of the command and its descendants, and passes
 * the signals that ask a program to stop on to the command.  Without it,
 * secbpf becomes the command (exec), which gets every signal itself.
 */
#include <errno.h>
#include <getopt.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "supervise.h"

struct run_opts {
	struct cli_env env;
	bool enosys_newer;
	bool notify_log;
	int notify_errno; /* 0: let the syscall continue */
};

/*
 * The command runs as this machine's arch.  A filter for other arches only
 * (--arch aarch64 on x86_64) kills it at its first syscall with no word
 * (the bad-arch action); one resolved for another primary arch (the first
 * --arch, which includes/excludes.arches test) drops the native rules a
 * runtime here would keep (arch_prctl for x86_64).  Without --arch the
 * library puts the native arch first.  0, or 1 with a message.
 */
static int native_targeted(const struct cli_env *env)
{
	const struct secbpf_arch *native = secbpf_arch_native();
	const char *name;

	if (!native)
		return cli_error("this machine's architecture is not "
				 "supported; a filter cannot be run here");
	if (!env->narches || secbpf_arch_lookup(env->arches[0]) == native)
		return 0;
	name = secbpf_arch_name(native);
	for (size_t i = 1; i < env->narches; i++)
		if (secbpf_arch_lookup(env->arches[i]) == native)
			return cli_error("refusing to run: the first --arch "
					 "('%s') is the one the profile is "
					 "resolved for, but the command runs "
					 "as '%s'; put --arch %s first",
					 env->arches[0], name, name);
	return cli_error("refusing to run: --arch leaves out this machine's "
			 "'%s', so the kernel would kill the command at its "
			 "first syscall (a foreign arch's filter); add --arch "
			 "%s first",
			 name, name);
}

static int parse(int argc, char **argv, struct run_opts *o, int *cmd_index)
{
	enum { O_ENOSYS = 256, O_NOTIFY, O_NOTIFY_ERRNO };
	static const struct option opts[] = {
		CLI_ENV_LONGOPTS,
		{"enosys-newer", no_argument, NULL, O_ENOSYS},
		{"notify-log", no_argument, NULL, O_NOTIFY},
		{"notify-errno", required_argument, NULL, O_NOTIFY_ERRNO},
		{"quiet", no_argument, NULL, 'q'},
		{NULL, 0, NULL, 0},
	};
	int c, taken;

	optind = 1;
	/*
	 * "+": stop at each non-option.  The first one is the profile (unless
	 * --default); options may follow it; "--" or a second non-option
	 * starts the command.
	 */
	for (;;) {
		c = getopt_long(argc, argv, "+q", opts, NULL);
		if (c == -1) {
			if (o->env.use_default || o->env.profile ||
			    optind >= argc || !strcmp(argv[optind - 1], "--"))
				break;
			o->env.profile = argv[optind++];
			continue;
		}
		taken = cli_env_option(&o->env, c, optarg);
		if (taken < 0)
			return 1;
		if (taken)
			continue;
		switch (c) {
		case O_ENOSYS:
			o->enosys_newer = true;
			break;
		case 'q':
			cli_quiet(true);
			break;
		case O_NOTIFY:
			o->notify_log = true;
			break;
		case O_NOTIFY_ERRNO: {
			uint64_t v;

			if (cli_parse_number("--notify-errno", optarg, 0, 0, 1,
					     4095, &v))
				return 1;
			o->notify_errno = (int)v;
			o->notify_log = true;
			break;
		}
		default:
			return cli_error("see 'secbpf run --help'");
		}
	}
	if (cli_env_check(&o->env, "run") || native_targeted(&o->env))
		return 1;
	if (optind < argc && !strcmp(argv[optind], "--"))
		optind++;
	if (optind >= argc)
		return cli_error("no command to run after '--'");
	*cmd_index = optind;
	return 0;
}

/* Profile -> resolved profile -> policy -> program. 0 or 1. */
static int build(const struct run_opts *o, struct secbpf_prog **prog,
		 unsigned *flags)
{
	SECBPF_OPTS(secbpf_compile_opts, co);
	struct secbpf_profile *profile = NULL, *resolved = NULL;
	struct secbpf_policy *policy = NULL;
	struct secbpf_policy_opts po;
	struct secbpf_error err;
	int rc = 1;

	if (cli_env_resolve(&o->env, &profile, &resolved))
		goto out;
	cli_env_policy_opts(&o->env, &po);
	if (secbpf_policy_new(resolved, &po, &policy, &err))
		goto lib_error;
	/* the embedded default's quirks are ours, not the user's to fix */
	if (!o->env.use_default)
		cli_policy_warnings(policy, SIZE_MAX, NULL);
	co.enosys_newer = o->enosys_newer;
	if (secbpf_compile(policy, &co, prog, &err))
		goto lib_error;
	/* as runc and crun: SPEC_ALLOW without a "flags" field, a listener
	 * when the filter notifies */
	*flags = secbpf_policy_effective_flags(policy);
	rc = 0;
	goto out;
lib_error:
	rc = cli_lib_error(&err);
out:
	secbpf_policy_free(policy);
	secbpf_profile_free(resolved);
	secbpf_profile_free(profile);
	return rc;
}

static int install(const struct secbpf_prog *prog, unsigned flags, int *lfd)
{
	SECBPF_OPTS(secbpf_install_opts, io, .flags = flags);
	struct secbpf_error err;

	if (secbpf_install(prog, &io, lfd, &err))
		return cli_lib_error(&err);
	return 0;
}

static void log_notification(const struct seccomp_notif *req)
{
	const struct secbpf_arch *arch = secbpf_arch_by_audit(req->data.arch);
	const char *name = NULL;

	if (arch && (req->data.nr & 0x40000000) &&
	    !strcmp(secbpf_arch_name(arch), "x86_64"))
		arch = secbpf_arch_lookup("x32");
	if (arch)
		name = secbpf_syscall_name(arch, (uint32_t)req->data.nr);
	fprintf(stderr,
		"secbpf: notify: pid %u %s(%#llx, %#llx, %#llx, %#llx, "
		"%#llx, %#llx) [nr %d, %s]\n",
		req->pid, name ? name : "?",
		(unsigned long long)req->data.args[0],
		(unsigned long long)req->data.args[1],
		(unsigned long long)req->data.args[2],
		(unsigned long long)req->data.args[3],
		(unsigned long long)req->data.args[4],
		(unsigned long long)req->data.args[5], req->data.nr,
		arch ? secbpf_arch_name(arch) : "unknown arch");
}

/* What the supervisor (supervise.c) needs from run. */
struct notify_ctx {
	const struct secbpf_prog *prog;
	unsigned flags;
	int notify_errno; /* 0: let the syscall continue */
};

static int notify_install(void *ctx)
{
	const struct notify_ctx *n = ctx;
	unsigned flags = n->flags | SECCOMP_FILTER_FLAG_NEW_LISTENER;
	int lfd;

	/* the kernel takes TSYNC with a listener only so */
	if (flags & SECCOMP_FILTER_FLAG_TSYNC)
		flags |= SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
	return install(n->prog, flags, &lfd);
}

static void notify_answer(void *ctx, const struct seccomp_notif *req,
			  struct seccomp_notif_resp *resp)
{
	const struct notify_ctx *n = ctx;

	log_notification(req);
	if (n->notify_errno) {
		resp->flags = 0;
		resp->error = -n->notify_errno;
	}
}

static int run_supervised(struct secbpf_prog *prog, unsigned flags, char **cmd,
			  int notify_errno)
{
	struct notify_ctx n = {
		.prog = prog, .flags = flags, .notify_errno = notify_errno};
	const struct cli_supervisor sup = {
		.install = notify_install, .answer = notify_answer, .ctx = &n};
	struct cli_supervised res;

	if (cli_supervise(cmd, &sup, &res))
		return 1;
	return cli_supervise_end(&res, res.status);
}

static int run_run(int argc, char **argv)
{
	struct run_opts o = {0};
	struct secbpf_prog *prog = NULL;
	unsigned flags = 0;
	int first = 0, lfd = -1, rc;

	if (parse(argc, argv, &o, &first))
		return 1;
	if (build(&o, &prog, &flags))
		return 1;
	if (o.notify_log) {
		rc = run_supervised(prog, flags, argv + first, o.notify_errno);
		secbpf_prog_free(prog);
		return rc;
	}
	/* a filter that notifies gets a listener, as under runc; nobody
	 * serves it: it closes on exec, and notified calls fail with ENOSYS */
	rc = install(prog, flags, &lfd);
	secbpf_prog_free(prog);
	if (rc)
		return rc;
	execvp(argv[first], argv + first);
	fprintf(stderr, "secbpf: error: cannot run '%s': %s\n", argv[first],
		strerror(errno));
	return 127;
}

const struct cli_cmd cmd_run = {
	.name = "run",
	.run = run_run,
	.summary = "run a command under a profile's filter",
	.usage = "usage: secbpf run [PROFILE | --default] [--cap CAP]... "
		 "[--all-caps]\n"
		 "                  [--arch ARCH]... [--kernel X.Y] "
		 "[--enosys-newer]\n"
		 "                  [--and-repeated-args] [--quiet]\n"
		 "                  [--notify-log [--notify-errno N]] -- "
		 "COMMAND "
		 "[ARGS...]\n"
		 "\n"
		 "Resolve the profile for the given bounding capabilities "
		 "(none\n"
		 "by default), compile it, install it (no_new_privs is set; "
		 "the\n"
		 "profile's flags are used, SPEC_ALLOW when it has none, as "
		 "runc\n"
		 "and crun do, with a listener if it notifies) and exec "
		 "COMMAND.\n"
		 "With --arch, the first must be this machine's: the command "
		 "runs\n"
		 "as it.\n"
		 "\n"
		 "  --notify-log      stay as a supervisor for NOTIFY rules: "
		 "log\n"
		 "                    each notification and let the call "
		 "continue,\n"
		 "                    until no task is left under the filter; "
		 "pass\n"
		 "                    SIGTERM, SIGINT and SIGHUP on to "
		 "COMMAND\n"
		 "  --notify-errno N  answer notifications with errno N "
		 "instead\n"
		 "                    (decimal, 1 to 4095)\n"
		 "  --enosys-newer    syscalls newer than the profile knows "
		 "fail\n"
		 "                    with ENOSYS instead of the default "
		 "action\n"
		 "  --and-repeated-args  keep the conditions of a rule that "
		 "tests\n"
		 "                    one argument twice ANDed (runtimes make "
		 "each\n"
		 "                    one a rule of its own: OR, the "
		 "default)\n"
		 "  -q, --quiet       no warnings about the profile (errors "
		 "are\n"
		 "                    always shown, and --notify-log's lines "
		 "are\n"
		 "                    its output, not warnings: they stay)\n"
		 "\n"
		 "Exit status: the command's, 128+N if killed by signal N, 127 "
		 "if\n"
		 "it cannot be run, 1 if the profile cannot be used.\n",
};
