#!/usr/bin/env bash
# `pfhost display` on Linux against a real display backend: the managed headless sway (wlroots),
# which pfhost starts itself when no desktop runs. It must print where the display is (text and
# --json), hold it at exactly the mode asked for, and leave nothing behind when it returns: after
# --hold SECONDS, and after Ctrl-C (SIGINT) without --hold. Bad arguments get a clear error.
# Usage: display_cli_test.sh PFHOST
set -euo pipefail
pfhost=$1
command -v sway >/dev/null || { echo "SKIP: sway not installed"; exit 77; }
command -v jq >/dev/null || { echo "SKIP: jq not installed"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

work=$(mktemp -d /tmp/pfhost-display-cli.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {  # a pfhost still running after a failure: Ctrl-C first, so it removes its sway
  for pid in "${pids[@]}"; do
    kill -INT "$pid" 2>/dev/null || continue
    timeout 10 tail --pid="$pid" -f /dev/null || kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# A fresh login without a desktop, as in the README's main job.
run_pfhost() {  # run_pfhost NAME ARGS... (in the background; its pid in $pid)
  local name=$1; shift
  mkdir -p "$work/$name"
  env -i PATH="$PATH" HOME="$work/$name" XDG_CONFIG_HOME="$work/$name/config" \
    XDG_CACHE_HOME="$work/$name/cache" "$pfhost" display "$@" \
    >"$work/$name/out" 2>"$work/$name/err" &
  pid=$!
  pids+=("$pid")
}
wait_for_output() {  # wait_for_output NAME: until the display is printed (10 s at most)
  for _ in $(seq 100); do
    [[ -s "$work/$1/out" ]] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$work/$1/err" >&2
  fail "$1: pfhost display printed nothing"
}
# The managed sway's mode of OUTPUT, asked over its IPC socket beside the Wayland socket.
sway_mode() {  # sway_mode SOCKET_DIR OUTPUT
  swaymsg -s "$1/sway-ipc.sock" -t get_outputs -r |
    jq -r --arg name "$2" '.[] | select(.name == $name) | .current_mode |
      "\(.width)x\(.height)@\(.refresh)"'
}
check_gone() {  # check_gone NAME SOCKET_DIR: the process ended well and its sway is gone
  wait "$pid" || { cat "$work/$1/err" >&2; fail "$1: pfhost display exited with $?"; }
  [[ ! -e "$2" ]] || fail "$1: $2 (the managed sway's runtime dir) left behind"
  local sway_pid
  sway_pid=$(grep -o 'managed sway [a-z]* (pid [0-9]*' "$work/$1/err" | grep -o '[0-9]*$' || true)
  [[ -n "$sway_pid" ]] || { cat "$work/$1/err" >&2; fail "$1: the log names no sway pid"; }
  ! kill -0 "$sway_pid" 2>/dev/null || fail "$1: sway (pid $sway_pid) still running"
}

# --json, held for 2 s: one JSON object naming the output; the output has the mode meanwhile.
run_pfhost json --backend wlroots --mode 1280x720@30 --client tv --hold 2 --json
wait_for_output json
json=$(cat "$work/json/out")
[[ $(jq -r .backend <<<"$json") == wlroots ]] || fail "json: backend in $json"
[[ $(jq -c .mode <<<"$json") == '{"height":720,"refresh_millihz":30000,"width":1280}' ]] ||
  fail "json: mode in $json"
output=$(jq -r .wayland_output <<<"$json")
socket=$(jq -r .wayland_socket <<<"$json")
[[ -n "$output" && -S "$socket" ]] || fail "json: no live Wayland socket in $json"
mode=$(sway_mode "$(dirname "$socket")" "$output")
[[ "$mode" == 1280x720@30000 ]] || fail "json: $output is at '$mode', want 1280x720@30000"
check_gone json "$(dirname "$socket")"
[[ $(wc -l <"$work/json/out") == 1 ]] || fail "json: more than the JSON object on stdout"
echo "PASS (json): $output at $mode, gone after --hold 2"

# Text, held until Ctrl-C.
run_pfhost text --backend wlroots --mode 1024x768@60
wait_for_output text
line=$(cat "$work/text/out")
[[ "$line" =~ ^wlroots:\ 1024x768@60\.000\ Hz,\ Wayland\ output\ ([A-Z0-9-]+)\ on\ (/tmp/pfhost-sway-[A-Za-z0-9]+)/wayland-[0-9]+$ ]] ||
  fail "text: unexpected line '$line'"
output=${BASH_REMATCH[1]} dir=${BASH_REMATCH[2]}
sleep 1
kill -0 "$pid" 2>/dev/null || fail "text: did not hold the display"
mode=$(sway_mode "$dir" "$output")
[[ "$mode" == 1024x768@60000 ]] || fail "text: $output is at '$mode', want 1024x768@60000"
kill -INT "$pid"
check_gone text "$dir"
grep -q "pfhost: display wlroots removed" "$work/text/err" || fail "text: no 'removed' line"
echo "PASS (text): $line, gone after Ctrl-C"

# Bad input: a clear error, no display.
expect_error() {  # expect_error WANTED_TEXT ARGS...
  local wanted=$1; shift
  local out status=0
  out=$(env -i PATH="$PATH" HOME="$work" "$pfhost" display "$@" 2>&1) || status=$?
  ((status != 0)) || fail "'$*' succeeded"
  grep -qF -- "$wanted" <<<"$out" || fail "'$*' said '$out', want '$wanted'"
}
expect_error "--hold: must be 0 seconds or more" --backend wlroots --mode 800x600@30 --hold -1
expect_error "--backend is required" --mode 800x600@30
expect_error "no healthy plugin provides backend 'no-such-display'" --backend no-such-display \
  --mode 800x600@30
expect_error "--mode '800x@30': expected WxH@Hz" --backend wlroots --mode 800x@30
echo "PASS (errors)"
