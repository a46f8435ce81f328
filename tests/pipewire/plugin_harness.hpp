// Drives pfhost-pipewire.so the way the host does (loaded by TestPlugin with the host's own
// services), then the capture vtable. RAII wrappers make sure every capture is closed and every
// frame released exactly once, even when an assertion fails.
#pragma once

#include <pfhost/plugin.h>
#include <pfhost/test/test_plugin.hpp>

#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace pfhost::test {

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
  // Loads the plugin built by this tree (never unloaded, like the host does).
  PipeWirePlugin();
  const pfhost_plugin_descriptor *descriptor() const noexcept { return &plugin_.descriptor(); }
  const pfhost_backend *backend() const noexcept { return backend_; }

  pfhost_status probe(std::string *reason);
  OpenResult open(uint32_t node_id, pfhost_mode mode, int remote_fd = -1);
  // As a host whose encoder imports dma-bufs with these modifiers (and takes CPU frames too).
  OpenResult open_dmabuf(uint32_t node_id, pfhost_mode mode, std::span<const uint64_t> modifiers);
  OpenResult open(const pfhost_capture_params &params);

 private:
  TestPlugin plugin_;
  const pfhost_backend *backend_;
};

}  // namespace pfhost::test
