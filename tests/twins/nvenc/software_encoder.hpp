// The encoder behind the twin: libx264 for H.264 and libx265 for HEVC, configured from what the
// client asked NVENC for, so the twin's output is a real stream the tests can decode.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "picture.hpp"

namespace pfhost::nvenc_twin {

struct EncoderSettings {
  bool hevc = false;
  int width = 0;
  int height = 0;
  uint32_t fps_num = 30;
  uint32_t fps_den = 1;
  bool constant_qp = false;
  int qp = 23;
  uint32_t bitrate = 0;      // bits/s; 0 with !constant_qp = quality mode
  uint32_t max_bitrate = 0;  // bits/s
  uint32_t vbv_bits = 0;
  uint32_t gop_length = 0;  // 0 = infinite
  bool intra_refresh = false;
  ColourSignal colour;
};

struct EncodedPicture {
  std::vector<uint8_t> bytes;  // Annex-B
  bool idr = false;
};

class SoftwareEncoder {
 public:
  virtual ~SoftwareEncoder() = default;
  // Throws std::runtime_error when the library refuses the settings.
  virtual EncodedPicture encode(const I420Picture &picture, bool force_idr, int64_t pts) = 0;
  // The parameter sets (SPS/PPS, and VPS for HEVC) as Annex-B.
  virtual std::vector<uint8_t> headers() = 0;
  // Applies a new bitrate to the running encoder; false when the library refuses.
  virtual bool reconfigure(const EncoderSettings &settings) = 0;
};

std::unique_ptr<SoftwareEncoder> make_x264_encoder(const EncoderSettings &settings);
std::unique_ptr<SoftwareEncoder> make_x265_encoder(const EncoderSettings &settings);

}  // namespace pfhost::nvenc_twin
