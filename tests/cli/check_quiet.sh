#!/bin/sh
# --quiet on the commands that print a profile's warnings (compile,
# profile, run, record): standard error stays empty, the output is the
# same as without it, errors are still reported, and run --notify-log's
# lines (its output, not warnings) stay.  run and record skip where
# seccomp filters cannot be installed (qemu-user).
set -u
S=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
ok() { echo "ok: $1"; }
no() { echo "FAIL: $1"; fail=1; }

# warnings: a name no arch knows, a rule testing one argument twice
cat > "$T/p.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [
	{"names": ["no_such_call"], "action": "SCMP_ACT_ERRNO"},
	{"names": ["getpriority"], "action": "SCMP_ACT_ERRNO", "args": [
		{"index": 0, "value": 100, "op": "SCMP_CMP_EQ"},
		{"index": 0, "value": 200, "op": "SCMP_CMP_EQ"}]}]}
JSON

# quiet WHAT ARGS...: the command with and without --quiet (appended
# before any "--"): same output and status, warnings only without it
quiet() {
	what=$1
	shift
	"$S" "$@" > "$T/loud.out" 2> "$T/loud.err"
	loud=$?
	# --quiet goes right after the command name
	cmd=$1
	shift
	"$S" "$cmd" --quiet "$@" > "$T/quiet.out" 2> "$T/quiet.err"
	rc=$?
	if grep -q "warning:" "$T/loud.err"; then
		ok "$what: warnings without --quiet"
	else
		no "$what: no warning to silence: $(head -3 "$T/loud.err")"
	fi
	[ $rc = $loud ] && ok "$what: same exit status ($rc)" ||
		no "$what: exit $rc with --quiet, $loud without"
	if [ -s "$T/quiet.err" ]; then
		no "$what --quiet: standard error not empty:"
		head -5 "$T/quiet.err"
	else
		ok "$what --quiet: standard error empty"
	fi
	cmp -s "$T/loud.out" "$T/quiet.out" &&
		ok "$what --quiet: the same output" ||
		no "$what --quiet: the output differs"
}

quiet "compile" compile "$T/p.json" --format hex
# the embedded default warns on every compile (names the tables lack,
# its overlapping rules)
quiet "compile --default" compile --default --format base64
quiet "profile --resolve" profile "$T/p.json" --resolve
quiet "profile --default --resolve" profile --default --resolve
"$S" compile -q "$T/p.json" --format c > /dev/null 2> "$T/err"
[ -s "$T/err" ] && no "compile -q: standard error not empty" ||
	ok "compile -q is --quiet"

# errors are never silenced
echo '{"defaultAction": "SCMP_ACT_BOGUS"}' > "$T/bad.json"
out=$("$S" compile --quiet "$T/bad.json" --format hex 2>&1); rc=$?
[ $rc = 1 ] && ok "compile --quiet, bad profile: exit 1" || no "compile --quiet, bad profile: exit $rc"
printf '%s\n' "$out" | grep -q "error: .*unknown action 'SCMP_ACT_BOGUS'" &&
	ok "compile --quiet: the error is shown" || no "compile --quiet hid the error: $out"
out=$("$S" profile --quiet --resolve "$T/bad.json" 2>&1); rc=$?
[ $rc = 1 ] && printf '%s\n' "$out" | grep -q "error: " &&
	ok "profile --quiet: the error is shown" || no "profile --quiet, bad profile: $rc: $out"
out=$("$S" run --quiet "$T/bad.json" -- true 2>&1); rc=$?
[ $rc = 1 ] && printf '%s\n' "$out" | grep -q "error: " &&
	ok "run --quiet: the error is shown" || no "run --quiet, bad profile: $rc: $out"

if ! "$S" run --default -- true 2>/dev/null &&
	"$S" run --default -- true 2>&1 | grep -q "refused the filter"; then
	echo "skip: seccomp filters cannot be installed here"
	exit $fail
fi

quiet "run" run "$T/p.json" -- echo hello
[ "$(cat "$T/quiet.out")" = hello ] && ok "run --quiet: the command ran" ||
	no "run --quiet: $(cat "$T/quiet.out")"
# --notify-log's lines are the supervisor's output: --quiet keeps them
cat > "$T/n.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "/run/x.sock",
 "syscalls": [{"names": ["execve"], "action": "SCMP_ACT_NOTIFY"},
	{"names": ["no_such_call"], "action": "SCMP_ACT_ERRNO"}]}
JSON
out=$(timeout 20 "$S" run --quiet "$T/n.json" --notify-log -- uname -s 2> "$T/err"); rc=$?
[ $rc = 0 ] && [ "$out" = Linux ] && ok "run --quiet --notify-log: the command ran" ||
	no "run --quiet --notify-log: rc $rc: $out"
grep -q "^secbpf: notify: pid [0-9]* execve(" "$T/err" &&
	ok "run --quiet --notify-log: the notifications are still logged" ||
	no "run --quiet --notify-log: no notification logged: $(head -3 "$T/err")"
grep -q "warning:" "$T/err" && no "run --quiet --notify-log: a warning" ||
	ok "run --quiet --notify-log: no warning"

# record: the base's warnings go, its summary stays
timeout 60 "$S" record --base "$T/p.json" -o "$T/loud.json" -- true 2> "$T/loud.err"
loud=$?
timeout 60 "$S" record --quiet --base "$T/p.json" -o "$T/quiet.json" -- true 2> "$T/quiet.err"
rc=$?
[ $rc = 0 ] && [ $loud = 0 ] && ok "record: exit 0 with and without --quiet" ||
	no "record: exit $rc with --quiet, $loud without"
grep -q "warning:" "$T/loud.err" && ok "record: the base's warnings without --quiet" ||
	no "record: no warning to silence: $(head -3 "$T/loud.err")"
grep -q "warning:" "$T/quiet.err" && no "record --quiet: a warning: $(grep warning: "$T/quiet.err" | head -3)" ||
	ok "record --quiet: no warning"
grep -q "^secbpf: record: " "$T/quiet.err" && ok "record --quiet: the summary stays" ||
	no "record --quiet: no summary: $(head -3 "$T/quiet.err")"
cmp -s "$T/loud.json" "$T/quiet.json" && ok "record --quiet: the same profile" ||
	no "record --quiet: the profile differs"
exit $fail
