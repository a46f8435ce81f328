// The real plugins a Mutter test drives, loaded once per test the way the host loads them: the
// mutter display plugin, the pipewire capturer and the software H.264 encoder, plus a helper that
// streams one held display into a file through the core's Session.
#pragma once

#include "backends/capture_backend.hpp"
#include "backends/display_backend.hpp"
#include "backends/encode_backend.hpp"
#include "display/display_lease.hpp"
#include "session/session.hpp"

#include <pfhost/test/test_plugin.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

namespace pfhost::test {
using namespace pfhost::core;  // the host's own types

class MutterPipeline {
 public:
  // `mutter_settings`: the body of [plugins.mutter].
  explicit MutterPipeline(std::string_view mutter_settings = {});

  const TestPlugin &mutter_plugin() const noexcept { return mutter_; }
  const DisplayBackend &display() const noexcept { return display_; }
  const CaptureBackend &capture() const noexcept { return capture_; }

  // Streams the display `lease` holds into `file` for `duration` at the lease's mode and returns
  // the session's result; the lease goes back (to the registry) when the session ends.
  // `while_running` (optional) runs on another thread once the session has started.
  SessionResult stream(DisplayLease lease, std::chrono::milliseconds duration,
                       const std::filesystem::path &file,
                       const std::function<void()> &while_running = {}) const;

 private:
  TestPlugin mutter_;
  TestPlugin pipewire_;
  TestPlugin software_;
  DisplayBackend display_;
  CaptureBackend capture_;
  EncodeBackend encoder_;
};

// "WxH@Hz" -> mode.
pfhost_mode mode_of(uint32_t width, uint32_t height, uint32_t hz);

}  // namespace pfhost::test
