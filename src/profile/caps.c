// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Capability names: the kernel's list (include/uapi/linux/capability.h,
 * CAP_CHOWN = 0 ... CAP_CHECKPOINT_RESTORE = 40, unchanged up to Linux
 * 6.18), the spellings a caller may use for them, and the closest name to
 * a misspelt one.
 *
 * Two kinds of names meet here.  A caller's bounding set is checked: it
 * is what a container would get, so a name that is no capability is an
 * error.  A profile's includes.caps / excludes.caps are compared with the
 * bounding set as exact strings, as containers/common and moby do, so a
 * name there that is no capability (or is spelt in lower case) simply
 * never matches.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "profile.h"

/* Index = the capability's number. */
static const char *const cap_names[SB_CAP_COUNT] = {
	"CAP_CHOWN",
	"CAP_DAC_OVERRIDE",
	"CAP_DAC_READ_SEARCH",
	"CAP_FOWNER",
	"CAP_FSETID",
	"CAP_KILL",
	"CAP_SETGID",
	"CAP_SETUID",
	"CAP_SETPCAP",
	"CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE",
	"CAP_NET_BROADCAST",
	"CAP_NET_ADMIN",
	"CAP_NET_RAW",
	"CAP_IPC_LOCK",
	"CAP_IPC_OWNER",
	"CAP_SYS_MODULE",
	"CAP_SYS_RAWIO",
	"CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE",
	"CAP_SYS_PACCT",
	"CAP_SYS_ADMIN",
	"CAP_SYS_BOOT",
	"CAP_SYS_NICE",
	"CAP_SYS_RESOURCE",
	"CAP_SYS_TIME",
	"CAP_SYS_TTY_CONFIG",
	"CAP_MKNOD",
	"CAP_LEASE",
	"CAP_AUDIT_WRITE",
	"CAP_AUDIT_CONTROL",
	"CAP_SETFCAP",
	"CAP_MAC_OVERRIDE",
	"CAP_MAC_ADMIN",
	"CAP_SYSLOG",
	"CAP_WAKE_ALARM",
	"CAP_BLOCK_SUSPEND",
	"CAP_AUDIT_READ",
	"CAP_PERFMON",
	"CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
};

/* No capability name is longer; longer input is no capability. */
#define CAP_NAME_MAX 32

const char *sb_cap_name(int nr)
{
	return nr >= 0 && nr < SB_CAP_COUNT ? cap_names[nr] : NULL;
}

int sb_cap_number(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < SB_CAP_COUNT; i++)
		if (!strcmp(cap_names[i], name))
			return i;
	return -1;
}

int sb_cap_parse(const char *name)
{
	char canon[CAP_NAME_MAX + 1] = "CAP_";
	size_t len, off = 4;

	if (!name)
		return -1;
	/* "sys_admin", "SYS_ADMIN", "cap_sys_admin": "CAP_SYS_ADMIN" */
	if (!strncasecmp(name, "CAP_", 4))
		name += 4;
	len = strlen(name);
	if (!len || off + len > CAP_NAME_MAX)
		return -1;
	for (size_t i = 0; i < len; i++)
		canon[off + i] = (char)toupper((unsigned char)name[i]);
	canon[off + len] = '\0';
	return sb_cap_number(canon);
}

/*
 * Edit distance with adjacent transpositions (optimal string alignment),
 * case folded: "CAP_SYS_ADMN" is 1 from "CAP_SYS_ADMIN", "chwon" 1 from
 * "CHOWN".  Both strings are at most CAP_NAME_MAX bytes.
 */
static size_t distance(const char *a, size_t la, const char *b, size_t lb)
{
	size_t d[CAP_NAME_MAX + 1][CAP_NAME_MAX + 1];

	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = toupper((unsigned char)a[i - 1]) !=
				      toupper((unsigned char)b[j - 1]);
			size_t best = d[i - 1][j - 1] + cost;

			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 &&
			    toupper((unsigned char)a[i - 1]) ==
				    toupper((unsigned char)b[j - 2]) &&
			    toupper((unsigned char)a[i - 2]) ==
				    toupper((unsigned char)b[j - 1]) &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

const char *sb_cap_suggest(const char *name)
{
	const char *bare = name;
	size_t len, blen, best = (size_t)-1, limit;
	const char *pick = NULL;

	if (!name)
		return NULL;
	if (!strncasecmp(bare, "CAP_", 4))
		bare += 4;
	len = strlen(name);
	blen = strlen(bare);
	if (!blen || len > CAP_NAME_MAX)
		return NULL;
	/* close enough to be a slip, not a different word */
	limit = blen / 3 ? blen / 3 : 1;
	for (int i = 0; i < SB_CAP_COUNT; i++) {
		const char *full = cap_names[i];
		/* "CAP_SYS_ADMN" against "CAP_SYS_ADMIN", "sys_admn"
		 * against "SYS_ADMIN" */
		size_t d1 = distance(name, len, full, strlen(full));
		size_t d2 = distance(bare, blen, full + 4, strlen(full + 4));
		size_t d = d1 < d2 ? d1 : d2;

		if (d < best) {
			best = d;
			pick = full;
		}
	}
	return best <= limit ? pick : NULL;
}
