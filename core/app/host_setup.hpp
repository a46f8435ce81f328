// The start of every host command: resolve host.toml (reporting a broken one as the config
// library words it, "FILE:LINE:COLUMN: key ...") and set the log level (--log-level wins over the
// config's log_level).
#pragma once

#include <optional>
#include <string>

#include "app/host_options.hpp"
#include "config/host_config.hpp"
#include "loader/plugin_discovery.hpp"

namespace pfhost::core::app {

struct HostSetup {
  std::optional<HostConfig> config;  // nullopt: the command should exit with exit_code
  int exit_code = 0;
  std::string log_level;  // the effective level's name
};

HostSetup set_up_host(const HostOptions &options);

// How every command discovers plugins: PFHOST_PLUGIN_PATH, --plugin-dir, --no-cache, and the
// effective log level passed on to the probe workers.
DiscoveryOptions discovery_options(const HostOptions &options, const HostSetup &setup);

}  // namespace pfhost::core::app
