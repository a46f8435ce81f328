#include "test_images.hpp"

#include <algorithm>
#include <cmath>

namespace pfhost::software::test {
namespace {

constexpr uint8_t kGarbage = 0x5a;  // X bytes and stride padding: must never show up

uint8_t clamp_byte(double value) {
  return static_cast<uint8_t>(std::clamp(std::lround(value), 0l, 255l));
}

// BT.709 limited range, as the plugin signals; NV12 input is taken as already in that space.
void to_yuv(Rgb rgb, uint8_t &y, uint8_t &u, uint8_t &v) {
  const double r = rgb.r / 255.0, g = rgb.g / 255.0, b = rgb.b / 255.0;
  const double luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  y = clamp_byte(16 + 219 * luma);
  u = clamp_byte(128 + 224 * (b - luma) / 1.8556);
  v = clamp_byte(128 + 224 * (r - luma) / 1.5748);
}

void put_pixel(uint32_t format, uint8_t *p, Rgb c) {
  switch (format) {
    case PFHOST_PIXEL_FORMAT_BGRX:
      p[0] = c.b, p[1] = c.g, p[2] = c.r, p[3] = kGarbage;
      break;
    case PFHOST_PIXEL_FORMAT_RGBX:
      p[0] = c.r, p[1] = c.g, p[2] = c.b, p[3] = kGarbage;
      break;
    case PFHOST_PIXEL_FORMAT_BGRA:
      p[0] = c.b, p[1] = c.g, p[2] = c.r, p[3] = 255;
      break;
    case PFHOST_PIXEL_FORMAT_RGBA:
      p[0] = c.r, p[1] = c.g, p[2] = c.b, p[3] = 255;
      break;
    case PFHOST_PIXEL_FORMAT_RGB:
      p[0] = c.r, p[1] = c.g, p[2] = c.b;
      break;
    case PFHOST_PIXEL_FORMAT_BGR:
      p[0] = c.b, p[1] = c.g, p[2] = c.r;
      break;
    default:
      break;
  }
}

uint32_t bytes_per_pixel(uint32_t format) {
  return format == PFHOST_PIXEL_FORMAT_RGB || format == PFHOST_PIXEL_FORMAT_BGR ? 3 : 4;
}

}  // namespace

pfhost_frame TestImage::frame(uint64_t sequence, uint64_t timestamp_ns, uint32_t flags) {
  pfhost_frame frame{};
  frame.struct_size = sizeof frame;
  frame.memory = PFHOST_MEMORY_CPU;
  frame.pixel_format = format;
  frame.width = width;
  frame.height = height;
  frame.plane_count = plane_count;
  frame.flags = flags;
  frame.timestamp_ns = timestamp_ns;
  frame.sequence = sequence;
  for (uint32_t plane = 0; plane < plane_count; ++plane) {
    frame.u.cpu.data[plane] = planes[plane].data();
    frame.u.cpu.stride[plane] = stride[plane];
  }
  return frame;
}

TestImage stripes_image(uint32_t format, uint32_t width, uint32_t height,
                        const std::vector<Rgb> &colours, uint32_t row_padding) {
  TestImage image;
  image.format = format;
  image.width = width;
  image.height = height;
  const auto colour_at = [&](uint32_t x) { return colours[x * colours.size() / width]; };
  if (format == PFHOST_PIXEL_FORMAT_NV12) {
    image.plane_count = 2;
    image.stride[0] = image.stride[1] = width + row_padding;
    image.planes[0].assign(size_t{image.stride[0]} * height, kGarbage);
    image.planes[1].assign(size_t{image.stride[1]} * (height / 2), kGarbage);
    for (uint32_t y = 0; y < height; ++y)
      for (uint32_t x = 0; x < width; ++x) {
        uint8_t luma, u, v;
        to_yuv(colour_at(x), luma, u, v);
        image.planes[0][y * image.stride[0] + x] = luma;
        if (y % 2 == 0 && x % 2 == 0) {
          uint8_t *uv = &image.planes[1][(y / 2) * image.stride[1] + x];
          uv[0] = u, uv[1] = v;
        }
      }
    return image;
  }
  const uint32_t bpp = bytes_per_pixel(format);
  image.stride[0] = width * bpp + row_padding;
  image.planes[0].assign(size_t{image.stride[0]} * height, kGarbage);
  for (uint32_t y = 0; y < height; ++y)
    for (uint32_t x = 0; x < width; ++x)
      put_pixel(format, &image.planes[0][y * image.stride[0] + x * bpp], colour_at(x));
  return image;
}

void fill_moving(TestImage &image, uint32_t width, uint32_t height, uint32_t frame_index) {
  image.format = PFHOST_PIXEL_FORMAT_BGRX;
  image.width = width;
  image.height = height;
  image.plane_count = 1;
  image.stride[0] = width * 4;
  image.planes[0].resize(size_t{image.stride[0]} * height);
  uint32_t state = 0x9e3779b9u ^ (frame_index * 0x85ebca6bu);
  for (uint32_t y = 0; y < height; ++y) {
    uint8_t *row = &image.planes[0][y * image.stride[0]];
    for (uint32_t x = 0; x < width; ++x) {
      state ^= state << 13, state ^= state >> 17, state ^= state << 5;  // xorshift32
      const int noise = static_cast<int>(state & 63) - 32;
      const uint32_t sx = x + frame_index * 7, sy = y + frame_index * 3;
      const int blue = static_cast<int>((sx ^ sy) & 0xff);
      const int green = static_cast<int>((sx * 2) & 0xff);
      const int red = static_cast<int>((sy * 3) & 0xff);
      row[x * 4 + 0] = static_cast<uint8_t>(std::clamp(blue + noise, 0, 255));
      row[x * 4 + 1] = static_cast<uint8_t>(std::clamp(green + noise, 0, 255));
      row[x * 4 + 2] = static_cast<uint8_t>(std::clamp(red - noise, 0, 255));
      row[x * 4 + 3] = 0;
    }
  }
}

uint64_t timestamp_of(uint32_t index) {
  return 5'000'000'000ull + uint64_t{index} * 1'000'000'000ull / 30;
}

}  // namespace pfhost::software::test
