#include "screencopy_capture.hpp"

#include "shm_format.hpp"
#include "wlr-screencopy-unstable-v1-client-protocol.h"

#include <pthread.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace pfhost::wlroots {

using Clock = std::chrono::steady_clock;

namespace {

constexpr int kMaxConsecutiveFailures = 3;
constexpr int kFailureBackoffMs = 100;
// How long the thread sleeps in poll() with nothing to do; anything that needs it sooner (stop,
// set_active, a returned slot) writes the wake fd.
constexpr int kIdlePollMs = 1000;

// --- C listener trampolines ---
void registry_global(void *data, wl_registry *registry, uint32_t name, const char *interface,
                     uint32_t version) {
  static_cast<ScreencopyCapture *>(data)->on_global(registry, name, interface, version);
}
void registry_global_remove(void *data, wl_registry *, uint32_t name) {
  static_cast<ScreencopyCapture *>(data)->on_global_remove(name);
}
const wl_registry_listener kRegistryListener = {&registry_global, &registry_global_remove};

void output_geometry(void *, wl_output *, int32_t, int32_t, int32_t, int32_t, int32_t, const char *,
                     const char *, int32_t) {}
void output_mode(void *, wl_output *, uint32_t, int32_t, int32_t, int32_t) {}
void output_done(void *, wl_output *) {}
void output_scale(void *, wl_output *, int32_t) {}
void output_name(void *data, wl_output *, const char *name) {
  static_cast<ScreencopyCapture::OutputEntry *>(data)->name = name;
}
void output_description(void *, wl_output *, const char *) {}
const wl_output_listener kOutputListener = {&output_geometry, &output_mode, &output_done,
                                            &output_scale,    &output_name, &output_description};

ScreencopyCapture *self_of(void *data) {
  return static_cast<ScreencopyCapture *>(data);
}
void frame_buffer(void *data, zwlr_screencopy_frame_v1 *, uint32_t format, uint32_t width,
                  uint32_t height, uint32_t stride) {
  self_of(data)->on_buffer(format, width, height, stride);
}
void frame_flags(void *data, zwlr_screencopy_frame_v1 *, uint32_t flags) {
  self_of(data)->on_flags(flags);
}
void frame_ready(void *data, zwlr_screencopy_frame_v1 *, uint32_t, uint32_t, uint32_t) {
  self_of(data)->on_ready();
}
void frame_failed(void *data, zwlr_screencopy_frame_v1 *) {
  self_of(data)->on_failed();
}
void frame_damage(void *, zwlr_screencopy_frame_v1 *, uint32_t, uint32_t, uint32_t, uint32_t) {}
void frame_linux_dmabuf(void *, zwlr_screencopy_frame_v1 *, uint32_t, uint32_t, uint32_t) {}
void frame_buffer_done(void *data, zwlr_screencopy_frame_v1 *) {
  self_of(data)->on_buffer_done();
}
const zwlr_screencopy_frame_v1_listener kFrameListener = {
    &frame_buffer, &frame_flags,        &frame_ready,      &frame_failed,
    &frame_damage, &frame_linux_dmabuf, &frame_buffer_done};

void wake(int fd) {
  const uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = ::write(fd, &one, sizeof one);
}

void drain(int fd) {
  uint64_t value = 0;
  [[maybe_unused]] const ssize_t n = ::read(fd, &value, sizeof value);
}

}  // namespace

