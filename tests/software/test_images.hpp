// Test pictures in every input format the plugin takes: solid colour stripes (for colour and
// channel-order checks) and moving, noisy content (for rate control).
#pragma once

#include <pfhost/capture.h>

#include <cstdint>
#include <vector>

namespace pfhost::software::test {

struct Rgb {
  uint8_t r, g, b;
};

constexpr Rgb kRed{255, 0, 0};
constexpr Rgb kGreen{0, 255, 0};
constexpr Rgb kBlue{0, 0, 255};

// One picture with its planes; frame() hands out a pfhost_frame pointing into it.
struct TestImage {
  uint32_t format = 0;
  uint32_t width = 0;
  uint32_t height = 0;
  uint32_t plane_count = 1;
  std::vector<uint8_t> planes[2];
  uint32_t stride[2] = {};

  pfhost_frame frame(uint64_t sequence, uint64_t timestamp_ns, uint32_t flags = 0);
};

// Vertical stripes of equal width, one per colour, left to right; each row padded by
// `row_padding` bytes of garbage past the pixels (a capturer's stride).
TestImage stripes_image(uint32_t format, uint32_t width, uint32_t height,
                        const std::vector<Rgb> &colours, uint32_t row_padding = 0);

// BGRX content that changes every frame: a scrolling gradient with fresh noise on top, so the
// encoder always has more detail than the bitrate can carry. Reuses `image`'s buffers.
void fill_moving(TestImage &image, uint32_t width, uint32_t height, uint32_t frame_index);

// The capture clock of frame `index` at 30 fps (starting away from zero, as a real clock does).
uint64_t timestamp_of(uint32_t index);

}  // namespace pfhost::software::test
