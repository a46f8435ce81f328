// One NVENC encode session of the twin: the state a real driver keeps per encoder (initialised or
// not, buffers and registrations it handed out, their lock and map state) and the checks it makes
// on every call. Each method is one NVENC entry point (device_queries.cpp: lists and caps;
// session_buffers.cpp: buffers and registrations; encode_session.cpp: the rest); nvenc_entry.cpp
// routes the C calls here after finding the session.
#pragma once

#include <ffnvcodec/nvEncodeAPI.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "picture.hpp"
#include "software_encoder.hpp"

namespace pfhost::nvenc_twin {

class Session;

// Every handle the twin hands out points at one of these; `owner` says which session made it.
struct InputBuffer {
  Session *owner;
  NV_ENC_BUFFER_FORMAT format;
  uint32_t width, height, pitch;
  std::vector<uint8_t> memory;
  bool locked = false;
};
struct BitstreamBuffer {
  Session *owner;
  std::vector<uint8_t> data;
  bool has_output = false;
  bool locked = false;
  bool idr = false;
  uint32_t frame_index = 0;
  uint64_t timestamp = 0;
};
struct Registration {
  Session *owner;
  uint8_t *pointer;
  NV_ENC_BUFFER_FORMAT format;
  uint32_t width, height, pitch;
  bool mapped = false;
};
// What nvEncMapInputResource hands out: a handle of its own, distinct from the registration, so a
// client that encodes the registration handle (or an unmapped one) is caught.
struct Mapping {
  Registration *registration;
};

class Session {
 public:
  explicit Session(void *cuda_context);
  ~Session();
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;

  const char *last_error() const noexcept { return last_error_.c_str(); }

  NVENCSTATUS guid_count(uint32_t *count);
  NVENCSTATUS guids(GUID *out, uint32_t size, uint32_t *count);
  NVENCSTATUS profile_guid_count(GUID codec, uint32_t *count);
  NVENCSTATUS profile_guids(GUID codec, GUID *out, uint32_t size, uint32_t *count);
  NVENCSTATUS preset_guid_count(GUID codec, uint32_t *count);
  NVENCSTATUS preset_guids(GUID codec, GUID *out, uint32_t size, uint32_t *count);
  NVENCSTATUS input_format_count(GUID codec, uint32_t *count);
  NVENCSTATUS input_formats(GUID codec, NV_ENC_BUFFER_FORMAT *out, uint32_t size, uint32_t *count);
  NVENCSTATUS caps(GUID codec, NV_ENC_CAPS_PARAM *param, int *value);
  NVENCSTATUS preset_config(GUID codec, GUID preset, NV_ENC_TUNING_INFO tuning,
                            NV_ENC_PRESET_CONFIG *config);
  NVENCSTATUS initialize(const NV_ENC_INITIALIZE_PARAMS *params);
  NVENCSTATUS reconfigure(const NV_ENC_RECONFIGURE_PARAMS *params);
  NVENCSTATUS sequence_params(NV_ENC_SEQUENCE_PARAM_PAYLOAD *payload);
  NVENCSTATUS create_input(NV_ENC_CREATE_INPUT_BUFFER *params);
  NVENCSTATUS destroy_input(void *buffer);
  NVENCSTATUS lock_input(NV_ENC_LOCK_INPUT_BUFFER *params);
  NVENCSTATUS unlock_input(void *buffer);
  NVENCSTATUS create_bitstream(NV_ENC_CREATE_BITSTREAM_BUFFER *params);
  NVENCSTATUS destroy_bitstream(void *buffer);
  NVENCSTATUS lock_bitstream(NV_ENC_LOCK_BITSTREAM *params);
  NVENCSTATUS unlock_bitstream(void *buffer);
  NVENCSTATUS register_resource(NV_ENC_REGISTER_RESOURCE *params);
  NVENCSTATUS unregister_resource(void *registration);
  NVENCSTATUS map(NV_ENC_MAP_INPUT_RESOURCE *params);
  NVENCSTATUS unmap(void *mapped);
  NVENCSTATUS encode(const NV_ENC_PIC_PARAMS *params);
  // The report line written when the session ends, with what the client left behind.
  std::string closing_report() const;

  // A failed check: records the reason for nvEncGetLastErrorString, reports a contract violation
  // (unless `expected`: a limit of the device rather than a client mistake) and returns status.
  NVENCSTATUS fail(const char *call, NVENCSTATUS status, const std::string &why,
                   bool expected = false);

 private:
  NVENCSTATUS require_initialised(const char *call);
  EncoderSettings settings_from(const NV_ENC_INITIALIZE_PARAMS &params,
                                const NV_ENC_CONFIG &config) const;
  NVENCSTATUS check_config(const char *call, const NV_ENC_INITIALIZE_PARAMS &params,
                           const NV_ENC_CONFIG &config);
  const uint8_t *input_pixels(const char *call, void *handle, NV_ENC_BUFFER_FORMAT format,
                              uint32_t &pitch, uint32_t &height_allocated, NVENCSTATUS &status);

  void *cuda_context_;
  std::string last_error_ = "no error";
  bool initialised_ = false;
  bool hevc_ = false;
  uint32_t width_ = 0, height_ = 0, max_width_ = 0, max_height_ = 0;
  NV_ENC_CONFIG config_{};
  NV_ENC_INITIALIZE_PARAMS init_params_{};
  std::unique_ptr<SoftwareEncoder> encoder_;
  I420Picture picture_;
  std::map<void *, std::unique_ptr<InputBuffer>> inputs_;
  std::map<void *, std::unique_ptr<BitstreamBuffer>> bitstreams_;
  std::map<void *, std::unique_ptr<Registration>> registrations_;
  std::map<void *, std::unique_ptr<Mapping>> mappings_;
  uint64_t frames_ = 0;
  uint64_t idr_frames_ = 0;
  uint64_t reconfigurations_ = 0;
};

}  // namespace pfhost::nvenc_twin
