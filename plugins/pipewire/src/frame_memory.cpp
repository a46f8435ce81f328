#include "frame_memory.hpp"

#include <unistd.h>

#include <utility>

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

void FrameMemory::hold_lease(std::shared_ptr<BufferLender> lender, uint64_t lease) noexcept {
  if (lender_ != nullptr) lender_->give_back(lease_);
  lender_ = std::move(lender);
  lease_ = lease;
}

void FrameMemory::recycle() noexcept {
  close_fds();
  if (lender_ != nullptr) lender_->give_back(lease_);
  lender_.reset();
  lease_ = 0;
}

void FrameMemory::close_fds() noexcept {
  for (int &fd : fds_) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
}

}  // namespace pfhost::pipewire
