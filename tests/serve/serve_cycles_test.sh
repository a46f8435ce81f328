#!/usr/bin/env bash
# 200 SRT connect/disconnect cycles against one `pfhost serve` (random modes from a small set,
# so displays are created once and then reused), after 30 warm-up cycles: afterwards the host's
# open file descriptors and threads are back at their baseline and its RSS has grown by less than
# 5 MB (the lowest RSS of the last 40 cycles against that of the first 40).
# Usage: serve_cycles_test.sh PFHOST PLUGIN_DIR SRT_CALLER [CYCLES]
set -euo pipefail
pfhost=$1 plugins=$2 caller=$3 cycles=${4:-200}
extra_tools=(curl jq)
source "$(dirname "$0")/serve_test_lib.sh"
# A moving picture (the demo client): a still desktop sends a frame a second, which would make
# each cycle wait for its caller's 5 messages.
demo=" " start_host 60

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

# Warm-up: every mode (its display is created, then kept and reused) and enough cycles that
# allocator arenas and libsrt's socket recycling reach their steady state.
for mode in "${modes[@]}"; do cycle "$mode"; done
for ((i = 0; i < 27; i++)); do cycle "${modes[RANDOM % ${#modes[@]}]}"; done
read -r fds0 threads0 _ <<<"$(measure)"
# RSS swings by up to about 15 MB from one cycle to the next with what the allocator and libsrt
# (closed sockets wait for its collector) still hold of the last sessions; a leak lifts the
# floor of that band, so growth is the lowest RSS of the last 40 cycles against that of the
# first 40.
rss=()
start=$(now_ms)
for ((i = 0; i < cycles; i++)); do
  cycle "${modes[RANDOM % ${#modes[@]}]}"
  rss+=("$(measure | cut -d' ' -f3)")
done
took=$(($(now_ms) - start))
read -r fds1 threads1 _ <<<"$(measure)"
window=$((cycles < 80 ? cycles / 2 : 40))
rss0=$(printf '%s\n' "${rss[@]:0:window}" | sort -n | head -n1)
rss1=$(printf '%s\n' "${rss[@]: -window}" | sort -n | head -n1)
echo "after $cycles cycles in $(seconds $took)s: fds $fds0 -> $fds1, threads $threads0 -> $threads1," \
  "lowest RSS of the first/last $window cycles $rss0 -> $rss1 kB" \
  "(all: $(printf '%s\n' "${rss[@]}" | sort -n | sed -n '1p;$p' | paste -sd-) kB)"
((fds1 <= fds0)) || fail "open fds grew from $fds0 to $fds1"
((threads1 <= threads0)) || fail "threads grew from $threads0 to $threads1"
# Under AddressSanitizer freed memory sits in its quarantine, so RSS says nothing there.
if ldd "$pfhost" | grep -q libasan; then
  echo "RSS not checked: $pfhost is built with AddressSanitizer"
else
  # The floor itself moves with the heap's layout: the same build measured -3 MB in one run and
  # +16 MB in another, on a loaded machine, where a second round then came out lower still. A
  # leak grows with every cycle; a heap settling at a higher level does it once. So a floor
  # 5 MB up gets a second round of the same cycles, measured from where the first one ended.
  if ((rss1 - rss0 >= 5120)); then
    echo "RSS floor up by $((rss1 - rss0)) kB after $cycles cycles: $cycles more from there to" \
      "tell a leak (it keeps growing) from the heap settling higher (it does not)"
    rss0=$rss1
    rss=()
    for ((i = 0; i < cycles; i++)); do
      cycle "${modes[RANDOM % ${#modes[@]}]}"
      rss+=("$(measure | cut -d' ' -f3)")
    done
    rss1=$(printf '%s\n' "${rss[@]: -window}" | sort -n | head -n1)
    echo "after $((2 * cycles)) cycles: lowest RSS of the last $window cycles $rss1 kB"
  fi
  ((rss1 - rss0 < 5120)) || fail "RSS grew by $((rss1 - rss0)) kB, want < 5 MB"
fi
created=$(grep -c "created for client cycler" "$log" || true)
((created == ${#modes[@]})) || fail "$created displays created, want ${#modes[@]} (one per mode, reused)"
echo "PASS: fds and threads back at baseline, RSS $((rss1 - rss0)) kB, $created displays reused"
stop_host
