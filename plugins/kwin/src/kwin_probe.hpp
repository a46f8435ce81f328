// Is KWin's screencast interface available to this process, and if not, why: the probe's verdict
// is the text a user reads in `pfhost --list-backends`, so it names the likely cause.
#pragma once

#include "wayland_client.hpp"

#include <pfhost/abi.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace pfhost::kwin {

inline constexpr const char *kScreencastInterface = "zkde_screencast_unstable_v1";
// stream_virtual_output arrived in version 2.
inline constexpr uint32_t kVirtualOutputSince = 2;

struct ProbeVerdict {
  pfhost_status status = PFHOST_OK;
  std::string reason;  // empty when OK
};

// The executable KWin sees for this process (/proc/self/exe; "(deleted)" when replaced).
std::string self_executable();

// Judges a compositor's globals: PFHOST_OK when the interface is there at version >= 2,
// otherwise PFHOST_E_UNAVAILABLE with the cause (not KWin; KWin hiding it from `exe`; too old).
ProbeVerdict judge_globals(const std::vector<WaylandGlobal> &globals, const std::string &display,
                           const std::string &exe);

// The Wayland display a plugin would use: $WAYLAND_DISPLAY, or nullopt when unset.
std::optional<std::string> wayland_display_from_environment();

// Connects to $WAYLAND_DISPLAY, one bounded registry round trip, judge_globals().
ProbeVerdict probe_kwin(std::chrono::milliseconds timeout);

}  // namespace pfhost::kwin
