#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Compare secbpf's syscall tables with the installed uapi headers.

For each architecture whose headers are installed (the host's own, and
Debian's linux-libc-dev-<arch>-cross packages), run the C preprocessor on
<asm/unistd.h> as that arch's compiler would see it (-undef plus the arch's
predefined macros), evaluate every __NR_* / __ARM_NR_* macro, and check that
`secbpf syscalls --arch A` has every one of them with the same number.

The headers may be older than the tables (Debian's are 6.1, the tables
6.17), so names we have that the headers lack are fine only when their
number is above the header's highest one: a newer syscall, never a gap.

Usage: check_uapi.py SECBPF_BINARY
Prints TAP; exits 1 on any mismatch.  Arches without headers are skipped.
"""

import os
import re
import subprocess
import sys

# arch: (include dir, predefined macros, header)
TARGETS = {
    "x86_64": ("/usr/include/x86_64-linux-gnu", ["__x86_64__", "__LP64__"], "asm/unistd_64.h"),
    "x86": ("/usr/include/x86_64-linux-gnu", ["__i386__"], "asm/unistd_32.h"),
    "x32": ("/usr/include/x86_64-linux-gnu", ["__x86_64__", "__ILP32__"], "asm/unistd.h"),
    "aarch64": ("/usr/aarch64-linux-gnu/include", ["__aarch64__", "__LP64__"], "asm/unistd.h"),
    "arm": ("/usr/arm-linux-gnueabihf/include", ["__arm__", "__ARM_EABI__"], "asm/unistd.h"),
    "riscv64": ("/usr/riscv64-linux-gnu/include",
                ["__riscv", "__riscv_xlen=64", "__LP64__"], "asm/unistd.h"),
    "mips": ("/usr/mips-linux-gnu/include",
             ["__mips__", "_MIPS_SIM=_MIPS_SIM_ABI32", "__MIPSEB__"], "asm/unistd.h"),
    "mipsel": ("/usr/mipsel-linux-gnu/include",
               ["__mips__", "_MIPS_SIM=_MIPS_SIM_ABI32", "__MIPSEL__"], "asm/unistd.h"),
    "mips64": ("/usr/mips64-linux-gnuabi64/include",
               ["__mips__", "_MIPS_SIM=_MIPS_SIM_ABI64", "__MIPSEB__", "__LP64__"],
               "asm/unistd.h"),
    "mipsel64": ("/usr/mips64el-linux-gnuabi64/include",
                 ["__mips__", "_MIPS_SIM=_MIPS_SIM_ABI64", "__MIPSEL__", "__LP64__"],
                 "asm/unistd.h"),
    "mips64n32": ("/usr/mips64-linux-gnuabin32/include",
                  ["__mips__", "_MIPS_SIM=_MIPS_SIM_NABI32", "__MIPSEB__"], "asm/unistd.h"),
    "mipsel64n32": ("/usr/mips64el-linux-gnuabin32/include",
                    ["__mips__", "_MIPS_SIM=_MIPS_SIM_NABI32", "__MIPSEL__"],
                    "asm/unistd.h"),
    "ppc": ("/usr/powerpc-linux-gnu/include", ["__powerpc__"], "asm/unistd.h"),
    "ppc64": ("/usr/powerpc64-linux-gnu/include",
              ["__powerpc__", "__powerpc64__", "__LP64__"], "asm/unistd.h"),
    "ppc64le": ("/usr/powerpc64le-linux-gnu/include",
                ["__powerpc__", "__powerpc64__", "__LP64__", "__LITTLE_ENDIAN__"],
                "asm/unistd.h"),
    "s390": ("/usr/s390x-linux-gnu/include", ["__s390__"], "asm/unistd.h"),
    "s390x": ("/usr/s390x-linux-gnu/include", ["__s390__", "__s390x__", "__LP64__"],
              "asm/unistd.h"),
}

# Macros that are not syscalls.
NOT_SYSCALLS = re.compile(r"^(Linux|Linux_syscalls|syscalls|arch_specific_syscall|"
                          r"SYSCALL_BASE|OABI_SYSCALL_BASE|BASE|SYSCALL_MASK|.*_syscalls)$")

# Syscalls added after the oldest headers we compare with (Linux 6.1) that
# took numbers below the newest one there (a hole, or a newly wired entry).
NEWER = {"uretprobe", "riscv_hwprobe", "memfd_secret"}


def header_macros(incdir, defines, header):
    cmd = ["cpp", "-undef", "-nostdinc", "-dM", "-I", incdir]
    cmd += [f"-D{d}" for d in defines]
    # what <asm/bitsperlong.h> keys on for some arches (riscv)
    wide = "__LP64__" in defines
    cmd.append(f"-D__SIZEOF_POINTER__={8 if wide else 4}")
    cmd += ["-include", header, "/dev/null"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    macros = {}
    for line in out.splitlines():
        m = re.match(r"#define (\w+) (.*)$", line)
        if m:
            macros[m.group(1)] = m.group(2).strip()
    return macros


def evaluate(expr, macros, depth=0):
    if depth > 20:
        raise ValueError(expr)
    expr = re.sub(r"\b(0x[0-9a-fA-F]+|\d+)[uUlL]+\b", r"\1", expr)

    def sub(m):
        name = m.group(0)
        if name in macros:
            return f"({evaluate(macros[name], macros, depth + 1)})"
        raise ValueError(name)

    expr = re.sub(r"\b[A-Za-z_]\w*\b", sub, expr)
    if not re.fullmatch(r"[0-9a-fA-Fx+\-*|() <]*", expr):
        raise ValueError(expr)
    return eval(expr, {"__builtins__": {}})


def header_table(arch):
    incdir, defines, header = TARGETS[arch]
    macros = header_macros(incdir, defines, header)
    table = {}
    for name, expr in macros.items():
        m = re.match(r"^__(?:ARM_)?NR_(\w+)$", name)
        if not m or NOT_SYSCALLS.match(m.group(1)):
            continue
        try:
            table[m.group(1)] = evaluate(expr, macros)
        except ValueError:
            continue  # a macro that is not a number (e.g. a function-like one)
    return table


def ours(secbpf, arch):
    out = subprocess.run([secbpf, "syscalls", "--arch", arch], check=True,
                         capture_output=True, text=True).stdout
    table = {}
    for line in out.splitlines():
        name, nr = line.split()
        table[name] = int(nr)
    return table


def main():
    secbpf = sys.argv[1]
    print(f"1..{len(TARGETS)}")
    failed = 0
    for i, arch in enumerate(TARGETS, 1):
        incdir, _, header = TARGETS[arch]
        if not os.path.exists(os.path.join(incdir, header)):
            print(f"ok {i} {arch} # SKIP {incdir}/{header} not installed")
            continue
        theirs = header_table(arch)
        mine = ours(secbpf, arch)
        problems = []
        for name, nr in sorted(theirs.items()):
            if name not in mine:
                # a second name (alias) is found by lookup, not listed
                r = subprocess.run([secbpf, "resolve", "--arch", arch, name],
                                   capture_output=True, text=True)
                if r.returncode == 0:
                    mine_nr = int(r.stdout.split()[1])
                    if mine_nr != nr:
                        problems.append(f"alias '{name}': header {nr}, ours {mine_nr}")
                    continue
                problems.append(f"'{name}' ({nr}) in the header, not in our table")
            elif mine[name] != nr:
                problems.append(f"'{name}': header {nr}, ours {mine[name]}")
        # The newest number in the header's main block: ARM's private calls
        # (0x0f0000 up) and x32's own block (512 up) sit above it.
        def main_block(nr):
            if arch == "arm":
                return nr < 0x0F0000
            if arch == "x32":
                return nr < 0x40000000 + 512
            return True

        top = max((nr for nr in theirs.values() if main_block(nr)), default=0)
        for name, nr in sorted(mine.items()):
            if name in theirs or name in NEWER or nr > top or not main_block(nr):
                continue
            problems.append(f"'{name}' ({nr}) in our table, not in the "
                            f"header, below its newest ({top})")
        if problems:
            failed += 1
            print(f"not ok {i} {arch}: {len(problems)} mismatches with {header}")
            for p in problems[:40]:
                print(f"#   {p}")
        else:
            print(f"ok {i} {arch}: {len(theirs)} header names agree "
                  f"({len(mine) - len(theirs)} newer in ours)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
