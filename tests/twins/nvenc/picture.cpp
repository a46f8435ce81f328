#include "picture.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace pfhost::nvenc_twin {
namespace {

uint8_t clamp_byte(double value) {
  return static_cast<uint8_t>(std::clamp(std::lround(value), 0L, 255L));
}

struct Matrix {
  double kr, kb;
};

// One RGB pixel to Y'CbCr with the signalled matrix and range.
void rgb_to_yuv(uint8_t r, uint8_t g, uint8_t b, ColourSignal signal, uint8_t &y, double &cb,
                double &cr) {
  const Matrix m = signal.bt709 ? Matrix{0.2126, 0.0722} : Matrix{0.299, 0.114};
  const double kg = 1.0 - m.kr - m.kb;
  const double luma = (m.kr * r + kg * g + m.kb * b) / 255.0;
  const double pb = (b / 255.0 - luma) / (2.0 * (1.0 - m.kb));
  const double pr = (r / 255.0 - luma) / (2.0 * (1.0 - m.kr));
  if (signal.full_range) {
    y = clamp_byte(luma * 255.0);
    cb = 128.0 + pb * 255.0;
    cr = 128.0 + pr * 255.0;
  } else {
    y = clamp_byte(16.0 + luma * 219.0);
    cb = 128.0 + pb * 224.0;
    cr = 128.0 + pr * 224.0;
  }
}

// Packed RGB in memory order B,G,R,A (NVENC's ARGB, a little-endian word) or R,G,B,A (ABGR).
void convert_rgb(const uint8_t *base, uint32_t pitch, int red, int blue, int width, int height,
                 ColourSignal signal, I420Picture &picture) {
  const int chroma_width = (width + 1) / 2;
  std::vector<double> cb_sum(static_cast<size_t>(chroma_width) * ((height + 1) / 2));
  std::vector<double> cr_sum(cb_sum.size());
  std::vector<int> count(cb_sum.size());
  for (int row = 0; row < height; ++row) {
    const uint8_t *line = base + static_cast<size_t>(row) * pitch;
    for (int x = 0; x < width; ++x) {
      const uint8_t *pixel = line + 4 * x;
      double cb = 0, cr = 0;
      rgb_to_yuv(pixel[red], pixel[1], pixel[blue], signal,
                 picture.y[static_cast<size_t>(row) * width + x], cb, cr);
      const size_t at = static_cast<size_t>(row / 2) * chroma_width + x / 2;
      cb_sum[at] += cb;
      cr_sum[at] += cr;
      ++count[at];
    }
  }
  for (size_t i = 0; i < cb_sum.size(); ++i) {
    picture.u[i] = clamp_byte(cb_sum[i] / std::max(count[i], 1));
    picture.v[i] = clamp_byte(cr_sum[i] / std::max(count[i], 1));
  }
}

}  // namespace

bool supported_input_format(NV_ENC_BUFFER_FORMAT format) noexcept {
  switch (format) {
    case NV_ENC_BUFFER_FORMAT_NV12:
    case NV_ENC_BUFFER_FORMAT_YV12:
    case NV_ENC_BUFFER_FORMAT_IYUV:
    case NV_ENC_BUFFER_FORMAT_ARGB:
    case NV_ENC_BUFFER_FORMAT_ABGR:
      return true;
    default:
      return false;
  }
}

const char *buffer_format_name(NV_ENC_BUFFER_FORMAT format) noexcept {
  switch (format) {
    case NV_ENC_BUFFER_FORMAT_NV12:
      return "NV12";
    case NV_ENC_BUFFER_FORMAT_YV12:
      return "YV12";
    case NV_ENC_BUFFER_FORMAT_IYUV:
      return "IYUV";
    case NV_ENC_BUFFER_FORMAT_YUV444:
      return "YUV444";
    case NV_ENC_BUFFER_FORMAT_YUV420_10BIT:
      return "YUV420_10BIT";
    case NV_ENC_BUFFER_FORMAT_ARGB:
      return "ARGB";
    case NV_ENC_BUFFER_FORMAT_ABGR:
      return "ABGR";
    default:
      return "unsupported";
  }
}

uint32_t row_bytes(NV_ENC_BUFFER_FORMAT format, uint32_t width) noexcept {
  return format == NV_ENC_BUFFER_FORMAT_ARGB || format == NV_ENC_BUFFER_FORMAT_ABGR ? width * 4
                                                                                    : width;
}

size_t buffer_bytes(NV_ENC_BUFFER_FORMAT format, uint32_t pitch, uint32_t height) noexcept {
  const size_t luma = static_cast<size_t>(pitch) * height;
  if (format == NV_ENC_BUFFER_FORMAT_ARGB || format == NV_ENC_BUFFER_FORMAT_ABGR) return luma;
  const size_t chroma_rows = (height + 1) / 2;
  if (format == NV_ENC_BUFFER_FORMAT_NV12) return luma + pitch * chroma_rows;
  return luma + 2 * (pitch / 2) * chroma_rows;
}

void convert_to_i420(NV_ENC_BUFFER_FORMAT format, const uint8_t *base, uint32_t pitch,
                     uint32_t height_allocated, int width, int height, ColourSignal signal,
                     I420Picture &picture) {
  const int chroma_width = (width + 1) / 2;
  const int chroma_height = (height + 1) / 2;
  picture.width = width;
  picture.height = height;
  picture.y.resize(static_cast<size_t>(width) * height);
  picture.u.resize(static_cast<size_t>(chroma_width) * chroma_height);
  picture.v.resize(picture.u.size());
  if (format == NV_ENC_BUFFER_FORMAT_ARGB)
    return convert_rgb(base, pitch, 2, 0, width, height, signal, picture);
  if (format == NV_ENC_BUFFER_FORMAT_ABGR)
    return convert_rgb(base, pitch, 0, 2, width, height, signal, picture);

  for (int row = 0; row < height; ++row)
    std::copy_n(base + static_cast<size_t>(row) * pitch, width,
                picture.y.begin() + static_cast<std::ptrdiff_t>(row) * width);
  const uint8_t *chroma = base + static_cast<size_t>(pitch) * height_allocated;
  if (format == NV_ENC_BUFFER_FORMAT_NV12) {
    for (int row = 0; row < chroma_height; ++row) {
      const uint8_t *line = chroma + static_cast<size_t>(row) * pitch;
      for (int x = 0; x < chroma_width; ++x) {
        picture.u[static_cast<size_t>(row) * chroma_width + x] = line[2 * x];
        picture.v[static_cast<size_t>(row) * chroma_width + x] = line[2 * x + 1];
      }
    }
    return;
  }
  // Planar: IYUV is Y,U,V and YV12 is Y,V,U, each chroma plane at half the luma pitch.
  const uint32_t chroma_pitch = pitch / 2;
  const uint8_t *first = chroma;
  const uint8_t *second = chroma + static_cast<size_t>(chroma_pitch) * ((height_allocated + 1) / 2);
  const uint8_t *u = format == NV_ENC_BUFFER_FORMAT_IYUV ? first : second;
  const uint8_t *v = format == NV_ENC_BUFFER_FORMAT_IYUV ? second : first;
  for (int row = 0; row < chroma_height; ++row) {
    std::copy_n(u + static_cast<size_t>(row) * chroma_pitch, chroma_width,
                picture.u.begin() + static_cast<std::ptrdiff_t>(row) * chroma_width);
    std::copy_n(v + static_cast<size_t>(row) * chroma_pitch, chroma_width,
                picture.v.begin() + static_cast<std::ptrdiff_t>(row) * chroma_width);
  }
}

}  // namespace pfhost::nvenc_twin
