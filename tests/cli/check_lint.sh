#!/bin/sh
# secbpf check: each kind of finding on a small profile, severities and
# exit codes (--werror, --ignore), JSON (errors too), and the acceptance
# case: containers/common's overlapping setns rules.
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
[ $rc = 0 ] && ok "warnings and notes only: exit 0" || no "warnings only: exit $rc"
expect "unconditional overlap, first wins" "\[overlap\] 'read': rules /syscalls/0 (ALLOW) and /syscalls/1 (ERRNO(5)) both match .*the filter decides ALLOW" "$out"
expect "conditional overlap with a witness" "\[overlap\] 'personality': rules /syscalls/3 (ALLOW) and /syscalls/4 (LOG) both match" "$out"
expect "overlap only under some capability set" "\[overlap\] 'mount': .* with only CAP_SYS_ADMIN" "$out"
expect "rule equal to the default" "\[equals-default\] /syscalls/2:" "$out"
expect "unknown everywhere" "\[unknown-name\] 'no_such_call'" "$out"
expect "unknown names the tables' kernel" "'no_such_call' .*newer than the Linux $("$S" --version | sed -n 's/^syscall tables: Linux //p') syscall tables here" "$out"
absent "unknown on one arch is only a note" "\[unknown-name\] '_llseek'" "$out"
expect "notes are counted" "notes left out; --verbose shows them" "$out"
expect "risky allow" "\[risky-allow\] 'ptrace' is allowed without an argument check" "$out"
expect "cost line" "^cost: [0-9]* instructions, x86_64: mean [0-9.]*, worst [0-9]* per syscall" "$out"
out=$("$S" check --verbose "$T/p.json" 2>&1)
expect "verbose shows notes" "note: \[partly-unknown\] '_llseek'" "$out"
# a missing archMap entry is information (the filter refuses the compat
# ABI there: stricter, not a hole): a note
expect "missing archMap for aarch64, a note" "note: \[no-archmap\] no 'archMap' entry for 'SCMP_ARCH_AARCH64'" "$out"
absent "archMap present for x86_64" "entry for 'SCMP_ARCH_X86_64'" "$out"
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

# a rule testing one argument twice: a finding (runtimes OR its
# conditions), with the rule's pointer; distinct arguments are not one
cat > "$T/rep.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
 "syscalls": [
	{"names": ["read", "write", "exit_group"], "action": "SCMP_ACT_ALLOW"},
	{"names": ["getpriority"], "action": "SCMP_ACT_ALLOW", "args": [
		{"index": 0, "value": 1, "op": "SCMP_CMP_GE"},
		{"index": 1, "value": 0, "op": "SCMP_CMP_EQ"},
		{"index": 0, "value": 2, "op": "SCMP_CMP_LE"}]},
	{"names": ["kcmp"], "action": "SCMP_ACT_ALLOW", "args": [
		{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"},
		{"index": 1, "value": 2, "op": "SCMP_CMP_EQ"}]}]}
JSON
out=$("$S" check "$T/rep.json" 2>&1); rc=$?
[ $rc = 0 ] && ok "repeated argument, a warning: exit 0" || no "repeated argument: exit $rc"
expect "repeated argument" "warning: \[repeated-arg\] /syscalls/1: args/0 and args/2 both test argument 0: .*(OR, not AND)" "$out"
absent "distinct arguments are no finding" "repeated-arg\] /syscalls/2" "$out"
out=$("$S" check --json "$T/rep.json" 2>&1)
expect "repeated argument in json, with its pointer" '"code": "repeated-arg", "severity": "warning", "pointer": "/syscalls/1"' "$out"
out=$("$S" check --and-repeated-args "$T/rep.json" 2>&1); rc=$?
[ $rc = 0 ] && ok "the finding stays with --and-repeated-args" || no "--and-repeated-args: exit $rc"
expect "--and-repeated-args: still the finding" "\[repeated-arg\] /syscalls/1" "$out"
# the commands that build filters: OR by default, AND on request
B=$(dirname "$S")/bpfdump
out=$("$S" compile "$T/rep.json" -o "$T/or.bpf" 2>&1)
expect "compile warns about the split" "/syscalls/1: several conditions on argument 0: each condition is a rule of its own (OR)" "$out"
out=$("$S" compile --and-repeated-args "$T/rep.json" -o "$T/and.bpf" 2>&1)
expect "compile --and-repeated-args warns about the AND" "/syscalls/1: several conditions on argument 0 are ANDed" "$out"
if [ -x "$B" ]; then
	v=$("$B" --emulate getpriority,5,0 "$T/or.bpf" | head -1)
	[ "$v" = ALLOW ] && ok "OR: getpriority(5, 0) allowed by the arg1 part" || no "OR: getpriority(5, 0): $v"
	v=$("$B" --emulate getpriority,5,1 "$T/or.bpf" | head -1)
	[ "$v" = ALLOW ] && ok "OR: getpriority(5, 1) allowed by the 'arg0 >= 1' part" || no "OR: getpriority(5, 1): $v"
	v=$("$B" --emulate getpriority,5,0 "$T/and.bpf" | head -1)
	[ "$v" = "ERRNO(1)" ] && ok "AND: getpriority(5, 0) refused" || no "AND: getpriority(5, 0): $v"
	v=$("$B" --emulate getpriority,2,0 "$T/and.bpf" | head -1)
	[ "$v" = ALLOW ] && ok "AND: getpriority(2, 0) allowed" || no "AND: getpriority(2, 0): $v"
