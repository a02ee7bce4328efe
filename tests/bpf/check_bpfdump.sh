#!/bin/sh
# bpfdump on filters libseccomp built: dump, emulate, summary, diff, errors.
set -u
B=$1 MK=$2
# the filters and the expected numbers are x86_64's (with x86 and x32)
if [ "$(uname -m)" != x86_64 ]; then echo "skip: x86_64 host only"; exit 77; fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
ok() { echo "ok: $1"; }
no() { echo "FAIL: $1"; fail=1; }
expect() { # description, pattern, text
	if printf '%s\n' "$3" | grep -q -- "$2"; then ok "$1"; else no "$1: no '$2' in:"; printf '%s\n' "$3" | head -20; fi
}
"$MK" "$T/lin.bpf" && "$MK" "$T/tree.bpf" tree && "$MK" "$T/other.bpf" other || { echo "FAIL: mkfilter"; exit 1; }

out=$("$B" "$T/lin.bpf")
expect "dump names the arch" "jeq  #0xc000003e (x86_64)" "$out"
expect "dump names syscalls" "(openat)" "$out"
expect "dump names x86 syscalls on the x86 path" "(socketcall)" "$out"
expect "dump names argument words" "args\[0\].lo" "$out"
expect "dump names actions" "ret  KILL_PROCESS" "$out"

out=$("$B" --emulate personality,8 "$T/lin.bpf")
expect "emulate allowed" "^ALLOW" "$out"
expect "emulate prints the path" "^path: 0 1 2" "$out"
expect "emulate counts" "^instructions: [0-9]" "$out"
expect "emulate shows the path's instructions" "^ *[0-9]*: jeq  #8  *-> [0-9]* else [0-9]*" "$out"
out=$("$B" --emulate personality,-1 --json "$T/lin.bpf")
expect "emulate: a negative argument is sign-extended on x86_64" '"args": \[18446744073709551615, 0,' "$out"
out=$("$B" --emulate personality,-1 --json --arch x86 "$T/lin.bpf")
expect "emulate: a negative argument is one word on x86" '"args": \[4294967295, 0,' "$out"
out=$("$B" --emulate personality,-x "$T/lin.bpf" 2>&1); rc=$?
expect "emulate: a bad argument is refused" "invalid --emulate argument 0 '-x': want a decimal or 0x hex number" "$out"
[ $rc = 1 ] && ok "bad argument: exit 1" || no "bad argument: exit $rc"
# numbers are read whole and never wrap: each mistake names the option
for e in 4294967296 '' ,1 read, ,read 'read,,1' read,1,2,3,4,5,6,7 010 0x 'read, 1' read,+1 \
	read,18446744073709551616 read,-9223372036854775809 read,0x10000000000000000 -2147483649; do
	out=$("$B" --emulate "$e" "$T/lin.bpf" 2>&1); rc=$?
	expect "emulate '$e' is refused" "bpfdump: error: invalid --emulate" "$out"
	[ $rc = 1 ] && ok "emulate '$e': exit 1" || no "emulate '$e': exit $rc"
done
out=$("$B" --emulate 4294967296 "$T/lin.bpf" 2>&1)
expect "emulate: a syscall number out of range" "invalid --emulate syscall number '4294967296': out of range (-2147483648 to 4294967295)" "$out"
out=$("$B" --emulate ,1 "$T/lin.bpf" 2>&1)
expect "emulate: an empty syscall" "invalid --emulate ',1': the syscall is empty" "$out"
out=$("$B" --emulate read,1,2,3,4,5,6,7 "$T/lin.bpf" 2>&1)
expect "emulate: seven arguments" "at most six arguments" "$out"
out=$("$B" --emulate personality,0x100000000 --arch x86 "$T/lin.bpf" 2>&1); rc=$?
expect "emulate: a 33-bit argument on x86" "invalid --emulate argument 0 '0x100000000': out of range (-2147483648 to 4294967295)" "$out"
[ $rc = 1 ] && ok "33-bit argument on x86: exit 1" || no "33-bit argument on x86: exit $rc"
out=$("$B" --emulate 0x65 --json "$T/lin.bpf")
expect "emulate: a hex syscall number" '"nr": 101, "action": "KILL_PROCESS"' "$out"
out=$("$B" --emulate -1 --json "$T/lin.bpf")
expect "emulate: -1 is the int the kernel passes" '"nr": 4294967295' "$out"
out=$("$B" --emulate personality,0xffffffffffffffff,-9223372036854775808 --json "$T/lin.bpf")
expect "emulate: the extremes of 64 bits" '"args": \[18446744073709551615, 9223372036854775808, 0' "$out"
for p in $((4294967296 + $$)) 0 -1 ' 1' 1x '' 2147483648; do
	out=$("$B" --pid "$p" 2>&1); rc=$?
	expect "--pid '$p' is refused" "bpfdump: error: invalid --pid '$p'" "$out"
	[ $rc = 1 ] && ok "--pid '$p': exit 1" || no "--pid '$p': exit $rc"
