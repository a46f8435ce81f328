#include "cuda_context.hpp"

#include <pfhost/plugin.hpp>

#include "nvenc_error.hpp"

namespace pfhost::nvenc {

CudaContext::CudaContext(const DriverLibrary &driver, int gpu) : cuda_(*driver.cuda) {
  check(cuda_.cuInit(0), "cuInit");
  int count = 0;
  check(cuda_.cuDeviceGetCount(&count), "cuDeviceGetCount");
  if (gpu >= count)
    throw Error(PFHOST_E_UNAVAILABLE, "[plugins.nvenc] gpu = " + std::to_string(gpu) +
                                          " but CUDA sees " + std::to_string(count) +
                                          " GPU(s) (numbered from 0)");
  CUdevice device = 0;
  check(cuda_.cuDeviceGet(&device, gpu), "cuDeviceGet");
  char name[256] = {};
  check(cuda_.cuDeviceGetName(name, sizeof name, device), "cuDeviceGetName");
  device_name_ = name;
  check(cuda_.cuCtxCreate(&context_, 0, device),
        ("cuCtxCreate on GPU " + std::to_string(gpu)).c_str());
  // cuCtxCreate leaves the new context current; it is made current again only inside a scope.
  CUcontext ignored = nullptr;
  cuda_.cuCtxPopCurrent(&ignored);
}

CudaContext::~CudaContext() {
  if (context_ != nullptr) cuda_.cuCtxDestroy(context_);
}

void CudaContext::check(CUresult result, const char *what) const {
  if (result != CUDA_SUCCESS) throw_cuda_error(cuda_, result, what);
}

CudaScope::CudaScope(const CudaContext &context) : context_(context) {
  context_.check(context_.cuda().cuCtxPushCurrent(context_.get()), "cuCtxPushCurrent");
}

CudaScope::~CudaScope() {
  CUcontext ignored = nullptr;
  context_.cuda().cuCtxPopCurrent(&ignored);
}

}  // namespace pfhost::nvenc
