#include "codec_table.hpp"

#include "ffmpeg.hpp"

namespace pfhost::software {
namespace {

constexpr CodecEntry kCodecs[] = {
    // codec, family, encoder, config table, label, bitrate_change, forced_keyframes,
    // one_packet_per_frame, close_needs_a_frame
    {PFHOST_CODEC_H264, EncoderFamily::x264, "libx264", "x264", "H.264", true, true, true, false},
    {PFHOST_CODEC_HEVC, EncoderFamily::x265, "libx265", "x265", "HEVC", false, true, true, false},
    {PFHOST_CODEC_AV1, EncoderFamily::svtav1, "libsvtav1", "svtav1", "AV1", false, false, false,
     true},
};

}  // namespace

std::span<const CodecEntry> codec_table() noexcept {
  return kCodecs;
}

const CodecEntry *find_codec(uint32_t codec) noexcept {
  for (const CodecEntry &entry : kCodecs)
    if (static_cast<uint32_t>(entry.codec) == codec) return &entry;
  return nullptr;
}

const AVCodec *find_encoder(const CodecEntry &entry) noexcept {
  return avcodec_find_encoder_by_name(entry.encoder_name);
}

uint32_t available_codecs() noexcept {
  uint32_t mask = 0;
  for (const CodecEntry &entry : kCodecs)
    if (find_encoder(entry) != nullptr) mask |= 1u << entry.codec;
  return mask;
}

}  // namespace pfhost::software
