#include "h264_bits.hpp"

#include <stdexcept>

namespace vatwin {

void BitWriter::bits(uint32_t value, int count) {
  for (int i = count - 1; i >= 0; --i) {
    if (free_bits_ == 0) {
      bytes_.push_back(0);
      free_bits_ = 8;
    }
    --free_bits_;
    if ((value >> i) & 1u) bytes_.back() |= static_cast<uint8_t>(1u << free_bits_);
  }
}

void BitWriter::ue(uint32_t value) {
  const uint64_t coded = uint64_t{value} + 1;
  int length = 0;
  while ((coded >> length) > 1) ++length;
  bits(0, length);
  bits(static_cast<uint32_t>(coded), length + 1);
}

void BitWriter::align_zero() {
  free_bits_ = 0;
}

void BitWriter::trailing() {
  bits(1, 1);
  align_zero();
}

void BitWriter::bytes(const uint8_t *data, size_t count) {
  if (free_bits_ != 0) throw std::logic_error("BitWriter::bytes off a byte boundary");
  bytes_.insert(bytes_.end(), data, data + count);
}

uint32_t BitReader::bits(int count) {
  uint32_t value = 0;
  for (int i = 0; i < count; ++i, ++position_) {
    if (position_ >= bit_count_) throw std::out_of_range("read past the end of the header");
    value = (value << 1) | ((data_[position_ / 8] >> (7 - position_ % 8)) & 1u);
  }
  return value;
}

uint32_t BitReader::ue() {
  int zeros = 0;
  while (bits(1) == 0) {
    if (++zeros > 31) throw std::out_of_range("Exp-Golomb code longer than 32 bits");
  }
  return ((1u << zeros) - 1) + (zeros > 0 ? bits(zeros) : 0);
}

NalUnit parse_nal(const uint8_t *data, size_t bit_count) {
  const size_t size = (bit_count + 7) / 8;
  size_t start = 0;
  while (start + 2 < size && !(data[start] == 0 && data[start + 1] == 0 && data[start + 2] == 1))
    ++start;
  if (start + 3 >= size) throw std::invalid_argument("no Annex-B start code in the packed header");
  NalUnit nal;
  nal.header = data[start + 3];
  size_t removed = 0;
  int zeros = 0;
  for (size_t i = start + 4; i < size; ++i) {
    if (zeros >= 2 && data[i] == 3) {  // emulation prevention byte
      zeros = 0;
      ++removed;
      continue;
    }
    zeros = data[i] == 0 ? zeros + 1 : 0;
    nal.rbsp.push_back(data[i]);
  }
  nal.bit_count = bit_count - (start + 4) * 8 - removed * 8;
  return nal;
}

std::vector<uint8_t> write_nal(uint8_t header, const std::vector<uint8_t> &rbsp) {
  std::vector<uint8_t> out = {0, 0, 0, 1, header};
  int zeros = 0;
  for (const uint8_t byte : rbsp) {
    if (zeros >= 2 && byte <= 3) {
      out.push_back(3);
      zeros = 0;
    }
    out.push_back(byte);
    zeros = byte == 0 ? zeros + 1 : 0;
  }
  return out;
}

}  // namespace vatwin
