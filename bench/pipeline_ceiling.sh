#!/usr/bin/env bash
# The pipeline's own ceiling: pfhost's session with the software encoder and no pacing
# (build/bin/ceiling_bench: every frame encoded as fast as possible, fed from memory) next to the
# ffmpeg command line encoding the same raw BGRx frames (GStreamer's test source, recorded once)
# with the same x264 settings (ultrafast, zerolatency, no B-frames, 8 Mbit/s CBR, one frame of
# VBV), at 1280x720 and 1920x1080, alternating RUNS times and reporting medians. Target: pfhost
# at least 1.0x ffmpeg. Prints a table and writes JSON.
# Usage: pipeline_ceiling.sh BUILD_DIR [RUNS=3] [OUT=BUILD_DIR/bench-results/pipeline_ceiling.json]
set -euo pipefail
build=$(cd "$1" && pwd) runs=${2:-3}
out=${3:-$build/bench-results/pipeline_ceiling.json}
bench=$build/bin/ceiling_bench
[[ -x "$bench" ]] || { echo "build ceiling_bench first (scripts/bench.sh does)" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
work=$(mktemp -d /tmp/pfhost-ceiling.XXXXXX)
trap 'rm -rf "$work"' EXIT
frames=120
median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

rows=()
for size in 1280x720 1920x1080; do
  width=${size%x*} height=${size#*x}
  raw=$work/raw-$size.bgrx
  gst-launch-1.0 -q videotestsrc num-buffers="$frames" pattern=ball ! \
    "video/x-raw,format=BGRx,width=$width,height=$height,framerate=60/1" ! filesink location="$raw"
  pf=() ff=()
  for _ in $(seq "$runs"); do
    pf+=("$("$bench" "$raw" "$width" "$height" 8000 2>"$work/bench.log" |
      python3 -c 'import json,sys; r=json.load(sys.stdin); assert r["dropped"] == 0, r; print(r["fps"])')")
    start=$(date +%s.%N)
    ffmpeg -v error -f rawvideo -pix_fmt bgr0 -s "$size" -framerate 60 -i "$raw" \
      -c:v libx264 -preset ultrafast -tune zerolatency -bf 0 -b:v 8M -maxrate 8M -bufsize 133k \
      -f null -
    end=$(date +%s.%N)
    ff+=("$(python3 -c "print(round($frames / ($end - $start), 1))")")
  done
  rm -f "$raw"
  rows+=("$size $(printf '%s\n' "${pf[@]}" | median) $(printf '%s\n' "${ff[@]}" | median)")
done
printf '%s\n' "${rows[@]}" | python3 -c '
import json, sys
rows = []
for line in sys.stdin:
    size, pf, ff = line.split()
    rows.append({"size": size, "pfhost_unpaced_fps": float(pf), "ffmpeg_cli_fps": float(ff),
                 "ratio": round(float(pf) / float(ff), 2)})
json.dump(rows, open(sys.argv[1], "w"), indent=2)
print("pipeline ceiling: unpaced session vs ffmpeg CLI, same frames and x264 settings (target >= 1.0x)")
print("%-10s %20s %15s %7s" % ("size", "pfhost unpaced fps", "ffmpeg CLI fps", "ratio"))
for r in rows:
    print("%-10s %20.1f %15.1f %6.2fx" % (r["size"], r["pfhost_unpaced_fps"], r["ffmpeg_cli_fps"],
          r["ratio"]))
' "$out"
