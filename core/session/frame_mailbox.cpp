#include "session/frame_mailbox.hpp"

#include <utility>

namespace pfhost::core {

bool FrameMailbox::put(FrameRef frame) {
  FrameRef replaced;  // released after the lock: a plugin's release may take its own locks
  {
    std::lock_guard lock(mutex_);
    replaced = std::exchange(slot_, std::move(frame));
  }
  arrived_.notify_one();
  return static_cast<bool>(replaced);
}

std::optional<FrameRef> FrameMailbox::take() {
  std::lock_guard lock(mutex_);
  if (!slot_) return std::nullopt;
  return std::exchange(slot_, FrameRef{});
}

bool FrameMailbox::wait_for(std::chrono::nanoseconds timeout) {
  std::unique_lock lock(mutex_);
  return arrived_.wait_for(lock, timeout, [this] { return static_cast<bool>(slot_); });
}

void FrameMailbox::clear() {
  FrameRef dropped;
  std::lock_guard lock(mutex_);
  dropped = std::exchange(slot_, FrameRef{});
}

}  // namespace pfhost::core
