// The NVENC twin's libnvidia-encode.so.1: the two exported entry points and the function list.
// Each function finds the session the encoder handle names (an unknown handle is an error, as on
// a real driver) and hands the call to it; one lock serialises the twin, which keeps no
// per-thread state.
#include <ffnvcodec/nvEncodeAPI.h>

#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "cuda_twin.h"
#include "encode_session.hpp"
#include "twin_control.hpp"

#define TWIN_EXPORT extern "C" __attribute__((visibility("default")))

namespace pfhost::nvenc_twin {
namespace {

// The API version of the headers the twin was built with, in NvEncodeAPIGetMaxSupportedVersion's
// encoding (major << 4 | minor).
constexpr uint32_t kSupportedVersion = (NVENCAPI_MAJOR_VERSION << 4) | NVENCAPI_MINOR_VERSION;
constexpr uint32_t kTooOldVersion = (NVENCAPI_MAJOR_VERSION << 4) | 0;

std::mutex twin_mutex;
std::set<Session *> &sessions() {
  static std::set<Session *> live;
  return live;
}

Session *find(void *encoder) {
  auto *session = static_cast<Session *>(encoder);
  return sessions().count(session) != 0 ? session : nullptr;
}

// Runs `body` on the session behind `encoder` under the twin's lock.
template <class Body>
NVENCSTATUS with_session(const char *call, void *encoder, Body body) {
  std::lock_guard lock(twin_mutex);
  Session *session = find(encoder);
  if (session == nullptr) {
    report_violation(call, "encoder handle is not a live session");
    return NV_ENC_ERR_INVALID_ENCODERDEVICE;
  }
  return body(*session);
}

NVENCSTATUS NVENCAPI open_session_ex(NV_ENC_OPEN_ENCODE_SESSION_EX_PARAMS *params, void **encoder) {
  const char *call = "nvEncOpenEncodeSessionEx";
  if (params == nullptr || encoder == nullptr) return NV_ENC_ERR_INVALID_PTR;
  *encoder = nullptr;
  if (params->version != NV_ENC_OPEN_ENCODE_SESSION_EX_PARAMS_VER) {
    report_violation(call, "version field is not NV_ENC_OPEN_ENCODE_SESSION_EX_PARAMS_VER");
    return NV_ENC_ERR_INVALID_VERSION;
  }
  const uint32_t requested = ((params->apiVersion & 0xff) << 4) | (params->apiVersion >> 24);
  if (requested > kSupportedVersion) {
    report("open refused api=" + std::to_string(params->apiVersion & 0xff) + "." +
           std::to_string(params->apiVersion >> 24));
    return NV_ENC_ERR_INVALID_VERSION;
  }
  if (params->reserved != nullptr) {
    report_violation(call, "reserved is not NULL");
    return NV_ENC_ERR_INVALID_PARAM;
  }
  for (uint32_t value : params->reserved1)
    if (value != 0) {
      report_violation(call, "reserved field reserved1 is not zero");
      return NV_ENC_ERR_INVALID_PARAM;
    }
  if (params->deviceType != NV_ENC_DEVICE_TYPE_CUDA) return NV_ENC_ERR_UNSUPPORTED_DEVICE;
  const auto *context = static_cast<const pfhost_cuda_twin_context *>(params->device);
  if (context == nullptr || context->magic != PFHOST_CUDA_TWIN_CONTEXT_MAGIC) {
    report_violation(call, "device is not a CUcontext of this libcuda");
    return NV_ENC_ERR_INVALID_DEVICE;
  }
  if (faults().session_limit) {
    report("fault session_limit");
    return NV_ENC_ERR_OUT_OF_MEMORY;  // what consumer GPUs answer past their session limit
  }
  std::lock_guard lock(twin_mutex);
  auto session = std::make_unique<Session>(params->device);
  *encoder = session.get();
  sessions().insert(session.release());
  report(std::string("open device=\"") + PFHOST_CUDA_TWIN_DEVICE_NAME + "\"");
  return NV_ENC_SUCCESS;
}

NVENCSTATUS NVENCAPI open_session(void *, uint32_t, void **) {
  return NV_ENC_ERR_UNIMPLEMENTED;  // the pre-Ex call; no client of API 11 uses it
}

NVENCSTATUS NVENCAPI destroy_encoder(void *encoder) {
  std::lock_guard lock(twin_mutex);
  Session *session = find(encoder);
  if (session == nullptr) {
    report_violation("nvEncDestroyEncoder", "encoder handle is not a live session");
    return NV_ENC_ERR_INVALID_ENCODERDEVICE;
  }
  report(session->closing_report());
  sessions().erase(session);
  delete session;
  return NV_ENC_SUCCESS;
}

const char *NVENCAPI last_error(void *encoder) {
  std::lock_guard lock(twin_mutex);
  Session *session = find(encoder);
  return session != nullptr ? session->last_error() : "invalid encoder handle";
}

NVENCSTATUS NVENCAPI guid_count(void *e, uint32_t *count) {
  return with_session("nvEncGetEncodeGUIDCount", e,
                      [&](Session &s) { return s.guid_count(count); });
}
NVENCSTATUS NVENCAPI guids(void *e, GUID *out, uint32_t size, uint32_t *count) {
  return with_session("nvEncGetEncodeGUIDs", e,
                      [&](Session &s) { return s.guids(out, size, count); });
}
NVENCSTATUS NVENCAPI profile_count(void *e, GUID codec, uint32_t *count) {
  return with_session("nvEncGetEncodeProfileGUIDCount", e,
                      [&](Session &s) { return s.profile_guid_count(codec, count); });
}
NVENCSTATUS NVENCAPI profiles(void *e, GUID codec, GUID *out, uint32_t size, uint32_t *count) {
  return with_session("nvEncGetEncodeProfileGUIDs", e,
                      [&](Session &s) { return s.profile_guids(codec, out, size, count); });
}
NVENCSTATUS NVENCAPI preset_count(void *e, GUID codec, uint32_t *count) {
  return with_session("nvEncGetEncodePresetCount", e,
                      [&](Session &s) { return s.preset_guid_count(codec, count); });
}
NVENCSTATUS NVENCAPI presets(void *e, GUID codec, GUID *out, uint32_t size, uint32_t *count) {
  return with_session("nvEncGetEncodePresetGUIDs", e,
                      [&](Session &s) { return s.preset_guids(codec, out, size, count); });
}
NVENCSTATUS NVENCAPI format_count(void *e, GUID codec, uint32_t *count) {
  return with_session("nvEncGetInputFormatCount", e,
                      [&](Session &s) { return s.input_format_count(codec, count); });
}
NVENCSTATUS NVENCAPI formats(void *e, GUID codec, NV_ENC_BUFFER_FORMAT *out, uint32_t size,
                             uint32_t *count) {
  return with_session("nvEncGetInputFormats", e,
                      [&](Session &s) { return s.input_formats(codec, out, size, count); });
}
NVENCSTATUS NVENCAPI caps(void *e, GUID codec, NV_ENC_CAPS_PARAM *param, int *value) {
  return with_session("nvEncGetEncodeCaps", e,
                      [&](Session &s) { return s.caps(codec, param, value); });
}
NVENCSTATUS NVENCAPI preset_config(void *e, GUID codec, GUID preset, NV_ENC_PRESET_CONFIG *config) {
  return with_session("nvEncGetEncodePresetConfig", e, [&](Session &s) {
    return s.preset_config(codec, preset, NV_ENC_TUNING_INFO_HIGH_QUALITY, config);
  });
}
NVENCSTATUS NVENCAPI preset_config_ex(void *e, GUID codec, GUID preset, NV_ENC_TUNING_INFO tuning,
                                      NV_ENC_PRESET_CONFIG *config) {
  return with_session("nvEncGetEncodePresetConfigEx", e,
                      [&](Session &s) { return s.preset_config(codec, preset, tuning, config); });
}
NVENCSTATUS NVENCAPI initialize(void *e, NV_ENC_INITIALIZE_PARAMS *params) {
  return with_session("nvEncInitializeEncoder", e,
                      [&](Session &s) { return s.initialize(params); });
}
NVENCSTATUS NVENCAPI reconfigure(void *e, NV_ENC_RECONFIGURE_PARAMS *params) {
  return with_session("nvEncReconfigureEncoder", e,
                      [&](Session &s) { return s.reconfigure(params); });
}
NVENCSTATUS NVENCAPI sequence_params(void *e, NV_ENC_SEQUENCE_PARAM_PAYLOAD *payload) {
  return with_session("nvEncGetSequenceParams", e,
                      [&](Session &s) { return s.sequence_params(payload); });
}
NVENCSTATUS NVENCAPI create_input(void *e, NV_ENC_CREATE_INPUT_BUFFER *params) {
  return with_session("nvEncCreateInputBuffer", e,
                      [&](Session &s) { return s.create_input(params); });
}
NVENCSTATUS NVENCAPI destroy_input(void *e, NV_ENC_INPUT_PTR buffer) {
  return with_session("nvEncDestroyInputBuffer", e,
                      [&](Session &s) { return s.destroy_input(buffer); });
}
NVENCSTATUS NVENCAPI lock_input(void *e, NV_ENC_LOCK_INPUT_BUFFER *params) {
  return with_session("nvEncLockInputBuffer", e, [&](Session &s) { return s.lock_input(params); });
}
NVENCSTATUS NVENCAPI unlock_input(void *e, NV_ENC_INPUT_PTR buffer) {
  return with_session("nvEncUnlockInputBuffer", e,
                      [&](Session &s) { return s.unlock_input(buffer); });
}
NVENCSTATUS NVENCAPI create_bitstream(void *e, NV_ENC_CREATE_BITSTREAM_BUFFER *params) {
  return with_session("nvEncCreateBitstreamBuffer", e,
                      [&](Session &s) { return s.create_bitstream(params); });
}
NVENCSTATUS NVENCAPI destroy_bitstream(void *e, NV_ENC_OUTPUT_PTR buffer) {
  return with_session("nvEncDestroyBitstreamBuffer", e,
                      [&](Session &s) { return s.destroy_bitstream(buffer); });
}
NVENCSTATUS NVENCAPI lock_bitstream(void *e, NV_ENC_LOCK_BITSTREAM *params) {
  return with_session("nvEncLockBitstream", e,
                      [&](Session &s) { return s.lock_bitstream(params); });
}
NVENCSTATUS NVENCAPI unlock_bitstream(void *e, NV_ENC_OUTPUT_PTR buffer) {
  return with_session("nvEncUnlockBitstream", e,
                      [&](Session &s) { return s.unlock_bitstream(buffer); });
}
NVENCSTATUS NVENCAPI register_resource(void *e, NV_ENC_REGISTER_RESOURCE *params) {
  return with_session("nvEncRegisterResource", e,
                      [&](Session &s) { return s.register_resource(params); });
}
NVENCSTATUS NVENCAPI unregister_resource(void *e, NV_ENC_REGISTERED_PTR registration) {
  return with_session("nvEncUnregisterResource", e,
                      [&](Session &s) { return s.unregister_resource(registration); });
}
NVENCSTATUS NVENCAPI map(void *e, NV_ENC_MAP_INPUT_RESOURCE *params) {
  return with_session("nvEncMapInputResource", e, [&](Session &s) { return s.map(params); });
}
NVENCSTATUS NVENCAPI unmap(void *e, NV_ENC_INPUT_PTR mapped) {
  return with_session("nvEncUnmapInputResource", e, [&](Session &s) { return s.unmap(mapped); });
}
// Every twin CUDA operation completes before it returns, so the streams need no ordering.
NVENCSTATUS NVENCAPI set_streams(void *e, NV_ENC_CUSTREAM_PTR, NV_ENC_CUSTREAM_PTR) {
  return with_session("nvEncSetIOCudaStreams", e, [](Session &) { return NV_ENC_SUCCESS; });
}
NVENCSTATUS NVENCAPI encode(void *e, NV_ENC_PIC_PARAMS *params) {
  return with_session("nvEncEncodePicture", e, [&](Session &s) { return s.encode(params); });
}

// Entry points the twin does not model (motion-estimation-only mode, async events, statistics):
// a real driver without the feature answers the same.
NVENCSTATUS NVENCAPI unimplemented_stats(void *, NV_ENC_STAT *) {
  return NV_ENC_ERR_UNIMPLEMENTED;
}
NVENCSTATUS NVENCAPI unimplemented_event(void *, NV_ENC_EVENT_PARAMS *) {
  return NV_ENC_ERR_UNIMPLEMENTED;
}
NVENCSTATUS NVENCAPI unimplemented_invalidate(void *, uint64_t) {
  return NV_ENC_ERR_UNIMPLEMENTED;
}
NVENCSTATUS NVENCAPI unimplemented_create_mv(void *, NV_ENC_CREATE_MV_BUFFER *) {
  return NV_ENC_ERR_UNIMPLEMENTED;
}
NVENCSTATUS NVENCAPI unimplemented_destroy_mv(void *, NV_ENC_OUTPUT_PTR) {
  return NV_ENC_ERR_UNIMPLEMENTED;
}
NVENCSTATUS NVENCAPI unimplemented_me_only(void *, NV_ENC_MEONLY_PARAMS *) {
  return NV_ENC_ERR_UNIMPLEMENTED;
}
NVENCSTATUS NVENCAPI unimplemented_sequence_ex(void *, NV_ENC_INITIALIZE_PARAMS *,
                                               NV_ENC_SEQUENCE_PARAM_PAYLOAD *) {
  return NV_ENC_ERR_UNIMPLEMENTED;
}

}  // namespace
}  // namespace pfhost::nvenc_twin

