# Sourced by scripts/test.sh: finds processes a test suite started and left running. Every test
# must stop what it started (compositors, PipeWire, probe workers, apps); a survivor holds ports,
# displays and runtime directories that make later runs fail in ways far from the cause.
#   process_snapshot FILE        records the processes alive now
#   report_leftovers FILE WHAT   lists processes started since the snapshot that are still alive
#                                (after a few seconds' grace for ones already being reaped) and
#                                were orphaned by the suite; returns 1 if there are any
# A suite's processes are gone when ctest returns, so what a test left behind has been reparented
# to init: a new survivor whose ancestors up to pid 1 are all new is the suite's. One whose chain
# meets a process older than the snapshot (a CI runner's helper, say) is listed as unrelated and
# does not fail the run.
_live_processes() {  # "pid ppid" of every live process but kernel threads
  ps -eo pid=,ppid=,stat= | awk '$1 != 2 && $2 != 2 && $3 !~ /^Z/ {print $1, $2}'
}

process_snapshot() {
  _live_processes | awk '{print $1}' | sort >"$1"
}

# Prints "ours PID" or "unrelated PID" for each pid on stdin (new since SNAPSHOT, still alive).
_classify() {  # snapshot file, live "pid ppid" file
  awk 'FILENAME == ARGV[1] { old[$1] = 1; next }
       FILENAME == ARGV[2] { parent[$1] = $2; next }
       {
         p = parent[$1]; verdict = "ours"
         for (hops = 0; p != "" && p != 1 && hops < 64; hops++) {
           if (p in old) { verdict = "unrelated"; break }
           p = parent[p]
         }
         print verdict, $1
       }' "$1" "$2" -
}

report_leftovers() {
  local snapshot=$1 what=$2 new live tries verdicts ours unrelated
  live=$(mktemp)
  for tries in 1 2 3 4 5; do
    # New since the snapshot in two samples a second apart: this function's own short-lived
    # helpers (ps, awk, subshells) have another pid each time and drop out.
    _live_processes >"$live"
    sleep 1
    new=$(comm -13 "$snapshot" <(awk '{print $1}' "$live" | sort) |
      comm -12 - <(_live_processes | awk '{print $1}' | sort))
    verdicts=$(_classify "$snapshot" "$live" <<<"$new" | grep -v '^ours $' || true)
    ours=$(awk '$1 == "ours" {print $2}' <<<"$verdicts")
    [[ -z $ours ]] && break
  done
  unrelated=$(awk '$1 == "unrelated" {print $2}' <<<"$verdicts")
  rm -f "$live"
  if [[ -n $unrelated ]]; then
    printf '\nnote: processes that appeared during %s but are not its (their parent predates it):\n' \
      "$what"
    ps -o pid=,ppid=,etimes=,args= -p "$(paste -sd, <<<"$unrelated")" | sed 's/^/note:   /' || true
  fi
  [[ -z $ours ]] && return 0
  printf '\n!!!! %s left %d process(es) running:\n' "$what" "$(wc -w <<<"$ours")"
  ps -o pid=,ppid=,etimes=,args= -p "$(paste -sd, <<<"$ours")" | sed 's/^/!!!!   /'
  return 1
}
