// Host-side wrappers of a capture plugin's C vtable: CaptureBackend (what a plugin offers) and
// LiveCapture (one open capture, closed in its destructor). Errors become BackendError.
#pragma once

#include <pfhost/capture.h>
#include <pfhost/encode.h>

#include "backends/frame_ref.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace pfhost::core {

// What one next_frame()/try_latest() call gave: a frame (status PFHOST_OK), or a status with the
// plugin's reason (PFHOST_E_TIMEOUT "negotiated but no buffers", PFHOST_E_CLOSED...).
struct CaptureResult {
  pfhost_status status = PFHOST_E_INTERNAL;
  FrameRef frame;
  std::string reason;
};

// One open capture. Not thread-safe: the ABI allows one session thread at a time per call, which
// the session guarantees. Destroying it calls close(), which joins the plugin's threads.
class LiveCapture {
 public:
  LiveCapture(std::string backend_name, const pfhost_capture_vtable &table,
              pfhost_capture *capture) noexcept;
  LiveCapture(const LiveCapture &) = delete;
  LiveCapture &operator=(const LiveCapture &) = delete;
  ~LiveCapture();

  // Waits up to `timeout` for a frame newer than the last one handed out.
  CaptureResult next_frame(std::chrono::milliseconds timeout);
  // Non-blocking newest frame; PFHOST_E_AGAIN when none is newer, PFHOST_E_UNSUPPORTED when the
  // plugin lacks the optional method.
  CaptureResult try_latest();
  // Pauses/resumes; PFHOST_E_UNSUPPORTED when the plugin lacks the optional method.
  pfhost_status set_active(bool active);

  const std::string &backend_name() const noexcept { return name_; }

 private:
  std::string name_;
  pfhost_capture_vtable table_;
  pfhost_capture *capture_;
};

// A capture backend as a plugin declares it. Cheap to copy. Handed out by PluginCatalog::capture.
class CaptureBackend {
 public:
  // `table` is a host-sized copy the loader validated (required members present, optional ones
  // NULL when the plugin's table does not reach them).
  CaptureBackend(std::string name, const pfhost_capture_vtable &table, void *plugin_ctx);

  const std::string &name() const noexcept { return name_; }
  uint32_t target_kinds() const noexcept { return table_.target_kinds; }
  uint32_t memory_kinds() const noexcept { return table_.memory_kinds; }
  uint64_t pixel_formats() const noexcept { return table_.pixel_formats; }
  bool accepts(pfhost_target_kind kind) const noexcept {
    return (table_.target_kinds & (1u << kind)) != 0;
  }
  bool has_try_latest() const noexcept { return table_.try_latest != nullptr; }
  bool has_set_active() const noexcept { return table_.set_active != nullptr; }

  // Opens a capture; throws BackendError with the plugin's status and reason.
  std::unique_ptr<LiveCapture> open(const pfhost_capture_params &params) const;

 private:
  std::string name_;
  pfhost_capture_vtable table_;
  void *plugin_ctx_;
};

// Capture parameters asking for `target` at `mode`, offering what `encoder` takes without a copy
// (formats, memory kinds). The returned struct points at `target`: keep it alive until open().
pfhost_capture_params capture_params_for(const pfhost_target &target, const pfhost_mode &mode,
                                         const pfhost_encoder_caps &encoder);

}  // namespace pfhost::core
