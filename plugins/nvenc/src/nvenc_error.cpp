#include "nvenc_error.hpp"

#include <pfhost/plugin.hpp>

#include "ffnvcodec_loader.hpp"

namespace pfhost::nvenc {
namespace {

pfhost_status pfhost_status_of(NVENCSTATUS status) {
  switch (status) {
    case NV_ENC_ERR_UNSUPPORTED_PARAM:
    case NV_ENC_ERR_UNSUPPORTED_DEVICE:
    case NV_ENC_ERR_UNIMPLEMENTED:
      return PFHOST_E_UNSUPPORTED;
    case NV_ENC_ERR_NO_ENCODE_DEVICE:
    case NV_ENC_ERR_DEVICE_NOT_EXIST:
    case NV_ENC_ERR_INVALID_VERSION:
    case NV_ENC_ERR_INCOMPATIBLE_CLIENT_KEY:
      return PFHOST_E_UNAVAILABLE;
    case NV_ENC_ERR_OUT_OF_MEMORY:
    case NV_ENC_ERR_ENCODER_BUSY:
    case NV_ENC_ERR_LOCK_BUSY:
      return PFHOST_E_BUSY;
    case NV_ENC_ERR_INVALID_PARAM:
    case NV_ENC_ERR_INVALID_PTR:
      return PFHOST_E_INVALID_ARGUMENT;
    default:
      return PFHOST_E_INTERNAL;
  }
}

// What to do about it, where the status alone leaves a user guessing.
const char *advice(NVENCSTATUS status) {
  switch (status) {
    case NV_ENC_ERR_OUT_OF_MEMORY:
      return "; the GPU may be at its limit of concurrent encode sessions: close other encoders";
    case NV_ENC_ERR_INVALID_VERSION:
      return "; the driver is older than the NVENC API this plugin was built for: update it";
    default:
      return "";
  }
}

}  // namespace

std::string nvenc_status_name(NVENCSTATUS status) {
  switch (status) {
#define NAME(s) \
  case s:       \
    return #s;
    NAME(NV_ENC_SUCCESS)
    NAME(NV_ENC_ERR_NO_ENCODE_DEVICE)
    NAME(NV_ENC_ERR_UNSUPPORTED_DEVICE)
    NAME(NV_ENC_ERR_INVALID_ENCODERDEVICE)
    NAME(NV_ENC_ERR_INVALID_DEVICE)
    NAME(NV_ENC_ERR_DEVICE_NOT_EXIST)
    NAME(NV_ENC_ERR_INVALID_PTR)
    NAME(NV_ENC_ERR_INVALID_EVENT)
    NAME(NV_ENC_ERR_INVALID_PARAM)
    NAME(NV_ENC_ERR_INVALID_CALL)
    NAME(NV_ENC_ERR_OUT_OF_MEMORY)
    NAME(NV_ENC_ERR_ENCODER_NOT_INITIALIZED)
    NAME(NV_ENC_ERR_UNSUPPORTED_PARAM)
    NAME(NV_ENC_ERR_LOCK_BUSY)
    NAME(NV_ENC_ERR_NOT_ENOUGH_BUFFER)
    NAME(NV_ENC_ERR_INVALID_VERSION)
    NAME(NV_ENC_ERR_MAP_FAILED)
    NAME(NV_ENC_ERR_NEED_MORE_INPUT)
    NAME(NV_ENC_ERR_ENCODER_BUSY)
    NAME(NV_ENC_ERR_EVENT_NOT_REGISTERD)
    NAME(NV_ENC_ERR_GENERIC)
    NAME(NV_ENC_ERR_INCOMPATIBLE_CLIENT_KEY)
    NAME(NV_ENC_ERR_UNIMPLEMENTED)
    NAME(NV_ENC_ERR_RESOURCE_REGISTER_FAILED)
    NAME(NV_ENC_ERR_RESOURCE_NOT_REGISTERED)
    NAME(NV_ENC_ERR_RESOURCE_NOT_MAPPED)
#undef NAME
  }
  return "NVENCSTATUS " + std::to_string(static_cast<int>(status));
}

void throw_nvenc_error(NVENCSTATUS status, const std::string &what, const std::string &last_error) {
  std::string text = what + ": " + nvenc_status_name(status);
  if (!last_error.empty()) text += " (" + last_error + ")";
  throw Error(pfhost_status_of(status), text + advice(status));
}

void throw_cuda_error(const CudaFunctions &cuda, CUresult result, const std::string &what) {
  const char *name = nullptr;
  const char *description = nullptr;
  if (cuda.cuGetErrorName(result, &name) != CUDA_SUCCESS || name == nullptr) name = "CUDA error";
  if (cuda.cuGetErrorString(result, &description) != CUDA_SUCCESS) description = nullptr;
  std::string text = what + ": " + name + " (" + std::to_string(static_cast<int>(result)) + ")";
  if (description != nullptr && std::string(description) != name)
    text += ": " + std::string(description);
  throw Error(PFHOST_E_INTERNAL, text);
}

}  // namespace pfhost::nvenc
