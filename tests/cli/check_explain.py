#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""secbpf explain from the shell: every reason, exact text and JSON.

A small profile written for it holds a rule for each reason a rule can
have not to decide (a capability excluded or missing, minKernel both
ways, an arch filter both ways, equal to the default, a condition that
does not hold, shadowed by an unconditional rule, matching after the
rule libseccomp's order puts first, split into OR rules, a name the arch
lacks, reached through a multiplexer) and each way a verdict is reached
(a rule, the default action, the ENOSYS stub, the bad-arch action).
Each call's text is compared whole; its JSON field by field; the verdict
with bpfdump --emulate on the filter secbpf compile builds.  Then line
numbers in an OCI config.json and on standard input, the embedded
default, and errors (exit status 1, a message naming the place).

Usage: check_explain.py SECBPF BPFDUMP   (TAP output)
"""

import json
import os
import subprocess
import sys
import tempfile

SECBPF, BPFDUMP = map(os.path.abspath, sys.argv[1:3])
results = []

PROFILE = """{
	"defaultAction": "SCMP_ACT_ERRNO",
	"defaultErrnoRet": 1,
	"syscalls": [
		{"names": ["getpid"], "action": "SCMP_ACT_ALLOW", "comment": "always"},
		{"names": ["getpid"], "action": "SCMP_ACT_LOG"},
		{"names": ["mount"], "action": "SCMP_ACT_ALLOW",
		 "includes": {"caps": ["CAP_SYS_ADMIN"]}},
		{"names": ["mount"], "action": "SCMP_ACT_ERRNO"},
		{"names": ["chown"], "action": "SCMP_ACT_ALLOW",
		 "excludes": {"caps": ["CAP_CHOWN"]}},
		{"names": ["bpf"], "action": "SCMP_ACT_ALLOW",
		 "includes": {"minKernel": "9.0"}},
		{"names": ["bpf"], "action": "SCMP_ACT_TRAP",
		 "excludes": {"minKernel": "4.0"}},
		{"names": ["uname"], "action": "SCMP_ACT_ALLOW",
		 "includes": {"arches": ["s390x"]}},
		{"names": ["uname"], "action": "SCMP_ACT_TRAP",
		 "excludes": {"arches": ["amd64"]}},
		{"names": ["personality"], "action": "SCMP_ACT_ALLOW",
		 "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]},
		{"names": ["personality"], "action": "SCMP_ACT_TRACE",
		 "comment": "two values of one argument",
		 "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"},
			  {"index": 0, "value": 2, "op": "SCMP_CMP_EQ"}]},
		{"names": ["socket"], "action": "SCMP_ACT_TRAP",
		 "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_GE"}]},
		{"names": ["socket"], "action": "SCMP_ACT_ALLOW",
		 "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]},
		{"names": ["open"], "action": "SCMP_ACT_ALLOW"},
		{"names": ["semop"], "action": "SCMP_ACT_ALLOW",
		 "args": [{"index": 0, "value": 5, "op": "SCMP_CMP_EQ"},
			  {"index": 2, "value": 1, "op": "SCMP_CMP_LE"}]},
		{"names": ["openat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13,
		 "args": [{"index": 0, "value": 18446744073709551516,
			   "op": "SCMP_CMP_EQ"}]}
	]
}
"""

ENV = ["--arch", "x86_64", "--arch", "x86", "--arch", "x32",
       "--kernel", "6.17"]
ENVLINE = ("environment: arches x86_64 (primary), x86, x32; "
           "capabilities none; kernel 6.17")

# (arguments, expected text, decided_by, {pointer: reason})
CASES = [
    (["getpid"], f"""\
getpid on x86_64 (nr 39), arguments 0, 0, 0, 0, 0, 0
verdict: ALLOW
decided by t.json:5 /syscalls/0: ALLOW
  comment: always
  unconditional: it decides every call to it
{ENVLINE}

