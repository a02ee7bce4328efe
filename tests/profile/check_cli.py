#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""secbpf profile from the shell: output, errors, exit codes.

Usage: check_cli.py SECBPF_BINARY   (TAP output; SECBPF_SHARED optional)
"""

import json
import os
import subprocess
import sys
import tempfile

S = sys.argv[1]
results = []


def run(*args, stdin=None):
    p = subprocess.run([S, "profile", *args], input=stdin,
                       capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def check(name, cond, detail=""):
    results.append((name, bool(cond), detail))


# --default: a seccomp.json with archMap and includes
rc, out, err = run("--default")
check("--default exits 0", rc == 0, err)
d = json.loads(out) if rc == 0 else {}
check("--default is a seccomp.json", d.get("defaultAction") == "SCMP_ACT_ERRNO"
      and "archMap" in d and any("includes" in s for s in d.get("syscalls", [])))
shared = os.environ.get("SECBPF_SHARED", "")
ref = os.path.join(shared, "profiles", "containers_common_seccomp.json")
if os.path.exists(ref):
    with open(ref) as f:
        r = json.load(f)
    strip = lambda p: [(s["names"], s["action"], s.get("args") or [],
                        s.get("includes"), s.get("excludes"),
                        s.get("errnoRet")) for s in p["syscalls"]]
    check("--default has containers/common's rules", strip(d) == strip(r))

# --resolve: OCI, caps change the rule set, -o writes a file
rc, out, err = run("--default", "--resolve", "--arch", "x86_64",
                   "--kernel", "6.1")
oci = json.loads(out) if rc == 0 else {}
check("--resolve exits 0", rc == 0, err)
check("--resolve is OCI", oci.get("architectures") == ["SCMP_ARCH_X86_64"]
      and not any("includes" in s for s in oci.get("syscalls", [])), out[:200])
rc, out2, err = run("--default", "--resolve", "--arch", "x86_64",
                    "--cap", "sys_admin")
allowed = lambda o: {n for s in o["syscalls"] if s["action"] == "SCMP_ACT_ALLOW"
                     for n in s["names"]}
check("--cap sys_admin allows bpf", rc == 0 and "bpf" in allowed(json.loads(out2))
      and "bpf" not in allowed(oci), err)
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "out.json")
    rc, out, err = run("--default", "-o", path)
    check("-o writes the file", rc == 0 and out == ""
          and json.load(open(path))["defaultAction"] == "SCMP_ACT_ERRNO", err)

    # errors name file:line:col and the JSON pointer
    bad = os.path.join(tmp, "bad.json")
    with open(bad, "w") as f:
        f.write('{\n  "defaultAction": "SCMP_ACT_ERRNO",\n'
                '  "syscalls": [{"names": ["read"], "action": "NOPE"}]\n}\n')
    rc, out, err = run(bad)
    check("bad profile exits 1", rc == 1)
    check("bad profile message",
          err.strip() == "secbpf: error: %s:3:46: /syscalls/0/action: "
          "unknown action 'NOPE'" % bad, err)

# stdin, and a config.json
cfg = json.dumps({"ociVersion": "1.0.2", "linux": {"seccomp": {
    "defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
        {"names": ["nosuchcall"], "action": "SCMP_ACT_ERRNO"}]}}})
rc, out, err = run("-", "--resolve", "--arch", "x86_64", stdin=cfg)
check("config.json on stdin resolves", rc == 0
      and json.loads(out)["defaultAction"] == "SCMP_ACT_ALLOW", err)
check("unknown name warned, with its rule",
      "warning: /linux/seccomp/syscalls/0: unknown syscall 'nosuchcall'"
      in err, err)

# usage errors
for args, text in ((("--cap", "x", "--default"), "need --resolve"),
                   ((), "give a profile file or --default"),
                   (("--default", "x.json"), "not both"),
                   (("--default", "--resolve", "--arch", "vax"),
                    "unknown architecture 'vax'"),
                   (("--default", "--resolve", "--kernel", "6"),
                    "invalid --kernel '6': want X.Y"),
                   (("/nonexistent.json",), "/nonexistent.json")):
    rc, out, err = run(*args)
    check("usage error %s" % " ".join(args), rc == 1 and text in err, err)

rc, out, err = run("--help")
check("--help", rc == 0 and "--resolve" in out)

print("1..%d" % len(results))
for i, (name, ok, detail) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
    if not ok and detail:
        for line in str(detail).splitlines()[:5]:
            print("# " + line)
