// The twin's encoder: slice data made only of I_PCM macroblocks (H.264 7.3.5), appended to the
// slice header FFmpeg packed. I_PCM carries the samples verbatim, so a decoder reproduces the
// input surface bit for bit, which is what lets the tests compare decoded pixels exactly. CAVLC
// syntax only (entropy_coding_mode_flag = 0).
#pragma once

#include <cstdint>
#include <vector>

#include "h264_bits.hpp"

namespace vatwin {

// An NV12 picture in memory, as the surface the picture was begun on holds it.
struct Nv12View {
  const uint8_t *luma;
  uint32_t luma_pitch;
  const uint8_t *chroma;  // interleaved Cb Cr
  uint32_t chroma_pitch;
  uint32_t width;
  uint32_t height;
};

// What the start of a slice header says; the twin checks it against VA's slice parameters.
struct SliceHeaderStart {
  uint32_t first_mb = 0;
  uint32_t slice_type = 0;  // 0..9 as coded; % 5 gives P=0, B=1, I=2
};
SliceHeaderStart read_slice_header_start(const NalUnit &slice_header);

// What the start of a sequence parameter set says (up to the picture size).
struct SequenceStart {
  uint32_t profile_idc = 0;
  uint32_t level_idc = 0;
  uint32_t width_in_mbs = 0;
  uint32_t height_in_map_units = 0;
};
// Throws std::out_of_range or std::invalid_argument for an SPS the twin cannot read.
SequenceStart read_sequence_start(const NalUnit &sps);

// One coded slice NAL: the header's bits, then `mb_count` I_PCM macroblocks from `first_mb` on
// (samples outside the picture repeat its last row/column, as a 16-aligned surface would hold).
std::vector<uint8_t> write_pcm_slice(const NalUnit &slice_header, uint32_t slice_type,
                                     uint32_t first_mb, uint32_t mb_count, uint32_t width_in_mbs,
                                     const Nv12View &picture);

}  // namespace vatwin
