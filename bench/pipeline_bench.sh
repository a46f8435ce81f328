#!/usr/bin/env bash
# Whole-pipeline benchmark: a PipeWire BGRx source → pfhost stream (pipewire capturer, software
# encoder: x264 ultrafast/zerolatency, 8 Mbit/s CBR) → .mkv, at 1280x720 and 1920x1080 asking for
# 60 fps; reports the rate pfhost held and its capture→packet latency p50/p99 next to the encoder's
# own time per frame on the same frames (the latency target: p99 within 2 ms of the encoder's p99).
# Reference, in the same run: the ffmpeg command line encoding the same kind of raw BGRx frames
# (recorded from the same GStreamer test source) with the same x264 settings as fast as it can.
# Prints a table and writes JSON to build/bench-results/pipeline.json.
#   bench/pipeline_bench.sh [seconds per run, default 5]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-5}
pfhost=$root/build/bin/pfhost
[[ -x "$pfhost" ]] || { echo "build pfhost first (scripts/bench.sh does)" >&2; exit 1; }
source "$root/scripts/lib/private-pipewire.sh"
start_private_pipewire
work=$pw_run_dir
results=()

for size in 1280x720 1920x1080; do
  width=${size%x*} height=${size#*x}
  echo "pipeline_bench: $size ..." >&2
  start_test_source "bench-$size" "$width" "$height" 60
  "$pfhost" --log-level warn stream --pipewire-node "$test_node" --mode "${size}@60" \
    --encoder software --codec h264 --bitrate 8000 --duration "$seconds" \
    --output "$work/out-$size.mkv" >/dev/null 2>"$work/pfhost-$size.log"
  summary=$(grep -E '^(output|capture-to-packet|encoder time)' "$work/pfhost-$size.log" | tr '\n' ' ')

  # The reference input: the same test source's frames as raw BGRx, encoded by ffmpeg.
  frames=$((seconds * 60))
  gst-launch-1.0 -q videotestsrc num-buffers="$frames" pattern=ball ! \
    "video/x-raw,format=BGRx,width=$width,height=$height,framerate=60/1" ! \
    filesink location="$work/raw-$size.bgrx"
  start=$(date +%s.%N)
  ffmpeg -v error -f rawvideo -pix_fmt bgr0 -s "$size" -framerate 60 -i "$work/raw-$size.bgrx" \
    -c:v libx264 -preset ultrafast -tune zerolatency -bf 0 -b:v 8M -maxrate 8M -bufsize 133k \
    -f null - 2>>"$work/ffmpeg.log"
  end=$(date +%s.%N)
  rm -f "$work/raw-$size.bgrx"
  results+=("$size|$summary|$frames|$start|$end")
done

mkdir -p "$root/build/bench-results"
printf '%s\n' "${results[@]}" | python3 -c '
import json, re, sys
rows = []
for line in sys.stdin:
    size, summary, frames, start, end = line.rstrip("\n").split("|")
    fps = re.search(r"([\d.]+) fps", summary)
    lat = re.search(r"latency: p50 ([\d.]+) ms, p99 ([\d.]+) ms", summary)
    enc = re.search(r"encoder time per fresh frame: p50 ([\d.]+) ms, p99 ([\d.]+) ms", summary)
    ff_fps = int(frames) / (float(end) - float(start))
    rows.append({"size": size, "requested_fps": 60,
                 "pfhost_fps": float(fps.group(1)) if fps else None,
                 "pfhost_latency_p50_ms": float(lat.group(1)) if lat else None,
                 "pfhost_latency_p99_ms": float(lat.group(2)) if lat else None,
                 "encoder_p50_ms": float(enc.group(1)) if enc else None,
                 "encoder_p99_ms": float(enc.group(2)) if enc else None,
                 "ffmpeg_cli_encode_fps": round(ff_fps, 1)})
json.dump(rows, open(sys.argv[1], "w"), indent=2)
print("%-10s %9s %11s %16s %16s %17s %17s %15s" % ("size", "requested", "pfhost fps",
      "capture->packet", "", "encoder alone", "", "ffmpeg CLI fps"))
print("%-10s %9s %11s %16s %16s %17s %17s %15s" % ("", "", "", "p50 ms", "p99 ms", "p50 ms",
      "p99 ms", ""))
for r in rows:
    print("%-10s %9d %11s %16s %16s %17s %17s %15s" % (r["size"], 60, r["pfhost_fps"],
          r["pfhost_latency_p50_ms"], r["pfhost_latency_p99_ms"], r["encoder_p50_ms"],
          r["encoder_p99_ms"], r["ffmpeg_cli_encode_fps"]))
' "$root/build/bench-results/pipeline.json"
