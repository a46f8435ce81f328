#include "frame_memory.hpp"

#include <unistd.h>

namespace pfhost::pipewire {

std::span<uint8_t> FrameMemory::reserve_pixels(size_t bytes) {
  // resize() only allocates when growing; shrinking keeps the capacity for the next size change.
  if (pixels_.size() < bytes) pixels_.resize(bytes);
  return {pixels_.data(), bytes};
}

void FrameMemory::adopt_fds(std::span<const int> fds) noexcept {
  close_fds();
  for (size_t i = 0; i < fds.size() && i < fds_.size(); ++i) fds_[i] = fds[i];
}

void FrameMemory::close_fds() noexcept {
  for (int &fd : fds_) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
}

}  // namespace pfhost::pipewire
