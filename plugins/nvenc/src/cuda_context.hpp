// The CUDA context an NVENC session runs on: created on the configured GPU, current only while a
// CudaScope holds it (the session may be driven from several threads, one at a time), destroyed
// last.
#pragma once

#include <string>

#include "driver_library.hpp"

namespace pfhost::nvenc {

class CudaContext {
 public:
  // Throws pfhost::Error naming the GPU index and CUDA's status (no such GPU, no memory...).
  CudaContext(const DriverLibrary &driver, int gpu);
  ~CudaContext();
  CudaContext(const CudaContext &) = delete;
  CudaContext &operator=(const CudaContext &) = delete;

  CUcontext get() const noexcept { return context_; }
  const CudaFunctions &cuda() const noexcept { return cuda_; }
  const std::string &device_name() const noexcept { return device_name_; }
  // Throws for a failed call.
  void check(CUresult result, const char *what) const;

 private:
  const CudaFunctions &cuda_;
  CUcontext context_ = nullptr;
  std::string device_name_;
};

// Makes the context current on this thread for a scope.
class CudaScope {
 public:
  explicit CudaScope(const CudaContext &context);
  ~CudaScope();
  CudaScope(const CudaScope &) = delete;
  CudaScope &operator=(const CudaScope &) = delete;

 private:
  const CudaContext &context_;
};

}  // namespace pfhost::nvenc
