#!/usr/bin/env bash
# End to end on the managed sway: `pfhost stream --encoder vaapi -- PATTERN_CLIENT` with nothing
# but the twin configured runs a private headless sway, the test pattern client in it, and encodes
# through the VA-API driver twin. The last frame shows the pattern's four quadrant colours at the
# exact mode; the twin saw every picture, no contract violation, no leaked VA object.
# Usage: stream_sway_test.sh PFHOST PATTERN_CLIENT TWIN_DIR
set -euo pipefail
pfhost=$1 client=$2 twin_dir=$3
command -v sway >/dev/null || { echo "SKIP: sway not installed"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

work=$(mktemp -d /tmp/pfhost-vaapi-sway.XXXXXX)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
: >"$work/renderD128"
printf '[plugins.vaapi]\ndevice = "%s"\nprofile = "constrained_baseline"\n' "$work/renderD128" >"$work/host.toml"

# A fresh login without a desktop session, so the wlroots plugin starts its own sway.
env -i PATH="$PATH" HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" \
  LIBVA_DRIVERS_PATH="$twin_dir" LIBVA_DRIVER_NAME=pfhost_twin VATWIN_DRM_NODE="$work/renderD128" \
  VATWIN_REPORT="$work/twin.report" LD_PRELOAD="$twin_dir/drm_node_shim.so" \
  ASAN_OPTIONS=verify_asan_link_order=0 \
  "$pfhost" stream --config "$work/host.toml" --encoder vaapi --mode 640x480@30 --duration 3 \
  --output "$work/out.mkv" -- "$client" --output HEADLESS-1 >"$work/stream.log" 2>&1 ||
  { cat "$work/stream.log"; fail "pfhost stream --encoder vaapi on the managed sway failed"; }
grep -q "wlroots" "$work/stream.log" || { cat "$work/stream.log"; fail "not the managed sway"; }
grep -q "opened h264_vaapi" "$work/stream.log" || { cat "$work/stream.log"; fail "not encoded by vaapi"; }
probe=$(ffprobe -v error -count_frames -select_streams v:0 \
  -show_entries stream=codec_name,width,height,nb_read_frames -of csv=p=0 "$work/out.mkv")
IFS=, read -r codec width height frames <<<"$probe"
[[ "$codec" == h264 && "$width" == 640 && "$height" == 480 ]] || fail "got '$probe', want h264,640,480"
# The stream starts with the first captured frame, which a loaded machine delays (sway and the
# client start first), so the floor is loose; the twin must still have encoded every one of them.
((frames >= 60 && frames <= 92)) || fail "got $frames frames, want 60..92 (3 s at 30 fps)"

# colour_at X Y: the last frame's pixel, as "r g b".
colour_at() {
  ffmpeg -v error -sseof -0.5 -i "$work/out.mkv" -frames:v 1 -vf "crop=2:2:$1:$2,scale=1:1" \
    -f rawvideo -pix_fmt rgb24 - | od -An -tu1
}
check() {  # check NAME X Y R G B: within 40 of the expected colour
  read -r r g b <<<"$(colour_at "$2" "$3")"
  for pair in "$r $4" "$g $5" "$b $6"; do
    read -r got want <<<"$pair"
    ((got - want < 40 && want - got < 40)) || fail "$1 quadrant is ($r,$g,$b), want ($4,$5,$6)"
  done
}
check top-left 160 120 255 0 0
check top-right 480 120 0 255 0
check bottom-left 160 360 0 0 255
check bottom-right 480 360 255 255 255

report() { sed -n "s/^$1=//p" "$work/twin.report" | tail -n 1; }
[[ "$(report violations)" == 0 ]] || fail "twin: contract violation: $(report first_violation)"
[[ "$(report leaked_total)" == 0 ]] || fail "twin: VA objects left alive"
[[ "$(report pictures)" == "$frames" ]] || fail "twin encoded $(report pictures) pictures, the file has $frames"
echo "PASS: $probe, quadrant colours as drawn, twin pictures $(report pictures)"
