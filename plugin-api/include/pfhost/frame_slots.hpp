// pfhost plugin SDK — header-only C++ helper for capturers (C++17 or newer): a fixed pool of
// reusable frame slots and the hand-over of filled ones to the host.
//
// The ABI asks a capturer to keep each pfhost_frame valid until the host's release(), which comes
// exactly once, from any thread, possibly after close(). Getting that right by hand means a state
// per buffer, a lock, a keep-alive for frames that outlive the capture and a guard against a
// second release; every capturer needs the same, so it lives here once.
//
// Each slot is a pfhost_frame plus the capturer's own `Memory` for it (a pixel buffer, a shared
// memory mapping, dma-buf fds...), and goes round
//   Free -> Writing (the producer fills it) -> Ready (the newest frame) -> Held (by the host) ->
//   Free
// The producer never waits on the host: only the newest frame is kept Ready, an older unread one
// goes back to Free. Memory is allocated by the capturer once per slot and reused, so steady-state
// capture allocates nothing. A Held slot keeps the pool alive, so the capture may close first.
//
// `Memory` must be default-constructible; its destructor frees what it holds. When it has a
// member `void recycle() noexcept`, that runs (under the pool's lock) whenever a slot's frame is
// done with: abandoned, replaced by a newer one before the host took it, or released. Use it for
// what belongs to one frame rather than to the slot (dup()ed fds, say); keep what can be reused.
//
// Nothing here is exported from a plugin: everything is inline.
#ifndef PFHOST_FRAME_SLOTS_HPP
#define PFHOST_FRAME_SLOTS_HPP

#include <pfhost/capture.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace pfhost {

// What take() found.
enum class FrameTake {
  kFrame,  // *out is a frame newer than the last one handed out
  kNone,   // nothing new before the deadline
  kClosed  // closed, and the last published frame has already been handed out
};

// What begin_write() does when no slot is Free.
enum class WhenNoSlotFree {
  // Takes the slot of the unread (Ready) frame, which is older than the one about to be written:
  // the producer gets a slot unless the host holds every one. For producers that cannot wait
  // (a PipeWire buffer must go back to the daemon at once).
  kReuseUnread,
  // Answers nullptr until the host releases a slot; the unread frame stays. For producers that
  // can ask again later (a release listener tells them when).
  kKeepUnread
};

// Counters for diagnostics and tests.
struct FrameSlotStats {
  uint64_t published = 0;
  uint64_t overwritten = 0;   // a Ready frame replaced by a newer one before the host took it
  uint64_t dropped_full = 0;  // begin_write() found no slot (the producer drops its frame)
  uint64_t handed_out = 0;
};

namespace detail {
template <class T, class = void>
struct has_recycle : std::false_type {};
template <class T>
struct has_recycle<T, std::void_t<decltype(std::declval<T &>().recycle())>> : std::true_type {};
}  // namespace detail

template <class Memory>
class FrameSlotPool : public std::enable_shared_from_this<FrameSlotPool<Memory>> {
 public:
  // One reusable frame. The producer fills it between begin_write() and publish().
  class Slot {
   public:
    // The frame handed to the host. begin_write() zero-fills it and sets struct_size; take()
    // sets release and release_ctx, which belong to the pool.
    pfhost_frame &frame() noexcept { return frame_; }
    // The capturer's memory for this slot; it stays with the slot from frame to frame.
    Memory &memory() noexcept { return memory_; }
    // The slot's position in the pool (0..slot_count-1), for per-slot state kept elsewhere.
    size_t index() const noexcept { return index_; }

   private:
    friend class FrameSlotPool;
    enum class State { kFree, kWriting, kReady, kHeld };

    FrameSlotPool *owner_ = nullptr;
    size_t index_ = 0;
    State state_ = State::kFree;
    pfhost_frame frame_{};
    Memory memory_{};
    // Set while the host holds the frame, so the pool outlives a close() that came first.
    std::shared_ptr<FrameSlotPool> keepalive_;
  };

  // At least two slots: one being written while the host holds another.
  static std::shared_ptr<FrameSlotPool> create(
      size_t slot_count, WhenNoSlotFree when_full = WhenNoSlotFree::kReuseUnread) {
    return std::shared_ptr<FrameSlotPool>(new FrameSlotPool(slot_count, when_full));
  }
  FrameSlotPool(const FrameSlotPool &) = delete;
  FrameSlotPool &operator=(const FrameSlotPool &) = delete;

  // Called after a held frame came back, under the pool's lock (so once set_release_listener()
  // has returned, the previous listener never runs again). Must be quick, must not throw and
  // must not call the pool; typically it pokes the producer's wake fd. Empty for none.
  void set_release_listener(std::function<void()> listener) {
    std::lock_guard<std::mutex> lock(mutex_);
    release_listener_ = std::move(listener);
  }

