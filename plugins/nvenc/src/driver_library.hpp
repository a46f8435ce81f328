// The NVIDIA driver's libraries, opened at run time through nv-codec-headers' loader: libcuda and
// libnvidia-encode on Linux, nvcuda.dll and nvEncodeAPI64.dll on Windows. Nothing links against
// them, so the plugin builds and loads on machines without a driver and says why it cannot work.
#pragma once

#include <cstdint>

#include "ffnvcodec_loader.hpp"

namespace pfhost::nvenc {

struct DriverLibrary {
  CudaFunctions *cuda;
  NvencFunctions *nvenc;            // kept so the loaded library stays referenced
  NV_ENCODE_API_FUNCTION_LIST api;  // filled by NvEncodeAPICreateInstance
  uint32_t max_version;             // the driver's newest API, major << 4 | minor
};

// The files nv-codec-headers' loader opens, for messages (the loader keeps its own copy).
#ifdef _WIN32
#define PFHOST_NVENC_LIBRARY "nvEncodeAPI64.dll"
#define PFHOST_CUDA_LIBRARY "nvcuda.dll"
#else
#define PFHOST_NVENC_LIBRARY "libnvidia-encode.so.1"
#define PFHOST_CUDA_LIBRARY "libcuda.so.1"
#endif

// The API version the plugin was built against (the headers'), in the same encoding.
constexpr uint32_t kHeaderApiVersion = (NVENCAPI_MAJOR_VERSION << 4) | NVENCAPI_MINOR_VERSION;

// Loads both libraries once per process and checks the driver's API version. Throws
// pfhost::Error(PFHOST_E_UNAVAILABLE) with "no NVIDIA driver (libnvidia-encode.so.1 not found)"
// or "driver too old for NVENC API 11.1 (it supports 11.0): ...". A failure is not remembered, so
// a driver installed later is found by the next call; a success is kept (libraries are never
// unloaded).
const DriverLibrary &driver_library();

// "11.1" from major << 4 | minor.
const char *api_version_text(uint32_t version, char (&buffer)[16]) noexcept;

}  // namespace pfhost::nvenc
