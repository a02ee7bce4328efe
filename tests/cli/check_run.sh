#!/bin/sh
# secbpf run --default: ordinary programs run unharmed; chroot is denied
# without CAP_SYS_CHROOT and works with it.  Skips where seccomp filters
# cannot be installed (qemu-user).
set -u
S=$1
fail=0
ok() { echo "ok: $1"; }
no() { echo "FAIL: $1"; fail=1; }
if ! "$S" run --default -- true 2>/dev/null; then
	if "$S" run --default -- true 2>&1 | grep -q "refused the filter"; then
		echo "skip: seccomp filters cannot be installed here"
		exit 77
	fi
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
out=$("$S" run --default -- sh -c 'echo shell-ok' 2>&1)
[ "$out" = shell-ok ] && ok "a shell" || no "a shell: $out"
for prog in "python3 -c print(6*7)" "git --version" "tar --version" "gcc --version"; do
	cmd=${prog%% *}
	command -v "$cmd" >/dev/null || { echo "skip: $cmd not installed"; continue; }
	if "$S" run --default -- $prog >/dev/null 2>&1; then ok "$cmd runs"; else no "$cmd fails under the default"; fi
done
if command -v gcc >/dev/null; then
	printf 'int main(void){return 0;}\n' > "$T/t.c"
	"$S" run --default -- sh -c "cd $T && gcc -O2 t.c -o t && ./t && tar cf t.tar t.c" \
		&& ok "gcc compiles and runs, tar archives" || no "gcc/tar work"
fi
out=$("$S" run --default -- chroot / true 2>&1); rc=$?
[ $rc != 0 ] && ok "chroot denied without CAP_SYS_CHROOT" || no "chroot allowed without the cap"
printf '%s\n' "$out" | grep -q "Operation not permitted" && ok "as EPERM" || no "not EPERM: $out"
"$S" run --default --cap CAP_SYS_CHROOT -- chroot / true && ok "chroot works with --cap CAP_SYS_CHROOT" || no "chroot with the cap"
out=$("$S" run --default -- sh -c 'exit 7' 2>&1); rc=$?
[ $rc = 7 ] && ok "exit status passed through" || no "exit status $rc"
out=$("$S" run --default -- /nonexistent 2>&1); rc=$?
[ $rc = 127 ] && ok "missing command: 127" || no "missing command: $rc"
# NOTIFY rules: the supervisor logs and answers each notification
echo '{"defaultAction":"SCMP_ACT_ALLOW","listenerPath":"/run/x.sock","syscalls":[{"names":["uname"],"action":"SCMP_ACT_NOTIFY"}]}' > "$T/n.json"
out=$(timeout 20 "$S" run "$T/n.json" --notify-log -- uname -s 2>&1); rc=$?
printf '%s\n' "$out" | grep -q "^secbpf: notify: pid [0-9]* uname(" && ok "notification logged" || no "notification not logged: $out"
printf '%s\n' "$out" | grep -q "^Linux$" && [ $rc = 0 ] && ok "notified call continues" || no "notified call: rc $rc"
out=$(timeout 20 "$S" run "$T/n.json" --notify-errno 13 -- uname -s 2>&1); rc=$?
printf '%s\n' "$out" | grep -q "Permission denied" && [ $rc != 0 ] && ok "notified call answered with EACCES" || no "notify-errno: $out"
out=$("$S" run 2>&1); rc=$?
[ $rc = 1 ] && ok "no profile: exit 1" || no "no profile: exit $rc"
exit $fail
