#include "twin_device.hpp"

#include <stdexcept>
#include <string>

#include "pfhost/windows/device_interface.hpp"

namespace pfhost::test {

TwinDevice::TwinDevice(const GUID &interface_guid) {
  auto opened = windows::open_first_device(interface_guid, "twin");
  if (opened.handle == INVALID_HANDLE_VALUE) {
    throw std::runtime_error("driver twin not reachable: " + opened.error +
                             " (is the test running through run_with_twin.sh?)");
  }
  handle_ = opened.handle;
}

TwinDevice::~TwinDevice() {
  CloseHandle(handle_);
}

void TwinDevice::control(DWORD code, const void *in, DWORD in_size, void *out,
                         DWORD out_size) const {
  DWORD error = windows::device_ioctl(handle_, code, in, in_size, out, out_size, nullptr);
  if (error != 0) {
    throw std::runtime_error("twin control IOCTL failed: " + windows::win32_error_text(error));
  }
}

pfhost_twin_state TwinDevice::state() const {
  pfhost_twin_state state{};
  control(PFHOST_TWIN_IOCTL_GET_STATE, nullptr, 0, &state, sizeof state);
  return state;
}

void TwinDevice::reset() const {
  control(PFHOST_TWIN_IOCTL_RESET, nullptr, 0, nullptr, 0);
}

void TwinDevice::inject(uint32_t function, uint32_t count, int32_t ntstatus) const {
  pfhost_twin_inject inject{function, count, ntstatus};
  control(PFHOST_TWIN_IOCTL_INJECT, &inject, sizeof inject, nullptr, 0);
}

void TwinDevice::configure(uint32_t protocol_version, uint32_t watchdog_s) const {
  pfhost_twin_configure configure{protocol_version, watchdog_s};
  control(PFHOST_TWIN_IOCTL_CONFIGURE, &configure, sizeof configure, nullptr, 0);
}

void TwinDevice::set_present(bool present) const {
  uint32_t value = present ? 1 : 0;
  control(PFHOST_TWIN_IOCTL_SET_PRESENT, &value, sizeof value, nullptr, 0);
}

DWORD TwinDevice::call(DWORD function, const std::vector<uint8_t> &in,
                       std::vector<uint8_t> &reply) const {
  DWORD returned = 0;
  DWORD error = windows::device_ioctl(
      handle_, windows::buffered_ioctl(function), in.empty() ? nullptr : in.data(),
      static_cast<DWORD>(in.size()), reply.empty() ? nullptr : reply.data(),
      static_cast<DWORD>(reply.size()), &returned);
  reply.resize(error == 0 ? returned : 0);
  return error;
}

}  // namespace pfhost::test
