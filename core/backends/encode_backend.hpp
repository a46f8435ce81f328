// Host-side wrappers of an encode plugin's C vtable: EncodeBackend (what a plugin offers) and
// LiveEncoder (one open encoder, closed in its destructor). Errors become BackendError.
#pragma once

#include <pfhost/encode.h>

#include "backends/encoded_packet.hpp"
#include "backends/reason_buffer.hpp"

#include <memory>
#include <string>

namespace pfhost::core {

// One open encoder. Not thread-safe: the ABI allows one session thread at a time.
class LiveEncoder {
 public:
  LiveEncoder(std::string backend_name, const pfhost_encode_vtable &table, pfhost_encoder *encoder,
              const pfhost_encoder_params &params) noexcept;
  LiveEncoder(const LiveEncoder &) = delete;
  LiveEncoder &operator=(const LiveEncoder &) = delete;
  ~LiveEncoder();

  // Encodes one frame (borrowed for the call); flags are PFHOST_SUBMIT_*. A keyframe is asked for
  // with PFHOST_SUBMIT_FORCE_KEYFRAME, the one keyframe path of the ABI. Throws BackendError.
  void submit(const pfhost_frame &frame, uint32_t flags);
  // Takes the next finished packet into `out` and returns true, or returns false when none is
  // ready (PFHOST_E_AGAIN). The packet's bytes stay valid until the next call on this encoder.
  // Throws BackendError on a real failure.
  bool receive(EncodedPacket &out);
  // Drains: afterwards receive() yields the remaining packets. A plugin without flush has nothing
  // buffered by contract (it is optional), so this is then a no-op. Throws BackendError.
  void flush();
  // PFHOST_E_UNSUPPORTED when the plugin lacks the optional method.
  pfhost_status set_bitrate(uint32_t kbps);

  const std::string &backend_name() const noexcept { return name_; }
  // What it was opened with (the size, format and rate the session asked for).
  const pfhost_encoder_params &params() const noexcept { return params_; }

 private:
  std::string name_;
  pfhost_encode_vtable table_;
  pfhost_encoder *encoder_;
  pfhost_encoder_params params_;
  ReasonBuffer reason_;
  pfhost_packet packet_{};
};

// An encode backend as a plugin declares it. Cheap to copy. Handed out by PluginCatalog::encode.
class EncodeBackend {
 public:
  // `table` is a host-sized copy the loader validated (required members present, optional ones
  // NULL when the plugin's table does not reach them).
  EncodeBackend(std::string name, const pfhost_encode_vtable &table, void *plugin_ctx);

  const std::string &name() const noexcept { return name_; }
  bool has_set_bitrate() const noexcept { return table_.set_bitrate != nullptr; }

  // What the encoder can do here. Throws BackendError.
  pfhost_encoder_caps caps() const;
  // Opens an encoder (params.preset is borrowed for the call). Throws BackendError.
  std::unique_ptr<LiveEncoder> open(const pfhost_encoder_params &params) const;

 private:
  std::string name_;
  pfhost_encode_vtable table_;
  void *plugin_ctx_;
};

// "H.264", "HEVC", "AV1" for messages.
const char *codec_name(uint32_t codec) noexcept;

}  // namespace pfhost::core
