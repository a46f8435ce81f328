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

source "$root/scripts/lib/private-pipewire.sh"
start_private_pipewire
start_test_source pfhost-demo 1280 720 30
node=$test_node

echo "stream-demo: PipeWire node $node (1280x720 BGRx test picture)" >&2
"$root/build/bin/pfhost" stream --pipewire-node "$node" --mode 1280x720@30 --duration 5 \
  --output out.mkv "$@"
