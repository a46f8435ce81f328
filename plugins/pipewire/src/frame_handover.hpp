// The bounded, drop-oldest hand-over of frames from the PipeWire thread to the session thread.
//
// A fixed set of slots, each a reusable pfhost_frame plus its pixel buffer (grown only when the
// negotiated size grows, so steady-state capture never allocates). The producer never waits: it
// writes into a free slot, or overwrites the one unread frame (dropping it), or drops the new
// frame when the host holds every slot. Only the newest frame is ever kept ready, because the
// consumer always wants the newest one. A frame handed to the host stays valid until its release
// callback, even after the capture closed: each held slot keeps the hand-over alive.
#pragma once

#include <pfhost/capture.h>

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

namespace pfhost::pipewire {

class FrameHandover;

// One reusable frame. Filled by the producer between begin_write() and publish().
class FrameSlot {
 public:
  // The frame handed to the host. begin_write() resets it (struct_size, release hook set).
  pfhost_frame &frame() noexcept { return frame_; }
  // A pixel buffer of at least `bytes`, reusing the previous allocation when it is big enough.
  std::span<uint8_t> reserve_pixels(size_t bytes);
  // Takes ownership of dma-buf fds (already dup()ed); they are closed when the slot is reused,
  // dropped or released.
  void adopt_fds(std::span<const int> fds) noexcept;

 private:
  friend class FrameHandover;
  enum class State { kFree, kWriting, kReady, kHeld };
  void close_fds() noexcept;

  FrameHandover *owner_ = nullptr;
  State state_ = State::kFree;
  pfhost_frame frame_{};
  std::vector<uint8_t> pixels_;
  std::array<int, PFHOST_MAX_PLANES> fds_{-1, -1, -1, -1};
  // Set while the host holds the frame, so the hand-over outlives a close() that came first.
  std::shared_ptr<FrameHandover> keepalive_;
};

// Counters for diagnostics and tests.
struct HandoverStats {
  uint64_t published = 0;
  uint64_t overwritten = 0;   // a ready frame replaced by a newer one before anyone took it
  uint64_t dropped_full = 0;  // a new frame dropped because the host held every slot
  uint64_t handed_out = 0;
};

class FrameHandover : public std::enable_shared_from_this<FrameHandover> {
 public:
  enum class Take { kFrame, kNone, kClosed };

  static std::shared_ptr<FrameHandover> create(size_t slot_count);
  ~FrameHandover();
  FrameHandover(const FrameHandover &) = delete;
  FrameHandover &operator=(const FrameHandover &) = delete;

  // --- producer [the PipeWire thread] ---
  // A slot to write the next frame into, or nullptr when the host holds every slot (the caller
  // drops the frame) or the hand-over is closed. Never blocks beyond a short critical section.
  FrameSlot *begin_write() noexcept;
  // Makes the slot the newest frame and wakes a waiting consumer.
  void publish(FrameSlot *slot) noexcept;
  // Gives back a slot from begin_write() without publishing it (the buffer turned out unusable).
  void abandon(FrameSlot *slot) noexcept;
  // The source is gone for good. Waiters wake; the first reason sticks. A frame already
  // published is still handed out before take() reports kClosed.
  void close(std::string reason);

  // --- consumer [one session thread at a time] ---
  // Waits until `deadline` for a frame newer than the last one handed out and returns the newest.
  Take take(std::chrono::steady_clock::time_point deadline, pfhost_frame **out);
  // Non-blocking take().
  Take try_take(pfhost_frame **out) { return take(std::chrono::steady_clock::time_point{}, out); }
  std::string closed_reason() const;
  bool closed() const;
  HandoverStats stats() const;
  size_t slot_count() const noexcept { return slots_.size(); }

 private:
  explicit FrameHandover(size_t slot_count);
  static void release_frame(pfhost_frame *frame) noexcept;
  void release(FrameSlot *slot) noexcept;
  void make_free(FrameSlot *slot) noexcept;  // with mutex_ held

  mutable std::mutex mutex_;
  std::condition_variable ready_cv_;
  std::vector<std::unique_ptr<FrameSlot>> slots_;
  FrameSlot *ready_ = nullptr;  // the one unread frame, if any
  bool closed_ = false;
  std::string closed_reason_;
  HandoverStats stats_;
};

}  // namespace pfhost::pipewire
