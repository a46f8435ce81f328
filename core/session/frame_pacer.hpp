// The encode thread's clock: deadlines at start + k * (den/num) seconds, computed from the tick
// index rather than by adding periods, so rounding never accumulates into drift. When the
// encoder falls behind, missed deadlines are skipped rather than caught up in a burst.
#pragma once

#include <chrono>
#include <cstdint>

#include "backends/framerate.hpp"

namespace pfhost::core {

class FramePacer {
 public:
  using Clock = std::chrono::steady_clock;

  FramePacer(Framerate rate, Clock::time_point start) noexcept;

  // The deadline of the current tick.
  Clock::time_point deadline() const noexcept { return at(tick_); }
  uint64_t tick() const noexcept { return tick_; }
  Clock::time_point start() const noexcept { return start_; }
  // Offset of tick `k` from the start.
  std::chrono::nanoseconds offset(uint64_t k) const noexcept;

  // Moves to the next tick whose deadline is still ahead of `now` (or the very next one when
  // none has passed) and returns how many deadlines were skipped because `now` was already past
  // them.
  uint64_t advance(Clock::time_point now) noexcept;

 private:
  Clock::time_point at(uint64_t k) const noexcept { return start_ + offset(k); }

  Framerate rate_;
  Clock::time_point start_;
  uint64_t tick_ = 0;
};

}  // namespace pfhost::core
