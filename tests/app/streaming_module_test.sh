#!/usr/bin/env bash
# The pfhost executable starts without FFmpeg, libsrt or OpenSSL: its DT_NEEDED names none of
# them, while the streaming module it loads for `stream`, `serve` and `ctl` does; those commands
# still parse their real options there; a pfhost whose module is missing says which file and why instead of crashing.
# Usage: streaming_module_test.sh PFHOST MODULE
set -euo pipefail
pfhost=$1
module=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
needed "$pfhost" >"$dir/pfhost.needed"
[[ -s "$dir/pfhost.needed" ]] || fail "readelf found no DT_NEEDED in $pfhost"
if grep -E '^lib(av|sw|srt|gnutls|ssl|crypto)' "$dir/pfhost.needed"; then
  fail "$pfhost links the libraries above; they belong in the streaming module"
fi
needed "$module" | grep -q '^libavformat' || fail "$module does not link libavformat"
needed "$module" | grep -q '^libsrt' || fail "$module does not link libsrt"

# `stream` and `serve` run in the module, with their own options and help.
"$pfhost" stream --help >"$dir/help.txt" || fail "pfhost stream --help failed"
grep -q -- '--mode' "$dir/help.txt" || { cat "$dir/help.txt"; fail "stream --help has no --mode"; }
"$pfhost" serve --help | grep -q -- '--srt-listen' || fail "serve --help has no --srt-listen"
"$pfhost" ctl --help | grep -q -- '--tls-fingerprint' || fail "ctl --help has no --tls-fingerprint"
rc=0
"$pfhost" stream --mode 641x480@30 2>"$dir/err.txt" || rc=$?
((rc == 1)) || fail "a bad --mode exited $rc"
grep -qF -- "--mode '641x480@30'" "$dir/err.txt" || { cat "$dir/err.txt"; fail "no --mode error"; }

# A copy of the executable without its module: a clear error naming the module, exit 1.
mkdir -p "$dir/bin"
cp "$pfhost" "$dir/bin/pfhost"
rc=0
"$dir/bin/pfhost" stream --duration 1 2>"$dir/err.txt" || rc=$?
((rc == 1)) || { cat "$dir/err.txt"; fail "without its module pfhost exited $rc"; }
grep -qF "cannot load the streaming module $dir/lib/pfhost/pfhost-streaming.so" "$dir/err.txt" ||
  { cat "$dir/err.txt"; fail "the error does not name the missing module"; }
"$dir/bin/pfhost" --version | grep -q '^pfhost ' || fail "--version needs the module"
echo "PASS"
