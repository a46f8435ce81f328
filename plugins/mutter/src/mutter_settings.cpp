#include "mutter_settings.hpp"

#include <pfhost/plugin_config.hpp>

namespace pfhost::mutter {

Settings read_settings(const pfhost::Host &host, std::string *config_error) {
  pfhost::ConfigReader config(host, "mutter");
  Settings settings;
  settings.remote_desktop = config.get_bool("remote_desktop", settings.remote_desktop);
  settings.is_platform = config.get_bool("is_platform", settings.is_platform);
  settings.call_timeout =
      config.get_milliseconds("call_timeout_ms", settings.call_timeout, 10, 120000);
  settings.node_timeout =
      config.get_milliseconds("node_timeout_ms", settings.node_timeout, 10, 120000);
  settings.stop_timeout =
      config.get_milliseconds("stop_timeout_ms", settings.stop_timeout, 10, 120000);
  if (config_error != nullptr) *config_error = config.unknown_key_error();
  return settings;
}

}  // namespace pfhost::mutter
