// Options every host command shares (--config, --plugin-dir, --no-cache, --log-level). Registered
// on the top-level app today; a subcommand such as `pfhost stream` registers the same set.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pfhost::core::app {

struct HostOptions {
  std::optional<std::filesystem::path> config;
  std::vector<std::string> plugin_dirs;
  bool no_cache = false;
  std::optional<std::string> log_level;
};

void add_host_options(CLI::App &app, HostOptions &options);

}  // namespace pfhost::core::app
