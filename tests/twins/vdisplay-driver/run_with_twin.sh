#!/usr/bin/env bash
# Runs one Windows test program under wine against installed driver twins, in a wine prefix of
# its own (a kernel driver changes the prefix for everything in it; one prefix per test program
# keeps the others clean and costs ~15 s, not one per test case):
#   run_with_twin.sh <repo root> <wine64> <twin-install.exe> <twin dir> <twins> -- <program> [args]
# <twins> is a comma list of pf-vdisplay and/or sudovda (their .sys and .inf lie in <twin dir>).
# Test names containing "NoDriver" run first, before anything is installed. The prefix and its
# wineserver (and so every wine process started here) are gone when this script ends.
set -euo pipefail
root=$1 wine=$2 installer=$3 twin_dir=$4 twins=$5
shift 5
[[ $1 == -- ]] && shift

source "$root/scripts/lib/wine-prefix.sh"
prefix=$(mktemp -d /tmp/pfhost-twin.XXXXXX)
trap wine_prefix_stop EXIT
wine_prefix_start "$prefix" >/dev/null

run_tests() { timeout 150 "$wine" "$@"; } # below ctest's TIMEOUT, so the trap still runs
run_tests "$@" --gtest_filter='*NoDriver*' --gtest_brief=1

install_twin() { # inf hardware-id instance-id interface-guid
  (cd "$twin_dir" && timeout 60 "$wine" "$installer" install "$@")
}
IFS=, read -ra wanted <<<"$twins"
for twin in "${wanted[@]}"; do
  case $twin in
    pf-vdisplay) install_twin pf_vdisplay_twin.inf 'Root\pf_vdisplay' 'root\pf_vdisplay\0000' \
                   '{70667664-7044-5350-A1B2-C3D4E5F60001}' ;;
    sudovda) install_twin sudovda_twin.inf 'root\sudomaker\sudovda' 'root\display\0000' \
               '{E5BCC234-1E0C-418A-A0D4-EF8B7501414D}' ;;
    *) echo "run_with_twin: unknown twin '$twin'" >&2; exit 2 ;;
  esac
done
run_tests "$@" --gtest_filter='-*NoDriver*'
