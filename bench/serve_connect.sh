#!/usr/bin/env bash
# Connect -> first packet at an SRT caller (pfhost-test-srt-caller, libsrt), on the managed sway:
#   - `pfhost serve`, a fresh display (a mode not asked for before),
#   - `pfhost serve`, a reused display (the same mode again, within keep_alive),
#   - `pfhost stream --output srt://...?mode=listener` started fresh, timed from its launch (what
#     a client waits for when each connection starts a one-shot host).
# Both hosts use SRT latency 120 ms (libsrt's default), which the caller's first packet includes.
# Prints one line per case (median of RUNS) and writes JSON to OUT.
# Usage: serve_connect.sh BUILD_DIR [RUNS=5] [OUT=BUILD_DIR/bench-results/serve_connect.json]
set -euo pipefail
build=$(cd "$1" && pwd) runs=${2:-5}
out=${3:-$build/bench-results/serve_connect.json}
pfhost=$build/bin/pfhost caller=$build/bin/pfhost-test-srt-caller plugins=$build/lib/pfhost/plugins
mkdir -p "$(dirname "$out")"
work=$(mktemp -d /tmp/pfhost-serve-bench.XXXXXX)
chmod 755 "$work"
server=""
trap '[[ -n "$server" ]] && kill -TERM "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
cat >"$work/host.toml" <<TOML
[host]
plugin_dirs = ["$plugins"]
cache_dir = "$work/cache"
[backends]
display = ["wlroots"]
encode = ["software"]
[display]
keep_alive = "60s"
max_displays = 64
TOML
first_packet() { sed -n 's/.*first_packet_ms=\([0-9.]*\).*/\1/p'; }
median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

# Empty displays (no demo client), as the README's figures were measured.
env -i PATH="$PATH" HOME="$work" "$pfhost" serve --config "$work/host.toml" \
  --srt-listen 127.0.0.1:0 --api-listen 127.0.0.1:0 --api-token-file "$work/token" \
  --no-demo-client \
  >"$work/serve.out" 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do grep -q "srt listening" "$work/serve.out" && break; sleep 0.1; done
port=$(sed -n 's/^serve: srt listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/serve.out")
"$caller" 127.0.0.1 "$port" "mode=320x240@30,client=warmup" 5 >/dev/null  # managed sway up
fresh=() reused=()
for ((i = 0; i < runs; i++)); do
  mode="$((1280 + 16 * i))x720@30"
  fresh+=("$("$caller" 127.0.0.1 "$port" "mode=$mode,client=bench" 5 | first_packet)")
  sleep 0.3  # the session ends and its display lingers
  reused+=("$("$caller" 127.0.0.1 "$port" "mode=$mode,client=bench" 5 | first_packet)")
  sleep 0.3
done
kill -TERM "$server"
wait "$server" || true
server=""

stream=()
for ((i = 0; i < runs; i++)); do
  sport=$((20000 + RANDOM % 20000))
  env -i PATH="$PATH" HOME="$work" "$pfhost" stream --config "$work/host.toml" \
    --mode 1280x720@30 --output "srt://127.0.0.1:$sport?mode=listener" >/dev/null 2>&1 &
  pid=$!
  stream+=("$("$caller" 127.0.0.1 "$sport" "" 5 20000 retry | first_packet)")
  kill -INT "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
done

fresh_ms=$(printf '%s\n' "${fresh[@]}" | median)
reused_ms=$(printf '%s\n' "${reused[@]}" | median)
stream_ms=$(printf '%s\n' "${stream[@]}" | median)
echo "serve, fresh display:  connect -> first packet ${fresh_ms} ms (median of $runs: ${fresh[*]})"
echo "serve, reused display: connect -> first packet ${reused_ms} ms (median of $runs: ${reused[*]})"
echo "pfhost stream started fresh: launch -> first packet ${stream_ms} ms (median of $runs: ${stream[*]})"
cat >"$out" <<JSON
{"runs": $runs, "srt_latency_ms": 120, "mode": "1280x720@30",
 "serve_fresh_display_ms": $fresh_ms, "serve_reused_display_ms": $reused_ms,
 "stream_started_fresh_ms": $stream_ms}
JSON
