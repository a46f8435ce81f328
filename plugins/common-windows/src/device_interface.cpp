#include "pfhost/windows/device_interface.hpp"

#include <setupapi.h>

#include <cstdio>
#include <memory>

namespace pfhost::windows {

std::string guid_text(const GUID &guid) {
  char text[40];
  std::snprintf(text, sizeof text, "{%08lX-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
                static_cast<unsigned long>(guid.Data1), guid.Data2, guid.Data3, guid.Data4[0],
                guid.Data4[1], guid.Data4[2], guid.Data4[3], guid.Data4[4], guid.Data4[5],
                guid.Data4[6], guid.Data4[7]);
  return text;
}

std::string win32_error_text(DWORD code) {
  char *text = nullptr;
  DWORD length = FormatMessageA(
      FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
      nullptr, code, 0, reinterpret_cast<char *>(&text), 0, nullptr);
  std::string message = length ? std::string(text, length) : std::string("Windows error");
  LocalFree(text);
  while (!message.empty() && (message.back() == '\n' || message.back() == '\r' ||
                              message.back() == ' ' || message.back() == '.')) {
    message.pop_back();
  }
  return message + " (" + std::to_string(code) + ")";
}

std::vector<std::wstring> present_device_interfaces(const GUID &interface_guid) {
  std::vector<std::wstring> paths;
  HDEVINFO set = SetupDiGetClassDevsW(&interface_guid, nullptr, nullptr,
                                      DIGCF_DEVICEINTERFACE | DIGCF_PRESENT);
  if (set == INVALID_HANDLE_VALUE) return paths;
  SP_DEVICE_INTERFACE_DATA data{};
  data.cbSize = sizeof data;
  for (DWORD index = 0; SetupDiEnumDeviceInterfaces(set, nullptr, &interface_guid, index, &data);
       ++index) {
    DWORD size = 0;
    SetupDiGetDeviceInterfaceDetailW(set, &data, nullptr, 0, &size, nullptr);
    if (size < sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_W)) continue;
    // The detail struct ends in a variable-length path; 8-byte storage keeps it aligned.
    auto storage = std::make_unique<unsigned long long[]>(size / sizeof(unsigned long long) + 1);
    auto *detail = reinterpret_cast<SP_DEVICE_INTERFACE_DETAIL_DATA_W *>(storage.get());
    detail->cbSize = sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_W);
    if (SetupDiGetDeviceInterfaceDetailW(set, &data, detail, size, nullptr, nullptr)) {
      paths.emplace_back(detail->DevicePath);
    }
  }
  SetupDiDestroyDeviceInfoList(set);
  return paths;
}

OpenedDevice open_first_device(const GUID &interface_guid, const char *driver_name) {
  OpenedDevice opened;
  auto paths = present_device_interfaces(interface_guid);
  if (paths.empty()) {
    opened.error = std::string(driver_name) + " driver not installed (no device with interface " +
                   guid_text(interface_guid) + ")";
    return opened;
  }
  DWORD last_error = 0;
  for (const auto &path : paths) {
    HANDLE handle =
        CreateFileW(path.c_str(), GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                    nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (handle != INVALID_HANDLE_VALUE) {
      opened.handle = handle;
      opened.path = path;
      return opened;
    }
    last_error = GetLastError();
  }
  opened.error = std::string(driver_name) + " driver installed but its device cannot be opened: " +
                 win32_error_text(last_error) +
                 (last_error == ERROR_ACCESS_DENIED ? "; run pfhost as an administrator" : "");
  return opened;
}

DWORD device_ioctl(HANDLE device, DWORD code, const void *in, DWORD in_size, void *out,
                   DWORD out_size, DWORD *returned) {
  DWORD ignored = 0;
  if (!DeviceIoControl(device, code, const_cast<void *>(in), in_size, out, out_size,
                       returned ? returned : &ignored, nullptr)) {
    return GetLastError();
  }
  return 0;
}

}  // namespace pfhost::windows
