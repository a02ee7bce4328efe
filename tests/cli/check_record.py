#!/usr/bin/env python3
"""secbpf record on the real kernel: it sees every syscall of a program
whose calls are known (a thread, a fork, an exec, an x86 call through
int 0x80 on x86_64, a background descendant that outlives the command),
counts them exactly, and writes a profile that compiles and lets the
program run while one more syscall fails with EPERM; --base adds only what
the base lacked; --freq is a table compile --freq takes; the exit status
is the command's and signals reach it.  Every run is bounded by a timeout.
Skips where seccomp filters cannot be installed (qemu-user)."""
import atexit
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

S, PROBE = sys.argv[1], sys.argv[2]
failed = False
T = tempfile.mkdtemp(prefix="check-record.")
atexit.register(shutil.rmtree, T, ignore_errors=True)


def ok(msg):
    print("ok:", msg)


def no(msg):
    global failed
    failed = True
    print("FAIL:", msg)


def check(cond, msg, detail=""):
    if cond:
        ok(msg)
    else:
        no(f"{msg}: {detail}" if detail else msg)
    return cond


def run(args, timeout=60, **kw):
    """(exit status or -signal, stdout, stderr); a hang is a failure."""
    try:
        r = subprocess.run(args, capture_output=True, text=True,
                           timeout=timeout, **kw)
    except subprocess.TimeoutExpired as e:
        no(f"timed out after {timeout} s: {args}")
        return None, e.stdout or "", e.stderr or ""
    return r.returncode, r.stdout, r.stderr


def path(name):
    return os.path.join(T, name)


def read_text(name):
    """A file's text; "" (and a failure) when it is missing."""
    try:
        with open(path(name)) as f:
            return f.read()
    except OSError as e:
        no(f"cannot read {name}: {e}")
        return ""


def load_json(name):
    try:
        return json.loads(read_text(name) or "null") or {}
    except ValueError as e:
        no(f"{name} is not JSON: {e}")
        return {}


def read_freq(name):
    """{name: count} and the comment lines of a --freq table."""
    counts, comments = {}, []
    for line in read_text(name).splitlines(keepends=True):
        if line.startswith("#"):
            comments.append(line)
            continue
        parts = line.split()
        if len(parts) == 2:
            counts[parts[0]] = int(parts[1])
    return counts, comments


def allowed_names(profile):
    names = set()
    for rule in profile.get("syscalls") or []:
        if rule.get("action") == "SCMP_ACT_ALLOW":
            names.update(rule.get("names", []))
    return names


