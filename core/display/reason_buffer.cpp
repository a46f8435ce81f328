#include "display/reason_buffer.h"

#include <cstring>

namespace pfhost {

ReasonBuffer::ReasonBuffer() {
  std::memset(&reason_, 0, sizeof reason_);
  reason_.struct_size = static_cast<uint32_t>(sizeof reason_);
  reason_.capacity = static_cast<uint32_t>(storage_.size());
  reason_.text = storage_.data();
}

std::string ReasonBuffer::text() {
  storage_.back() = '\0';
  return std::string(storage_.data());
}

}  // namespace pfhost
