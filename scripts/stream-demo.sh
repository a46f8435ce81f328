#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine with no desktop session: installs what is missing
# (apt-get), builds pfhost once, then runs
#   pfhost stream --mode 1600x900@30 --duration 5 --output out.mkv
# on the embedded default: pfhost starts a private headless sway at exactly that mode (as root it
# runs sway in a user namespace), captures its output with wlr-screencopy and encodes H.264 into
# out.mkv, with progress on stderr. Extra arguments go to `pfhost stream` and win over these
# (e.g. --mode 1920x1080@60 --output x.ts, or `-- APP ARGS` to run an application inside sway).
#   scripts/stream-demo.sh [pfhost stream options] [-- APP ARGS]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$root/build
if [[ ! -x "$build/bin/pfhost" || ! -e "$build/lib/pfhost/plugins/pfhost-wlroots.so" ]]; then
  "$root/scripts/install-deps.sh"
  cmake -S "$root" -B "$build" -G Ninja >/dev/null
  cmake --build "$build" -j "$(nproc)" --target pfhost wlroots software pipewire mutter kwin \
    gamescope
fi

# Options before `--` go first so they override the defaults; `-- APP` stays last.
opts=() app=()
while (($#)); do
  if [[ $1 == -- ]]; then app=("$@"); break; fi
  opts+=("$1"); shift
done
set -x
"$build/bin/pfhost" stream --mode 1600x900@30 --duration 5 --output out.mkv "${opts[@]}" "${app[@]}"
