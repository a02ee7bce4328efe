#!/bin/sh
# tools/test-summary, the last step of "make test": a suite that tests/suites.txt
# expects but that did not run (a build configured before Criterion was
# installed) fails the run, and so does a suite the list does not know.
set -u
SUMMARY=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
ok() { echo "ok: $1"; }
no() { echo "FAIL: $1"; fail=1; }
log() { # build test result...
	mkdir -p "$T/$1/meson-logs"
	b=$1; shift
	: > "$T/$b/meson-logs/testlog.json"
	while [ $# -gt 1 ]; do
		printf '{"name": "secbpf:x / %s", "result": "%s"}\n' "$1" "$2" \
			>> "$T/$b/meson-logs/testlog.json"
		shift 2
	done
}
printf 'alpha x\nbeta x\npack packaging\n' > "$T/list"
run() { python3 "$SUMMARY" --expect "$T/list" "$@" > "$T/out" 2>&1; }

log full alpha OK beta OK pack OK
log asan alpha OK beta OK
run "$T/full" "$T/asan:packaging" && ok "all expected suites ran" || no "all ran, yet: $(cat "$T/out")"

log short pack OK
if run "$T/short"; then no "missing suites were not caught"; else
	grep -q "expected test 'alpha' did not run" "$T/out" && ok "a missing suite fails" || no "no message: $(cat "$T/out")"; fi

log extra alpha OK beta OK pack OK gamma OK
if run "$T/extra"; then no "an unlisted suite was not caught"; else
	grep -q "'gamma' is not listed" "$T/out" && ok "an unlisted suite fails" || no "no message: $(cat "$T/out")"; fi

log failed alpha OK beta FAIL pack OK
run "$T/failed" && no "a failed suite passed" || ok "a failed suite fails"

run "$T/nothing" && no "a build without a log passed" || ok "a build that ran nothing fails"

python3 "$SUMMARY" --expect "$T/list" --only "alpha" "$T/short" > "$T/out" 2>&1
grep -q "'alpha' did not run" "$T/out" && ! grep -q "'beta'" "$T/out" &&
	ok "--only limits the expectation" || no "--only: $(cat "$T/out")"
exit $fail
