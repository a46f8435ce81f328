#include "codec_choice.hpp"

#include <pfhost/encode.h>

extern "C" {
#include <libavcodec/avcodec.h>
}

#include "va_display.hpp"

namespace pfhost::vaapi {

std::optional<CodecChoice> codec_choice(uint32_t codec, H264Profile h264_profile) {
  switch (codec) {
    case PFHOST_CODEC_H264: {
      static constexpr VAProfile kProfiles[] = {VAProfileH264High, VAProfileH264Main,
                                                VAProfileH264ConstrainedBaseline};
      return CodecChoice{codec, "h264_vaapi", kProfiles[static_cast<int>(h264_profile)],
                         profile_name(h264_profile), "H.264"};
    }
    case PFHOST_CODEC_HEVC:
      return CodecChoice{codec, "hevc_vaapi", VAProfileHEVCMain, "main", "HEVC"};
    case PFHOST_CODEC_AV1:
      return CodecChoice{codec, "av1_vaapi", VAProfileAV1Profile0, "main", "AV1"};
    default:
      return std::nullopt;
  }
}

uint32_t usable_codecs(const VaDisplay &display, const PluginConfig &config) {
  uint32_t mask = 0;
  for (uint32_t codec : {PFHOST_CODEC_H264, PFHOST_CODEC_HEVC, PFHOST_CODEC_AV1}) {
    const CodecChoice choice = *codec_choice(codec, config.h264_profile);
    if (avcodec_find_encoder_by_name(choice.encoder) == nullptr) continue;
    const EncodeSupport support = display.encode_support(choice.va_profile);
    if (config.low_power ? support.low_power : support.slice) mask |= 1u << codec;
  }
  return mask;
}

}  // namespace pfhost::vaapi
