// SudoVDA's control protocol (0.2.x, the layouts of its public sudovda-ioctl.h): IOCTL function
// codes, request/reply encoding and the version rule. Encoding only; no I/O.
#pragma once

#include <windows.h>

#include <pfhost/abi.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pfhost::sudovda {

// {E5BCC234-1E0C-418A-A0D4-EF8B7501414D}
inline constexpr GUID kInterfaceGuid = {
    0xE5BCC234, 0x1E0C, 0x418A, {0xA0, 0xD4, 0xEF, 0x8B, 0x75, 0x01, 0x41, 0x4D}};

enum Function : uint32_t {
  kAdd = 0x800,
  kRemove = 0x801,
  kSetRenderAdapter = 0x802,
  kGetWatchdog = 0x803,
  kPing = 0x888,
  kGetProtocolVersion = 0x8FF,
};

// The protocol this host speaks: a driver is compatible when its major is equal and its minor
// at least this one.
inline constexpr uint8_t kMajor = 0;
inline constexpr uint8_t kMinor = 2;
inline constexpr uint32_t kAddReplySize = 12;

using MonitorGuid = std::array<uint8_t, 16>;

struct Version {
  uint8_t major = 0, minor = 0, incremental = 0;
  bool test_build = false;
  std::string text() const;  // "0.2.1" (+ " test build")
};

struct AddReply {
  pfhost_luid adapter{};
  uint32_t target_id = 0;
  uint32_t driver_pid = 0;  // SudoVDA has no frame push: no driver process to hand handles to
};

// The same client id always gives the same GUID (so Windows keeps the monitor's settings); an
// empty one gives a GUID unique to this process and call.
MonitorGuid monitor_guid(const std::string &client_id);

std::vector<uint8_t> encode_add(const pfhost_mode &mode, const MonitorGuid &guid);
std::optional<Version> decode_version(const std::vector<uint8_t> &reply);
std::optional<AddReply> decode_add(const std::vector<uint8_t> &reply);
std::optional<uint32_t> decode_watchdog_s(const std::vector<uint8_t> &reply);

}  // namespace pfhost::sudovda
