#!/usr/bin/env bash
# `pfhost stream` with the nvenc plugin on the NVENC twin, on a real private PipeWire source: the
# file decodes at the source's exact size with its colour, the twin saw a low-latency session that
# left nothing behind; `encode = auto` picks nvenc when the driver (twin) is there, and without it
# the listing says why nvenc is unavailable, quickly, and software encodes instead.
# With sway and the pattern client, also a managed sway display with an app in it.
# Usage: nvenc_stream_cli_test.sh PFHOST REPO_ROOT TWIN_LIBRARY_DIR [PATTERN_CLIENT]
set -euo pipefail
pfhost=$1 root=$2 twin_dir=$3 client=${4:-}
command -v pipewire >/dev/null || { echo "SKIP: pipewire not installed"; exit 77; }
source "$root/scripts/lib/private-pipewire.sh"
start_private_pipewire
fail() { echo "FAIL: $*" >&2; exit 1; }
report=$pw_run_dir/twin-report.txt

with_twin() { LD_LIBRARY_PATH=$twin_dir PFHOST_NVENC_TWIN_REPORT=$report "$@"; }
# In the sanitizer build: the twin's libx265 leaks inside its own open/close (nothing of ours).
export LSAN_OPTIONS=suppressions=$root/tests/software/lsan.supp
# Each driver situation gets a descriptor cache of its own, so the runs stay independent (the host
# probes availability on every run anyway).
cache_for() { export XDG_CACHE_HOME=$pw_run_dir/cache-$1; }

# No driver: nvenc is unavailable with the reason, in well under a second, software is chosen.
cache_for none
start=$(date +%s%N)
"$pfhost" --list-backends >"$pw_run_dir/list-none.txt" 2>&1 || { cat "$pw_run_dir/list-none.txt"; fail "listing failed"; }
took_ms=$((($(date +%s%N) - start) / 1000000))
grep -q "nvenc .*unavailable: no NVIDIA driver (libnvidia-encode.so.1 not found)" "$pw_run_dir/list-none.txt" ||
  { cat "$pw_run_dir/list-none.txt"; fail "the listing does not say why nvenc is unavailable"; }
grep -q "encode   software  (auto" "$pw_run_dir/list-none.txt" || fail "software is not the automatic encoder without a driver"
((took_ms < 1000)) || fail "listing took $took_ms ms without a driver"

# The twin present: nvenc probes OK, names the twin, and is the automatic choice.
cache_for twin
with_twin "$pfhost" --list-backends >"$pw_run_dir/list-twin.txt" 2>&1
grep -q "nvenc .*ok: pfhost NVENC twin" "$pw_run_dir/list-twin.txt" || { cat "$pw_run_dir/list-twin.txt"; fail "nvenc did not probe OK on the twin"; }
grep -q "encode   nvenc  (auto" "$pw_run_dir/list-twin.txt" || { cat "$pw_run_dir/list-twin.txt"; fail "nvenc is not the automatic encoder with a driver"; }

expect_file() {  # file codec
  local probe rgb r g b
  probe=$(ffprobe -v error -count_frames -select_streams v:0 \
    -show_entries stream=codec_name,width,height,nb_read_frames -of csv=p=0 "$1")
  IFS=, read -r codec width height frames <<<"$probe"
  [[ "$codec" == "$2" && "$width" == 320 && "$height" == 240 ]] || fail "$1: got '$probe', want $2,320,240"
  ((frames >= 25)) || fail "$1: only $frames frames"
  rgb=$(ffmpeg -v error -i "$1" -frames:v 1 -vf "crop=2:2:160:120,scale=1:1" -f rawvideo -pix_fmt rgb24 - | od -An -tu1)
  read -r r g b <<<"$rgb"
  ((r > 200 && g < 40 && b < 40)) || fail "$1: centre pixel is ($r,$g,$b), want red"
  echo "$1: $probe, centre ($r,$g,$b)"
}

