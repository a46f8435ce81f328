// The host-owned buffer a capture or encode plugin writes its failure reason into (pfhost_reason).
// The host owns the memory, so nothing is allocated or freed across the ABI boundary.
#pragma once

#include <pfhost/abi.h>

#include <array>
#include <cstring>
#include <string>

namespace pfhost::session_detail {

class ReasonBuffer {
 public:
  ReasonBuffer() noexcept {
    reason_.struct_size = sizeof(pfhost_reason);
    reason_.capacity = static_cast<uint32_t>(storage_.size());
    reason_.text = storage_.data();
  }
  ReasonBuffer(const ReasonBuffer &) = delete;
  ReasonBuffer &operator=(const ReasonBuffer &) = delete;

  // Clears the text and returns the struct to pass to one plugin call.
  pfhost_reason *get() noexcept {
    storage_[0] = '\0';
    return &reason_;
  }
  // What the plugin wrote; terminated defensively in case it forgot the NUL.
  std::string text() const {
    return std::string(storage_.data(), strnlen(storage_.data(), storage_.size()));
  }

 private:
  std::array<char, 1024> storage_{};
  pfhost_reason reason_{};
};

}  // namespace pfhost::session_detail
