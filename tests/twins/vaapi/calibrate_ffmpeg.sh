#!/bin/sh
# Calibration of the VA-API driver twin: FFmpeg's own h264_vaapi, a known-good VA-API client, runs
# against the twin through the real libva, and must produce a stream that decodes bit-exactly to
# its input, with no contract violation and no leaked VA object. A failure here means the twin is
# stricter (or sloppier) than a real driver, not that pfhost is wrong.
#   calibrate_ffmpeg.sh <dir with pfhost_twin_drv_video.so and drm_node_shim.so>
set -eu
twin_dir=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: >"$work/renderD128"  # an empty file stands in for the render node (the shim vouches for it)

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# encode <name> <size> <frames> <ffmpeg encoder options...>: encodes testsrc2 through the twin.
encode() {
  name=$1 size=$2 frames=$3
  shift 3
  rm -f "$work/report"
  env LIBVA_DRIVERS_PATH="$twin_dir" LIBVA_DRIVER_NAME=pfhost_twin \
    VATWIN_DRM_NODE="$work/renderD128" VATWIN_REPORT="$work/report" \
    LD_PRELOAD="$twin_dir/drm_node_shim.so" \
    timeout 60 ffmpeg -nostdin -hide_banner -loglevel error -y -vaapi_device "$work/renderD128" \
    -f lavfi -i "testsrc2=size=$size:rate=25" -frames:v "$frames" -vf format=nv12,hwupload \
    -c:v h264_vaapi -profile:v constrained_baseline "$@" "$work/$name" 2>"$work/$name.log"
}

# report <key>: the value in the twin's last report block.
report() {
  sed -n "s/^$1=//p" "$work/report" | tail -n 1
}

# bit_exact <name> <size> <frames>: decodes the stream and compares it with testsrc2 as NV12.
bit_exact() {
  ffmpeg -nostdin -hide_banner -loglevel error -y -i "$work/$1" -f rawvideo -pix_fmt nv12 "$work/$1.nv12"
  ffmpeg -nostdin -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=$2:rate=25" \
    -frames:v "$3" -vf format=nv12 -f rawvideo "$work/$1.ref"
  cmp -s "$work/$1.nv12" "$work/$1.ref" || fail "$1: decoded pixels differ from the input"
  [ "$(stat -c %s "$work/$1.nv12")" -gt 0 ] || fail "$1: nothing decoded"
}

clean_report() {
  [ "$(report violations)" = 0 ] || fail "$1: contract violation: $(report first_violation)"
  [ "$(report leaked_total)" = 0 ] || fail "$1: FFmpeg left VA objects alive: $(grep leaked_ "$work/report")"
}

# 1. Constant QP, a macroblock-aligned size.
encode cqp.h264 176x144 10 || fail "cqp: ffmpeg failed: $(cat "$work/cqp.h264.log")"
clean_report cqp
[ "$(report pictures)" = 10 ] || fail "cqp: $(report pictures) pictures, expected 10"
bit_exact cqp.h264 176x144 10

# 2. An odd size (cropping, edge macroblocks), bitrate mode, a GOP of 5: IDRs at 0, 5, 10.
encode vbr.mp4 102x58 12 -b:v 2M -g 5 || fail "vbr: ffmpeg failed: $(cat "$work/vbr.mp4.log")"
clean_report vbr
[ "$(report idr_pictures)" = 3 ] || fail "vbr: $(report idr_pictures) IDR pictures, expected 3"
[ "$(report rate_control_buffers)" -ge 1 ] || fail "vbr: no rate control parameters reached the driver"
bit_exact vbr.mp4 102x58 12

# 3. A driver without vaDeriveImage (some are): FFmpeg uploads with vaCreateImage + vaPutImage.
VATWIN_FAIL=vaDeriveImage:VA_STATUS_ERROR_OPERATION_FAILED encode put.h264 96x64 4 ||
  fail "put: ffmpeg failed: $(cat "$work/put.h264.log")"
clean_report put
[ "$(report images_put)" -ge 4 ] || fail "put: the upload did not go through vaPutImage"
bit_exact put.h264 96x64 4

# 4. An injected driver failure reaches FFmpeg as the VA status it is.
if VATWIN_FAIL=vaEndPicture:VA_STATUS_ERROR_ENCODING_ERROR:3 encode fail.h264 64x64 5; then
  fail "injected vaEndPicture failure: ffmpeg succeeded"
fi
grep -qi "encoding error" "$work/fail.h264.log" ||
  fail "injected failure not reported as an encoding error: $(cat "$work/fail.h264.log")"
echo "calibration passed: FFmpeg's h264_vaapi is bit-exact through the twin"