else
	no "bpfdump not found next to $S"
fi
out=$("$S" profile "$T/rep.json" --and-repeated-args 2>&1); rc=$?
[ $rc = 1 ] && ok "profile --and-repeated-args needs --resolve" || no "profile --and-repeated-args without --resolve: exit $rc"
out=$("$S" profile "$T/rep.json" --resolve 2>/dev/null)
n=$(printf '%s' "$out" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["syscalls"][1]["args"]))' 2>&1)
[ "$n" = 3 ] && ok "profile --resolve prints the rule as written (3 conditions, not split)" || no "profile --resolve: $n"

# ---- severities and exit statuses ----
# errors: the filter will not do what the profile means, or a runtime or
# the kernel refuses the profile; exit 1, whatever else is there
cat > "$T/err.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
 "syscalls": [
	{"names": ["read", "write", "exit_group", "ptrace"], "action": "SCMP_ACT_ALLOW"},
	{"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMN"]}}]}
JSON
out=$("$S" check "$T/err.json" 2>&1); rc=$?
[ $rc = 1 ] && ok "an error: exit 1" || no "an error: exit $rc"
expect "errors say so" "^error: \[unknown-cap\] 'CAP_SYS_ADMN'" "$out"
expect "warnings beside them" "^warning: \[risky-allow\] 'ptrace'" "$out"
out=$("$S" check --json "$T/err.json" 2>/dev/null); rc=$?
[ $rc = 1 ] && ok "an error, --json: exit 1" || no "an error, --json: exit $rc"
expect "json severity error" '"code": "unknown-cap", "severity": "error"' "$out"
# --ignore drops a code from the report and from the exit status
out=$("$S" check --ignore unknown-cap "$T/err.json" 2>&1); rc=$?
[ $rc = 0 ] && ok "--ignore the error's code: exit 0" || no "--ignore unknown-cap: exit $rc"
absent "--ignore: the finding is gone" "unknown-cap" "$out"
expect "--ignore: the others stay" "\[risky-allow\] 'ptrace'" "$out"
out=$("$S" check --ignore unknown-cap --ignore risky-allow --werror "$T/err.json" 2>&1); rc=$?
[ $rc = 0 ] && ok "--ignore twice, --werror, nothing left: exit 0" || no "--ignore twice: exit $rc"
out=$("$S" check --json --ignore risky-allow "$T/err.json" 2>&1)
absent "--ignore in json" "risky-allow" "$out"
expect "--ignore in json keeps the rest" '"code": "unknown-cap"' "$out"
# --werror: warnings fail too; notes never do
out=$("$S" check --werror "$T/p.json" 2>&1); rc=$?
[ $rc = 1 ] && ok "--werror with warnings: exit 1" || no "--werror: exit $rc"
cat > "$T/notes.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
 "syscalls": [{"names": ["read", "write", "exit_group", "_llseek"], "action": "SCMP_ACT_ALLOW"}]}
JSON
out=$("$S" check --werror "$T/notes.json" 2>&1); rc=$?
[ $rc = 0 ] && ok "--werror with notes only: exit 0" || { no "--werror, notes: exit $rc"; echo "$out"; }
expect "the note is counted" "(1 notes left out" "$out"
out=$("$S" check --werror "$T/clean.json" 2>&1); rc=$?
[ $rc = 0 ] && ok "--werror, clean: exit 0" || no "--werror, clean: exit $rc"
# an unknown code is bad input, with the closest code
out=$("$S" check --ignore overlpa "$T/p.json" 2>&1); rc=$?
[ $rc = 2 ] && ok "--ignore of an unknown code: exit 2" || no "--ignore overlpa: exit $rc"
expect "--ignore suggests the closest code" "unknown finding code 'overlpa' (did you mean 'overlap'?)" "$out"
out=$("$S" check --ignore zzzzzzzzzz "$T/p.json" 2>&1); rc=$?
[ $rc = 2 ] && ok "--ignore of a code like none: exit 2" || no "--ignore zzz: exit $rc"
expect "--ignore far from every code" "unknown finding code 'zzzzzzzzzz' ('secbpf check --help' lists them)" "$out"
out=$("$S" check --ignore "$T/p.json" 2>&1); rc=$?
[ $rc = 2 ] && ok "--ignore takes the profile for a code: exit 2" || no "--ignore without code: exit $rc"
out=$("$S" check --bogus "$T/p.json" 2>&1); rc=$?
[ $rc = 2 ] && ok "an unknown option: exit 2" || no "--bogus: exit $rc"
expect "an unknown option named" "invalid option '--bogus'" "$out"
out=$("$S" check --werror=yes "$T/p.json" 2>&1); rc=$?
[ $rc = 2 ] && ok "a value for a flag: exit 2" || no "--werror=yes: exit $rc"
expect "a value for a flag named" "invalid option '--werror=yes'" "$out"
out=$("$S" check -vx "$T/p.json" 2>&1); rc=$?
expect "an unknown letter in a group" "unknown option '-x'" "$out"
# every code, with its severity, in --help (completion reads it)
out=$("$S" check --help 2>&1)
for code in overlap:warning equals-default:warning unknown-name:warning \
	risky-allow:warning default-allow:warning no-archmap:note \
	partly-unknown:note unknown-cap:error repeated-arg:warning \
	notify-refused:error no-listener:error flags-refused:error \
	errno-range:error never-applies:error overlap-unchecked:warning; do
	expect "--help: ${code%:*} is a ${code#*:}" "^  ${code%:*}  *${code#*:} " "$out"
