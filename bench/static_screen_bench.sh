#!/usr/bin/env bash
# What a static screen costs: pfhost's own CPU (the process alone, not the compositor it started)
# per second of stream, for a 1920x1080@60 managed sway display with nothing moving, once with the
# default variable frame rate ([stream] frame_rate = "variable": the last frame again once per
# idle_repeat) and once with a constant rate (every slot re-encoded); the reference, in the same
# run, is the same stream with content changing every frame (pfhost-test-pattern-client). CPU is
# sampled from /proc after a warm-up, so startup (probing, sway) is not counted. Also checks that
# each file lasts the whole stream. Prints a table and writes JSON.
# Usage: static_screen_bench.sh BUILD_DIR [SECONDS=5] [OUT=BUILD_DIR/bench-results/static_screen.json]
set -euo pipefail
build=$(cd "$1" && pwd) seconds=${2:-5}
out=${3:-$build/bench-results/static_screen.json}
pfhost=$build/bin/pfhost client=$build/bin/pfhost-test-pattern-client
command -v sway >/dev/null || { echo "static_screen_bench: SKIP: sway not installed" >&2; exit 77; }
mkdir -p "$(dirname "$out")"
work=$(mktemp -d /tmp/pfhost-static-bench.XXXXXX)
chmod 755 "$work"
host=""
trap '[[ -n "$host" ]] && kill -TERM "$host" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
warmup=3
ticks=$(getconf CLK_TCK)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # utime + stime of the process alone

run_case() {  # run_case NAME FRAME_RATE [-- APP ARGS]
  local name=$1 rate=$2; shift 2
  mkdir -p "$work/$name"
  printf '[stream]\nframe_rate = "%s"\n' "$rate" >"$work/$name/host.toml"
  env -i PATH="$PATH" HOME="$work/$name" "$pfhost" --config "$work/$name/host.toml" stream \
    --mode 1920x1080@60 --duration $((warmup + seconds + 1)) --output "$work/$name/out.mkv" "$@" \
    >/dev/null 2>"$work/$name/stream.log" &
  host=$!
  sleep "$warmup"
  local before after
  before=$(cpu_ticks "$host")
  sleep "$seconds"
  after=$(cpu_ticks "$host")
  wait "$host" || { cat "$work/$name/stream.log" >&2; echo "static_screen_bench: $name failed" >&2; exit 1; }
  host=""
  local probe
  probe=$(ffprobe -v error -count_frames -select_streams v:0 \
    -show_entries stream=nb_read_frames:format=duration -of csv=p=0 "$work/$name/out.mkv" | tr '\n' ',')
  echo "$name|$rate|$((after - before))|$probe"
}

rows=()
rows+=("$(run_case static-variable variable)")
rows+=("$(run_case static-constant constant)")
rows+=("$(run_case changing-every-frame variable -- "$client" --output HEADLESS-1)")
printf '%s\n' "${rows[@]}" | python3 -c '
import json, sys
ticks, seconds, total, out = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
rows = []
for line in sys.stdin:
    name, rate, used, probe = line.rstrip("\n").split("|")
    fields = [f for f in probe.split(",") if f]
    frames, duration = (int(fields[0]), float(fields[1])) if len(fields) == 2 else (None, None)
    rows.append({"case": name, "frame_rate": rate,
                 "cpu_percent_of_a_core": round(100.0 * int(used) / ticks / seconds, 2),
                 "frames_in_file": frames, "file_duration_s": duration, "stream_s": total})
json.dump(rows, open(out, "w"), indent=2)
print("static screen, 1920x1080@60, pfhost CPU per second of stream (target: static <= 2% of a core)")
print("%-22s %-10s %14s %8s %12s" % ("case", "frame_rate", "CPU % of core", "frames", "duration s"))
for r in rows:
    print("%-22s %-10s %14.2f %8s %12s" % (r["case"], r["frame_rate"], r["cpu_percent_of_a_core"],
          r["frames_in_file"], r["file_duration_s"]))
' "$ticks" "$seconds" "$((warmup + seconds + 1))" "$out"
