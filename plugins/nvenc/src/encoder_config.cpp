#include "encoder_config.hpp"

#include <pfhost/plugin.hpp>

#include <algorithm>
#include <string>

namespace pfhost::nvenc {
namespace {

constexpr uint32_t kMinDimension = 16;  // below this no NVENC generation encodes

void set_vui(NV_ENC_CONFIG_H264_VUI_PARAMETERS &vui) {
  // BT.709 limited range, what the decoders assume for HD and what the test patterns check;
  // NVENC also converts RGB input with the matrix signalled here.
  // (API 11.1 has no names for these; the values are H.273's.)
  constexpr uint32_t kUnspecifiedVideoFormat = 5;
  constexpr uint32_t kBt709 = 1;
  vui.videoSignalTypePresentFlag = 1;
  vui.videoFormat = kUnspecifiedVideoFormat;
  vui.videoFullRangeFlag = 0;
  vui.colourDescriptionPresentFlag = 1;
  vui.colourPrimaries = kBt709;
  vui.transferCharacteristics = kBt709;
  vui.colourMatrix = kBt709;
}

// A refresh wave every second, spread over half a second of frames: a lost packet heals within a
// second without the bitrate spike of an IDR.
void set_intra_refresh(const pfhost_encoder_params &params, uint32_t &period, uint32_t &count) {
  period = std::max<uint32_t>(2, params.framerate_num / params.framerate_den);
  count = std::max<uint32_t>(1, period / 2);
}

}  // namespace

NV_ENC_BUFFER_FORMAT buffer_format(uint32_t pixel_format) noexcept {
  switch (pixel_format) {
    // NVENC names packed RGB by its 32-bit word, little-endian: ARGB is B,G,R,A in memory.
    case PFHOST_PIXEL_FORMAT_BGRX:
    case PFHOST_PIXEL_FORMAT_BGRA:
      return NV_ENC_BUFFER_FORMAT_ARGB;
    case PFHOST_PIXEL_FORMAT_RGBX:
    case PFHOST_PIXEL_FORMAT_RGBA:
      return NV_ENC_BUFFER_FORMAT_ABGR;
    case PFHOST_PIXEL_FORMAT_NV12:
      return NV_ENC_BUFFER_FORMAT_NV12;
    case PFHOST_PIXEL_FORMAT_P010:
      return NV_ENC_BUFFER_FORMAT_YUV420_10BIT;
    default:
      return NV_ENC_BUFFER_FORMAT_UNDEFINED;
  }
}

uint64_t supported_input_formats() noexcept {
  uint64_t mask = 0;
  for (uint32_t format = 0; format < 64; ++format)
    if (buffer_format(format) != NV_ENC_BUFFER_FORMAT_UNDEFINED) mask |= 1ull << format;
  return mask;
}

void validate_params(const pfhost_encoder_params &params, const CodecCaps &caps) {
  if (!caps.present)
    throw Error(PFHOST_E_UNSUPPORTED, "this GPU's NVENC has no encoder for codec " +
                                          std::to_string(params.codec) + " (H.264 and HEVC only)");
  if (params.width < kMinDimension || params.height < kMinDimension ||
      params.width > caps.max_width || params.height > caps.max_height)
    throw Error(PFHOST_E_UNSUPPORTED,
                "size " + std::to_string(params.width) + "x" + std::to_string(params.height) +
                    " outside what NVENC takes here (" + std::to_string(kMinDimension) + ".." +
                    std::to_string(caps.max_width) + " x " + std::to_string(kMinDimension) + ".." +
                    std::to_string(caps.max_height) + ")");
  if (params.width % 2 != 0 || params.height % 2 != 0)
    throw Error(PFHOST_E_INVALID_ARGUMENT, "4:2:0 needs an even width and height, got " +
                                               std::to_string(params.width) + "x" +
                                               std::to_string(params.height));
  if (params.framerate_num == 0 || params.framerate_den == 0)
    throw Error(PFHOST_E_INVALID_ARGUMENT, "framerate has a zero term");
  if (params.bit_depth != 8 && params.bit_depth != 10)
    throw Error(PFHOST_E_INVALID_ARGUMENT, "bit_depth must be 8 or 10");
  if (params.bit_depth == 10 && (!caps.ten_bit || params.codec != PFHOST_CODEC_HEVC))
    throw Error(PFHOST_E_UNSUPPORTED, "10-bit needs HEVC on a GPU whose NVENC caps say 10-bit");
  if (params.chroma != PFHOST_CHROMA_420)
    throw Error(PFHOST_E_UNSUPPORTED, "only 4:2:0 is offered (4:4:4 input needs a YUV444 source)");
  if (params.rate_control != PFHOST_RATE_CONTROL_CBR &&
      params.rate_control != PFHOST_RATE_CONTROL_VBR &&
      params.rate_control != PFHOST_RATE_CONTROL_CQP)
    throw Error(PFHOST_E_INVALID_ARGUMENT,
                "unknown rate_control " + std::to_string(params.rate_control));
  if (params.rate_control != PFHOST_RATE_CONTROL_CQP && params.bitrate_kbps == 0)
    throw Error(PFHOST_E_INVALID_ARGUMENT, "bitrate_kbps is 0");
  if (params.input_memory != PFHOST_MEMORY_CPU && params.input_memory != PFHOST_MEMORY_CUDA
#ifdef _WIN32
      && params.input_memory != PFHOST_MEMORY_D3D11
#endif
  )
    throw Error(PFHOST_E_UNSUPPORTED, "input memory kind " + std::to_string(params.input_memory) +
                                          " is not taken (CPU and CUDA frames" +
#ifdef _WIN32
                                          std::string(", D3D11 textures") +
#else
                                          std::string() +
#endif
                                          ")");
  const NV_ENC_BUFFER_FORMAT format = buffer_format(params.input_format);
  if (format == NV_ENC_BUFFER_FORMAT_UNDEFINED)
    throw Error(PFHOST_E_UNSUPPORTED, "pixel format " + std::to_string(params.input_format) +
                                          " is not taken (BGRX, BGRA, RGBX, RGBA, NV12, P010)");
  if ((format == NV_ENC_BUFFER_FORMAT_YUV420_10BIT) != (params.bit_depth == 10))
    throw Error(PFHOST_E_INVALID_ARGUMENT, "P010 input goes with bit_depth 10 and only with it");
}

uint32_t vbv_frames(const pfhost_encoder_params &params, const PluginConfig &config) noexcept {
  return params.vbv_frames != 0 ? params.vbv_frames : static_cast<uint32_t>(config.vbv_frames);
}

void apply_bitrate(NV_ENC_CONFIG &config, uint32_t bitrate_kbps, uint32_t vbv_frames,
                   uint32_t framerate_num, uint32_t framerate_den) {
  const uint64_t bits = uint64_t{bitrate_kbps} * 1000;
  config.rcParams.averageBitRate = static_cast<uint32_t>(bits);
  config.rcParams.maxBitRate = static_cast<uint32_t>(bits);
  // One frame's worth of bits per VBV frame: the decoder never waits for more than that.
  const uint64_t per_frame = bits * framerate_den / framerate_num;
  config.rcParams.vbvBufferSize = static_cast<uint32_t>(per_frame * vbv_frames);
  config.rcParams.vbvInitialDelay = config.rcParams.vbvBufferSize;
}

void build_setup(const NvencSession &session, const pfhost_encoder_params &params,
                 const PluginConfig &config, EncoderSetup &setup) {
  const GUID codec = *codec_guid(params.codec);
  const GUID preset = config.preset;  // the request's preset, if any, is already in config
  NV_ENC_PRESET_CONFIG preset_config{};
  preset_config.version = NV_ENC_PRESET_CONFIG_VER;
  preset_config.presetCfg.version = NV_ENC_CONFIG_VER;
  session.check(session.api().nvEncGetEncodePresetConfigEx(session.handle(), codec, preset,
                                                           config.tuning, &preset_config),
                "nvEncGetEncodePresetConfigEx");
  setup.config = preset_config.presetCfg;
  NV_ENC_CONFIG &c = setup.config;
  c.version = NV_ENC_CONFIG_VER;
  c.rcParams.version = NV_ENC_RC_PARAMS_VER;
  c.frameIntervalP = 1;  // I and P only: a B-frame would hold a frame back
  c.gopLength = params.gop_length == 0 ? NVENC_INFINITE_GOPLENGTH : params.gop_length;
  switch (params.rate_control) {
    case PFHOST_RATE_CONTROL_CQP:
      c.rcParams.rateControlMode = NV_ENC_PARAMS_RC_CONSTQP;
      c.rcParams.constQP = {23, 23, 23};
      break;
    case PFHOST_RATE_CONTROL_VBR:
      c.rcParams.rateControlMode = NV_ENC_PARAMS_RC_VBR;
      break;
    default:
      c.rcParams.rateControlMode = NV_ENC_PARAMS_RC_CBR;
      break;
  }
  if (params.rate_control != PFHOST_RATE_CONTROL_CQP) {
    apply_bitrate(c, params.bitrate_kbps, vbv_frames(params, config), params.framerate_num,
                  params.framerate_den);
  }
  if (params.codec == PFHOST_CODEC_H264) {
    NV_ENC_CONFIG_H264 &h264 = c.encodeCodecConfig.h264Config;
    h264.idrPeriod = c.gopLength;
    h264.repeatSPSPPS = 1;  // a client can join at any IDR
    h264.enableIntraRefresh = config.intra_refresh;
    if (config.intra_refresh)
      set_intra_refresh(params, h264.intraRefreshPeriod, h264.intraRefreshCnt);
    set_vui(h264.h264VUIParameters);
  } else {
    NV_ENC_CONFIG_HEVC &hevc = c.encodeCodecConfig.hevcConfig;
    hevc.idrPeriod = c.gopLength;
    hevc.repeatSPSPPS = 1;
    hevc.enableIntraRefresh = config.intra_refresh;
    if (config.intra_refresh)
      set_intra_refresh(params, hevc.intraRefreshPeriod, hevc.intraRefreshCnt);
    if (params.bit_depth == 10) {
      hevc.pixelBitDepthMinus8 = 2;
      c.profileGUID = NV_ENC_HEVC_PROFILE_MAIN10_GUID;
    }
    set_vui(hevc.hevcVUIParameters);
  }

  NV_ENC_INITIALIZE_PARAMS &init = setup.init;
  init = NV_ENC_INITIALIZE_PARAMS{};
  init.version = NV_ENC_INITIALIZE_PARAMS_VER;
  init.encodeGUID = codec;
  init.presetGUID = preset;
  init.tuningInfo = config.tuning;
  init.encodeWidth = init.darWidth = init.maxEncodeWidth = params.width;
  init.encodeHeight = init.darHeight = init.maxEncodeHeight = params.height;
  init.frameRateNum = params.framerate_num;
  init.frameRateDen = params.framerate_den;
  init.enablePTD = 1;          // the encoder picks picture types; IDRs come from FORCEIDR
  init.enableEncodeAsync = 0;  // one frame in, one packet out, on the calling thread
  init.encodeConfig = &setup.config;
}

}  // namespace pfhost::nvenc
