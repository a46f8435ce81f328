#!/usr/bin/env bash
# The management API of `pfhost serve` and `pfhost ctl`, against a host with real ffmpeg SRT
# callers on the managed sway: every status code (200, 401, 403, 404, 405, 409, 400), release of
# kept displays, DELETE of one session ending that caller's stream and nobody else's, the policy,
# ctl's exit codes against a running host and against none, and the refusal of an SRT listener
# beyond loopback without protection.
# Usage: serve_api_test.sh PFHOST PLUGIN_DIR
set -euo pipefail
pfhost=$1 plugins=$2
extra_tools=(curl jq)
source "$(dirname "$0")/serve_test_lib.sh"
# A moving picture (the demo client): a still desktop sends one frame a second, and bob's bytes
# must visibly grow while alice's session ends.
demo=" " start_host 30

# call METHOD PATH [BODY] [curl args...]: prints "STATUS BODY" (the token: $as_token or the host's).
call() {
  local method=$1 path=$2 body=${3:-}
  shift $(($# < 3 ? $# : 3))
  curl -s -o "$work/body" -w '%{http_code}' -X "$method" ${body:+-d "$body"} \
    -H "Authorization: Bearer ${as_token:-$token}" "$@" "http://$api$path" >"$work/status"
  echo "$(cat "$work/status") $(cat "$work/body")"
}
expect() {  # expect STATUS "METHOD PATH" RESPONSE
  [[ "${3%% *}" == "$1" ]] || fail "$2: got '$3', want status $1"
  jq -e . >/dev/null <<<"${3#* }" || fail "$2: the body is not JSON: '${3#* }'"
}
error_code() { jq -r .error.code <<<"${1#* }"; }

# 1. Access: health without a token; everything else needs the right token and a local Host.
r=$(curl -s -w ' %{http_code}' "http://$api/api/v1/health")
[[ "$r" == '{"status":"ok"} 200' ]] || fail "health without a token: '$r'"
r=$(curl -s -o /dev/null -w '%{http_code}' "http://$api/api/v1/displays")
[[ "$r" == 401 ]] || fail "displays without a token: $r, want 401"
r=$(as_token=wrong call GET /api/v1/displays)
expect 401 "wrong token" "$r"
r=$(call GET /api/v1/displays "" -H "Host: attacker.example:80")
expect 403 "foreign Host" "$r"
[[ $(error_code "$r") == host_not_allowed ]] || fail "foreign Host: '$r'"
expect 200 "Host localhost" "$(call GET /api/v1/displays "" -H "Host: localhost:1")"
expect 404 "unknown path" "$(call GET /api/v1/nothing)"
expect 405 "POST /sessions" "$(call POST /api/v1/sessions)"
expect 404 "release of no slot" "$(call POST /api/v1/displays/99/release)"
echo "PASS: health 200, 401 without/with a wrong token, 403 foreign Host, 404, 405"

# 2. ctl against the running host with no displays, and with a wrong token.
out=$("$pfhost" ctl --api "$api" --api-token-file "$work/api-token" displays) ||
  fail "ctl displays: exit $?"
[[ "$out" == "no displays" ]] || fail "ctl displays printed '$out'"
echo wrong >"$work/wrong-token"
rc=0
"$pfhost" ctl --api "$api" --api-token-file "$work/wrong-token" displays 2>/dev/null || rc=$?
((rc == 4)) || fail "ctl with a wrong token: exit $rc, want 4 (refused)"
echo "PASS: ctl displays (exit 0) and a refused ctl (exit 4)"

# 3. Two callers streaming; the API lists both.
ffmpeg -nostdin -v error -y -i "$(url '%23!::r=640x480@30,u=alice')" -c copy "$work/alice.ts" \
  2>/dev/null &
alice=$!
ffmpeg -nostdin -v error -y -i "$(url 'mode=800x600@30,client=bob')" -c copy "$work/bob.ts" \
  2>/dev/null &
bob=$!
callers=("$alice" "$bob")
for _ in $(seq 100); do
  r=$(call GET /api/v1/sessions)
  (($(jq '[.sessions[] | select(.state == "streaming" and .bytes > 0)] | length' <<<"${r#* }") == 2)) &&
    break
  sleep 0.1
done
expect 200 "GET sessions" "$r"
sessions=${r#* }
alice_id=$(jq -r '.sessions[] | select(.client == "alice") | .id' <<<"$sessions")
bob_id=$(jq -r '.sessions[] | select(.client == "bob") | .id' <<<"$sessions")
alice_slot=$(jq -r '.sessions[] | select(.client == "alice") | .slot' <<<"$sessions")
bob_slot=$(jq -r '.sessions[] | select(.client == "bob") | .slot' <<<"$sessions")
[[ -n "$alice_id" && -n "$bob_id" ]] || fail "sessions: '$sessions'"
jq -e '.sessions[] | select(.client == "alice") | .transport == "srt" and .mode == "640x480@30"
       and .codec == "h264"' <<<"$sessions" >/dev/null || fail "alice's session: '$sessions'"
r=$(call GET /api/v1/displays)
jq -e --argjson a "$alice_slot" '.displays[] | select(.slot == $a) | .state == "active" and
       .mode == "640x480@30" and .client == "alice" and .sessions == 1 and .expires_in_ms == null' \
  <<<"${r#* }" >/dev/null || fail "alice's display: '$r'"
expect 200 "GET one display" "$(call GET "/api/v1/displays/$bob_slot")"
echo "PASS: sessions $alice_id (alice, slot $alice_slot) and $bob_id (bob, slot $bob_slot) listed"

# 4. An active display is not released (409); DELETE ends alice's stream only.
r=$(call POST "/api/v1/displays/$alice_slot/release")
expect 409 "release an active display" "$r"
[[ $(error_code "$r") == display_active ]] || fail "409 body: '$r'"
expect 200 "DELETE alice's session" "$(call DELETE "/api/v1/sessions/$alice_id")"
for _ in $(seq 60); do kill -0 "$alice" 2>/dev/null || break; sleep 0.05; done
kill -0 "$alice" 2>/dev/null && fail "alice's ffmpeg still runs 3 s after her session was deleted"
wait "$alice" || true
callers=("$bob")
bob_bytes() { call GET /api/v1/sessions | cut -d' ' -f2- | jq ".sessions[] | select(.id == $bob_id) | .bytes"; }
bytes=$(bob_bytes)
sleep 0.5
kill -0 "$bob" 2>/dev/null || fail "bob's ffmpeg ended with alice's session"
(($(bob_bytes) > bytes)) || fail "bob's stream stopped with alice's"
expect 404 "DELETE a gone session" "$(call DELETE "/api/v1/sessions/$alice_id")"
echo "PASS: 409 for an active display; DELETE ended alice's stream, bob's goes on"

# 5. Alice's display lingers with time left; release it (200), then it is gone (404).
r=$(call GET "/api/v1/displays/$alice_slot")
jq -e '.state == "lingering" and .expires_in_ms > 0 and .sessions == 0' <<<"${r#* }" >/dev/null ||
  fail "alice's display after her session: '$r'"
r=$(call POST "/api/v1/displays/$alice_slot/release")
expect 200 "release a kept display" "$r"
jq -e --argjson a "$alice_slot" '.released == [$a]' <<<"${r#* }" >/dev/null || fail "release: '$r'"
expect 404 "the released display" "$(call GET "/api/v1/displays/$alice_slot")"
echo "PASS: kept display released (200), then 404"

# 6. ctl: sessions, kick bob, release every kept display.
out=$("$pfhost" ctl --api "$api" --api-token-file "$work/api-token" sessions)
grep -qE "^$bob_id +bob +srt " <<<"$out" || fail "ctl sessions printed: $out"
"$pfhost" ctl --api "$api" --api-token-file "$work/api-token" kick "$bob_id" >/dev/null ||
  fail "ctl kick $bob_id"
for _ in $(seq 60); do kill -0 "$bob" 2>/dev/null || break; sleep 0.05; done
wait "$bob" || true
callers=()
for _ in $(seq 40); do
  [[ $(call GET "/api/v1/displays/$bob_slot" | cut -d' ' -f2- | jq -r .state) == lingering ]] && break
  sleep 0.05
done
out=$("$pfhost" ctl --api "$api" --api-token-file "$work/api-token" release)
[[ "$out" == "released: [$bob_slot]" ]] || fail "ctl release printed '$out'"
rc=0
"$pfhost" ctl --api "$api" --api-token-file "$work/api-token" release "$bob_slot" 2>/dev/null ||
  rc=$?
((rc == 4)) || fail "ctl release of a gone slot: exit $rc, want 4"
echo "PASS: ctl sessions, kick, release (all), release of a gone slot (exit 4)"

# 7. The policy: read, a bad change (400), a good one (200).
expect 200 "GET policy" "$(call GET /api/v1/policy)"
r=$(call PUT /api/v1/policy '{"keep_alive":"soon"}')
expect 400 "a bad policy" "$r"
r=$(call PUT /api/v1/policy '{"keep_alive":"forever","max_displays":2}')
expect 200 "PUT policy" "$r"
[[ "${r#* }" == '{"keep_alive":"forever","max_displays":2,"sharing":"separate"}' ]] ||
  fail "PUT policy answered '$r'"
r=$(call GET /api/v1/backends)
jq -e '.plugins | length > 0' <<<"${r#* }" >/dev/null || fail "backends: '$r'"
echo "PASS: policy 200/400/200, backends listed"

# 8. Listening beyond loopback without protection is refused before anything starts.
rc=0
env -i PATH="$PATH" HOME="$work" "$pfhost" serve --config "$work/host.toml" \
  --srt-listen 0.0.0.0:0 --api-listen 127.0.0.1:0 >/dev/null 2>"$work/exposed.err" || rc=$?
((rc == 1)) || fail "serve on 0.0.0.0 without a passphrase or token: exit $rc, want 1"
grep -q "neither srt_passphrase nor srt_token is set" "$work/exposed.err" ||
  fail "serve on 0.0.0.0 said: $(cat "$work/exposed.err")"
echo "PASS: non-loopback SRT without passphrase/token refused (exit 1); a non-loopback API is https only (serve_tls_test.sh)"

# 9. ctl with no host running: exit 3.
stop_host
rc=0
"$pfhost" ctl --api "$api" --api-token-file "$work/api-token" displays 2>"$work/ctl.err" || rc=$?
((rc == 3)) || fail "ctl without a host: exit $rc, want 3"
grep -q "no pfhost serve answers on $api" "$work/ctl.err" || fail "ctl said: $(cat "$work/ctl.err")"
echo "PASS: host stopped (exit 0); ctl without a host exits 3"
