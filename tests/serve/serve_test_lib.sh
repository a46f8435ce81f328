# What the `pfhost serve` test scripts share: a work dir, a host.toml for the built plugins, the
# host started with system-picked ports (so tests run in parallel), log polling, and a cleanup
# that stops every process the test started. Source it after setting `pfhost`, `plugins` and,
# optionally, `extra_tools` (more commands the test needs; it is skipped without them).

for tool in sway ffmpeg ffprobe ${extra_tools[@]+"${extra_tools[@]}"}; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool not installed"; exit 77; }
done

work=$(mktemp -d /tmp/pfhost-serve-test.XXXXXX)
chmod 755 "$work"
log=$work/serve.log
server="" callers=()

fail() { echo "FAIL: $*" >&2; [[ -f "$log" ]] && tail -n 40 "$log" >&2; exit 1; }
cleanup() {
  for pid in "${callers[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  if [[ -n "$server" ]]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }
seconds() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }  # milliseconds as "1.234"
# wait_for PATTERN SECONDS: until the host log has a line matching PATTERN.
wait_for() {
  local deadline=$(($(now_ms) + $2 * 1000))
  until grep -qE "$1" "$log"; do
    (($(now_ms) > deadline)) && return 1
    sleep 0.05
  done
}

# start_host KEEP_ALIVE_S [-- APP ARGS]: pfhost serve on the managed sway (APP runs inside every
# display); sets server, port (SRT), api (ADDR:PORT), scheme (http or https) and token.
# $serve_toml, when set, is added to host.toml (a [serve] table); $api_listen replaces
# 127.0.0.1:0; $sharing replaces "separate"; $run_as (an array) goes in front of the command;
# the demo client runs only with demo=" " (the tests that need an app pass their own).
start_host() {
  cat >"$work/host.toml" <<TOML
[host]
plugin_dirs = ["$plugins"]
cache_dir = "$work/cache"
[backends]
display = ["wlroots"]
encode = ["software"]
[display]
keep_alive = "${1}s"
sharing = "${sharing:-separate}"
${serve_toml:-}
TOML
  # A clean environment, but a sanitizer build's settings (e.g. the LeakSanitizer suppressions a
  # test is given) still reach the host.
  local sanitizer_env=() var
  for var in ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS TSAN_OPTIONS; do
    if [[ -n "${!var:-}" ]]; then sanitizer_env+=("$var=${!var}"); fi
  done
  ${run_as[@]+"${run_as[@]}"} env -i PATH="$PATH" HOME="$work" \
    ${sanitizer_env[@]+"${sanitizer_env[@]}"} "$pfhost" serve \
    --config "$work/host.toml" \
    --srt-listen 127.0.0.1:0 --api-listen "${api_listen:-127.0.0.1:0}" \
    --api-token-file "$work/api-token" ${demo:---no-demo-client} \
    "${@:2}" >"$work/serve.out" 2>"$log" &
  server=$!
  for _ in $(seq 100); do
    grep -q "^serve: srt listening on" "$work/serve.out" 2>/dev/null && break
    sleep 0.1
  done
  port=$(sed -n 's/^serve: srt listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/serve.out")
  api=$(sed -n 's|^serve: api listening on https\{0,1\}://\([0-9.]*:[0-9]*\) .*|\1|p' "$work/serve.out")
  scheme=$(sed -n 's|^serve: api listening on \(https\{0,1\}\)://.*|\1|p' "$work/serve.out")
  [[ -n "$port" && -n "$api" ]] ||
    { cat "$work/serve.out"; fail "no 'serve: srt/api listening on ...' lines"; }
  token=$(cat "$work/api-token")
  [[ $(stat -c %a "$work/api-token") == 600 ]] || fail "the token file is not mode 0600"
}

url() { echo "srt://127.0.0.1:$port?streamid=$1"; }

# stop_host: SIGTERM, exit status 0, nothing of the managed sway left.
stop_host() {
  kill -TERM "$server"
  local rc=0
  wait "$server" || rc=$?
  server=""
  ((rc == 0)) || fail "pfhost serve exited with $rc after SIGTERM, want 0"
  local runtime
  runtime=$(grep -o '/tmp/pfhost-sway-[A-Za-z0-9]*' "$log" | head -n1 || true)
  [[ -z "$runtime" || ! -e "$runtime" ]] || fail "$runtime left behind"
}
