// Pulls a keyframe's in-band parameter sets (H.264 SPS/PPS, HEVC VPS/SPS/PPS, the AV1 sequence
// header) out as codec extradata, which mp4 and mkv need in their header before the first packet.
// Private to the session library: it speaks libavcodec types.
#pragma once

#include <cstdint>  // FFmpeg's C headers need UINT64_C before they are read

extern "C" {
#include <libavcodec/codec_id.h>
}

#include <cstdint>
#include <span>
#include <vector>

namespace pfhost::core::session_detail {

// Empty when the packet carries none. Throws OutputError when libavcodec's extract_extradata
// filter is missing or fails.
std::vector<uint8_t> extract_parameter_sets(AVCodecID codec, std::span<const uint8_t> keyframe);

}  // namespace pfhost::core::session_detail
