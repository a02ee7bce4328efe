#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tools/gen-syscalls on small made-up sources: what each kind gives, the
merge, its refusals, and the version the tables record.

A miniature kernel tree (every .tbl the generator reads, a Makefile saying
Linux 6.12) and data directories in the 'name<TAB>number' format are
written to a temporary directory; nothing here needs kernel sources or
../shared, so it runs everywhere.

Usage: check_gen_merge.py SOURCE_ROOT      (TAP output)
"""

import os
import re
import subprocess
import sys
import tempfile

root = sys.argv[1]
GEN = os.path.join(root, "tools", "gen-syscalls")

# .tbl paths the generator reads, and the ABI column each line needs
TBL = {
    "arch/x86/entry/syscalls/syscall_32.tbl": ["i386"],
    "arch/x86/entry/syscalls/syscall_64.tbl": ["common"],
    "arch/arm/tools/syscall.tbl": ["common"],
    "scripts/syscall.tbl": ["common"],
    "arch/mips/kernel/syscalls/syscall_o32.tbl": ["o32"],
    "arch/mips/kernel/syscalls/syscall_n64.tbl": ["n64"],
    "arch/mips/kernel/syscalls/syscall_n32.tbl": ["n32"],
    "arch/powerpc/kernel/syscalls/syscall.tbl": ["common"],
    "arch/s390/kernel/syscalls/syscall.tbl": ["common"],
    "arch/parisc/kernel/syscalls/syscall.tbl": ["common"],
}
GENERIC = ["arm64", "riscv", "loongarch"]
DATA = {  # data file: number base
    "i386": 0, "x86_64": 0, "x32": 0x40000000, "arm": 0, "arm64": 0,
    "mipso32": 4000, "mips64": 5000, "mips64n32": 6000, "powerpc": 0,
    "powerpc64": 0, "s390": 0, "s390x": 0, "riscv64": 0, "loongarch64": 0,
    "parisc": 0, "parisc64": 0,
}

n_tests = 0
failed = 0


def check(cond, what, detail=""):
    global n_tests, failed
    n_tests += 1
    print(f"{'ok' if cond else 'not ok'} {n_tests} {what}")
    if not cond:
        failed += 1
        for line in str(detail).splitlines()[:20]:
            print(f"#   {line}")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def kernel_tree(top, entries, arm_extra=()):
    """entries: [(nr, name)] for every table; arm_extra: ARM-only lines."""
    write(os.path.join(top, "Makefile"), "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 117\n")
    for path, (abi,) in TBL.items():
        lines = [f"{nr}\t{abi}\t{name}\tsys_{name}" for nr, name in entries]
        if path.startswith("arch/arm/"):
            lines += [f"{nr}\t{abi}\t{name}\tsys_{name}" for nr, name in arm_extra]
        write(os.path.join(top, path), "# made up\n" + "\n".join(lines) + "\n")
    for a in GENERIC:
        write(os.path.join(top, "arch", a, "kernel", "Makefile.syscalls"), "syscall_abis_64 +=\n")


def data_dir(top, entries, readme="# Syscall tables at Linux 6.17.0\n", arm_extra=()):
    os.makedirs(top, exist_ok=True)
    if readme is not None:
        write(os.path.join(top, "README.md"), readme)
    for f, base in DATA.items():
        lines = [f"{name}\t{base + nr}" for nr, name in entries]
        if f == "arm":
            lines += [f"{name}\t{nr}" for nr, name in arm_extra]
        write(os.path.join(top, f), "\n".join(lines) + "\n")


def gen(*args):
    return subprocess.run([sys.executable, GEN, *args], capture_output=True, text=True)


def table(out, arch):
    """{name: nr} of the by-number array, and the by-name names."""
    with open(os.path.join(out, f"{arch}.c")) as f:
        text = f.read()
    by_name, by_nr = text.split("_by_nr[]")
    pair = re.compile(r'\{ "(\w+)", ([^}]+) \}')
    return ({m.group(1): eval(m.group(2)) for m in pair.finditer(by_nr)},
            {m.group(1) for m in pair.finditer(by_name)})


def tables_h(out):
    with open(os.path.join(out, "tables.h")) as f:
        return f.read()


OLD = [(0, "read"), (1, "write"), (183, "afs_syscall")]
NEW = [(0, "read"), (1, "write"), (464, "getxattrat")]
# ARM's 341 is arm_sync_file_range in syscall.tbl, sync_file_range2 in uapi
OLD_ARM = [(341, "arm_sync_file_range")]
NEW_ARM = [(341, "sync_file_range2")]

with tempfile.TemporaryDirectory() as tmp:
    kdir = os.path.join(tmp, "linux")
    kernel_tree(kdir, OLD, OLD_ARM)
    ddir = os.path.join(tmp, "syscalls-6.17")
    data_dir(ddir, NEW, arm_extra=NEW_ARM)

    out = os.path.join(tmp, "k")
    r = gen("--kernel", kdir, "--out", out)
    check(r.returncode == 0, "kernel tree alone", r.stderr)
    if r.returncode == 0:
        t, _ = table(out, "x86_64")
        check(t == {"read": 0, "write": 1, "afs_syscall": 183},
              "kernel alone: its names, reserved ones included", t)
        h = tables_h(out)
        check('#define SB_TABLES_KERNEL "6.12"' in h, "kernel alone: version 6.12 "
              "(major.minor: stable updates do not change syscalls)", h[:400])

    out = os.path.join(tmp, "d")
    r = gen("--data", ddir, "--out", out)
    check(r.returncode == 0, "data directory alone", r.stderr)
    if r.returncode == 0:
        t, _ = table(out, "x32")
        check(t.get("getxattrat") == 0x40000000 + 464 and "afs_syscall" not in t,
              "data alone: its numbers as given (x32 bit 30)", t)
        t, _ = table(out, "mips")
        check(t.get("getxattrat") == 4464, "data alone: MIPS o32 base", t)
        check('#define SB_TABLES_KERNEL "6.17"' in tables_h(out),
              "data alone: version from its README")

    out = os.path.join(tmp, "m")
    r = gen("--kernel", kdir, "--data", ddir, "--out", out)
    check(r.returncode == 0, "kernel + data", r.stderr)
    if r.returncode == 0:
        t, names = table(out, "x86_64")
        check(t == {"read": 0, "write": 1, "afs_syscall": 183, "getxattrat": 464},
              "merge: reserved names kept, new names added", t)
        t, names = table(out, "arm")
        check(t.get("arm_sync_file_range") == 341 and "sync_file_range2" in names
              and "sync_file_range2" not in t,
              "merge: ARM's sync_file_range2 is the alias of the .tbl's "
              "arm_sync_file_range, not a conflict", (t, sorted(names)))
        h = tables_h(out)
        check('#define SB_TABLES_KERNEL "6.17"' in h, "merge: the newest version", h[:400])
        check(" *   kernel sources: Linux 6.12\n *   data directory: syscalls-6.17 "
              "(Linux 6.17)\n" in h, "merge: tables.h records both sources", h[:400])

    bad = os.path.join(tmp, "bad-name")
    data_dir(bad, [(0, "read"), (2, "write")])
    r = gen("--kernel", kdir, "--data", bad, "--out", os.path.join(tmp, "x"))
    check(r.returncode == 1 and "'write' is 1 in the Linux 6.12 sources but 2 in" in r.stderr
          and "refusing to guess" in r.stderr, "a name with two numbers is refused",
          r.stderr)
    check(not os.path.exists(os.path.join(tmp, "x", "x86_64.c")),
          "a refused merge writes nothing")

    bad = os.path.join(tmp, "bad-nr")
    data_dir(bad, [(0, "read"), (1, "write"), (183, "getxattrat")])
    r = gen("--kernel", kdir, "--data", bad, "--out", os.path.join(tmp, "x"))
    check(r.returncode == 1 and "number 183 is 'afs_syscall' in the Linux 6.12 sources "
          "but 'getxattrat' in" in r.stderr, "a number with two names is refused", r.stderr)

    bad = os.path.join(tmp, "nobase")
    data_dir(bad, NEW)
    with open(os.path.join(bad, "x32"), "w") as f:
        f.write("read\t0\n")
    r = gen("--data", bad, "--out", os.path.join(tmp, "x"))
    check(r.returncode == 1 and "lacks x32's number base" in r.stderr,
          "a table without its ABI's base is refused", r.stderr)

    bad = os.path.join(tmp, "syntax")
    data_dir(bad, NEW)
    with open(os.path.join(bad, "arm64"), "w") as f:
        f.write("read\t63\nwrite 64\n")
    r = gen("--data", bad, "--out", os.path.join(tmp, "x"))
    check(r.returncode == 1 and "arm64:2: not 'name<TAB>number'" in r.stderr,
          "a malformed line is refused with file:line", r.stderr)

    bad = os.path.join(tmp, "partial")
    data_dir(bad, NEW)
    os.unlink(os.path.join(bad, "s390x"))
    r = gen("--data", bad, "--out", os.path.join(tmp, "x"))
    check(r.returncode == 1 and "lacks the tables s390x" in r.stderr,
          "a data directory missing an ABI is refused", r.stderr)

    noversion = os.path.join(tmp, "tables")
    data_dir(noversion, NEW, readme=None)
    r = gen("--data", noversion, "--out", os.path.join(tmp, "x"))
    check(r.returncode == 1 and "cannot tell which Linux version" in r.stderr,
          "a data directory of unknown version is refused", r.stderr)
    named = os.path.join(tmp, "syscalls-6.18")
    data_dir(named, NEW, readme=None)
    out = os.path.join(tmp, "n")
    r = gen("--kernel", kdir, "--data", named, "--out", out)
    check(r.returncode == 0 and '#define SB_TABLES_KERNEL "6.18"' in tables_h(out),
          "the version from the directory's name", r.stderr)

print(f"1..{n_tests}")
sys.exit(1 if failed else 0)
