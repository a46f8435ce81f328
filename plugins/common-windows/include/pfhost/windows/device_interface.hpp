// Finding and opening a driver's control device the way Windows publishes it: SetupAPI
// device-interface enumeration of the driver's interface GUID (present devices only), then
// CreateFileW on the interface path. Both virtual-display drivers and the tests' driver twins
// are found only this way.
#pragma once

#include <windows.h>

#include <string>
#include <vector>

namespace pfhost::windows {

// "{E5BCC234-1E0C-418A-A0D4-EF8B7501414D}": how docs and error messages name an interface.
std::string guid_text(const GUID &guid);

// The paths (\\?\root#...#{guid}) of every present device with this interface, in SetupAPI's
// order; empty when the driver is not installed or its devices are disabled.
std::vector<std::wstring> present_device_interfaces(const GUID &interface_guid);

// An open control device, or why none could be opened.
struct OpenedDevice {
  HANDLE handle = INVALID_HANDLE_VALUE;
  std::wstring path;
  std::string error;  // set when handle is INVALID_HANDLE_VALUE
};

// The first present instance that opens (read/write, shared, synchronous I/O).
OpenedDevice open_first_device(const GUID &interface_guid, const char *driver_name);

// The text of a Win32 error code, e.g. "Element not found. (1168)".
std::string win32_error_text(DWORD code);

// CTL_CODE(FILE_DEVICE_UNKNOWN, function, METHOD_BUFFERED, FILE_ANY_ACCESS): the only form
// both drivers use.
constexpr DWORD buffered_ioctl(DWORD function) {
  return (0x22u << 16) | (function << 2);
}

// One synchronous DeviceIoControl; returns 0 on success, else GetLastError().
DWORD device_ioctl(HANDLE device, DWORD code, const void *in, DWORD in_size, void *out,
                   DWORD out_size, DWORD *returned);

}  // namespace pfhost::windows
