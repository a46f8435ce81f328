// Real H.264 for output tests: a few solid-colour frames through libavcodec's libx264, in the
// form a pfhost encoder hands over (Annex-B, parameter sets in-band on keyframes, ns pts).
#pragma once

#include "backends/encoded_packet.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pfhost::test {
using namespace pfhost::core;  // the host's own types

struct TestPacket {
  std::vector<uint8_t> data;
  uint64_t pts_ns;
  bool keyframe;

  EncodedPacket view() const { return {data, pts_ns, 0, keyframe}; }
};

// `count` frames of width x height at `fps`, a keyframe every `gop` frames, pts starting at
// `first_pts_ns` (an arbitrary monotonic-clock value, as in a session).
std::vector<TestPacket> encode_h264(uint32_t width, uint32_t height, uint32_t fps, int count,
                                    int gop, uint64_t first_pts_ns = 5'000'000'000);

// What libavformat reads back from a file or URL.
struct ProbedStream {
  std::string codec;  // "h264"
  int width = 0;
  int height = 0;
  int packets = 0;
  int decoded_frames = 0;
  double duration_s = 0;  // last pts - first pts + one frame, from the packets
};
ProbedStream probe_file(const std::string &path);

}  // namespace pfhost::test
