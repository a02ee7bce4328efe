// SPDX-License-Identifier: LGPL-2.1-or-later
#include "internal.h"

const char *secbpf_version(void)
{
	return SECBPF_VERSION_STRING;
}
