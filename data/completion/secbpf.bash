# SPDX-License-Identifier: LGPL-2.1-or-later
# Bash completion for secbpf and bpfdump.
#
# Commands and options are read from the tools' own --help, so that this
# file never falls behind them, and so are the finding codes --ignore
# takes ('secbpf check --help'); architecture and syscall names come from
# 'secbpf arches' and 'secbpf syscalls'.  It needs nothing from the
# bash-completion package, but uses _command_offset for 'run -- CMD'
# when that package is loaded.

# The options a --help text mentions, one per line.
_secbpf_options()
{
	"$@" --help 2>/dev/null | grep -o -- '--[a-z][a-z0-9-]*' | sort -u
	"$@" --help 2>/dev/null | grep -qE -- '(^|[ [])-o[ ,]' && echo -o
}

# The secbpf executable beside a bpfdump being completed, else on PATH.
_secbpf_tool()
{
	local dir
	case $1 in
	*/*)
		dir=${1%/*}
		[ -x "$dir/secbpf" ] && { echo "$dir/secbpf"; return; }
		;;
	esac
	echo secbpf
}

# The arch whose syscalls to offer: the last "--abi A" (explain's ABI of
# the call), else the last "--arch A" (or "--arch=A"), if any.
_secbpf_arch_given()
{
	local i arch= abi=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--arch) arch=${COMP_WORDS[i + 1]} ;;
		--arch=*) arch=${COMP_WORDS[i]#--arch=} ;;
		--abi) abi=${COMP_WORDS[i + 1]} ;;
		--abi=*) abi=${COMP_WORDS[i]#--abi=} ;;
		esac
	done
	echo "${abi:-$arch}"
}

_secbpf_arches()
{
	"$1" arches 2>/dev/null | awk '{ print $1 }'
}

_secbpf_syscalls()
{
	local tool=$1 arch
	arch=$(_secbpf_arch_given)
	"$tool" syscalls ${arch:+--arch "$arch"} 2>/dev/null |
		awk '{ print $1 }'
}

# The finding codes 'check --help' lists, for --ignore.
_secbpf_codes()
{
	"$1" check --help 2>/dev/null |
		awk '/^finding codes:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }'
}

_secbpf_files()
{
	local IFS=$'\n'
	COMPREPLY=($(compgen -f -- "$1"))
	compopt -o filenames 2>/dev/null
}

# Complete the value of option "$2" for tool "$1"; false if "$2" takes no
# value we know of.
_secbpf_value()
{
	local tool=$1 prev=$2 cur=$3 secbpf=$4
	case $prev in
	--arch | --abi)
		COMPREPLY=($(compgen -W "$(_secbpf_arches "$secbpf")" -- "$cur"))
		;;
	--format)
		COMPREPLY=($(compgen -W "raw base64 hex c json" -- "$cur"))
		;;
	--layout)
		COMPREPLY=($(compgen -W "balanced weighted" -- "$cur"))
		;;
	--emulate)
		COMPREPLY=($(compgen -W "$(_secbpf_syscalls "$secbpf")" -- "$cur"))
		;;
	--ignore)
		COMPREPLY=($(compgen -W "$(_secbpf_codes "$secbpf")" -- "$cur"))
		;;
	--pid)
		COMPREPLY=($(compgen -W "$(cd /proc 2>/dev/null && ls -d [0-9]* 2>/dev/null)" -- "$cur"))
		;;
	-o | --output | --freq | --base | --diff)
		_secbpf_files "$cur"
		;;
	--cap | --kernel | --notify-errno | --filter | --budget)
		COMPREPLY=()
		;;
	*)
		return 1
		;;
	esac
	return 0
}

_secbpf()
{
	local tool=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]} cmd i
	COMPREPLY=()
	if ((COMP_CWORD == 1)); then
		COMPREPLY=($(compgen -W "$("$tool" --help 2>/dev/null |
			awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }')
			--help --version" -- "$cur"))
		return
	fi
	cmd=${COMP_WORDS[1]}
	# everything after "run ... --" is the command to run
	if [ "$cmd" = run ] || [ "$cmd" = record ]; then
		for ((i = 2; i < COMP_CWORD; i++)); do
			if [ "${COMP_WORDS[i]}" = -- ]; then
				if declare -F _command_offset >/dev/null; then
					_command_offset $((i + 1))
				else
					COMPREPLY=($(compgen -c -- "$cur"))
				fi
				return
			fi
		done
	fi
	_secbpf_value "$tool" "$prev" "$cur" "$tool" && return
	case $cur in
	-*)
		COMPREPLY=($(compgen -W "$(_secbpf_options "$tool" "$cmd")" -- "$cur"))
		;;
	*)
		case $cmd in
		resolve | explain)
			# explain's operands: a profile file, then the syscall
			[ "$cmd" = explain ] && _secbpf_files "$cur"
			COMPREPLY+=($(compgen -W "$(_secbpf_syscalls "$tool")" -- "$cur"))
			;;
		arches | syscalls) ;;
		*) _secbpf_files "$cur" ;;
		esac
		;;
	esac
}

_bpfdump()
{
	local tool=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()
	_secbpf_value "$tool" "$prev" "$cur" "$(_secbpf_tool "$tool")" && return
	case $cur in
	-*) COMPREPLY=($(compgen -W "$(_secbpf_options "$tool")" -- "$cur")) ;;
	*) _secbpf_files "$cur" ;;
	esac
}

complete -F _secbpf secbpf
complete -F _bpfdump bpfdump
