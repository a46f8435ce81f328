#!/usr/bin/env bash
# Cross-builds pfhost for 64-bit Windows with Debian's mingw-w64 into build-windows/:
# bin/pfhost.exe, bin/pfhost-probe-worker.exe, lib/pfhost/plugins/*.dll and the Windows test
# programs (run under wine by `ctest --test-dir build-windows`, see scripts/test.sh).
# Usage: scripts/build-windows.sh [extra cmake arguments]   (PFHOST_JOBS=N to limit parallelism)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=${PFHOST_JOBS:-$(nproc)}

"$root/scripts/install-deps.sh"

cmake -S "$root" -B "$root/build-windows" -G Ninja \
  --toolchain "$root/cmake/mingw-w64-x86_64.cmake" \
  -DCMAKE_BUILD_TYPE=Release -DPFHOST_WERROR=ON "$@" >/dev/null
cmake --build "$root/build-windows" -j "$jobs"
echo "build-windows: $(ls "$root"/build-windows/bin/*.exe | wc -l) programs in build-windows/bin," \
     "$(ls "$root"/build-windows/lib/pfhost/plugins/*.dll 2>/dev/null | wc -l) plugins in" \
     "build-windows/lib/pfhost/plugins"
