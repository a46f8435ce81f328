#include "direct_encoder.h"

namespace {
struct CountingEncoder final : DirectEncoder {
  uint64_t calls = 0;
  int32_t request_keyframe() override {
    ++calls;
    return 0;
  }
};
}  // namespace

std::unique_ptr<DirectEncoder> make_direct_encoder() { return std::make_unique<CountingEncoder>(); }
