// One encoded access unit as it travels from an encoder to a packet sink.
#pragma once

#include <cstdint>
#include <span>

namespace pfhost::core {

struct EncodedPacket {
  // Annex-B (H.264/HEVC) or low-overhead OBUs (AV1). Borrowed: valid until the next call on the
  // encoder that produced it, so a sink copies what it keeps.
  std::span<const uint8_t> data;
  uint64_t pts_ns = 0;  // host monotonic clock, the submitted frame's timestamp
  uint64_t frame_sequence = 0;
  bool keyframe = false;
};

}  // namespace pfhost::core
