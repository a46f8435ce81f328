// The reference for the ABI-call benchmark: the same work behind a plain C++ virtual call, in
// its own translation unit so the compiler cannot devirtualize or inline it.
#pragma once

#include <cstdint>
#include <memory>

struct DirectEncoder {
  virtual ~DirectEncoder() = default;
  virtual int32_t request_keyframe() = 0;
};

std::unique_ptr<DirectEncoder> make_direct_encoder();
