#!/usr/bin/env bash
# Fuzzes host.toml parsing, the validation of plugin tables, SRT streamids and the management
# API's request handling with libFuzzer (clang, ASan + UBSan) and prints each target's executions
# and findings. The targets are the pfhost-fuzzers target's (tests/fuzz/CMakeLists.txt) that were
# built; their seeds, where any, are tests/fuzz/corpus/<target without _fuzzer>.
#   bench/fuzz.sh                 each target for 1,000,000 executions
#   bench/fuzz.sh --seconds N     each target for N seconds (what scripts/test.sh runs in CI)
# Builds in build-fuzz/. A finding leaves its input as build-fuzz/findings/<target>/crash-* (or
# leak-*, timeout-*): reproduce with `build-fuzz/bin/<target> FILE`, fix, and add a regression test.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
limit=(-runs=1000000)
if [[ ${1:-} == --seconds ]]; then limit=(-max_total_time="$2"); fi

build=$root/build-fuzz
# Instrument everything the fuzzers link (fuzzer-no-link); the targets add -fsanitize=fuzzer.
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPFHOST_BUILD_FUZZERS=ON -DPFHOST_BUILD_BENCH=OFF -DPFHOST_SANITIZE=address,undefined \
  -DCMAKE_C_FLAGS=-fsanitize=fuzzer-no-link -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link >/dev/null
cmake --build "$build" -j "$(nproc)" --target pfhost-fuzzers

status=0
for target in host_toml_fuzzer descriptor_fuzzer stream_id_fuzzer api_request_fuzzer; do
  [[ -x $build/bin/$target ]] || { echo "fuzz: $target not built (no pfhost-serve)" >&2; continue; }
  corpus=$build/corpus/$target findings=$build/findings/$target
  mkdir -p "$corpus" "$findings"
  seeds=()
  [[ -d $root/tests/fuzz/corpus/${target%_fuzzer} ]] && seeds=("$root/tests/fuzz/corpus/${target%_fuzzer}")
  log=$build/$target.log
  echo "fuzz: $target (${limit[*]}) ..." >&2
  rc=0
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
    "$build/bin/$target" "${limit[@]}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$findings/" "$corpus" "${seeds[@]}" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  found=$(find "$findings" -type f | wc -l)
  printf '%-18s %12s executions  %s finding(s)\n' "$target" "${execs:-?}" "$found"
  if ((rc != 0 || found > 0)); then
    status=1
    grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$log" | head -20 >&2 || true
  fi
done
exit "$status"