other rules naming getpid:
  t.json:6 /syscalls/1: LOG
    shadowed: the unconditional rule /syscalls/0 (line 5) decides every call to it
""", "rule", {"/syscalls/0": "decided", "/syscalls/1": "shadowed"}),
    (["mount", "--cap", "sys_admin"], """\
mount on x86_64 (nr 165), arguments 0, 0, 0, 0, 0, 0
verdict: ALLOW
decided by t.json:7 /syscalls/2: ALLOW
  unconditional: it decides every call to it
environment: arches x86_64 (primary), x86, x32; capabilities CAP_SYS_ADMIN; kernel 6.17

other rules naming mount:
  t.json:9 /syscalls/3: ERRNO(1)
    dropped: its action is the default action (runc and crun drop such rules; libseccomp refuses them)
""", "rule", {"/syscalls/2": "decided", "/syscalls/3": "equals-default"}),
    (["mount"], f"""\
mount on x86_64 (nr 165), arguments 0, 0, 0, 0, 0, 0
verdict: ERRNO(1)
decided by the default action (t.json:2 /defaultAction): none of the rules naming mount decides it
{ENVLINE}

rules naming mount:
  t.json:7 /syscalls/2: ALLOW
    not applied: includes.caps needs CAP_SYS_ADMIN, which the bounding set lacks
  t.json:9 /syscalls/3: ERRNO(1)
    dropped: its action is the default action (runc and crun drop such rules; libseccomp refuses them)
""", "default", {"/syscalls/2": "missing-cap", "/syscalls/3": "equals-default"}),
    (["chown", "--cap", "CAP_CHOWN"], """\
chown on x86_64 (nr 92), arguments 0, 0, 0, 0, 0, 0
verdict: ERRNO(1)
decided by the default action (t.json:2 /defaultAction): none of the rules naming chown decides it
environment: arches x86_64 (primary), x86, x32; capabilities CAP_CHOWN; kernel 6.17

rules naming chown:
  t.json:10 /syscalls/4: ALLOW
    not applied: excludes.caps names CAP_CHOWN, which the bounding set holds
""", "default", {"/syscalls/4": "excluded-cap"}),
    (["bpf"], f"""\
bpf on x86_64 (nr 321), arguments 0, 0, 0, 0, 0, 0
verdict: ERRNO(1)
decided by the default action (t.json:2 /defaultAction): none of the rules naming bpf decides it
{ENVLINE}

rules naming bpf:
  t.json:12 /syscalls/5: ALLOW
    not applied: includes.minKernel is 9.0, the kernel 6.17 is older
  t.json:14 /syscalls/6: TRAP
    not applied: excludes.minKernel is 4.0, the kernel 6.17 is that or newer
""", "default", {"/syscalls/5": "min-kernel", "/syscalls/6": "excluded-kernel"}),
    (["uname"], f"""\
uname on x86_64 (nr 63), arguments 0, 0, 0, 0, 0, 0
verdict: ERRNO(1)
decided by the default action (t.json:2 /defaultAction): none of the rules naming uname decides it
{ENVLINE}

rules naming uname:
  t.json:16 /syscalls/7: ALLOW
    not applied: includes.arches does not list x86_64, the primary arch (the only one includes and excludes test)
  t.json:18 /syscalls/8: TRAP
    not applied: excludes.arches lists x86_64, the primary arch
""", "default", {"/syscalls/7": "not-included-arch",
                 "/syscalls/8": "excluded-arch"}),
    (["personality,0"], f"""\
personality on x86_64 (nr 135), arguments 0, 0, 0, 0, 0, 0
verdict: ERRNO(1)
decided by the default action (t.json:2 /defaultAction): none of the rules naming personality decides it
{ENVLINE}

