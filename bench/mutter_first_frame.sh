#!/usr/bin/env bash
# Acquire -> first frame on a Mutter virtual monitor, repeated: fresh, reused from the linger
# window as it was, and reused after a client drew on it while it lingered.
# Each run starts its own private bus, PipeWire, wireplumber and `mutter --headless`.
#   bench/mutter_first_frame.sh [BUILD_DIR] [RUNS]     (defaults: build, 5)
# Prints one JSON line per run and the medians.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build} runs=${2:-5}
tests=$build/bin/mutter_tests
[[ -x $tests ]] || { echo "no $tests: build the target mutter_tests first" >&2; exit 1; }
out=$(mktemp /tmp/pfhost-mutter-first-frame.XXXXXX.jsonl)
for _ in $(seq "$runs"); do
  PFHOST_MUTTER_FIRST_FRAME_JSON=$out "$tests" --gtest_filter='MutterFirstFrame.*' >/dev/null 2>&1 ||
    { echo "run failed; rerun: $tests --gtest_filter='MutterFirstFrame.*'" >&2; exit 1; }
done
cat "$out"
python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
for key in ("fresh_ms", "reused_ms", "reused_drawn_ms"):
    values = sorted(r[key] for r in rows)
    print(f"{key}: median {statistics.median(values):.1f}  min {values[0]:.1f}  max {values[-1]:.1f}  (n={len(values)})")
PY
rm -f "$out"