def main():
    r = subprocess.run([S, "run", "--default", "--", "true"],
                       capture_output=True, text=True)
    if r.returncode != 0 and "refused the filter" in r.stderr:
        print("skip: seccomp filters cannot be installed here")
        return 77
    x86_64 = platform.machine() == "x86_64"

    # -- a program with known calls, recorded --
    n = 1000
    rc, out, err = run([S, "record", "-o", path("p.json"),
                        "--freq", path("f.txt"), "--", PROBE, "basic",
                        str(n)])
    if not check(rc == 0 and "basic done" in out, "record basic: exit 0",
                 f"rc {rc}: {out!r} {err!r}"):
        return 1
    int80 = "int80: ok" in out
    check(re.search(r"record: '.*' exited with status 0 after [0-9.]+ s: "
                    r"\d+ calls of \d+ syscalls", err) and
          re.search(r"overhead: [0-9.]+ us of supervisor CPU per call", err),
          "the summary says calls, syscalls and the overhead per call", err)
    counts, comments = read_freq("f.txt")
    want = {"getppid": n,           # the main thread
            "getpriority": 1,       # the thread
            "getsid": 1,            # the forked child, before its exec
            "sysinfo": 1,           # the program it execs
            "personality": 1,
            "socket": 1,
            # secbpf's own exec of the command, and the child's
            "execve": 2}
    if int80:
        want["nice"] = 1            # x86's nice, through int 0x80
    for name, count in want.items():
        check(counts.get(name) == count, f"--freq: '{name} {count}'",
              f"got {counts.get(name)}")
    check("clone3" in counts or "clone" in counts,
          "--freq: the thread's and the fork's clone")
    check(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) ==
          list(counts.items()), "--freq: most frequent first")
    check(any(c.startswith("#   ") and "basic" in c for c in comments),
          "--freq: the header names the command")
    prof = load_json("p.json")
    check(prof.get("defaultAction") == "SCMP_ACT_ERRNO" and
          prof.get("defaultErrnoRet") == 38,
          "profile: default ERRNO, ENOSYS (newer than the tables)")
    check(allowed_names(prof) == set(counts),
          "profile: allows exactly the names recorded",
          str(set(counts) ^ allowed_names(prof)))
    arch_map = prof.get("archMap") or [{}]
    if x86_64:
        subs = arch_map[0].get("subArchitectures")
        check(arch_map[0].get("architecture") == "SCMP_ARCH_X86_64" and
              subs == (["SCMP_ARCH_X86"] if int80 else []),
              "profile: archMap of the arches seen", str(arch_map))
    else:
        print(f"skip: no int 0x80 check on {platform.machine()}")
    if x86_64 and not int80:
        print("skip: no int 0x80 on this kernel")
    eperm = [rule for rule in prof["syscalls"]
             if rule.get("action") == "SCMP_ACT_ERRNO"]
    check(len(eperm) == 1 and eperm[0].get("errnoRet") == 1 and
          "sched_getparam" in eperm[0]["names"] and
          not set(eperm[0]["names"]) & set(counts),
          "profile: the names not seen are refused with EPERM")

    rc, out, err = run([S, "compile", path("p.json"), "-o",
                        path("p.bpf")])
    check(rc == 0 and err == "", "the profile compiles, no warning",
          f"rc {rc}: {err!r}")
    rc, out, err = run([S, "check", path("p.json")])
    check(rc in (0, 1) and "overlap" not in out,
          "check: no overlapping rules in it", out)
    rc, out, err = run([S, "run", path("p.json"), "--", PROBE, "basic",
                        "3"])
    check(rc == 0 and "basic done" in out,
          "the program runs under its recorded profile",
          f"rc {rc}: {out!r} {err!r}")
    if int80:
        check("int80: ok" in out, "and its x86 call is allowed", out)
    rc, out, err = run([S, "run", path("p.json"), "--", PROBE, "basic",
                        "3", "extra"])
    check(rc == 0 and "extra: Operation not permitted" in out,
          "one syscall more (sched_getparam) fails with EPERM",
          f"rc {rc}: {out!r} {err!r}")
    rc, out, err = run([S, "run", path("p.json"), "--", PROBE, "unknown",
                        "1000"])
    check(rc == 0 and "unknown: Function not implemented" in out,
          "a number no table knows fails with ENOSYS", out + err)

    # a number no table knows is recorded by number
    rc, out, err = run([S, "record", "--freq", path("u.txt"), "-o",
                        path("u.json"), "--", PROBE, "unknown", "1000"])
    counts, comments = read_freq("u.txt")
    check(rc == 0 and "syscall 1000 (1 call) is in no table" in err and
          any("syscall 1000 (in no table): 1" in c for c in comments),
          "an unknown number: recorded by number, with a warning",
          err + "".join(comments))

    # distinct numbers in no table: 64 kept per arch, the rest summed
    rc, out, err = run([S, "record", "--freq", path("u2.txt"), "-o",
                        "/dev/null", "--", PROBE, "unknown", "1000", "100"])
    counts, comments = read_freq("u2.txt")
    kept = [c for c in comments if "(in no table): 1" in c]
    check(rc == 0 and len(kept) == 64 and
          any("other numbers in no table: 36" in c for c in comments) and
          "more calls of" in err and len(err.splitlines()) < 20,
          "100 numbers in no table: 64 kept, 36 summed, bounded warnings",
          f"{len(kept)} kept: {err[-400:]}")

    # --freq is what compile --freq takes
    rc, out, err = run([S, "compile", "--default", "--freq", path("f.txt"),
                        "--format", "hex", "-o", path("w.hex")])
    check(rc == 0, "compile --freq takes the table", err)

    # -- --base: the base plus only what it lacked --
    # scalars before "syscalls": the splice must step over them
    base_text = """{
    "defaultErrnoRet": 1,
    "x-unknown": true,
    "defaultAction": "SCMP_ACT_ERRNO",
    "syscalls": [
        {
            "names": ["read", "write", "mmap", "openat", "close"],
            "action": "SCMP_ACT_ALLOW"
        },
        {
            "names": ["personality"],
            "action": "SCMP_ACT_ALLOW",
            "args": [{"index": 0, "value": 4294967295, "op": "SCMP_CMP_EQ"}]
        },
        {
            "names": ["getpriority"],
            "action": "SCMP_ACT_ALLOW",
            "args": [{"index": 0, "value": 5, "op": "SCMP_CMP_EQ"}]
        },
        {
            "names": ["getsid"],
            "action": "SCMP_ACT_ERRNO",
            "errnoRet": 38
        }
    ]
}
"""
    with open(path("base.json"), "w") as f:
        f.write(base_text)
    rc, out, err = run([S, "record", "--base", path("base.json"), "-o",
                        path("b.json"), "--freq", path("bf.txt"), "--",
                        PROBE, "basic", "5"])
    check(rc == 0, "record --base: exit 0", err)
    text = read_text("b.json")
    bprof = load_json("b.json") or {"syscalls": [{}] * 5}
    check(text.startswith(base_text[:base_text.rindex("}", 0, -3)]) and
          len(bprof["syscalls"]) == 5 and
          bprof["syscalls"][:4] == json.loads(base_text)["syscalls"],
          "--base: the base's text is kept, one rule appended")
    added = set(bprof["syscalls"][-1].get("names", []))
    counts, _ = read_freq("bf.txt")
    base_allows = {"read", "write", "mmap", "openat", "close"}
    expect = set(counts) - base_allows - {"personality", "getsid"}
    if x86_64:
        expect.discard("nice")  # x86, which the base leaves out
    check(added == expect, "--base: adds exactly the names it lacked",
          str(added ^ expect))
    check("personality" not in added,
          "--base: a conditional rule the calls met counts as allowed")
    check("getpriority" in added,
          "--base: one they did not meet does not: the name is added")
    check("getsid" not in added and
          "'getsid': a rule of the base decides 1 of its calls "
          "(ERRNO(38)); left to it" in err,
          "--base: a name a rule denies is left to it, with a warning", err)
    if int80:
        check("of the 'x86' arch, which the base's filter leaves out" in err,
              "--base: calls of an arch the base leaves out: a warning", err)
    rc, out, err = run([S, "run", path("b.json"), "--", PROBE, "basic", "3"])
    check(rc == 0 and "basic done" in out,
          "the program runs under the base plus the rule", out + err)

    # an OCI config.json base keeps its shape
    config = {"ociVersion": "1.0.2", "process": {"args": ["sh"]},
              "linux": {"seccomp": json.loads(base_text)}}
    with open(path("config.json"), "w") as f:
        json.dump(config, f)
    rc, out, err = run([S, "record", "--base", path("config.json"), "-o",
                        path("c.json"), "--", PROBE, "basic", "5"])
    cprof = load_json("c.json")
    rules = cprof.get("linux", {}).get("seccomp", {}).get("syscalls", [])
    check(rc == 0 and cprof.get("process") == config["process"] and
          len(rules) == 5 and set(rules[4].get("names", [])) == added,
          "--base config.json: the rule goes into linux.seccomp", err)
    rc, _, err = run([S, "compile", path("c.json"), "-o", "/dev/null"])
    check(rc == 0, "and it compiles", err)

    # keys as the loader matches them (Go's folding), null as no member,
    # and no "syscalls" at all: the rule lands where the loader reads it
    odd = [
        ('{"defaultAction": "SCMP_ACT_ERRNO", "\\u017Fyscalls": '
         '[{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}',
         lambda d: d["\u017fyscalls"]),
        ('{"ociVersion": "1", "LINUX": {"\\u0053eccomp": {"defaultAction": '
         '"SCMP_ACT_ERRNO", "SysCalls": [{"names": ["read"], '
         '"action": "SCMP_ACT_ALLOW"}]}}}',
         lambda d: d["LINUX"]["Seccomp"]["SysCalls"]),
        ('{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": null}',
         lambda d: d["syscalls"]),
        ('{"defaultAction": "SCMP_ACT_ERRNO"}', lambda d: d["syscalls"]),
        ('{"syscalls": [], "defaultAction": "SCMP_ACT_ERRNO"}',
         lambda d: d["syscalls"]),
    ]
    for i, (text, rules_of) in enumerate(odd):
        with open(path(f"odd{i}.json"), "w") as f:
            f.write(text)
        rc, out, err = run([S, "record", "--base", path(f"odd{i}.json"),
                            "-o", path(f"odd{i}-out.json"), "--", PROBE,
                            "mark", "1"])
        try:
            rules = rules_of(load_json(f"odd{i}-out.json"))
        except (KeyError, TypeError):
            rules = []
        check(rc == 0 and rules and
              "sched_getscheduler" in rules[-1].get("names", []),
              f"--base {text[:60]}...: the rule is where the loader reads",
              f"rc {rc}: {err[-300:]}")

    # the embedded default as the base: what it lacks
    run([S, "profile", "--default", "-o", path("default.json")])
    rc, out, err = run([S, "record", "--base", path("default.json"),
                        "--cap", "sys_nice", "-o", path("d.json"), "--",
                        PROBE, "basic", "5"])
    dtext, d2 = read_text("default.json"), read_text("d.json")
    check(rc == 0 and d2 == dtext and "lacks none of the" in err,
          "--base default: nothing lacking, written as it is", err[-300:])

    # a base that does not load: no command run, exit 1
    with open(path("bad.json"), "w") as f:
        f.write('{"defaultAction": "SCMP_ACT_NOPE"}')
    rc, out, err = run([S, "record", "--base", path("bad.json"), "-o",
                        path("never.json"), "--", "sh", "-c",
                        f"touch {path('ran')}"])
    check(rc == 1 and "unknown action 'SCMP_ACT_NOPE'" in err and
          not os.path.exists(path("ran")) and
          not os.path.exists(path("never.json")),
          "a bad base: exit 1, the command not run, nothing written", err)

    # -- exit status and signals --
    rc, out, err = run([S, "record", "-o", "/dev/null", "--", "sh", "-c",
                        "exit 7"])
    check(rc == 7, "the command's exit status is record's", str(rc))
    rc, out, err = run([S, "record", "-o", "/dev/null", "--", "sh", "-c",
                        "kill -9 $$"])
    check(rc == 137 and "killed by signal 9" in err,
          "a command killed by SIGKILL: 137", f"{rc} {err}")
    rc, out, err = run([S, "record", "-o", "/dev/null", "--",
                        path("nonexistent")])
    check(rc == 127 and "cannot run" in err, "a command not found: 127",
          f"{rc} {err}")

    def setup():
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        os.setpgrp()
    for name in ("TERM", "INT", "HUP"):
        sig = getattr(signal, "SIG" + name)
        ready = path("ready-" + name)
        p = subprocess.Popen(
            [S, "record", "-o", path(f"sig-{name}.json"), "--", "sh", "-c",
             f'trap "echo got-{name}; exit 42" {name}; touch {ready}; '
             'i=0; while [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done'],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            preexec_fn=setup)
        deadline = time.monotonic() + 20
        while not os.path.exists(ready) and time.monotonic() < deadline:
            time.sleep(0.05)
        p.send_signal(sig)
        try:
            out, err = p.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            out, err = p.communicate()
        check(f"got-{name}" in out and p.returncode == 42,
              f"SIG{name} reaches the command; its status is record's",
              f"rc {p.returncode}: {out!r} {err[-200:]!r}")
        check(os.path.exists(path(f"sig-{name}.json")),
              f"SIG{name}: the profile is still written")

    # the command is gone, a descendant is still served: SIGTERM stops
    # record, which writes what it saw and dies of the signal
    ready = path("ready-orphan")
    p = subprocess.Popen(
        [S, "record", "-o", path("orphan.json"), "--freq",
         path("orphan.txt"), "--", "sh", "-c",
         # the orphan must not hold our pipes open
         f"sleep 30 >/dev/null 2>&1 & touch {ready}; exit 0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=setup)
    deadline = time.monotonic() + 20
    while not os.path.exists(ready) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # the command exits; sleep is orphaned to record
    p.send_signal(signal.SIGTERM)
    try:
        out, err = p.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        out, err = "", "timed out"
    try:
        os.killpg(p.pid, signal.SIGKILL)  # the orphaned sleep
    except ProcessLookupError:
        pass
    p.wait()
    counts, _ = read_freq("orphan.txt")
    check(p.returncode == -signal.SIGTERM and "stopped by signal 15" in err
          and counts.get("execve", 0) >= 2 and
          os.path.exists(path("orphan.json")),
          "SIGTERM with only a descendant left: outputs written, then "
          "record dies of it", f"rc {p.returncode}: {err[-300:]}")

    # a background descendant outliving the command is recorded, and
    # record waits for it
    rc, out, err = run([S, "record", "--freq", path("bg.txt"), "-o",
                        "/dev/null", "--", "sh", "-c",
                        f"(sleep 0.5; exec {PROBE} mark 5) & exit 3"])
    counts, _ = read_freq("bg.txt")
    check(rc == 3 and counts.get("sched_getscheduler") == 5,
          "a background descendant outliving the command is recorded",
          f"rc {rc}: {counts.get('sched_getscheduler')} {err[-300:]}")

    # the kernel allows one listener per task: a nested record fails,
    # it does not hang
    rc, out, err = run([S, "record", "-o", "/dev/null", "--", S, "record",
                        "-o", "/dev/null", "--", "true"], timeout=30)
    check(rc == 1 and "a listener already" in err,
          "record under record: an error, no hang", f"{rc} {err}")

    # -- options --
    rc, out, err = run([S, "record", "--arch", "s390x", "--", "true"])
    check(rc == 1 and "does not run on this machine" in err,
          "--arch of another machine: refused", err)
    rc, out, err = run([S, "record", "--cap", "sys_admin", "--", "true"])
    check(rc == 1 and "--base" in err, "--cap without --base: refused", err)
    rc, out, err = run([S, "record", "-o", T, "--", "true"])
    check(rc == 1 and "is a directory" in err,
          "-o a directory: refused before the command runs", err)
    rc, out, err = run([S, "record", "--"])
    check(rc == 1 and "no command" in err, "no command: refused", err)
    if x86_64 and int80:
        rc, out, err = run([S, "record", "--arch", "x86_64", "-o",
                            path("n.json"), "--", PROBE, "basic", "1"])
        nprof = load_json("n.json")
        check(rc == 0 and "1 call of the 'x86' arch, not recorded" in err
              and nprof.get("archMap", [{}])[0].get("subArchitectures")
              == [] and
              "nice" not in allowed_names(nprof),
              "--arch x86_64: x86 calls are let through, not recorded", err)
    return 1 if failed else 0


sys.exit(main())
