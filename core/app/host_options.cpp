#include "app/host_options.hpp"

#include "logging/log.hpp"
#include "os/user_dirs.hpp"

#include <string>

namespace pfhost::core::app {

void add_host_options(CLI::App &app, HostOptions &options) {
  app.add_option("--config", options.config,
                 std::string("host.toml to use (default: ") + os::host_config_search_text() +
                     ", else the built-in default)")
      ->type_name("FILE");
  app.add_option("--plugin-dir", options.plugin_dirs,
                 "also load plugins from DIR for this run (repeatable; searched before the "
                 "config's directories)")
      ->type_name("DIR")
      ->allow_extra_args(false);
  app.add_flag("--no-cache", options.no_cache,
               "neither read nor write the plugin descriptor cache (and ignore quarantines)");
  app.add_option("--log-level", options.log_level,
                 "trace|debug|info|warn|error|off (default: the config's log_level)")
      ->type_name("LEVEL")
      ->check([](const std::string &text) {
        log::Level level;
        return log::parse_level(text, level) ? std::string()
                                             : "expected trace|debug|info|warn|error|off";
      });
}

}  // namespace pfhost::core::app
