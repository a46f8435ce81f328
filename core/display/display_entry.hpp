// One display the registry owns: the live display (destroying it is the teardown), where it can
// be captured, the lifecycle state and the generation stamp that leases carry.
#pragma once

#include <pfhost/display.h>

#include <cstdint>
#include <memory>
#include <string>

#include "backends/live_display.hpp"
#include "display/lifecycle.hpp"

namespace pfhost::core {

struct DisplayEntry {
  uint64_t slot = 0;  // never reused within a registry
  // Changes on every create and reuse; a lease releases only while its stamp still matches, so a
  // hold from an earlier life of the display can never release a later one.
  uint64_t generation = 0;
  std::string backend;
  pfhost_mode mode{};
  pfhost_target target{};
  std::string client;
  LifecycleState state;
  // A reuse is waiting on the plugin's liveness check: nobody may join it yet, it may still turn
  // out dead and be torn down.
  bool checking = false;
  std::unique_ptr<LiveDisplay> display;
};

// "display 3 (mutter 1280x720@60)", how log lines name a display.
std::string describe(uint64_t slot, const std::string &backend, const pfhost_mode &mode);
inline std::string describe(const DisplayEntry &entry) {
  return describe(entry.slot, entry.backend, entry.mode);
}

}  // namespace pfhost::core
