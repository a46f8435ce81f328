// The twin's buffers: NVENC input and bitstream buffers with their lock state, and registered
// CUDA resources with their map state, each owned by the session that made it.
#include "encode_session.hpp"
#include "session_checks.hpp"

namespace pfhost::nvenc_twin {
namespace {

constexpr uint32_t kPitchAlignment = 256;

}  // namespace

NVENCSTATUS Session::create_input(NV_ENC_CREATE_INPUT_BUFFER *params) {
  const char *call = "nvEncCreateInputBuffer";
  if (params == nullptr) return NV_ENC_ERR_INVALID_PTR;
  CHECK_VERSION(call, params->version, uint32_t{NV_ENC_CREATE_INPUT_BUFFER_VER});
  CHECK_RESERVED(call, params->reserved1);
  CHECK_RESERVED(call, params->reserved2);
  if (const NVENCSTATUS status = require_initialised(call); status != NV_ENC_SUCCESS) return status;
  if (!supported_input_format(params->bufferFmt))
    return fail(call, NV_ENC_ERR_UNSUPPORTED_PARAM,
                std::string("buffer format ") + buffer_format_name(params->bufferFmt), true);
  if (params->width < width_ || params->height < height_ || params->width > max_width_ ||
      params->height > max_height_)
    return fail(call, NV_ENC_ERR_INVALID_PARAM, "buffer size does not fit the encode size");
  auto buffer = std::make_unique<InputBuffer>();
  buffer->owner = this;
  buffer->format = params->bufferFmt;
  buffer->width = params->width;
  buffer->height = params->height;
  buffer->pitch = (row_bytes(params->bufferFmt, params->width) + kPitchAlignment - 1) /
                  kPitchAlignment * kPitchAlignment;
  buffer->memory.resize(buffer_bytes(buffer->format, buffer->pitch, buffer->height));
  params->inputBuffer = buffer.get();
  inputs_[buffer.get()] = std::move(buffer);
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::destroy_input(void *handle) {
  const char *call = "nvEncDestroyInputBuffer";
  const auto found = inputs_.find(handle);
  if (found == inputs_.end())
    return fail(call, NV_ENC_ERR_INVALID_PTR, "not an input buffer of this encoder");
  if (found->second->locked)
    return fail(call, NV_ENC_ERR_LOCK_BUSY, "the input buffer is still locked");
  inputs_.erase(found);
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::lock_input(NV_ENC_LOCK_INPUT_BUFFER *params) {
  const char *call = "nvEncLockInputBuffer";
  if (params == nullptr) return NV_ENC_ERR_INVALID_PTR;
  CHECK_VERSION(call, params->version, uint32_t{NV_ENC_LOCK_INPUT_BUFFER_VER});
  CHECK_RESERVED(call, params->reserved1);
  const auto found = inputs_.find(params->inputBuffer);
  if (found == inputs_.end())
    return fail(call, NV_ENC_ERR_INVALID_PTR, "not an input buffer of this encoder");
  if (found->second->locked)
    return fail(call, NV_ENC_ERR_LOCK_BUSY, "the input buffer is already locked");
  found->second->locked = true;
  params->bufferDataPtr = found->second->memory.data();
  params->pitch = found->second->pitch;
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::unlock_input(void *handle) {
  const char *call = "nvEncUnlockInputBuffer";
  const auto found = inputs_.find(handle);
  if (found == inputs_.end())
    return fail(call, NV_ENC_ERR_INVALID_PTR, "not an input buffer of this encoder");
  if (!found->second->locked)
    return fail(call, NV_ENC_ERR_INVALID_CALL, "the input buffer is not locked");
  found->second->locked = false;
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::create_bitstream(NV_ENC_CREATE_BITSTREAM_BUFFER *params) {
  const char *call = "nvEncCreateBitstreamBuffer";
  if (params == nullptr) return NV_ENC_ERR_INVALID_PTR;
  CHECK_VERSION(call, params->version, uint32_t{NV_ENC_CREATE_BITSTREAM_BUFFER_VER});
  CHECK_RESERVED(call, params->reserved1);
  CHECK_RESERVED(call, params->reserved2);
  if (const NVENCSTATUS status = require_initialised(call); status != NV_ENC_SUCCESS) return status;
  auto buffer = std::make_unique<BitstreamBuffer>();
  buffer->owner = this;
  params->bitstreamBuffer = buffer.get();
  bitstreams_[buffer.get()] = std::move(buffer);
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::destroy_bitstream(void *handle) {
  const char *call = "nvEncDestroyBitstreamBuffer";
  const auto found = bitstreams_.find(handle);
  if (found == bitstreams_.end())
    return fail(call, NV_ENC_ERR_INVALID_PTR, "not a bitstream buffer of this encoder");
  if (found->second->locked)
    return fail(call, NV_ENC_ERR_LOCK_BUSY, "the bitstream buffer is still locked");
  bitstreams_.erase(found);
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::lock_bitstream(NV_ENC_LOCK_BITSTREAM *params) {
  const char *call = "nvEncLockBitstream";
  if (params == nullptr) return NV_ENC_ERR_INVALID_PTR;
  CHECK_VERSION(call, params->version, uint32_t{NV_ENC_LOCK_BITSTREAM_VER});
  CHECK_RESERVED(call, params->reserved1);
  CHECK_RESERVED(call, params->reserved2);
  const auto found = bitstreams_.find(params->outputBitstream);
  if (found == bitstreams_.end())
    return fail(call, NV_ENC_ERR_INVALID_PTR, "not a bitstream buffer of this encoder");
  BitstreamBuffer &buffer = *found->second;
  if (buffer.locked)
    return fail(call, NV_ENC_ERR_LOCK_BUSY, "the bitstream buffer is already locked");
  if (!buffer.has_output)
    return fail(call, NV_ENC_ERR_INVALID_CALL, "no picture was encoded into this buffer");
  buffer.locked = true;
  params->bitstreamBufferPtr = buffer.data.data();
  params->bitstreamSizeInBytes = static_cast<uint32_t>(buffer.data.size());
  params->outputTimeStamp = buffer.timestamp;
  params->frameIdx = buffer.frame_index;
  params->pictureType = buffer.idr ? NV_ENC_PIC_TYPE_IDR : NV_ENC_PIC_TYPE_P;
  params->pictureStruct = NV_ENC_PIC_STRUCT_FRAME;
  params->frameAvgQP = 26;
  params->numSlices = 1;
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::unlock_bitstream(void *handle) {
  const char *call = "nvEncUnlockBitstream";
  const auto found = bitstreams_.find(handle);
  if (found == bitstreams_.end())
    return fail(call, NV_ENC_ERR_INVALID_PTR, "not a bitstream buffer of this encoder");
  if (!found->second->locked)
    return fail(call, NV_ENC_ERR_INVALID_CALL, "the bitstream buffer is not locked");
  found->second->locked = false;
  found->second->has_output = false;
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::register_resource(NV_ENC_REGISTER_RESOURCE *params) {
  const char *call = "nvEncRegisterResource";
  if (params == nullptr) return NV_ENC_ERR_INVALID_PTR;
  CHECK_VERSION(call, params->version, uint32_t{NV_ENC_REGISTER_RESOURCE_VER});
  CHECK_RESERVED(call, params->reserved1);
  CHECK_RESERVED(call, params->reserved2);
  if (const NVENCSTATUS status = require_initialised(call); status != NV_ENC_SUCCESS) return status;
  if (params->resourceType != NV_ENC_INPUT_RESOURCE_TYPE_CUDADEVICEPTR)
    return fail(call, NV_ENC_ERR_UNIMPLEMENTED, "the twin registers CUDA device pointers only",
                true);
  if (params->bufferUsage != NV_ENC_INPUT_IMAGE)
    return fail(call, NV_ENC_ERR_UNIMPLEMENTED, "the twin registers input images only", true);
  if (!supported_input_format(params->bufferFormat))
    return fail(call, NV_ENC_ERR_UNSUPPORTED_PARAM,
                std::string("buffer format ") + buffer_format_name(params->bufferFormat), true);
  if (params->resourceToRegister == nullptr)
    return fail(call, NV_ENC_ERR_INVALID_PTR, "resourceToRegister is NULL");
  if (params->pitch % 4 != 0 || params->pitch < row_bytes(params->bufferFormat, params->width))
    return fail(
        call, NV_ENC_ERR_INVALID_PARAM,
        "pitch " + std::to_string(params->pitch) + " is not a multiple of 4 covering a row");
  auto registration = std::make_unique<Registration>();
  registration->owner = this;
  registration->pointer = static_cast<uint8_t *>(params->resourceToRegister);
  registration->format = params->bufferFormat;
  registration->width = params->width;
  registration->height = params->height;
  registration->pitch = params->pitch;
  params->registeredResource = registration.get();
  registrations_[registration.get()] = std::move(registration);
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::unregister_resource(void *handle) {
  const char *call = "nvEncUnregisterResource";
  const auto found = registrations_.find(handle);
  if (found == registrations_.end())
    return fail(call, NV_ENC_ERR_RESOURCE_NOT_REGISTERED,
                "not a resource registered with this encoder");
  if (found->second->mapped)
    return fail(call, NV_ENC_ERR_INVALID_CALL, "the resource is still mapped");
  registrations_.erase(found);
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::map(NV_ENC_MAP_INPUT_RESOURCE *params) {
  const char *call = "nvEncMapInputResource";
  if (params == nullptr) return NV_ENC_ERR_INVALID_PTR;
  CHECK_VERSION(call, params->version, uint32_t{NV_ENC_MAP_INPUT_RESOURCE_VER});
  CHECK_RESERVED(call, params->reserved1);
  CHECK_RESERVED(call, params->reserved2);
  const auto found = registrations_.find(params->registeredResource);
  if (found == registrations_.end())
    return fail(call, NV_ENC_ERR_RESOURCE_NOT_REGISTERED,
                "not a resource registered with this encoder");
  if (found->second->mapped)
    return fail(call, NV_ENC_ERR_MAP_FAILED, "the resource is already mapped");
  found->second->mapped = true;
  auto mapping = std::make_unique<Mapping>(Mapping{found->second.get()});
  params->mappedResource = mapping.get();
  params->mappedBufferFmt = found->second->format;
  mappings_[mapping.get()] = std::move(mapping);
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::unmap(void *handle) {
  const char *call = "nvEncUnmapInputResource";
  const auto found = mappings_.find(handle);
  if (found == mappings_.end())
    return fail(call, NV_ENC_ERR_RESOURCE_NOT_MAPPED, "not a resource mapped by this encoder");
  found->second->registration->mapped = false;
  mappings_.erase(found);
  return NV_ENC_SUCCESS;
}

}  // namespace pfhost::nvenc_twin