rules naming personality:
  t.json:20 /syscalls/9: ALLOW
    did not match: arg0 == 8 (arg0 is 0)
  t.json:22 /syscalls/10: TRACE(1)
    comment: two values of one argument
    its conditions test arg0 more than once: split into OR rules, one per condition, as runc and crun split it
    did not match: none of its OR rules holds: arg0 == 1 (arg0 is 0); arg0 == 2 (arg0 is 0)
""", "default", {"/syscalls/9": "no-match", "/syscalls/10": "no-match"}),
    (["personality,2"], f"""\
personality on x86_64 (nr 135), arguments 2, 0, 0, 0, 0, 0
verdict: TRACE(1)
decided by t.json:22 /syscalls/10: TRACE(1)
  comment: two values of one argument
  its conditions test arg0 more than once: split into OR rules, one per condition, as runc and crun split it
  matched: arg0 == 2 (arg0 is 2)
{ENVLINE}

other rules naming personality:
  t.json:20 /syscalls/9: ALLOW
    did not match: arg0 == 8 (arg0 is 2)
""", "rule", {"/syscalls/9": "no-match", "/syscalls/10": "decided"}),
    (["personality,2", "--and-repeated-args"], f"""\
personality on x86_64 (nr 135), arguments 2, 0, 0, 0, 0, 0
verdict: ERRNO(1)
decided by the default action (t.json:2 /defaultAction): none of the rules naming personality decides it
{ENVLINE}

rules naming personality:
  t.json:20 /syscalls/9: ALLOW
    did not match: arg0 == 8 (arg0 is 2)
  t.json:22 /syscalls/10: TRACE(1)
    comment: two values of one argument
    its conditions test arg0 more than once and stay ANDed (--and-repeated-args)
    did not match: arg0 == 1 (arg0 is 2)
""", "default", {"/syscalls/9": "no-match", "/syscalls/10": "no-match"}),
    # listed first, but libseccomp tries EQ before GE
    (["socket,1"], f"""\
socket on x86_64 (nr 41), arguments 1, 0, 0, 0, 0, 0
verdict: ALLOW
decided by t.json:28 /syscalls/12: ALLOW
  matched: arg0 == 1 (arg0 is 1)
{ENVLINE}

other rules naming socket:
  t.json:26 /syscalls/11: TRAP
    matches too, but /syscalls/12 (line 28) comes first in libseccomp's order for overlapping rules
""", "rule", {"/syscalls/11": "earlier-match", "/syscalls/12": "decided"}),
    # x86 has socket as a call of its own and through socketcall
    (["socket,1", "--abi", "x86"], f"""\
socket on x86 (nr 359), arguments 1, 0, 0, 0, 0, 0
verdict: ALLOW
decided by t.json:28 /syscalls/12: ALLOW
  matched: arg0 == 1 (arg0 is 1)
{ENVLINE}
note: socket can also be called through socketcall (nr 102) with argument 0 = 1, which the filter decides apart: explain socketcall,1 for it

other rules naming socket:
  t.json:26 /syscalls/11: TRAP
    matches too, but /syscalls/12 (line 28) comes first in libseccomp's order for overlapping rules
""", "rule", {"/syscalls/11": "earlier-match", "/syscalls/12": "decided"}),
    (["open", "--abi", "aarch64"], f"""\
open on aarch64
no verdict: 'open' is not a syscall of aarch64; a program there cannot make it
{ENVLINE}

rules naming open:
  t.json:30 /syscalls/13: ALLOW
    not in the filter: 'open' is not a syscall of aarch64, so the rule gives aarch64 nothing for it
""", "none", {"/syscalls/13": "unknown-name"}),
    (["semop,7,0,1", "--abi", "x86"], f"""\
semop on x86, through ipc (nr 117) with argument 0 = 1 (the sub-call), arguments 1, 0, 1, 0, 0, 0
verdict: ALLOW
decided by t.json:31 /syscalls/14: ALLOW
  names semop, reached through ipc (sub-call 1)
  matched: arg0 == 1 (the sub-call of semop on ipc; arg0 is 1) and arg2 <= 1 (arg2 is 1); not checked through ipc (argument 0 is the sub-call there): arg0 == 5
{ENVLINE}
""", "rule", {"/syscalls/14": "decided"}),
    (["ipc,2", "--abi", "x86"], f"""\