ScreencopyCapture::ScreencopyCapture(const ScreencopyOptions &options, const pfhost::Host &host)
    : options_(options),
      host_(host),
      // A copy request may wait for damage indefinitely, so the slot it writes into must not be
      // the unread frame's: the host could be left with nothing to take in the meantime. A
      // release wakes the thread instead (the listener below).
      pool_(ShmSlotPool::create(options.buffers, WhenNoSlotFree::kKeepUnread)) {
  wayland_ = std::make_unique<WaylandQueue>(options_.socket_path);
  registry_ = wl_display_get_registry(wayland_->proxy());
  wl_registry_add_listener(registry_, &kRegistryListener, this);
  wayland_->roundtrip(options_.setup_timeout);  // globals
  wayland_->roundtrip(options_.setup_timeout);  // wl_output.name of each output
  std::string problem;
  if (manager_ == nullptr || manager_version_ < 2) {
    problem = "the compositor at " + options_.socket_path +
              " does not offer zwlr_screencopy_manager_v1 version 2 or newer (is it a wlroots "
              "compositor such as sway?)";
  } else if (shm_ == nullptr) {
    problem = "the compositor at " + options_.socket_path + " offers no wl_shm";
  } else {
    for (auto &entry : outputs_)
      if (entry->name == options_.output_name) target_ = entry.get();
    if (target_ == nullptr) {
      std::string names;
      for (auto &entry : outputs_) names += (names.empty() ? "" : ", ") + entry->name;
      problem = "the compositor at " + options_.socket_path + " has no output named '" +
                options_.output_name + "' (outputs: " + (names.empty() ? "none" : names) + ")";
      if (unnamed_outputs_ > 0)
        problem += "; " + std::to_string(unnamed_outputs_) +
                   " output(s) only offer wl_output < 4, which carries no name (wlroots >= 0.15 "
                   "is needed)";
    }
  }
  if (!problem.empty()) {
    // The destructor does not run for a throwing constructor: release the proxies here (the
    // members, the connection included, clean up after themselves).
    for (auto &entry : outputs_) wl_output_destroy(entry->output);
    outputs_.clear();
    if (manager_ != nullptr) zwlr_screencopy_manager_v1_destroy(manager_);
    if (shm_ != nullptr) wl_shm_destroy(shm_);
    wl_registry_destroy(registry_);
    manager_ = nullptr;
    shm_ = nullptr;
    registry_ = nullptr;
    throw Error(PFHOST_E_UNAVAILABLE, problem);
  }
  slot_buffers_.resize(pool_->slot_count());
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) throw Error(PFHOST_E_IO, std::string("eventfd: ") + std::strerror(errno));
  pool_->set_release_listener([fd = wake_fd_] { wake(fd); });
  thread_ = std::thread([this] { run(); });
}

