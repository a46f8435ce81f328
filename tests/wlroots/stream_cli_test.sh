#!/usr/bin/env bash
# The README's main job on a machine with sway and no desktop session: with nothing configured,
# `pfhost stream --mode 1600x900@30 --duration 5 --output out.mkv` runs on a private headless sway
# (the embedded default) and writes H.264 at exactly 1600x900 lasting 5 s. Nothing moves on that
# desktop, so with the default variable frame rate the file holds a few frames (a repeat a second
# and one at the end); with [stream] frame_rate = "constant" about 150. Run as the current user
# and, when that is root, also as a normal user (uid 1000 or nobody), the second run with a
# constant frame rate.
# With a pattern client, `pfhost stream ... -- APP ARGS` must show the app's picture.
# Usage: stream_cli_test.sh PFHOST [PATTERN_CLIENT]
set -euo pipefail
pfhost=$1 client=${2:-}
command -v sway >/dev/null || { echo "SKIP: sway not installed"; exit 77; }
command -v ffprobe >/dev/null || { echo "SKIP: ffprobe not installed"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

work=$(mktemp -d /tmp/pfhost-wlr-cli.XXXXXX)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT

# A fresh login without a desktop: no Wayland/sway session, no runtime dir, no user config.
run_main_job() {  # run_main_job NAME FRAME_RATE [wrapper...]
  local name=$1 rate=$2; shift 2
  local dir=$work/$name
  mkdir -p "$dir/config/pfhost" && chmod -R 777 "$dir"
  [[ $rate == constant ]] && printf '[stream]\nframe_rate = "constant"\n' >"$dir/config/pfhost/host.toml"
  env -i PATH="$PATH" HOME="$dir" XDG_CONFIG_HOME="$dir/config" XDG_CACHE_HOME="$dir/cache" \
    "$@" "$pfhost" stream --mode 1600x900@30 --duration 5 --output "$dir/out.mkv" \
    >"$dir/stream.log" 2>&1 || { cat "$dir/stream.log"; fail "$name: pfhost stream failed"; }
  grep -q "streaming a 1600x900@30 wlroots display with wlr-screencopy" "$dir/stream.log" ||
    { cat "$dir/stream.log"; fail "$name: not the wlroots display read by wlr-screencopy"; }
  probe=$(ffprobe -v error -count_frames -select_streams v:0 \
    -show_entries stream=codec_name,width,height,nb_read_frames -of csv=p=0 "$dir/out.mkv")
  IFS=, read -r codec width height frames <<<"$probe"
  [[ "$codec" == h264 && "$width" == 1600 && "$height" == 900 ]] ||
    fail "$name: got '$probe', want h264,1600,900"
  local duration
  duration=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$dir/out.mkv")
  awk -v d="$duration" 'BEGIN { exit !(d >= 4.9 && d <= 5.1) }' ||
    fail "$name: the file lasts $duration s, want 5 s"
  if [[ $rate == constant ]]; then
    ((frames >= 140 && frames <= 155)) || fail "$name: got $frames frames, want about 150 (5 s at 30 fps)"
  else
    ((frames >= 5 && frames <= 30)) ||
      fail "$name: got $frames frames of a still desktop, want a few (a repeat a second, one at the end)"
  fi
  # Nothing of the private sway is left behind: its runtime dir (named in the log) is gone.
  local runtime
  runtime=$(grep -o '/tmp/pfhost-sway-[A-Za-z0-9]*' "$dir/stream.log" | head -n1 || true)
  [[ -n "$runtime" ]] || { cat "$dir/stream.log"; fail "$name: the log names no managed sway"; }
  [[ ! -e "$runtime" ]] || fail "$name: $runtime left behind"
  echo "PASS ($name, $rate frame rate): $probe, $duration s"
}

run_main_job "as-$(id -un)" variable
if [[ $(id -u) != 0 ]]; then
  run_main_job "as-$(id -un)-constant" constant
else
  user=$(getent passwd 1000 | cut -d: -f1 || true)
  [[ -n "$user" ]] || user=nobody
  uid=$(id -u "$user") gid=$(id -g "$user")
  run_main_job "as-$user" constant setpriv --reuid="$uid" --regid="$gid" --clear-groups
fi

# `-- APP ARGS`: the app runs inside the managed sway; its red top-left quadrant is in the file.
if [[ -n "$client" && -x "$client" ]]; then
  dir=$work/app && mkdir -p "$dir"
  env -i PATH="$PATH" HOME="$dir" "$pfhost" stream --mode 800x600@30 --duration 3 \
    --output "$dir/out.mkv" -- "$client" --output HEADLESS-1 >"$dir/stream.log" 2>&1 ||
    { cat "$dir/stream.log"; fail "app: pfhost stream -- APP failed"; }
  # The last frame (the app maps within a few hundred ms), a 2x2 box in the top-left quadrant.
  rgb=$(ffmpeg -v error -sseof -0.5 -i "$dir/out.mkv" -frames:v 1 -vf "crop=2:2:200:225,scale=1:1" \
    -f rawvideo -pix_fmt rgb24 - | od -An -tu1)
  read -r r g b <<<"$rgb"
  ((r > 200 && g < 50 && b < 50)) || fail "app: top-left pixel is ($r,$g,$b), want the client's red"
  echo "PASS (app): top-left ($r,$g,$b)"
fi
