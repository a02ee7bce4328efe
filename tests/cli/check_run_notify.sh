#!/bin/sh
# secbpf run --notify-log: the supervisor gets the listener whatever the
# profile notifies (sendmsg, execve), and serves until no task is left on
# the filter, not only until the command itself exits.  Every run is under
# timeout(1), so that a hang fails instead of stalling the suite.  Skips
# where seccomp filters cannot be installed (qemu-user).
set -u
S=$1
BPFDUMP=$2
if ! "$S" run --default -- true 2>/dev/null; then
	if "$S" run --default -- true 2>&1 | grep -q "refused the filter"; then
		echo "skip: seccomp filters cannot be installed here"
		exit 77
	fi
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
ok() { echo "ok: $1"; }
no() { echo "FAIL: $1"; fail=1; }

# NOTIFY by default with a short allow list: sendmsg, execve and nearly
# everything else the start of a program makes are notified
cat > "$T/min.json" <<'JSON'
{"defaultAction": "SCMP_ACT_NOTIFY", "listenerPath": "/run/x.sock",
 "syscalls": [{"names": ["read", "write", "exit", "exit_group"],
	       "action": "SCMP_ACT_ALLOW"}]}
JSON
"$S" compile "$T/min.json" -o "$T/min.bpf" 2>/dev/null
out=$("$BPFDUMP" --emulate sendmsg "$T/min.bpf" 2>&1)
[ "$(printf '%s\n' "$out" | head -1)" = USER_NOTIF ] &&
	ok "the profile notifies sendmsg" || no "sendmsg not notified: $out"
out=$(timeout 10 "$S" run "$T/min.json" --notify-log -- uname -s 2>&1); rc=$?
[ $rc = 0 ] && printf '%s\n' "$out" | grep -q "^Linux$" &&
	ok "NOTIFY default, short allow list: the command completes" ||
	no "NOTIFY default: rc $rc: $(printf '%s\n' "$out" | tail -3)"
printf '%s\n' "$out" | grep -q "^secbpf: notify: pid [0-9]* execve(" &&
	ok "its execve is notified and answered" || no "execve not logged"
# execve notified and failed with --notify-errno: the child's own error
# path runs under the filter, so only execve is notified here (with
# everything notified, the ASan runtime's syscalls would fail too)
cat > "$T/execve.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "/run/x.sock",
 "syscalls": [{"names": ["execve"], "action": "SCMP_ACT_NOTIFY"}]}
JSON
out=$(timeout 10 "$S" run "$T/execve.json" --notify-errno 38 -- uname -s 2>&1); rc=$?
[ $rc = 127 ] && printf '%s\n' "$out" | grep -q "cannot run 'uname': Function not implemented" &&
	ok "--notify-errno 38 fails the notified execve" || no "notify-errno on execve: rc $rc: $out"

# execve allowed: the listener (close-on-exec) must be ours before the
# exec closes the child's copy; repeat to give a race its chances
cat > "$T/exec.json" <<'JSON'
{"defaultAction": "SCMP_ACT_NOTIFY", "listenerPath": "/run/x.sock",
 "syscalls": [{"names": ["execve", "read", "write", "exit", "exit_group"],
	       "action": "SCMP_ACT_ALLOW"}]}
JSON
i=0
while [ $i -lt 20 ]; do
	out=$(timeout 10 "$S" run "$T/exec.json" --notify-log -- uname -s 2>&1)
	[ $? = 0 ] && printf '%s\n' "$out" | grep -q "^Linux$" || break
	i=$((i + 1))
done
[ $i = 20 ] && ok "execve allowed: 20 of 20 runs served" || no "execve allowed: run $((i + 1)) of 20 failed: $out"

# under an outer filter that refuses clone3 as Docker's default does, the
# supervisor falls back to clone
cat > "$T/noclone3.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]}
JSON
out=$(timeout 20 "$S" run "$T/noclone3.json" -- "$S" run "$T/exec.json" --notify-log -- uname -s 2>&1); rc=$?
[ $rc = 0 ] && printf '%s\n' "$out" | grep -q "^Linux$" &&
	ok "clone3 refused by an outer filter: served through clone" || no "no clone3: rc $rc: $out"

