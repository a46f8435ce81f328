#include "driver_library.hpp"

#include <pfhost/plugin.hpp>

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

namespace pfhost::nvenc {
namespace {

// Written by the loader while load() runs, which load_mutex serialises (no thread_local: LSan
// trips over the dynamic TLS of a dlopen()ed plugin).
std::string loader_message;

std::mutex load_mutex;
const DriverLibrary *loaded = nullptr;

[[noreturn]] void unavailable(const std::string &why) {
  throw Error(PFHOST_E_UNAVAILABLE, why);
}

DriverLibrary load() {
  NvencFunctions *nvenc = nullptr;
  loader_message.clear();
  if (nvenc_load_functions(&nvenc, nullptr) != 0) {
    // Only the library itself missing means "no driver"; a missing symbol is a broken install.
    if (loader_message == std::string("Cannot load ") + PFHOST_NVENC_LIBRARY)
      unavailable("no NVIDIA driver (" PFHOST_NVENC_LIBRARY " not found)");
    unavailable("the NVIDIA driver's " PFHOST_NVENC_LIBRARY " is incomplete (" + loader_message +
                "): reinstall the driver");
  }
  // Freed again (and the libraries closed) when anything below fails.
  std::unique_ptr<NvencFunctions, void (*)(NvencFunctions *)> nvenc_owner(
      nvenc, [](NvencFunctions *f) { nvenc_free_functions(&f); });
  uint32_t max_version = 0;
  if (nvenc->NvEncodeAPIGetMaxSupportedVersion(&max_version) != NV_ENC_SUCCESS)
    unavailable("NvEncodeAPIGetMaxSupportedVersion failed: the NVIDIA driver does not answer");
  if (max_version < kHeaderApiVersion) {
    char have[16], want[16];
    unavailable(std::string("driver too old for NVENC API ") +
                api_version_text(kHeaderApiVersion, want) + " (it supports " +
                api_version_text(max_version, have) + "): update the NVIDIA driver");
  }
  CudaFunctions *cuda = nullptr;
  loader_message.clear();
  if (cuda_load_functions(&cuda, nullptr) != 0)
    unavailable("the NVIDIA driver's " PFHOST_CUDA_LIBRARY " cannot be used (" + loader_message +
                ")");
  std::unique_ptr<CudaFunctions, void (*)(CudaFunctions *)> cuda_owner(
      cuda, [](CudaFunctions *f) { cuda_free_functions(&f); });
  DriverLibrary library{cuda, nvenc, {}, max_version};
  library.api.version = NV_ENCODE_API_FUNCTION_LIST_VER;
  if (const NVENCSTATUS status = nvenc->NvEncodeAPICreateInstance(&library.api);
      status != NV_ENC_SUCCESS)
    unavailable("NvEncodeAPICreateInstance failed with status " + std::to_string(status));
  nvenc_owner.release();
  cuda_owner.release();
  return library;
}

}  // namespace

void note_loader_message(const char *format, const char *name) {
  if (!loader_message.empty()) return;
  char text[256];
  std::snprintf(text, sizeof text, format, name);
  loader_message = text;
  while (!loader_message.empty() && loader_message.back() == '\n') loader_message.pop_back();
}

const char *api_version_text(uint32_t version, char (&buffer)[16]) noexcept {
  std::snprintf(buffer, sizeof buffer, "%u.%u", version >> 4, version & 0xfu);
  return buffer;
}

const DriverLibrary &driver_library() {
  std::lock_guard lock(load_mutex);
  // Kept for the life of the process, like the libraries themselves (plugins are never unloaded).
  if (loaded == nullptr) loaded = new DriverLibrary(load());
  return *loaded;
}

}  // namespace pfhost::nvenc
