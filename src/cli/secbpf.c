// SPDX-License-Identifier: LGPL-2.1-or-later
/* secbpf: the command-line front end, a table of subcommands. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

const char *cli_prog = "secbpf";

extern const struct cli_cmd cmd_arches;

/* Keep in the order --help shows them. */
static const struct cli_cmd *const commands[] = {
	&cmd_compile, &cmd_syscalls, &cmd_resolve, &cmd_arches, &cmd_profile,
	&cmd_check,   &cmd_explain,  &cmd_run,	   &cmd_record,
};

static void usage(FILE *out)
{
	fprintf(out, "usage: secbpf [--version] [--help] COMMAND [ARGS]\n"
		     "\n"
		     "Compile container seccomp profiles to classic BPF.\n"
		     "\n"
		     "commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i]->name,
			commands[i]->summary);
	fprintf(out, "\n'secbpf COMMAND --help' describes one command.\n");
}

static void command_usage(const struct cli_cmd *cmd)
{
	fputs(cmd->usage, stdout);
	if (cmd->usage_more)
		cmd->usage_more(stdout);
}

static const struct cli_cmd *find(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

static int secbpf_main(int argc, char **argv)
{
	const struct cli_cmd *cmd;

	if (argc < 2) {
		usage(stderr);
		return 1;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		if (argc > 2 && (cmd = find(argv[2]))) {
			command_usage(cmd);
			return 0;
		}
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("secbpf %s\nsyscall tables: Linux %s\n",
		       secbpf_version(), secbpf_syscall_tables_kernel());
		return 0;
	}
	cmd = find(argv[1]);
	if (!cmd)
		return cli_error("'%s' is not a secbpf command; see 'secbpf "
				 "--help'",
				 argv[1]);
	if (cli_wants_help(argc - 1, argv + 1)) {
		command_usage(cmd);
		return 0;
	}
	return cmd->run(argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
	return cli_close_stdout(secbpf_main(argc, argv));
}
