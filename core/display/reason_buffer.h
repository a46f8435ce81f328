// The host-owned buffer a plugin writes its failure reason into (pfhost_reason in the ABI).
// The host owns the memory so nothing is allocated or freed across the boundary.
#pragma once

#include <pfhost/abi.h>

#include <array>
#include <string>

namespace pfhost {

class ReasonBuffer {
 public:
  ReasonBuffer();
  ReasonBuffer(const ReasonBuffer &) = delete;
  ReasonBuffer &operator=(const ReasonBuffer &) = delete;

  // Pass this to the plugin call. Valid while the buffer lives.
  pfhost_reason *get() { return &reason_; }
  // The text written so far; terminated defensively in case the plugin forgot the NUL.
  std::string text();

 private:
  std::array<char, 1024> storage_{};
  pfhost_reason reason_;
};

}  // namespace pfhost
