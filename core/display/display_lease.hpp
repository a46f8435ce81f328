// A session's hold on a registry display. Move-only; destroying it or calling reset() releases
// the hold, after which the registry lets the display linger, keeps it, or tears it down.
//
// The lease carries the display's generation stamp: if the display was meanwhile torn down or
// reused under a new stamp, releasing does nothing. A lease that outlives its registry is
// harmless too (it holds only a weak reference to the registry's internals).
#pragma once

#include <pfhost/display.h>

#include <cstdint>
#include <memory>
#include <string>

namespace pfhost::core {

namespace detail {
struct RegistryCore;
}

class DisplayLease {
 public:
  DisplayLease() = default;  // holds nothing
  DisplayLease(DisplayLease &&other) noexcept;
  DisplayLease &operator=(DisplayLease &&other) noexcept;
  DisplayLease(const DisplayLease &) = delete;
  DisplayLease &operator=(const DisplayLease &) = delete;
  ~DisplayLease();

  // Releases the hold now; afterwards the lease holds nothing. Safe to call more than once.
  void reset() noexcept;
  // True from acquire() until reset() or a move.
  bool held() const { return held_; }
  explicit operator bool() const { return held_; }

  // The registry slot of the display (what snapshot() and release() use).
  uint64_t slot() const { return slot_; }
  uint64_t generation() const { return generation_; }
  const std::string &backend() const { return backend_; }
  // The mode the session asked for; target().mode is the one the display really has.
  const pfhost_mode &mode() const { return mode_; }
  // Where to capture the display; valid while the lease is held.
  const pfhost_target &target() const { return target_; }

 private:
  friend class DisplayRegistry;
  DisplayLease(std::weak_ptr<detail::RegistryCore> core, uint64_t slot, uint64_t generation,
               std::string backend, const pfhost_mode &mode, const pfhost_target &target);

  std::weak_ptr<detail::RegistryCore> core_;
  bool held_ = false;
  uint64_t slot_ = 0;
  uint64_t generation_ = 0;
  std::string backend_;
  pfhost_mode mode_{};
  pfhost_target target_{};
};

}  // namespace pfhost::core
