// One live capture of a PipeWire node: the object behind the ABI's pfhost_capture.
//
// Composes the daemon connection (its own loop thread), the consumer stream on it, the frame
// hand-over and the diagnostics that explain timeouts. Destruction is deterministic: the stream
// is torn down, then the loop thread is quit and joined before the destructor returns; frames
// the host still holds stay valid until released.
#pragma once

#include "capture_diagnostics.hpp"
#include "capture_stream.hpp"
#include "frame_memory.hpp"

#include <pfhost/pipewire/pw_connection.hpp>
#include <pfhost/plugin.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace pfhost::pipewire {

struct CaptureOptions {
  uint32_t node_id = 0;
  int remote_fd = -1;  // >= 0: a portal's PipeWire remote, borrowed (we connect with a dup)
  pfhost_mode mode{};
  uint64_t accepted_formats = 0;
  std::vector<uint64_t> dmabuf_modifiers;  // non-empty = offer dma-buf (the encoder imports it)
  size_t frame_slots = 3;
  std::chrono::milliseconds connect_timeout{2000};
};

class PipeWireCapture {
 public:
  // Connects and starts negotiation; does not wait for a frame. Throws pfhost::Error, e.g.
  // E_UNAVAILABLE "PipeWire node 42 does not exist ..." for a node the daemon does not know.
  PipeWireCapture(const CaptureOptions &options, const pfhost::Host &host);
  ~PipeWireCapture();
  PipeWireCapture(const PipeWireCapture &) = delete;
  PipeWireCapture &operator=(const PipeWireCapture &) = delete;

  // [one session thread at a time]
  pfhost_status next_frame(uint32_t timeout_ms, pfhost_frame **out, std::string *reason);
  pfhost_status try_latest(pfhost_frame **out);
  void set_active(bool active);

 private:
  uint32_t node_id_;
  pfhost::Host host_;
  std::shared_ptr<FrameHandover> handover_;
  DiagnosticsBoard diagnostics_;
  std::unique_ptr<PwConnection> connection_;
  std::unique_ptr<CaptureStream> stream_;
};

}  // namespace pfhost::pipewire
