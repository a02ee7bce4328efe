// SPDX-License-Identifier: LGPL-2.1-or-later
/* Architecture descriptors and lookups (placeholder until tables land). */
#include "internal.h"
