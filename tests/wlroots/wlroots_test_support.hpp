// Shared by the wlroots integration tests: isolation (private runtime dir, no inherited sway or
// Wayland session), RAII over the plugin's display and capture tables, and a file-writing session
// through the real software encoder.
#pragma once

#include "session/session.hpp"

#include <pfhost/plugin.h>
#include <pfhost/test/scoped_env.hpp>
#include <pfhost/test/temp_dir.hpp>
#include <pfhost/test/test_plugin.hpp>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pfhost::test {
using namespace pfhost::core;  // the host's own types

// Why these tests cannot run here (sway missing), or nullopt.
std::optional<std::string> sway_unavailable_reason();

// A private XDG_RUNTIME_DIR and no SWAYSOCK / WAYLAND_DISPLAY from the caller's session.
class IsolatedSession {
 public:
  IsolatedSession();
  const std::filesystem::path &dir() const { return dir_.path(); }

 private:
  TempDir dir_{"pfhost-wlr-"};
  ScopedEnv env_;
};

// A display made through the plugin's C table; destroyed (sway stopped / output removed) at scope
// end. Throws std::runtime_error with the plugin's reason when create fails.
class PluginDisplay {
 public:
  PluginDisplay(const TestPlugin &plugin, pfhost_mode mode,
                const std::vector<std::string> &app = {}, const char *backend = "wlroots");
  ~PluginDisplay();
  PluginDisplay(const PluginDisplay &) = delete;
  PluginDisplay &operator=(const PluginDisplay &) = delete;

  const pfhost_target &target() const { return target_; }
  std::string socket() const { return target_.u.wayland.socket_path; }
  std::string output() const { return target_.u.wayland.output_name; }
  pfhost_status is_alive(std::string *why = nullptr) const;

 private:
  const pfhost_display_vtable *table_;
  pfhost_display *display_ = nullptr;
  pfhost_target target_{};
};

// A capture opened through the plugin's C table; closed at scope end.
class PluginCapture {
 public:
  PluginCapture(const TestPlugin &plugin, const pfhost_target &target);
  ~PluginCapture();
  PluginCapture(const PluginCapture &) = delete;
  PluginCapture &operator=(const PluginCapture &) = delete;

  // next_frame; on success *frame is the frame (release it with frame->release(frame)).
  pfhost_status next(uint32_t timeout_ms, pfhost_frame **frame, std::string *why = nullptr);
  pfhost_status set_active(bool active) { return table_->set_active(capture_, active ? 1 : 0); }

 private:
  const pfhost_capture_vtable *table_;
  pfhost_capture *capture_ = nullptr;
};

struct FileSession {
  SessionResult result;
  // Peak CPU time (user + system) of the capture thread ("pfh-screencopy") seen while running.
  std::chrono::milliseconds capture_thread_cpu{0};
};

// Streams `target` through wlr-screencopy and the software H.264 encoder into `file`.
FileSession stream_to_file(const TestPlugin &wlroots, const pfhost_target &target,
                           Keepalive keepalive, const std::filesystem::path &file,
                           std::chrono::milliseconds duration, uint32_t rate_hz = 30);

// CPU time of this process's threads named `name` (from /proc/self/task/*/stat).
std::chrono::milliseconds thread_cpu_time(const std::string &name);

// The pattern client's path (built beside the tests), or nullopt.
std::optional<std::string> pattern_client_path();

// A TOML string literal.
std::string toml_string(const std::string &text);

}  // namespace pfhost::test
