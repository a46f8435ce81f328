#include "frame_handover.hpp"

#include <unistd.h>

#include <cstring>
#include <utility>

namespace pfhost::pipewire {

std::span<uint8_t> FrameSlot::reserve_pixels(size_t bytes) {
  // resize() only allocates when growing; shrinking keeps the capacity for the next size change.
  if (pixels_.size() < bytes) pixels_.resize(bytes);
  return {pixels_.data(), bytes};
}

void FrameSlot::adopt_fds(std::span<const int> fds) noexcept {
  close_fds();
  for (size_t i = 0; i < fds.size() && i < fds_.size(); ++i) fds_[i] = fds[i];
}

void FrameSlot::close_fds() noexcept {
  for (int &fd : fds_) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
}

FrameHandover::FrameHandover(size_t slot_count) {
  if (slot_count < 2) slot_count = 2;  // one being written + one the host holds
  slots_.reserve(slot_count);
  for (size_t i = 0; i < slot_count; ++i) {
    auto slot = std::make_unique<FrameSlot>();
    slot->owner_ = this;
    slots_.push_back(std::move(slot));
  }
}

FrameHandover::~FrameHandover() {
  for (auto &slot : slots_) slot->close_fds();
}

std::shared_ptr<FrameHandover> FrameHandover::create(size_t slot_count) {
  return std::shared_ptr<FrameHandover>(new FrameHandover(slot_count));
}

void FrameHandover::make_free(FrameSlot *slot) noexcept {
  slot->close_fds();
  slot->state_ = FrameSlot::State::kFree;
}

FrameSlot *FrameHandover::begin_write() noexcept {
  std::lock_guard lock(mutex_);
  if (closed_) return nullptr;
  FrameSlot *chosen = nullptr;
  for (auto &slot : slots_) {
    if (slot->state_ == FrameSlot::State::kFree) {
      chosen = slot.get();
      break;
    }
  }
  if (chosen == nullptr && ready_ != nullptr) {
    // Drop-oldest: the unread frame is older than the one about to be written.
    chosen = ready_;
    ready_ = nullptr;
    ++stats_.overwritten;
  }
  if (chosen == nullptr) {
    ++stats_.dropped_full;
    return nullptr;
  }
  chosen->close_fds();
  chosen->state_ = FrameSlot::State::kWriting;
  std::memset(&chosen->frame_, 0, sizeof chosen->frame_);
  chosen->frame_.struct_size = sizeof(pfhost_frame);
  chosen->frame_.release = &FrameHandover::release_frame;
  chosen->frame_.release_ctx = chosen;
  return chosen;
}

void FrameHandover::publish(FrameSlot *slot) noexcept {
  {
    std::lock_guard lock(mutex_);
    if (slot == nullptr || slot->state_ != FrameSlot::State::kWriting) return;
    if (ready_ != nullptr) {  // only the newest frame is worth keeping
      make_free(ready_);
      ++stats_.overwritten;
    }
    slot->state_ = FrameSlot::State::kReady;
    ready_ = slot;
    ++stats_.published;
  }
  ready_cv_.notify_one();
}

void FrameHandover::abandon(FrameSlot *slot) noexcept {
  std::lock_guard lock(mutex_);
  if (slot != nullptr && slot->state_ == FrameSlot::State::kWriting) make_free(slot);
}

void FrameHandover::close(std::string reason) {
  {
    std::lock_guard lock(mutex_);
    if (!closed_) {
      closed_ = true;
      closed_reason_ = std::move(reason);
    }
  }
  ready_cv_.notify_all();
}

FrameHandover::Take FrameHandover::take(std::chrono::steady_clock::time_point deadline,
                                        pfhost_frame **out) {
  std::unique_lock lock(mutex_);
  ready_cv_.wait_until(lock, deadline, [&] { return ready_ != nullptr || closed_; });
  if (ready_ != nullptr) {
    FrameSlot *slot = ready_;
    ready_ = nullptr;
    slot->state_ = FrameSlot::State::kHeld;
    slot->keepalive_ = shared_from_this();
    ++stats_.handed_out;
    *out = &slot->frame_;
    return Take::kFrame;
  }
  return closed_ ? Take::kClosed : Take::kNone;
}

void FrameHandover::release_frame(pfhost_frame *frame) noexcept {
  if (frame == nullptr || frame->release_ctx == nullptr) return;
  auto *slot = static_cast<FrameSlot *>(frame->release_ctx);
  slot->owner_->release(slot);
}

void FrameHandover::release(FrameSlot *slot) noexcept {
  // Declared before the lock so that, if this was the last reference, the hand-over (and its
  // mutex) is destroyed only after the lock has been released.
  std::shared_ptr<FrameHandover> last_reference;
  std::lock_guard lock(mutex_);
  if (slot->state_ != FrameSlot::State::kHeld) return;  // a double release: ignore it
  last_reference = std::move(slot->keepalive_);
  make_free(slot);
}

std::string FrameHandover::closed_reason() const {
  std::lock_guard lock(mutex_);
  return closed_reason_;
}

bool FrameHandover::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

HandoverStats FrameHandover::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace pfhost::pipewire
