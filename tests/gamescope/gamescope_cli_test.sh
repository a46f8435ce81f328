#!/usr/bin/env bash
# `pfhost stream --display gamescope` end to end through the stand-in gamescope
# (fake-gamescope.sh) on a private PipeWire, one case per run:
#   stream         1280x720@30 for 3 s: H.264 file of that size; gamescope and its app are gone
#   registry       no node line in the log: the node is found in the PipeWire registry
#   dies-early     gamescope exits at start-up: a clear error with the tail of its log
#   no-node        gamescope never provides a node: timeout error, nothing left running
#   too-old        --version says 3.11: the backend is unavailable, naming the version found
# Usage: gamescope_cli_test.sh CASE PFHOST REPO_ROOT
set -euo pipefail
case_name=$1 pfhost=$2 root=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
command -v pipewire >/dev/null || { echo "SKIP: pipewire not installed"; exit 77; }
command -v gst-launch-1.0 >/dev/null || { echo "SKIP: gst-launch-1.0 not installed"; exit 77; }
source "$root/scripts/lib/private-pipewire.sh"
start_private_pipewire
dir=$pw_run_dir
fail() { echo "FAIL: $*" >&2; exit 1; }
export XDG_CACHE_HOME=$dir/cache XDG_CONFIG_HOME=$dir/config
export FAKE_GAMESCOPE_PIDFILE=$dir/gamescope.pid

write_config() {  # extra lines for [plugins.gamescope], one per argument
  { echo "[plugins.gamescope]"; echo "binary = \"$here/fake-gamescope.sh\""
    printf '%s\n' "$@"; } >"$dir/host.toml"
}
gone() {  # pid file: the process it names must not run any more
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 0
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  return 1
}
stream() {  # pfhost stream args...; stderr to $dir/stream.log
  "$pfhost" --config "$dir/host.toml" --no-cache stream --display gamescope "$@" 2>"$dir/stream.log"
}

case $case_name in
  stream)
    write_config 'node_timeout_ms = 10000'
    stream --mode 1280x720@30 --duration 3 --output "$dir/out.mkv" \
      -- bash -c "echo \$\$ >'$dir/app.pid'; exec sleep 600" || { cat "$dir/stream.log"; fail "stream failed"; }
    probe=$(ffprobe -v error -count_frames -select_streams v:0 \
      -show_entries stream=codec_name,width,height,nb_read_frames -of csv=p=0 "$dir/out.mkv")
    IFS=, read -r codec width height frames <<<"$probe"
    [[ "$codec" == h264 && "$width" == 1280 && "$height" == 720 ]] || fail "got '$probe', want h264,1280,720"
    ((frames >= 60 && frames <= 95)) || fail "got $frames frames, want about 90 (3 s at 30 fps)"
    grep -q "streams on node" "$dir/stream.log" || { cat "$dir/stream.log"; fail "no node line in the log"; }
    [[ -s "$dir/app.pid" ]] || fail "the app given after -- never ran"
    gone "$dir/app.pid" || fail "the app outlived the display"
    gone "$FAKE_GAMESCOPE_PIDFILE" || fail "gamescope outlived the display"
    echo "PASS: $probe" ;;
  registry)  # also: the app from [plugins.gamescope] app when the command line names none
    write_config 'node_timeout_ms = 10000' "app = [\"bash\", \"-c\", \"echo \$\$ >'$dir/app.pid'; exec sleep 600\"]"
    FAKE_GAMESCOPE_MODE=registry-only stream --mode 640x480@30 --duration 1 --output "$dir/out.mkv" \
      || { cat "$dir/stream.log"; fail "stream failed"; }
    grep -q "found its node [0-9]* in the PipeWire registry" "$dir/stream.log" \
      || { cat "$dir/stream.log"; fail "the node did not come from the registry"; }
    probe=$(ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0 "$dir/out.mkv")
    [[ "$probe" == 640,480 ]] || fail "got '$probe', want 640,480"
    [[ -s "$dir/app.pid" ]] || fail "the configured app never ran"
    gone "$dir/app.pid" || fail "the app outlived the display"
    gone "$FAKE_GAMESCOPE_PIDFILE" || fail "gamescope outlived the display"
    echo "PASS: registry fallback, $probe" ;;
  dies-early)
    write_config 'node_timeout_ms = 10000'
    if FAKE_GAMESCOPE_MODE=die-early stream --mode 640x480@30 --duration 1 --output "$dir/out.mkv"; then
      fail "a gamescope that exits at start-up must fail the stream"
    fi
    grep -q "exited with status 3 before announcing its PipeWire node" "$dir/stream.log" \
      || { cat "$dir/stream.log"; fail "unclear early-exit error"; }
    grep -q "no suitable Vulkan device found" "$dir/stream.log" \
      || { cat "$dir/stream.log"; fail "the error lacks the tail of gamescope's log"; }
    echo "PASS: early exit reported" ;;
  no-node)
    write_config 'node_timeout_ms = 1500'
    start=$(date +%s%N)
    if FAKE_GAMESCOPE_MODE=no-node stream --mode 640x480@30 --duration 1 --output "$dir/out.mkv" \
      -- bash -c "echo \$\$ >'$dir/app.pid'; exec sleep 600"; then
      fail "a gamescope without a node must fail the stream"
    fi
    took_ms=$((($(date +%s%N) - start) / 1000000))
    grep -q "did not announce a PipeWire node within 1500 ms" "$dir/stream.log" \
      || { cat "$dir/stream.log"; fail "unclear timeout error"; }
    ((took_ms < 10000)) || fail "giving up took $took_ms ms"
    gone "$FAKE_GAMESCOPE_PIDFILE" || fail "gamescope was left running"
    gone "$dir/app.pid" || fail "its app was left running"
    echo "PASS: timeout after $took_ms ms" ;;
  too-old)
    write_config
    FAKE_GAMESCOPE_VERSION=3.11.51 "$pfhost" --config "$dir/host.toml" --no-cache --list-backends \
      >"$dir/list.txt" 2>&1 || true
    grep -q "gamescope 3.11.51 at $here/fake-gamescope.sh has no headless backend (needs 3.12 or newer)" \
      "$dir/list.txt" || { cat "$dir/list.txt"; fail "the reason does not name the version"; }
    "$pfhost" --config "$dir/host.toml" --no-cache --list-backends >"$dir/list-ok.txt" 2>&1 || true
    if grep -q "has no headless backend" "$dir/list-ok.txt"; then
      cat "$dir/list-ok.txt"; fail "3.14.2 must probe OK"
    fi
    echo "PASS: version gate" ;;
  *) fail "unknown case '$case_name'" ;;
esac
