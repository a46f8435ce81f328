// The moving picture the IDD-push driver twin publishes, and how a test reads it back: four
// quadrant colours, a white bar 16 px wide at x = (16 * frame) mod width, and the frame counter
// in the top-left and bottom-right 8x8 blocks (B = low byte, G = high byte, R = 0x80). Two
// different counters in one picture mean a torn frame; a counter that does not grow, a stale one.
// Written in BGRA8 (SDR rings) or RGBA16F (HDR rings, each channel value/255 as a half float).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace pfhost::test {

struct Rgb {
  uint8_t r, g, b;
  bool operator==(const Rgb &) const = default;
};

inline constexpr uint32_t kBarWidth = 16;
inline constexpr uint32_t kCounterBlock = 8;
inline constexpr Rgb kQuadrants[4] = {
    {200, 30, 30}, {30, 200, 30}, {30, 30, 200}, {200, 200, 30}};  // TL, TR, BL, BR
inline constexpr Rgb kBar = {255, 255, 255};

inline uint32_t bar_x(uint32_t frame, uint32_t width) {
  return (frame * kBarWidth) % width;
}

inline Rgb pattern_pixel(uint32_t frame, uint32_t x, uint32_t y, uint32_t width, uint32_t height) {
  const bool top_left = x < kCounterBlock && y < kCounterBlock;
  const bool bottom_right = x >= width - kCounterBlock && y >= height - kCounterBlock;
  if (top_left || bottom_right) {
    return {0x80, static_cast<uint8_t>(frame >> 8), static_cast<uint8_t>(frame)};
  }
  const uint32_t bar = bar_x(frame, width);
  if (x >= bar && x < bar + kBarWidth) return kBar;
  return kQuadrants[(y >= height / 2 ? 2 : 0) + (x >= width / 2 ? 1 : 0)];
}

// IEEE half of a value in [0, 1] (normal numbers and zero: all the pattern needs).
inline uint16_t to_half(float value) {
  if (value <= 0.0f) return 0;
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  const int32_t exponent = static_cast<int32_t>((bits >> 23) & 0xFF) - 127 + 15;
  const uint32_t mantissa = (bits >> 13) & 0x3FF;
  return static_cast<uint16_t>((static_cast<uint32_t>(exponent) << 10) | mantissa);
}

inline float from_half(uint16_t half) {
  const uint32_t exponent = (half >> 10) & 0x1F, mantissa = half & 0x3FF;
  if (exponent == 0) return 0.0f;
  return std::ldexp(1.0f + static_cast<float>(mantissa) / 1024.0f, static_cast<int>(exponent) - 15);
}

// One frame of the pattern, rows tightly packed; bytes_per_pixel 4 (BGRA8) or 8 (RGBA16F).
inline std::vector<uint8_t> pattern_frame(uint32_t frame, uint32_t width, uint32_t height,
                                          uint32_t bytes_per_pixel) {
  std::vector<uint8_t> pixels(size_t{width} * height * bytes_per_pixel);
  for (uint32_t y = 0; y < height; ++y) {
    for (uint32_t x = 0; x < width; ++x) {
      const Rgb c = pattern_pixel(frame, x, y, width, height);
      uint8_t *p = pixels.data() + (size_t{y} * width + x) * bytes_per_pixel;
      if (bytes_per_pixel == 4) {
        p[0] = c.b, p[1] = c.g, p[2] = c.r, p[3] = 255;
      } else {
        const uint16_t halves[4] = {to_half(c.r / 255.0f), to_half(c.g / 255.0f),
                                    to_half(c.b / 255.0f), to_half(1.0f)};
        std::memcpy(p, halves, sizeof halves);
      }
    }
  }
  return pixels;
}

// The colour at (x, y) of a captured BGRX (4 bytes) or RGBA16F (8 bytes) picture.
inline Rgb read_pixel(const uint8_t *pixels, uint32_t stride, uint32_t bytes_per_pixel, uint32_t x,
                      uint32_t y) {
  const uint8_t *p = pixels + size_t{y} * stride + size_t{x} * bytes_per_pixel;
  if (bytes_per_pixel == 4) return {p[2], p[1], p[0]};
  uint16_t halves[4];
  std::memcpy(halves, p, sizeof halves);
  auto byte = [](uint16_t h) { return static_cast<uint8_t>(std::lround(from_half(h) * 255.0f)); };
  return {byte(halves[0]), byte(halves[1]), byte(halves[2])};
}

// The counter a corner block carries.
inline uint32_t counter_of(const Rgb &block) {
  return (uint32_t{block.g} << 8) | block.b;
}

}  // namespace pfhost::test
