/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internals of the compiler (src/bpf/compile*.c) that its tests reach.
 * What the compiler takes from the IR layer (the rule order, condition
 * semantics, validation) is declared in ir/ir.h, included here.
 */
#ifndef SECBPF_COMPILE_H
#define SECBPF_COMPILE_H

#include "internal.h"
#include "ir/ir.h"

#endif /* SECBPF_COMPILE_H */
