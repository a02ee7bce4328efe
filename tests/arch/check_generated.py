#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The committed src/arch/gen/ is exactly what tools/gen-syscalls writes.

The committed tables.h records its sources (a kernel version, a data
directory's name); `gen-syscalls --locate` finds them on this machine
(Debian's linux-source-X.Y tarball, $SECBPF_SHARED/data or ../shared/data
beside the source tree, as in CI).  Regenerates from them into a temporary
directory and compares file by file.  Skips (exit 77) when a source is not
on this machine, e.g. in a clone without ../shared.
"""
import filecmp
import os
import subprocess
import sys
import tempfile

root = sys.argv[1]
gen_tool = os.path.join(root, "tools", "gen-syscalls")
loc = subprocess.run([sys.executable, gen_tool, "--locate"],
                     capture_output=True, text=True)
if loc.returncode == 2:
    print(f"skip: {loc.stderr.strip()}")
    sys.exit(77)
if loc.returncode != 0:
    print(f"gen-syscalls --locate failed: {loc.stderr.strip()}")
    sys.exit(1)
sources = loc.stdout.split("\n")
sources = [s for s in sources if s]
print(f"sources: {' '.join(sources)}")
gen = os.path.join(root, "src", "arch", "gen")
with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([sys.executable, gen_tool, *sources, "--out", tmp], check=True)
    names = sorted(os.listdir(tmp))
    committed = sorted(f for f in os.listdir(gen))
    if names != committed:
        print(f"files differ: generated {names}, committed {committed}")
        sys.exit(1)
    _, mismatch, errors = filecmp.cmpfiles(tmp, gen, names, shallow=False)
    if mismatch or errors:
        print(f"stale generated tables: {mismatch + errors}; run 'make update-syscalls'")
        sys.exit(1)
print(f"ok: {len(names)} generated files match")
