#!/bin/sh
# Output never destroys what it does not own (issue 11, point 5): "-o" on
# devices, FIFOs, symbolic links and directories; the mode and owner of
# what is written; and a failed write to standard output is an error in
# every command of both tools.
set -u
# meson passes the tools relative to the build directory; we cd away
S=$(realpath "$1") B=$(realpath "$2")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
ok() { echo "ok: $1"; }
no() { echo "FAIL: $1"; fail=1; }
skip() { echo "skip: $1"; }
expect() { if printf '%s\n' "$3" | grep -q -- "$2"; then ok "$1"; else no "$1: no '$2' in:"; printf '%s\n' "$3" | head -20; fi; }
# what is in a directory besides the files named (a temporary left behind)
others() { d=$1; shift; ls -A "$d" | grep -vxF "$(printf '%s\n' "$@")"; }

cd "$T" || exit 1
# the programs every test compares with
"$S" compile --default -o ref.bpf 2>/dev/null || { echo "FAIL: compile"; exit 1; }
"$S" compile --default --format hex -o ref.hex 2>/dev/null || { echo "FAIL: compile"; exit 1; }
# a device node of our own (no one else's /dev/full is at stake), when the
# filesystem lets us make one and write into it
have_nodes=false
if mknod "$T/null" c 1 3 2>/dev/null && mknod "$T/full" c 1 7 2>/dev/null &&
	echo x 2>/dev/null >"$T/null" && ! echo x 2>/dev/null >"$T/full"; then
	have_nodes=true
fi
if [ -c /dev/full ] && ! echo x 2>/dev/null >/dev/full; then
	FULL=/dev/full
elif $have_nodes; then
	FULL=$T/full
else
	FULL=
fi

# ---- standard output that cannot be written: every command, both tools ----
# description, expected exit status, command...
full_fails() {
	desc=$1 want=$2
	shift 2
	err=$("$@" 2>&1 >"$FULL"); rc=$?
	if [ "$rc" != "$want" ]; then
		no "$desc > full: exit $rc, want $want"; printf '%s\n' "$err" | tail -3
	# with bpfdump --json the message is JSON, on standard error as
	# standard output is what failed
	elif ! printf '%s\n' "$err" | grep -q 'error: cannot write to standard output\|^{"error": "cannot write to standard output'; then
		no "$desc > full: exit $rc without a message"; printf '%s\n' "$err" | tail -3
	elif [ "$(printf '%s\n' "$err" | grep -c 'cannot write to standard output')" != 1 ]; then
		no "$desc > full: reported more than once"; printf '%s\n' "$err" | tail -3
	else
		ok "$desc > full: exit $rc with a message"
	fi
}
if [ -n "$FULL" ]; then
	full_fails "secbpf --help" 1 "$S" --help
	full_fails "secbpf help compile" 1 "$S" help compile
	full_fails "secbpf --version" 1 "$S" --version
	full_fails "secbpf compile --help" 1 "$S" compile --help
	full_fails "secbpf run --help" 1 "$S" run --help
	full_fails "secbpf compile" 1 "$S" compile --default
	full_fails "secbpf compile --format json" 1 "$S" compile --default --format json
	full_fails "secbpf compile -o -" 1 "$S" compile --default --format c -o -
	full_fails "secbpf syscalls" 1 "$S" syscalls
	full_fails "secbpf resolve" 1 "$S" resolve read
	full_fails "secbpf arches" 1 "$S" arches
	full_fails "secbpf profile" 1 "$S" profile --default
	full_fails "secbpf profile --resolve" 1 "$S" profile --default --resolve
	# check: 1 means errors found; an output that did not get out is 2
	full_fails "secbpf check" 2 "$S" check --default
	full_fails "secbpf check --json" 2 "$S" check --default --json
	full_fails "bpfdump" 1 "$B" ref.bpf
	full_fails "bpfdump --json" 1 "$B" --json ref.bpf
	full_fails "bpfdump --emulate" 1 "$B" --emulate read ref.bpf
	full_fails "bpfdump --emulate --json" 1 "$B" --emulate read --json ref.bpf
	full_fails "bpfdump --summary" 1 "$B" --summary ref.bpf
	full_fails "bpfdump --summary --json" 1 "$B" --summary --json ref.bpf
	# 2 would say "the filters differ": they were not even shown
	full_fails "bpfdump --diff" 1 "$B" --diff ref.bpf ref.bpf
	full_fails "bpfdump --diff --json" 1 "$B" --diff --json ref.bpf ref.bpf
	full_fails "bpfdump --format hex" 1 "$B" --format hex ref.hex
	full_fails "bpfdump --help" 1 "$B" --help
	full_fails "bpfdump --version" 1 "$B" --version
	# a live process: needs ptrace and CAP_SYS_ADMIN
	"$S" run --default -- sleep 30 2>/dev/null &
	pid=$!
	for i in $(seq 50); do
		grep -q '^Seccomp:[[:space:]]*2' /proc/$pid/status 2>/dev/null && break
		sleep 0.1
	done
	if "$B" --pid $pid >/dev/null 2>&1; then
		full_fails "bpfdump --pid" 1 "$B" --pid $pid
	else
		skip "bpfdump --pid: cannot read a process's filters here"
	fi
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
	# what "run" prints is the command's: nothing of ours is lost
	"$S" run --default -- true >"$FULL" 2>/dev/null; rc=$?
	[ $rc = 0 ] && ok "secbpf run: the command's output is its own" || no "secbpf run > full: exit $rc"
	# a command that already failed says so once, with its own status
	err=$("$S" resolve read no_such_call 2>&1 >"$FULL"); rc=$?
	[ $rc = 1 ] && ok "resolve: unknown name and full output: exit 1" || no "resolve: exit $rc"
	expect "resolve: the unknown name is reported" "unknown syscall 'no_such_call'" "$err"
	expect "resolve: the lost output is reported" "cannot write to standard output" "$err"
	# nothing written, nothing lost: a closed standard output is fine
	"$S" compile --default -o closed.bpf >&- 2>/dev/null; rc=$?
	[ $rc = 0 ] && cmp -s closed.bpf ref.bpf && ok "compile -o FILE with standard output closed" ||
		no "compile -o FILE with standard output closed: exit $rc"
	err=$("$S" arches 2>&1 >&-); rc=$?
	[ $rc = 1 ] && ok "arches with standard output closed: exit 1" || no "arches >&-: exit $rc"
	expect "arches with standard output closed: message" "cannot write to standard output: Bad file descriptor" "$err"
