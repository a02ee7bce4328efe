#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The committed src/arch/gen/ is exactly what tools/gen-syscalls writes.

Regenerates into a temporary directory from Debian's linux-source tarball
and compares file by file.  Skips (exit 77) when the tarball is absent.
"""
import filecmp
import os
import subprocess
import sys
import tempfile

root = sys.argv[1]
tarball = "/usr/src/linux-source-6.12.tar.xz"
if not os.path.exists(tarball):
    print(f"skip: {tarball} not installed")
    sys.exit(77)
gen = os.path.join(root, "src", "arch", "gen")
with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([sys.executable, os.path.join(root, "tools", "gen-syscalls"),
                    "--kernel", tarball, "--out", tmp], check=True)
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
