// What the GPU's encoder offers, read from an open session: the codec GUIDs and, per codec, the
// caps this plugin decides with (10-bit, 4:4:4, sizes, intra refresh, bitrate change).
#pragma once

#include <pfhost/encode.h>

#include <cstdint>
#include <string>

#include "nvenc_session.hpp"

namespace pfhost::nvenc {

struct CodecCaps {
  bool present = false;
  bool ten_bit = false;
  bool yuv444 = false;
  bool intra_refresh = false;
  bool bitrate_change = false;
  uint32_t max_width = 0;
  uint32_t max_height = 0;
};

struct DeviceCaps {
  CodecCaps h264;
  CodecCaps hevc;
  const CodecCaps &of(uint32_t codec) const noexcept;
  uint32_t codec_mask() const noexcept;  // 1u << pfhost_codec
};

// The GUID of a pfhost codec, or nullptr for one NVENC API 11.1 has none for (AV1 came in 12.0).
const GUID *codec_guid(uint32_t codec) noexcept;

DeviceCaps query_device_caps(const NvencSession &session);

// "H.264 (max 4096x4096), HEVC (max 4096x4096, 10-bit)" for the probe's reason.
std::string describe(const DeviceCaps &caps);

}  // namespace pfhost::nvenc
