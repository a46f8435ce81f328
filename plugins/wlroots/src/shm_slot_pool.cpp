#include "shm_slot_pool.hpp"

#include <pfhost/plugin.hpp>

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace pfhost::wlroots {

void ShmSlot::reserve(size_t bytes) {
  if (bytes <= size && data != nullptr) return;
  const int new_fd = ::memfd_create("pfhost-screencopy", MFD_CLOEXEC);
  if (new_fd < 0) throw Error(PFHOST_E_IO, std::string("memfd_create: ") + std::strerror(errno));
  if (::ftruncate(new_fd, static_cast<off_t>(bytes)) != 0) {
    ::close(new_fd);
    throw Error(PFHOST_E_NO_MEMORY, "cannot size a " + std::to_string(bytes) +
                                        "-byte shm buffer: " + std::strerror(errno));
  }
  void *mapped = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, new_fd, 0);
  if (mapped == MAP_FAILED) {
    ::close(new_fd);
    throw Error(PFHOST_E_NO_MEMORY, std::string("mmap of a shm buffer: ") + std::strerror(errno));
  }
  if (data != nullptr) ::munmap(data, size);
  if (fd >= 0) ::close(fd);
  fd = new_fd;
  data = static_cast<uint8_t *>(mapped);
  size = bytes;
  ++generation;
}

std::shared_ptr<ShmSlotPool> ShmSlotPool::create(size_t slot_count) {
  return std::shared_ptr<ShmSlotPool>(new ShmSlotPool(slot_count));
}

ShmSlotPool::ShmSlotPool(size_t slot_count) {
  for (size_t i = 0; i < slot_count; ++i) {
    auto slot = std::make_unique<ShmSlot>();
    slot->owner = this;
    slot->index = i;
    slots_.push_back(std::move(slot));
  }
}

ShmSlotPool::~ShmSlotPool() {
  for (auto &slot : slots_) {
    if (slot->data != nullptr) ::munmap(slot->data, slot->size);
    if (slot->fd >= 0) ::close(slot->fd);
  }
}

void ShmSlotPool::set_wake_fd(int fd) {
  std::lock_guard lock(mutex_);
  wake_fd_ = fd;
}

ShmSlot *ShmSlotPool::begin_write() {
  std::lock_guard lock(mutex_);
  if (closed_) return nullptr;
  for (auto &slot : slots_) {
    if (slot->state == ShmSlot::State::kFree) {
      slot->state = ShmSlot::State::kWriting;
      return slot.get();
    }
  }
  return nullptr;
}

void ShmSlotPool::publish(ShmSlot *slot) {
  {
    std::lock_guard lock(mutex_);
    if (ready_ != nullptr) {
      ready_->state = ShmSlot::State::kFree;
      ++stats_.overwritten;
    }
    slot->state = ShmSlot::State::kReady;
    ready_ = slot;
    ++stats_.published;
  }
  ready_cv_.notify_all();
}

void ShmSlotPool::abandon(ShmSlot *slot) {
  std::lock_guard lock(mutex_);
  slot->state = ShmSlot::State::kFree;
}

void ShmSlotPool::close(std::string reason) {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
    closed_reason_ = std::move(reason);
  }
  ready_cv_.notify_all();
}

ShmSlotPool::Take ShmSlotPool::take(std::chrono::steady_clock::time_point deadline,
                                    pfhost_frame **out) {
  std::unique_lock lock(mutex_);
  ready_cv_.wait_until(lock, deadline, [this] { return ready_ != nullptr || closed_; });
  if (ready_ == nullptr) return closed_ ? Take::kClosed : Take::kNone;
  ShmSlot *slot = ready_;
  ready_ = nullptr;
  slot->state = ShmSlot::State::kHeld;
  slot->keepalive = shared_from_this();
  slot->frame.release = &ShmSlotPool::release_frame;
  slot->frame.release_ctx = slot;
  ++stats_.handed_out;
  *out = &slot->frame;
  return Take::kFrame;
}

void ShmSlotPool::release_frame(pfhost_frame *frame) noexcept {
  auto *slot = static_cast<ShmSlot *>(frame->release_ctx);
  slot->owner->release(slot);
}

void ShmSlotPool::release(ShmSlot *slot) noexcept {
  std::shared_ptr<ShmSlotPool> keep;  // dropped after the lock: may destroy the pool
  {
    std::lock_guard lock(mutex_);
    slot->state = ShmSlot::State::kFree;
    keep = std::move(slot->keepalive);
    if (wake_fd_ >= 0) {
      const uint64_t one = 1;
      [[maybe_unused]] const ssize_t n = ::write(wake_fd_, &one, sizeof one);
    }
  }
}

std::string ShmSlotPool::closed_reason() const {
  std::lock_guard lock(mutex_);
  return closed_reason_;
}

SlotPoolStats ShmSlotPool::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace pfhost::wlroots