using namespace pfhost::nvenc_twin;

TWIN_EXPORT NVENCSTATUS NVENCAPI NvEncodeAPIGetMaxSupportedVersion(uint32_t *version) {
  if (version == nullptr) return NV_ENC_ERR_INVALID_PTR;
  *version = faults().driver_too_old ? kTooOldVersion : kSupportedVersion;
  if (faults().driver_too_old) report("fault driver_too_old");
  return NV_ENC_SUCCESS;
}

TWIN_EXPORT NVENCSTATUS NVENCAPI NvEncodeAPICreateInstance(NV_ENCODE_API_FUNCTION_LIST *list) {
  if (list == nullptr) return NV_ENC_ERR_INVALID_PTR;
  if (list->version != NV_ENCODE_API_FUNCTION_LIST_VER) {
    report_violation("NvEncodeAPICreateInstance", "version is not NV_ENCODE_API_FUNCTION_LIST_VER");
    return NV_ENC_ERR_INVALID_VERSION;
  }
  list->nvEncOpenEncodeSession = open_session;
  list->nvEncGetEncodeGUIDCount = guid_count;
  list->nvEncGetEncodeProfileGUIDCount = profile_count;
  list->nvEncGetEncodeProfileGUIDs = profiles;
  list->nvEncGetEncodeGUIDs = guids;
  list->nvEncGetInputFormatCount = format_count;
  list->nvEncGetInputFormats = formats;
  list->nvEncGetEncodeCaps = caps;
  list->nvEncGetEncodePresetCount = preset_count;
  list->nvEncGetEncodePresetGUIDs = presets;
  list->nvEncGetEncodePresetConfig = preset_config;
  list->nvEncInitializeEncoder = initialize;
  list->nvEncCreateInputBuffer = create_input;
  list->nvEncDestroyInputBuffer = destroy_input;
  list->nvEncCreateBitstreamBuffer = create_bitstream;
  list->nvEncDestroyBitstreamBuffer = destroy_bitstream;
  list->nvEncEncodePicture = encode;
  list->nvEncLockBitstream = lock_bitstream;
  list->nvEncUnlockBitstream = unlock_bitstream;
  list->nvEncLockInputBuffer = lock_input;
  list->nvEncUnlockInputBuffer = unlock_input;
  list->nvEncGetEncodeStats = unimplemented_stats;
  list->nvEncGetSequenceParams = sequence_params;
  list->nvEncRegisterAsyncEvent = unimplemented_event;
  list->nvEncUnregisterAsyncEvent = unimplemented_event;
  list->nvEncMapInputResource = map;
  list->nvEncUnmapInputResource = unmap;
  list->nvEncDestroyEncoder = destroy_encoder;
  list->nvEncInvalidateRefFrames = unimplemented_invalidate;
  list->nvEncOpenEncodeSessionEx = open_session_ex;
  list->nvEncRegisterResource = register_resource;
  list->nvEncUnregisterResource = unregister_resource;
  list->nvEncReconfigureEncoder = reconfigure;
  list->nvEncCreateMVBuffer = unimplemented_create_mv;
  list->nvEncDestroyMVBuffer = unimplemented_destroy_mv;
  list->nvEncRunMotionEstimationOnly = unimplemented_me_only;
  list->nvEncGetLastErrorString = last_error;
  list->nvEncSetIOCudaStreams = set_streams;
  list->nvEncGetEncodePresetConfigEx = preset_config_ex;
  list->nvEncGetSequenceParamEx = unimplemented_sequence_ex;
  return NV_ENC_SUCCESS;
}