  // --- producer [one thread at a time] ---
  // A slot to write the next frame into, or nullptr when there is none (see WhenNoSlotFree; the
  // caller drops its frame) or the pool is closed. Never blocks beyond a short critical section.
  Slot *begin_write() noexcept {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_) return nullptr;
    Slot *chosen = nullptr;
    for (auto &slot : slots_) {
      if (slot->state_ == Slot::State::kFree) {
        chosen = slot.get();
        break;
      }
    }
    if (chosen == nullptr && ready_ != nullptr && when_full_ == WhenNoSlotFree::kReuseUnread) {
      chosen = ready_;
      ready_ = nullptr;
      recycle(*chosen);
      ++stats_.overwritten;
    }
    if (chosen == nullptr) {
      ++stats_.dropped_full;
      return nullptr;
    }
    chosen->state_ = Slot::State::kWriting;
    std::memset(&chosen->frame_, 0, sizeof chosen->frame_);
    chosen->frame_.struct_size = static_cast<uint32_t>(sizeof(pfhost_frame));
    return chosen;
  }
  // Makes the slot the newest frame (an unread older one goes back to Free) and wakes take().
  void publish(Slot *slot) noexcept {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (slot == nullptr || slot->state_ != Slot::State::kWriting) return;
      if (ready_ != nullptr) {
        make_free(*ready_);
        ++stats_.overwritten;
      }
      slot->state_ = Slot::State::kReady;
      ready_ = slot;
      ++stats_.published;
    }
    ready_cv_.notify_all();
  }
  // Gives back a slot from begin_write() without publishing it (the copy failed, say).
  void abandon(Slot *slot) noexcept {
    std::lock_guard<std::mutex> lock(mutex_);
    if (slot != nullptr && slot->state_ == Slot::State::kWriting) make_free(*slot);
  }
  // [any thread] The source is gone for good: waiters wake, begin_write() answers nullptr. The
  // first reason sticks. A frame already published is still handed out before kClosed.
  void close(std::string reason) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!closed_) {
        closed_ = true;
        closed_reason_ = std::move(reason);
      }
    }
    ready_cv_.notify_all();
  }

  // --- consumer [one session thread at a time] ---
  // Waits until `deadline` for a frame newer than the last one handed out and hands out the
  // newest, with release set: the host's release(frame) gives the slot back.
  FrameTake take(std::chrono::steady_clock::time_point deadline, pfhost_frame **out) {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_cv_.wait_until(lock, deadline, [this] { return ready_ != nullptr || closed_; });
    if (ready_ == nullptr) return closed_ ? FrameTake::kClosed : FrameTake::kNone;
    Slot *slot = ready_;
    ready_ = nullptr;
    slot->state_ = Slot::State::kHeld;
    slot->keepalive_ = this->shared_from_this();
    slot->frame_.release = &FrameSlotPool::release_frame;
    slot->frame_.release_ctx = slot;
    ++stats_.handed_out;
    *out = &slot->frame_;
    return FrameTake::kFrame;
  }
  // take() without waiting.
  FrameTake try_take(pfhost_frame **out) {
    return take(std::chrono::steady_clock::time_point{}, out);
  }

  // [any thread]
  bool closed() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return closed_;
  }
  std::string closed_reason() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return closed_reason_;
  }
  FrameSlotStats stats() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return stats_;
  }
  size_t slot_count() const noexcept { return slots_.size(); }

 private:
  FrameSlotPool(size_t slot_count, WhenNoSlotFree when_full) : when_full_(when_full) {
    if (slot_count < 2) slot_count = 2;
    slots_.reserve(slot_count);
    for (size_t i = 0; i < slot_count; ++i) {
      auto slot = std::make_unique<Slot>();
      slot->owner_ = this;
      slot->index_ = i;
      slots_.push_back(std::move(slot));
    }
  }

  static void recycle(Slot &slot) noexcept {
    if constexpr (detail::has_recycle<Memory>::value) slot.memory_.recycle();
  }
  void make_free(Slot &slot) noexcept {  // with mutex_ held
    recycle(slot);
    slot.state_ = Slot::State::kFree;
  }

  static void release_frame(pfhost_frame *frame) noexcept {
    if (frame == nullptr || frame->release_ctx == nullptr) return;
    auto *slot = static_cast<Slot *>(frame->release_ctx);
    slot->owner_->release(*slot);
  }
  void release(Slot &slot) noexcept {
    // Declared before the lock: when this is the last reference, the pool (and its mutex) is
    // destroyed only after the lock has been let go.
    std::shared_ptr<FrameSlotPool> last_reference;
    std::lock_guard<std::mutex> lock(mutex_);
    if (slot.state_ != Slot::State::kHeld) return;  // a second release of one frame: ignored
    last_reference = std::move(slot.keepalive_);
    make_free(slot);
    if (release_listener_) release_listener_();
  }

  const WhenNoSlotFree when_full_;
  mutable std::mutex mutex_;
  std::condition_variable ready_cv_;
  std::vector<std::unique_ptr<Slot>> slots_;
  Slot *ready_ = nullptr;  // the one unread frame, if any
  bool closed_ = false;
  std::string closed_reason_;
  std::function<void()> release_listener_;
  FrameSlotStats stats_;
};

}  // namespace pfhost

#endif  // PFHOST_FRAME_SLOTS_HPP
