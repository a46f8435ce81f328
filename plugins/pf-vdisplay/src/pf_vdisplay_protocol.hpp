// pf-vdisplay's control protocol: IOCTL function codes and the byte layouts of each request and
// reply (little-endian, packed as listed). Encoding and decoding only; no I/O.
#pragma once

#include <windows.h>

#include <pfhost/abi.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace pfhost::pf_vdisplay {

// {70667664-7044-5350-A1B2-C3D4E5F60001}
inline constexpr GUID kInterfaceGuid = {
    0x70667664, 0x7044, 0x5350, {0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6, 0x00, 0x01}};

enum Function : uint32_t {
  kAdd = 0x900,
  kRemove = 0x901,
  kSetRenderAdapter = 0x902,
  kPing = 0x903,
  kGetInfo = 0x904,
  kClearAll = 0x905,
  kUpdateModes = 0x907,
};

// The protocol versions this host speaks.
inline constexpr uint32_t kMinProtocol = 9;
inline constexpr uint32_t kMaxProtocol = 9;
// Monitor ids the driver hands out (0 in a request: the driver picks).
inline constexpr uint32_t kMaxMonitorId = 15;

struct DriverInfo {
  uint32_t protocol_version = 0;
  uint32_t watchdog_s = 0;
};

struct AddRequest {
  uint64_t session_id = 0;
  pfhost_mode mode{};
  uint32_t preferred_monitor_id = 0;
};

struct AddReply {
  pfhost_luid adapter{};
  uint32_t target_id = 0;
  uint32_t monitor_id = 0;
  uint32_t driver_pid = 0;
};

inline constexpr uint32_t kAddReplySize = 24;
inline constexpr uint32_t kAddReplyMinimum = 20;  // cursor_excluded is optional

// Refresh in whole Hz as the driver takes it (rounded from the host's millihertz, at least 1).
uint32_t refresh_hz(const pfhost_mode &mode);

std::vector<uint8_t> encode_add(const AddRequest &request);  // the 40-byte form
std::vector<uint8_t> encode_session(uint64_t session_id);    // REMOVE
std::vector<uint8_t> encode_update_modes(uint64_t session_id, const pfhost_mode &mode);
std::vector<uint8_t> encode_luid(pfhost_luid luid);  // SET_RENDER_ADAPTER
std::optional<DriverInfo> decode_info(const std::vector<uint8_t> &reply);
std::optional<AddReply> decode_add(const std::vector<uint8_t> &reply);

}  // namespace pfhost::pf_vdisplay
