#!/usr/bin/env bash
# A stand-in for gamescope (Debian's 3.11 cannot run here: no headless backend, no GPU). It
# behaves like `gamescope --backend headless -W w -H h -r hz -- APP...` as the plugin sees it:
# runs APP, provides a real PipeWire Video/Source node of w x h at hz (GStreamer, BGRx like a
# compositor), prints gamescope's coloured "stream available on node ID: N" line once the node
# exists, and exits on SIGTERM, stopping its source and app.
#   FAKE_GAMESCOPE_VERSION  what --version reports (default 3.14.2)
#   FAKE_GAMESCOPE_MODE     normal | registry-only (node, but no log line) | die-early (exit 3
#                           at start-up) | no-node (runs, never provides a node)
#   FAKE_GAMESCOPE_PIDFILE  if set, its pid is written there (tests check it is gone)
set -u
mode=${FAKE_GAMESCOPE_MODE:-normal}
info() { printf '\e[0;34m[gamescope] \e[0m\e[0;37m[Info] \e[0m %s\n' "$*"; }

if [[ ${1:-} == --version ]]; then
  info "console: gamescope version ${FAKE_GAMESCOPE_VERSION:-3.14.2} (gcc 12.2.0)"
  exit 0
fi
[[ -n ${FAKE_GAMESCOPE_PIDFILE:-} ]] && echo $$ >"$FAKE_GAMESCOPE_PIDFILE"

backend="" width="" height="" rate=""
while (($#)); do
  case $1 in
    --backend) backend=$2; shift 2 ;;
    -W) width=$2; shift 2 ;;
    -H) height=$2; shift 2 ;;
    -r) rate=$2; shift 2 ;;
    --) shift; break ;;
    *) shift ;;
  esac
done
info "fake gamescope: backend=$backend ${width}x${height}@${rate} app: $*"
[[ $backend == headless && -n $width && -n $height && -n $rate ]] || {
  echo "fake gamescope: expected --backend headless -W w -H h -r hz"; exit 2; }
if [[ $mode == die-early ]]; then
  echo "vulkan: no suitable Vulkan device found (fake die-early)"
  exit 3
fi

pids=()
stop() { kill "${pids[@]}" 2>/dev/null; wait; exit 0; }
trap stop TERM INT
if (($#)); then "$@" & pids+=($!); fi

if [[ $mode == no-node ]]; then
  while :; do sleep 0.2 & wait $!; done
fi

name=gamescope
[[ $mode == registry-only ]] && name=gamescope-fake-headless
gst-launch-1.0 -q videotestsrc is-live=true pattern=ball ! \
  "video/x-raw,format=BGRx,width=$width,height=$height,framerate=$rate/1" ! \
  pipewiresink mode=provide "stream-properties=props,media.class=Video/Source,node.name=$name" &
source=$!
pids+=($source)
node=""
for _ in $(seq 100); do
  node=$(pw-dump 2>/dev/null | python3 -c '
import json, sys
for o in json.load(sys.stdin):
    if o.get("info", {}).get("props", {}).get("node.name") == sys.argv[1]:
        print(o["id"]); break' "$name" || true)
  [[ -n $node ]] && break
  sleep 0.1 & wait $!
done
[[ -n $node ]] || { echo "fake gamescope: the source node never appeared"; exit 4; }
[[ $mode == normal ]] && printf '\e[0;34m[gamescope] \e[0mstream available on node ID: %s\n' "$node"
while kill -0 "$source" 2>/dev/null; do sleep 0.2 & wait $!; done
echo "fake gamescope: the source ended"
exit 5
