// The host-owned buffer a plugin writes its failure reason into (pfhost_reason in the ABI).
// The host owns the memory, so nothing is allocated or freed across the ABI boundary.
#pragma once

#include <pfhost/abi.h>

#include <array>
#include <cstring>
#include <string>

namespace pfhost::core {

class ReasonBuffer {
 public:
  ReasonBuffer() noexcept { get(); }
  ReasonBuffer(const ReasonBuffer &) = delete;
  ReasonBuffer &operator=(const ReasonBuffer &) = delete;

  // Empties the text and returns the struct to pass to one plugin call; a buffer may serve many
  // calls (an encoder keeps one for its per-frame calls). The fields are restated every time so
  // a plugin that scribbled on the struct cannot aim the next call's text elsewhere.
  pfhost_reason *get() noexcept {
    storage_[0] = '\0';
    reason_.struct_size = sizeof(pfhost_reason);
    reason_.capacity = static_cast<uint32_t>(storage_.size());
    reason_.text = storage_.data();
    return &reason_;
  }
  // What the plugin wrote; terminated defensively in case it forgot the NUL.
  std::string text() const {
    return std::string(storage_.data(), strnlen(storage_.data(), storage_.size()));
  }

 private:
  // Not zero-filled: get() empties it, and capture builds one per frame.
  std::array<char, 2048> storage_;
  pfhost_reason reason_{};
};

}  // namespace pfhost::core