# with no /proc to name the listener, an ioctl only a listener answers
# tells it (needs a mount namespace: root; the sanitizers' runtime needs
# /proc, so not in the ASan build)
LIB=$(dirname "$S")/../..
if ldd "$S" 2>/dev/null | grep -q libasan; then
	echo "skip: no run without /proc in a sanitized build"
elif unshare -m true 2>/dev/null; then
	out=$(timeout 20 unshare -m sh -c 'umount -l /proc && [ ! -e /proc/self ] &&
		LD_LIBRARY_PATH="$1${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
		"$2" run "$3" --notify-log -- uname -s' \
		sh "$LIB" "$S" "$T/min.json" 2>&1); rc=$?
	[ $rc = 0 ] && printf '%s\n' "$out" | grep -q "^Linux$" &&
		ok "no /proc: the listener is found all the same" || no "no /proc: rc $rc: $(printf '%s\n' "$out" | tail -3)"
else
	echo "skip: no mount namespace for a run without /proc"
fi

# TSYNC with a listener: TSYNC_ESRCH comes with them, as libseccomp adds it
# (the kernel refuses the two without it)
cat > "$T/tsync.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "/run/x.sock",
 "flags": ["SECCOMP_FILTER_FLAG_TSYNC"],
 "syscalls": [{"names": ["uname"], "action": "SCMP_ACT_NOTIFY"}]}
JSON
out=$(timeout 20 "$S" run "$T/tsync.json" --notify-log -- uname -s 2>&1); rc=$?
[ $rc = 0 ] && printf '%s\n' "$out" | grep -q "^Linux$" &&
	ok "TSYNC with a listener: installed with TSYNC_ESRCH" || no "TSYNC and a listener: rc $rc: $out"
# a failed install ends the run with the error, no hang: a second
# listener (the inner run's, under the outer one's) is refused
out=$(timeout 20 "$S" run "$T/tsync.json" --notify-log -- \
	"$S" run "$T/tsync.json" --notify-log -- true 2>&1); rc=$?
[ $rc = 1 ] && printf '%s\n' "$out" | grep -q "listener is already installed" &&
	ok "a refused install: exit 1 with the kernel's refusal" || no "refused install: rc $rc: $out"

# descendants still under the filter after the command exits are served
cat > "$T/uname.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "/run/x.sock",
 "syscalls": [{"names": ["uname"], "action": "SCMP_ACT_NOTIFY"}]}
JSON
out=$(timeout 20 "$S" run "$T/uname.json" --notify-log -- sh -c '(sleep 0.5; uname -s) & exit 3' 2>&1); rc=$?
printf '%s\n' "$out" | grep -q "^Linux$" &&
	ok "a background descendant's notification is answered" || no "background descendant: $out"
[ $rc = 3 ] && ok "the exit status is the command's" || no "exit status $rc, not 3"
printf '%s\n' "$out" | grep -q "^secbpf: notify: pid [0-9]* uname(" &&
	ok "and logged" || no "descendant's notification not logged: $out"
# run returns only once the last task on the filter is gone
timeout 20 "$S" run "$T/uname.json" --notify-log -- \
	sh -c "(sleep 1; echo late > '$T/late') >/dev/null 2>&1 & exit 0" 2>/dev/null
[ -f "$T/late" ] && ok "run waits for the last task on the filter" || no "run returned before its descendant ended"
# and not longer: a command with no descendant ends the run at once
start=$(date +%s)
timeout 20 "$S" run "$T/uname.json" --notify-log -- true; rc=$?
[ $rc = 0 ] && [ $(($(date +%s) - start)) -lt 5 ] && ok "no descendant: run ends with the command" || no "no descendant: rc $rc"
exit $fail