ipc on x86 (nr 117), arguments 2, 0, 0, 0, 0, 0
verdict: ERRNO(1)
decided by the default action (t.json:2 /defaultAction): none of the rules naming ipc decides it
{ENVLINE}

rules naming ipc:
  t.json:31 /syscalls/14: ALLOW
    names semop, reached through ipc (sub-call 1)
    did not match: arg0 == 1 (the sub-call of semop on ipc; arg0 is 2)
""", "default", {"/syscalls/14": "no-match"}),
    # AT_FDCWD sign-extended in the profile: x86 compares its low word
    (["openat,-100", "--abi", "x86"], f"""\
openat on x86 (nr 295), arguments 0xffffff9c, 0, 0, 0, 0, 0
verdict: ERRNO(13)
decided by t.json:34 /syscalls/15: ERRNO(13)
  matched: arg0 == 0xffffffffffffff9c [compared as 0xffffff9c: the low 32 bits] (arg0 is 0xffffff9c)
{ENVLINE}
note: x86 is a 32-bit ABI: its filter compares the low 32 bits of arguments and values
""", "rule", {"/syscalls/15": "decided"}),
    (["400", "--enosys-newer"], f"""\
syscall on x86_64 with no name in the tables (nr 400), arguments 0, 0, 0, 0, 0, 0
verdict: ERRNO(38)
decided by the ENOSYS stub (--enosys-newer): 400 is above 257, the highest number the profile names on x86_64, so the call is taken for one newer than the profile
{ENVLINE}
""", "enosys", {}),
    (["getpid", "--abi", "aarch64"], f"""\
getpid on aarch64 (nr 172), arguments 0, 0, 0, 0, 0, 0
verdict: KILL_THREAD
decided by the bad-arch action (KILL_THREAD): aarch64 is not one of the filter's arches
{ENVLINE}

rules naming getpid:
  t.json:5 /syscalls/0: ALLOW
    comment: always
    not reached: the filter has no aarch64 part (the bad-arch action decides)
  t.json:6 /syscalls/1: LOG
    not reached: the filter has no aarch64 part (the bad-arch action decides)
""", "bad-arch", {"/syscalls/0": "not-reached", "/syscalls/1": "not-reached"}),
    (["read"], f"""\
read on x86_64 (nr 0), arguments 0, 0, 0, 0, 0, 0
verdict: ERRNO(1)
decided by the default action (t.json:2 /defaultAction): no rule names read
{ENVLINE}
""", "default", {}),
    # x32: its numbers carry bit 30
    (["getpid", "--abi", "x32"], f"""\
getpid on x32 (nr 0x40000027), arguments 0, 0, 0, 0, 0, 0
verdict: ALLOW
decided by t.json:5 /syscalls/0: ALLOW
  comment: always
  unconditional: it decides every call to it
{ENVLINE}

other rules naming getpid:
  t.json:6 /syscalls/1: LOG
    shadowed: the unconditional rule /syscalls/0 (line 5) decides every call to it
