// What the registry reports about its displays (diagnostics, the management API).
#pragma once

#include <pfhost/abi.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pfhost::core {

// One live or kept display, as DisplayRegistry::snapshot() lists it.
struct DisplayInfo {
  uint64_t slot = 0;    // stable id of the display; DisplayRegistry::release() takes it
  std::string backend;  // "mutter", "kwin", ...
  pfhost_mode mode{};   // the mode sessions asked for (the reuse key)
  std::string state;    // "active" | "lingering" | "pinned"
  std::optional<uint64_t> expires_in_ms;  // time left, only while lingering
  uint32_t sessions = 0;                  // sessions holding it
  std::string client;  // client that created or last reused it; empty when unknown
};

// The outcome of DisplayRegistry::release(): which kept displays were torn down, and which of the
// selected displays were refused because sessions still use them. Both empty: no such slot.
struct ReleaseResult {
  std::vector<uint64_t> released;
  std::vector<uint64_t> refused;
};

}  // namespace pfhost::core
