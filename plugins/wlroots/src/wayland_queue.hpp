// A Wayland client connection whose events go to a private event queue, dispatched with bounded
// waits. Every wait here has a deadline: a compositor that hangs yields a timeout, one that goes
// away yields an error, and neither blocks a thread forever.
#pragma once

#include <wayland-client.h>

#include <chrono>
#include <string>

namespace pfhost::wlroots {

class WaylandQueue {
 public:
  // Connects to the compositor at `socket_path` (absolute). Throws pfhost::Error(UNAVAILABLE).
  explicit WaylandQueue(const std::string &socket_path);
  ~WaylandQueue();
  WaylandQueue(const WaylandQueue &) = delete;
  WaylandQueue &operator=(const WaylandQueue &) = delete;

  // The display proxy to create objects from: they are born on our queue.
  wl_display *proxy() const noexcept { return wrapper_; }

  enum class Wait { kEvents, kWake, kTimeout, kError };
  // Flushes, then waits up to timeout_ms (-1 = no limit is never used by callers) for events on
  // the connection or for `wake_fd` (-1 for none) to become readable, dispatching what arrived.
  Wait dispatch_once(int timeout_ms, int wake_fd = -1);
  // Round trip with a deadline: every event sent before it has been dispatched. Throws
  // pfhost::Error(TIMEOUT | CLOSED).
  void roundtrip(std::chrono::milliseconds timeout);
  // "the Wayland compositor at PATH closed the connection (...)".
  std::string connection_error() const;

 private:
  std::string socket_path_;
  wl_display *display_ = nullptr;
  wl_event_queue *queue_ = nullptr;
  wl_display *wrapper_ = nullptr;
};

}  // namespace pfhost::wlroots
