// How pfhost's encoder parameters and the plugin config become libavcodec settings: the codec
// context fields and each wrapper's private options (preset, tune, x264-params...). Everything
// here is decided before avcodec_open2; nothing touches a running encoder except apply_bitrate.
#pragma once

#include <pfhost/encode.h>

#include <string>

#include "codec_table.hpp"
#include "ffmpeg.hpp"
#include "plugin_config.hpp"

namespace pfhost::software {

// Largest picture side open() takes. The codecs' own limits are higher (x264/x265 16k, SVT-AV1
// 16384x8704); 8192 keeps the promise within what every one of them encodes.
constexpr uint32_t kMaxDimension = 8192;

// Throws pfhost::Error(INVALID_ARGUMENT or UNSUPPORTED) for parameters this plugin cannot honour,
// with a reason naming the parameter.
void validate_params(const pfhost_encoder_params &params);

// The preset the encoder will use: params.preset, else "<encoder>.preset", else "preset", else
// "ultrafast"; for SVT-AV1 an x264-style name maps to a preset number. Throws
// pfhost::Error(INVALID_ARGUMENT) for a name the encoder does not know.
std::string resolve_preset(const CodecEntry &entry, const pfhost_encoder_params &params,
                           const PluginConfig &config);

// Fills the context and the private options for a low-latency stream (see the .cpp for why each
// setting is there). Call on a fresh context, before avcodec_open2.
void configure_encoder(const CodecEntry &entry, const pfhost_encoder_params &params,
                       const PluginConfig &config, AVCodecContext &context, Dictionary &options);

// Sets bit_rate / rc_max_rate / rc_buffer_size for a target. Used by configure_encoder and by
// set_bitrate (libx264's wrapper applies changed values from the next frame on).
void apply_bitrate(AVCodecContext &context, uint32_t bitrate_kbps, uint32_t rate_control,
                   uint32_t vbv_frames);

}  // namespace pfhost::software
