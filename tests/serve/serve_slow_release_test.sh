#!/usr/bin/env bash
# A slow teardown holds no other API request: the display's app ignores SIGTERM, so tearing the
# display down really takes the wlroots backend's 1 s grace before it kills the app. While
# POST /displays/{slot}/release is in that teardown, health and the display list answer at once.
# Usage: serve_slow_release_test.sh PFHOST PLUGIN_DIR
set -euo pipefail
pfhost=$1 plugins=$2
extra_tools=(curl jq)
source "$(dirname "$0")/serve_test_lib.sh"
cat >"$work/stubborn-app.sh" <<'SH'
trap '' TERM
while :; do sleep 0.1; done
SH
start_host 30 -- bash "$work/stubborn-app.sh"

auth=(-H "Authorization: Bearer $token")
ffmpeg -nostdin -v error -y -i "$(url 'mode=640x480@30,client=slow')" -c copy "$work/slow.ts" \
  2>/dev/null &
callers=($!)
slot=""
for _ in $(seq 100); do
  slot=$(curl -s "${auth[@]}" "http://$api/api/v1/sessions" |
    jq -r '.sessions[]? | select(.client == "slow" and .bytes > 0) | .slot' || true)
  [[ -n "$slot" ]] && break
  sleep 0.1
done
[[ -n "$slot" ]] || fail "the caller's session never streamed"
kill -9 "${callers[0]}"
wait "${callers[0]}" 2>/dev/null || true
callers=()
for _ in $(seq 60); do
  [[ $(curl -s "${auth[@]}" "http://$api/api/v1/displays/$slot" | jq -r .state) == lingering ]] &&
    break
  sleep 0.05
done

curl -s -o "$work/release.json" -w '%{http_code} %{time_total}' -X POST "${auth[@]}" \
  "http://$api/api/v1/displays/$slot/release" >"$work/release.out" &
release=$!
sleep 0.3
health=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "http://$api/api/v1/health")
displays=$(curl -s -o "$work/displays.json" -w '%{http_code} %{time_total}' "${auth[@]}" \
  "http://$api/api/v1/displays")
kill -0 "$release" 2>/dev/null ||
  fail "the release was over before the other requests were answered: $(cat "$work/release.out")"
wait "$release"
read -r release_status release_s <"$work/release.out" || true  # no final newline
[[ $release_status == 200 ]] || fail "release: $release_status $(cat "$work/release.json")"
awk "BEGIN { exit !($release_s >= 0.9) }" ||
  fail "the release took ${release_s}s: the teardown was not slow, so this proves nothing"
for answer in "health:$health" "displays:$displays"; do
  read -r status took <<<"${answer#*:}"
  [[ $status == 200 ]] || fail "${answer%%:*} during the release: status $status"
  awk "BEGIN { exit !($took < 0.5) }" ||
    fail "${answer%%:*} took ${took}s while a release was tearing a display down"
done
echo "PASS: release took ${release_s}s; meanwhile health answered in ${health#* }s, displays in ${displays#* }s"
stop_host
