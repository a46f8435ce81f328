#include "app/host_setup.hpp"

#include <iostream>

#include "logging/log.hpp"

namespace pfhost::core::app {

HostSetup set_up_host(const HostOptions &options) {
  HostSetup setup;
  // Until the config says otherwise, honour --log-level for messages about reading the config.
  log::Level level = log::Level::info;
  if (options.log_level) log::parse_level(*options.log_level, level);
  log::set_level(level);
  try {
    setup.config = resolve_host_config(options.config);
  } catch (const ConfigError &e) {
    std::cerr << e.what() << '\n';  // already "FILE:LINE:COLUMN: key ..." per line
    setup.exit_code = 1;
    return setup;
  }
  setup.log_level = options.log_level.value_or(setup.config->log_level);
  if (!log::parse_level(setup.log_level, level)) {
    setup.log_level = "info";
    level = log::Level::info;
  }
  log::set_level(level);
  return setup;
}

DiscoveryOptions discovery_options(const HostOptions &options, const HostSetup &setup) {
  DiscoveryOptions discovery = DiscoveryOptions::from_environment();
  discovery.cli_plugin_dirs = options.plugin_dirs;
  discovery.use_cache = !options.no_cache;
  discovery.worker_log_level = setup.log_level;
  return discovery;
}

}  // namespace pfhost::core::app
