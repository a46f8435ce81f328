#include "pfhost/windows/control_device.hpp"

#include <pfhost/plugin.hpp>

#include <algorithm>

#include "pfhost/windows/device_interface.hpp"

namespace pfhost::windows {

ControlDevice::ControlDevice(const GUID &interface_guid, std::string driver_name, OpenHook on_open)
    : interface_guid_(interface_guid),
      driver_name_(std::move(driver_name)),
      on_open_(std::move(on_open)) {}

ControlDevice::~ControlDevice() {
  if (handle_ != INVALID_HANDLE_VALUE) CloseHandle(handle_);
  for (HANDLE retired : retired_) CloseHandle(retired);
}

bool ControlDevice::means_gone(DWORD error) {
  // Under wine a removed device answers ERROR_INVALID_FUNCTION; Windows gives these others.
  static constexpr DWORD kGone[] = {
      ERROR_INVALID_FUNCTION, ERROR_FILE_NOT_FOUND, ERROR_INVALID_HANDLE,
      ERROR_NOT_READY,        ERROR_DEV_NOT_EXIST,  ERROR_DEVICE_NOT_CONNECTED,
      ERROR_BAD_DEVICE,       ERROR_DEVICE_REMOVED, ERROR_OPERATION_ABORTED};
  return std::find(std::begin(kGone), std::end(kGone), error) != std::end(kGone);
}

void ControlDevice::ensure_open() {
  std::lock_guard lock(mutex_);
  current_handle();
}

HANDLE ControlDevice::current_handle() {
  if (handle_ != INVALID_HANDLE_VALUE) return handle_;
  auto opened = open_first_device(interface_guid_, driver_name_.c_str());
  if (opened.handle == INVALID_HANDLE_VALUE) throw Error(PFHOST_E_UNAVAILABLE, opened.error);
  try {
    on_open_(opened.handle, !opened_before_);
  } catch (...) {
    CloseHandle(opened.handle);  // nobody else has seen this one
    throw;
  }
  opened_before_ = true;
  ++generation_;
  handle_ = opened.handle;
  return handle_;
}

void ControlDevice::retire(HANDLE handle) {
  if (handle != handle_) return;  // another thread retired it already
  retired_.push_back(handle_);
  handle_ = INVALID_HANDLE_VALUE;
}

DWORD ControlDevice::call(DWORD function, const void *in, DWORD in_size, void *out, DWORD out_size,
                          DWORD *returned) {
  HANDLE handle;
  {
    std::lock_guard lock(mutex_);
    handle = current_handle();
  }
  DWORD error =
      device_ioctl(handle, buffered_ioctl(function), in, in_size, out, out_size, returned);
  if (error != 0 && means_gone(error)) {
    std::lock_guard lock(mutex_);
    retire(handle);
  }
  return error;
}

size_t ControlDevice::retired_handles() const {
  std::lock_guard lock(mutex_);
  return retired_.size();
}

}  // namespace pfhost::windows

namespace pfhost::windows {

uint64_t ControlDevice::generation() const {
  std::lock_guard lock(mutex_);
  return generation_;
}

}  // namespace pfhost::windows

namespace pfhost::windows {

std::optional<std::string> ControlDevice::why_unusable(uint64_t generation, DWORD ping_function) {
  if (this->generation() != generation) {
    return "the " + driver_name_ +
           " device went away (driver updated, disabled or removed) and its monitors with it";
  }
  DWORD error = 0;
  try {
    error = call(ping_function, nullptr, 0, nullptr, 0);
  } catch (const Error &e) {
    return std::string(e.what());
  }
  if (error != 0) return driver_name_ + " PING failed: " + win32_error_text(error);
  return std::nullopt;
}

}  // namespace pfhost::windows
