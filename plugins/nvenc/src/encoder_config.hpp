// How pfhost's encoder parameters and [plugins.nvenc] become NVENC's initialise parameters: the
// preset's own config as the base (the driver knows its hardware), then the low-latency choices on
// top: CBR, infinite GOP with IDRs on request, no B-frames, about one frame of VBV, parameter sets
// with every IDR, BT.709 limited-range VUI, optional intra refresh.
#pragma once

#include <pfhost/encode.h>

#include "device_caps.hpp"
#include "nvenc_session.hpp"
#include "plugin_config.hpp"

namespace pfhost::nvenc {

// Pinned: init.encodeConfig points at config.
struct EncoderSetup {
  NV_ENC_INITIALIZE_PARAMS init{};
  NV_ENC_CONFIG config{};
  EncoderSetup() = default;
  EncoderSetup(const EncoderSetup &) = delete;
  EncoderSetup &operator=(const EncoderSetup &) = delete;
};

// Throws pfhost::Error(INVALID_ARGUMENT / UNSUPPORTED) for parameters the GPU cannot honour,
// naming the parameter and the cap.
void validate_params(const pfhost_encoder_params &params, const CodecCaps &caps);

// NVENC's input layout for a pfhost pixel format; NV_ENC_BUFFER_FORMAT_UNDEFINED for none.
NV_ENC_BUFFER_FORMAT buffer_format(uint32_t pixel_format) noexcept;
// Mask (1ull << pfhost_pixel_format) of the formats buffer_format() maps.
uint64_t supported_input_formats() noexcept;

// Fills `setup` for `params` (validated), starting from the preset's config.
void build_setup(const NvencSession &session, const pfhost_encoder_params &params,
                 const PluginConfig &config, EncoderSetup &setup);

// The VBV size in frames: the stream request's, else [plugins.nvenc] vbv_frames. Kept across
// bitrate changes (a VBV of N frames stays N frames of the new rate).
uint32_t vbv_frames(const pfhost_encoder_params &params, const PluginConfig &config) noexcept;

// The rate-control fields for a target bitrate: average = max = target (CBR), VBV = vbv_frames
// frames of it. Used at setup and by set_bitrate's reconfigure.
void apply_bitrate(NV_ENC_CONFIG &config, uint32_t bitrate_kbps, uint32_t vbv_frames,
                   uint32_t framerate_num, uint32_t framerate_den);

}  // namespace pfhost::nvenc
