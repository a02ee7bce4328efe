#!/bin/sh
# secbpf syscalls / resolve / arches from the shell: output, errors, exit codes.
set -u
S=$1
fail=0
check() { # description, expected, actual
	if [ "$2" != "$3" ]; then
		echo "FAIL: $1: expected '$2', got '$3'"
		fail=1
	else
		echo "ok: $1"
	fi
}
check "x86_64 openat" "openat 257" "$("$S" resolve --arch x86_64 openat)"
check "number to name" "execve 59" "$("$S" resolve --arch amd64 59)"
check "hex number" "execve 59" "$("$S" resolve --arch amd64 0x3b)"
check "x32 carries bit 30" "read 1073741824" "$("$S" syscalls --arch x32 | head -n 1)"
check "mips o32 base" "syscall 4000" "$("$S" syscalls --arch mips | head -n 1)"
check "several at once" "read 63
write 64" "$("$S" resolve --arch arm64 read write)"
check "line count = table size" "382" "$("$S" syscalls --arch x86_64 | wc -l | tr -d ' ')"
check "a Linux 6.13 syscall" "getxattrat 464" "$("$S" resolve --arch x86_64 getxattrat)"

out=$("$S" resolve --arch x86_64 no_such_call 2>&1); rc=$?
check "unknown syscall exit" 1 $rc
check "unknown syscall message" "secbpf: error: unknown syscall 'no_such_call' on 'x86_64'" "$out"
out=$("$S" resolve --arch x86_64 99999 2>&1); rc=$?
check "unknown number exit" 1 $rc
check "unknown number message" "secbpf: error: no syscall number 99999 on 'x86_64'" "$out"
out=$("$S" syscalls --arch vax 2>&1); rc=$?
check "unknown arch exit" 1 $rc
check "unknown arch message" "secbpf: error: unknown architecture 'vax' (see 'secbpf arches')" "$out"
out=$("$S" frobnicate 2>&1); rc=$?
check "unknown command exit" 1 $rc
"$S" --help | grep -q '^  syscalls' || { echo "FAIL: --help lists syscalls"; fail=1; }
"$S" syscalls --help | grep -q '^usage: secbpf syscalls' || { echo "FAIL: syscalls --help"; fail=1; }
"$S" --version | grep -Eq '^secbpf [0-9]+\.[0-9]+\.[0-9]+$' || { echo "FAIL: --version"; fail=1; }
check "--version names the tables' kernel" "syscall tables: Linux 6.17" "$("$S" --version | sed -n 2p)"
"$S" syscalls --help | grep -q '^The tables list the syscalls of Linux 6\.17;' ||
	{ echo "FAIL: syscalls --help names the tables' kernel"; fail=1; }
"$S" help syscalls | grep -q 'Linux 6\.17' || { echo "FAIL: help syscalls names the kernel"; fail=1; }
check "arches count" 20 "$("$S" arches | wc -l | tr -d ' ')"
exit $fail
