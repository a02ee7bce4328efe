/* A program written for libseccomp, built unchanged with
 * `cc $(pkg-config --cflags --libs secbpf-seccomp)`. */
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	const struct scmp_version *v = seccomp_version();
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	int fd, rc;

	if (!ctx || v->major != SCMP_VER_MAJOR || v->minor != SCMP_VER_MINOR)
		return 1;
	rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(read), 0);
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(write), 1,
			       SCMP_A0(SCMP_CMP_EQ, 1));
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(exit_group), 0);
	if (rc)
		return 2;
	/* the same misuse, the same code */
	if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(close), 0) !=
	    -EACCES)
		return 3;
	fd = open("/dev/null", O_WRONLY);
	if (fd < 0 || seccomp_export_bpf(ctx, fd) ||
	    seccomp_export_pfc(ctx, fd))
		return 4;
	close(fd);
	printf("seccomp consumer: libseccomp API %u.%u.%u, level %u\n",
	       v->major, v->minor, v->micro, seccomp_api_get());
	seccomp_release(ctx);
	return 0;
}
