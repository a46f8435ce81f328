// A fake capture backend behind a real pfhost_capture_vtable (C function pointers), so the
// session is exercised through exactly the boundary plugins use. One FakeCapturePlugin is the
// plugin_ctx; its knobs shape the frames of the captures it opens.
#pragma once

#include <pfhost/capture.h>

#include "event_log.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace pfhost::test {

struct FakeSourceScript {
  uint32_t width = 64;
  uint32_t height = 48;
  uint32_t pixel_format = PFHOST_PIXEL_FORMAT_BGRX;
  uint32_t memory = PFHOST_MEMORY_CPU;  // pfhost_memory_kind of the frames
  // Time between frames; zero = a static screen: one frame, then only timeouts.
  std::chrono::microseconds interval{0};
  // Frame k is due at the first frame's time + k * interval (a display's own steady clock),
  // instead of one interval after the previous frame went out (which runs slow by the polling).
  bool on_schedule = false;
  // With on_schedule: odd frames come this much late and even ones this much early (a loaded
  // machine's jitter around a steady clock).
  std::chrono::microseconds jitter{0};
  uint64_t sequence_step = 1;                  // > 1 simulates frames dropped at the source
  std::chrono::milliseconds timestamp_age{0};  // timestamp_ns = now - age
  long close_after_frames = -1;                // E_CLOSED once this many frames went out
  bool never_produce = false;                  // only timeouts, with timeout_reason
  std::string timeout_reason = "no damage";
  std::string closed_reason = "fake source gone";
};

class FakeCapturePlugin {
 public:
  explicit FakeCapturePlugin(EventLog *log = nullptr, FakeSourceScript script = {})
      : width_(script.width),
        height_(script.height),
        pixel_format_(script.pixel_format),
        memory_(script.memory),
        log_(log),
        script_(std::move(script)) {}

  static const pfhost_capture_vtable *vtable();
  void *ctx() { return this; }

  // Thread-safe knobs for a running capture.
  void set_size(uint32_t width, uint32_t height) {
    width_.store(width);
    height_.store(height);
  }
  // A source renegotiating mid-stream (another pixel format, or frames moving between CPU and
  // GPU memory) at the same size; later frames carry the new value.
  void set_pixel_format(uint32_t format) { pixel_format_.store(format); }
  void set_memory(uint32_t memory) { memory_.store(memory); }
  void emit_frame() { emit_.store(true); }  // a static source sends one more frame
  void close_source() { closed_.store(true); }

  const FakeSourceScript &script() const { return script_; }
  EventLog *log() const { return log_; }

  std::atomic<uint32_t> width_{0}, height_{0};  // used by the vtable functions
  std::atomic<uint32_t> pixel_format_{0}, memory_{0};
  std::atomic<bool> emit_{false}, closed_{false};

  std::atomic<uint64_t> frames_out{0};
  std::atomic<uint64_t> frames_released{0};
  std::atomic<int> opens{0};
  std::atomic<int> closes{0};

 private:
  EventLog *log_;
  FakeSourceScript script_;
};

}  // namespace pfhost::test
