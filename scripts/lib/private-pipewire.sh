# Sourced by the demo and benchmark scripts: a private session bus + PipeWire + wireplumber in a
# fresh runtime dir, and GStreamer test sources on it. Everything started is stopped on exit.
#   start_private_pipewire            exports XDG_RUNTIME_DIR, PIPEWIRE_RUNTIME_DIR, DBUS_...
#   start_test_source NAME W H FPS    starts a BGRx videotestsrc node; sets test_node to its id
#   (not meant for $(...): the source's pid must be recorded in this shell to be stopped)
pw_run_dir=""
pw_pids=()

stop_private_pipewire() {
  local pid
  for pid in "${pw_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [[ -n "$pw_run_dir" ]] && rm -rf "$pw_run_dir"
}

start_private_pipewire() {
  pw_run_dir=$(mktemp -d /tmp/pfhost-pw.XXXXXX)
  chmod 700 "$pw_run_dir"
  trap stop_private_pipewire EXIT
  export XDG_RUNTIME_DIR=$pw_run_dir PIPEWIRE_RUNTIME_DIR=$pw_run_dir
  export DBUS_SESSION_BUS_ADDRESS=unix:path=$pw_run_dir/bus
  dbus-daemon --session --address="$DBUS_SESSION_BUS_ADDRESS" --nofork >"$pw_run_dir/dbus.log" 2>&1 &
  pw_pids+=($!)
  pipewire >"$pw_run_dir/pipewire.log" 2>&1 &
  pw_pids+=($!)
  local _
  for _ in $(seq 100); do pw-cli info 0 >/dev/null 2>&1 && break; sleep 0.05; done
  wireplumber >"$pw_run_dir/wireplumber.log" 2>&1 &
  pw_pids+=($!)
}

start_test_source() {  # name width height fps [pattern]
  local name=$1 width=$2 height=$3 fps=$4 pattern=${5:-ball} _
  test_node=""
  gst-launch-1.0 -q videotestsrc is-live=true pattern="$pattern" ! \
    "video/x-raw,format=BGRx,width=$width,height=$height,framerate=$fps/1" ! \
    pipewiresink mode=provide "stream-properties=props,media.class=Video/Source,node.name=$name" \
    >"$pw_run_dir/source-$name.log" 2>&1 &
  pw_pids+=($!)
  for _ in $(seq 100); do
    test_node=$(pw-dump 2>/dev/null | python3 -c '
import json, sys
for o in json.load(sys.stdin):
    if o.get("info", {}).get("props", {}).get("node.name") == sys.argv[1]:
        print(o["id"]); break' "$name" || true)
    [[ -n "$test_node" ]] && return 0
    sleep 0.1
  done
  echo "the test source $name never appeared (see $pw_run_dir/source-$name.log)" >&2
  return 1
}
