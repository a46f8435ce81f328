#!/usr/bin/env bash
# Streams a live test picture through the whole pipeline on a machine with no desktop session:
# starts a private session bus, PipeWire and wireplumber, a 1280x720 BGRx video source (GStreamer
# videotestsrc), and runs `pfhost stream --pipewire-node` on it into out.mkv. Everything it starts
# is stopped on exit. Extra arguments go to `pfhost stream` (e.g. --duration 10 --output x.ts).
#   scripts/stream-demo.sh [pfhost stream options]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ ! -x "$root/build/bin/pfhost" ]]; then
  "$root/scripts/install-deps.sh"
  cmake -S "$root" -B "$root/build" -G Ninja -DPFHOST_BUILD_TESTS=OFF -DPFHOST_BUILD_BENCH=OFF >/dev/null
  cmake --build "$root/build" -j "$(nproc)" --target pfhost software pipewire
fi

run=$(mktemp -d /tmp/pfhost-demo.XXXXXX)
chmod 700 "$run"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$run"
}
trap cleanup EXIT

export XDG_RUNTIME_DIR=$run PIPEWIRE_RUNTIME_DIR=$run
export DBUS_SESSION_BUS_ADDRESS=unix:path=$run/bus
dbus-daemon --session --address="$DBUS_SESSION_BUS_ADDRESS" --nofork >"$run/dbus.log" 2>&1 &
pids+=($!)
pipewire >"$run/pipewire.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do pw-cli info 0 >/dev/null 2>&1 && break; sleep 0.05; done
wireplumber >"$run/wireplumber.log" 2>&1 &
pids+=($!)

gst-launch-1.0 -q videotestsrc is-live=true pattern=ball ! \
  video/x-raw,format=BGRx,width=1280,height=720,framerate=30/1 ! \
  pipewiresink mode=provide 'stream-properties=props,media.class=Video/Source,node.name=pfhost-demo' \
  >"$run/source.log" 2>&1 &
pids+=($!)
node=""
for _ in $(seq 100); do
  node=$(pw-dump 2>/dev/null | python3 -c '
import json, sys
for o in json.load(sys.stdin):
    if o.get("info", {}).get("props", {}).get("node.name") == "pfhost-demo":
        print(o["id"]); break' || true)
  [[ -n "$node" ]] && break
  sleep 0.1
done
[[ -n "$node" ]] || { echo "stream-demo: the test source never appeared (see $run/source.log)" >&2; exit 1; }

echo "stream-demo: PipeWire node $node (1280x720 BGRx test picture)" >&2
"$root/build/bin/pfhost" stream --pipewire-node "$node" --mode 1280x720@30 --duration 5 \
  --output out.mkv "$@"
