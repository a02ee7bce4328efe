#!/bin/bash
# Bash completion (data/completion/secbpf.bash): commands, options, arch
# names and syscall names, for both tools, read from the built tools.
set -u
SCRIPT=$1 BIN=$2
export PATH="$BIN:$PATH"
fail=0
ok() { echo "ok: $1"; }
no() { echo "FAIL: $1"; fail=1; }
# shellcheck disable=SC1090
. "$SCRIPT"
# complete LINE...: the words typed, the last one being completed
complete_words() {
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	case $1 in
	secbpf) _secbpf ;;
	bpfdump) _bpfdump ;;
	esac
	printf '%s\n' "${COMPREPLY[@]}"
}
has() { # what, then words...
	what=$1; shift
	out=$(complete_words "$@")
	if printf '%s\n' "$out" | grep -qx -- "$what"; then ok "'$*' offers '$what'"
	else no "'$*' does not offer '$what': $(echo $out | head -c 300)"; fi
}
hasnt() {
	what=$1; shift
	out=$(complete_words "$@")
	if printf '%s\n' "$out" | grep -qx -- "$what"; then no "'$*' offers '$what'"
	else ok "'$*' does not offer '$what'"; fi
}

has compile secbpf ''
has check secbpf ch
has --version secbpf --ver
hasnt compile secbpf ch
has --enosys-newer secbpf compile --eno
has --all-caps secbpf check --all
has -o secbpf compile -
has x86_64 secbpf compile --arch x86
has aarch64 secbpf run --arch aa
has base64 secbpf compile --format b
has weighted secbpf compile --layout w
# syscall names of the --arch given, or of this machine
has getxattrat secbpf resolve getxa
has _llseek secbpf resolve --arch x86 _ll
hasnt _llseek secbpf resolve --arch x86_64 _ll
# explain: the command, its options, syscall names of the call's ABI
has explain secbpf exp
has --abi secbpf explain --ab
has --enosys-newer secbpf explain --default --eno
has --and-repeated-args secbpf explain --and
has x86 secbpf explain --abi x8
has ptrace secbpf explain --default ptra
has _llseek secbpf explain --default --abi x86 _ll
has _llseek secbpf explain --arch x86_64 --abi x86 _ll
hasnt _llseek secbpf explain --arch x86 --abi x86_64 _ll
has --summary bpfdump --sum
has --emulate bpfdump --em
has --budget bpfdump --bud
has --filter bpfdump --fil
has -o bpfdump -
hasnt read bpfdump --budget ''
has openat bpfdump --emulate opena
has ppc64le bpfdump --arch ppc64
# after "run --", the command's own completion (or command names)
has bash secbpf run --default -- bas
# record: the command, its options, and the command after "--"
has record secbpf rec
has --base secbpf record --ba
has --freq secbpf record --fr
has -o secbpf record -
has x86 secbpf record --arch x8
has bash secbpf record -o p.json -- bas
# check: --werror, and --ignore's finding codes from 'check --help'
has --werror secbpf check --wer
has --ignore secbpf check --ig
has overlap secbpf check --ignore over
has never-applies secbpf check --ignore nev
has errno-range secbpf check --default --ignore err
hasnt risky-allow secbpf check --ignore over
# every code check --help lists, and nothing else
codes=$(complete_words secbpf check --ignore '' | sort | tr '\n' ' ')
want=$(secbpf check --help | sed -n '/^finding codes:/,/^$/p' | awk '/^  / { print $1 }' | sort | tr '\n' ' ')
[ -n "$want" ] && [ "$codes" = "$want" ] && ok "--ignore offers the $(echo $want | wc -w) codes" ||
	no "--ignore offers '$codes', check --help lists '$want'"
# --quiet where warnings are printed
has --quiet secbpf compile --qu
has --quiet secbpf profile --qu
has --quiet secbpf run --qu
has --quiet secbpf record --qu
# explain's first operand may be the profile: files are offered too
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
touch "$tmp/prof.json"
cd "$tmp" || exit 1
has prof.json secbpf explain pro
has prctl secbpf explain prof.json prc
exit $fail
