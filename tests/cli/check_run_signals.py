#!/usr/bin/env python3
"""secbpf run --notify-log stays the command's supervisor: SIGTERM, SIGINT
and SIGHUP sent to it are passed on to the command, whose exit status it
returns; once the command is gone (descendants still served), such a signal
stops it.  A ^C from the terminal, which the command gets itself, is not
passed on a second time.  Every wait is bounded.  Skips where seccomp
filters cannot be installed (qemu-user)."""
import os
import pty
import re
import select
import signal
import subprocess
import sys
import tempfile
import time

S = sys.argv[1]
failed = False


def ok(msg):
    print("ok:", msg)


def no(msg):
    global failed
    failed = True
    print("FAIL:", msg)


def read_until(fd, needle, deadline):
    """Bytes read from fd until needle shows up, EOF, or the deadline."""
    out = b""
    while needle not in out and time.monotonic() < deadline:
        r, _, _ = select.select([fd], [], [], max(0, deadline - time.monotonic()))
        if not r:
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the pty's other side is closed
            break
        if not chunk:
            break
        out += chunk
    return out


def default_signals():
    """Signals we were started with ignored (nohup, a background job)
    would stay ignored in secbpf and the command, as they should."""
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)


def start(profile, script):
    """secbpf run in a process group of its own (so that cleanup reaches
    any process left over), its output on a pipe."""
    def setup():
        default_signals()
        os.setpgrp()
    return subprocess.Popen(
        [S, "run", profile, "--notify-log", "--", "sh", "-c", script],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, preexec_fn=setup)


def children(pid):
    """The names of pid's children."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            kids = f.read().split()
    except OSError:
        return None
    names = []
    for k in kids:
        try:
            with open(f"/proc/{k}/comm") as f:
                names.append(f.read().strip())
        except OSError:
            pass
    return names


def finish(p):
    """(exit status or -signal, output); kills what is left."""
    try:
        rc = p.wait(timeout=15)
    except subprocess.TimeoutExpired:
        rc = None
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    if rc is None:
        rc = p.wait()
    out = read_until(p.stdout.fileno(), b"\0", time.monotonic() + 2)
    return rc, out.decode(errors="replace")


def main():
    r = subprocess.run([S, "run", "--default", "--", "true"],
                       capture_output=True, text=True)
    if r.returncode != 0 and "refused the filter" in r.stderr:
        print("skip: seccomp filters cannot be installed here")
        return 77
    tmp = tempfile.mkdtemp()
    profile = os.path.join(tmp, "uname.json")
    with open(profile, "w") as f:
        f.write('{"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "/x",'
                ' "syscalls": [{"names": ["uname"],'
                ' "action": "SCMP_ACT_NOTIFY"}]}')
    # a loop of short sleeps: sh runs its trap between two of them; it
    # ends by itself after 10 s when nothing comes
    wait_loop = ('echo ready; i=0; while [ $i -lt 100 ]; do sleep 0.1; '
                 'i=$((i+1)); done; echo no-signal')
    for name in ("TERM", "INT", "HUP"):
        sig = getattr(signal, "SIG" + name)
        p = start(profile, f'trap "echo got-{name}; exit 42" {name}; '
                  + wait_loop)
        ready = read_until(p.stdout.fileno(), b"ready", time.monotonic() + 10)
        p.send_signal(sig)
        rc, out = finish(p)
        out = ready.decode(errors="replace") + out
        if f"got-{name}" in out:
            ok(f"SIG{name} reaches the command")
        else:
            no(f"SIG{name} did not reach the command: rc {rc}: {out!r}")
        if rc == 42:
            ok(f"SIG{name}: run exits with the command's status")
        else:
            no(f"SIG{name}: run exited {rc}, not 42")

    # no trap: the command dies of it, run tells 128+15
    p = start(profile, "echo ready; exec sleep 10")
    read_until(p.stdout.fileno(), b"ready", time.monotonic() + 10)
    time.sleep(0.2)  # let sh exec sleep
    p.send_signal(signal.SIGTERM)
    rc, out = finish(p)
    if rc == 143:
        ok("a command killed by SIGTERM: run exits 143")
    else:
        no(f"a command killed by SIGTERM: run exited {rc}: {out!r}")

    # the command is gone, a descendant is still served: SIGTERM stops run
    p = start(profile, "sleep 10 & echo ready; exit 0")
    read_until(p.stdout.fileno(), b"ready", time.monotonic() + 10)
    # wait until the command is reaped and only the orphan, come back to
    # run (its subreaper), is left
    deadline = time.monotonic() + 10
    while children(p.pid) not in (None, ["sleep"]) and \
            time.monotonic() < deadline:
        time.sleep(0.05)
    p.send_signal(signal.SIGTERM)
    rc, out = finish(p)
    if rc == -signal.SIGTERM:
        ok("SIGTERM after the command exited stops run")
    else:
        no(f"SIGTERM after the command exited: run exited {rc}: {out!r}")

    # ^C on a terminal: the command is in run's foreground process group
    # and gets SIGINT from the kernel; run must not send a second one.  A
    # second one sent while the first is pending would merge with it, so
    # press ^C several times to see one if it comes.
    child = ("import signal\n"
             "signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})\n"
             "print('ready', flush=True)\n"
             "codes = []\n"
             "while True:\n"
             "    si = signal.sigtimedwait({signal.SIGINT}, 1.0)\n"
             "    if si is None:\n"
             "        break\n"
             "    codes.append(si.si_code)\n"
             "print('sigint', len(codes), *codes, flush=True)\n")
    try:
        pid, fd = pty.fork()
    except OSError as e:
        print(f"skip: no pty here ({e})")
        return 1 if failed else 0
    if pid == 0:
        try:
            default_signals()
            os.execv(S, [S, "run", profile, "--notify-log", "--",
                         sys.executable, "-c", child])
        finally:
            os._exit(127)
    out = read_until(fd, b"ready", time.monotonic() + 10)
    for _ in range(8):
        os.write(fd, b"\x03")
        time.sleep(0.2)
    out += read_until(fd, b"\0", time.monotonic() + 10)
    for _ in range(100):
        w, st = os.waitpid(pid, os.WNOHANG)
        if w:
            break
        time.sleep(0.1)
    else:
        os.kill(pid, signal.SIGKILL)
        w, st = os.waitpid(pid, 0)
    os.close(fd)
    out = out.decode(errors="replace")
    # one SIGINT per ^C (two close ones may merge), each sent by the
    # kernel (SI_KERNEL 0x80): none from run (SI_USER 0)
    m = re.search(r"sigint (\d+)((?: -?\d+)*)", out)
    codes = m.group(2).split() if m else []
    if m and 1 <= len(codes) <= 8 and set(codes) == {"128"}:
        ok(f"^C on the terminal reaches the command once "
           f"({len(codes)} of 8 seen)")
    else:
        no(f"^C on the terminal: {out!r}")
    if os.WIFEXITED(st) and os.WEXITSTATUS(st) == 0:
        ok("^C: run exits with the command's status")
    else:
        no(f"^C: run ended with wait status {st:#x}")
    return 1 if failed else 0


sys.exit(main())
