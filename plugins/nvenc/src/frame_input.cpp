#include "frame_input.hpp"

#include <pfhost/plugin.hpp>

#include <cstring>
#include <string>

#include "encoder_config.hpp"

namespace pfhost::nvenc {
namespace {

struct PlaneLayout {
  uint32_t count;        // 1 (packed RGB) or 2 (NV12 / P010)
  uint32_t row_bytes;    // of the first plane
  uint32_t chroma_rows;  // of the second plane
};

PlaneLayout layout_of(uint32_t pixel_format, uint32_t width, uint32_t height) {
  switch (buffer_format(pixel_format)) {
    case NV_ENC_BUFFER_FORMAT_NV12:
      return {2, width, (height + 1) / 2};
    case NV_ENC_BUFFER_FORMAT_YUV420_10BIT:
      return {2, width * 2, (height + 1) / 2};
    default:
      return {1, width * 4, 0};
  }
}

[[noreturn]] void bad_frame(const std::string &what) {
  throw Error(PFHOST_E_INVALID_ARGUMENT, "frame does not match the encoder: " + what);
}

// CPU frames: one NVENC input buffer, locked, filled and unlocked per frame.
class CpuInput final : public FrameInput {
 public:
  CpuInput(const NvencSession &session, const pfhost_encoder_params &params)
      : session_(session),
        params_(params),
        layout_(layout_of(params.input_format, params.width, params.height)) {
    NV_ENC_CREATE_INPUT_BUFFER create{};
    create.version = NV_ENC_CREATE_INPUT_BUFFER_VER;
    create.width = params.width;
    create.height = params.height;
    create.bufferFmt = buffer_format(params.input_format);
    session_.check(session_.api().nvEncCreateInputBuffer(session_.handle(), &create),
                   "nvEncCreateInputBuffer");
    buffer_ = create.inputBuffer;
  }
  ~CpuInput() override { session_.api().nvEncDestroyInputBuffer(session_.handle(), buffer_); }
  CpuInput(const CpuInput &) = delete;
  CpuInput &operator=(const CpuInput &) = delete;

  InputPicture prepare(const pfhost_frame &frame) override {
    NV_ENC_LOCK_INPUT_BUFFER lock{};
    lock.version = NV_ENC_LOCK_INPUT_BUFFER_VER;
    lock.inputBuffer = buffer_;
    session_.check(session_.api().nvEncLockInputBuffer(session_.handle(), &lock),
                   "nvEncLockInputBuffer");
    auto *to = static_cast<uint8_t *>(lock.bufferDataPtr);
    copy_plane(to, lock.pitch, frame.u.cpu.data[0], frame.u.cpu.stride[0], params_.height);
    // NVENC reads the chroma plane right after params.height rows of luma, at the same pitch.
    if (layout_.count == 2)
      copy_plane(to + size_t{lock.pitch} * params_.height, lock.pitch, frame.u.cpu.data[1],
                 frame.u.cpu.stride[1], layout_.chroma_rows);
    session_.check(session_.api().nvEncUnlockInputBuffer(session_.handle(), buffer_),
                   "nvEncUnlockInputBuffer");
    return {buffer_, lock.pitch};
  }
  void done(const InputPicture &) override {}

 private:
  void copy_plane(uint8_t *to, uint32_t to_pitch, const void *from, uint32_t from_stride,
                  uint32_t rows) const {
    const auto *source = static_cast<const uint8_t *>(from);
    for (uint32_t row = 0; row < rows; ++row)
      std::memcpy(to + size_t{row} * to_pitch, source + size_t{row} * from_stride,
                  layout_.row_bytes);
  }

  const NvencSession &session_;
  pfhost_encoder_params params_;
  PlaneLayout layout_;
  NV_ENC_INPUT_PTR buffer_ = nullptr;
};

// CUDA frames: registered once per (pointer, pitch), mapped per frame.
class CudaInput final : public FrameInput {
 public:
  CudaInput(const NvencSession &session, const CudaContext &cuda,
            const pfhost_encoder_params &params)
      : session_(session),
        cuda_(cuda),
        params_(params),
        layout_(layout_of(params.input_format, params.width, params.height)) {}
  ~CudaInput() override {
    for (const auto &[key, registration] : registrations_)
      session_.api().nvEncUnregisterResource(session_.handle(), registration);
    if (staging_ != 0) cuda_.cuda().cuMemFree(staging_);
  }
  CudaInput(const CudaInput &) = delete;
  CudaInput &operator=(const CudaInput &) = delete;

  InputPicture prepare(const pfhost_frame &frame) override {
    CUdeviceptr pointer = frame.u.cuda.device_ptr[0];
    uint32_t pitch = frame.u.cuda.pitch[0];
    const bool contiguous =
        layout_.count == 1 ||
        (frame.u.cuda.pitch[1] == pitch &&
         frame.u.cuda.device_ptr[1] == pointer + CUdeviceptr{pitch} * params_.height);
    if (!contiguous) {
      stage(frame);
      pointer = staging_;
      pitch = static_cast<uint32_t>(staging_pitch_);
    }
    NV_ENC_MAP_INPUT_RESOURCE map{};
    map.version = NV_ENC_MAP_INPUT_RESOURCE_VER;
    map.registeredResource = registration_for(pointer, pitch);
    session_.check(session_.api().nvEncMapInputResource(session_.handle(), &map),
                   "nvEncMapInputResource");
    return {map.mappedResource, pitch};
  }

