#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Every (name, number) pair of $SECBPF_SHARED/data/syscalls-*/ is ours.

Each data directory holds one 'name<TAB>number' file per kernel ABI,
numbers as a seccomp filter sees them.  For every file and every arch it
describes (byte orders share a file), `secbpf syscalls --arch A` must list
the name with that number, or `secbpf resolve` must give it (a second
name).  Names we have beyond the data are fine: the .tbl files name
reserved numbers the data leaves out.

Usage: check_data.py SECBPF_BINARY
Prints TAP; exits 1 on any missing or different pair.  Without a data
directory (a clone without ../shared) the plan is "1..0 # SKIP".
"""

import glob
import os
import subprocess
import sys

# data file: the arches it describes
FILES = {
    "i386": ["x86"],
    "x86_64": ["x86_64"],
    "x32": ["x32"],
    "arm": ["arm"],
    "arm64": ["aarch64"],
    "mipso32": ["mips", "mipsel"],
    "mips64": ["mips64", "mipsel64"],
    "mips64n32": ["mips64n32", "mipsel64n32"],
    "powerpc": ["ppc"],
    "powerpc64": ["ppc64", "ppc64le"],
    "s390": ["s390"],
    "s390x": ["s390x"],
    "riscv64": ["riscv64"],
    "loongarch64": ["loongarch64"],
}


def read_data(path):
    table = {}
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                name, nr = line.split("\t")
                table[name] = int(nr)
    return table


def ours(secbpf, arch):
    out = subprocess.run([secbpf, "syscalls", "--arch", arch], check=True,
                         capture_output=True, text=True).stdout
    return {name: int(nr) for name, nr in (line.split() for line in out.splitlines())}


def resolve(secbpf, arch, name):
    r = subprocess.run([secbpf, "resolve", "--arch", arch, name],
                       capture_output=True, text=True)
    return int(r.stdout.split()[1]) if r.returncode == 0 else None


def main():
    secbpf = sys.argv[1]
    shared = os.environ.get("SECBPF_SHARED", "")
    dirs = sorted(glob.glob(os.path.join(shared, "data", "syscalls-*"))) if shared else []
    dirs = [d for d in dirs if os.path.isdir(d)]
    if not dirs:
        print(f"1..0 # SKIP no $SECBPF_SHARED/data/syscalls-* ({shared or 'unset'})")
        sys.exit(0)
    cases = [(d, f, arch) for d in dirs for f in FILES for arch in FILES[f]]
    print(f"1..{len(cases)}")
    failed = 0
    cache = {}
    for i, (d, f, arch) in enumerate(cases, 1):
        label = f"{os.path.basename(d)}/{f} on {arch}"
        path = os.path.join(d, f)
        if not os.path.isfile(path):
            failed += 1
            print(f"not ok {i} {label}: no such file")
            continue
        theirs = read_data(path)
        if arch not in cache:
            cache[arch] = ours(secbpf, arch)
        mine = cache[arch]
        problems = []
        for name, nr in sorted(theirs.items(), key=lambda kv: kv[1]):
            got = mine.get(name)
            if got is None:
                got = resolve(secbpf, arch, name)
            if got is None:
                problems.append(f"'{name}' ({nr}) is not in our table")
            elif got != nr:
                problems.append(f"'{name}': {nr} in the data, {got} in ours")
        if problems:
            failed += 1
            print(f"not ok {i} {label}: {len(problems)} of {len(theirs)} pairs differ")
            for p in problems[:20]:
                print(f"#   {p}")
        else:
            print(f"ok {i} {label}: {len(theirs)} pairs")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
