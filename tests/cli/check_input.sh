#!/bin/sh
# What a user types: capability names and numbers on secbpf's command line.
# Each mistake is an error that names the option and the text (exit 1, 2
# for check), never a silently different filter.
set -u
S=$1 SHARED=${SECBPF_SHARED:-}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
ok() { echo "ok: $1"; }
no() { echo "FAIL: $1"; fail=1; }
expect() { if printf '%s\n' "$3" | grep -qF -- "$2"; then ok "$1"; else no "$1: no '$2' in:"; printf '%s\n' "$3" | head -20; fi; }
status() { if [ "$2" = "$3" ]; then ok "$1: exit $3"; else no "$1: exit $2, want $3"; fi; }

cat > "$T/p.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_AARCH64"],
 "syscalls": [{"names": ["read", "write", "exit_group"], "action": "SCMP_ACT_ALLOW"},
  {"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
  {"names": ["bpf"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_BPF"], "minKernel": "5.8"}}]}
JSON
P=$T/p.json
if [ -n "$SHARED" ] && [ -f "$SHARED/profiles/moby_profiles_default.json" ]; then
	P=$SHARED/profiles/moby_profiles_default.json
fi

# ---- capabilities: unknown names are errors with the closest one ----
"$S" compile "$P" --format hex > "$T/none.hex" 2>/dev/null || no "compile without --cap"
for cap in CAP_SYS_ADMN foo '' 'CAP_SYS_ADMIN ' CAP_NOPE; do
	out=$("$S" compile "$P" --cap "$cap" --format hex -o "$T/out.hex" 2>&1); rc=$?
	status "--cap '$cap'" $rc 1
	expect "--cap '$cap' is named" "secbpf: error: unknown capability '$cap'" "$out"
	[ -e "$T/out.hex" ] && no "--cap '$cap' wrote a filter" || ok "--cap '$cap': no output"
	rm -f "$T/out.hex"
done
out=$("$S" compile "$P" --cap CAP_SYS_ADMN --format hex 2>&1)
expect "the closest capability is suggested" "unknown capability 'CAP_SYS_ADMN' (did you mean 'CAP_SYS_ADMIN'?)" "$out"
out=$("$S" compile "$P" --cap 'CAP_SYS_ADMIN ' --format hex 2>&1)
expect "a trailing space: suggestion" "(did you mean 'CAP_SYS_ADMIN'?)" "$out"
out=$("$S" compile "$P" --cap net_admn --format hex 2>&1)
expect "no CAP_ prefix: suggestion" "unknown capability 'net_admn' (did you mean 'CAP_NET_ADMIN'?)" "$out"
out=$("$S" compile "$P" --cap ALL --format hex 2>&1); rc=$?
status "--cap ALL" $rc 1
expect "--cap ALL points to --all-caps" "(--all-caps gives every capability)" "$out"
for cmd in check "profile --resolve"; do
	out=$("$S" $cmd "$P" --cap CAP_SYS_ADMN 2>&1); rc=$?
	[ "$cmd" = check ] && want=2 || want=1
	status "$cmd --cap CAP_SYS_ADMN" $rc $want
	expect "$cmd: unknown capability named" "unknown capability 'CAP_SYS_ADMN'" "$out"
done
out=$("$S" run "$P" --cap CAP_SYS_ADMN -- touch "$T/ran" 2>&1); rc=$?
status "run --cap CAP_SYS_ADMN" $rc 1
expect "run: unknown capability named" "unknown capability 'CAP_SYS_ADMN'" "$out"
[ -e "$T/ran" ] && no "run ran the command with a bad --cap" || ok "run: the command did not run"
# lower case and no prefix still mean the capability
"$S" compile "$P" --cap CAP_SYS_ADMIN --format hex > "$T/admin.hex" 2>/dev/null
for cap in sys_admin SYS_ADMIN cap_sys_admin; do
	"$S" compile "$P" --cap $cap --format hex > "$T/x.hex" 2>/dev/null
	cmp -s "$T/admin.hex" "$T/x.hex" && ok "--cap $cap is CAP_SYS_ADMIN" || no "--cap $cap differs from CAP_SYS_ADMIN"
done
cmp -s "$T/admin.hex" "$T/none.hex" && no "CAP_SYS_ADMIN changes nothing?" || ok "CAP_SYS_ADMIN changes the filter"

# ---- capabilities in a profile: a check finding, never present ----
cat > "$T/caps.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
 "syscalls": [{"names": ["read", "write", "exit_group"], "action": "SCMP_ACT_ALLOW"},
  {"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_NOPE"]}},
  {"names": ["umount2"], "action": "SCMP_ACT_ALLOW", "excludes": {"caps": ["cap_sys_admin"]}},
  {"names": ["chroot"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_CHROOT", "CAP_SYS_ADMN"]}}]}
JSON
out=$("$S" check "$T/caps.json" 2>&1); rc=$?
status "check: unknown capabilities are errors" $rc 1
expect "includes: the pointer" "[unknown-cap] 'CAP_NOPE' (/syscalls/1/includes/caps/0) is not a capability" "$out"
expect "includes: the rule never applies" "the rule never applies" "$out"
expect "excludes: lower case is no match" "[unknown-cap] 'cap_sys_admin' (/syscalls/2/excludes/caps/0)" "$out"
expect "excludes: never drops the rule, with a suggestion" "it never drops the rule (did you mean 'CAP_SYS_ADMIN'?)" "$out"
expect "second name of a list" "'CAP_SYS_ADMN' (/syscalls/3/includes/caps/1) is not a capability" "$out"
out=$("$S" check --json "$T/caps.json" 2>&1)
expect "json: code, severity and pointer" '"code": "unknown-cap", "severity": "error", "pointer": "/syscalls/1/includes/caps/0"' "$out"
# --all-caps is every real capability, not every string
out=$("$S" profile "$T/caps.json" --resolve --all-caps 2>&1)
expect "all caps: the excludes rule stays" '"umount2"' "$out"
if printf '%s\n' "$out" | grep -q '"mount"\|"chroot"'; then
	no "--all-caps applied a rule that needs a capability no one has"
else
	ok "--all-caps: includes of unknown capabilities never apply"
fi
out=$("$S" profile "$T/caps.json" --resolve --cap CAP_SYS_ADMIN 2>&1)
expect "lower case in excludes does not match CAP_SYS_ADMIN" '"umount2"' "$out"

# ---- --kernel: X.Y, each part 0..65535, nothing wraps ----
for k in -1.0 7.-1 4294967303.0 65536.0 6 6. .6 6.1.2 ' 6.1' 6.1x +6.1 0x6.1 ''; do
	out=$("$S" compile "$P" --kernel "$k" --format hex 2>&1); rc=$?
	status "--kernel '$k'" $rc 1
	expect "--kernel '$k' named" "invalid --kernel '$k'" "$out"
done
out=$("$S" compile "$P" --kernel 0.0 --format hex 2>&1); rc=$?
status "--kernel 0.0" $rc 1
expect "--kernel 0.0 says why" "leave --kernel out for the running kernel" "$out"
"$S" profile "$T/p.json" --resolve --arch x86_64 --kernel 5.7 --all-caps > "$T/k57.json" 2>&1
"$S" profile "$T/p.json" --resolve --arch x86_64 --kernel 65535.0 --all-caps > "$T/kmax.json" 2>&1
if ! grep -q '"bpf"' "$T/k57.json" && grep -q '"bpf"' "$T/kmax.json"; then
	ok "--kernel 5.7 and 65535.0 are read as written"
else
	no "--kernel 5.7 / 65535.0"
fi

# ---- --notify-errno: decimal 1..4095 ----
for e in 0 4096 -1 0x5 ' 5' 5x '' 99999999999999999999; do
	out=$("$S" run --default --notify-errno "$e" -- true 2>&1); rc=$?
	status "--notify-errno '$e'" $rc 1
	expect "--notify-errno '$e' named" "invalid --notify-errno '$e'" "$out"
done

# ---- secbpf resolve NUMBER: decimal or 0x hex, 32 bits ----
out=$("$S" resolve --arch x86_64 4294967296 2>&1); rc=$?
status "resolve 4294967296" $rc 1
expect "resolve: out of range" "invalid syscall number '4294967296': out of range (0 to 4294967295)" "$out"
out=$("$S" resolve --arch x86_64 010 2>&1); rc=$?
status "resolve 010" $rc 1
expect "resolve: no silent octal" "invalid syscall number '010': a leading 0 would mean octal" "$out"
out=$("$S" resolve --arch x86_64 0x0 1 2>&1); rc=$?
status "resolve 0x0 1" $rc 0
expect "resolve 0x0" "read 0" "$out"
expect "resolve 1" "write 1" "$out"

# ---- --freq: strict weights, right line numbers ----
for w in nan inf -1 +1 1e400 1e16 0x10 5e; do
	printf '# a comment\n\nread 10\nwrite %s\n' "$w" > "$T/freq.txt"
	out=$("$S" compile "$P" --freq "$T/freq.txt" --format hex 2>&1); rc=$?
	status "--freq weight '$w'" $rc 1
	expect "--freq weight '$w': the line, counting the empty one" "freq.txt:4: invalid weight '$w'" "$out"
done
printf 'read 10 # hot\nwrite 2.5\n\nopenat 1e3\nclose .5\n' > "$T/freq.txt"
"$S" compile "$P" --freq "$T/freq.txt" --format hex > /dev/null 2>&1 && ok "--freq: good weights" || no "--freq: good weights refused"
printf 'read 10 20\n' > "$T/freq.txt"
out=$("$S" compile "$P" --freq "$T/freq.txt" --format hex 2>&1); rc=$?
status "--freq: a third word" $rc 1
expect "--freq: a third word" "freq.txt:1: expected 'name weight'" "$out"
# no table is built in: the weighted layout takes the workload's
out=$("$S" compile "$P" --layout weighted --format hex -o "$T/w.hex" 2>&1); rc=$?
status "--layout weighted without --freq" $rc 1
expect "--layout weighted asks for --freq" "--layout weighted needs the workload's syscall frequencies: --freq FILE" "$out"
[ -e "$T/w.hex" ] && no "--layout weighted without --freq wrote a filter" || ok "--layout weighted without --freq: no output"
printf '# nothing but comments\n\n' > "$T/empty.txt"
out=$("$S" compile "$P" --freq "$T/empty.txt" --format hex 2>&1); rc=$?
status "--freq: no entries" $rc 1
expect "--freq: no entries" "empty.txt: no 'name weight' entries" "$out"
printf 'read 10\n' > "$T/freq.txt"
out=$("$S" compile "$P" --layout balanced --freq "$T/freq.txt" --format hex 2>&1); rc=$?
status "--layout balanced with --freq" $rc 1
expect "--layout balanced with --freq" "--freq is for the weighted layout, not --layout balanced" "$out"
out=$("$S" compile "$P" --freq "$T/freq.txt" --freq "$T/freq.txt" --format hex 2>&1); rc=$?
status "--freq twice" $rc 1
expect "--freq twice" "--freq given twice" "$out"
"$S" compile "$P" --freq "$T/freq.txt" --layout weighted --format hex > /dev/null 2>&1 && ok "--freq with --layout weighted" || no "--freq with --layout weighted refused"

# ---- run: the native arch must be the (first) target ----
native=$("$S" arches | sed -n 's/^\([^ ]*\) .*(native)$/\1/p')
case "$native" in
x86_64) foreign=aarch64 ;;
'') echo "skip: run --arch: no native arch"; exit $fail ;;
*) foreign=x86_64 ;;
esac
out=$("$S" run --default --arch $foreign -- touch "$T/ran" 2>&1); rc=$?
status "run --arch $foreign" $rc 1
expect "run --arch $foreign says why" "refusing to run: --arch leaves out this machine's '$native', so the kernel would kill the command" "$out"
[ -e "$T/ran" ] && no "run --arch $foreign ran the command" || ok "run --arch $foreign: the command did not run"
out=$("$S" run --default --arch $foreign --arch "$native" -- touch "$T/ran" 2>&1); rc=$?
status "run --arch $foreign --arch $native" $rc 1
expect "run: the native arch must come first" "put --arch $native first" "$out"
exit $fail
