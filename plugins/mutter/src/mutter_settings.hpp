// The plugin's [plugins.mutter] table:
//
//   remote_desktop = false    # pair each screencast with a RemoteDesktop session (input later)
//   is_platform = false       # RecordVirtual "is-platform": act like a real monitor, not a share
//   call_timeout_ms = 5000    # each D-Bus call to Mutter
//   node_timeout_ms = 5000    # Start -> PipeWireStreamAdded
//   stop_timeout_ms = 3000    # Stop -> session Closed and node gone
// (the timeouts: 10..120000 ms)
#pragma once

#include <pfhost/plugin.hpp>

#include <chrono>
#include <string>

namespace pfhost::mutter {

struct Settings {
  bool remote_desktop = false;
  bool is_platform = false;
  std::chrono::milliseconds call_timeout{5000};
  std::chrono::milliseconds node_timeout{5000};
  std::chrono::milliseconds stop_timeout{3000};
};

// Reads the table with the SDK's one config policy (pfhost/plugin_config.hpp): throws
// pfhost::Error(INVALID_ARGUMENT) naming a bad value; unknown keys go into *config_error, which
// the probe reports.
Settings read_settings(const pfhost::Host &host, std::string *config_error);

}  // namespace pfhost::mutter
