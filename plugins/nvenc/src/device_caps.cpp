#include "device_caps.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

namespace pfhost::nvenc {
namespace {

bool same(const GUID &a, const GUID &b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

int cap(const NvencSession &session, const GUID &codec, NV_ENC_CAPS which) {
  NV_ENC_CAPS_PARAM param{};
  param.version = NV_ENC_CAPS_PARAM_VER;
  param.capsToQuery = which;
  int value = 0;
  session.check(session.api().nvEncGetEncodeCaps(session.handle(), codec, &param, &value),
                "nvEncGetEncodeCaps");
  return value;
}

CodecCaps codec_caps(const NvencSession &session, const GUID &codec) {
  CodecCaps caps;
  caps.present = true;
  caps.ten_bit = cap(session, codec, NV_ENC_CAPS_SUPPORT_10BIT_ENCODE) != 0;
  caps.yuv444 = cap(session, codec, NV_ENC_CAPS_SUPPORT_YUV444_ENCODE) != 0;
  caps.intra_refresh = cap(session, codec, NV_ENC_CAPS_SUPPORT_INTRA_REFRESH) != 0;
  caps.bitrate_change = cap(session, codec, NV_ENC_CAPS_SUPPORT_DYN_BITRATE_CHANGE) != 0;
  caps.max_width = static_cast<uint32_t>(std::max(0, cap(session, codec, NV_ENC_CAPS_WIDTH_MAX)));
  caps.max_height = static_cast<uint32_t>(std::max(0, cap(session, codec, NV_ENC_CAPS_HEIGHT_MAX)));
  return caps;
}

std::string describe_codec(const char *name, const CodecCaps &caps) {
  std::string text = std::string(name) + " (max " + std::to_string(caps.max_width) + "x" +
                     std::to_string(caps.max_height);
  if (caps.ten_bit) text += ", 10-bit";
  if (caps.yuv444) text += ", 4:4:4";
  return text + ")";
}

}  // namespace

const CodecCaps &DeviceCaps::of(uint32_t codec) const noexcept {
  static const CodecCaps none;
  if (codec == PFHOST_CODEC_H264) return h264;
  if (codec == PFHOST_CODEC_HEVC) return hevc;
  return none;
}

uint32_t DeviceCaps::codec_mask() const noexcept {
  return (h264.present ? 1u << PFHOST_CODEC_H264 : 0u) |
         (hevc.present ? 1u << PFHOST_CODEC_HEVC : 0u);
}

const GUID *codec_guid(uint32_t codec) noexcept {
  if (codec == PFHOST_CODEC_H264) return &NV_ENC_CODEC_H264_GUID;
  if (codec == PFHOST_CODEC_HEVC) return &NV_ENC_CODEC_HEVC_GUID;
  return nullptr;
}

DeviceCaps query_device_caps(const NvencSession &session) {
  uint32_t count = 0;
  session.check(session.api().nvEncGetEncodeGUIDCount(session.handle(), &count),
                "nvEncGetEncodeGUIDCount");
  std::vector<GUID> guids(count);
  session.check(session.api().nvEncGetEncodeGUIDs(session.handle(), guids.data(), count, &count),
                "nvEncGetEncodeGUIDs");
  guids.resize(count);
  DeviceCaps caps;
  for (const GUID &guid : guids) {
    if (same(guid, NV_ENC_CODEC_H264_GUID)) caps.h264 = codec_caps(session, guid);
    if (same(guid, NV_ENC_CODEC_HEVC_GUID)) caps.hevc = codec_caps(session, guid);
  }
  return caps;
}

std::string describe(const DeviceCaps &caps) {
  std::string text;
  if (caps.h264.present) text = describe_codec("H.264", caps.h264);
  if (caps.hevc.present) text += (text.empty() ? "" : ", ") + describe_codec("HEVC", caps.hevc);
  return text.empty() ? "no H.264 or HEVC encoder" : text;
}

}  // namespace pfhost::nvenc
