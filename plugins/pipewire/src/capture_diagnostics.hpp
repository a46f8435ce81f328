// What the capture knows about its stream, for the reasons next_frame() gives on a timeout.
//
// The PipeWire thread updates it (negotiation in param_changed, counters in process); the session
// thread reads a snapshot when a wait times out. The two classic "black screen" causes — the
// format never negotiated (wrong node, no session manager, no common format) versus a negotiated
// stream whose producer sends nothing (compositors send frames only on damage) — get different
// texts. Per-frame updates never allocate: text fields point at static strings.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

namespace pfhost::pipewire {

struct CaptureDiagnostics {
  uint32_t node_id = 0;
  std::string media_class;  // of the target node, from the registry ("" if unknown)
  const char *stream_state = "unconnected";  // pw_stream_state_as_string()
  bool active = true;                        // set_active()
  bool negotiated = false;                   // a format is agreed right now
  bool ever_negotiated = false;
  uint32_t width = 0;
  uint32_t height = 0;
  const char *format_name = "";  // "BGRx"...
  bool dmabuf = false;           // negotiated with a modifier (dma-buf frames)
  uint64_t modifier = 0;
  uint64_t buffers_received = 0;  // buffers process() saw (newest of each burst)
  uint64_t frames_accepted = 0;   // buffers that became frames
  uint64_t buffers_skipped = 0;   // refused by validation (corrupted, empty, out of bounds...)
  const char *last_skip_reason = "";
};

// The reason for a next_frame() timeout after `timeout_ms`.
std::string describe_timeout(const CaptureDiagnostics &d, uint32_t timeout_ms);

// "1366x768 BGRx" (or "1366x768 BGRx dma-buf modifier 0x...").
std::string describe_format(const CaptureDiagnostics &d);

// A mutex-protected CaptureDiagnostics.
class DiagnosticsBoard {
 public:
  template <class Fn>
  void update(Fn &&fn) {
    std::lock_guard lock(mutex_);
    fn(state_);
  }
  CaptureDiagnostics snapshot() const {
    std::lock_guard lock(mutex_);
    return state_;
  }

 private:
  mutable std::mutex mutex_;
  CaptureDiagnostics state_;
};

}  // namespace pfhost::pipewire