done
out=$("$B" --emulate nosuchcall "$T/lin.bpf" 2>&1)
expect "emulate: an unknown syscall is named" "unknown syscall 'nosuchcall' on 'x86_64'" "$out"
out=$("$B" --emulate personality,9 "$T/lin.bpf")
expect "emulate denied" "^ERRNO(1)" "$out"
out=$("$B" --emulate socketcall,1 --arch x86 "$T/lin.bpf")
expect "emulate on x86" "^ALLOW" "$out"
out=$("$B" --emulate ptrace --json "$T/lin.bpf")
expect "emulate json" '"action": "KILL_PROCESS"' "$out"

out=$("$B" --summary "$T/lin.bpf")
expect "summary per arch" "^arch x86" "$out"
expect "summary: depends on args" "personality .*depends" "$out"
expect "summary: cached allow" "openat .*allowed.*ALLOW  (kernel-cached)" "$out"
expect "summary: denied with action" "ptrace .*denied  *[0-9]*  KILL_PROCESS" "$out"
expect "summary: the actions of an argument-dependent call" "personality .*depends .*ERRNO(1), ALLOW" "$out"
expect "summary: instruction counts" "mean [0-9.]* (zero arguments), worst [0-9]*" "$out"

out=$("$B" --diff "$T/lin.bpf" "$T/tree.bpf"); rc=$?
expect "linear and tree layouts agree" "^0 differences" "$out"
[ $rc = 0 ] && ok "diff exit 0 when equal" || no "diff exit $rc when equal"
out=$("$B" --diff "$T/lin.bpf" "$T/other.bpf"); rc=$?
expect "diff finds the changed verdict" "x86_64 write (1) args .*: ERRNO(1) vs ALLOW" "$out"
[ $rc = 2 ] && ok "diff exit 2 on differences" || no "diff exit $rc on differences"

printf 'abc' > "$T/odd.bpf"
out=$("$B" "$T/odd.bpf" 2>&1); rc=$?
[ $rc = 1 ] && ok "odd length: exit 1" || no "odd length: exit $rc"
expect "odd length message" "not a whole number of 8-byte instructions" "$out"
: > "$T/empty.bpf"
out=$("$B" "$T/empty.bpf" 2>&1); rc=$?
[ $rc = 1 ] && ok "empty: exit 1" || no "empty: exit $rc"
printf '\377\377\0\0\0\0\0\0' > "$T/badop.bpf"
out=$("$B" "$T/badop.bpf" 2>&1); rc=$?
expect "unknown opcode named" "insn 0: opcode 0xffff is not allowed" "$out"
printf '\025\0\011\0\0\0\0\0\006\0\0\0\0\0\0\0' > "$T/jump.bpf"
out=$("$B" "$T/jump.bpf" 2>&1)
expect "jump past the end" "goes past the end" "$out"
out=$("$B" "$T/missing.bpf" 2>&1); rc=$?
[ $rc = 1 ] && ok "missing file: exit 1" || no "missing file: exit $rc"
"$B" --json "$T/lin.bpf" > "$T/lin.json"
out=$("$B" --format json "$T/lin.json")
expect "json input (bpfdump --json output read back)" "(openat)" "$out"
"$MK" "$T/args.bpf" args || no "mkfilter args"
out=$("$B" --diff "$T/lin.bpf" "$T/args.bpf")
expect "diff: an argument value only one filter allows" "^x86_64 personality (135) args (0xffff, 0, 0, 0, 0, 0): ERRNO(1) vs ALLOW" "$out"
expect "diff: a 64-bit bound, just above it" "^x86_64 lseek (8) args (0, 0x100000001, 0, 0, 0, 0): ERRNO(1) vs ALLOW" "$out"
expect "diff: a 64-bit bound, high word above it" "^x86_64 lseek (8) args (0, 0x200000000, 0, 0, 0, 0): ERRNO(1) vs ALLOW" "$out"
if printf '%s\n' "$out" | grep -q "x86_64 lseek (8) args (0, 0x100000000,"; then
	no "diff: the bound itself is not a difference"
