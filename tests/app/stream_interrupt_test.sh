#!/usr/bin/env bash
# Stopping `pfhost stream` with SIGINT or SIGTERM must finish the output: exit 0 and a playable
# file holding every packet the summary says was written, for each container (mkv, mp4, ts).
# Usage: stream_interrupt_test.sh PFHOST REPO_ROOT
set -euo pipefail
pfhost=$1 root=$2
command -v pipewire >/dev/null || { echo "SKIP: pipewire not installed"; exit 77; }
source "$root/scripts/lib/private-pipewire.sh"
start_private_pipewire
fail() { echo "FAIL: $*" >&2; exit 1; }

# One stream without a duration, stopped by `signal` once packets are flowing.
stop_with() {  # signal extension
  local signal=$1 ext=$2 out="$pw_run_dir/stopped.$2" log="$pw_run_dir/stopped-$2.log" pid rc _
  # A source per run: a pipewiresink in provide mode serves one consumer.
  start_test_source "interrupt-$ext" 320 240 30 ball
  "$pfhost" stream --pipewire-node "$test_node" --mode 320x240@30 --output "$out" 2>"$log" &
  pid=$!
  # Progress lines appear once a second: wait until one shows at least 30 encoded frames.
  for _ in $(seq 100); do
    grep -qE "\| frames ([3-9][0-9]|[0-9]{3,}) " "$log" 2>/dev/null && break
    sleep 0.1
  done
  kill "-$signal" "$pid"
  rc=0
  wait "$pid" || rc=$?
  ((rc == 0)) || { cat "$log"; fail "$ext: exit status $rc after SIG$signal, want 0"; }
  local written
  written=$(sed -n 's/^output: \([0-9]*\) packets.*/\1/p' "$log")
  [[ -n "$written" ]] || { cat "$log"; fail "$ext: no summary after SIG$signal"; }
  ((written >= 30)) || { cat "$log"; fail "$ext: only $written packets written before the stop"; }
  local probe codec width height packets
  probe=$(ffprobe -v error -count_packets -select_streams v:0 \
    -show_entries stream=codec_name,width,height,nb_read_packets -of csv=p=0 "$out") ||
    fail "$ext: ffprobe cannot read the stopped file"
  IFS=, read -r codec width height packets <<<"$probe"
  [[ "$codec" == h264 && "$width" == 320 && "$height" == 240 ]] || fail "$ext: got '$probe'"
  ((packets == written)) || fail "$ext: the file holds $packets packets, the summary says $written"
  # Every frame decodes: a cut-off file shows up as decode errors or missing frames here.
  local decoded
  decoded=$(ffmpeg -v error -xerror -i "$out" -f null - 2>&1 | wc -l)
  ((decoded == 0)) || fail "$ext: decoding the stopped file reported errors"
  echo "$ext after SIG$signal: $packets packets, playable"
}

stop_with INT mkv
stop_with TERM mp4
stop_with INT ts
echo "PASS"
