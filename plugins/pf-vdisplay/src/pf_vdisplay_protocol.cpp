#include "pf_vdisplay_protocol.hpp"

namespace pfhost::pf_vdisplay {
namespace {

void put(std::vector<uint8_t> &bytes, uint64_t value, int size) {
  for (int i = 0; i < size; ++i) bytes.push_back(static_cast<uint8_t>(value >> (8 * i)));
}

uint32_t u32_at(const std::vector<uint8_t> &bytes, size_t offset) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value |= static_cast<uint32_t>(bytes[offset + i]) << (8 * i);
  return value;
}

}  // namespace

uint32_t refresh_hz(const pfhost_mode &mode) {
  uint32_t hz = (mode.refresh_millihz + 500) / 1000;
  return hz == 0 ? 1 : hz;
}

std::vector<uint8_t> encode_add(const AddRequest &request) {
  std::vector<uint8_t> bytes;
  put(bytes, request.session_id, 8);
  put(bytes, request.mode.width, 4);
  put(bytes, request.mode.height, 4);
  put(bytes, refresh_hz(request.mode), 4);
  put(bytes, request.preferred_monitor_id, 4);
  for (int i = 0; i < 4; ++i) put(bytes, 0, 4);  // SDR: no luminance data; software cursor
  return bytes;
}

std::vector<uint8_t> encode_session(uint64_t session_id) {
  std::vector<uint8_t> bytes;
  put(bytes, session_id, 8);
  return bytes;
}

std::vector<uint8_t> encode_update_modes(uint64_t session_id, const pfhost_mode &mode) {
  std::vector<uint8_t> bytes = encode_session(session_id);
  put(bytes, mode.width, 4);
  put(bytes, mode.height, 4);
  put(bytes, refresh_hz(mode), 4);
  put(bytes, 0, 4);
  return bytes;
}

std::vector<uint8_t> encode_luid(pfhost_luid luid) {
  std::vector<uint8_t> bytes;
  put(bytes, luid.low, 4);
  put(bytes, static_cast<uint32_t>(luid.high), 4);
  return bytes;
}

std::optional<DriverInfo> decode_info(const std::vector<uint8_t> &reply) {
  if (reply.size() < 8) return std::nullopt;
  return DriverInfo{u32_at(reply, 0), u32_at(reply, 4)};
}

std::optional<AddReply> decode_add(const std::vector<uint8_t> &reply) {
  if (reply.size() < kAddReplyMinimum) return std::nullopt;
  AddReply add;
  add.adapter.low = u32_at(reply, 0);
  add.adapter.high = static_cast<int32_t>(u32_at(reply, 4));
  add.target_id = u32_at(reply, 8);
  add.monitor_id = u32_at(reply, 12);
  add.driver_pid = u32_at(reply, 16);
  return add;
}

}  // namespace pfhost::pf_vdisplay
