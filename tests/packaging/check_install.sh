#!/bin/sh
# meson install into a scratch DESTDIR; a small program finds the library
# with pkg-config, compiles, links and runs; man pages and the header are
# there; the shared library exports exactly the names in libsecbpf.map,
# and so does the static archive (its internal names local), which a
# program links statically.
# The same for libsecbpf-seccomp: a program written for libseccomp builds
# with pkg-config secbpf-seccomp and runs; the library exports exactly
# libseccomp's public functions.
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
for f in libsecbpf.a libsecbpf.so secbpf bpfdump secbpf.1 bpfdump.1 libsecbpf.3 \
	libsecbpf-seccomp.so secbpf-seccomp.pc libsecbpf-seccomp.3; do
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

# libsecbpf exports secbpf_* only
if grep -v '^secbpf_' "$dest/exported"; then
	echo "FAIL: libsecbpf.so exports names outside secbpf_*"
	exit 1
fi

# the static archive too: its internal sb_* names are local, so a program
# linking it sees (and can clash with) the export list only
a=$(find "$dest" -name libsecbpf.a | head -n 1)
nm -g --defined-only "$a" | awk 'NF == 3 {print $3}' | sort -u > "$dest/aexported"
if ! cmp -s "$dest/aexported" "$dest/listed"; then
	echo "FAIL: libsecbpf.a's global symbols differ from src/libsecbpf.map:"
	diff "$dest/listed" "$dest/aexported" | sed 's/^/  /'
	exit 1
fi
# and a program links it statically (json-c from pkg-config --static)
cc -o "$dest/consumer-static" "$src/tests/packaging/consumer.c" \
	$(pkg-config --cflags libsecbpf) "$a" \
	$(pkg-config --static --libs json-c)
if ldd "$dest/consumer-static" | grep -q 'libsecbpf\.so'; then
	echo "FAIL: the static consumer links libsecbpf.so"
	exit 1
fi
"$dest/consumer-static"
echo "ok: libsecbpf.a: $(wc -l < "$dest/aexported") global symbols, exactly the export list; a program linked it"

# libsecbpf-seccomp: its header in its own directory, found by pkg-config
shdr=$(find "$dest" -path '*/secbpf-seccomp/seccomp.h' | head -n 1)
[ -n "$shdr" ] || { echo "FAIL: secbpf-seccomp/seccomp.h not installed"; exit 1; }
cflags=$(pkg-config --cflags secbpf-seccomp)
case "$cflags" in
*secbpf-seccomp*) ;;
*) echo "FAIL: pkg-config --cflags secbpf-seccomp: '$cflags'"; exit 1 ;;
esac
# (rpath-link: libsecbpf.so sits in the scratch DESTDIR, not a system dir)
cc -o "$dest/seccomp_consumer" "$src/tests/packaging/seccomp_consumer.c" \
	$(pkg-config --cflags --libs secbpf-seccomp) -Wl,-rpath-link,"$libdir"
LD_LIBRARY_PATH=$libdir "$dest/seccomp_consumer"
if ldd "$dest/seccomp_consumer" | grep -q 'libseccomp\.so'; then
	echo "FAIL: the consumer links libseccomp"
	exit 1
fi
echo "ok: a libseccomp program built with pkg-config secbpf-seccomp and ran"

cso=$(find "$dest" -name 'libsecbpf-seccomp.so.*.*' | head -n 1)
nm -D --defined-only "$cso" | awk '$2 == "T" || $2 == "D" || $2 == "R" {print $3}' |
	sed 's/@.*//' | sort -u > "$dest/cexported"
grep -Eo '^[[:space:]]+seccomp_[a-z0-9_]+;' "$src/src/compat/libsecbpf-seccomp.map" |
	tr -d ' \t;' | sort -u > "$dest/clisted"
if ! cmp -s "$dest/cexported" "$dest/clisted"; then
	echo "FAIL: libsecbpf-seccomp.so exports differ from its map:"
	diff "$dest/clisted" "$dest/cexported" | sed 's/^/  /'
	exit 1
fi
# and they are libseccomp's public functions, where libseccomp is here
lso=$(ls /usr/lib/*/libseccomp.so.2 /usr/lib/libseccomp.so.2 2>/dev/null | head -n 1)
if [ -n "$lso" ]; then
	nm -D --defined-only "$lso" | awk '$2 == "T" {print $3}' | sed 's/@.*//' |
		sort -u > "$dest/lexported"
	if ! cmp -s "$dest/cexported" "$dest/lexported"; then
		echo "FAIL: libsecbpf-seccomp.so and $lso export different names:"
		diff "$dest/lexported" "$dest/cexported" | sed 's/^/  /'
		exit 1
	fi
fi
echo "ok: libsecbpf-seccomp exports $(wc -l < "$dest/cexported") names, libseccomp's"