else
	ok "diff: the bound itself is not a difference"
fi
out=$("$B" --diff --json "$T/lin.bpf" "$T/args.bpf")
expect "diff --json" '"name": "personality", "args": \[65535, 0, 0, 0, 0, 0\], "a": "ERRNO(1)", "b": "ALLOW"' "$out"
out=$("$B" --diff --arch x86_64 "$T/lin.bpf" "$T/other.bpf")
expect "diff --arch x86_64 tries x32 numbers too" "x86_64 write (0x40000001) args" "$out"
base64 < "$T/lin.bpf" > "$T/lin.b64"
out=$("$B" "$T/lin.b64" 2>&1)
expect "base64 read as raw: a hint" "it looks like base64; try --format" "$out"
out=$("$B" "$T/lin.json" 2>&1)
expect "json read as raw: a hint" "it looks like json; try --format" "$out"
out=$("$B" --format base64 "$T/lin.b64")
expect "base64 input" "(openat)" "$out"
# a live process: its filter dumps exactly like the same filter's file
"$MK" "$T/live.bpf" live > "$T/live.out" &
pid=$!
for i in 1 2 3 4 5 6 7 8 9 10; do grep -q ready "$T/live.out" 2>/dev/null && break; sleep 0.2; done
if grep -q ready "$T/live.out"; then
	"$B" --pid $pid > "$T/live.dump" 2>&1; rc=$?
	"$B" "$T/live.bpf" > "$T/file.dump"
	if [ $rc = 0 ] && cmp -s "$T/live.dump" "$T/file.dump"; then
		ok "--pid dump reads exactly like the file's"
	else
		no "--pid (rc $rc) differs:"; diff "$T/file.dump" "$T/live.dump" | head
	fi
else
	echo "skip: --pid: the filter could not be installed here"
fi
kill $pid 2>/dev/null
# two stacked filters: bpfdump's verdict for the process is the kernel's
"$MK" "$T/live1.bpf" live2 > "$T/live2.out" &
pid=$!
for i in 1 2 3 4 5 6 7 8 9 10; do grep -q ready "$T/live2.out" 2>/dev/null && break; sleep 0.2; done
if grep -q ready "$T/live2.out"; then
	out=$("$B" --pid $pid)
	expect "--pid: the first installed is filter 0" "filter 0 (.*), the first installed" "$out"
	expect "--pid: the second filter" "filter 1 (.*), the most recent" "$out"
	out=$("$B" --pid $pid --emulate getppid)
	expect "kernel: getppid fails with errno 7" "getppid errno 7" "$(cat "$T/live2.out")"
	expect "--pid --emulate: the later filter's errno wins a tie" "^process: ERRNO(7) (filter 1 decides)" "$out"
	out=$("$B" --pid $pid --emulate ptrace)
	expect "--pid --emulate: the most severe action wins" "^process: KILL_PROCESS (filter 0 decides)" "$out"
	out=$("$B" --pid $pid --summary)
	expect "--pid --summary combines the filters" "^2 filters, combined as the kernel runs them" "$out"
	expect "--pid --summary: the later filter's errno" "getppid  *110  denied  *[0-9]*  ERRNO(7)" "$out"
	expect "--pid --summary: the later filter's new denial" "getpgid  *121  denied  *[0-9]*  ERRNO(9)" "$out"
	expect "--pid --summary: the first filter's kill" "ptrace  *101  denied  *[0-9]*  KILL_PROCESS" "$out"
	expect "--pid --summary: cached only where both filters allow" "getpid  *39  allowed  *[0-9]*  ALLOW  (kernel-cached)" "$out"
	out=$("$MK" - exec "$B" --pid $pid 2>&1); rc=$?
	expect "--pid from under seccomp: says why the kernel refuses" "bpfdump itself runs under seccomp" "$out"
	[ $rc = 1 ] && ok "--pid refused: exit 1" || no "--pid refused: exit $rc"
	out=$("$B" --pid $pid --emulate getpid --json)
	expect "--pid --emulate --json" '"action": "ALLOW", "value": 2147418112, "decided_by": null' "$out"