""", "rule", {"/syscalls/0": "decided", "/syscalls/1": "shadowed"}),
]


def check(name, cond, detail=""):
    results.append((name, bool(cond), detail))


def run(*args, cwd=None, stdin=None):
    p = subprocess.run(list(args), capture_output=True, text=True, cwd=cwd,
                       input=stdin)
    return p.returncode, p.stdout, p.stderr


def diff(want, got):
    for i, (a, b) in enumerate(zip(want.splitlines(), got.splitlines())):
        if a != b:
            return f"line {i + 1}:\n  want: {a}\n  got:  {b}"
    return f"want {len(want.splitlines())} lines, got {len(got.splitlines())}"


def emulate(tmp, call, abi, extra):
    """The verdict bpfdump --emulate gives on the filter secbpf compile
    builds for the same environment."""
    bpf = os.path.join(tmp, "f.bpf")
    rc, _, err = run(SECBPF, "compile", "t.json", *ENV, *extra, "-o", bpf,
                     cwd=tmp)
    if rc:
        return None, err
    rc, out, err = run(BPFDUMP, "--emulate", call, "--arch", abi, "--json",
                       bpf, cwd=tmp)
    return (json.loads(out)["action"] if rc == 0 else None), err


with tempfile.TemporaryDirectory() as tmp:
    with open(os.path.join(tmp, "t.json"), "w") as f:
        f.write(PROFILE)
    for args, want, decided_by, reasons in CASES:
        what = " ".join(args)
        rc, out, err = run(SECBPF, "explain", "t.json", *args, *ENV, cwd=tmp)
        check(f"{what}: exit 0", rc == 0 and not err, err)
        check(f"{what}: text", out == want, diff(want, out))
        rc, out, err = run(SECBPF, "explain", "t.json", *args, *ENV,
                           "--json", cwd=tmp)
        try:
            doc = json.loads(out)
        except ValueError:
            doc = {}
        check(f"{what}: --json exit 0", rc == 0 and doc, err)
        if not doc:
            continue
        check(f"{what}: --json decided_by", doc["decided_by"] == decided_by,
              doc["decided_by"])
        got = {r["pointer"]: r["reason"] for r in doc["rules"]}
        check(f"{what}: --json reasons", got == reasons, str(got))
        # each rule's reason sentence is the text's
        check(f"{what}: --json why as the text",
              all(r["why"] in out_line for r in doc["rules"]
                  for out_line in [want]), "")
        lines = {r["pointer"]: r["line"] for r in doc["rules"]}
        check(f"{what}: --json lines",
              all(f"t.json:{n} {p}" in want for p, n in lines.items()),
              str(lines))
        if decided_by == "rule":
            r = doc["rules"][doc["rule"]]
            check(f"{what}: --json the rule carries the verdict",
                  r["reason"] == "decided" and r["action"] == doc["action"],
                  str(r))
        if decided_by == "none":
            continue
        # the filter secbpf compile builds agrees
        # the call as the filter sees it (through ipc for semop)
        abi = args[args.index("--abi") + 1] if "--abi" in args else "x86_64"
        extra = [a for a in args[1:] if a != "--abi" and a != abi]
        call = ",".join(str(v) for v in [doc["nr"]] + doc["args"])
        got, err = emulate(tmp, call, abi, extra)
        check(f"{what}: bpfdump --emulate agrees", got == doc["action"],
              f"{got} {err}")

    # the JSON of one call in full: values, conditions, places
    rc, out, err = run(SECBPF, "explain", "t.json", "openat,-100", "--abi",
                       "x86", *ENV, "--json", cwd=tmp)
    doc = json.loads(out) if rc == 0 else {}
    check("--json: the call", doc.get("syscall") == "openat"
          and doc.get("arch") == "x86" and doc.get("nr") == 295
          and doc.get("bits") == 32
          and doc.get("args") == [0xffffff9c, 0, 0, 0, 0, 0], out[:300])
    check("--json: the default", doc.get("default") == {
        "pointer": "/defaultAction", "file": "t.json", "line": 2,
        "column": 19, "action": "ERRNO(1)", "value": 0x50001}, out[:300])
    r = doc["rules"][0] if doc.get("rules") else {}
    check("--json: a rule's place and action",
          (r.get("pointer"), r.get("file"), r.get("line"), r.get("column"),
           r.get("action"), r.get("value")) ==
          ("/syscalls/15", "t.json", 34, 3, "ERRNO(13)", 0x5000d), str(r))
    check("--json: a truncated condition", r.get("conditions") == [{
        "part": 0, "arg": 0, "op": "SCMP_CMP_EQ",
        "value": 18446744073709551516, "arg_value": 0xffffff9c,
        "holds": True, "truncated": True, "subcall": False,
        "ignored": False}], str(r.get("conditions")))
    rc, out, err = run(SECBPF, "explain", "t.json", "semop,7,0,1", "--abi",
                       "x86", *ENV, "--json", cwd=tmp)
    doc = json.loads(out) if rc == 0 else {}
    check("--json: through a multiplexer",
          doc.get("multiplexer") == {"name": "ipc", "subcall": 1}
          and doc["rules"][0]["multiplexer"] == {"name": "ipc", "subcall": 1}
          and [(c["subcall"], c["ignored"], c["holds"])
               for c in doc["rules"][0]["conditions"]] ==
          [(True, False, True), (False, True, True), (False, False, True)],
          out[:400])
    rc, out, err = run(SECBPF, "explain", "t.json", "bpf", *ENV, "--json",
                       cwd=tmp)
    doc = json.loads(out) if rc == 0 else {}
    check("--json: minKernel", [r["min_kernel"] for r in doc["rules"]] ==
          ["9.0", "4.0"], out[:300])
    rc, out, err = run(SECBPF, "explain", "t.json", "mount", *ENV, "--json",
                       cwd=tmp)
    doc = json.loads(out) if rc == 0 else {}
    check("--json: the capability", doc["rules"][0]["cap"] == "CAP_SYS_ADMIN"
          and doc["environment"] == {"arches": ["x86_64", "x86", "x32"],
                                     "caps": "none", "kernel": "6.17"},
          out[:300])

    # an OCI config.json: pointers under /linux/seccomp, lines in it
    config = ('{\n  "ociVersion": "1.0.2",\n  "linux": {\n    "seccomp": '
              + PROFILE.replace("\n", "\n    ") + "\n  }\n}\n")
    with open(os.path.join(tmp, "config.json"), "w") as f:
        f.write(config)
    rc, out, err = run(SECBPF, "explain", "config.json", "getpid", *ENV,
                       cwd=tmp)
    check("config.json: pointers and lines", rc == 0 and
          "decided by config.json:8 /linux/seccomp/syscalls/0: ALLOW" in out
          and "config.json:9 /linux/seccomp/syscalls/1: LOG" in out, out + err)
    rc, out, err = run(SECBPF, "explain", "config.json", "read", *ENV,
                       cwd=tmp)
    check("config.json: the default's line", rc == 0 and
          "(config.json:5 /linux/seccomp/defaultAction)" in out, out + err)
    rc, out, err = run(SECBPF, "explain", "-", "getpid", *ENV, cwd=tmp,
                       stdin=PROFILE)
    check("standard input: <stdin>:line", rc == 0 and
          "decided by <stdin>:5 /syscalls/0: ALLOW" in out, out + err)

# profile text reaches the terminal escaped, and JSON whole
with tempfile.TemporaryDirectory() as tmp:
    with open(os.path.join(tmp, "h.json"), "w") as f:
        f.write('{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": '
                '["getpid"], "action": "SCMP_ACT_ALLOW", "comment": '
                '"\\u001b]0;owned\\u0007 \\u202e"}]}')
    rc, out, err = run(SECBPF, "explain", "h.json", "getpid", *ENV, cwd=tmp)
    check("a hostile comment is escaped", rc == 0 and "\x1b" not in out
          and "\x07" not in out and "\u202e" not in out
          and "comment: \\x1b]0;owned\\x07 \\u202e" in out, repr(out))
    rc, out, err = run(SECBPF, "explain", "h.json", "getpid", *ENV, "--json",
                       cwd=tmp)
    check("a hostile comment in JSON", rc == 0 and "\x1b" not in out
          and json.loads(out)["rules"][0]["comment"] ==
          "\x1b]0;owned\x07 \u202e", repr(out))

# the embedded default: its pointer, no line, and said to be the default
rc, out, err = run(SECBPF, "explain", "--default", "personality,8",
                   "--arch", "x86_64", "--kernel", "6.17")
check("--default: the embedded default's pointer", rc == 0 and
      "decided by embedded default /syscalls/3: ALLOW" in out
      and "  matched: arg0 == 8 (arg0 is 8)" in out, out + err)
rc, out, err = run(SECBPF, "explain", "--default", "personality,8",
                   "--arch", "x86_64", "--kernel", "6.17", "--json")
doc = json.loads(out) if rc == 0 else {}
check("--default --json: no file, no line", doc.get("embedded_default")
      and all(r["file"] is None and r["line"] is None
              for r in doc["rules"]), out[:300])

# errors: exit status 1, a message naming what is wrong and where
ERRORS = [
    (["--default", "nosuchcall"], "secbpf: error: unknown syscall "
     "'nosuchcall': no architecture has it and the profile does not name "
     "it"),
    (["--default", "read,0x"], "secbpf: error: invalid syscall argument 0 "
     "'0x': want a decimal or 0x hex number"),
    (["--default", "read,1,2,3,4,5,6,7"], "secbpf: error: invalid syscall "
     "'read,1,2,3,4,5,6,7': at most six arguments"),
    (["--default", "read,", "--abi", "x86"], "secbpf: error: invalid "
     "syscall 'read,': an argument is empty"),
    (["--default", "read,0x100000000", "--abi", "x86"], "secbpf: error: "
     "invalid syscall argument 0 '0x100000000': out of range (-2147483648 "
     "to 4294967295)"),
    (["--default", "--", "-5x"], "secbpf: error: invalid syscall number "
     "'-5x': want a decimal or 0x hex number"),
    (["--default", "010"], "secbpf: error: invalid syscall number '010': a "
     "leading 0 would mean octal; write it in decimal or as 0x hex"),
    (["--default"], "secbpf: error: give the syscall to explain (see "
     "'secbpf explain --help')"),
    (["--default", "read", "--abi", "nope"], "secbpf: error: unknown "
     "architecture 'nope' (see 'secbpf arches')"),
    (["--default", "read", "--cap", "sys_admn"], "secbpf: error: unknown "
     "capability 'sys_admn' (did you mean 'CAP_SYS_ADMIN'?)"),
]
for args, want in ERRORS:
    rc, out, err = run(SECBPF, "explain", *args)
    check(f"error: {' '.join(args)}", rc == 1 and not out
          and err.strip() == want, f"rc {rc}: {err.strip()}")
with tempfile.TemporaryDirectory() as tmp:
    bad = os.path.join(tmp, "bad.json")
    with open(bad, "w") as f:
        f.write('{"defaultAction": "SCMP_ACT_ERRNO",\n "syscalls": '
                '[{"names": ["read"], "action": "SCMP_ACT_FOO"}]}')
    rc, out, err = run(SECBPF, "explain", "bad.json", "read", cwd=tmp)
    want = ("secbpf: error: bad.json:2:45: /syscalls/0/action: unknown "
            "action 'SCMP_ACT_FOO'")
    check("error: a bad profile, located", rc == 1 and not out
          and err.strip() == want, f"rc {rc}: {err.strip()}")
    rc, out, err = run(SECBPF, "explain", "bad.json", "read", "--json",
                       cwd=tmp)
    check("error: --json, as JSON", rc == 1 and json.loads(out) == {
        "error": want.split("error: ", 1)[1]}, f"rc {rc}: {out} {err}")
    rc, out, err = run(SECBPF, "explain", "nosuch.json", "read", cwd=tmp)
    check("error: a missing file", rc == 1 and "nosuch.json" in err, err)

print(f"1..{len(results)}")
for i, (name, ok, detail) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {name}")
    if not ok and detail:
        for line in str(detail).splitlines():
            print(f"# {line}")
sys.exit(0 if all(ok for _, ok, _ in results) else 1)
