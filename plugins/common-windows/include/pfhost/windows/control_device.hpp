// A driver's control device, opened once and shared by every display of the process. A failed
// IOCTL that means "device gone" (driver updated, device disabled or removed) retires the handle:
// it is kept open, never closed, because another thread may be inside a call with it (closing
// would let Windows reuse the value for an unrelated object); it can only fail from then on. The
// next call re-enumerates, reopens and runs the open hook again (the version check).
#pragma once

#include <windows.h>

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace pfhost::windows {

class ControlDevice {
 public:
  // Runs on every freshly opened handle before anyone else uses it; throws to refuse the device
  // (e.g. a protocol out of range). first_of_process is true on the first successful open only:
  // the one moment orphans of a killed host may be cleared without racing live sessions.
  using OpenHook = std::function<void(HANDLE handle, bool first_of_process)>;

  ControlDevice(const GUID &interface_guid, std::string driver_name, OpenHook on_open);
  // Closes every handle: by now no thread uses them (the plugin is being torn down).
  ~ControlDevice();
  ControlDevice(const ControlDevice &) = delete;
  ControlDevice &operator=(const ControlDevice &) = delete;

  // One buffered IOCTL by function code; opens the device first when needed (throws
  // pfhost::Error(PFHOST_E_UNAVAILABLE) when there is none). Returns 0 or the Win32 error; an
  // error that means "gone" retires the handle.
  DWORD call(DWORD function, const void *in, DWORD in_size, void *out, DWORD out_size,
             DWORD *returned = nullptr);

  // Opens it now if it is not open (the probe and the first create use this).
  void ensure_open();

  // Errors after which a handle is useless: the driver or its device went away.
  static bool means_gone(DWORD error);

  // Why a monitor made under `generation` is no longer usable: the device was reopened since
  // (its monitors went with the old one), or it does not answer `ping_function`; nullopt when
  // it answers.
  std::optional<std::string> why_unusable(uint64_t generation, DWORD ping_function);

  size_t retired_handles() const;
  // How many times a handle was opened: a monitor made under an older one died with its device.
  uint64_t generation() const;

 private:
  HANDLE current_handle();
  void retire(HANDLE handle);

  GUID interface_guid_;
  std::string driver_name_;
  OpenHook on_open_;
  mutable std::mutex mutex_;
  HANDLE handle_ = INVALID_HANDLE_VALUE;
  std::vector<HANDLE> retired_;
  bool opened_before_ = false;
  uint64_t generation_ = 0;
};

}  // namespace pfhost::windows
