# Sourced by scripts/test.sh: finds processes a test suite started and left running. Every test
# must stop what it started (compositors, PipeWire, probe workers, apps); a survivor holds ports,
# displays and runtime directories that make later runs fail in ways far from the cause.
#   process_snapshot FILE        records the processes alive now
#   report_leftovers FILE WHAT   lists processes started since the snapshot that are still alive
#                                (after a few seconds' grace for ones already being reaped);
#                                returns 1 if there are any
_user_processes() {  # pid of every live process but kernel threads, sorted
  ps -eo pid=,ppid=,stat= | awk '$1 != 2 && $2 != 2 && $3 !~ /^Z/ {print $1}' | sort
}

process_snapshot() {
  _user_processes >"$1"
}

report_leftovers() {
  local snapshot=$1 what=$2 left tries now
  now=$(mktemp)
  for tries in 1 2 3 4 5; do
    # New since the snapshot in two samples a second apart: this function's own short-lived
    # helpers (ps, awk, subshells) have another pid each time and drop out.
    _user_processes >"$now"
    sleep 1
    left=$(comm -13 "$snapshot" "$now" | comm -12 - <(_user_processes))
    [[ -z $left ]] && break
  done
  rm -f "$now"
  [[ -z $left ]] && return 0
  printf '\n!!!! %s left %d process(es) running:\n' "$what" "$(wc -w <<<"$left")"
  # shellcheck disable=SC2086
  ps -o pid=,ppid=,etimes=,args= -p "$(tr '\n' ',' <<<"$left" | sed 's/,$//')" | sed 's/^/!!!!   /'
  return 1
}
