// The bytes SyntheticVideoSource writes into frame n in its dma-buf mode, defined once for the
// producer and the tests that check them: the frame number (64-bit little-endian) in the first 8
// bytes of row 0, every other byte of a row a ramp that shifts with n, so that a picture from
// another frame, a torn one or one read with the wrong stride shows up byte for byte.
// Header-only, no dependencies.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace pfhost::test::frame_number_pattern {

inline constexpr size_t kNumberBytes = sizeof(uint64_t);

constexpr uint8_t byte_at(uint64_t n, uint32_t x_byte, uint32_t y) {
  return static_cast<uint8_t>(x_byte * 7u + y * 13u + n * 31u);
}

// Writes row y of frame n (row_bytes of picture, no padding).
inline void fill_row(uint64_t n, uint32_t y, uint8_t *row, uint32_t row_bytes) {
  uint32_t x = 0;
  if (y == 0 && row_bytes >= kNumberBytes) {
    std::memcpy(row, &n, kNumberBytes);
    x = kNumberBytes;
  }
  for (; x < row_bytes; ++x) row[x] = byte_at(n, x, y);
}

// The frame number a picture carries.
inline uint64_t frame_number(const uint8_t *picture) {
  uint64_t n = 0;
  std::memcpy(&n, picture, kNumberBytes);
  return n;
}

// Bytes of the picture (rows of row_bytes, `stride` apart) that differ from frame n's pattern.
inline size_t mismatches(uint64_t n, const uint8_t *picture, size_t stride, uint32_t row_bytes,
                         uint32_t rows) {
  size_t bad = frame_number(picture) == n ? 0 : kNumberBytes;
  for (uint32_t y = 0; y < rows; ++y) {
    const uint8_t *row = picture + y * stride;
    for (uint32_t x = y == 0 ? kNumberBytes : 0; x < row_bytes; ++x)
      if (row[x] != byte_at(n, x, y)) ++bad;
  }
  return bad;
}

}  // namespace pfhost::test::frame_number_pattern