else
	echo "skip: --pid with two filters: they could not be installed here"
fi
kill $pid 2>/dev/null
out=$("$B" --pid $$ 2>&1); rc=$?
expect "--pid of a process without filters" "has no seccomp filter" "$out"
[ $rc = 0 ] && ok "--pid without filters: dump exits 0" || no "--pid without filters: exit $rc"
out=$("$B" --pid $$ --json 2>&1)
[ "$out" = "[]" ] && ok "--pid without filters, --json: an empty list" || no "--pid without filters --json: $out"
out=$("$B" --pid $$ --summary 2>&1); rc=$?
expect "--pid --summary without filters: said" "has no seccomp filter: every syscall runs unfiltered" "$out"
[ $rc = 1 ] && ok "--pid --summary without filters: exit 1" || no "--pid --summary without filters: exit $rc"

# ---- options that cannot be combined: every pair, and each alone ----
# The rules, written out here as the specification the tool must meet:
# one command at most (--emulate, --summary, --diff, -o); --budget only
# with --summary or --diff; --pid never with --diff, nor with what
# describes a file (--format, except -o's, --big-endian, --little-endian);
# --filter and -o only with --pid; -o takes only --pid, --filter, --format;
# not both byte orders.
refused() { # the options given (words), prints why-kind or nothing
	has() { case " $* " in *" $W "*) return 0;; esac; return 1; }
	W=--emulate; e=0; has "$@" && e=1
	W=--summary; s=0; has "$@" && s=1
	W=--diff; d=0; has "$@" && d=1
	W=-o; o=0; has "$@" && o=1
	W=--pid; p=0; has "$@" && p=1
	W=--filter; f=0; has "$@" && f=1
	W=--budget; b=0; has "$@" && b=1
	W=--format; fm=0; has "$@" && fm=1
	W=--big-endian; be=0; has "$@" && be=1
	W=--little-endian; le=0; has "$@" && le=1
	W=--json; js=0; has "$@" && js=1
	W=--arch; ar=0; has "$@" && ar=1
	[ $((e + s + d + o)) -gt 1 ] && { echo command; return; }
	[ $o = 1 ] && [ $((js + ar + be + le + b)) -gt 0 ] && { echo cannot; return; }
	[ $b = 1 ] && [ $((s + d)) = 0 ] && { [ $e = 1 ] && echo cannot || echo applies; return; }
	[ $d = 1 ] && [ $((p + f)) -gt 0 ] && { echo cannot; return; }
	[ $be = 1 ] && [ $le = 1 ] && { echo cannot; return; }
	[ $p = 1 ] && [ $((be + le)) -gt 0 ] && { echo describes; return; }
	[ $p = 1 ] && [ $fm = 1 ] && [ $o = 0 ] && { echo describes; return; }
	[ $f = 1 ] && [ $p = 0 ] && { echo needs; return; }
	[ $o = 1 ] && [ $p = 0 ] && { echo needs; return; }
}
"$MK" "$T/live1.bpf" live > "$T/live1.out" &
lpid=$!
# a failing line must not leave the helper behind (it holds the log open)
trap 'kill $lpid 2>/dev/null; rm -rf "$T"' EXIT
for i in 1 2 3 4 5 6 7 8 9 10; do grep -q ready "$T/live1.out" 2>/dev/null && break; sleep 0.2; done
if ! grep -q ready "$T/live1.out"; then
	echo "skip: option pairs and saving: no live filter here"
