// The shared-memory buffers screencopy copies into, and the hand-over of filled ones to the host.
//
// Zero-copy: the compositor writes straight into a slot's memfd mapping and that mapping is what
// the host's pfhost_frame points at. A fixed set of slots, each one of
//   Free -> Writing (capture thread owns it, a copy request is out) -> Ready -> Held (host) ->
//   Free.
// Memory is allocated once per size and reused. Only the newest frame is kept Ready (an older
// unread one goes back to Free). A held frame keeps the pool alive past close(), and a release
// pokes the capture thread's wake fd so it can request the next copy when every slot was busy.
#pragma once

#include <pfhost/capture.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace pfhost::wlroots {

class ShmSlotPool;

struct ShmSlot {
  enum class State { kFree, kWriting, kReady, kHeld };
  // Memory: a memfd and its shared mapping. Changed only while the slot is Writing.
  int fd = -1;
  uint8_t *data = nullptr;
  size_t size = 0;
  // Bumped whenever the memory is replaced, so the capture thread knows its wl_buffer is stale.
  uint64_t generation = 0;
  size_t index = 0;  // position in the pool, for per-slot state kept elsewhere
  pfhost_frame frame{};

  // Makes the memory at least `bytes` (reallocating only when it grows). [capture thread, Writing]
  void reserve(size_t bytes);

 private:
  friend class ShmSlotPool;
  State state = State::kFree;
  ShmSlotPool *owner = nullptr;
  std::shared_ptr<ShmSlotPool> keepalive;  // set while Held
};

struct SlotPoolStats {
  uint64_t published = 0;
  uint64_t overwritten = 0;  // a Ready frame replaced before the host took it
  uint64_t handed_out = 0;
};

class ShmSlotPool : public std::enable_shared_from_this<ShmSlotPool> {
 public:
  enum class Take { kFrame, kNone, kClosed };

  static std::shared_ptr<ShmSlotPool> create(size_t slot_count);
  ~ShmSlotPool();
  ShmSlotPool(const ShmSlotPool &) = delete;
  ShmSlotPool &operator=(const ShmSlotPool &) = delete;

  // The fd written (eventfd semantics, 8 bytes) when a held slot comes back; -1 for none.
  void set_wake_fd(int fd);

  // --- capture thread ---
  ShmSlot *begin_write();  // a Free slot, now Writing; nullptr when none is free
  void publish(ShmSlot *slot);
  void abandon(ShmSlot *slot);
  // The source is gone for good; the first reason sticks. A Ready frame is still handed out.
  void close(std::string reason);

  // --- session thread ---
  Take take(std::chrono::steady_clock::time_point deadline, pfhost_frame **out);
  std::string closed_reason() const;
  SlotPoolStats stats() const;
  size_t size() const noexcept { return slots_.size(); }

 private:
  explicit ShmSlotPool(size_t slot_count);
  static void release_frame(pfhost_frame *frame) noexcept;
  void release(ShmSlot *slot) noexcept;

  mutable std::mutex mutex_;
  std::condition_variable ready_cv_;
  std::vector<std::unique_ptr<ShmSlot>> slots_;
  ShmSlot *ready_ = nullptr;
  bool closed_ = false;
  std::string closed_reason_;
  int wake_fd_ = -1;
  SlotPoolStats stats_;
};

}  // namespace pfhost::wlroots
