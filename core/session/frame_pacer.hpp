// The encode thread's clock: slot k of the output sits at start + k * (den/num) seconds, computed
// from the index rather than by adding periods, so rounding never accumulates into drift. Every
// encoded frame takes one slot, its output timestamp, so timestamps stay on a steady grid and
// strictly increase. When the encoder falls behind, missed slots are skipped rather than caught
// up in a burst. The grid may be pulled in (pull_in) to follow a source running slightly fast.
#pragma once

#include <chrono>
#include <cstdint>

#include "backends/framerate.hpp"

namespace pfhost::core {

class FramePacer {
 public:
  using Clock = std::chrono::steady_clock;

  FramePacer(Framerate rate, Clock::time_point start) noexcept;

  // Offset of tick `k` from the start.
  std::chrono::nanoseconds offset(uint64_t k) const noexcept;

  // The time of slot `k`.
  Clock::time_point at(uint64_t k) const noexcept { return start_ + offset(k); }
  // The last slot at or before `t` (0 before the start).
  uint64_t slot_at_or_before(Clock::time_point t) const noexcept;
  // The first slot at or after `t`.
  uint64_t slot_at_or_after(Clock::time_point t) const noexcept;

  // Moves the whole grid `d` earlier: every slot's time, so every later timestamp, comes `d`
  // sooner. The session follows a source whose clock runs a little faster than ours this way.
  void pull_in(std::chrono::nanoseconds d) noexcept { start_ -= d; }

 private:
  Framerate rate_;
  Clock::time_point start_;
};

}  // namespace pfhost::core
