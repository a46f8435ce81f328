#include "encode_session.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "cuda_twin.h"
#include "twin_control.hpp"

namespace pfhost::nvenc_twin {
namespace {

constexpr uint32_t kMaxDimension = 4096;
constexpr uint32_t kMinDimension = 16;
constexpr uint32_t kPitchAlignment = 256;

bool same(const GUID &a, const GUID &b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

const GUID kCodecs[] = {NV_ENC_CODEC_H264_GUID, NV_ENC_CODEC_HEVC_GUID};
const GUID kPresets[] = {NV_ENC_PRESET_P1_GUID, NV_ENC_PRESET_P2_GUID, NV_ENC_PRESET_P3_GUID,
                         NV_ENC_PRESET_P4_GUID, NV_ENC_PRESET_P5_GUID, NV_ENC_PRESET_P6_GUID,
                         NV_ENC_PRESET_P7_GUID};
const GUID kH264Profiles[] = {NV_ENC_H264_PROFILE_BASELINE_GUID, NV_ENC_H264_PROFILE_MAIN_GUID,
                              NV_ENC_H264_PROFILE_HIGH_GUID};
const GUID kHevcProfiles[] = {NV_ENC_HEVC_PROFILE_MAIN_GUID};
const NV_ENC_BUFFER_FORMAT kInputFormats[] = {NV_ENC_BUFFER_FORMAT_NV12, NV_ENC_BUFFER_FORMAT_YV12,
                                              NV_ENC_BUFFER_FORMAT_IYUV, NV_ENC_BUFFER_FORMAT_ARGB,
                                              NV_ENC_BUFFER_FORMAT_ABGR};

bool known_codec(const GUID &codec) {
  return std::any_of(std::begin(kCodecs), std::end(kCodecs),
                     [&](const GUID &g) { return same(g, codec); });
}
int preset_number(const GUID &preset) {
  for (int i = 0; i < 7; ++i)
    if (same(kPresets[i], preset)) return i + 1;
  return 0;
}

template <class T, size_t N>
bool all_zero(const T (&array)[N]) {
  return std::all_of(std::begin(array), std::end(array), [](const T &v) { return v == T{}; });
}

template <class T, size_t N>
NVENCSTATUS list(const T (&items)[N], T *out, uint32_t size, uint32_t *count) {
  if (out == nullptr || count == nullptr) return NV_ENC_ERR_INVALID_PTR;
  const uint32_t n = std::min<uint32_t>(size, N);
  std::copy_n(items, n, out);
  *count = n;
  return NV_ENC_SUCCESS;
}

std::string hex(uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", value);
  return text;
}

const char *tuning_name(NV_ENC_TUNING_INFO tuning) {
  switch (tuning) {
    case NV_ENC_TUNING_INFO_HIGH_QUALITY:
      return "high_quality";
    case NV_ENC_TUNING_INFO_LOW_LATENCY:
      return "low_latency";
    case NV_ENC_TUNING_INFO_ULTRA_LOW_LATENCY:
      return "ultra_low_latency";
    case NV_ENC_TUNING_INFO_LOSSLESS:
      return "lossless";
    default:
      return "undefined";
  }
}

const char *rc_name(NV_ENC_PARAMS_RC_MODE mode) {
  switch (mode) {
    case NV_ENC_PARAMS_RC_CONSTQP:
      return "constqp";
    case NV_ENC_PARAMS_RC_VBR:
      return "vbr";
    case NV_ENC_PARAMS_RC_CBR:
      return "cbr";
    default:
      return "other";
  }
}

}  // namespace

#define CHECK_VERSION(call, actual, expected)                                             \
  do {                                                                                    \
    if ((actual) != (expected))                                                           \
      return fail(call, NV_ENC_ERR_INVALID_VERSION,                                       \
                  std::string(#actual " is ") + hex(actual) + ", want " + hex(expected)); \
  } while (0)
#define CHECK_RESERVED(call, array)                                                         \
  do {                                                                                      \
    if (!all_zero(array))                                                                   \
      return fail(call, NV_ENC_ERR_INVALID_PARAM, "reserved field " #array " is not zero"); \
  } while (0)

Session::Session(void *cuda_context) : cuda_context_(cuda_context) {}
Session::~Session() = default;

NVENCSTATUS Session::fail(const char *call, NVENCSTATUS status, const std::string &why,
                          bool expected) {
  last_error_ = std::string(call) + ": " + why;
  if (!expected) report_violation(call, why);
  return status;
}

NVENCSTATUS Session::require_initialised(const char *call) {
  if (initialised_) return NV_ENC_SUCCESS;
  return fail(call, NV_ENC_ERR_ENCODER_NOT_INITIALIZED, "called before nvEncInitializeEncoder");
}

NVENCSTATUS Session::guid_count(uint32_t *count) {
  if (count == nullptr) return NV_ENC_ERR_INVALID_PTR;
  *count = static_cast<uint32_t>(std::size(kCodecs));
  return NV_ENC_SUCCESS;
}
NVENCSTATUS Session::guids(GUID *out, uint32_t size, uint32_t *count) {
  return list(kCodecs, out, size, count);
}
NVENCSTATUS Session::profile_guid_count(GUID codec, uint32_t *count) {
  if (!known_codec(codec))
    return fail("nvEncGetEncodeProfileGUIDCount", NV_ENC_ERR_INVALID_PARAM, "unknown codec GUID");
  if (count == nullptr) return NV_ENC_ERR_INVALID_PTR;
  *count = static_cast<uint32_t>(same(codec, NV_ENC_CODEC_H264_GUID) ? std::size(kH264Profiles)
                                                                     : std::size(kHevcProfiles));
  return NV_ENC_SUCCESS;
}
NVENCSTATUS Session::profile_guids(GUID codec, GUID *out, uint32_t size, uint32_t *count) {
  if (!known_codec(codec))
    return fail("nvEncGetEncodeProfileGUIDs", NV_ENC_ERR_INVALID_PARAM, "unknown codec GUID");
  return same(codec, NV_ENC_CODEC_H264_GUID) ? list(kH264Profiles, out, size, count)
                                             : list(kHevcProfiles, out, size, count);
}
NVENCSTATUS Session::preset_guid_count(GUID codec, uint32_t *count) {
  if (!known_codec(codec))
    return fail("nvEncGetEncodePresetCount", NV_ENC_ERR_INVALID_PARAM, "unknown codec GUID");
  if (count == nullptr) return NV_ENC_ERR_INVALID_PTR;
  *count = static_cast<uint32_t>(std::size(kPresets));
  return NV_ENC_SUCCESS;
}
NVENCSTATUS Session::preset_guids(GUID codec, GUID *out, uint32_t size, uint32_t *count) {
  if (!known_codec(codec))
    return fail("nvEncGetEncodePresetGUIDs", NV_ENC_ERR_INVALID_PARAM, "unknown codec GUID");
  return list(kPresets, out, size, count);
}
NVENCSTATUS Session::input_format_count(GUID codec, uint32_t *count) {
  if (!known_codec(codec))
    return fail("nvEncGetInputFormatCount", NV_ENC_ERR_INVALID_PARAM, "unknown codec GUID");
  if (count == nullptr) return NV_ENC_ERR_INVALID_PTR;
  *count = static_cast<uint32_t>(std::size(kInputFormats));
  return NV_ENC_SUCCESS;
}
NVENCSTATUS Session::input_formats(GUID codec, NV_ENC_BUFFER_FORMAT *out, uint32_t size,
                                   uint32_t *count) {
  if (!known_codec(codec))
    return fail("nvEncGetInputFormats", NV_ENC_ERR_INVALID_PARAM, "unknown codec GUID");
  return list(kInputFormats, out, size, count);
}

NVENCSTATUS Session::caps(GUID codec, NV_ENC_CAPS_PARAM *param, int *value) {
  const char *call = "nvEncGetEncodeCaps";
  if (param == nullptr || value == nullptr) return NV_ENC_ERR_INVALID_PTR;
  CHECK_VERSION(call, param->version, uint32_t{NV_ENC_CAPS_PARAM_VER});
  CHECK_RESERVED(call, param->reserved);
  if (!known_codec(codec)) return fail(call, NV_ENC_ERR_INVALID_PARAM, "unknown codec GUID");
  // A modest encoder: no B-frames, 8-bit 4:2:0 only, CBR/VBR/CQP, intra refresh, bitrate change.
  switch (param->capsToQuery) {
    case NV_ENC_CAPS_SUPPORTED_RATECONTROL_MODES:
      *value = 0x7;
      break;
    case NV_ENC_CAPS_WIDTH_MAX:
    case NV_ENC_CAPS_HEIGHT_MAX:
      *value = kMaxDimension;
      break;
    case NV_ENC_CAPS_WIDTH_MIN:
    case NV_ENC_CAPS_HEIGHT_MIN:
      *value = kMinDimension;
      break;
    case NV_ENC_CAPS_SUPPORT_DYN_BITRATE_CHANGE:
    case NV_ENC_CAPS_SUPPORT_INTRA_REFRESH:
    case NV_ENC_CAPS_SUPPORT_CUSTOM_VBV_BUF_SIZE:
    case NV_ENC_CAPS_SUPPORT_QPELMV:
    case NV_ENC_CAPS_NUM_ENCODER_ENGINES:
      *value = 1;
      break;
    case NV_ENC_CAPS_LEVEL_MAX:
      *value = same(codec, NV_ENC_CODEC_H264_GUID) ? 51 : 186;
      break;
    case NV_ENC_CAPS_LEVEL_MIN:
      *value = same(codec, NV_ENC_CODEC_H264_GUID) ? 10 : 30;
      break;
    case NV_ENC_CAPS_MB_NUM_MAX:
      *value = (kMaxDimension / 16) * (kMaxDimension / 16);
      break;
    case NV_ENC_CAPS_MB_PER_SEC_MAX:
      *value = 983040;
      break;
    case NV_ENC_CAPS_SUPPORT_CABAC:
      *value = same(codec, NV_ENC_CODEC_H264_GUID) ? 1 : 0;
      break;
    default:
      *value = 0;
      break;  // everything else (B-frames, 10-bit, 4:4:4, lookahead...) is absent
  }
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::preset_config(GUID codec, GUID preset, NV_ENC_TUNING_INFO tuning,
                                   NV_ENC_PRESET_CONFIG *config) {
  const char *call = "nvEncGetEncodePresetConfigEx";
  if (config == nullptr) return NV_ENC_ERR_INVALID_PTR;
  CHECK_VERSION(call, config->version, uint32_t{NV_ENC_PRESET_CONFIG_VER});
  CHECK_VERSION(call, config->presetCfg.version, uint32_t{NV_ENC_CONFIG_VER});
  if (!known_codec(codec)) return fail(call, NV_ENC_ERR_INVALID_PARAM, "unknown codec GUID");
  if (preset_number(preset) == 0)
    return fail(call, NV_ENC_ERR_INVALID_PARAM, "unknown preset GUID");
  NV_ENC_CONFIG &out = config->presetCfg;
  out = NV_ENC_CONFIG{};
  out.version = NV_ENC_CONFIG_VER;
  out.profileGUID = NV_ENC_CODEC_PROFILE_AUTOSELECT_GUID;
  out.gopLength = 250;
  out.frameIntervalP = 1;
  out.rcParams.version = NV_ENC_RC_PARAMS_VER;
  const bool low_latency =
      tuning == NV_ENC_TUNING_INFO_LOW_LATENCY || tuning == NV_ENC_TUNING_INFO_ULTRA_LOW_LATENCY;
  out.rcParams.rateControlMode = low_latency ? NV_ENC_PARAMS_RC_CBR : NV_ENC_PARAMS_RC_VBR;
  out.rcParams.averageBitRate = 5'000'000;
  if (same(codec, NV_ENC_CODEC_H264_GUID)) {
    out.encodeCodecConfig.h264Config.idrPeriod = out.gopLength;
  } else {
    out.encodeCodecConfig.hevcConfig.idrPeriod = out.gopLength;
  }
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::check_config(const char *call, const NV_ENC_INITIALIZE_PARAMS &params,
                                  const NV_ENC_CONFIG &config) {
  CHECK_VERSION(call, config.version, uint32_t{NV_ENC_CONFIG_VER});
  CHECK_VERSION(call, config.rcParams.version, uint32_t{NV_ENC_RC_PARAMS_VER});
  CHECK_RESERVED(call, config.reserved);
  if (config.frameIntervalP > 1)
    return fail(call, NV_ENC_ERR_UNSUPPORTED_PARAM,
                "frameIntervalP " + std::to_string(config.frameIntervalP) +
                    " asks for B-frames; NV_ENC_CAPS_NUM_MAX_BFRAMES is 0",
                true);
  if (config.frameIntervalP == 0)
    return fail(call, NV_ENC_ERR_INVALID_PARAM, "frameIntervalP is 0 (1 = I/P only)");
  const uint32_t w = params.encodeWidth, h = params.encodeHeight;
  if (w < kMinDimension || h < kMinDimension || w > kMaxDimension || h > kMaxDimension)
    return fail(call, NV_ENC_ERR_INVALID_PARAM,
                "size " + std::to_string(w) + "x" + std::to_string(h) + " outside 16..4096", true);
  if (params.frameRateNum == 0 || params.frameRateDen == 0)
    return fail(call, NV_ENC_ERR_INVALID_PARAM, "frame rate has a zero term");
  return NV_ENC_SUCCESS;
}

EncoderSettings Session::settings_from(const NV_ENC_INITIALIZE_PARAMS &params,
                                       const NV_ENC_CONFIG &config) const {
  EncoderSettings s;
  s.hevc = hevc_;
  s.width = static_cast<int>(params.encodeWidth);
  s.height = static_cast<int>(params.encodeHeight);
  s.fps_num = params.frameRateNum;
  s.fps_den = params.frameRateDen;
  const NV_ENC_RC_PARAMS &rc = config.rcParams;
  s.constant_qp = rc.rateControlMode == NV_ENC_PARAMS_RC_CONSTQP;
  s.qp = static_cast<int>(rc.constQP.qpIntra ? rc.constQP.qpIntra : 23);
  s.bitrate = rc.averageBitRate;
  s.max_bitrate = rc.maxBitRate;
  s.vbv_bits = rc.vbvBufferSize;
  s.gop_length = config.gopLength == NVENC_INFINITE_GOPLENGTH ? 0 : config.gopLength;
  const NV_ENC_CONFIG_H264_VUI_PARAMETERS &vui =
      hevc_ ? config.encodeCodecConfig.hevcConfig.hevcVUIParameters
            : config.encodeCodecConfig.h264Config.h264VUIParameters;
  s.intra_refresh = hevc_ ? config.encodeCodecConfig.hevcConfig.enableIntraRefresh
                          : config.encodeCodecConfig.h264Config.enableIntraRefresh;
  s.colour.bt709 = vui.colourDescriptionPresentFlag && vui.colourMatrix == 1 /* BT.709 (H.273) */;
  s.colour.full_range = vui.videoSignalTypePresentFlag && vui.videoFullRangeFlag;
  return s;
}

NVENCSTATUS Session::initialize(const NV_ENC_INITIALIZE_PARAMS *params) {
  const char *call = "nvEncInitializeEncoder";
  if (params == nullptr) return NV_ENC_ERR_INVALID_PTR;
  CHECK_VERSION(call, params->version, uint32_t{NV_ENC_INITIALIZE_PARAMS_VER});
  CHECK_RESERVED(call, params->reserved);
  CHECK_RESERVED(call, params->reserved2);
  if (initialised_)
    return fail(call, NV_ENC_ERR_INVALID_CALL, "the encoder is already initialised");
  if (faults().unsupported_param) {
    report("fault unsupported_param");
    return fail(call, NV_ENC_ERR_UNSUPPORTED_PARAM, "injected: unsupported parameter", true);
  }
  if (!known_codec(params->encodeGUID))
    return fail(call, NV_ENC_ERR_INVALID_PARAM, "unknown codec GUID");
  const int preset = preset_number(params->presetGUID);
  if (preset == 0) return fail(call, NV_ENC_ERR_INVALID_PARAM, "unknown preset GUID (P1..P7 only)");
  if (params->enableEncodeAsync)
    return fail(call, NV_ENC_ERR_UNSUPPORTED_PARAM, "asynchronous mode is Windows-only", true);
  if (!params->enablePTD)
    return fail(call, NV_ENC_ERR_UNIMPLEMENTED,
                "the twin decides picture types itself (enablePTD = 1)", true);
  hevc_ = same(params->encodeGUID, NV_ENC_CODEC_HEVC_GUID);
  NV_ENC_PRESET_CONFIG preset_config_out{};
  preset_config_out.version = NV_ENC_PRESET_CONFIG_VER;
  preset_config_out.presetCfg.version = NV_ENC_CONFIG_VER;
  if (params->encodeConfig == nullptr)
    preset_config(params->encodeGUID, params->presetGUID, params->tuningInfo, &preset_config_out);
  const NV_ENC_CONFIG &config =
      params->encodeConfig != nullptr ? *params->encodeConfig : preset_config_out.presetCfg;
  if (const NVENCSTATUS status = check_config(call, *params, config); status != NV_ENC_SUCCESS)
    return status;
  config_ = config;
  init_params_ = *params;
  init_params_.encodeConfig = &config_;
  width_ = params->encodeWidth;
  height_ = params->encodeHeight;
  max_width_ = std::max(width_, params->maxEncodeWidth);
  max_height_ = std::max(height_, params->maxEncodeHeight);
  const EncoderSettings settings = settings_from(*params, config_);
  try {
    encoder_ = hevc_ ? make_x265_encoder(settings) : make_x264_encoder(settings);
  } catch (const std::exception &error) {
    return fail(call, NV_ENC_ERR_UNSUPPORTED_PARAM, error.what(), true);
  }
  initialised_ = true;
  const NV_ENC_RC_PARAMS &rc = config_.rcParams;
  report(std::string("initialize codec=") + (hevc_ ? "hevc" : "h264") +
         " size=" + std::to_string(width_) + "x" + std::to_string(height_) + " fps=" +
         std::to_string(params->frameRateNum) + "/" + std::to_string(params->frameRateDen) +
         " preset=p" + std::to_string(preset) + " tuning=" + tuning_name(params->tuningInfo) +
         " rc=" + rc_name(rc.rateControlMode) + " bitrate=" + std::to_string(rc.averageBitRate) +
         " maxbitrate=" + std::to_string(rc.maxBitRate) +
         " vbv=" + std::to_string(rc.vbvBufferSize) + " gop=" +
         (config_.gopLength == NVENC_INFINITE_GOPLENGTH ? std::string("infinite")
                                                        : std::to_string(config_.gopLength)) +
         " frame_interval_p=" + std::to_string(config_.frameIntervalP) +
         " intra_refresh=" + std::to_string(settings.intra_refresh ? 1 : 0) +
         " bt709=" + std::to_string(settings.colour.bt709 ? 1 : 0));
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::reconfigure(const NV_ENC_RECONFIGURE_PARAMS *params) {
  const char *call = "nvEncReconfigureEncoder";
  if (params == nullptr) return NV_ENC_ERR_INVALID_PTR;
  CHECK_VERSION(call, params->version, uint32_t{NV_ENC_RECONFIGURE_PARAMS_VER});
  if (const NVENCSTATUS status = require_initialised(call); status != NV_ENC_SUCCESS) return status;
  const NV_ENC_INITIALIZE_PARAMS &init = params->reInitEncodeParams;
  CHECK_VERSION(call, init.version, uint32_t{NV_ENC_INITIALIZE_PARAMS_VER});
  if (!same(init.encodeGUID, init_params_.encodeGUID))
    return fail(call, NV_ENC_ERR_INVALID_PARAM, "the codec cannot change on reconfigure");
  if (init.encodeWidth != width_ || init.encodeHeight != height_)
    return fail(call, NV_ENC_ERR_UNIMPLEMENTED, "the twin does not model resolution changes", true);
  const NV_ENC_CONFIG &config = init.encodeConfig != nullptr ? *init.encodeConfig : config_;
  if (const NVENCSTATUS status = check_config(call, init, config); status != NV_ENC_SUCCESS)
    return status;
  const EncoderSettings settings = settings_from(init, config);
  if (!encoder_->reconfigure(settings))
    return fail(call, NV_ENC_ERR_UNSUPPORTED_PARAM, "the encoder refused the new rate control",
                true);
  config_ = config;
  ++reconfigurations_;
  report("reconfigure bitrate=" + std::to_string(config.rcParams.averageBitRate) +
         " maxbitrate=" + std::to_string(config.rcParams.maxBitRate) +
         " vbv=" + std::to_string(config.rcParams.vbvBufferSize) + " reset=" +
         std::to_string(params->resetEncoder) + " force_idr=" + std::to_string(params->forceIDR));
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::sequence_params(NV_ENC_SEQUENCE_PARAM_PAYLOAD *payload) {
  const char *call = "nvEncGetSequenceParams";
  if (payload == nullptr) return NV_ENC_ERR_INVALID_PTR;
  CHECK_VERSION(call, payload->version, uint32_t{NV_ENC_SEQUENCE_PARAM_PAYLOAD_VER});
  CHECK_RESERVED(call, payload->reserved);
  if (const NVENCSTATUS status = require_initialised(call); status != NV_ENC_SUCCESS) return status;
  if (payload->spsppsBuffer == nullptr || payload->outSPSPPSPayloadSize == nullptr)
    return fail(call, NV_ENC_ERR_INVALID_PTR, "spsppsBuffer or outSPSPPSPayloadSize is NULL");
  const std::vector<uint8_t> headers = encoder_->headers();
  if (headers.size() > payload->inBufferSize)
    return fail(call, NV_ENC_ERR_NOT_ENOUGH_BUFFER,
                "inBufferSize " + std::to_string(payload->inBufferSize) + " < " +
                    std::to_string(headers.size()));
  std::memcpy(payload->spsppsBuffer, headers.data(), headers.size());
  *payload->outSPSPPSPayloadSize = static_cast<uint32_t>(headers.size());
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::create_input(NV_ENC_CREATE_INPUT_BUFFER *params) {
  const char *call = "nvEncCreateInputBuffer";
  if (params == nullptr) return NV_ENC_ERR_INVALID_PTR;
  CHECK_VERSION(call, params->version, uint32_t{NV_ENC_CREATE_INPUT_BUFFER_VER});
  CHECK_RESERVED(call, params->reserved1);
  CHECK_RESERVED(call, params->reserved2);
  if (const NVENCSTATUS status = require_initialised(call); status != NV_ENC_SUCCESS) return status;
  if (!supported_input_format(params->bufferFmt))
    return fail(call, NV_ENC_ERR_UNSUPPORTED_PARAM,
                std::string("buffer format ") + buffer_format_name(params->bufferFmt), true);
  if (params->width < width_ || params->height < height_ || params->width > max_width_ ||
      params->height > max_height_)
    return fail(call, NV_ENC_ERR_INVALID_PARAM, "buffer size does not fit the encode size");
  auto buffer = std::make_unique<InputBuffer>();
  buffer->owner = this;
  buffer->format = params->bufferFmt;
  buffer->width = params->width;
  buffer->height = params->height;
  buffer->pitch = (row_bytes(params->bufferFmt, params->width) + kPitchAlignment - 1) /
                  kPitchAlignment * kPitchAlignment;
  buffer->memory.resize(buffer_bytes(buffer->format, buffer->pitch, buffer->height));
  params->inputBuffer = buffer.get();
  inputs_[buffer.get()] = std::move(buffer);
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::destroy_input(void *handle) {
  const char *call = "nvEncDestroyInputBuffer";
  const auto found = inputs_.find(handle);
  if (found == inputs_.end())
    return fail(call, NV_ENC_ERR_INVALID_PTR, "not an input buffer of this encoder");
  if (found->second->locked)
    return fail(call, NV_ENC_ERR_LOCK_BUSY, "the input buffer is still locked");
  inputs_.erase(found);
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::lock_input(NV_ENC_LOCK_INPUT_BUFFER *params) {
  const char *call = "nvEncLockInputBuffer";
  if (params == nullptr) return NV_ENC_ERR_INVALID_PTR;
  CHECK_VERSION(call, params->version, uint32_t{NV_ENC_LOCK_INPUT_BUFFER_VER});
  CHECK_RESERVED(call, params->reserved1);
  const auto found = inputs_.find(params->inputBuffer);
  if (found == inputs_.end())
    return fail(call, NV_ENC_ERR_INVALID_PTR, "not an input buffer of this encoder");
  if (found->second->locked)
    return fail(call, NV_ENC_ERR_LOCK_BUSY, "the input buffer is already locked");
  found->second->locked = true;
  params->bufferDataPtr = found->second->memory.data();
  params->pitch = found->second->pitch;
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::unlock_input(void *handle) {
  const char *call = "nvEncUnlockInputBuffer";
  const auto found = inputs_.find(handle);
  if (found == inputs_.end())
    return fail(call, NV_ENC_ERR_INVALID_PTR, "not an input buffer of this encoder");
  if (!found->second->locked)
    return fail(call, NV_ENC_ERR_INVALID_CALL, "the input buffer is not locked");
  found->second->locked = false;
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::create_bitstream(NV_ENC_CREATE_BITSTREAM_BUFFER *params) {
  const char *call = "nvEncCreateBitstreamBuffer";
  if (params == nullptr) return NV_ENC_ERR_INVALID_PTR;
  CHECK_VERSION(call, params->version, uint32_t{NV_ENC_CREATE_BITSTREAM_BUFFER_VER});
  CHECK_RESERVED(call, params->reserved1);
  CHECK_RESERVED(call, params->reserved2);
  if (const NVENCSTATUS status = require_initialised(call); status != NV_ENC_SUCCESS) return status;
  auto buffer = std::make_unique<BitstreamBuffer>();
  buffer->owner = this;
  params->bitstreamBuffer = buffer.get();
  bitstreams_[buffer.get()] = std::move(buffer);
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::destroy_bitstream(void *handle) {
  const char *call = "nvEncDestroyBitstreamBuffer";
  const auto found = bitstreams_.find(handle);
  if (found == bitstreams_.end())
    return fail(call, NV_ENC_ERR_INVALID_PTR, "not a bitstream buffer of this encoder");
  if (found->second->locked)
    return fail(call, NV_ENC_ERR_LOCK_BUSY, "the bitstream buffer is still locked");
  bitstreams_.erase(found);
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::lock_bitstream(NV_ENC_LOCK_BITSTREAM *params) {
  const char *call = "nvEncLockBitstream";
  if (params == nullptr) return NV_ENC_ERR_INVALID_PTR;
  CHECK_VERSION(call, params->version, uint32_t{NV_ENC_LOCK_BITSTREAM_VER});
  CHECK_RESERVED(call, params->reserved1);
  CHECK_RESERVED(call, params->reserved2);
  const auto found = bitstreams_.find(params->outputBitstream);
  if (found == bitstreams_.end())
    return fail(call, NV_ENC_ERR_INVALID_PTR, "not a bitstream buffer of this encoder");
  BitstreamBuffer &buffer = *found->second;
  if (buffer.locked)
    return fail(call, NV_ENC_ERR_LOCK_BUSY, "the bitstream buffer is already locked");
  if (!buffer.has_output)
    return fail(call, NV_ENC_ERR_INVALID_CALL, "no picture was encoded into this buffer");
  buffer.locked = true;
  params->bitstreamBufferPtr = buffer.data.data();
  params->bitstreamSizeInBytes = static_cast<uint32_t>(buffer.data.size());
  params->outputTimeStamp = buffer.timestamp;
  params->frameIdx = buffer.frame_index;
  params->pictureType = buffer.idr ? NV_ENC_PIC_TYPE_IDR : NV_ENC_PIC_TYPE_P;
  params->pictureStruct = NV_ENC_PIC_STRUCT_FRAME;
  params->frameAvgQP = 26;
  params->numSlices = 1;
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::unlock_bitstream(void *handle) {
  const char *call = "nvEncUnlockBitstream";
  const auto found = bitstreams_.find(handle);
  if (found == bitstreams_.end())
    return fail(call, NV_ENC_ERR_INVALID_PTR, "not a bitstream buffer of this encoder");
  if (!found->second->locked)
    return fail(call, NV_ENC_ERR_INVALID_CALL, "the bitstream buffer is not locked");
  found->second->locked = false;
  found->second->has_output = false;
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::register_resource(NV_ENC_REGISTER_RESOURCE *params) {
  const char *call = "nvEncRegisterResource";
  if (params == nullptr) return NV_ENC_ERR_INVALID_PTR;
  CHECK_VERSION(call, params->version, uint32_t{NV_ENC_REGISTER_RESOURCE_VER});
  CHECK_RESERVED(call, params->reserved1);
  CHECK_RESERVED(call, params->reserved2);
  if (const NVENCSTATUS status = require_initialised(call); status != NV_ENC_SUCCESS) return status;
  if (params->resourceType != NV_ENC_INPUT_RESOURCE_TYPE_CUDADEVICEPTR)
    return fail(call, NV_ENC_ERR_UNIMPLEMENTED, "the twin registers CUDA device pointers only",
                true);
  if (params->bufferUsage != NV_ENC_INPUT_IMAGE)
    return fail(call, NV_ENC_ERR_UNIMPLEMENTED, "the twin registers input images only", true);
  if (!supported_input_format(params->bufferFormat))
    return fail(call, NV_ENC_ERR_UNSUPPORTED_PARAM,
                std::string("buffer format ") + buffer_format_name(params->bufferFormat), true);
  if (params->resourceToRegister == nullptr)
    return fail(call, NV_ENC_ERR_INVALID_PTR, "resourceToRegister is NULL");
  if (params->pitch % 4 != 0 || params->pitch < row_bytes(params->bufferFormat, params->width))
    return fail(
        call, NV_ENC_ERR_INVALID_PARAM,
        "pitch " + std::to_string(params->pitch) + " is not a multiple of 4 covering a row");
  auto registration = std::make_unique<Registration>();
  registration->owner = this;
  registration->pointer = static_cast<uint8_t *>(params->resourceToRegister);
  registration->format = params->bufferFormat;
  registration->width = params->width;
  registration->height = params->height;
  registration->pitch = params->pitch;
  params->registeredResource = registration.get();
  registrations_[registration.get()] = std::move(registration);
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::unregister_resource(void *handle) {
  const char *call = "nvEncUnregisterResource";
  const auto found = registrations_.find(handle);
  if (found == registrations_.end())
    return fail(call, NV_ENC_ERR_RESOURCE_NOT_REGISTERED,
                "not a resource registered with this encoder");
  if (found->second->mapped)
    return fail(call, NV_ENC_ERR_INVALID_CALL, "the resource is still mapped");
  registrations_.erase(found);
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::map(NV_ENC_MAP_INPUT_RESOURCE *params) {
  const char *call = "nvEncMapInputResource";
  if (params == nullptr) return NV_ENC_ERR_INVALID_PTR;
  CHECK_VERSION(call, params->version, uint32_t{NV_ENC_MAP_INPUT_RESOURCE_VER});
  CHECK_RESERVED(call, params->reserved1);
  CHECK_RESERVED(call, params->reserved2);
  const auto found = registrations_.find(params->registeredResource);
  if (found == registrations_.end())
    return fail(call, NV_ENC_ERR_RESOURCE_NOT_REGISTERED,
                "not a resource registered with this encoder");
  if (found->second->mapped)
    return fail(call, NV_ENC_ERR_MAP_FAILED, "the resource is already mapped");
  found->second->mapped = true;
  auto mapping = std::make_unique<Mapping>(Mapping{found->second.get()});
  params->mappedResource = mapping.get();
  params->mappedBufferFmt = found->second->format;
  mappings_[mapping.get()] = std::move(mapping);
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::unmap(void *handle) {
  const char *call = "nvEncUnmapInputResource";
  const auto found = mappings_.find(handle);
  if (found == mappings_.end())
    return fail(call, NV_ENC_ERR_RESOURCE_NOT_MAPPED, "not a resource mapped by this encoder");
  found->second->registration->mapped = false;
  mappings_.erase(found);
  return NV_ENC_SUCCESS;
}

const uint8_t *Session::input_pixels(const char *call, void *handle, NV_ENC_BUFFER_FORMAT format,
                                     uint32_t &pitch, uint32_t &height_allocated,
                                     NVENCSTATUS &status) {
  if (const auto input = inputs_.find(handle); input != inputs_.end()) {
    if (input->second->locked) {
      status = fail(call, NV_ENC_ERR_LOCK_BUSY, "the input buffer is still locked");
      return nullptr;
    }
    if (input->second->format != format) {
      status = fail(call, NV_ENC_ERR_INVALID_PARAM,
                    std::string("bufferFmt ") + buffer_format_name(format) + " but the buffer is " +
                        buffer_format_name(input->second->format));
      return nullptr;
    }
    pitch = input->second->pitch;
    height_allocated = input->second->height;
    return input->second->memory.data();
  }
  if (const auto mapping = mappings_.find(handle); mapping != mappings_.end()) {
    const Registration &registration = *mapping->second->registration;
    if (registration.format != format) {
      status = fail(call, NV_ENC_ERR_INVALID_PARAM, "bufferFmt differs from the mapped resource's");
      return nullptr;
    }
    pitch = registration.pitch;
    height_allocated = registration.height;
    return registration.pointer;
  }
  status = registrations_.count(handle) != 0
               ? fail(call, NV_ENC_ERR_RESOURCE_NOT_MAPPED,
                      "inputBuffer is a registration, not a mapped resource")
               : fail(call, NV_ENC_ERR_INVALID_PTR, "inputBuffer is not an input of this encoder");
  return nullptr;
}

NVENCSTATUS Session::encode(const NV_ENC_PIC_PARAMS *params) {
  const char *call = "nvEncEncodePicture";
  if (params == nullptr) return NV_ENC_ERR_INVALID_PTR;
  CHECK_VERSION(call, params->version, uint32_t{NV_ENC_PIC_PARAMS_VER});
  CHECK_RESERVED(call, params->reserved3);
  CHECK_RESERVED(call, params->reserved4);
  if (const NVENCSTATUS status = require_initialised(call); status != NV_ENC_SUCCESS) return status;
  // End of stream: without B-frames nothing is held back, so there is nothing to flush.
  if ((params->encodePicFlags & NV_ENC_PIC_FLAG_EOS) != 0) return NV_ENC_SUCCESS;
  if (faults().encode_error_after >= 0 &&
      frames_ >= static_cast<uint64_t>(faults().encode_error_after)) {
    report("fault encode_error_after frames=" + std::to_string(frames_));
    return fail(call, NV_ENC_ERR_GENERIC, "injected: the encoder hit an error mid-stream", true);
  }
  if (params->pictureStruct != NV_ENC_PIC_STRUCT_FRAME)
    return fail(call, NV_ENC_ERR_UNSUPPORTED_PARAM, "field pictures are not supported", true);
  const auto out = bitstreams_.find(params->outputBitstream);
  if (out == bitstreams_.end())
    return fail(call, NV_ENC_ERR_INVALID_PTR,
                "outputBitstream is not a bitstream buffer of this encoder");
  if (out->second->locked)
    return fail(call, NV_ENC_ERR_LOCK_BUSY, "outputBitstream is still locked");
  // A real client may pass 0 for mapped frames (FFmpeg does): the encode size applies then.
  if ((params->inputWidth != 0 && params->inputWidth != width_) ||
      (params->inputHeight != 0 && params->inputHeight != height_))
    return fail(call, NV_ENC_ERR_INVALID_PARAM,
                "inputWidth/inputHeight differ from the encode size");
  uint32_t pitch = 0, height_allocated = 0;
  NVENCSTATUS status = NV_ENC_SUCCESS;
  const uint8_t *pixels =
      input_pixels(call, params->inputBuffer, params->bufferFmt, pitch, height_allocated, status);
  if (pixels == nullptr) return status;
  const EncoderSettings settings = settings_from(init_params_, config_);
  convert_to_i420(params->bufferFmt, pixels, pitch, height_allocated, settings.width,
                  settings.height, settings.colour, picture_);
  const bool force_idr = (params->encodePicFlags & NV_ENC_PIC_FLAG_FORCEIDR) != 0;
  EncodedPicture encoded;
  try {
    encoded = encoder_->encode(picture_, force_idr || frames_ == 0, static_cast<int64_t>(frames_));
  } catch (const std::exception &error) {
    return fail(call, NV_ENC_ERR_GENERIC, error.what(), true);
  }
  BitstreamBuffer &buffer = *out->second;
  buffer.data = std::move(encoded.bytes);
  buffer.idr = encoded.idr;
  buffer.has_output = true;
  buffer.frame_index = params->frameIdx;
  buffer.timestamp = params->inputTimeStamp;
  ++frames_;
  if (encoded.idr) ++idr_frames_;
  return NV_ENC_SUCCESS;
}

std::string Session::closing_report() const {
  size_t locked = 0;
  for (const auto &[handle, buffer] : inputs_) locked += buffer->locked;
  for (const auto &[handle, buffer] : bitstreams_) locked += buffer->locked;
  return "destroy frames=" + std::to_string(frames_) + " idr=" + std::to_string(idr_frames_) +
         " reconfigurations=" + std::to_string(reconfigurations_) +
         " leaked_inputs=" + std::to_string(inputs_.size()) +
         " leaked_bitstreams=" + std::to_string(bitstreams_.size()) +
         " leaked_registrations=" + std::to_string(registrations_.size()) +
         " still_mapped=" + std::to_string(mappings_.size()) +
         " still_locked=" + std::to_string(locked);
}

}  // namespace pfhost::nvenc_twin
