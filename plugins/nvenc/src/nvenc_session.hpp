// One NVENC encode session on a CUDA context (or, on Windows, a D3D11 device): opened in the
// constructor, destroyed in the destructor, and the one place that turns a failed NVENC call
// into an error carrying the status name and the driver's last error string.
#pragma once

#include <string>

#include "driver_library.hpp"

namespace pfhost::nvenc {

class NvencSession {
 public:
  // deviceType NV_ENC_DEVICE_TYPE_CUDA with a CUcontext, or NV_ENC_DEVICE_TYPE_DIRECTX with an
  // ID3D11Device. Throws pfhost::Error (session limit, unsupported device...).
  NvencSession(const DriverLibrary &driver, NV_ENC_DEVICE_TYPE type, void *device);
  ~NvencSession();
  NvencSession(const NvencSession &) = delete;
  NvencSession &operator=(const NvencSession &) = delete;

  const NV_ENCODE_API_FUNCTION_LIST &api() const noexcept { return api_; }
  void *handle() const noexcept { return encoder_; }
  // Throws for anything but NV_ENC_SUCCESS: "<what>: NV_ENC_ERR_X (<last error>)".
  void check(NVENCSTATUS status, const char *what) const;
  std::string last_error() const;
  // "NV_ENC_ERR_X (<last error>)" for a log line.
  std::string describe(NVENCSTATUS status) const;

 private:
  const NV_ENCODE_API_FUNCTION_LIST &api_;
  void *encoder_ = nullptr;
};

}  // namespace pfhost::nvenc
