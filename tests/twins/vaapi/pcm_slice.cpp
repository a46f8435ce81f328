#include "pcm_slice.hpp"

#include <algorithm>
#include <stdexcept>

namespace vatwin {
namespace {

constexpr uint32_t kSliceP = 0, kSliceB = 1;

// mb_type of I_PCM: 25 in I slices, offset by the inter types in P (5) and B (23) slices (7.4.5).
uint32_t pcm_mb_type(uint32_t slice_type) {
  switch (slice_type % 5) {
    case kSliceP:
      return 5 + 25;
    case kSliceB:
      return 23 + 25;
    default:
      return 25;
  }
}

uint8_t sample(const uint8_t *plane, uint32_t pitch, uint32_t x, uint32_t y, uint32_t width,
               uint32_t height, uint32_t step, uint32_t offset) {
  x = std::min(x, width - 1);
  y = std::min(y, height - 1);
  return plane[size_t{y} * pitch + size_t{x} * step + offset];
}

void write_macroblock(BitWriter &out, uint32_t slice_type, uint32_t mb_x, uint32_t mb_y,
                      const Nv12View &picture) {
  if (slice_type % 5 != 2) out.ue(0);  // mb_skip_run: nothing skipped
  out.ue(pcm_mb_type(slice_type));
  out.align_zero();  // pcm_alignment_zero_bit
  uint8_t samples[256 + 64 + 64];
  size_t n = 0;
  for (uint32_t y = 0; y < 16; ++y)
    for (uint32_t x = 0; x < 16; ++x)
      samples[n++] = sample(picture.luma, picture.luma_pitch, mb_x * 16 + x, mb_y * 16 + y,
                            picture.width, picture.height, 1, 0);
  const uint32_t chroma_width = (picture.width + 1) / 2, chroma_height = (picture.height + 1) / 2;
  for (uint32_t component = 0; component < 2; ++component)
    for (uint32_t y = 0; y < 8; ++y)
      for (uint32_t x = 0; x < 8; ++x)
        samples[n++] = sample(picture.chroma, picture.chroma_pitch, mb_x * 8 + x, mb_y * 8 + y,
                              chroma_width, chroma_height, 2, component);
  out.bytes(samples, n);
}

}  // namespace

SliceHeaderStart read_slice_header_start(const NalUnit &slice_header) {
  BitReader in(slice_header.rbsp.data(), slice_header.bit_count);
  SliceHeaderStart start;
  start.first_mb = in.ue();
  start.slice_type = in.ue();
  return start;
}

SequenceStart read_sequence_start(const NalUnit &sps) {
  BitReader in(sps.rbsp.data(), sps.bit_count);
  SequenceStart start;
  start.profile_idc = in.bits(8);
  in.bits(8);  // constraint flags
  start.level_idc = in.bits(8);
  in.ue();  // seq_parameter_set_id
  static constexpr uint32_t kHighProfiles[] = {100, 110, 122, 244, 44,  83, 86,
                                               118, 128, 138, 139, 134, 135};
  if (std::find(std::begin(kHighProfiles), std::end(kHighProfiles), start.profile_idc) !=
      std::end(kHighProfiles)) {
    if (in.ue() == 3) in.bits(1);  // chroma_format_idc, separate_colour_plane_flag
    in.ue();                       // bit_depth_luma_minus8
    in.ue();                       // bit_depth_chroma_minus8
    in.bits(1);                    // qpprime_y_zero_transform_bypass_flag
    if (in.bits(1) != 0) throw std::invalid_argument("SPS with scaling matrices");
  }
  in.ue();  // log2_max_frame_num_minus4
  const uint32_t poc_type = in.ue();
  if (poc_type == 0) {
    in.ue();  // log2_max_pic_order_cnt_lsb_minus4
  } else if (poc_type == 1) {
    throw std::invalid_argument("SPS with pic_order_cnt_type 1");
  }
  in.ue();     // max_num_ref_frames
  in.bits(1);  // gaps_in_frame_num_value_allowed_flag
  start.width_in_mbs = in.ue() + 1;
  start.height_in_map_units = in.ue() + 1;
  return start;
}

std::vector<uint8_t> write_pcm_slice(const NalUnit &slice_header, uint32_t slice_type,
                                     uint32_t first_mb, uint32_t mb_count, uint32_t width_in_mbs,
                                     const Nv12View &picture) {
  BitWriter out;
  BitReader header(slice_header.rbsp.data(), slice_header.bit_count);
  for (size_t i = 0; i < slice_header.bit_count; ++i) out.bits(header.bits(1), 1);
  for (uint32_t mb = first_mb; mb < first_mb + mb_count; ++mb)
    write_macroblock(out, slice_type, mb % width_in_mbs, mb / width_in_mbs, picture);
  out.trailing();
  return write_nal(slice_header.header, out.data());
}

}  // namespace vatwin
