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

uint64_t FramePacer::slot_at_or_before(Clock::time_point t) const noexcept {
  if (t <= start_) return 0;
  const auto elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(t - start_);
  // A floating-point guess, then corrected with the exact integer offsets: the guess may be one
  // off at a slot boundary, the corrected answer never is.
  auto k = static_cast<uint64_t>(std::chrono::duration<double>(elapsed).count() * rate_.fps());
  while (k > 0 && offset(k) > elapsed) --k;
  while (offset(k + 1) <= elapsed) ++k;
  return k;
}

uint64_t FramePacer::slot_at_or_after(Clock::time_point t) const noexcept {
  const uint64_t k = slot_at_or_before(t);
  return at(k) >= t ? k : k + 1;
}

}  // namespace pfhost::core
