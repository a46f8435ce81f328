#!/usr/bin/env bash
# `pfhost serve`'s browser stream: two headless chromium instances open /view with different
# modes and each decodes frames of its own size with WebCodecs (the page logs
# "pfhost-view: frames=N size=WxH" on the console, read from chromium's stderr); the API lists
# both as websocket sessions; closing a browser ends its session; a WebSocket without the token
# or from a foreign Origin is refused.
# Usage: serve_browser_test.sh PFHOST PLUGIN_DIR
set -euo pipefail
pfhost=$1 plugins=$2
extra_tools=(chromium curl jq setsid)
source "$(dirname "$0")/serve_test_lib.sh"
start_host 10

# A WebSocket upgrade as curl can send it: STATUS for the given extra headers.
upgrade() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "Connection: Upgrade" \
    -H "Upgrade: websocket" -H "Sec-WebSocket-Version: 13" \
    -H "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==" "$@" \
    "http://$api/api/v1/stream?mode=640x480@30&client=x"
}
[[ $(upgrade) == 401 ]] || fail "a WebSocket without the token was not refused with 401"
[[ $(upgrade -H "Sec-WebSocket-Protocol: pfhost, bearer.$token" -H "Origin: http://evil.example") \
  == 403 ]] || fail "a WebSocket from a foreign Origin was not refused with 403"
echo "PASS: WebSocket without the token 401, foreign Origin 403"

browsers=()
open_view() {  # open_view NAME MODE: a headless chromium on /view, in its own process group
  mkdir -p "$work/$1-profile"
  setsid chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/$1-profile" --enable-logging=stderr \
    "http://$api/view?mode=$2&client=$1#token=$token" >/dev/null 2>"$work/$1.err" &
  browsers+=($!)
  callers+=($!)
}
close_browsers() {
  for pid in "${browsers[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${browsers[@]}"; do wait "$pid" 2>/dev/null || true; done
  browsers=() callers=()
}
trap 'close_browsers; cleanup' EXIT

open_view dora 640x480@30
open_view emil 800x600@30
frames_of() {  # frames_of NAME SIZE: the last frame count reported at SIZE
  { grep -ao "pfhost-view: frames=[0-9]* size=$2" "$work/$1.err" 2>/dev/null || true; } |
    tail -n1 | sed 's/.*frames=\([0-9]*\).*/\1/'
}
# The desktops are still: with [stream] frame_rate = "variable" (the default) each sends its first
# frame and then one a second.
for _ in $(seq 300); do
  a=$(frames_of dora 640x480) b=$(frames_of emil 800x600)
  ((${a:-0} >= 3 && ${b:-0} >= 3)) && break
  sleep 0.1
done
((${a:-0} >= 3)) || { grep -a pfhost-view "$work/dora.err" | tail -3; fail "dora decoded ${a:-0} frames at 640x480"; }
((${b:-0} >= 3)) || { grep -a pfhost-view "$work/emil.err" | tail -3; fail "emil decoded ${b:-0} frames at 800x600"; }
if grep -aq "pfhost-view: frames=[0-9]* size=800x600" "$work/dora.err" ||
  grep -aq "pfhost-view: frames=[0-9]* size=640x480" "$work/emil.err"; then
  fail "a browser decoded the other one's size"
fi
echo "PASS: dora decoded $a frames at 640x480, emil $b frames at 800x600"

sessions=$(curl -s -H "Authorization: Bearer $token" "http://$api/api/v1/sessions")
(($(jq '[.sessions[] | select(.transport == "websocket")] | length' <<<"$sessions") == 2)) ||
  fail "the API does not list two websocket sessions: $sessions"
close_browsers
wait_for "\(client dora, websocket [^)]*\) ended after" 5 || fail "dora's session did not end"
wait_for "\(client emil, websocket [^)]*\) ended after" 5 || fail "emil's session did not end"
echo "PASS: both listed as websocket sessions; closing the browsers ended them"
stop_host
