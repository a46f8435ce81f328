#include "bitstream_units.hpp"

namespace pfhost::software::test {
namespace {

// H.264 / HEVC Annex-B: units start after 00 00 01 (a 4-byte start code ends the same way).
std::set<int> nal_types(bool hevc, const std::vector<uint8_t> &data) {
  std::set<int> types;
  for (size_t i = 0; i + 3 < data.size(); ++i) {
    if (data[i] != 0 || data[i + 1] != 0 || data[i + 2] != 1) continue;
    const uint8_t header = data[i + 3];
    types.insert(hevc ? (header >> 1) & 0x3f : header & 0x1f);
    i += 2;
  }
  return types;
}

// AV1 low-overhead bitstream format: OBU header, optional extension byte, leb128 size.
std::set<int> obu_types(const std::vector<uint8_t> &data) {
  std::set<int> types;
  size_t i = 0;
  while (i < data.size()) {
    const uint8_t header = data[i++];
    types.insert((header >> 3) & 0x0f);
    if ((header & 0x04) != 0) ++i;    // extension
    if ((header & 0x02) == 0) break;  // no size field: the OBU runs to the end
    uint64_t size = 0;
    for (int shift = 0; i < data.size(); shift += 7) {
      const uint8_t byte = data[i++];
      size |= uint64_t{byte & 0x7fu} << shift;
      if ((byte & 0x80) == 0) break;
    }
    i += size;
  }
  return types;
}

}  // namespace

std::set<int> unit_types(pfhost_codec codec, const std::vector<uint8_t> &packet) {
  switch (codec) {
    case PFHOST_CODEC_H264:
      return nal_types(false, packet);
    case PFHOST_CODEC_HEVC:
      return nal_types(true, packet);
    case PFHOST_CODEC_AV1:
      return obu_types(packet);
    default:
      return {};
  }
}

bool is_self_contained_keyframe(pfhost_codec codec, const std::vector<uint8_t> &packet) {
  const std::set<int> types = unit_types(codec, packet);
  const auto has = [&](int type) { return types.count(type) != 0; };
  switch (codec) {
    case PFHOST_CODEC_H264:  // SPS, PPS, IDR slice
      return has(7) && has(8) && has(5);
    case PFHOST_CODEC_HEVC:  // VPS, SPS, PPS, IDR_W_RADL or IDR_N_LP
      return has(32) && has(33) && has(34) && (has(19) || has(20));
    case PFHOST_CODEC_AV1:  // sequence header + a frame (the decoder confirms it is a key frame)
      return has(1) && (has(6) || has(3));
    default:
      return false;
  }
}

}  // namespace pfhost::software::test