else
	opts="--format --arch --big-endian --little-endian --pid --filter -o --emulate --summary --diff --json --budget"
	arg() { # an option with a valid argument
		case $1 in
		--format) echo "--format raw";; --arch) echo "--arch x86_64";;
		--pid) echo "--pid $lpid";; --filter) echo "--filter 0";;
		-o) echo "-o $T/pair.out";; --emulate) echo "--emulate read";;
		--budget) echo "--budget 100000";; *) echo "$1";;
		esac
	}
	pairs=0 bad=0 seen=""
	for a in $opts; do
		for b in "" $opts; do
			[ "$a" = "$b" ] && continue
			# each unordered pair once
			if [ -n "$b" ]; then
				case " $seen " in *" $b+$a "*) continue;; esac
				seen="$seen $a+$b"
			fi
			set -- $(arg "$a") $(arg "$b")
			ops="$T/lin.bpf"
			case " $* " in *" --diff "*) ops="$T/lin.bpf $T/lin.bpf";; *" --pid "*) ops="";; esac
			# --big-endian reads lin.bpf as a big-endian filter: a
			# verifier error, not a refusal; the little-endian one runs
			why=$(refused $a $b)
			rm -f "$T/pair.out"
			out=$("$B" "$@" $ops 2>&1); rc=$?
			pairs=$((pairs + 1))
			if [ -n "$why" ]; then
				case $why in
				command) want="cannot be combined: each is a command of its own";;
				cannot) want="cannot be combined";;
				applies) want="applies only to --summary and --diff";;
				describes) want="describes a filter file and cannot be combined with '--pid'";;
				needs) want="needs '--pid'";;
				esac
				if [ $rc = 1 ] && printf '%s\n' "$out" | grep -q -- "$want"; then :; else
					bad=$((bad + 1)); no "'$a' '$b' should be refused ($why): exit $rc, $out"
				fi
			elif [ "$a $b" = "--big-endian " ] || [ "$b" = --big-endian ] || [ "$a" = --big-endian ]; then
				# accepted, then the bytes read the other way fail to verify
				if printf '%s\n' "$out" | grep -q "cannot be combined\|applies only\|needs '--pid'\|describes a filter"; then
					bad=$((bad + 1)); no "'$a' '$b' refused: $out"
				fi
			elif [ $rc != 0 ] && [ $rc != 2 ] && [ $rc != 3 ]; then
				bad=$((bad + 1)); no "'$a' '$b' should run: exit $rc, $out"
			fi
		done
	done
	[ $bad = 0 ] && ok "every option pair ($pairs) refused or run as specified"
	out=$("$B" --emulate read --summary "$T/lin.bpf" 2>&1); rc=$?
	expect "--emulate with --summary: both named" "'--emulate' and '--summary' cannot be combined" "$out"
	out=$("$B" --diff --pid $lpid "$T/lin.bpf" "$T/lin.bpf" 2>&1); rc=$?
	expect "--diff with --pid is refused" "'--pid' cannot be combined with '--diff'" "$out"
	out=$("$B" --emulate read --emulate write "$T/lin.bpf" 2>&1); rc=$?
	expect "an option given twice is refused" "'--emulate' given twice" "$out"

	# ---- saving a live filter ----
	"$B" --pid $lpid -o "$T/saved.bpf"; rc=$?
	[ $rc = 0 ] && ok "--pid -o: exit 0" || no "--pid -o: exit $rc"
	cmp -s "$T/saved.bpf" "$T/live1.bpf" && ok "--pid -o: the raw bytes of the filter installed" || no "--pid -o: saved bytes differ"
	for f in base64 hex json; do
		"$B" --pid $lpid -o "$T/saved.$f" --format $f
		"$B" --format $f "$T/saved.$f" > "$T/saved.$f.dump" 2>&1
		"$B" "$T/live1.bpf" > "$T/file.dump"
		cmp -s "$T/saved.$f.dump" "$T/file.dump" && ok "--pid -o --format $f reads back as the filter" || no "--pid -o --format $f differs"
	done
	out=$("$B" --pid $lpid -o - --format base64)
	[ "$out" = "$(base64 -w0 < "$T/live1.bpf")" ] || [ "$out" = "$(base64 < "$T/live1.bpf")" ] && ok "-o - writes standard output" || no "-o -: $out"
	out=$("$B" --pid $lpid --filter 1 -o "$T/x.bpf" 2>&1); rc=$?
	expect "--filter past the last" "pid $lpid has 1 filter: --filter takes 0 to 0" "$out"
	[ $rc = 1 ] && [ ! -e "$T/x.bpf" ] && ok "--filter past the last: exit 1, no file" || no "--filter past the last: exit $rc"
	out=$("$B" --pid $lpid -o "$T/saved.c" --format c 2>&1); rc=$?
	expect "-o --format c is refused" "unknown format 'c'" "$out"
	out=$("$B" --pid $lpid -o "$T" 2>&1); rc=$?
	expect "-o a directory: cli_write_output's message" "is a directory" "$out"