  void done(const InputPicture &picture) override {
    session_.check(session_.api().nvEncUnmapInputResource(session_.handle(), picture.buffer),
                   "nvEncUnmapInputResource");
  }

 private:
  NV_ENC_REGISTERED_PTR registration_for(CUdeviceptr pointer, uint32_t pitch) {
    const auto key = std::make_pair(pointer, pitch);
    if (const auto found = registrations_.find(key); found != registrations_.end())
      return found->second;
    NV_ENC_REGISTER_RESOURCE request{};
    request.version = NV_ENC_REGISTER_RESOURCE_VER;
    request.resourceType = NV_ENC_INPUT_RESOURCE_TYPE_CUDADEVICEPTR;
    request.width = params_.width;
    request.height = params_.height;
    request.pitch = pitch;
    request.resourceToRegister = reinterpret_cast<void *>(pointer);
    request.bufferFormat = buffer_format(params_.input_format);
    request.bufferUsage = NV_ENC_INPUT_IMAGE;
    session_.check(session_.api().nvEncRegisterResource(session_.handle(), &request),
                   "nvEncRegisterResource");
    registrations_[key] = request.registeredResource;
    return request.registeredResource;
  }

  // Copies separately allocated planes into one buffer laid out the way NVENC reads it.
  void stage(const pfhost_frame &frame) {
    const CudaFunctions &cu = cuda_.cuda();
    if (staging_ == 0)
      cuda_.check(cu.cuMemAllocPitch(&staging_, &staging_pitch_, layout_.row_bytes,
                                     params_.height + layout_.chroma_rows, 16),
                  "cuMemAllocPitch (staging buffer for CUDA frames)");
    const uint32_t rows[2] = {params_.height, layout_.chroma_rows};
    CUdeviceptr to = staging_;
    for (uint32_t plane = 0; plane < 2; ++plane) {
      CUDA_MEMCPY2D copy{};
      copy.srcMemoryType = CU_MEMORYTYPE_DEVICE;
      copy.srcDevice = frame.u.cuda.device_ptr[plane];
      copy.srcPitch = frame.u.cuda.pitch[plane];
      copy.dstMemoryType = CU_MEMORYTYPE_DEVICE;
      copy.dstDevice = to;
      copy.dstPitch = staging_pitch_;
      copy.WidthInBytes = layout_.row_bytes;
      copy.Height = rows[plane];
      cuda_.check(cu.cuMemcpy2D(&copy), "cuMemcpy2D (CUDA frame into the staging buffer)");
      to += CUdeviceptr{staging_pitch_} * params_.height;
    }
  }

  const NvencSession &session_;
  const CudaContext &cuda_;
  pfhost_encoder_params params_;
  PlaneLayout layout_;
  std::map<std::pair<CUdeviceptr, uint32_t>, NV_ENC_REGISTERED_PTR> registrations_;
  CUdeviceptr staging_ = 0;
  size_t staging_pitch_ = 0;
};

}  // namespace

void check_frame(const pfhost_frame &frame, const pfhost_encoder_params &params) {
  if (frame.memory != params.input_memory)
    bad_frame("memory kind " + std::to_string(frame.memory) + ", opened for " +
              std::to_string(params.input_memory));
  if (frame.memory == PFHOST_MEMORY_D3D11) {
    if (frame.u.d3d11.texture == nullptr && frame.u.d3d11.shared_handle == 0)
      bad_frame("a D3D11 frame with neither a texture nor a shared handle");
    return;  // a texture's layout is the driver's business
  }
  if (frame.pixel_format != params.input_format)
    bad_frame("pixel format " + std::to_string(frame.pixel_format) + ", opened for " +
              std::to_string(params.input_format));
  if (frame.width != params.width || frame.height != params.height)
    bad_frame("size " + std::to_string(frame.width) + "x" + std::to_string(frame.height) +
              ", opened for " + std::to_string(params.width) + "x" + std::to_string(params.height));
  const PlaneLayout layout = layout_of(params.input_format, params.width, params.height);
  if (frame.plane_count < layout.count)
    bad_frame(std::to_string(frame.plane_count) + " plane(s), the format has " +
              std::to_string(layout.count));
  for (uint32_t plane = 0; plane < layout.count; ++plane) {
    const bool cpu = frame.memory == PFHOST_MEMORY_CPU;
    const bool missing =
        cpu ? frame.u.cpu.data[plane] == nullptr : frame.u.cuda.device_ptr[plane] == 0;
    const uint32_t stride = cpu ? frame.u.cpu.stride[plane] : frame.u.cuda.pitch[plane];
    if (missing) bad_frame("plane " + std::to_string(plane) + " has no memory");
    if (stride < layout.row_bytes)
      bad_frame("plane " + std::to_string(plane) + " stride " + std::to_string(stride) +
                " is shorter than a row (" + std::to_string(layout.row_bytes) + " bytes)");
  }
}

std::unique_ptr<FrameInput> make_frame_input(const NvencSession &session, const CudaContext *cuda,
                                             const pfhost_encoder_params &params) {
  if (params.input_memory == PFHOST_MEMORY_CUDA)
    return std::make_unique<CudaInput>(session, *cuda, params);
  return std::make_unique<CpuInput>(session, params);
}

}  // namespace pfhost::nvenc
