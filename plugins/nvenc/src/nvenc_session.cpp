#include "nvenc_session.hpp"

#include "nvenc_error.hpp"

namespace pfhost::nvenc {

NvencSession::NvencSession(const DriverLibrary &driver, NV_ENC_DEVICE_TYPE type, void *device)
    : api_(driver.api) {
  NV_ENC_OPEN_ENCODE_SESSION_EX_PARAMS params{};
  params.version = NV_ENC_OPEN_ENCODE_SESSION_EX_PARAMS_VER;
  params.deviceType = type;
  params.device = device;
  params.apiVersion = NVENCAPI_VERSION;
  const NVENCSTATUS status = api_.nvEncOpenEncodeSessionEx(&params, &encoder_);
  if (status != NV_ENC_SUCCESS) {
    // The SDK's rule: a handle returned with a failure must still be destroyed.
    if (encoder_ != nullptr) api_.nvEncDestroyEncoder(encoder_);
    encoder_ = nullptr;
    throw_nvenc_error(status, "nvEncOpenEncodeSessionEx", "");
  }
}

NvencSession::~NvencSession() {
  if (encoder_ != nullptr) api_.nvEncDestroyEncoder(encoder_);
}

std::string NvencSession::last_error() const {
  const char *text =
      api_.nvEncGetLastErrorString ? api_.nvEncGetLastErrorString(encoder_) : nullptr;
  return text != nullptr ? text : "";
}

std::string NvencSession::describe(NVENCSTATUS status) const {
  const std::string detail = last_error();
  return nvenc_status_name(status) + (detail.empty() ? "" : " (" + detail + ")");
}

void NvencSession::check(NVENCSTATUS status, const char *what) const {
  if (status != NV_ENC_SUCCESS) throw_nvenc_error(status, what, last_error());
}

}  // namespace pfhost::nvenc
