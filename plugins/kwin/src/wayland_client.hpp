// A Wayland client connection driven with bounded waits: every dispatch loop gives up at a
// deadline or when a "stop" file descriptor becomes readable, so no KWin call can hang a host
// thread. Used from one thread only (libwayland proxies are not shared between threads here).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

struct wl_display;
struct wl_registry;

namespace pfhost::kwin {

using Clock = std::chrono::steady_clock;

struct WaylandGlobal {
  uint32_t name = 0;
  std::string interface;
  uint32_t version = 0;
};

enum class DispatchResult { done, timed_out, stopped, connection_lost };

class WaylandClient {
 public:
  // Connects to `display_name` (a socket name in $XDG_RUNTIME_DIR or an absolute path). Throws
  // pfhost::Error(PFHOST_E_UNAVAILABLE) naming the display and the OS error.
  explicit WaylandClient(const std::string &display_name);
  ~WaylandClient();
  WaylandClient(const WaylandClient &) = delete;
  WaylandClient &operator=(const WaylandClient &) = delete;

  wl_display *display() const noexcept { return display_; }

  // Dispatches events until `done()` is true, `deadline` passes, `stop_fd` (if >= 0) becomes
  // readable, or the connection breaks.
  DispatchResult dispatch_until(const std::function<bool()> &done, Clock::time_point deadline,
                                int stop_fd = -1);
  // One wl_display.sync round trip, bounded. Flushes pending requests first.
  DispatchResult roundtrip(Clock::time_point deadline, int stop_fd = -1);

  // The registry after one bounded round trip; it stays bound (for wl_registry_bind). Throws
  // pfhost::Error(PFHOST_E_TIMEOUT / PFHOST_E_IO) when the compositor does not answer.
  const std::vector<WaylandGlobal> &fetch_globals(Clock::time_point deadline);
  wl_registry *registry() const noexcept { return registry_; }

  // What broke the connection, for messages ("Broken pipe", a protocol error...).
  std::string error_text() const;

 private:
  std::string name_;
  wl_display *display_ = nullptr;
  wl_registry *registry_ = nullptr;
  std::vector<WaylandGlobal> globals_;
};

}  // namespace pfhost::kwin
