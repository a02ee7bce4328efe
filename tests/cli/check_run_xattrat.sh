#!/bin/sh
# secbpf run with moby's default profile, on the real kernel: the *xattrat
# calls it allows (Linux 6.13, 463-466) reach the kernel, which answers as
# it does without a filter, instead of being refused with EPERM.  Also
# 'secbpf check' no longer calls them unknown names.  Skips without
# $SECBPF_SHARED/profiles or where seccomp filters cannot be installed.
set -u
S=$1 PROBE=$2 SHARED=${SECBPF_SHARED:-}
MOBY=$SHARED/profiles/moby_profiles_default.json
fail=0
ok() { echo "ok: $1"; }
no() { echo "FAIL: $1"; fail=1; }
if [ -z "$SHARED" ] || [ ! -f "$MOBY" ]; then
	echo "skip: no moby default profile (\$SECBPF_SHARED/profiles)"
	exit 77
fi

out=$("$S" check "$MOBY" 2>&1)
for call in setxattrat getxattrat listxattrat removexattrat; do
	if printf '%s\n' "$out" | grep -q "\[unknown-name\] '$call'"; then
		no "check calls '$call' unknown"
	else
		ok "check knows '$call'"
	fi
done
# moby's riscv_hwprobe really is unknown on x86: the finding stays
if [ "$(uname -m)" = x86_64 ]; then
	printf '%s\n' "$out" | grep -q "\[unknown-name\] 'riscv_hwprobe'" &&
		ok "riscv_hwprobe still unknown on the x86 targets" ||
		no "riscv_hwprobe finding lost"
fi

if ! "$S" run "$MOBY" -- true 2>/dev/null; then
	if "$S" run "$MOBY" -- true 2>&1 | grep -q "refused the filter"; then
		echo "skip: seccomp filters cannot be installed here"
		exit $fail
	fi
	no "secbpf run with moby's default fails: $("$S" run "$MOBY" -- true 2>&1)"
	exit 1
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
: > "$T/native" && : > "$T/filtered"
# standard output only: secbpf run warns about riscv_hwprobe on stderr
want=$("$PROBE" "$T/native")
got=$("$S" run "$MOBY" -- "$PROBE" "$T/filtered" 2>"$T/stderr")
echo "without a filter:"; printf '%s\n' "$want" | sed 's/^/  /'
echo "under moby's default:"; printf '%s\n' "$got" | sed 's/^/  /'
if printf '%s\n' "$want" | grep -q "errno 1 "; then
	echo "skip: the kernel itself answers EPERM here; nothing to tell apart"
	exit $fail
fi
[ "$got" = "$want" ] && ok "the kernel serves the *xattrat calls as without a filter" ||
	no "the filter changes the *xattrat calls' results"
printf '%s\n' "$got" | grep -q "errno 1 " && no "EPERM under moby's default" ||
	ok "no EPERM under moby's default"
exit $fail
