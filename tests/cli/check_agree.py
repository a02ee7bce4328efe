#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""secbpf check and bpfdump --summary give one answer.

For every shared profile (and the embedded default) and every arch set,
the cost `secbpf check --json` reports per arch equals what `bpfdump
--summary --json` says of the filter `secbpf compile` builds for the same
profile and arches: mean and worst instructions, allowed, denied and
argument-dependent syscalls, and the ones the kernel's action cache holds
(never an x32 or MIPS one).  Both ask the library's secbpf_summarize; this
holds them to it.

Usage: check_agree.py SECBPF BPFDUMP   (TAP output; SECBPF_SHARED optional)
"""

import glob
import json
import os
import re
import subprocess
import sys
import tempfile

SECBPF, BPFDUMP = sys.argv[1], sys.argv[2]
results = []

# the arch sets a runtime asks for: the default (native and its
# subarches), and each family, primary first
ARCH_SETS = [
    [],
    ["x86_64", "x32"],
    ["x86_64"],
    ["x86"],
    ["aarch64", "arm"],
    ["s390x", "s390"],
    ["ppc64le"],
    ["ppc64", "ppc"],
    ["riscv64"],
    ["loongarch64"],
    ["mips64", "mips64n32", "mips"],
    ["mipsel64"],
]
BIG_ENDIAN = {"s390x", "s390", "ppc64", "ppc", "mips64", "mips64n32", "mips"}


def check(name, cond, detail=""):
    results.append((name, bool(cond), detail))


def run(*args):
    p = subprocess.run(list(args), capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


profiles = [("--default", "default")]
shared = os.environ.get("SECBPF_SHARED", "")
for path in sorted(glob.glob(os.path.join(shared, "profiles", "*.json"))):
    profiles.append((path, os.path.basename(path)))

with tempfile.TemporaryDirectory() as tmp:
    bpf = os.path.join(tmp, "filter.json")
    for prof, pname in profiles:
        for arches in ARCH_SETS:
            what = f"{pname} {' '.join(arches) or '(default arches)'}"
            aopts = [x for a in arches for x in ("--arch", a)]
            rc, out, err = run(SECBPF, "compile", prof, *aopts,
                               "--format", "json", "-o", bpf)
            if rc != 0:
                # a profile some arch set cannot take is not this test's
                check(f"{what}: skipped ({err.strip()[:80]})", True)
                continue
            rc, out, err = run(SECBPF, "check", prof, *aopts, "--json")
            if rc not in (0, 1):
                check(f"{what}: check ran", False, err)
                continue
            cost = json.loads(out)["cost"]
            order = ["--big-endian"] if arches and arches[0] in BIG_ENDIAN \
                else []
            rc, out, err = run(BPFDUMP, "--summary", "--json", "--format",
                               "json", *order, bpf)
            check(f"{what}: bpfdump --summary ran", rc == 0, err)
            if rc != 0:
                continue
            summary = {a["arch"]: a for a in json.loads(out)["arches"]}
            check(f"{what}: both complete",
                  cost.get("complete") and json.loads(out).get("complete"))
            for c in cost["arches"]:
                s = summary.get(c["arch"])
                if s is None:
                    check(f"{what} {c['arch']}: in bpfdump's summary",
                          False, f"bpfdump has {sorted(summary)}")
                    continue
                pairs = {
                    "syscalls": len(s["syscalls"]),
                    "mean": s.get("mean"),
                    "worst": s.get("worst"),
                    "allowed": s.get("allowed"),
                    "denied": s.get("denied"),
                    "depends": s.get("depends"),
                    "cacheable": s.get("cached"),
                }
                diff = {k: (c.get(k), v) for k, v in pairs.items()
                        if c.get(k) != v}
                check(f"{what} {c['arch']}: check and bpfdump agree",
                      not diff, f"check vs bpfdump: {diff}")
                if c["arch"] == "x32" or c["arch"].startswith("mips"):
                    check(f"{what} {c['arch']}: nothing kernel-cached",
                          c["cacheable"] == 0, str(c))

# the case, as the text says it
rc, out, err = run(SECBPF, "check", "--default", "--arch", "x86_64",
                   "--arch", "x32")
check("check --default x86_64 x32: x32 caches nothing",
      re.search(r"; x32: mean [0-9.]+, worst [0-9]+ per syscall, "
                r"0/[1-9][0-9]* allowed syscalls kernel-cacheable", out),
      out)

print(f"1..{len(results)}")
failed = 0
for i, (name, good, detail) in enumerate(results, 1):
    print(f"{'ok' if good else 'not ok'} {i} - {name}")
    if not good:
        failed += 1
        for line in str(detail).splitlines()[:10]:
            print(f"# {line}")
sys.exit(1 if failed else 0)
