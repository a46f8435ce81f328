#!/usr/bin/env bash
# `pfhost serve`'s API over TLS, with real TLS clients: a configured pair on loopback (curl
# verifying it against the certificate as its CA: health 200, the token and Host rules still
# hold, plain http gets no answer); a listen beyond loopback with no pair configured (a
# self-signed pair generated 0600 into the state directory, its printed fingerprint the one
# openssl computes, reused on restart, nothing answered in the clear, allowed_hosts honoured,
# `pfhost ctl` pinning it by file and by fingerprint and refusing a wrong one); a headless
# chromium playing /view over https with the generated certificate pinned by its SPKI hash; and
# bad certificate paths failing start with an error naming the file.
# Usage: serve_tls_test.sh PFHOST PLUGIN_DIR
set -euo pipefail
pfhost=$1 plugins=$2
extra_tools=(curl jq openssl chromium setsid)
source "$(dirname "$0")/serve_test_lib.sh"

# 1. A configured pair (made here with openssl) on loopback: https only.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$work/key.pem" \
  -out "$work/cert.pem" 2>/dev/null
serve_toml="[serve]
tls_cert = \"$work/cert.pem\"
tls_key = \"$work/key.pem\""
start_host 10
[[ $scheme == https ]] || fail "a configured tls_cert did not make the API https: $(cat "$work/serve.out")"
r=$(curl -s --cacert "$work/cert.pem" -w ' %{http_code}' "https://$api/api/v1/health")
[[ "$r" == '{"status":"ok"} 200' ]] || fail "health over verified TLS: '$r'"
r=$(curl -s --cacert "$work/cert.pem" -o /dev/null -w '%{http_code}' "https://$api/api/v1/displays")
[[ "$r" == 401 ]] || fail "displays over TLS without a token: $r, want 401"
r=$(curl -s --cacert "$work/cert.pem" -o /dev/null -w '%{http_code}' \
  -H "Authorization: Bearer $token" -H "Host: attacker.example" "https://$api/api/v1/displays")
[[ "$r" == 403 ]] || fail "a foreign Host over TLS: $r, want 403"
r=$(curl -s --cacert "$work/cert.pem" -H "Authorization: Bearer $token" "https://$api/api/v1/displays")
[[ "$r" == '{"displays":[]}' ]] || fail "displays over TLS with the token: '$r'"
rc=0
curl -s --max-time 5 -o /dev/null "http://$api/api/v1/health" || rc=$?
((rc != 0)) || fail "plain http to a TLS listener got an HTTP answer"
out=$("$pfhost" ctl --config "$work/host.toml" --api "$api" --api-token-file "$work/api-token" \
  displays) || fail "ctl over TLS (pinned by the configured tls_cert): exit $?"
[[ "$out" == "no displays" ]] || fail "ctl over TLS printed '$out'"
echo "PASS: configured pair: verified https health 200, 401 without token, 403 foreign Host, no plain http, ctl pins tls_cert"
stop_host

# 2. Beyond loopback with no pair: a generated one, reused on restart.
serve_toml='[serve]
allowed_hosts = ["studio.example"]' api_listen=0.0.0.0:0
start_host 10
[[ $scheme == https ]] || fail "a non-loopback API is not https: $(cat "$work/serve.out")"
state=$work/.local/state/pfhost
[[ -f $state/tls-cert.pem && -f $state/tls-key.pem ]] || fail "no generated pair in $state"
[[ $(stat -c %a "$state/tls-key.pem") == 600 ]] || fail "the generated key is not 0600"
printed=$(sed -n 's/^serve: tls certificate .* (self-signed) sha256 \([0-9A-F:]*\)$/\1/p' "$work/serve.out")
actual=$(openssl x509 -in "$state/tls-cert.pem" -noout -fingerprint -sha256 | cut -d= -f2)
[[ -n "$printed" && "$printed" == "$actual" ]] || fail "printed fingerprint '$printed', openssl says '$actual'"
openssl x509 -in "$state/tls-cert.pem" -noout -ext subjectAltName | grep -q "DNS:studio.example" ||
  fail "the generated certificate does not name the allowed host studio.example"
