// The tests' side of a driver twin: found through the same SetupAPI enumeration as the plugins,
// opened as a control handle, and driven with the twin-only IOCTLs (twin_control.h) to read its
// monitors and counters and to inject failures.
#pragma once

#include <windows.h>

#include <cstdint>
#include <exception>
#include <functional>
#include <string>
#include <vector>

#include "twin_control.h"

namespace pfhost::test {

// The message of what `action` throws, "(no error)" when it throws nothing: tests compare error
// text, which is what a user reads.
inline std::string error_of(const std::function<void()> &action) {
  try {
    action();
  } catch (const std::exception &e) {
    return e.what();
  }
  return "(no error)";
}

// pf-vdisplay's interface GUID, as the real driver publishes it.
inline constexpr GUID kPfVdisplayInterface = {
    0x70667664, 0x7044, 0x5350, {0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6, 0x00, 0x01}};

// SudoVDA's interface GUID, as the real driver publishes it.
inline constexpr GUID kSudoVdaInterface = {
    0xE5BCC234, 0x1E0C, 0x418A, {0xA0, 0xD4, 0xEF, 0x8B, 0x75, 0x01, 0x41, 0x4D}};

class TwinDevice {
 public:
  explicit TwinDevice(const GUID &interface_guid);  // fails the test when no twin is found
  ~TwinDevice();
  TwinDevice(const TwinDevice &) = delete;
  TwinDevice &operator=(const TwinDevice &) = delete;

  HANDLE handle() const { return handle_; }
  pfhost_twin_state state() const;
  void reset() const;
  void inject(uint32_t function, uint32_t count, int32_t ntstatus) const;
  void configure(uint32_t protocol_version, uint32_t watchdog_s) const;
  void set_present(bool present) const;

  // A protocol IOCTL on this handle; returns 0 or the Win32 error, `reply` resized to what came.
  DWORD call(DWORD function, const std::vector<uint8_t> &in, std::vector<uint8_t> &reply) const;

 private:
  void control(DWORD code, const void *in, DWORD in_size, void *out, DWORD out_size) const;
  HANDLE handle_ = INVALID_HANDLE_VALUE;
};

}  // namespace pfhost::test