else
	skip "standard output on a full device: no /dev/full and no mknod"
fi

# ---- a reader that goes away (EPIPE) ----
# SIGPIPE keeps its default: the tool ends quietly, as other filters do;
# when SIGPIPE is ignored the failed write is an error like any other.
cat >epipe.py <<'PY'
import os, signal, subprocess, sys
ignore = sys.argv[1] == "ignore"
r, w = os.pipe()
os.close(r)  # the reader is gone before the first write
pre = (lambda: signal.signal(signal.SIGPIPE, signal.SIG_IGN)) if ignore else None
p = subprocess.run(sys.argv[2:], stdout=w, stderr=subprocess.PIPE, preexec_fn=pre)
print(p.returncode, p.stderr.decode().strip().splitlines()[-1:])
PY
out=$(python3 epipe.py default "$S" syscalls)
[ "$out" = "-13 []" ] && ok "syscalls, reader gone: ended by SIGPIPE, silently" || no "syscalls, reader gone: $out"
out=$(python3 epipe.py ignore "$S" syscalls)
expect "syscalls, reader gone, SIGPIPE ignored: exit 1 with a message" \
	"^1 \['secbpf: error: cannot write to standard output: Broken pipe'\]" "$out"
out=$(python3 epipe.py ignore "$S" compile --default --format hex)
expect "compile, reader gone, SIGPIPE ignored: exit 1 with a message" \
	"^1 \['secbpf: error: cannot write to standard output: Broken pipe'\]" "$out"
out=$(python3 epipe.py ignore "$B" --summary ref.bpf)
expect "bpfdump, reader gone, SIGPIPE ignored: exit 1 with a message" \
	"^1 \['bpfdump: error: cannot write to standard output: Broken pipe'\]" "$out"
out=$("$S" syscalls 2>stderr.txt | head -1)
expect "syscalls | head -1: the first line" "^[a-z_0-9]* [0-9]*$" "$out"
# SIGPIPE ignored from the start (it stays ignored for us): a message is
# right then, when the write comes after head left
sigign=$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$$/status)
if [ $(( 0x${sigign:-0} >> 12 & 1 )) = 0 ]; then
	[ ! -s stderr.txt ] && ok "syscalls | head -1: nothing on standard error" || no "syscalls | head -1: $(cat stderr.txt)"
fi

