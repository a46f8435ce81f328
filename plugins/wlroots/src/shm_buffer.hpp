// The shared memory a screencopy slot's frames live in, and the capturer's hand-over built on it.
//
// Zero-copy: the compositor writes straight into a slot's memfd mapping, and that mapping is what
// the host's pfhost_frame points at. Frames go to the host through a pfhost::FrameSlotPool (the
// SDK's hand-over: newest frame wins, a held frame outlives the capture). Its slots keep their
// memory from frame to frame; it is allocated once per size.
#pragma once

#include <pfhost/frame_slots.hpp>

#include <cstddef>
#include <cstdint>

namespace pfhost::wlroots {

struct ShmBuffer {
  ShmBuffer() = default;
  ~ShmBuffer();
  ShmBuffer(const ShmBuffer &) = delete;
  ShmBuffer &operator=(const ShmBuffer &) = delete;

  // Makes the memory at least `bytes`, reallocating only when it grows. Throws pfhost::Error.
  // [capture thread, while its slot is being written]
  void reserve(size_t bytes);

  // A memfd and its shared mapping. Changed only by reserve().
  int fd = -1;
  uint8_t *data = nullptr;
  size_t size = 0;
  // Bumped whenever the memory is replaced, so the capture thread knows its wl_buffer is stale.
  uint64_t generation = 0;
};

using ShmSlotPool = pfhost::FrameSlotPool<ShmBuffer>;
using ShmSlot = ShmSlotPool::Slot;

}  // namespace pfhost::wlroots
