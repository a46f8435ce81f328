// What the twin's session files share: the driver-side checks every entry point makes (struct
// version, reserved fields zero), the device's limits, and codec/preset lookups.
#pragma once

#include <ffnvcodec/nvEncodeAPI.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

namespace pfhost::nvenc_twin {

constexpr uint32_t kMaxDimension = 4096;
constexpr uint32_t kMinDimension = 16;

inline bool same(const GUID &a, const GUID &b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

template <class T, size_t N>
bool all_zero(const T (&array)[N]) {
  return std::all_of(std::begin(array), std::end(array), [](const T &v) { return v == T{}; });
}

inline std::string hex(uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", value);
  return text;
}

// H.264 or HEVC, the codecs the twin offers.
bool known_codec(const GUID &codec);
// 1..7 for P1..P7, 0 for any other GUID.
int preset_number(const GUID &preset);

}  // namespace pfhost::nvenc_twin

// Inside a Session method: fail the call the way a driver does, naming the field.
#define CHECK_VERSION(call, actual, expected)                                             \
  do {                                                                                    \
    if ((actual) != (expected))                                                           \
      return fail(call, NV_ENC_ERR_INVALID_VERSION,                                       \
                  std::string(#actual " is ") + hex(actual) + ", want " + hex(expected)); \
  } while (0)
#define CHECK_RESERVED(call, array)                                                         \
  do {                                                                                      \
    if (!all_zero(array))                                                                   \
      return fail(call, NV_ENC_ERR_INVALID_PARAM, "reserved field " #array " is not zero"); \
  } while (0)
