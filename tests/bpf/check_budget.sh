#!/bin/sh
# bpfdump on programs built to make its analysis as costly as it can be
# (tests/bpf/adversarial.h): every command ends within a generous bound,
# and when the work budget stops exploring, the output says so and where,
# in text and in JSON.  Before the budget, --summary on "chain" alone ran
# 13 minutes.
set -u
B=$1 MK=$2
# the generous bound on one command, in seconds (a sanitizer build on a
# busy machine is slower; a second or two is the usual)
LIMIT=${BUDGET_LIMIT:-120}
T=$(mktemp -d)
lpid=
trap '[ -n "$lpid" ] && kill $lpid 2>/dev/null; rm -rf "$T"' EXIT
fail=0
ok() { echo "ok: $1"; }
no() { echo "FAIL: $1"; fail=1; }
expect() { # description, pattern, text
	if printf '%s\n' "$3" | grep -q -- "$2"; then ok "$1"; else no "$1: no '$2' in:"; printf '%s\n' "$3" | head -20; fi
}
# one command: it must end within LIMIT; prints its output; status in $rc
bounded() {
	start=$(date +%s)
	timeout "$LIMIT" "$@" > "$T/out" 2> "$T/err"
	rc=$?
	took=$(( $(date +%s) - start ))
	if [ $rc = 124 ]; then
		no "'$*' ran past ${LIMIT}s"
	else
		echo "    ${took}s: $(echo "$*" | sed "s|$T/||g")"
	fi
}

# every shape, or those in SHAPES (a sanitizer build, ten times slower,
# runs one: the code paths are the same)
for s in ${SHAPES:-$("$MK")}; do
	"$MK" "$s" "$T/$s.bpf" || { no "mkadv $s"; continue; }
	[ -e "$T/chain.bpf" ] || "$MK" chain "$T/chain.bpf"
	n=$(( $(wc -c < "$T/$s.bpf") / 8 ))
	[ "$n" -le 4096 ] && [ "$n" -ge 4080 ] && ok "$s: $n instructions" || no "$s: $n instructions"
	bounded "$B" "$T/$s.bpf"
	[ $rc = 0 ] && ok "$s: dump" || no "$s: dump exit $rc"
	bounded "$B" --emulate read "$T/$s.bpf"
	[ $rc = 0 ] && ok "$s: --emulate" || no "$s: --emulate exit $rc"
	bounded "$B" --summary "$T/$s.bpf"
	[ $rc = 0 ] && ok "$s: --summary" || no "$s: --summary exit $rc"
	expect "$s: --summary says it is incomplete" "^incomplete: the work budget ([0-9]*) ran out" "$(cat "$T/out")"
	expect "$s: --summary names what it left out" "^  x86_64: [0-9]* partly explored, [0-9]* not run: read " "$(cat "$T/out")"
	expect "$s: --summary marks the rows" "(arguments partly explored)" "$(cat "$T/out")"
	expect "$s: --summary warns" "the work budget ran out: the summary is incomplete" "$(cat "$T/err")"
	bounded "$B" --summary --json "$T/$s.bpf"
	if python3 - "$T/out" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["complete"] is False
assert d["work"] >= d["budget"]
rows = [r for a in d["arches"] for r in a["syscalls"]]
assert any(r["explored"] != "all" for r in rows)
for a in d["arches"]:
    assert a["partly_explored"] + a["not_run"] == \
        sum(r["explored"] != "all" for r in a["syscalls"])
EOF
	then ok "$s: --summary --json: incomplete, per syscall"; else no "$s: --summary --json"; fi
	bounded "$B" --diff "$T/chain.bpf" "$T/$s.bpf"
	{ [ $rc = 2 ] || [ $rc = 3 ]; } && ok "$s: --diff exit $rc" || no "$s: --diff exit $rc"
	expect "$s: --diff says it is incomplete" "^incomplete: the work budget ([0-9]*) ran out; [0-9]* syscall numbers not fully explored" "$(cat "$T/out")"
	bounded "$B" --diff --json "$T/$s.bpf" "$T/$s.bpf"
	[ $rc = 3 ] && ok "$s: --diff with itself: none found, incomplete (3)" || no "$s: --diff with itself: exit $rc"
	expect "$s: --diff --json lists the unexplored" '"complete": false, "unexplored": \[{"arch": "x86_64", "nr": 0, "name": "read", "explored": "part"}' "$(cat "$T/out")"
done

# --budget is honoured: the work done is the budget, give or take the
# last vector
bounded "$B" --summary --json --budget 1000000 "$T/chain.bpf"
work=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["work"])' "$T/out")
[ "$work" -ge 1000000 ] && [ "$work" -lt 1100000 ] && ok "--budget 1000000: work $work" || no "--budget: work $work"

# a process with seven of them stacked (28,623 instructions, near the
# kernel's 32768): every command on --pid, bounded too
"$MK" chain live 7 > "$T/live.out" &
lpid=$!
for i in 1 2 3 4 5 6 7 8 9 10; do grep -q ready "$T/live.out" 2>/dev/null && break; sleep 0.2; done
if grep -q ready "$T/live.out" && "$B" --pid $lpid > /dev/null 2>&1; then
	bounded "$B" --pid $lpid
	[ $rc = 0 ] && [ "$(grep -c "^filter [0-9]" "$T/out")" = 7 ] && ok "--pid: seven filters dumped" || no "--pid dump: exit $rc"
	bounded "$B" --pid $lpid --emulate read,1
	expect "--pid --emulate: the stack's verdict" "^process: ALLOW (every filter allows)" "$(cat "$T/out")"
	bounded "$B" --pid $lpid --summary
	expect "--pid --summary: seven filters" "^7 filters, combined as the kernel runs them" "$(cat "$T/out")"
	expect "--pid --summary: incomplete" "^incomplete: the work budget" "$(cat "$T/out")"
	bounded "$B" --pid $lpid --filter 6 -o "$T/saved.bpf"
	cmp -s "$T/saved.bpf" "$T/chain.bpf" && ok "--pid --filter 6 -o: the filter" || no "--pid -o: exit $rc"
else
	echo "skip: --pid: the filters could not be installed or read here"
fi
exit $fail