done
expect "--help: the exit statuses" "Exit status: 0 no errors" "$out"

# ---- the errors: what runtimes and the kernel refuse ----
cat > "$T/notify.json" <<'JSON'
{"defaultAction": "SCMP_ACT_NOTIFY", "architectures": ["SCMP_ARCH_X86_64"],
 "flags": ["SECCOMP_FILTER_FLAG_TSYNC"],
 "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_NOTIFY"},
	{"names": ["close"], "action": "SCMP_ACT_ERRNO", "errnoRet": 5000},
	{"names": ["dup"], "action": "SCMP_ACT_ALLOW",
	 "includes": {"caps": ["CAP_SYS_ADMIN"]}, "excludes": {"caps": ["CAP_SYS_ADMIN"]}}]}
JSON
out=$("$S" check "$T/notify.json" 2>&1); rc=$?
[ $rc = 1 ] && ok "refused profile: exit 1" || no "refused profile: exit $rc"
expect "NOTIFY as the default" "error: \[notify-refused\] the default action is 'SCMP_ACT_NOTIFY', which runc refuses" "$out"
expect "NOTIFY on write" "error: \[notify-refused\] /syscalls/0/names/1: runc refuses 'SCMP_ACT_NOTIFY' for 'write'" "$out"
expect "NOTIFY without a listener" "error: \[no-listener\]" "$out"
expect "TSYNC beside a listener" "error: \[flags-refused\] /flags/0: the kernel refuses 'SECCOMP_FILTER_FLAG_TSYNC'" "$out"
expect "an errno libseccomp refuses" "error: \[errno-range\] /syscalls/1: errno 5000 is above 4094" "$out"
expect "a rule that never applies" "error: \[never-applies\] 'CAP_SYS_ADMIN' (/syscalls/2/includes/caps/0)" "$out"

# ---- --json: errors are JSON too, one document on standard output ----
json_error() { # what, expected status, args...
	what=$1 want=$2; shift 2
	"$S" check "$@" > "$T/out" 2> "$T/err"; rc=$?
	[ $rc = "$want" ] && ok "$what: exit $want" || no "$what: exit $rc"
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert list(d) == ["error"], d' "$T/out" &&
		ok "$what: one JSON document with the error" || { no "$what: not one JSON error:"; cat "$T/out"; }
	[ -s "$T/err" ] && { no "$what: standard error not empty:"; cat "$T/err"; } || ok "$what: nothing on standard error"
}
json_error "--json, invalid profile" 2 --json "$T/bad.json"
expect "--json error names the place" '"error": ".*bad.json:1:[0-9]*: /defaultAction: unknown action' "$(cat "$T/out")"
json_error "--json, no such file" 2 --json "$T/none.json"
json_error "--json, unknown option" 2 "$T/p.json" --bogus --json
json_error "--json, unknown code" 2 --ignore overlpa --json "$T/p.json"
expect "--json unknown code suggests" "did you mean 'overlap'" "$(cat "$T/out")"
json_error "--json, --ignore without a value" 2 "$T/p.json" --json --ignore
json_error "--json, a bad capability" 2 --json --cap CAP_NOPE "$T/p.json"
json_error "--json, two profiles" 2 --json "$T/p.json" "$T/clean.json"

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
	# the defaults pass a gate on errors; moby's example asks for an
	# errno libseccomp refuses
	for prof in containers_common_seccomp moby_profiles_default; do
		"$S" check "$SHARED/profiles/$prof.json" > /dev/null 2>&1; rc=$?
		[ $rc = 0 ] && ok "$prof: no error, exit 0" || no "$prof: exit $rc"
	done
	out=$("$S" check "$SHARED/profiles/moby_profiles_example.json" 2>&1); rc=$?
	[ $rc = 1 ] && ok "moby example: exit 1" || no "moby example: exit $rc"
	expect "moby example: errno 12345" "error: \[errno-range\] /syscalls/3: errno 12345" "$out"
else
	echo "skip: ../shared not present"
fi
exit $fail
