// Drives pfhost-pipewire.so the way the host does: dlopen, the one entry symbol, init with a
// small in-test host API, then the capture vtable. RAII wrappers make sure every capture is
// closed and every frame released exactly once, even when an assertion fails.
#pragma once

#include <pfhost/plugin.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace pfhost::test {

// The host services a plugin gets: a log collected in memory (echoed to stderr when
// PFHOST_TEST_VERBOSE is set), no configuration, CLOCK_MONOTONIC.
class TestHost {
 public:
  TestHost();
  const pfhost_host_api *api() const noexcept { return &api_; }
  std::vector<std::string> log_lines() const;
  static uint64_t now_ns() noexcept;

 private:
  static void log(void *ctx, int32_t level, const char *message);
  pfhost_host_api api_{};
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

// A frame held by the test; released on destruction.
class HeldFrame {
 public:
  HeldFrame() = default;
  explicit HeldFrame(pfhost_frame *frame) noexcept : frame_(frame) {}
  ~HeldFrame() { release(); }
  HeldFrame(HeldFrame &&other) noexcept : frame_(other.frame_) { other.frame_ = nullptr; }
  HeldFrame &operator=(HeldFrame &&other) noexcept;
  HeldFrame(const HeldFrame &) = delete;
  HeldFrame &operator=(const HeldFrame &) = delete;

  const pfhost_frame *operator->() const noexcept { return frame_; }
  const pfhost_frame *get() const noexcept { return frame_; }
  explicit operator bool() const noexcept { return frame_ != nullptr; }
  // Byte `offset` of pixel (x, y) in CPU plane 0.
  const uint8_t *pixel(uint32_t x, uint32_t y) const noexcept;
  void release() noexcept;

 private:
  pfhost_frame *frame_ = nullptr;
};

struct FrameResult {
  pfhost_status status = PFHOST_E_INTERNAL;
  HeldFrame frame;
  std::string reason;
};

class Capture {
 public:
  Capture(const pfhost_capture_vtable *vtable, pfhost_capture *capture) noexcept
      : vtable_(vtable), capture_(capture) {}
  ~Capture() { close(); }
  Capture(const Capture &) = delete;
  Capture &operator=(const Capture &) = delete;

  FrameResult next_frame(uint32_t timeout_ms);
  FrameResult try_latest();
  pfhost_status set_active(bool active);
  void close() noexcept;

 private:
  const pfhost_capture_vtable *vtable_;
  pfhost_capture *capture_;
};

struct OpenResult {
  pfhost_status status = PFHOST_E_INTERNAL;
  std::unique_ptr<Capture> capture;
  std::string reason;
};

class PipeWirePlugin {
 public:
  // dlopen()s the plugin built by this tree (never dlclose()d, like the host does).
  PipeWirePlugin();
  const pfhost_plugin_descriptor *descriptor() const noexcept { return descriptor_; }
  const pfhost_backend *backend() const noexcept { return backend_; }
  TestHost &host() noexcept { return host_; }

  pfhost_status probe(std::string *reason);
  OpenResult open(uint32_t node_id, pfhost_mode mode, int remote_fd = -1);
  OpenResult open(const pfhost_capture_params &params);

 private:
  TestHost host_;
  const pfhost_plugin_descriptor *descriptor_ = nullptr;
  const pfhost_backend *backend_ = nullptr;
  void *plugin_ctx_ = nullptr;
};

}  // namespace pfhost::test
