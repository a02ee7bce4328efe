#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Overlapping rules through the tool: one analysis for both commands, and
bounded work.

Usage: check_overlaps.py SECBPF   (TAP output)

'secbpf compile' warns about, and 'secbpf check' reports, the same pairs
of rules (the personality pair the two used to disagree on among them),
with the same verdict; 'check' on 600 and on 2000 conditional rules of
one syscall, with few or many overlaps, finishes well within a generous
bound (it took 180 s and more before the analysis was budgeted; well
under a second now: docs/performance.md has the figures), and so does a
hostile one whose pairs the budget cannot all compare, saying so.
"""

import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time

S = sys.argv[1]
# generous: a slow machine, a sanitizer build; the work is ~0.3 s
BOUND = 30.0
results = []


def check(name, cond, detail=""):
    results.append((name, bool(cond), detail))


def run(*args):
    start = time.monotonic()
    p = subprocess.run([S, *args], capture_output=True, text=True,
                       timeout=BOUND * 4)
    return p.returncode, p.stdout, p.stderr, time.monotonic() - start


def profile(rules, arches=("SCMP_ARCH_X86_64", "SCMP_ARCH_X86",
                           "SCMP_ARCH_X32")):
    return {"defaultAction": "SCMP_ACT_ERRNO", "architectures": list(arches),
            "syscalls": rules}


def eq_rules(n):
    """n rules on one syscall, one value each, two actions: no overlap."""
    return [{"names": ["ioctl"],
             "action": ["SCMP_ACT_ALLOW", "SCMP_ACT_TRAP"][i % 2],
             "args": [{"index": 0, "value": i, "op": "SCMP_CMP_EQ"}]}
            for i in range(n)]


def mixed_rules(n, seed):
    """n rules on one syscall, random conditions, four actions: many
    overlaps."""
    r = random.Random(seed)
    ops = ["EQ", "NE", "GT", "GE", "LT", "LE", "MASKED_EQ"]
    acts = ["SCMP_ACT_ALLOW", "SCMP_ACT_TRAP", "SCMP_ACT_LOG",
            "SCMP_ACT_KILL"]
    rules = []
    for i in range(n):
        args = []
        for a in r.sample(range(3), r.randint(1, 2)):
            op = r.choice(ops)
            c = {"index": a, "op": "SCMP_CMP_" + op,
                 "value": r.choice([0, 1, 2, 0xff, 0x1000,
                                    r.randrange(1 << 16),
                                    r.randrange(1 << 40)])}
            if op == "MASKED_EQ":
                c["valueTwo"] = r.randrange(1 << 16)
            args.append(c)
        rules.append({"names": ["ioctl"], "action": acts[i % 4],
                      "args": args})
    return rules


# the pairs in compile's warnings and in check's findings
WARNED = re.compile(r"warning: (/syscalls/\d+): rules for '(\w+)' overlap "
                    r"with different actions \(.* in (/syscalls/\d+)\): "
                    r".* gets ([A-Z_]+(?:\(\d+\))?) ")
FOUND = re.compile(r"\[overlap\] '(\w+)': rules (/syscalls/\d+) \(.*?\) and "
                   r"(/syscalls/\d+) \(.*?\) both match.*; the filter "
                   r"decides ([A-Z_]+(?:\(\d+\))?)")


def pairs_compiled(err):
    return sorted((m[1], m[0], m[2], m[3]) for m in WARNED.findall(err))


def pairs_checked(out):
    return sorted(FOUND.findall(out))


with tempfile.TemporaryDirectory() as tmp:
    def write(name, data):
        path = os.path.join(tmp, name)
        with open(path, "w") as f:
            json.dump(data, f)
        return path

    # ---- the pair compile and check used to disagree on ----
    pers = write("personality.json", profile([
        {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
         "args": [{"index": 0, "value": 255, "valueTwo": 2,
                   "op": "SCMP_CMP_MASKED_EQ"}]},
        {"names": ["personality"], "action": "SCMP_ACT_TRAP",
         "args": [{"index": 0, "value": 4096, "op": "SCMP_CMP_GT"}]}]))
    rc, out, err, _ = run("compile", pers, "-o", os.path.join(tmp, "p.bpf"))
    check("personality: compile warns", rc == 0 and pairs_compiled(err) == [
        ("personality", "/syscalls/0", "/syscalls/1", "ALLOW")] and
        "personality(0x1002) matches both" in err, err)
    rc, out, err, _ = run("check", pers)
    # (a warning: exit status 0 unless --werror)
    check("personality: check reports it", rc == 0 and pairs_checked(out) == [
        ("personality", "/syscalls/0", "/syscalls/1", "ALLOW")], out + err)

    # ---- an overlap among 300 unknown names is shown, not counted ----
    crowd = write("crowd.json", profile([
        {"names": ["nosuch%d" % i for i in range(300)],
         "action": "SCMP_ACT_LOG"}] + json.load(open(pers))["syscalls"]))
    rc, out, err, _ = run("compile", crowd, "-o", os.path.join(tmp, "c.bpf"))
    check("300 unknown names: compile still shows the overlap",
          rc == 0 and pairs_compiled(err) == [
              ("personality", "/syscalls/1", "/syscalls/2", "ALLOW")] and
          "290 more unknown syscall names ('secbpf profile --resolve' "
          "lists them)" in err and
          len(re.findall(r"unknown syscall 'nosuch", err)) == 10, err)
    rc, out, err, _ = run("profile", "--resolve", crowd, "-o",
                          os.path.join(tmp, "c.json"))
    # the library keeps 256: 254 names, the overlap, its summary
    check("300 unknown names: profile --resolve lists what the library "
          "keeps", rc == 0 and pairs_compiled(err) and
          "46 more unknown syscall names" in err and
          len(re.findall(r"unknown syscall 'nosuch", err)) == 254,
          err[-3000:])

    # ---- random profiles: the same pairs, the same verdicts ----
    same = total = 0
    for seed in range(40):
        r = random.Random(seed)
        # at most 10 pairs: compile prints 10 warnings
        path = write("r%d.json" % seed, profile(
            mixed_rules(r.randint(2, 5), seed),
            arches=r.choice([("SCMP_ARCH_X86_64", "SCMP_ARCH_X86"),
                             ("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM")])))
        _, _, err, _ = run("compile", path, "-o", os.path.join(tmp, "r.bpf"))
        _, out, _, _ = run("check", path)
        a, b = pairs_compiled(err), pairs_checked(out)
        same += a == b
        total += len(a)
        if a != b:
            check("random %d: the same pairs" % seed, False,
                  "compile %r\ncheck %r" % (a, b))
    check("random profiles: compile and check report the same pairs "
          "(%d pairs)" % total, same == 40 and total > 20)

    # ---- bounded work ----
    for n in (600, 2000):
        for shape, rules in (("one value each", eq_rules(n)),
                             ("random conditions", mixed_rules(n, n))):
            path = write("n.json", profile(rules))
            rc, out, err, secs = run("check", path)
            print("# check on %d rules of one syscall, %s: %.2f s, exit %d"
                  % (n, shape, secs, rc))
            check("check, %d conditional rules of one syscall (%s), in "
                  "%.0f s" % (n, shape, BOUND), secs < BOUND and
                  rc in (0, 1, 2) and "out of memory" not in err,
                  "%.1f s, exit %d\n%s" % (secs, rc, err[-2000:]))
            if shape == "random conditions":
                check("%d rules: overlaps reported" % n,
                      "[overlap]" in out, out[-2000:])

    # the budget cannot compare them all: said, not hidden by the others
    rules = [{"names": ["ioctl"],
              "action": ["SCMP_ACT_ALLOW", "SCMP_ACT_TRAP"][i % 2],
              "args": [{"index": a, "value": 10, "op": "SCMP_CMP_GE"}
                       for a in range(5)] +
              [{"index": 5, "value": i, "op": "SCMP_CMP_EQ"}]}
             for i in range(6000)]
    path = write("h.json", profile(rules, arches=("SCMP_ARCH_X86_64",)))
    rc, out, err, secs = run("compile", path, "-o", os.path.join(tmp, "h"))
    check("compile, 6000 rules: the budget is said within %.0f s" % BOUND,
          secs < BOUND and "overlap in all of them" not in err and
          re.search(r"too many rules to look for overlaps in all of them: "
                    r"\d+ pairs of rules with different actions were not "
                    r"compared, from 'ioctl' on x86_64", err),
          "%.1f s\n%s" % (secs, err[-2000:]))

print("1..%d" % len(results))
for i, (name, ok, detail) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
    if not ok and detail:
        for line in str(detail)[:3000].splitlines():
            print("# " + line)