# ---- raw bytes never go to a terminal, by any name ----
cat >tty.py <<'PY'
import os, subprocess, sys
m, s = os.openpty()
name = os.ttyname(s)
def run(args, **kw):
    p = subprocess.run(args, stderr=subprocess.PIPE, **kw)
    return "%d %s" % (p.returncode, p.stderr.decode().strip().splitlines()[-1:])
# private links: a tool that replaces what -o names replaces only them
os.symlink(name, "tty.link")
print(run([sys.argv[1], "compile", "--default", "-o", "tty.link"]))
print(run([sys.argv[1], "compile", "--default", "-o", "stdout.link"], stdout=s))
PY
ln -s /proc/self/fd/1 stdout.link
out=$(python3 tty.py "$S")
expect "-o a terminal: raw output refused" "^1 \['secbpf: error: refusing to write a raw program to a terminal (tty.link)" "$out"
expect "-o link to /proc/self/fd/1 on a terminal: raw output refused" "^1 \['secbpf: error: refusing to write a raw program to a terminal (standard output)" "$out"

# ---- -o on what is not a regular file ----
mkfifo fifo
timeout 20 cat fifo >fifo.out &
reader=$!
timeout 20 "$S" compile --default -o fifo 2>/dev/null; rc=$?
wait $reader
[ $rc = 0 ] && ok "-o FIFO: exit 0" || no "-o FIFO: exit $rc"
[ -p fifo ] && ok "-o FIFO: still a FIFO" || no "-o FIFO: replaced by $(stat -c %F fifo)"
cmp -s fifo.out ref.bpf && ok "-o FIFO: the reader got the program" || no "-o FIFO: the reader got $(wc -c <fifo.out) bytes"

# a private /dev/stdout: a link to standard output's descriptor
ln -s /proc/self/fd/1 out1
"$S" compile --default --format hex -o out1 >hex.out 2>/dev/null; rc=$?
[ $rc = 0 ] && cmp -s hex.out ref.hex && ok "-o link to /proc/self/fd/1: the program on standard output" ||
	no "-o link to /proc/self/fd/1: exit $rc"
[ -L out1 ] && ok "-o link to /proc/self/fd/1: the link stays" || no "-o link to /proc/self/fd/1: the link was replaced"
out=$("$S" compile --default --format hex -o out1 2>/dev/null | cat)
[ "$out" = "$(cat ref.hex)" ] && ok "-o link to /proc/self/fd/1 on a pipe" || no "-o link to /proc/self/fd/1 on a pipe"
echo first >appended
"$S" compile --default --format hex -o out1 >>appended 2>/dev/null
[ "$(head -1 appended)" = first ] && [ "$(tail -n +2 appended)" = "$(cat ref.hex)" ] &&
	ok "-o link to /proc/self/fd/1 on '>>': appended" || no "-o link to /proc/self/fd/1 on '>>': not appended"

# a symbolic link to a regular file elsewhere: the link stays, its target
# gets the program (through a temporary in the target's directory)
mkdir sub
echo old >sub/target
chmod 0640 sub/target
ln -s sub/target link
"$S" compile --default -o link 2>/dev/null; rc=$?
[ $rc = 0 ] && ok "-o symlink: exit 0" || no "-o symlink: exit $rc"
[ -L link ] && [ "$(readlink link)" = sub/target ] && ok "-o symlink: the link stays" || no "-o symlink: the link was replaced"
cmp -s sub/target ref.bpf && ok "-o symlink: the target has the program" || no "-o symlink: the target has not the program"
[ "$(stat -c %a sub/target)" = 640 ] && ok "-o symlink: the target keeps its mode" || no "-o symlink: target mode $(stat -c %a sub/target)"
[ -z "$(others sub target)" ] && ok "-o symlink: no temporary left" || no "-o symlink: left $(others sub target)"

ln -s nowhere dangling
out=$("$S" compile --default -o dangling 2>&1); rc=$?
[ $rc = 1 ] && ok "-o dangling symlink: exit 1" || no "-o dangling symlink: exit $rc"
expect "-o dangling symlink: message" "not writing through the dangling symbolic link 'dangling'" "$out"
[ -L dangling ] && [ ! -e nowhere ] && ok "-o dangling symlink: nothing created" || no "-o dangling symlink: changed"

mkdir dir
out=$("$S" compile --default -o dir 2>&1); rc=$?
[ $rc = 1 ] && ok "-o directory: exit 1" || no "-o directory: exit $rc"
expect "-o directory: message" "'dir' is a directory" "$out"
[ -d dir ] && [ -z "$(ls -A dir)" ] && ok "-o directory: untouched" || no "-o directory: changed"

