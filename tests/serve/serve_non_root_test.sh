#!/usr/bin/env bash
# `pfhost serve` run by a normal user (the README's quick start as a non-root user): started as
# root, the test creates a system user and runs the host as that user (setpriv, no fork, so the
# test's SIGTERM reaches the host). The host and its managed sway run as that user, a caller gets
# its mode, the token file is that user's and 0600, and SIGTERM ends it with 0.
# Usage: serve_non_root_test.sh PFHOST PLUGIN_DIR
set -euo pipefail
pfhost=$1 plugins=$2
extra_tools=(setpriv)
source "$(dirname "$0")/serve_test_lib.sh"

user=pfhost-serve-test
if (($(id -u) == 0)); then
  if ! id "$user" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$user" ||
      { echo "SKIP (loudly): cannot create the user $user to run the host as"; exit 77; }
  fi
  chown "$user:" "$work"
  run_as=(setpriv --reuid="$user" --regid="$user" --init-groups)
  for path in "$pfhost" "$plugins"; do
    setpriv --reuid="$user" --regid="$user" --init-groups test -r "$path" ||
      { echo "SKIP (loudly): $user cannot read $path"; exit 77; }
  done
fi
want=$(id -u "${run_as[@]+$user}")
demo=" " start_host 10  # a moving picture: a still desktop sends a frame a second
[[ $(stat -c %u "$work/api-token") == "$want" ]] || fail "the token file is not owned by uid $want"
host_uid=$(ps -o uid= -p "$server" | tr -d ' ')
[[ $host_uid == "$want" ]] || fail "the host runs as uid $host_uid, want $want"

timeout -s INT 8 ffmpeg -nostdin -v error -y -i "$(url 'mode=640x480@30,client=user')" -t 1 \
  -c copy "$work/user.ts" 2>"$work/user.err" || true
got=$(ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0 \
  "$work/user.ts" 2>/dev/null | head -n1 || true)
[[ "$got" == "640,480" ]] || fail "the caller received '$got' ($(cat "$work/user.err"))"
sway_uid=$(ps -o uid= -C sway | sort -u | tr -d ' ' | grep -x "$want" || true)
[[ -n "$sway_uid" ]] || fail "no sway running as uid $want"
echo "PASS: host, token file and sway are uid $want's; the caller received $got"
stop_host
echo "PASS: stopped with exit 0 as uid $want"
