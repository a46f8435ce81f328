#!/usr/bin/env bash
# A bad `pfhost stream` request is refused before anything is created: the error names the
# option, no display is made (no "creating a ... display" line), and no output file appears.
# Usage: stream_request_test.sh PFHOST
set -euo pipefail
pfhost=$1
fail() { echo "FAIL: $*" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"

refused() {  # expected-text args...
  local want=$1 rc=0
  shift
  "$pfhost" stream "$@" 2>err.log >/dev/null || rc=$?
  ((rc != 0)) || fail "pfhost stream $* succeeded"
  grep -qF -- "$want" err.log || { cat err.log; fail "pfhost stream $*: no '$want' in the error"; }
  ! grep -q "creating a" err.log || { cat err.log; fail "pfhost stream $*: a display was created"; }
  ! grep -q "probe" err.log || { cat err.log; fail "pfhost stream $*: plugins were probed"; }
  [[ ! -e out.mkv && ! -e out.h264 ]] || fail "pfhost stream $*: an output file was created"
}

refused "--codec 'vp9': expected h264, hevc or av1" --codec vp9 --mode 640x480@30 --duration 1
refused "--mode '641x480@30'" --mode 641x480@30 --duration 1
refused "--mode '640x480@0'" --mode 640x480@0 --duration 1
refused "cannot tell the container of output 'out.avi'" --output out.avi --duration 1
refused "holds only h264" --codec hevc --output out.h264 --duration 1
refused "--duration: must be more than 0 seconds" --duration 0
echo "PASS"