# A videotestsrc node serves one stream: each run gets a source of its own.
stream() {  # name, extra arguments...
  local name=$1; shift
  start_test_source "$name" 320 240 30 red
  with_twin "$pfhost" stream --pipewire-node "$test_node" --mode 320x240@30 --duration 1.5 \
    --output "$pw_run_dir/$name.mkv" "$@" 2>"$pw_run_dir/$name.log" ||
    { cat "$pw_run_dir/$name.log"; fail "$name: stream failed"; }
}

stream nvenc-h264 --encoder nvenc
expect_file "$pw_run_dir/nvenc-h264.mkv" h264
grep -q "^initialize codec=h264 size=320x240 .* tuning=ultra_low_latency rc=cbr bitrate=8000000 .* frame_interval_p=1" "$report" ||
  { cat "$report"; fail "the twin did not see a low-latency H.264 session"; }

: >"$report"
stream auto-hevc --codec hevc
expect_file "$pw_run_dir/auto-hevc.mkv" hevc
grep -q "^initialize codec=hevc" "$report" || { cat "$report"; fail "encode = auto did not use nvenc with the twin present"; }

grep -q '^violation' "$report" && { grep '^violation' "$report"; fail "contract violations"; }
grep '^destroy' "$report" | grep -v 'leaked_inputs=0 leaked_bitstreams=0 leaked_registrations=0 still_mapped=0 still_locked=0' &&
  fail "a session left buffers behind"

# Without the driver the same command encodes with software.
cache_for none
: >"$report"
start_test_source auto-none 320 240 30 red
"$pfhost" stream --pipewire-node "$test_node" --mode 320x240@30 --duration 1 \
  --output "$pw_run_dir/auto-none.mkv" 2>"$pw_run_dir/auto-none.log" || { cat "$pw_run_dir/auto-none.log"; fail "software fallback failed"; }
expect_file "$pw_run_dir/auto-none.mkv" h264
[[ ! -s "$report" ]] || fail "the twin was used although it was not on the library path"

# A managed headless sway with the pattern client inside: its red top-left quadrant in the file.
sway_result="sway part skipped (no sway, wlroots plugin or pattern client)"
if command -v sway >/dev/null && [[ -n "$client" && -x "$client" ]] &&
  "$pfhost" --list-backends 2>/dev/null | grep -q "display  *wlroots .* ok"; then
  dir=$pw_run_dir/sway && mkdir -p "$dir" && chmod 777 "$dir"
  : >"$report"
  env -i PATH="$PATH" HOME="$dir" XDG_CACHE_HOME="$dir/cache" LD_LIBRARY_PATH="$twin_dir" \
    LSAN_OPTIONS="$LSAN_OPTIONS" \
    PFHOST_NVENC_TWIN_REPORT="$report" "$pfhost" stream --encoder nvenc --mode 640x480@30 \
    --duration 2 --output "$dir/out.mkv" -- "$client" --output HEADLESS-1 >"$dir/stream.log" 2>&1 ||
    { cat "$dir/stream.log"; fail "sway: pfhost stream --encoder nvenc failed"; }
  grep -q "wlroots display with wlr-screencopy -> nvenc" "$dir/stream.log" || { cat "$dir/stream.log"; fail "sway: not wlroots -> nvenc"; }
  probe=$(ffprobe -v error -count_frames -select_streams v:0 \
    -show_entries stream=codec_name,width,height,nb_read_frames -of csv=p=0 "$dir/out.mkv")
  [[ "$probe" == h264,640,480,* ]] || fail "sway: got '$probe', want h264,640,480"
  rgb=$(ffmpeg -v error -sseof -0.5 -i "$dir/out.mkv" -frames:v 1 -vf "crop=2:2:160:120,scale=1:1" \
    -f rawvideo -pix_fmt rgb24 - | od -An -tu1)
  read -r r g b <<<"$rgb"
  ((r > 200 && g < 50 && b < 50)) || fail "sway: top-left pixel is ($r,$g,$b), want the client's red"
  grep -q "^initialize codec=h264 size=640x480" "$report" || fail "sway: the twin saw no 640x480 session"
  sway_result="sway: $probe, top-left ($r,$g,$b)"
fi
echo "$sway_result"
echo "PASS: nvenc end to end on the twin; software without it (listing in $took_ms ms)"
