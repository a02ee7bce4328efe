#!/bin/sh
# Our own programs for the scenarios runc's integration tests
# (seccomp.bats: seccomp_syscall_test1 and seccomp_syscall_test2) check,
# run as seccomp.bats runs them: each program under its profile, here
# "secbpf run PROFILE --enosys-newer -- PROGRAM" on the real kernel; every
# check of the program must pass.  Then the opt-in that keeps the
# conditions of a rule testing one argument twice ANDed: exactly the four
# checks of those rules fail (what the runtimes would not do).
# With RUN_LIBSECCOMP (tests/cli/run_libseccomp.c), the programs also run
# under the filter libseccomp builds from the same profiles as runc builds
# it: the same answers, but for the number beyond the profile, for which
# runc's ENOSYS stub (not libseccomp) answers ENOSYS.
# Skips where seccomp filters cannot be installed (qemu-user).
# Usage: check_probes.sh SECBPF PROBE_RULES PROBE_RULES_JSON
#                        PROBE_DEFAULT_ERRNO PROBE_DEFAULT_ERRNO_JSON
#                        [RUN_LIBSECCOMP]
set -u
S=$1 P1=$2 J1=$3 P2=$4 J2=$5 REF=${6:-}
fail=0
ok() { echo "ok: $1"; }
no() { echo "FAIL: $1"; fail=1; }
if ! "$S" run --default -- true 2>/dev/null; then
	if "$S" run --default -- true 2>&1 | grep -q "refused the filter"; then
		echo "skip: seccomp filters cannot be installed here"
		exit 77
	fi
fi

# run NAME WANT_RC WANT_SUMMARY OPTIONS... -- PROGRAM: the program's own
# verdict line must be there (it ran to the end), with the exit status
run() {
	name=$1 want_rc=$2 want_sum=$3
	shift 3
	out=$("$S" run "$@" 2>&1)
	rc=$?
	if [ $rc = "$want_rc" ] && printf '%s\n' "$out" | grep -q "^$want_sum\$"; then
		ok "$name ($want_sum)"
	else
		no "$name: exit $rc, want $want_rc and '$want_sum':"
		printf '%s\n' "$out" | sed 's/^/    /'
	fi
}

run "probe-rules under its profile" 0 "probe-rules: 25 checks, 0 failed" \
	"$J1" --enosys-newer -- "$P1"
run "probe-default-errno under its profile" 0 \
	"probe-default-errno: 3 checks, 0 failed" "$J2" --enosys-newer -- "$P2"

# AND on request: the four checks of the two rules that test argument 0
# twice fail, and nothing else
out=$("$S" run "$J1" --enosys-newer --and-repeated-args -- "$P1" 2>&1)
rc=$?
fails=$(printf '%s\n' "$out" | sed -n 's/^FAIL: \([a-z_0-9]*([0-9]*)\).*/\1/p' |
	tr '\n' ' ')
if [ $rc = 4 ] && [ "$fails" = "process_vm_readv(100) process_vm_readv(9001) process_vm_writev(1337) process_vm_writev(2020) " ]; then
	ok "--and-repeated-args: exactly the four checks of the OR rules fail"
else
	no "--and-repeated-args: exit $rc, failing: $fails"
	printf '%s\n' "$out" | sed 's/^/    /'
fi
printf '%s\n' "$out" | grep -q "several conditions on argument 0 are ANDed" &&
	ok "--and-repeated-args: said so" || no "--and-repeated-args: no warning"

# without --enosys-newer, a number beyond the tables gets the default
run "probe-rules without --enosys-newer" 1 "probe-rules: 25 checks, 1 failed" \
	"$J1" -- "$P1"

# the reference stack's answers
ref() {
	name=$1 want_sum=$2
	shift 2
	out=$("$REF" "$@" 2>&1)
	fails=$(printf '%s\n' "$out" | grep '^FAIL: ')
	if printf '%s\n' "$out" | grep -q "^$want_sum\$" &&
		[ "$(printf '%s\n' "$fails" | wc -l)" = 1 ] &&
		printf '%s\n' "$fails" | grep -q '^FAIL: syscall 1000: '; then
		ok "$name: the same answers but ENOSYS, runc's stub's"
	else
		no "$name:"
		printf '%s\n' "$out" | sed 's/^/    /'
	fi
}
if [ -n "$REF" ]; then
	ref "probe-rules under libseccomp's filter" \
		"probe-rules: 25 checks, 1 failed" "$J1" "$P1"
	ref "probe-default-errno under libseccomp's filter" \
		"probe-default-errno: 3 checks, 1 failed" "$J2" "$P2"
else
	echo "skip: no libseccomp: the reference run is left out"
fi
exit $fail
