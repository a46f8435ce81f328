#!/usr/bin/env bash
# Installs the Debian 12 packages pfhost needs to build and to run its tests (real PipeWire,
# wireplumber, dbus, FFmpeg, GStreamer for test sources). Idempotent: when everything is present it
# only checks and returns. Needs root (or sudo) only when something is missing.
set -euo pipefail

build_deps=(
  cmake g++ ninja-build pkg-config make binutils
  libboost-dev libspdlog-dev libfmt-dev libtomlplusplus-dev libcli11-dev nlohmann-json3-dev
  libpipewire-0.3-dev libsdbus-c++-dev libwayland-dev libwayland-bin wayland-protocols
  plasma-wayland-protocols
  libavcodec-dev libavformat-dev libavutil-dev libswscale-dev libffmpeg-nvenc-dev libva-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsrt-gnutls-dev
  libssl-dev  # the API's TLS: Boost.Asio's SSL streams are built on OpenSSL
)
test_deps=(
  pipewire pipewire-bin wireplumber libspa-0.2-modules dbus dbus-daemon ffmpeg
  gstreamer1.0-pipewire gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  sway mutter kwin-wayland grim
  curl jq chromium openssl  # openssl: the TLS test makes certificates and checks fingerprints
  systemd  # systemd-analyze verify: the install test checks the installed user unit
)
tool_deps=(clang-format clang libclang-rt-14-dev)  # libFuzzer targets: bench/fuzz.sh
# The NVENC twin (tests/twins/nvenc) encodes with these, so GPU-less tests decode real streams.
test_deps+=(libx264-dev libx265-dev)
# The Windows build (scripts/build-windows.sh): mingw-w64 with posix threads, and wine to run its
# tests. The Linux headers of the header-only libraries above serve that build too.
windows_deps=(g++-mingw-w64-x86-64-posix gcc-mingw-w64-x86-64-posix mingw-w64-x86-64-dev wine
              wine64)

wanted=("${build_deps[@]}" "${test_deps[@]}" "${tool_deps[@]}" "${windows_deps[@]}")
missing=()
for pkg in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#wanted[@]} Debian packages present"
  exit 0
fi

echo "install-deps: installing ${#missing[@]} missing packages: ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root (or sudo) to apt-get install" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "install-deps: done"
