#include "plugin_config.hpp"

#include <pfhost/plugin_config.hpp>

namespace pfhost::vaapi {

const char *profile_name(H264Profile profile) noexcept {
  switch (profile) {
    case H264Profile::main:
      return "main";
    case H264Profile::constrained_baseline:
      return "constrained_baseline";
    default:
      return "high";
  }
}

PluginConfig read_plugin_config(const Host &host, std::string *config_error) {
  ConfigReader reader(host, "vaapi");
  PluginConfig config;
  config.device = reader.get_string("device", "");
  const std::string profile = reader.get_string("profile", "high");
  bool known = false;
  for (H264Profile candidate :
       {H264Profile::high, H264Profile::main, H264Profile::constrained_baseline}) {
    if (profile == profile_name(candidate)) {
      config.h264_profile = candidate;
      known = true;
    }
  }
  if (!known)
    throw Error(PFHOST_E_INVALID_ARGUMENT,
                "[plugins.vaapi] profile = \"" + profile +
                    "\" is not an H.264 profile this plugin offers: allowed high, main, "
                    "constrained_baseline");
  config.low_power = reader.get_bool("low_power", false);
  *config_error = reader.unknown_key_error();
  return config;
}

}  // namespace pfhost::vaapi
