// One live wlr-screencopy capture of a Wayland output: the object behind the ABI's
// pfhost_capture for the "wlr-screencopy" backend.
//
// open() connects (own connection, own event queue), binds wl_shm, the screencopy manager and the
// named wl_output, then a dedicated thread keeps exactly one copy request outstanding: the first
// is a plain `copy` (a static screen still yields a first frame), every later one
// `copy_with_damage`, which the compositor answers only when something changed — so an unchanged
// screen costs no copies and the thread sleeps in poll(). next_frame() then times out cheaply and
// the session repeats the last frame. The compositor going away closes the capture for good.
#pragma once

#include "shm_buffer.hpp"
#include "wayland_queue.hpp"

#include <pfhost/capture.h>
#include <pfhost/plugin.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

struct wl_shm;
struct wl_output;
struct wl_buffer;
struct wl_registry;
struct zwlr_screencopy_manager_v1;
struct zwlr_screencopy_frame_v1;

namespace pfhost::wlroots {

struct ScreencopyOptions {
  std::string socket_path;
  std::string output_name;
  bool overlay_cursor = true;
  size_t buffers = 4;
  std::chrono::milliseconds setup_timeout{5000};
};

class ScreencopyCapture {
 public:
  // Throws pfhost::Error: UNAVAILABLE (cannot connect, no screencopy manager, no such output).
  ScreencopyCapture(const ScreencopyOptions &options, const pfhost::Host &host);
  ~ScreencopyCapture();
  ScreencopyCapture(const ScreencopyCapture &) = delete;
  ScreencopyCapture &operator=(const ScreencopyCapture &) = delete;

  // [one session thread at a time]
  pfhost_status next_frame(uint32_t timeout_ms, pfhost_frame **out, std::string *reason);
  pfhost_status try_latest(pfhost_frame **out);
  void set_active(bool active);

  // Wayland listener entry points (public for the C callbacks; not for callers).
  struct OutputEntry {
    wl_output *output = nullptr;
    uint32_t global = 0;
    std::string name;
  };
  void on_global(wl_registry *registry, uint32_t name, const char *interface, uint32_t version);
  void on_global_remove(uint32_t name);
  void on_buffer(uint32_t format, uint32_t width, uint32_t height, uint32_t stride);
  void on_buffer_done();
  void on_flags(uint32_t flags);
  void on_ready();
  void on_failed();

 private:
  struct SlotBuffer {  // the wl_buffer made for a slot's memory, per generation
    wl_buffer *buffer = nullptr;
    uint64_t generation = 0;
    uint32_t width = 0, height = 0, stride = 0, format = 0;
  };

  void run();
  void request_frame();
  void finish_frame();
  void fail(const std::string &reason);
  wl_buffer *buffer_for(ShmSlot *slot);

  ScreencopyOptions options_;
  pfhost::Host host_;
  std::shared_ptr<ShmSlotPool> pool_;
  std::unique_ptr<WaylandQueue> wayland_;
  wl_registry *registry_ = nullptr;
  wl_shm *shm_ = nullptr;
  zwlr_screencopy_manager_v1 *manager_ = nullptr;
  uint32_t manager_version_ = 0;
  std::vector<std::unique_ptr<OutputEntry>> outputs_;
  OutputEntry *target_ = nullptr;
  int unnamed_outputs_ = 0;

  // Capture-thread state.
  std::vector<SlotBuffer> slot_buffers_;
  zwlr_screencopy_frame_v1 *frame_ = nullptr;
  ShmSlot *writing_ = nullptr;
  uint32_t offer_format_ = 0, offer_width_ = 0, offer_height_ = 0, offer_stride_ = 0;
  bool have_offer_ = false;
  bool y_invert_ = false;
  std::vector<uint8_t> flip_row_;
  bool first_copy_done_ = false;
  int consecutive_failures_ = 0;
  uint64_t sequence_ = 0;
  bool output_removed_ = false;
  std::chrono::steady_clock::time_point retry_at_{};  // after a failed copy, wait a little

  int wake_fd_ = -1;  // eventfd: stop, set_active, a slot came back
  std::atomic<bool> stop_{false};
  std::atomic<bool> active_{true};
  std::atomic<bool> negotiated_{false};
  std::thread thread_;
};

}  // namespace pfhost::wlroots
