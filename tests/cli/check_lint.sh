#!/bin/sh
# secbpf check: each kind of finding on a small profile, exit codes, JSON,
# and the acceptance case: containers/common's overlapping setns rules.
set -u
S=$1 SHARED=${SECBPF_SHARED:-}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
ok() { echo "ok: $1"; }
no() { echo "FAIL: $1"; fail=1; }
expect() { if printf '%s\n' "$3" | grep -q -- "$2"; then ok "$1"; else no "$1: no '$2' in:"; printf '%s\n' "$3" | head -20; fi; }
absent() { if printf '%s\n' "$3" | grep -q -- "$2"; then no "$1: '$2' should not be there"; else ok "$1"; fi; }

cat > "$T/p.json" <<'JSON'
{
	"defaultAction": "SCMP_ACT_ERRNO",
	"archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}],
	"syscalls": [
		{"names": ["read", "write", "exit_group", "ptrace"], "action": "SCMP_ACT_ALLOW"},
		{"names": ["read"], "action": "SCMP_ACT_ERRNO", "errnoRet": 5},
		{"names": ["getpid"], "action": "SCMP_ACT_ERRNO"},
		{"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]},
		{"names": ["personality"], "action": "SCMP_ACT_LOG", "args": [{"index": 0, "value": 4, "op": "SCMP_CMP_GT"}]},
		{"names": ["no_such_call", "_llseek"], "action": "SCMP_ACT_ALLOW"},
		{"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
		{"names": ["mount"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13, "excludes": {"caps": ["CAP_SYS_CHROOT"]}}
	]
}
JSON
out=$("$S" check "$T/p.json" 2>&1); rc=$?
[ $rc = 1 ] && ok "findings: exit 1" || no "findings: exit $rc"
expect "unconditional overlap, first wins" "\[overlap\] 'read': rules /syscalls/0 (ALLOW) and /syscalls/1 (ERRNO(5)) both match .*the filter decides ALLOW" "$out"
expect "conditional overlap with a witness" "\[overlap\] 'personality': rules /syscalls/3 (ALLOW) and /syscalls/4 (LOG) both match" "$out"
expect "overlap only under some capability set" "\[overlap\] 'mount': .* with only CAP_SYS_ADMIN" "$out"
expect "rule equal to the default" "\[equals-default\] /syscalls/2:" "$out"
expect "unknown everywhere" "\[unknown-name\] 'no_such_call'" "$out"
expect "unknown names the tables' kernel" "'no_such_call' .*newer than the Linux $("$S" --version | sed -n 's/^syscall tables: Linux //p') syscall tables here" "$out"
absent "unknown on one arch is only a note" "\[unknown-name\] '_llseek'" "$out"
expect "notes are counted" "notes left out; --verbose shows them" "$out"
expect "risky allow" "\[risky-allow\] 'ptrace' is allowed without an argument check" "$out"
expect "missing archMap for aarch64" "\[no-archmap\] no 'archMap' entry for 'SCMP_ARCH_AARCH64'" "$out"
absent "archMap present for x86_64" "entry for 'SCMP_ARCH_X86_64'" "$out"
expect "cost line" "^cost: [0-9]* instructions, x86_64: mean [0-9.]*, worst [0-9]* per syscall" "$out"
out=$("$S" check --verbose "$T/p.json" 2>&1)
expect "verbose shows notes" "note: \[partly-unknown\] '_llseek'" "$out"
out=$("$S" check --json "$T/p.json" 2>&1)
expect "json findings" '"code": "overlap", "severity": "warning", "pointer": "/syscalls/0"' "$out"
expect "json cost" '"cost": {"instructions": [0-9]*, "arches": \[{"arch": "x86_64"' "$out"
python3 -c 'import json,sys; json.loads(sys.argv[1])' "$out" && ok "json parses" || no "json parses"

cat > "$T/allow.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
 "syscalls": [{"names": ["kexec_load"], "action": "SCMP_ACT_ERRNO"}]}
JSON
out=$("$S" check "$T/allow.json" 2>&1); rc=$?
expect "default allow" "\[default-allow\] the default action is 'SCMP_ACT_ALLOW'" "$out"
absent "architectures list: no archMap finding" "no-archmap" "$out"

cat > "$T/clean.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
 "syscalls": [{"names": ["read", "write", "exit_group"], "action": "SCMP_ACT_ALLOW"}]}
JSON
out=$("$S" check "$T/clean.json" 2>&1); rc=$?
[ $rc = 0 ] && ok "clean: exit 0" || { no "clean: exit $rc"; echo "$out"; }
echo '{"defaultAction": "SCMP_ACT_BOGUS"}' > "$T/bad.json"
out=$("$S" check "$T/bad.json" 2>&1); rc=$?
[ $rc = 2 ] && ok "error: exit 2" || no "error: exit $rc"
expect "error names the place" "bad.json:1:[0-9]*: /defaultAction: unknown action 'SCMP_ACT_BOGUS'" "$out"

# limits on the command line: 64 --cap options; a long name is no capability
many=""
for i in $(seq 65); do many="$many --cap CAP_CHOWN"; done
out=$("$S" check "$T/clean.json" $many 2>&1); rc=$?
[ $rc = 2 ] && ok "65 --cap options: exit 2" || no "65 --cap options: exit $rc"
expect "too many --cap" "too many --cap options (at most 64)" "$out"
long=$(printf 'A%.0s' $(seq 70))
out=$("$S" check "$T/clean.json" --cap "$long" 2>&1); rc=$?
expect "a long capability name is unknown" "unknown capability '$long' (see capabilities(7))" "$out"
out=$("$S" check --cap sys_admin "$T/clean.json" 2>&1); rc=$?
[ $rc = 0 ] && ok "'sys_admin' is taken as CAP_SYS_ADMIN" || no "sys_admin: exit $rc"

# secbpf compile --freq: at most 4096 entries
for i in $(seq 4097); do echo "call$i 1"; done > "$T/freq.txt"
out=$("$S" compile "$T/clean.json" --freq "$T/freq.txt" --format hex 2>&1); rc=$?
[ $rc = 1 ] && ok "4097 frequency entries: exit 1" || no "freq: exit $rc"
expect "frequency table limit" "more than 4096 entries" "$out"

if [ -n "$SHARED" ] && [ -f "$SHARED/profiles/containers_common_seccomp.json" ]; then
	out=$("$S" check "$SHARED/profiles/containers_common_seccomp.json" 2>&1)
	expect "containers/common: the overlapping setns rules" "\[overlap\] 'setns': rules /syscalls/1 (ALLOW) and /syscalls/16 (ERRNO(1)) both match with no capabilities; the filter decides ALLOW" "$out"
else
	echo "skip: ../shared not present"
fi
exit $fail
