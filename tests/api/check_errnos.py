#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The errno table of include/secbpf.h against the library's code.

Every public function's possible errnos are listed once, in the header's
"Errors each function returns" table (and in libsecbpf(3)).  This script
derives them from the code: it reads the library's C files (src/, less the
tools in src/cli and src/compat and the generated tables), finds every
function, the -EXXX constants it returns and the library functions it
calls, and takes the closure from each public function.  It fails when

  - the code can return an errno the table does not list for a function
    (with the call path that returns it), or
  - the table lists one the code can never return, or
  - a public function returning int is missing from the table, or the
    table names a function the header does not declare, or
  - the man page's table differs from the header's.

The derivation over-approximates: a call whose error the caller handles is
still followed.  SWALLOWED lists those calls, each with the reason, so that
the table says what a caller can really get.  Errnos passed on from the
kernel or libc (-errno) are marked in the table as "errors of open(2)",
etc.  Usage: check_errnos.py SOURCE_ROOT
"""
import glob
import os
import re
import sys

# (caller, callee): the callee's errors never leave the caller.
SWALLOWED = {
    ('sb_irb_add_named_hashed', 'sb_syscall_multiplex_hashed'):
        'a lookup: -ENOENT means "not multiplexed on this arch"',
    ('check_names', 'secbpf_syscall_multiplex'):
        'a lookup: -ENOENT means "not multiplexed on this arch"',
    ('map_names', 'secbpf_syscall_multiplex'):
        'a lookup: -ENOENT means "not multiplexed on this arch"',
    ('locate_rules', 'sb_json_locate_elements'):
        'a text without the rules where the profile says: no line numbers',
    ('locate_rules', 'sb_json_locate'):
        'a text without the default action: no line number for it',
    ('check_names', 'secbpf_syscall_lookup'):
        'a lookup: -ENOENT means "not on this arch"',
    ('resolve_env', 'sb_kernel_version'):
        'no uname: the kernel counts as new enough',
    ('secbpf_install', 'secbpf_prog_verify'):
        'only -EINVAL can come back: a program never holds more than '
        '4096 instructions (secbpf_prog_new refuses them)',
}
# (function, errno): a guard no input reaches.  test_errnos.c checks the
# facts these rest on (20 arches, fewer than SB_MAX_ARCHES).
UNREACHABLE = {
    ('secbpf_prog_verify', 'E2BIG'):
        'a program never holds more than 4096 instructions',
    ('add_target', 'E2BIG'):
        'targets are distinct arches: 20, fewer than SB_MAX_ARCHES (24)',
    ('secbpf_builder_add_arch', 'E2BIG'):
        'targets are distinct arches: 20, fewer than SB_MAX_ARCHES (24)',
    ('sb_ir_add_arch', 'E2BIG'):
        'targets are distinct arches: 20, fewer than SB_MAX_ARCHES (24)',
}
# The embedded default profile parses and resolves (tests/profile/
# test_default.c): only running out of memory can fail it.
PUBLIC_UNREACHABLE = {
    ('secbpf_profile_default', e): 'the embedded profile is valid'
    for e in ('E2BIG', 'EFBIG', 'EINVAL', 'ENOENT', 'ERANGE')
}


def strip(text):
    """C text without comments, string and character literals."""
    text = re.sub(r'/\*.*?\*/', lambda m: '\n' * m.group(0).count('\n'),
                  text, flags=re.S)
    text = re.sub(r'//[^\n]*', '', text)
    text = re.sub(r'"(\\.|[^"\\\n])*"', '""', text)
    return re.sub(r"'(\\.|[^'\\\n])*'", "''", text)


HEAD = re.compile(r'(\bstatic\b)?[^;{}()]*?\b([A-Za-z_]\w*)\s*\([^;{}]*\)\s*'
                  r'(__attribute__\s*\(\(.*?\)\)\s*)?$', re.S)


def functions(path):
    """(name, static, body) of each function defined in a C file."""
    text = strip(open(path, encoding='utf-8').read())
    depth, start, top = 0, 0, 0
    for i, c in enumerate(text):
        if c == '{':
            if depth == 0:
                head, start = text[top:i], i
            depth += 1
        elif c == '}':
            depth -= 1
            if depth == 0:
                m = HEAD.search(head)
                if m and not re.search(r'=\s*$', head) and \
                        m.group(2) not in ('if', 'while', 'for', 'switch'):
                    yield m.group(2), bool(m.group(1)), text[start:i + 1]
                top = i + 1
        elif c == ';' and depth == 0:
            top = i + 1


def library_files(root):
    out = []
    for path in sorted(glob.glob(os.path.join(root, 'src', '**', '*.c'),
                                 recursive=True)):
        rel = os.path.relpath(path, root)
        if rel.startswith(('src/cli/', 'src/compat/', 'src/arch/gen/')):
            continue
        out.append(path)
    return out


def derive(root):
    """{public function: ({errno: call path}, passes kernel errors on)}"""
    defs = {}      # (file, name) -> body; file None for globals
    for path in library_files(root):
        for name, static, body in functions(path):
            defs[(path if static else None, name)] = (path, body)
    names = {name for _, name in defs}

    def resolve(path, name):
        if (path, name) in defs:
            return (path, name)
        return (None, name) if (None, name) in defs else None

    graph = {}
    for key, (path, body) in defs.items():
        errs = {e for e in re.findall(r'-\s*(E[A-Z0-9]+)\b', body)
                if (key[1], e) not in UNREACHABLE}
        passes = bool(re.search(r'-\s*errno\b|\brc\s*=\s*-\s*errno|'
                                r'sb_err\w*\([^;]*-\s*e\b', body))
        calls = set()
        # called, or passed on as a function pointer; not a member
        for callee in re.findall(r'(?<![\w.>])([A-Za-z_]\w*)\s*\(|'
                                 r'[=,(&]\s*([A-Za-z_]\w*)\s*[,);]', body):
            callee = callee[0] or callee[1]
            if callee in names and callee != key[1]:
                k = resolve(path, callee)
                if k and (key[1], callee) not in SWALLOWED:
                    calls.add(k)
        graph[key] = (errs, calls, passes)

    out = {}
    for key in graph:
        if key[0] is not None or not key[1].startswith('secbpf_'):
            continue
        found, passes, seen = {}, False, set()
        stack = [(key, [key[1]])]
        while stack:
            k, path = stack.pop()
            if k in seen:
                continue
            seen.add(k)
            errs, calls, p = graph[k]
            passes |= p
            for e in errs:
                found.setdefault(e, path)
            for c in sorted(calls):
                stack.append((c, path + [c[1]]))
        for e in list(found):
            if (key[1], e) in PUBLIC_UNREACHABLE:
                del found[e]
        out[key[1]] = (found, passes)
    return out


def table(text, start, end):
    """{function: (set of errnos, passes kernel errors on)} from the table
    between two markers."""
    body = text[text.index(start):]
    body = body[:body.index(end)]
    rows, cur = {}, None
    for line in body.splitlines():
        line = re.sub(r'^\s*(\*|\.\\"|\.IP|\.TP)?\s?', '', line)
        line = line.replace('\\fB', '').replace('\\fR', '').replace('\\-', '-')
        m = re.match(r'(secbpf_\w+)\b(.*)', line.strip())
        if m:
            cur = m.group(1)
            rows[cur] = [set(), False]
            rest = m.group(2)
        elif cur and line.strip():
            rest = line
        else:
            cur = None
            continue
        rows[cur][0] |= set(re.findall(r'\bE[A-Z0-9]+\b', rest))
        rows[cur][1] |= bool(re.search(r'\(2\)|\(3\)', rest))
    return {k: (v[0], v[1]) for k, v in rows.items()}


def int_functions(header):
    text = re.sub(r'/\*.*?\*/', '', header, flags=re.S)
    return set(re.findall(r'SECBPF_API\s+int\s+(secbpf_\w+)\s*\(', text))


def main():
    args = [a for a in sys.argv[1:] if a != '--print']
    root = args[0] if args else '.'
    if '--print' in sys.argv:
        # what the code returns, to write the table from
        for f, (found, passes) in sorted(derive(root).items()):
            print(f'{f:34s} {" ".join(sorted(found))}'
                  f'{"  + system" if passes else ""}')
        return 0
    header = open(os.path.join(root, 'include/secbpf.h'),
                  encoding='utf-8').read()
    man = open(os.path.join(root, 'docs/man/libsecbpf.3'),
               encoding='utf-8').read()
    doc = table(header, 'ERRNO TABLE BEGIN', 'ERRNO TABLE END')
    mandoc = table(man, 'ERRNO TABLE BEGIN', 'ERRNO TABLE END')
    code = derive(root)
    bad = []
    for f in sorted(int_functions(header)):
        if f not in doc:
            bad.append(f'{f}: returns int but is not in the errno table')
    for f, (errs, passes) in sorted(doc.items()):
        if f not in code:
            bad.append(f'{f}: in the errno table, not defined in the '
                       'library')
            continue
        found, cpasses = code[f]
        for e in sorted(set(found) - errs):
            bad.append(f'{f}: can return -{e} (via '
                       f'{" -> ".join(found[e])}), not in the table')
        for e in sorted(errs - set(found)):
            bad.append(f'{f}: the table lists {e}; no return path gives '
                       'it')
        if cpasses and not passes:
            bad.append(f'{f}: passes errors of the kernel or libc on '
                       '(-errno); the table should say whose')
        if passes and not cpasses:
            bad.append(f'{f}: the table says it passes system errors on; '
                       'the code does not')
    if mandoc != doc:
        for f in sorted(set(doc) | set(mandoc)):
            if doc.get(f) != mandoc.get(f):
                bad.append(f'{f}: libsecbpf.3 says {mandoc.get(f)}, '
                           f'secbpf.h says {doc.get(f)}')
    for line in bad:
        print('FAIL:', line)
    if bad:
        return 1
    print(f'ok: {len(doc)} functions, their errnos as the code returns '
          'them, in secbpf.h and libsecbpf.3')
    return 0


if __name__ == '__main__':
    sys.exit(main())
