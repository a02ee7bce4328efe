#!/bin/sh
# A real consumer: bubblewrap loads 'secbpf compile' output (bwrap
# --seccomp FD) and the command inside is denied what the profile denies.
set -u
S=$1
command -v bwrap >/dev/null || { echo "skip: bwrap not installed"; exit 77; }
bwrap --ro-bind / / --dev /dev --proc /proc -- true 2>/dev/null ||
	{ echo "skip: bwrap cannot create a sandbox here"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
ok() { echo "ok: $1"; }
no() { echo "FAIL: $1"; fail=1; }
BW="bwrap --ro-bind / / --dev /dev --proc /proc --tmpfs /tmp"

"$S" compile --default -o "$T/default.bpf" 2>/dev/null || { echo "FAIL: compile"; exit 1; }
out=$($BW --seccomp 9 9<"$T/default.bpf" -- sh -c 'echo inside; mkdir /tmp/d && echo mkdir-ok; chroot / true' 2>&1); rc=$?
printf '%s\n' "$out" | grep -q '^inside$' && ok "the command runs under the filter" || no "no output: $out"
printf '%s\n' "$out" | grep -q '^mkdir-ok$' && ok "allowed syscalls work" || no "mkdir: $out"
printf '%s\n' "$out" | grep -q "chroot: .*Operation not permitted" && ok "chroot denied with EPERM" || no "chroot: $out"

# a profile of our own: uname answers EACCES, everything else allowed
cat > "$T/p.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["uname"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}
JSON
"$S" compile "$T/p.json" -o "$T/p.bpf" || { echo "FAIL: compile"; exit 1; }
out=$($BW --seccomp 9 9<"$T/p.bpf" -- uname -s 2>&1); rc=$?
[ $rc != 0 ] && printf '%s\n' "$out" | grep -q "Permission denied" && ok "uname gets EACCES" || no "uname: rc $rc: $out"
out=$($BW --seccomp 9 9<"$T/p.bpf" -- sh -c 'echo fine' 2>&1)
[ "$out" = fine ] && ok "the rest is allowed" || no "sh: $out"
exit $fail
