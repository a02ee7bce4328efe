#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The options structs of include/secbpf.h against their pinned layouts.

The library reads a caller's options up to the caller's sz and refuses
non-zero bytes past its own struct (sizeof): right only if a member added
later never lies in the tail padding of an earlier layout, where an older
caller may have left garbage.  For each struct secbpf_*_opts this compiles
and runs a small program that checks, against every pinned layout
(opts_abi_v*.h next to this script):

  - each pinned member is still there, in order, at the same offset and
    with the same size;
  - each member the pin does not know starts at or past the pinned
    struct's sizeof;

and fails for an options struct that no layout pins.  Usage:
check_opts_abi.py SOURCE_ROOT [CC]
"""
import glob
import os
import re
import subprocess
import sys
import tempfile


def structs(text):
    """{struct name: [member names]} of the *_opts structs in C text."""
    out = {}
    for m in re.finditer(r'struct (secbpf_\w+_opts)(__v\w+)? \{(.*?)\n\};',
                         text, re.S):
        body = re.sub(r'/\*.*?\*/', '', m.group(3), flags=re.S)
        members = []
        for decl in body.split(';')[:-1]:
            names = re.findall(r'(\w+)\s*(?:\[[^]]*\])?\s*$', decl.strip())
            if names:
                members.append(names[0])
        out[m.group(1) + (m.group(2) or '')] = members
    return out


def main():
    root = sys.argv[1]
    cc = sys.argv[2] if len(sys.argv) > 2 else os.environ.get('CC', 'cc')
    here = os.path.dirname(os.path.abspath(__file__))
    header = os.path.join(root, 'include', 'secbpf.h')
    current = structs(open(header, encoding='utf-8').read())
    pins = sorted(glob.glob(os.path.join(here, 'opts_abi_v*.h')))
    checks, bad = [], []
    pinned_any = set()
    for pin in pins:
        for name, members in structs(open(pin, encoding='utf-8').read()
                                     ).items():
            base, version = name.split('__')
            if base not in current:
                bad.append(f'{base}: pinned in {os.path.basename(pin)}, '
                           'gone from secbpf.h')
                continue
            pinned_any.add(base)
            now = current[base]
            if now[:len(members)] != members:
                bad.append(f'{base}: members {now} do not start with the '
                           f'{version} ones, in order: {members}')
                continue
            for m in members:
                checks.append(
                    f'CHECK(offsetof(struct {base}, {m}) == '
                    f'offsetof(struct {name}, {m}) && '
                    f'sizeof(((struct {base} *)0)->{m}) == '
                    f'sizeof(((struct {name} *)0)->{m}), '
                    f'"{base}.{m} moved or changed size since {version}");')
            for m in now[len(members):]:
                checks.append(
                    f'CHECK(offsetof(struct {base}, {m}) >= '
                    f'sizeof(struct {name}), "{base}.{m} lies inside the '
                    f'{version} struct (its tail padding): start it at or '
                    f'past its end");')
    for base in sorted(set(current) - pinned_any):
        bad.append(f'{base}: no pinned layout (add it to the newest '
                   'opts_abi_v*.h)')
    prog = ['#include "secbpf.h"']
    prog += [f'#include "{p}"' for p in pins]
    prog += ['#include <stdio.h>',
             'static int bad;',
             '#define CHECK(c, m) do { if (!(c)) { puts("FAIL: " m); '
             'bad = 1; } } while (0)',
             'int main(void)', '{']
    prog += ['\t' + c for c in checks]
    prog += ['\treturn bad;', '}']
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = os.path.join(tmp, 'abi.c'), os.path.join(tmp, 'abi')
        open(src, 'w', encoding='utf-8').write('\n'.join(prog) + '\n')
        r = subprocess.run([cc, '-std=c11', '-I', os.path.dirname(header),
                            '-o', exe, src], capture_output=True, text=True)
        if r.returncode:
            print(r.stderr)
            bad.append('the layout check does not compile')
        else:
            r = subprocess.run([exe], capture_output=True, text=True)
            bad += [l[len('FAIL: '):] for l in r.stdout.splitlines()]
    for line in bad:
        print('FAIL:', line)
    if bad:
        return 1
    print(f'ok: {len(current)} options structs, {len(checks)} member '
          'checks against the pinned layouts')
    return 0


if __name__ == '__main__':
    sys.exit(main())
