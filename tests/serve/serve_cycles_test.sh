#!/usr/bin/env bash
# 200 SRT connect/disconnect cycles against one `pfhost serve` (random modes from a small set,
# so displays are created once and then reused): afterwards the host's open file descriptors and
# threads are back at their baseline and its RSS has grown by less than 5 MB.
# Usage: serve_cycles_test.sh PFHOST PLUGIN_DIR SRT_CALLER [CYCLES]
set -euo pipefail
pfhost=$1 plugins=$2 caller=$3 cycles=${4:-200}
extra_tools=(curl jq)
source "$(dirname "$0")/serve_test_lib.sh"
start_host 60

modes=(640x480@30 800x600@30 1024x768@30)
cycle() {  # cycle MODE: connect, take a few messages, leave; then wait until the session is gone
  "$caller" 127.0.0.1 "$port" "mode=$1,client=cycler" 5 5000 >/dev/null ||
    fail "a caller for $1 got no stream"
  for _ in $(seq 100); do
    [[ $(curl -s -H "Authorization: Bearer $token" "http://$api/api/v1/sessions" |
      jq '.sessions | length') == 0 ]] && return 0
    sleep 0.02
  done
  fail "the session for $1 did not end after its caller left"
}
measure() {  # "FDS THREADS RSS_KB" of the host
  echo "$(ls "/proc/$server/fd" | wc -l) $(ls "/proc/$server/task" | wc -l)" \
    "$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$server/status")"
}

# Warm-up: every mode once (its display is created and kept), then a few more cycles so caches
# and arenas settle before the baseline.
for mode in "${modes[@]}" "${modes[@]}"; do cycle "$mode"; done
read -r fds0 threads0 rss0 <<<"$(measure)"
start=$(now_ms)
for ((i = 0; i < cycles; i++)); do cycle "${modes[RANDOM % ${#modes[@]}]}"; done
took=$(($(now_ms) - start))
read -r fds1 threads1 rss1 <<<"$(measure)"
echo "after $cycles cycles in $(seconds $took)s: fds $fds0 -> $fds1, threads $threads0 -> $threads1," \
  "RSS $rss0 -> $rss1 kB"
((fds1 <= fds0)) || fail "open fds grew from $fds0 to $fds1"
((threads1 <= threads0)) || fail "threads grew from $threads0 to $threads1"
((rss1 - rss0 < 5120)) || fail "RSS grew by $((rss1 - rss0)) kB, want < 5 MB"
created=$(grep -c "created for client cycler" "$log" || true)
((created == ${#modes[@]})) || fail "$created displays created, want ${#modes[@]} (one per mode, reused)"
echo "PASS: fds and threads back at baseline, RSS +$((rss1 - rss0)) kB, $created displays reused"
stop_host
