// The twin's answers about the device: codec, profile, preset and input-format lists, caps, and
// the preset configurations.
#include "encode_session.hpp"
#include "session_checks.hpp"

namespace pfhost::nvenc_twin {
namespace {

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

template <class T, size_t N>
NVENCSTATUS list(const T (&items)[N], T *out, uint32_t size, uint32_t *count) {
  if (out == nullptr || count == nullptr) return NV_ENC_ERR_INVALID_PTR;
  const uint32_t n = std::min<uint32_t>(size, N);
  std::copy_n(items, n, out);
  *count = n;
  return NV_ENC_SUCCESS;
}

}  // namespace

bool known_codec(const GUID &codec) {
  return std::any_of(std::begin(kCodecs), std::end(kCodecs),
                     [&](const GUID &g) { return same(g, codec); });
}
int preset_number(const GUID &preset) {
  for (int i = 0; i < 7; ++i)
    if (same(kPresets[i], preset)) return i + 1;
  return 0;
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

}  // namespace pfhost::nvenc_twin
