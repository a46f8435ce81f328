#!/usr/bin/env bash
# `pfhost stream --pipewire-node` against a real private PipeWire: the file must be H.264 at the
# source's exact size with about duration x rate frames; an unknown node and an unwritable output
# must fail with a clear message. Usage: stream_cli_test.sh PFHOST REPO_ROOT
set -euo pipefail
pfhost=$1 root=$2
command -v pipewire >/dev/null || { echo "SKIP: pipewire not installed"; exit 77; }
source "$root/scripts/lib/private-pipewire.sh"
start_private_pipewire
fail() { echo "FAIL: $*" >&2; exit 1; }

start_test_source cli-test 640 480 30 red
"$pfhost" stream --pipewire-node "$test_node" --mode 640x480@30 --duration 2 \
  --output "$pw_run_dir/out.mkv" 2>"$pw_run_dir/stream.log" || { cat "$pw_run_dir/stream.log"; fail "stream failed"; }
probe=$(ffprobe -v error -count_frames -select_streams v:0 \
  -show_entries stream=codec_name,width,height,nb_read_frames -of csv=p=0 "$pw_run_dir/out.mkv")
IFS=, read -r codec width height frames <<<"$probe"
[[ "$codec" == h264 && "$width" == 640 && "$height" == 480 ]] || fail "got '$probe', want h264,640,480"
((frames >= 54 && frames <= 62)) || fail "got $frames frames, want about 60 (2 s at 30 fps)"
grep -q "capture-to-packet latency" "$pw_run_dir/stream.log" || fail "no summary on stderr"
# The first decoded pixel is the source's red (limited-range BT.709 rounding tolerated).
rgb=$(ffmpeg -v error -i "$pw_run_dir/out.mkv" -frames:v 1 -vf "crop=2:2:320:240,scale=1:1" -f rawvideo -pix_fmt rgb24 - | od -An -tu1)
read -r r g b <<<"$rgb"
((r > 200 && g < 40 && b < 40)) || fail "centre pixel is ($r,$g,$b), want red"

if "$pfhost" stream --pipewire-node 987654 --duration 1 --output "$pw_run_dir/x.mkv" 2>"$pw_run_dir/bad.log"; then
  fail "an unknown node must fail"
fi
grep -q "987654" "$pw_run_dir/bad.log" || { cat "$pw_run_dir/bad.log"; fail "the error does not name the node"; }

if "$pfhost" stream --pipewire-node "$test_node" --duration 1 --output /nonexistent-dir/x.mkv 2>"$pw_run_dir/out.log"; then
  fail "an unwritable output must fail"
fi
grep -q "cannot open output file '/nonexistent-dir/x.mkv'" "$pw_run_dir/out.log" || { cat "$pw_run_dir/out.log"; fail "unclear output error"; }
echo "PASS: $probe, first pixel ($r,$g,$b)"
