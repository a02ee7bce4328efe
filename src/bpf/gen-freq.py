#!/usr/bin/env python3
# Turn data/syscall-freq.txt into the C table the compiler embeds, so that
# the library never reads files at run time.
import sys

src, dst = sys.argv[1], sys.argv[2]
rows = []
with open(src) as f:
    for lineno, line in enumerate(f, 1):
        line = line.split('#', 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 2:
            sys.exit(f'{src}:{lineno}: expected "name weight"')
        name, weight = parts[0], float(parts[1])
        if not name.replace('_', '').isalnum() or weight < 0:
            sys.exit(f'{src}:{lineno}: bad entry')
        rows.append((name, weight))
with open(dst, 'w') as out:
    out.write('/* Generated from data/syscall-freq.txt by gen-freq.py. */\n')
    out.write('#include "bpf/compile.h"\n\n')
    out.write('const struct sb_freq sb_syscall_freq[] = {\n')
    for name, weight in rows:
        out.write(f'\t{{"{name}", {weight!r}}},\n')
    out.write('};\n')
    out.write('const size_t sb_syscall_freq_count = '
              'sizeof(sb_syscall_freq) / sizeof(sb_syscall_freq[0]);\n')
