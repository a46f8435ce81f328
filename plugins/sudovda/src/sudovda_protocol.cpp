#include "sudovda_protocol.hpp"

#include <atomic>
#include <cstring>

namespace pfhost::sudovda {
namespace {

uint64_t fnv1a(const std::string &text, uint64_t seed) {
  uint64_t hash = seed;
  for (unsigned char c : text) hash = (hash ^ c) * 0x100000001b3ull;
  return hash;
}

uint32_t u32_at(const std::vector<uint8_t> &bytes, size_t offset) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value |= static_cast<uint32_t>(bytes[offset + i]) << (8 * i);
  return value;
}

void put_u32(std::vector<uint8_t> &bytes, uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<uint8_t>(value >> (8 * i)));
}

}  // namespace

std::string Version::text() const {
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(incremental) +
         (test_build ? " test build" : "");
}

MonitorGuid monitor_guid(const std::string &client_id) {
  static std::atomic<uint64_t> counter{0};
  const std::string key = client_id.empty() ? "session:" + std::to_string(GetCurrentProcessId()) +
                                                  ":" + std::to_string(GetTickCount64()) + ":" +
                                                  std::to_string(counter++)
                                            : "client:" + client_id;
  const uint64_t halves[2] = {fnv1a(key, 0xcbf29ce484222325ull), fnv1a(key, 0x84222325cbf29ce4ull)};
  MonitorGuid guid;
  std::memcpy(guid.data(), halves, guid.size());
  guid[7] = static_cast<uint8_t>((guid[7] & 0x0F) | 0x50);  // a name-based GUID (version 5)
  guid[8] = static_cast<uint8_t>((guid[8] & 0x3F) | 0x80);  // RFC 4122 variant
  return guid;
}

std::vector<uint8_t> encode_add(const pfhost_mode &mode, const MonitorGuid &guid) {
  std::vector<uint8_t> bytes;
  put_u32(bytes, mode.width);
  put_u32(bytes, mode.height);
  put_u32(bytes, mode.refresh_millihz);  // 1000 or more: the driver reads millihertz
  bytes.insert(bytes.end(), guid.begin(), guid.end());
  char device_name[14] = "pfhost";
  bytes.insert(bytes.end(), device_name, device_name + sizeof device_name);
  char serial[14] = {0};  // the GUID's first bytes in hex: unique per identity
  for (int i = 0; i < 6; ++i) {
    static const char kHex[] = "0123456789ABCDEF";
    serial[2 * i] = kHex[guid[i] >> 4];
    serial[2 * i + 1] = kHex[guid[i] & 0xF];
  }
  bytes.insert(bytes.end(), serial, serial + sizeof serial);
  return bytes;
}

std::optional<Version> decode_version(const std::vector<uint8_t> &reply) {
  if (reply.size() < 4) return std::nullopt;
  return Version{reply[0], reply[1], reply[2], reply[3] != 0};
}

std::optional<AddReply> decode_add(const std::vector<uint8_t> &reply) {
  if (reply.size() < kAddReplySize) return std::nullopt;
  return AddReply{{u32_at(reply, 0), static_cast<int32_t>(u32_at(reply, 4))}, u32_at(reply, 8), 0};
}

std::optional<uint32_t> decode_watchdog_s(const std::vector<uint8_t> &reply) {
  if (reply.size() < 8) return std::nullopt;
  return u32_at(reply, 0);
}

}  // namespace pfhost::sudovda
