// Where a captured frame enters NVENC. CPU frames are copied row by row into an NVENC input
// buffer (the driver's own pinned memory, one copy). CUDA frames are registered with the session
// once per device pointer and mapped per frame, without a copy when the planes are laid out the
// way NVENC reads them (chroma right after luma at the same pitch), else through one
// device-to-device copy into a buffer that is.
#pragma once

#include <pfhost/capture.h>
#include <pfhost/encode.h>

#include <map>
#include <memory>
#include <utility>

#include "cuda_context.hpp"
#include "nvenc_session.hpp"

namespace pfhost::nvenc {

// Throws pfhost::Error(INVALID_ARGUMENT) when `frame` is not what the encoder was opened for
// (memory kind, pixel format, size, planes), naming the difference.
void check_frame(const pfhost_frame &frame, const pfhost_encoder_params &params);

// An input handed to nvEncEncodePicture, released by the FrameInput after the picture is encoded.
struct InputPicture {
  NV_ENC_INPUT_PTR buffer = nullptr;
  uint32_t pitch = 0;
};

class FrameInput {
 public:
  virtual ~FrameInput() = default;
  // Makes `frame` (checked) an NVENC input; valid until done() is called.
  virtual InputPicture prepare(const pfhost_frame &frame) = 0;
  // Called after nvEncEncodePicture returned, successful or not.
  virtual void done(const InputPicture &picture) = 0;
};

// The input for CPU or CUDA frames (`cuda` is the session's context); D3D11 textures on Windows
// have their own (d3d11_input.hpp).
std::unique_ptr<FrameInput> make_frame_input(const NvencSession &session, const CudaContext *cuda,
                                             const pfhost_encoder_params &params);

}  // namespace pfhost::nvenc
