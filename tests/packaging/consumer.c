/* A consumer as a packager's user would write it: pkg-config, the one
 * header, the shared library. */
#include <secbpf.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	const struct secbpf_arch *a = secbpf_arch_lookup("x86_64");
	uint32_t nr = 0;

	if (strcmp(secbpf_version(), SECBPF_VERSION_STRING))
		return 1; /* header and library disagree */
	if (!a || secbpf_syscall_lookup(a, "openat", &nr) || nr != 257)
		return 2;
	printf("consumer: libsecbpf %s, openat=%u\n", secbpf_version(), nr);
	return 0;
}
