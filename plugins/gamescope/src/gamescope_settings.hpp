// The plugin's [plugins.gamescope] table, read once at init.
#pragma once

#include <pfhost/plugin.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace pfhost::gamescope {

struct Settings {
  std::string binary = "gamescope";  // a name looked up on $PATH, or a path
  // The app when a session names none (`pfhost stream -- APP` wins); default: one that just waits.
  std::vector<std::string> app = {"sleep", "infinity"};
  std::vector<std::string> extra_args;  // more gamescope options, before "--"
  std::chrono::milliseconds node_timeout{15000};
  std::chrono::milliseconds stop_timeout{3000};  // SIGTERM grace before SIGKILL
};

// Reads the table with the SDK's one config policy (pfhost/plugin_config.hpp): throws
// pfhost::Error(PFHOST_E_INVALID_ARGUMENT) naming a bad value; unknown keys go into
// *config_error, which the probe reports.
Settings read_settings(const Host &host, std::string *config_error);

}  // namespace pfhost::gamescope
