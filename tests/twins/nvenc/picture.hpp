// The picture the twin's software encoders take (planar YUV 4:2:0, tightly packed), and the
// conversion from every NVENC input layout the twin accepts into it.
#pragma once

#include <ffnvcodec/nvEncodeAPI.h>

#include <cstdint>
#include <vector>

namespace pfhost::nvenc_twin {

struct I420Picture {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> y, u, v;  // strides: width, (width + 1) / 2
};

// How an RGB input becomes YUV: a real encoder converts with the matrix and range the stream
// signals in its VUI (BT.601 limited when it signals nothing).
struct ColourSignal {
  bool bt709 = false;
  bool full_range = false;
};

// Whether the twin takes this buffer format as input (8-bit 4:2:0 and packed 8-bit RGB).
bool supported_input_format(NV_ENC_BUFFER_FORMAT format) noexcept;
const char *buffer_format_name(NV_ENC_BUFFER_FORMAT format) noexcept;
// Bytes of one luma (or packed RGB) row.
uint32_t row_bytes(NV_ENC_BUFFER_FORMAT format, uint32_t width) noexcept;
// Bytes a buffer of this layout needs at `pitch`: chroma planes follow the luma plane the way
// NVENC lays them out (NV12: one interleaved plane at pitch; YV12/IYUV: two at pitch / 2).
size_t buffer_bytes(NV_ENC_BUFFER_FORMAT format, uint32_t pitch, uint32_t height) noexcept;

// Reads `width` x `height` pixels of an input laid out as above into `picture`.
void convert_to_i420(NV_ENC_BUFFER_FORMAT format, const uint8_t *base, uint32_t pitch,
                     uint32_t height_allocated, int width, int height, ColourSignal signal,
                     I420Picture &picture);

}  // namespace pfhost::nvenc_twin
