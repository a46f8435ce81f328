#!/usr/bin/env bash
# The user-facing contract on GNOME: `pfhost --list-backends` shows mutter available while Mutter
# runs (unavailable, with a reason, when it does not), and `pfhost stream --display mutter` writes
# H.264 at exactly the requested size. Usage: mutter_cli_test.sh PFHOST PATTERN_CLIENT REPO_ROOT
set -euo pipefail
pfhost=$1 pattern_client=$2 root=$3
for tool in pipewire mutter gdbus ffprobe; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool not installed"; exit 77; }
done
source "$root/scripts/lib/private-pipewire.sh"
start_private_pipewire
fail() { echo "FAIL: $*" >&2; exit 1; }
unset DISPLAY WAYLAND_DISPLAY
export XDG_CACHE_HOME=$pw_run_dir/cache  # no probe results from another run

"$pfhost" --list-backends --no-cache >"$pw_run_dir/none.txt" 2>&1 || true
# The Backends table: "display  mutter  50  mutter  <description>  <probe result>".
grep -Eq "^ +display +mutter +.*unavailable: Mutter's ScreenCast service \(org.gnome.Mutter.ScreenCast\) is not on the session bus" \
  "$pw_run_dir/none.txt" ||
  { cat "$pw_run_dir/none.txt"; fail "without Mutter, mutter must be unavailable naming the ScreenCast service"; }

mutter --headless --wayland --no-x11 --wayland-display=pfhost-cli >"$pw_run_dir/mutter.log" 2>&1 &
pw_pids=($! "${pw_pids[@]}")  # stopped first
timeout 15 gdbus wait --session org.gnome.Mutter.ScreenCast || { cat "$pw_run_dir/mutter.log"; fail "mutter did not start"; }

"$pfhost" --list-backends --no-cache >"$pw_run_dir/list.txt" 2>&1 || true
grep -Eq "^ +display +mutter +.* ok(: Mutter ScreenCast API version [0-9]+.*)?$" "$pw_run_dir/list.txt" ||
  { cat "$pw_run_dir/list.txt"; fail "with Mutter running, mutter must be available"; }

# The client needs the monitor to exist first: start it once the stream has begun.
( sleep 1.5; WAYLAND_DISPLAY=pfhost-cli exec "$pattern_client" ) >"$pw_run_dir/client.log" 2>&1 &
client=$!
"$pfhost" stream --display mutter --capture pipewire --encoder software --mode 1280x720@30 \
  --duration 5 --output "$pw_run_dir/out.mkv" 2>"$pw_run_dir/stream.log" ||
  { cat "$pw_run_dir/stream.log"; fail "stream failed"; }
kill "$client" 2>/dev/null || true
probe=$(ffprobe -v error -count_frames -select_streams v:0 \
  -show_entries stream=codec_name,width,height,nb_read_frames -of csv=p=0 "$pw_run_dir/out.mkv")
IFS=, read -r codec width height frames <<<"$probe"
[[ "$codec" == h264 && "$width" == 1280 && "$height" == 720 ]] || fail "got '$probe', want h264,1280,720"
# With the default variable frame rate the file holds what Mutter sent (it repaints only what
# changes, at its own pace on a loaded machine) plus a repeat a second while nothing changed, and
# lasts the whole 5 s either way.
captured=$(sed -n 's/^frames: captured \([0-9]*\),.*/\1/p' "$pw_run_dir/stream.log")
((frames >= 10)) ||
  { cat "$pw_run_dir/stream.log"; fail "got $frames frames for $captured captured ones"; }
duration=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$pw_run_dir/out.mkv")
awk -v d="$duration" 'BEGIN { exit !(d >= 4.9 && d <= 5.1) }' || fail "the file lasts $duration s, want 5 s"
echo "PASS: $probe, $duration s, $captured frames captured"
