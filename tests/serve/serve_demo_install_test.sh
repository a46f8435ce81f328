#!/usr/bin/env bash
# The installed serving host shows something moving: `cmake --install` into a scratch prefix puts
# the demo client in libexec/pfhost and the plugins in lib/pfhost/plugins; the installed
# `pfhost serve` with the installed plugins runs the demo client in the display a caller gets with
# no app given, and the caller's picture changes between frames and is not the empty grey desktop.
# The installed systemd user unit passes `systemd-analyze verify` (with its ExecStart pointed at
# the scratch prefix: the unit names the configured install prefix).
# Usage: serve_demo_install_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
plugins=unused pfhost=unused
extra_tools=(cmake)
source "$(dirname "$0")/serve_test_lib.sh"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
demo_client=$work/prefix/libexec/pfhost/pfhost-demo-client
[[ -x "$demo_client" ]] || fail "cmake --install put no demo client at $demo_client"
installed_plugin=$(find "$work/prefix" -path '*/pfhost/plugins/pfhost-wlroots.so' | head -n1)
[[ -n "$installed_plugin" ]] || fail "cmake --install put no wlroots plugin under $work/prefix"

unit=$(find "$work/prefix" -path '*/systemd/user/pfhost.service' | head -n1)
[[ -n "$unit" ]] || fail "cmake --install put no systemd user unit under $work/prefix"
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
[[ "$exec_start" == */bin/pfhost\ serve ]] || fail "the unit's ExecStart is '$exec_start'"
if command -v systemd-analyze >/dev/null; then
  sed "s#^ExecStart=.*#ExecStart=$work/prefix/bin/pfhost serve#" "$unit" >"$work/pfhost.service"
  verdict=$(systemd-analyze verify "$work/pfhost.service" 2>&1) ||
    fail "systemd-analyze verify failed: $verdict"
  [[ -z "$verdict" ]] || fail "systemd-analyze verify complains about the unit: $verdict"
  echo "PASS: the installed systemd unit verifies ($unit)"
else
  echo "SKIPPED (loudly): no systemd-analyze; the systemd unit is not verified"
fi

pfhost=$work/prefix/bin/pfhost plugins=$(dirname "$installed_plugin") demo=" "
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