fi
kill $lpid 2>/dev/null
"$MK" "$T/live1.bpf" live2 > "$T/live2.out" &
lpid=$!
for i in 1 2 3 4 5 6 7 8 9 10; do grep -q ready "$T/live2.out" 2>/dev/null && break; sleep 0.2; done
if grep -q ready "$T/live2.out"; then
	out=$("$B" --pid $lpid -o "$T/two.bpf" 2>&1); rc=$?
	expect "-o with two filters asks for --filter" "pid $lpid has 2 filters: choose the one to save with --filter N" "$out"
	[ $rc = 1 ] && [ ! -e "$T/two.bpf" ] && ok "-o with two filters: exit 1, no file" || no "-o with two filters: exit $rc"
	"$B" --pid $lpid --filter 0 -o "$T/first.bpf" && cmp -s "$T/first.bpf" "$T/live1.bpf" && ok "--filter 0 saves the first installed" || no "--filter 0"
	"$B" --pid $lpid --filter 1 > "$T/f1.dump"
	"$B" --pid $lpid > "$T/all.dump"
	grep -q "ret  ERRNO(9)" "$T/f1.dump" && ! grep -q "ret  KILL_PROCESS" "$T/f1.dump" && ok "--filter 1 dumps the second filter alone" || no "--filter 1 dump"
	out=$("$B" --pid $lpid --filter 1 --emulate getppid)
	expect "--filter 1 --emulate: that filter's verdict alone" "^ERRNO(7)" "$out"
else
	echo "skip: --filter with two filters: they could not be installed here"
fi
kill $lpid 2>/dev/null

# ---- with --json, errors are JSON on standard output ----
for args in "$T/missing.bpf" "--pid 0" "--emulate read --summary $T/lin.bpf" "--emulate nosuch $T/lin.bpf" "--nosuchoption $T/lin.bpf" "$T/odd.bpf"; do
	out=$("$B" --json $args 2>"$T/err"); rc=$?
	if [ $rc = 1 ] && printf '%s\n' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert list(d) == ["error"] and d["error"]' 2>/dev/null && [ ! -s "$T/err" ]; then
		ok "--json $args: one JSON error on standard output, exit 1"
	else
		no "--json $args: exit $rc, out '$out', err '$(cat "$T/err")'"
	fi
done
out=$("$B" --json --emulate read --summary "$T/lin.bpf")
expect "--json error text" '{"error": "'"'"'--emulate'"'"' and '"'"'--summary'"'"' cannot be combined: each is a command of its own"}' "$out"
ctl=$(printf 'ctl\001name')
printf '\n' > "$T/$ctl.bpf"
out=$("$B" --json "$T/$ctl.bpf")
printf '%s' "$out" | python3 -c 'import json,sys; json.load(sys.stdin)' && expect "--json error: control bytes escaped" 'ctl\\u0001name' "$out" || no "--json error with a control byte is not JSON: $out"
# --diff's "no differences but unexplored" is its own status, in JSON too
out=$("$B" --diff --json --budget 1000 "$T/lin.bpf" "$T/lin.bpf" 2>/dev/null); rc=$?
[ $rc = 3 ] && ok "--diff: nothing found, budget short: exit 3" || no "--diff short budget: exit $rc"
expect "--diff --json: incomplete" '"complete": false, "unexplored": \[{"arch": "x86_64", "nr": ' "$out"
out=$("$B" --summary --budget 1000 "$T/lin.bpf" 2>"$T/err"); rc=$?
expect "--summary: what the budget left out" "^incomplete: the work budget (1000) ran out before every syscall was explored" "$out"
expect "--summary: not run at all" "not run: the work budget ran out" "$out"
expect "--summary: a warning says so" "the work budget ran out: the summary is incomplete" "$(cat "$T/err")"
[ $rc = 0 ] && ok "--summary incomplete: exit 0" || no "--summary incomplete: exit $rc"
out=$("$B" --summary --json --budget 1000 "$T/lin.bpf" 2>/dev/null)
expect "--summary --json: incomplete" '"complete": false, "work": [0-9]*, "budget": 1000}' "$out"
expect "--summary --json: a syscall not run" '"verdict": "unknown", "action": null' "$out"
out=$("$B" --summary --json "$T/lin.bpf")
expect "--summary --json: complete" '"complete": true' "$out"
exit $fail
