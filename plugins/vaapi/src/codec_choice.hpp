// Which FFmpeg VAAPI encoder and VA profile serve a pfhost codec: H.264 in the configured
// profile, HEVC Main, AV1 Profile 0 (av1_vaapi exists from FFmpeg 6.1 on; older FFmpeg simply
// does not offer it).
#pragma once

#include <va/va.h>

#include <cstdint>
#include <optional>

#include "plugin_config.hpp"

namespace pfhost::vaapi {

struct CodecChoice {
  uint32_t codec;       // pfhost_codec
  const char *encoder;  // FFmpeg encoder name
  VAProfile va_profile;
  const char *ffmpeg_profile;  // the encoder's "profile" option
  const char *label;           // for messages
};

// nullopt for a codec this plugin never offers.
std::optional<CodecChoice> codec_choice(uint32_t codec, H264Profile h264_profile);

// The codecs whose FFmpeg encoder exists here and whose VA profile the display can encode
// (EncSliceLP when `low_power`, else EncSlice): a mask of 1u << pfhost_codec.
class VaDisplay;
uint32_t usable_codecs(const VaDisplay &display, const PluginConfig &config);

}  // namespace pfhost::vaapi
