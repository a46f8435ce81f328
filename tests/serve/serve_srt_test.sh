#!/usr/bin/env bash
# `pfhost serve` with real ffmpeg SRT callers on the managed headless sway (wlroots display,
# wlr-screencopy, software encoder):
#   - a bad streamid: the caller fails within a second, the host keeps running and logs the
#     rejection once however often it is retried;
#   - alice (1600x900@30) and bob (1280x720@60) at once: each file has its caller's own mode;
#     after they leave both displays linger;
#   - alice again within keep_alive gets the same display slot; SIGKILLed mid-stream, her session
#     ends within 2 s and her display lingers again;
#   - after keep_alive both displays are torn down; SIGTERM ends the host with status 0 and
#     nothing of the managed sway is left.
# With a pattern client, every display runs it (`pfhost serve -- APP`), and alice's stream shows
# its red top-left quadrant, not an empty desktop.
# Usage: serve_srt_test.sh PFHOST PLUGIN_DIR SRT_CALLER [PATTERN_CLIENT]
set -euo pipefail
pfhost=$1 plugins=$2 caller=$3 client=${4:-}
source "$(dirname "$0")/serve_test_lib.sh"
keep_alive_s=4
if [[ -n "$client" ]]; then
  start_host "$keep_alive_s" -- "$client" --output HEADLESS-1
else
  start_host "$keep_alive_s"
fi

# 1. A bad streamid: refused at once (ffmpeg, then the libsrt caller, which also times it and
#    reads the reject code without a process start of ffmpeg's size in the figure), logged once.
if timeout 10 ffmpeg -v quiet -y -i "$(url 'mode=huge,client=mallory')" -t 1 -c copy \
  "$work/bad.ts" 2>/dev/null; then
  fail "a caller with streamid 'mode=huge' was served"
fi
start=$(now_ms)
answer=$("$caller" 127.0.0.1 "$port" 'mode=huge,client=mallory' 1 5000 || true)
took=$(($(now_ms) - start))
[[ "$answer" == "refused reject=1400 "* ]] || fail "the bad caller got '$answer', want reject 1400"
((took < 1000)) || fail "the refused caller took $(seconds $took)s to fail, want < 1 s"
refusals=$(grep -c "refused (1400): streamid mode 'huge'" "$log" || true)
((refusals == 1)) || fail "the rejection was logged $refusals times, want once"
kill -0 "$server" 2>/dev/null || fail "the host died after a bad streamid"
echo "PASS: bad streamid refused in $(seconds $took)s, logged once"

# 2. Two callers at once, each with its own mode.
timeout 30 ffmpeg -v error -y -i "$(url '%23!::r=1600x900@30,u=alice')" -t 2 -c copy \
  "$work/alice.ts" &
alice=$!
timeout 30 ffmpeg -v error -y -i "$(url 'mode=1280x720@60,client=bob')" -t 2 -c copy \
  "$work/bob.ts" &
bob=$!
callers=("$alice" "$bob")
wait "$alice" || fail "alice's ffmpeg failed"
wait "$bob" || fail "bob's ffmpeg failed"
callers=()
for who in alice:1600,900,30/1 bob:1280,720,60/1; do
  name=${who%%:*} want=${who#*:}
  got=$(ffprobe -v error -select_streams v:0 -show_entries stream=codec_name,width,height,r_frame_rate \
    -of csv=p=0 "$work/$name.ts" | sed -n 1p)  # MPEG-TS lists the stream again under its program
  [[ "$got" == "h264,$want" ]] || fail "$name received '$got', want h264,$want"
  echo "PASS: $name received $got"
done
if [[ -n "$client" ]]; then
  rgb=$(ffmpeg -v error -i "$work/alice.ts" -vf "select=eq(n\,20),crop=2:2:400:225,scale=1:1" \
    -frames:v 1 -f rawvideo -pix_fmt rgb24 - | od -An -tu1)
  read -r r g b <<<"$rgb"
  ((r > 200 && g < 50 && b < 50)) || fail "alice's display shows ($r,$g,$b), want the app's red"
  echo "PASS: the app runs inside alice's display (top-left ($r,$g,$b))"
fi
slot_of() {  # slot_of CLIENT MODE: the slot the log says was created for CLIENT
  sed -n "s/.*display \([0-9]*\) (wlroots $2) created for client $1$/\1/p" "$log" | head -n1
}
alice_slot=$(slot_of alice 1600x900@30) bob_slot=$(slot_of bob 1280x720@60)
[[ -n "$alice_slot" && -n "$bob_slot" && "$alice_slot" != "$bob_slot" ]] ||
  fail "want two displays created, for alice and bob (got slots '$alice_slot' '$bob_slot')"
for slot in "$alice_slot" "$bob_slot"; do
  wait_for "display $slot \(wlroots [^)]*\) lingering for ${keep_alive_s}s" 3 ||
    fail "display $slot does not linger after its caller left"
done
echo "PASS: displays $alice_slot (alice) and $bob_slot (bob) linger after their callers left"

# 3. Alice again within keep_alive: the same slot. Then SIGKILL her caller mid-stream.
# ffmpeg itself (no `timeout` wrapper), so SIGKILL hits the caller; cleanup kills it on failure.
ffmpeg -nostdin -v error -y -i "$(url '%23!::r=1600x900@30,u=alice')" -c copy \
  "$work/alice-again.ts" 2>/dev/null &
alice=$!
callers=("$alice")
wait_for "display $alice_slot \(wlroots 1600x900@30\) reused for client alice" 3 ||
  fail "alice's reconnect did not get display $alice_slot back"
echo "PASS: alice's reconnect reused display $alice_slot"
for _ in $(seq 100); do
  [[ $(stat -c %s "$work/alice-again.ts" 2>/dev/null || echo 0) -gt 50000 ]] && break
  sleep 0.05
done
ended_before=$(grep -c "(client alice, srt [^)]*) ended after" "$log" || true)
start=$(now_ms)
kill -9 "$alice"
wait "$alice" 2>/dev/null || true  # reaped quietly
callers=()
until (($(grep -c "(client alice, srt [^)]*) ended after" "$log" || true) > ended_before)); do
  (($(now_ms) - start > 3000)) && fail "alice's session did not end within 3 s of SIGKILL"
  sleep 0.02
done
took=$(($(now_ms) - start))
((took <= 2000)) || fail "alice's session ended $(seconds $took)s after SIGKILL, want <= 2 s"
wait_for "display $alice_slot \(wlroots [^)]*\) lingering" 1 || fail "display $alice_slot gone"
echo "PASS: SIGKILLed caller's session ended after $(seconds $took)s; display $alice_slot lingers"

# 4. After keep_alive, both displays are gone.
for slot in "$alice_slot" "$bob_slot"; do
  wait_for "display $slot \(wlroots [^)]*\) torn down: keep-alive expired" $((keep_alive_s + 3)) ||
    fail "display $slot was not torn down after keep_alive"
done
echo "PASS: both displays torn down after keep_alive"

# 5. SIGTERM: exit 0, the managed sway gone.
stop_host
echo "PASS: SIGTERM -> exit 0, nothing left behind"
