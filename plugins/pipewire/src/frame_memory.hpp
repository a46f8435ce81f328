// What one frame slot of the PipeWire capturer holds, and the capturer's hand-over built from it.
//
// Frames leave the PipeWire thread through a pfhost::FrameSlotPool (the SDK's hand-over: newest
// frame wins, the PipeWire thread never waits, a held frame outlives the capture). Each slot
// keeps a pixel buffer for CPU frames, grown only when the negotiated size grows so that
// steady-state capture never allocates, and for a dma-buf frame the dup()ed fds and the lease on
// the producer's buffer (buffer_lender.hpp), both given up as soon as that frame is done with.
#pragma once

#include "buffer_lender.hpp"

#include <pfhost/capture.h>
#include <pfhost/frame_slots.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace pfhost::pipewire {

class FrameMemory {
 public:
  FrameMemory() = default;
  ~FrameMemory() { recycle(); }
  FrameMemory(const FrameMemory &) = delete;
  FrameMemory &operator=(const FrameMemory &) = delete;

  // A pixel buffer of at least `bytes`, reusing the previous allocation when it is big enough.
  std::span<uint8_t> reserve_pixels(size_t bytes);
  // Takes ownership of dma-buf fds (already dup()ed); they are closed when the frame is done
  // with (replaced, abandoned or released).
  void adopt_fds(std::span<const int> fds) noexcept;
  // Holds the lease on the producer's buffer behind this frame; given back with the frame.
  void hold_lease(std::shared_ptr<BufferLender> lender, uint64_t lease) noexcept;
  // [pool] The frame is done with: its fds and lease go, the pixel buffer stays for the next one.
  void recycle() noexcept;

 private:
  void close_fds() noexcept;

  std::vector<uint8_t> pixels_;
  std::array<int, PFHOST_MAX_PLANES> fds_{-1, -1, -1, -1};
  std::shared_ptr<BufferLender> lender_;
  uint64_t lease_ = 0;
};

using FrameHandover = pfhost::FrameSlotPool<FrameMemory>;
using FrameSlot = FrameHandover::Slot;

}  // namespace pfhost::pipewire
