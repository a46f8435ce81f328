// The state a DisplayRegistry shares with its leases. Internal to core/display.
//
// Leases hold it through a weak_ptr, so a lease that outlives its registry finds nothing to
// release instead of touching freed memory.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "config/host_config.hpp"
#include "display/display_table.hpp"
#include "display/lifecycle.hpp"

namespace pfhost::core::detail {

struct RegistryCore {
  explicit RegistryCore(DisplayPolicy p) : policy(p) {}

  // Releases one lease's hold; tears the display down (unlocked) when the policy says so and
  // wakes the expiry timer when a new deadline appeared. A display about to be kept (linger or
  // pin) is first asked whether it is still alive: one whose compositor died is torn down at once
  // instead of occupying a slot until it expires. Never throws: leases call it from their
  // destructors.
  void release_hold(uint64_t slot, uint64_t generation) noexcept;

  std::mutex mutex;
  // Wakes the expiry timer: a new deadline, or shutdown.
  std::condition_variable wake;
  // Everything below is guarded by `mutex`.
  DisplayTable table;
  DisplayPolicy policy;
  // Creates in flight, by backend and mode: they count against max_displays, and under join
  // sharing a caller asking for a display that is being made waits for it (on `created`) and
  // joins it instead of making a second one.
  struct Creation {
    std::string backend;
    pfhost_mode mode;
  };
  std::vector<Creation> creating;
  std::condition_variable created;  // a create finished (made, failed or abandoned)
  bool is_being_created(const std::string &backend, const pfhost_mode &mode) const;
  void creation_done(const std::string &backend, const pfhost_mode &mode);
  // Release-time liveness checks running unlocked; shutdown waits for them (on `wake`) before
  // taking the displays they look at.
  size_t release_checks = 0;
  bool closing = false;
};

// The lifecycle's linger rule for a keep_alive setting; a zero duration means "off".
LingerPolicy linger_for(const KeepAlive &keep_alive);

}  // namespace pfhost::core::detail