if $have_nodes; then
	"$S" compile --default -o null 2>/dev/null; rc=$?
	[ $rc = 0 ] && ok "-o null device: exit 0" || no "-o null device: exit $rc"
	[ -c null ] && ok "-o null device: still a character device" || no "-o null device: replaced by $(stat -c %F null)"
	out=$("$S" compile --default -o full 2>&1); rc=$?
	[ $rc = 1 ] && ok "-o full device: exit 1" || no "-o full device: exit $rc"
	expect "-o full device: message" "cannot write 'full': No space left on device" "$out"
	[ -c full ] && [ "$(stat -c %t,%T full)" = 1,7 ] && ok "-o full device: still the device" ||
		no "-o full device: replaced by $(stat -c %F full)"
	"$S" profile --default -o full 2>/dev/null; rc=$?
	[ $rc = 1 ] && [ -c full ] && ok "profile -o full device: exit 1, device kept" || no "profile -o full device: exit $rc"
	ln -s null null.link
	"$S" compile --default -o null.link 2>/dev/null; rc=$?
	[ $rc = 0 ] && [ -L null.link ] && [ -c null ] && ok "-o symlink to a device: written into" ||
		no "-o symlink to a device: exit $rc"
	# the system's own, only now that the private ones came through
	if [ $fail = 0 ] && [ -c /dev/null ] && [ -L /dev/stdout ]; then
		"$S" compile --default -o /dev/null 2>/dev/null; rc=$?
		[ $rc = 0 ] && [ -c /dev/null ] && ok "-o /dev/null" || no "-o /dev/null: exit $rc"
		out=$("$S" compile --default --format hex -o /dev/stdout 2>/dev/null)
		[ "$out" = "$(cat ref.hex)" ] && [ -L /dev/stdout ] && ok "-o /dev/stdout" || no "-o /dev/stdout"
	fi
else
	skip "-o on a device node: cannot make one here"
fi

# ---- the mode and owner of what is written ----
for m in 077:600 022:644 002:664; do
	rm -f new.bpf
	(umask "${m%:*}" && "$S" compile --default -o new.bpf 2>/dev/null)
	[ "$(stat -c %a new.bpf)" = "${m#*:}" ] && ok "umask ${m%:*}: a new file is ${m#*:}" ||
		no "umask ${m%:*}: a new file is $(stat -c %a new.bpf), want ${m#*:}"
done
echo old >private.bpf
chmod 600 private.bpf
"$S" compile --default -o private.bpf 2>/dev/null
[ "$(stat -c %a private.bpf)" = 600 ] && ok "an existing 0600 file stays 0600" || no "existing 0600 file became $(stat -c %a private.bpf)"
cmp -s private.bpf ref.bpf && ok "an existing file gets the program" || no "an existing file kept its old bytes"
if [ "$(id -u)" = 0 ]; then
	echo old >theirs.bpf
	chown 65534:65534 theirs.bpf
	chmod 604 theirs.bpf
	"$S" compile --default -o theirs.bpf 2>/dev/null
	[ "$(stat -c %u:%g:%a theirs.bpf)" = 65534:65534:604 ] && ok "root writing over someone's file keeps owner and mode" ||
		no "root writing over someone's file: now $(stat -c %u:%g:%a theirs.bpf)"
else
	skip "owner kept: not root"
fi

# ---- a failed compile leaves nothing behind ----
mkdir fails
echo '{"defaultAction": "SCMP_ACT_BOGUS"}' >bad.json
"$S" compile bad.json -o fails/out.bpf 2>/dev/null; rc=$?
[ $rc = 1 ] && [ -z "$(ls -A fails)" ] && ok "bad profile: exit 1, no file" || no "bad profile: exit $rc, left $(ls -A fails)"
# a write that fails half-way (file size limit): no output, no temporary,
# and an existing file keeps its old bytes
echo old >fails/kept.bpf
(ulimit -f 1 && trap '' XFSZ && "$S" compile --default -o fails/new.bpf 2>/dev/null && exit 9
	"$S" compile --default -o fails/kept.bpf 2>/dev/null && exit 9; exit 0); rc=$?
[ $rc = 0 ] && ok "write failing half-way: exit 1" || no "write failing half-way: exit 0"
[ -z "$(others fails kept.bpf)" ] && ok "write failing half-way: no file, no temporary" || no "write failing half-way: left $(others fails kept.bpf)"
[ "$(cat fails/kept.bpf)" = old ] && ok "write failing half-way: the old file is intact" || no "write failing half-way: the old file changed"

exit $fail
