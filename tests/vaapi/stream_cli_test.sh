#!/usr/bin/env bash
# End to end: `pfhost stream --encoder vaapi` on a private PipeWire source, with the VA-API driver
# twin loaded by the real libva. The file must be H.264 at the source's exact size with about
# duration x rate frames and the source's colour; the twin must have seen every picture with no
# contract violation and no leaked VA object. With the twin loaded `auto` selects vaapi; without
# it the listing says why vaapi is unavailable and software is used.
# Usage: stream_cli_test.sh PFHOST REPO_ROOT TWIN_DIR
set -euo pipefail
pfhost=$1 root=$2 twin_dir=$3
command -v pipewire >/dev/null || { echo "SKIP: pipewire not installed"; exit 77; }
source "$root/scripts/lib/private-pipewire.sh"
start_private_pipewire
fail() { echo "FAIL: $*" >&2; exit 1; }

: >"$pw_run_dir/renderD128"
cat >"$pw_run_dir/host.toml" <<TOML
[plugins.vaapi]
device = "$pw_run_dir/renderD128"
profile = "constrained_baseline"
TOML
with_twin() {
  env LIBVA_DRIVERS_PATH="$twin_dir" LIBVA_DRIVER_NAME=pfhost_twin \
    VATWIN_DRM_NODE="$pw_run_dir/renderD128" VATWIN_REPORT="$pw_run_dir/twin.report" \
    LD_PRELOAD="$twin_dir/drm_node_shim.so" ASAN_OPTIONS=verify_asan_link_order=0 "$@"
}
report() { sed -n "s/^$1=//p" "$pw_run_dir/twin.report" | tail -n 1; }

start_test_source vaapi-e2e 320 240 30 red
with_twin "$pfhost" stream --config "$pw_run_dir/host.toml" --no-cache --encoder vaapi \
  --pipewire-node "$test_node" --mode 320x240@30 --duration 2 --output "$pw_run_dir/out.mkv" \
  2>"$pw_run_dir/stream.log" || { cat "$pw_run_dir/stream.log"; fail "stream failed"; }
grep -q "h264_vaapi" "$pw_run_dir/stream.log" || { cat "$pw_run_dir/stream.log"; fail "not encoded by vaapi"; }
probe=$(ffprobe -v error -count_frames -select_streams v:0 \
  -show_entries stream=codec_name,width,height,nb_read_frames -of csv=p=0 "$pw_run_dir/out.mkv")
IFS=, read -r codec width height frames <<<"$probe"
[[ "$codec" == h264 && "$width" == 320 && "$height" == 240 ]] || fail "got '$probe', want h264,320,240"
((frames >= 54 && frames <= 62)) || fail "got $frames frames, want about 60 (2 s at 30 fps)"
rgb=$(ffmpeg -v error -i "$pw_run_dir/out.mkv" -frames:v 1 -vf "crop=2:2:160:120,scale=1:1" -f rawvideo -pix_fmt rgb24 - | od -An -tu1)
read -r r g b <<<"$rgb"
((r > 200 && g < 40 && b < 40)) || fail "centre pixel is ($r,$g,$b), want red"
[[ "$(report violations)" == 0 ]] || fail "twin: contract violation: $(report first_violation)"
[[ "$(report leaked_total)" == 0 ]] || fail "twin: VA objects left alive: $(grep leaked_ "$pw_run_dir/twin.report")"
[[ "$(report pictures)" == "$frames" ]] || fail "twin encoded $(report pictures) pictures, the file has $frames"

# Selection: vaapi outranks software when its probe succeeds, and says why when it cannot.
with_twin "$pfhost" --list-backends --config "$pw_run_dir/host.toml" --no-cache >"$pw_run_dir/with.txt" 2>&1
grep -E "^\s+encode\s+vaapi\s+\(auto" "$pw_run_dir/with.txt" >/dev/null ||
  { cat "$pw_run_dir/with.txt"; fail "with the twin, auto does not select vaapi"; }
"$pfhost" --list-backends --config "$pw_run_dir/host.toml" --no-cache >"$pw_run_dir/without.txt" 2>&1
grep -E "^\s+encode\s+software\s+\(auto" "$pw_run_dir/without.txt" >/dev/null ||
  { cat "$pw_run_dir/without.txt"; fail "without the twin, auto does not fall back to software"; }
grep -q "not vaapi: unavailable: " "$pw_run_dir/without.txt" ||
  { cat "$pw_run_dir/without.txt"; fail "without the twin, the listing does not say why vaapi is unavailable"; }
echo "PASS: $probe, first pixel ($r,$g,$b), twin pictures $(report pictures)"
