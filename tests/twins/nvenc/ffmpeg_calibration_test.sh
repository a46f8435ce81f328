#!/usr/bin/env bash
# Calibration of the NVENC twin: FFmpeg's own h264_nvenc and hevc_nvenc, a known-good NVENC client,
# must run against it without one contract violation (a twin stricter than a real driver is a bug
# in the twin), and their output must decode to the source (PSNR). System-memory input with global
# headers (nvEncGetSequenceParams), CUDA frames through hwupload (register/map), forced IDRs, and
# the driver failures FFmpeg knows. Usage: ffmpeg_calibration_test.sh TWIN_LIBRARY_DIR
set -euo pipefail
twin_dir=$1
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v ffmpeg >/dev/null || { echo "SKIP: ffmpeg not installed"; exit 77; }
encoders=$(ffmpeg -hide_banner -encoders 2>/dev/null)
[[ "$encoders" == *h264_nvenc* ]] || { echo "SKIP: this FFmpeg has no h264_nvenc"; exit 77; }

work=$(mktemp -d /tmp/pfhost-nvenc-calibration.XXXXXX)
trap 'rm -rf "$work"' EXIT
export LD_LIBRARY_PATH=$twin_dir PFHOST_NVENC_TWIN_REPORT=$work/report.txt
source_args=(-f lavfi -i testsrc2=size=320x240:rate=30)
frames=30

encode() {  # name, ffmpeg arguments...
  local name=$1; shift
  timeout 60 ffmpeg -hide_banner -v verbose -y "$@" 2>"$work/$name.log" ||
    { tail -20 "$work/$name.log"; fail "$name: ffmpeg failed against the twin"; }
}

expect_stream() {  # file codec: size, frame count and PSNR against the source
  local file=$1 codec=$2 probe psnr
  probe=$(ffprobe -v error -count_frames -select_streams v:0 \
    -show_entries stream=codec_name,width,height,nb_read_frames -of csv=p=0 "$file")
  [[ "$probe" == "$codec,320,240,$frames" ]] || fail "$file: got '$probe', want $codec,320,240,$frames"
  psnr=$(ffmpeg -hide_banner -i "$file" "${source_args[@]}" -lavfi "[0][1]psnr" -frames:v $frames \
    -f null - 2>&1 | sed -n 's/.*PSNR.*average:\([0-9.]*\).*/\1/p')
  awk -v p="$psnr" 'BEGIN { exit !(p >= 40) }' || fail "$file: PSNR $psnr dB, want >= 40"
  echo "$file: $probe, PSNR $psnr dB"
}

encode h264-system "${source_args[@]}" -frames:v $frames -c:v h264_nvenc -preset p1 -tune ull \
  -bf 0 -b:v 2M "$work/h264-system.mp4"
grep -q "pfhost NVENC twin" "$work/h264-system.log" || fail "FFmpeg did not report the twin as its device"
expect_stream "$work/h264-system.mp4" h264

# FFmpeg's own defaults (P4, high-quality tuning, VBR; B-frames only if the caps offer them).
encode h264-defaults "${source_args[@]}" -frames:v $frames -c:v h264_nvenc "$work/h264-defaults.mp4"
expect_stream "$work/h264-defaults.mp4" h264

encode h264-cuda -init_hw_device cuda=gpu -filter_hw_device gpu "${source_args[@]}" \
  -vf format=nv12,hwupload -frames:v $frames -c:v h264_nvenc -preset p1 -tune ull -bf 0 -b:v 2M \
  "$work/h264-cuda.mp4"
expect_stream "$work/h264-cuda.mp4" h264

encode hevc-system "${source_args[@]}" -frames:v $frames -c:v hevc_nvenc -preset p1 -tune ull \
  -bf 0 -b:v 2M "$work/hevc-system.mp4"
expect_stream "$work/hevc-system.mp4" hevc

encode h264-forced-idr "${source_args[@]}" -frames:v $frames -c:v h264_nvenc -preset p1 -tune ull \
  -bf 0 -b:v 2M -forced-idr 1 -force_key_frames "expr:eq(n,12)" "$work/h264-idr.h264"
keyframes_of() {
  ffprobe -v error -select_streams v:0 -show_entries frame=key_frame -of csv=p=0 "$1" |
    grep -n '^1' | cut -d: -f1 | tr '\n' ' '
}
# Where FFmpeg puts that keyframe with libx264 is the reference (its frame counting is its own).
timeout 60 ffmpeg -v error -y "${source_args[@]}" -frames:v $frames -c:v libx264 -bf 0 \
  -x264-params keyint=1000:scenecut=0 -force_key_frames "expr:eq(n,12)" "$work/x264-idr.h264"
want=$(keyframes_of "$work/x264-idr.h264") got=$(keyframes_of "$work/h264-idr.h264")
[[ "$got" == "$want" && "$want" == "1 "?*" " ]] || fail "keyframes at frames '$got', libx264 has '$want'"

if grep -q '^violation' "$work/report.txt"; then
  grep '^violation' "$work/report.txt" >&2
  fail "the twin refused something FFmpeg does: the twin is stricter than a driver"
fi
grep '^destroy' "$work/report.txt" | grep -v 'leaked_inputs=0 leaked_bitstreams=0 leaked_registrations=0 still_mapped=0 still_locked=0' &&
  fail "FFmpeg's sessions left buffers behind in the twin's books"
[[ $(grep -c '^destroy' "$work/report.txt") == 5 ]] || fail "want 5 sessions closed: $(cat "$work/report.txt")"

# The driver's failures, as FFmpeg reports them.
if PFHOST_NVENC_TWIN_FAIL=driver_too_old timeout 30 ffmpeg -v error -y "${source_args[@]}" -frames:v 1 \
  -c:v h264_nvenc -f null - 2>"$work/too-old.log"; then fail "a too-old driver must fail"; fi
grep -q "Required: 11.1 Found: 11.0" "$work/too-old.log" || { cat "$work/too-old.log"; fail "FFmpeg did not see the old API version"; }
if PFHOST_NVENC_TWIN_FAIL=session_limit timeout 30 ffmpeg -v error -y "${source_args[@]}" -frames:v 1 \
  -c:v h264_nvenc -f null - 2>"$work/limit.log"; then fail "a full GPU must fail"; fi
grep -q "OpenEncodeSessionEx failed: out of memory" "$work/limit.log" || { cat "$work/limit.log"; fail "FFmpeg did not see the session limit"; }
echo "PASS: FFmpeg's NVENC encoders ran against the twin without a contract violation"
