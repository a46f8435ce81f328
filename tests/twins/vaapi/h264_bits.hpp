// Bit-level reading and writing of H.264 RBSP data (ITU-T H.264 7.2 and 9.1): what the twin needs
// to read FFmpeg's packed headers and to append its own slice data after a slice header that ends
// mid-byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace vatwin {

class BitWriter {
 public:
  void bits(uint32_t value, int count);  // most significant bit first, count <= 32
  void ue(uint32_t value);               // unsigned Exp-Golomb
  void align_zero();                     // zero bits up to the next byte boundary
  void trailing();                       // rbsp_trailing_bits: a one, then zeros to the boundary
  void bytes(const uint8_t *data, size_t count);  // on a byte boundary
  size_t bit_count() const noexcept { return bytes_.size() * 8 - free_bits_; }
  const std::vector<uint8_t> &data() const noexcept { return bytes_; }

 private:
  std::vector<uint8_t> bytes_;
  int free_bits_ = 0;  // unused low bits of the last byte
};

class BitReader {
 public:
  BitReader(const uint8_t *data, size_t bit_count) : data_(data), bit_count_(bit_count) {}
  uint32_t bits(int count);  // throws std::out_of_range past the end
  uint32_t ue();
  size_t position() const noexcept { return position_; }

 private:
  const uint8_t *data_;
  size_t bit_count_;
  size_t position_ = 0;
};

// A NAL unit split into its parts: the header byte and the RBSP with emulation prevention bytes
// removed. `bit_count` is the RBSP's length in bits (a packed slice header ends mid-byte).
struct NalUnit {
  uint8_t header = 0;
  std::vector<uint8_t> rbsp;
  size_t bit_count = 0;
};

// Parses one Annex-B NAL unit (start code, header byte, escaped payload) of `bit_count` bits.
// Throws std::invalid_argument when there is no start code.
NalUnit parse_nal(const uint8_t *data, size_t bit_count);

// Start code + header + RBSP with emulation prevention bytes inserted (7.4.1).
std::vector<uint8_t> write_nal(uint8_t header, const std::vector<uint8_t> &rbsp);

}  // namespace vatwin
