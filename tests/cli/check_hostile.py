#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Hostile profile text through the tools: keys Go would read otherwise,
bytes that are not UTF-8, terminal control sequences.

Usage: check_hostile.py SECBPF BPFDUMP   (TAP output)

Keys json-c would misread are refused with file:line:col and a pointer,
and no output file is written; JSON output is valid UTF-8 whatever the
profile holds; messages and 'check' text never carry a control character
(C0, DEL, C1) or a byte that is not UTF-8 to the terminal.
"""

import json
import os
import re
import subprocess
import sys
import tempfile

S, BPFDUMP = sys.argv[1], sys.argv[2]
results = []


def check(name, cond, detail=""):
    results.append((name, bool(cond), detail))


def run(*args, tool=S):
    p = subprocess.run([tool, *args], capture_output=True)
    return p.returncode, p.stdout, p.stderr


def raw_controls(data):
    """Control characters a terminal acts on, and bytes that are not
    UTF-8, in bytes written by a tool (newlines and tabs of our own
    layout aside)."""
    bad = re.findall(rb"[\x00-\x08\x0b-\x1f\x7f]", data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return bad + [b"not UTF-8: %r" % data[e.start:e.end]]
    return bad + [c.encode() for c in text if 0x80 <= ord(c) <= 0x9f]


with tempfile.TemporaryDirectory() as tmp:
    def write(name, data):
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    # ---- keys: as Go matches them to fields, or refused ----
    refused = [
        # json-c cuts keys at the NUL: these became 'names' and
        # 'defaultAction'; Go ignores them
        ("nul-names", b'{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": '
         b'[{"names": ["ptrace"], "names\\u0000": ["read"], '
         b'"action": "SCMP_ACT_ALLOW"}]}',
         r":1:\d+: /syscalls/0: NUL byte in key 'names\\u0000'$"),
        ("nul-default", b'{"defaultAction": "SCMP_ACT_ERRNO", '
         b'"defaultAction\\u0000x": "SCMP_ACT_ALLOW"}',
         r":1:37: NUL byte in key 'defaultAction\\u0000x'$"),
        # Go takes the last (ERRNO); json-c's tree gave ALLOW
        ("case-dup", b'{"defaultAction":"SCMP_ACT_ERRNO",'
         b'"DefaultAction":"SCMP_ACT_ALLOW","defaultAction":"SCMP_ACT_ERRNO"}',
         r":1:35: /DefaultAction: field 'defaultAction' given twice "
         r"\(keys match case-insensitively\)$"),
        ("config-dup", b'{"ociVersion": "1", "linux": {"seccomp": '
         b'{"defaultAction": "SCMP_ACT_ERRNO"}, "Seccomp": '
         b'{"defaultAction": "SCMP_ACT_ALLOW"}}}',
         r":1:79: /linux/Seccomp: field 'seccomp' given twice "
         r"\(keys match case-insensitively\)$"),
    ]
    for name, text, want in refused:
        path = write(name + ".json", text)
        out = os.path.join(tmp, name + ".bpf")
        rc, _, err = run("compile", path, "-o", out)
        line = err.decode("utf-8", "replace").strip()
        check("%s: compile refuses it" % name,
              rc == 1 and re.fullmatch(
                  r"secbpf: error: " + re.escape(path) + want, line), line)
        check("%s: no output file" % name, not os.path.exists(out))
        rc, out, err = run("profile", path)
        check("%s: profile refuses it" % name, rc == 1 and out == b"", err)

    # Go's Unicode folding: U+017F is 's', U+212A (Kelvin) is 'k'
    path = write("fold.json", '{"defaultAction": "SCMP_ACT_ERRNO", '
                 '"\u017fyscalls": [{"names": ["read"], "action": '
                 '"SCMP_ACT_ALLOW", "includes": {"min\u212aernel": '
                 '"4.8"}}]}'.encode())
    rc, out, err = run("profile", path)
    d = json.loads(out) if rc == 0 else {}
    check("folded keys are the fields", rc == 0 and
          (d.get("syscalls") or [{}])[0].get("includes") ==
          {"minKernel": "4.8"},
          out + err)

    # ---- strings that are not UTF-8: U+FFFD, as Go reads them ----
    path = write("utf8.json",
                 b'{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": '
                 b'[{"names": ["re\xffad"], "action": "SCMP_ACT_ALLOW", '
                 b'"comment": "\xc3\xa9t\xe9 \xed\xa0\x80 \\ud800"}]}')
    rc, out, err = run("profile", path)
    check("profile of bad UTF-8 exits 0", rc == 0, err)
    check("profile output is UTF-8", not raw_controls(out),
          raw_controls(out))
    try:
        rule = json.loads(out)["syscalls"][0]
    except (ValueError, KeyError, IndexError):
        rule = {}
    check("bad bytes read as U+FFFD", rule.get("names") == ["re\ufffdad"]
          and rule.get("comment") == "\xe9t\ufffd \ufffd\ufffd\ufffd \ufffd",
          rule)
    rc, out, err = run("check", "--json", path)
    check("check --json output is UTF-8", not raw_controls(out),
          raw_controls(out))
    try:
        msgs = [f["message"] for f in json.loads(out)["findings"]]
    except (ValueError, KeyError):
        msgs = []
    check("check --json names the name as read",
          any("re\ufffdad" in m for m in msgs), out)

    # ---- terminal control sequences in profile text ----
    esc = "\\u001b]0;pwned\\u0007\\u001b[2J\\u009b"
    path = write("esc.json", ('{"defaultAction": "SCMP_ACT_ERRNO", '
                              '"syscalls": [{"names": ["x%s\xff"], '
                              '"action": "SCMP_ACT_ALLOW", "comment": '
                              '"%s"}]}' % (esc, esc)).encode("latin-1"))
    shown = rb"x\x1b]0;pwned\x07\x1b[2J\u009b"
    rc, out, err = run("compile", path, "-o", os.devnull)
    check("compile warning escaped", rc == 0 and not raw_controls(err)
          and shown in err, err)
    rc, out, err = run("check", path)
    # an unknown name is a warning: exit 0
    check("check text escaped", rc == 0 and not raw_controls(out)
          and shown in out, out)
    rc, out, err = run("check", "--json", path)
    check("check --json escaped", not raw_controls(out), out)
    try:
        msgs = [f["message"] for f in json.loads(out)["findings"]]
    except (ValueError, KeyError):
        msgs = []
    check("check --json keeps the text",
          any("x\x1b]0;pwned\x07\x1b[2J\x9b\ufffd" in m for m in msgs), out)
    rc, out, err = run("profile", path)
    check("profile output escaped", rc == 0 and not raw_controls(out), out)
    path = write("esc-error.json",
                 b'{"defaultAction": "SCMP_ACT_\\u001b[2J\\u0085\xfe"}')
    rc, out, err = run("compile", path, "-o", os.devnull)
    check("error escaped", rc == 1 and not raw_controls(err) and
          "unknown action 'SCMP_ACT_\\x1b[2J\\u0085\ufffd'".encode() in err,
          err)
    # bidirectional overrides would make the message lie
    path = write("bidi.json", '{"defaultAction": "SCMP_ACT_\u202eWOLLA"}'
                 .encode())
    rc, out, err = run("profile", path)
    check("bidi override escaped", rc == 1 and b"\\u202e" in err and
          "\u202e".encode() not in err, err)

    # file names reach messages too, in both tools
    name = os.fsencode(tmp) + b"/f\x1b[2J\xc2\x9b\x9b.bin"
    with open(name, "wb") as f:
        f.write(b"\x01\x02\x03")
    rc, out, err = run(name, tool=BPFDUMP)
    check("bpfdump error escaped", rc != 0 and not raw_controls(err) and
          rb"f\x1b[2J" in err, err)
    rc, out, err = run("check", name)
    check("secbpf error escaped", rc != 0 and not raw_controls(err) and
          rb"f\x1b[2J" in err, err)

print("1..%d" % len(results))
for i, (name, ok, detail) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
    if not ok and detail:
        for line in repr(detail)[:2000].splitlines():
            print("# " + line)
