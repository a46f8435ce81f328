#!/usr/bin/env bash
# Builds and runs the benchmarks. Each prints its figure next to a reference measured in the same
# run (Google Benchmark table on stdout; JSON under build/bench-results/).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$root/build" -G Ninja >/dev/null
cmake --build "$root/build" -j "$(nproc)" --target abi_call_bench depad_bench pfhost software pipewire \
  mutter wlroots screencopy_bench pfhost-test-pattern-client mutter_tests ceiling_bench
mkdir -p "$root/build/bench-results"
"$root/build/bin/abi_call_bench" --benchmark_min_time=0.5 \
  --benchmark_out="$root/build/bench-results/abi_call.json" --benchmark_out_format=json
"$root/build/bin/depad_bench" --benchmark_min_time=0.1 \
  --benchmark_out="$root/build/bench-results/capture_copy.json" --benchmark_out_format=json
python3 - "$root/build/bench-results/capture_copy.json" <<'PY'
import json, sys
rates = {b["run_name"].split("/")[0]: b["bytes_per_second"] for b in json.load(open(sys.argv[1]))["benchmarks"]
         if b.get("aggregate_name") == "median"}
depad, memcpy = rates["BM_DepadPaddedStride"], rates["BM_PlainMemcpyReference"]
print("de-padding 1080p BGRx (stride 8192): %.1f GB/s = %.2fx memcpy of the same bytes (%.1f GB/s);"
      " target 0.95x" % (depad / 1e9, depad / memcpy, memcpy / 1e9))
PY
"$root/bench/pipeline_bench.sh"
# The pipeline's own ceiling: an unpaced session next to the ffmpeg CLI on the same frames.
"$root/bench/pipeline_ceiling.sh" "$root/build" 3
# What a static 1080p60 screen costs (variable and constant frame rate) next to content changing
# every frame (needs sway).
"$root/bench/static_screen_bench.sh" "$root/build" 5 || [[ $? == 77 ]]
python3 "$root/bench/list_backends_bench.py" "$root/build/bin/pfhost" "$root/build/bench-results/list_backends.json"
# Screencopy at 1920x1080 against grim taking the same frames (exit 77: sway or grim missing).
"$root/build/bin/screencopy_bench" --frames 120 --json "$root/build/bench-results/screencopy.json" ||
  [[ $? == 77 ]]
# Mutter: acquire -> first frame, fresh and reused monitor (needs mutter).
"$root/bench/mutter_first_frame.sh" "$root/build" 5
# pfhost serve: SRT connect -> first packet, fresh and reused display, against pfhost stream
# started fresh (needs sway).
cmake --build "$root/build" -j "$(nproc)" --target pfhost-test-srt-caller wlroots
"$root/bench/serve_connect.sh" "$root/build" 5
