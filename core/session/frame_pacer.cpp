#include "session/frame_pacer.hpp"

namespace pfhost::core {

FramePacer::FramePacer(Framerate rate, Clock::time_point start) noexcept
    : rate_(rate.valid() ? rate : Framerate{}), start_(start) {}

std::chrono::nanoseconds FramePacer::offset(uint64_t k) const noexcept {
  // k * den / num seconds, split so the products stay far from overflow for any realistic k.
  constexpr uint64_t kNsPerSecond = 1'000'000'000;
  const uint64_t whole = k / rate_.num;
  const uint64_t rest = k % rate_.num;
  const uint64_t ns =
      whole * rate_.den * kNsPerSecond + rest * rate_.den * kNsPerSecond / rate_.num;
  return std::chrono::nanoseconds(static_cast<std::chrono::nanoseconds::rep>(ns));
}

uint64_t FramePacer::advance(Clock::time_point now) noexcept {
  ++tick_;
  uint64_t skipped = 0;
  // A deadline already a whole period behind would only be served late; skip it.
  while (at(tick_ + 1) <= now) {
    ++tick_;
    ++skipped;
  }
  return skipped;
}

}  // namespace pfhost::core