ScreencopyCapture::~ScreencopyCapture() {
  if (thread_.joinable()) {
    stop_.store(true);
    wake(wake_fd_);
    thread_.join();
  }
  pool_->set_release_listener({});  // held frames released later must not write a closed fd
  pool_->close("the capture was closed");
  if (frame_ != nullptr) zwlr_screencopy_frame_v1_destroy(frame_);
  for (auto &slot : slot_buffers_)
    if (slot.buffer != nullptr) wl_buffer_destroy(slot.buffer);
  for (auto &entry : outputs_) wl_output_destroy(entry->output);
  if (manager_ != nullptr) zwlr_screencopy_manager_v1_destroy(manager_);
  if (shm_ != nullptr) wl_shm_destroy(shm_);
  if (registry_ != nullptr) wl_registry_destroy(registry_);
  wayland_.reset();
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void ScreencopyCapture::on_global(wl_registry *registry, uint32_t name, const char *interface,
                                  uint32_t version) {
  if (std::strcmp(interface, wl_shm_interface.name) == 0 && shm_ == nullptr) {
    shm_ = static_cast<wl_shm *>(wl_registry_bind(registry, name, &wl_shm_interface, 1));
  } else if (std::strcmp(interface, zwlr_screencopy_manager_v1_interface.name) == 0 &&
             manager_ == nullptr) {
    manager_version_ = std::min<uint32_t>(version, 3);
    manager_ = static_cast<zwlr_screencopy_manager_v1 *>(
        wl_registry_bind(registry, name, &zwlr_screencopy_manager_v1_interface, manager_version_));
  } else if (std::strcmp(interface, wl_output_interface.name) == 0 && version < 4) {
    ++unnamed_outputs_;
  } else if (std::strcmp(interface, wl_output_interface.name) == 0) {
    // wl_output v4 carries the output's name (HEADLESS-1), which is how targets name outputs.
    auto entry = std::make_unique<OutputEntry>();
    entry->global = name;
    entry->output =
        static_cast<wl_output *>(wl_registry_bind(registry, name, &wl_output_interface, 4));
    wl_output_add_listener(entry->output, &kOutputListener, entry.get());
    outputs_.push_back(std::move(entry));
  }
}

void ScreencopyCapture::on_global_remove(uint32_t name) {
  if (target_ != nullptr && target_->global == name) output_removed_ = true;
}

void ScreencopyCapture::on_buffer(uint32_t format, uint32_t width, uint32_t height,
                                  uint32_t stride) {
  // Several shm formats may be offered; take the first one the ABI can describe.
  if (have_offer_ || pixel_format_from_shm(format) == PFHOST_PIXEL_FORMAT_UNKNOWN) return;
  have_offer_ = true;
  offer_format_ = format;
  offer_width_ = width;
  offer_height_ = height;
  offer_stride_ = stride;
  if (manager_version_ < 3) on_buffer_done();  // v2 has no buffer_done: one buffer event only
}

wl_buffer *ScreencopyCapture::buffer_for(ShmSlot *slot) {
  SlotBuffer &cached = slot_buffers_[slot->index()];
  ShmBuffer &memory = slot->memory();
  const size_t bytes = static_cast<size_t>(offer_stride_) * offer_height_;
  memory.reserve(bytes);
  if (cached.buffer != nullptr && cached.generation == memory.generation &&
      cached.width == offer_width_ && cached.height == offer_height_ &&
      cached.stride == offer_stride_ && cached.format == offer_format_)
    return cached.buffer;  // the steady state: nothing allocated per frame
  if (cached.buffer != nullptr) wl_buffer_destroy(cached.buffer);
  wl_shm_pool *pool = wl_shm_create_pool(shm_, memory.fd, static_cast<int32_t>(memory.size));
  cached.buffer = wl_shm_pool_create_buffer(pool, 0, static_cast<int32_t>(offer_width_),
                                            static_cast<int32_t>(offer_height_),
                                            static_cast<int32_t>(offer_stride_), offer_format_);
  wl_shm_pool_destroy(pool);  // the buffer keeps the compositor's side of the pool alive
  cached.generation = memory.generation;
  cached.width = offer_width_;
  cached.height = offer_height_;
  cached.stride = offer_stride_;
  cached.format = offer_format_;
  return cached.buffer;
}

void ScreencopyCapture::on_buffer_done() {
  if (frame_ == nullptr || writing_ == nullptr) return;
  if (!have_offer_) {
    fail(
        "the compositor offered no shm buffer format pfhost can read (only dma-buf or exotic "
        "formats)");
    return;
  }
  wl_buffer *buffer = buffer_for(writing_);
  negotiated_.store(true);
  if (first_copy_done_)
    zwlr_screencopy_frame_v1_copy_with_damage(frame_, buffer);
  else
    zwlr_screencopy_frame_v1_copy(frame_, buffer);  // a static screen still gives a first frame
}

void ScreencopyCapture::on_flags(uint32_t flags) {
  y_invert_ = (flags & ZWLR_SCREENCOPY_FRAME_V1_FLAGS_Y_INVERT) != 0;
}

void ScreencopyCapture::on_ready() {
  if (writing_ == nullptr) return;
  ShmSlot *slot = writing_;
  writing_ = nullptr;
  uint8_t *const pixels = slot->memory().data;
  if (y_invert_) {
    // Rare (GL renderers): flip in place so the frame reads top-down like every other frame.
    std::vector<uint8_t> &row = flip_row_;  // sized once per stride
    row.resize(offer_stride_);
    for (uint32_t top = 0, bottom = offer_height_ - 1; top < bottom; ++top, --bottom) {
      uint8_t *a = pixels + static_cast<size_t>(top) * offer_stride_;
      uint8_t *b = pixels + static_cast<size_t>(bottom) * offer_stride_;
      std::memcpy(row.data(), a, offer_stride_);
      std::memcpy(a, b, offer_stride_);
      std::memcpy(b, row.data(), offer_stride_);
    }
  }
  pfhost_frame &frame = slot->frame();  // zero-filled by begin_write()
  frame.memory = PFHOST_MEMORY_CPU;
  frame.pixel_format = pixel_format_from_shm(offer_format_);
  frame.width = offer_width_;
  frame.height = offer_height_;
  frame.plane_count = 1;
  frame.timestamp_ns = host_.now_ns();
  frame.sequence = ++sequence_;
  frame.u.cpu.data[0] = pixels;
  frame.u.cpu.stride[0] = offer_stride_;
  pool_->publish(slot);
  first_copy_done_ = true;
  consecutive_failures_ = 0;
  finish_frame();
}

void ScreencopyCapture::on_failed() {
  if (writing_ != nullptr) pool_->abandon(writing_);
  writing_ = nullptr;
  finish_frame();
  ++consecutive_failures_;
  retry_at_ = Clock::now() + std::chrono::milliseconds(kFailureBackoffMs);
}

void ScreencopyCapture::finish_frame() {
  if (frame_ != nullptr) zwlr_screencopy_frame_v1_destroy(frame_);
  frame_ = nullptr;
  have_offer_ = false;
  y_invert_ = false;
}

void ScreencopyCapture::fail(const std::string &reason) {
  if (writing_ != nullptr) pool_->abandon(writing_);
  writing_ = nullptr;
  finish_frame();
  pool_->close(reason);
  host_.warn("wlr-screencopy of " + options_.output_name + ": " + reason);
}

void ScreencopyCapture::request_frame() {
  writing_ = pool_->begin_write();
  if (writing_ == nullptr) return;  // the host holds every slot: wait for a release
  frame_ = zwlr_screencopy_manager_v1_capture_output(manager_, options_.overlay_cursor ? 1 : 0,
                                                     target_->output);
  zwlr_screencopy_frame_v1_add_listener(frame_, &kFrameListener, this);
}

void ScreencopyCapture::run() {
  pthread_setname_np(pthread_self(), "pfh-screencopy");
  try {
    while (!stop_.load()) {
      if (output_removed_) {
        fail("output " + options_.output_name + " was removed from the compositor at " +
             options_.socket_path);
        return;
      }
      if (consecutive_failures_ >= kMaxConsecutiveFailures) {
        fail("the compositor refused " + std::to_string(consecutive_failures_) +
             " copies of output " + options_.output_name + " in a row (disabled or resized?)");
        return;
      }
      int timeout = kIdlePollMs;
      if (frame_ == nullptr && active_.load()) {
        const auto now = Clock::now();
        if (now >= retry_at_)
          request_frame();
        else
          timeout = static_cast<int>(
              std::chrono::ceil<std::chrono::milliseconds>(retry_at_ - now).count());
      }
      switch (wayland_->dispatch_once(timeout, wake_fd_)) {
        case WaylandQueue::Wait::kError:
          fail(wayland_->connection_error());
          return;
        case WaylandQueue::Wait::kWake:
          drain(wake_fd_);
          break;
        default:
          break;
      }
    }
  } catch (const std::exception &e) {
    fail(std::string("capture thread failed: ") + e.what());
  }
}

pfhost_status ScreencopyCapture::next_frame(uint32_t timeout_ms, pfhost_frame **out,
                                            std::string *reason) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  switch (pool_->take(deadline, out)) {
    case pfhost::FrameTake::kFrame:
      return PFHOST_OK;
    case pfhost::FrameTake::kClosed:
      *reason = pool_->closed_reason();
      return PFHOST_E_CLOSED;
    default:
      *reason = negotiated_.load()
                    ? "no damage on output " + options_.output_name + " (the screen is unchanged)"
                    : "the compositor has not described a buffer for output " +
                          options_.output_name + " yet";
      return PFHOST_E_TIMEOUT;
  }
}

pfhost_status ScreencopyCapture::try_latest(pfhost_frame **out) {
  switch (pool_->take(Clock::time_point{}, out)) {
    case pfhost::FrameTake::kFrame:
      return PFHOST_OK;
    case pfhost::FrameTake::kClosed:
      return PFHOST_E_CLOSED;
    default:
      return PFHOST_E_AGAIN;
  }
}

void ScreencopyCapture::set_active(bool active) {
  active_.store(active);
  wake(wake_fd_);
}

}  // namespace pfhost::wlroots
