#!/usr/bin/env bash
# The installed serving host shows something moving: `cmake --install` into a scratch prefix puts
# the demo client in libexec/pfhost, the installed `pfhost serve` (plugins from the
# build tree) runs it in the display a caller gets with no app given, and the caller's picture
# changes between frames and is not the empty grey desktop.
# Usage: serve_demo_install_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
plugins=unused pfhost=unused
extra_tools=(cmake)
source "$(dirname "$0")/serve_test_lib.sh"
cmake --install "$build" --prefix "$work/prefix" --component runtime >/dev/null
demo_client=$work/prefix/libexec/pfhost/pfhost-demo-client
[[ -x "$demo_client" ]] || fail "cmake --install put no demo client at $demo_client"
# The plugins come from the build tree: `cmake --install` does not install them (yet).
pfhost=$work/prefix/bin/pfhost plugins=$build/lib/pfhost/plugins demo=" "
start_host 5
grep -qxF "serve: every display runs $demo_client" "$work/serve.out" ||
  fail "serve did not pick the installed demo client: $(cat "$work/serve.out")"
timeout -s INT 10 ffmpeg -nostdin -v error -y -i "$(url 'mode=640x480@30,client=demo')" -t 2 \
  -c copy "$work/demo.ts" 2>/dev/null || true
frame() {  # frame N: the mean of frame N's pixels, and a checksum of them
  ffmpeg -v error -i "$work/demo.ts" -vf "select=eq(n\,$1),scale=64:48" -frames:v 1 \
    -f rawvideo -pix_fmt gray - | od -An -v -tu1 | tr -s ' \n' '\n' | grep -v '^$' |
    awk '{ s += $1; c = (c * 31 + $1) % 1000000007 } END { printf "%d %d\n", s / NR, c }'
}
read -r mean_a sum_a <<<"$(frame 10)"
read -r mean_b sum_b <<<"$(frame 40)"
[[ -n "$sum_a" && -n "$sum_b" ]] || fail "the caller received fewer than 41 frames"
[[ "$sum_a" != "$sum_b" ]] || fail "frames 10 and 40 are the same picture: nothing moves"
pixels=$(ffmpeg -v error -i "$work/demo.ts" -vf "select=eq(n\,10),scale=64:48" -frames:v 1 \
  -f rawvideo -pix_fmt gray - | od -An -v -tu1 | tr -s ' \n' '\n' | grep -v '^$' | sort -u | wc -l)
((pixels > 4)) || fail "frame 10 has $pixels grey levels: an empty desktop, not the demo client"
echo "PASS: installed demo client $demo_client runs in the caller's display; frames differ ($pixels grey levels)"
stop_host
