#include "backends/frame_ref.hpp"

#include <pfhost/plugin.hpp>

#include <utility>

namespace pfhost::core {

FrameRef::FrameRef(pfhost_frame *frame) noexcept : frame_(frame), header_(read_struct(frame)) {}

FrameRef::FrameRef(FrameRef &&other) noexcept
    : frame_(std::exchange(other.frame_, nullptr)), header_(other.header_) {}

FrameRef &FrameRef::operator=(FrameRef &&other) noexcept {
  if (this != &other) {
    reset();
    frame_ = std::exchange(other.frame_, nullptr);
    header_ = other.header_;
  }
  return *this;
}

void FrameRef::reset() noexcept {
  pfhost_frame *frame = std::exchange(frame_, nullptr);
  // release was read through read_struct, so a struct too short to carry it reads as NULL.
  if (frame != nullptr && header_.release != nullptr) header_.release(frame);
}

}  // namespace pfhost::core
