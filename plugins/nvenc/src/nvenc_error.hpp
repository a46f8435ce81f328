// NVENC and CUDA failures as pfhost errors: every message carries the API's own status name and,
// for NVENC, the driver's last error string, so a user can search for exactly what the driver said.
#pragma once

#include <string>

#include "ffnvcodec_loader.hpp"

namespace pfhost::nvenc {

// "NV_ENC_ERR_OUT_OF_MEMORY"; "NVENCSTATUS <n>" for a code newer than the headers.
std::string nvenc_status_name(NVENCSTATUS status);

// Throws pfhost::Error for a failed NVENC call: "<what>: NV_ENC_ERR_X (<driver's last error>)",
// with a status the host can act on (unsupported settings, busy device, bad argument...).
[[noreturn]] void throw_nvenc_error(NVENCSTATUS status, const std::string &what,
                                    const std::string &last_error);

// Throws pfhost::Error for a failed CUDA call: "<what>: CUDA_ERROR_X (<description>)".
[[noreturn]] void throw_cuda_error(const CudaFunctions &cuda, CUresult result,
                                   const std::string &what);

}  // namespace pfhost::nvenc
