# Sourced by scripts: a fresh, private wine prefix for the Windows tests, made once per run.
#   wine_prefix_start <dir>   creates and boots the prefix, keeps its wineserver running
#   wine_prefix_stop          stops its wineserver and removes the prefix
# wineboot leaves services winding down for a few seconds; `wineserver -w` waits for them before
# anything else runs (a test started earlier can hang on them), then `wineserver -p` keeps the
# server alive so each test program starts in tens of milliseconds. Every wine call is bounded.
wine_prefix_start() {
  export WINEPREFIX=$1 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
  export WINEARCH=win64
  rm -rf "$WINEPREFIX"
  local started=$SECONDS
  timeout 180 /usr/lib/wine/wine64 wineboot --init >/dev/null 2>&1 || {
    echo "wine-prefix: wineboot --init failed or hung in $WINEPREFIX" >&2
    return 1
  }
  timeout 120 wineserver -w || true
  timeout 10 wineserver -p || true
  # The first program in a prefix starts wine's own background processes (services, device
  # host), which inherit that program's stdout: a test's output pipe would then stay open long
  # after the test ended. Start them here, with nothing to inherit; the persistent server keeps
  # them for every later program.
  timeout 60 /usr/lib/wine/wine64 cmd /c exit </dev/null >/dev/null 2>&1 || true
  echo "wine-prefix: $WINEPREFIX ready in $((SECONDS - started)) s"
}

wine_prefix_stop() {
  [[ -n "${WINEPREFIX:-}" ]] || return 0
  timeout 30 wineserver -k >/dev/null 2>&1 || true
  rm -rf "$WINEPREFIX"
}
