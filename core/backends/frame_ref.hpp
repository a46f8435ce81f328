// A captured frame the host holds: move-only, gives the frame back to its capturer exactly once
// (pfhost_frame.release) when it goes out of scope, from whichever thread drops it.
#pragma once

#include <pfhost/capture.h>

namespace pfhost::core {

class FrameRef {
 public:
  FrameRef() noexcept = default;
  // Takes ownership of a frame a capturer handed out (NULL gives an empty ref).
  explicit FrameRef(pfhost_frame *frame) noexcept;
  FrameRef(FrameRef &&other) noexcept;
  FrameRef &operator=(FrameRef &&other) noexcept;
  FrameRef(const FrameRef &) = delete;
  FrameRef &operator=(const FrameRef &) = delete;
  ~FrameRef() { reset(); }

  // Releases the frame now (idempotent).
  void reset() noexcept;
  explicit operator bool() const noexcept { return frame_ != nullptr; }

  // The frame's fields as this host knows them, copied the size-safe way at construction (a
  // plugin built against an older minor may hand out a shorter struct). struct_size is the
  // host's, so this copy can be passed to an encoder as a borrowed view of the same pixels.
  const pfhost_frame &header() const noexcept { return header_; }
  uint32_t width() const noexcept { return header_.width; }
  uint32_t height() const noexcept { return header_.height; }
  uint64_t sequence() const noexcept { return header_.sequence; }
  uint64_t timestamp_ns() const noexcept { return header_.timestamp_ns; }

 private:
  pfhost_frame *frame_ = nullptr;  // the capturer's own struct, passed back to release()
  pfhost_frame header_{};
};

}  // namespace pfhost::core
