#!/bin/sh
# meson install into a scratch DESTDIR; a small program finds the library
# with pkg-config, compiles, links and runs; man pages and the header are
# there; the shared library exports exactly the names in libsecbpf.map.
set -eu
build=$1 src=$2
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
meson install -C "$build" --destdir "$dest" --no-rebuild >/dev/null
pc=$(find "$dest" -name libsecbpf.pc | head -n 1)
[ -n "$pc" ] || { echo "FAIL: no libsecbpf.pc installed"; exit 1; }
export PKG_CONFIG_PATH=$(dirname "$pc") PKG_CONFIG_SYSROOT_DIR=$dest
hdr=$(find "$dest" -name secbpf.h | head -n 1)
[ -n "$hdr" ] || { echo "FAIL: secbpf.h not installed"; exit 1; }
for f in libsecbpf.a libsecbpf.so secbpf bpfdump secbpf.1 bpfdump.1 libsecbpf.3; do
	[ -n "$(find "$dest" -name "$f")" ] || { echo "FAIL: $f not installed"; exit 1; }
done
libdir=$(dirname "$(find "$dest" -name libsecbpf.so | head -n 1)")
cc -o "$dest/consumer" "$src/tests/packaging/consumer.c" \
	$(pkg-config --cflags --libs libsecbpf)
LD_LIBRARY_PATH=$libdir "$dest/consumer"
echo "ok: installed library found with pkg-config, linked and ran"

# bash completion, under each tool's name, where bash-completion looks
for t in secbpf bpfdump; do
	c=$(find "$dest" -path "*/bash-completion/completions/$t" | head -n 1)
	[ -n "$c" ] && grep -q "complete -F _$t $t" "$c" ||
		{ echo "FAIL: no bash completion for $t installed"; exit 1; }
done
echo "ok: bash completion installed for secbpf and bpfdump"

# exported dynamic symbols == the export list
so=$(find "$dest" -name 'libsecbpf.so.*.*' | head -n 1)
nm -D --defined-only "$so" | awk '$2 == "T" || $2 == "D" || $2 == "R" {print $3}' |
	sed 's/@.*//' | grep -v '^LIBSECBPF' | sort -u > "$dest/exported"
grep -Eo '^[[:space:]]+secbpf_[a-z0-9_]+;' "$src/src/libsecbpf.map" |
	tr -d ' \t;' | sort -u > "$dest/listed"
if ! cmp -s "$dest/exported" "$dest/listed"; then
	echo "FAIL: exported symbols differ from src/libsecbpf.map:"
	diff "$dest/listed" "$dest/exported" | sed 's/^/  /'
	exit 1
fi
echo "ok: $(wc -l < "$dest/exported") exported symbols, exactly the export list"