local_api=127.0.0.1:${api##*:}
grep -q "^serve: or in a browser: https://studio.example:${api##*:}/view?" "$work/serve.out" ||
  fail "the viewer URL does not name the allowed host: $(cat "$work/serve.out")"
rc=0
curl -s --max-time 5 -o /dev/null "http://$local_api/api/v1/health" || rc=$?
((rc != 0)) || fail "a non-loopback listen answered plain http"
r=$(curl -s --cacert "$state/tls-cert.pem" -w ' %{http_code}' "https://$local_api/api/v1/health")
[[ "$r" == '{"status":"ok"} 200' ]] || fail "health over the generated pair: '$r'"
r=$(curl -sk -o /dev/null -w '%{http_code}' "https://$local_api/api/v1/displays")
[[ "$r" == 401 ]] || fail "no token over the generated pair: $r, want 401"
r=$(curl -sk -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
  -H "Host: studio.example:${api##*:}" "https://$local_api/api/v1/displays")
[[ "$r" == 200 ]] || fail "allowed_hosts studio.example: $r, want 200"
r=$(curl -sk -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
  -H "Host: other.example" "https://$local_api/api/v1/displays")
[[ "$r" == 403 ]] || fail "a Host not in allowed_hosts: $r, want 403"
echo "PASS: generated pair 0600, fingerprint $printed as printed, no plain http, 401, allowed_hosts 200/403"

ctl() { env -u XDG_STATE_HOME HOME="$work" "$pfhost" ctl --config "$work/host.toml" --api-token-file "$work/api-token" "$@"; }
out=$(ctl --api "$api" displays) || fail "ctl pinning the generated certificate: exit $?"
[[ "$out" == "no displays" ]] || fail "ctl printed '$out'"
ctl --api "$local_api" --tls-cert "$state/tls-cert.pem" displays >/dev/null ||
  fail "ctl --tls-cert refused the host's own certificate"
ctl --api "$local_api" --tls-fingerprint "${printed,,}" displays >/dev/null ||
  fail "ctl --tls-fingerprint (lower case) refused the right certificate"
rc=0
ctl --api "$local_api" --tls-fingerprint "$(printf 'AB%.0s' $(seq 32))" displays 2>"$work/ctl.err" ||
  rc=$?
((rc == 1)) && grep -q "refusing to send the token" "$work/ctl.err" ||
  fail "ctl accepted a wrong fingerprint: exit $rc, $(cat "$work/ctl.err")"
echo "PASS: ctl pins the generated certificate by file and by fingerprint, refuses a wrong one"

# 3. A browser on https: the viewer plays, the certificate pinned by its SPKI hash.
spki=$(openssl x509 -in "$state/tls-cert.pem" -noout -pubkey | openssl pkey -pubin -outform der |
  openssl dgst -sha256 -binary | base64)
mkdir -p "$work/profile"
setsid chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --ignore-certificate-errors-spki-list="$spki" --user-data-dir="$work/profile" \
  --enable-logging=stderr "https://$local_api/view?mode=640x480@30&client=tess#token=$token" \
  >/dev/null 2>"$work/tess.err" &
browser=$!
callers+=("$browser")
frames=0
# A still desktop: under [stream] frame_rate = "variable" the first frame, then one a second.
for _ in $(seq 300); do
  frames=$({ grep -ao "pfhost-view: frames=[0-9]* size=640x480" "$work/tess.err" || true; } |
    tail -n1 | sed 's/.*frames=\([0-9]*\).*/\1/')
  ((${frames:-0} >= 3)) && break
  sleep 0.1
done
kill -TERM -- "-$browser" 2>/dev/null || true
wait "$browser" 2>/dev/null || true
callers=()
((${frames:-0} >= 3)) || { grep -a "pfhost-view\|ERROR" "$work/tess.err" | tail -5; fail "the https viewer decoded ${frames:-0} frames"; }
echo "PASS: chromium over https (SPKI-pinned) decoded $frames frames at 640x480"
stop_host

# The same pair on the next start.
start_host 10
again=$(sed -n 's/^serve: tls certificate .* sha256 \([0-9A-F:]*\)$/\1/p' "$work/serve.out")
[[ "$again" == "$printed" ]] || fail "restart generated a new pair: $again, was $printed"
stop_host
echo "PASS: the generated pair is reused on restart"

# 4. Bad TLS material fails start, naming the file.
start_fails() {  # start_fails PATTERN: serve with $serve_toml exits 1 saying PATTERN
  printf '[host]\nplugin_dirs = ["%s"]\n%s\n' "$plugins" "$serve_toml" >"$work/bad.toml"
  local rc=0
  env -i PATH="$PATH" HOME="$work" "$pfhost" serve --config "$work/bad.toml" \
    --srt-listen 127.0.0.1:0 --api-listen 127.0.0.1:0 --api-token-file "$work/api-token" \
    >/dev/null 2>"$work/bad.err" || rc=$?
  ((rc == 1)) && grep -qF "$1" "$work/bad.err" ||
    fail "serve with bad TLS material: exit $rc, said: $(cat "$work/bad.err"), want '$1'"
}
serve_toml="[serve]
tls_cert = \"$work/missing.pem\"
tls_key = \"$work/key.pem\""
start_fails "cannot read the TLS certificate $work/missing.pem"
echo "not a certificate" >"$work/junk.pem"
serve_toml="[serve]
tls_cert = \"$work/junk.pem\"
tls_key = \"$work/key.pem\""
start_fails "the TLS certificate $work/junk.pem is not a PEM certificate"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/other.pem" 2>/dev/null
serve_toml="[serve]
tls_cert = \"$work/cert.pem\"
tls_key = \"$work/other.pem\""
start_fails "the TLS key $work/other.pem does not belong to the certificate $work/cert.pem"
echo "PASS: a missing, a junk certificate and a foreign key each fail start naming the file"
