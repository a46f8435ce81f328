#include "pfhost/windows/idd_settings.hpp"

#include <cstdlib>

#include "pfhost/windows/client_identity.hpp"

namespace pfhost::windows {

std::optional<pfhost_luid> parse_render_adapter(const std::string &text,
                                                const std::string &plugin) {
  if (text == "auto") return std::nullopt;
  auto colon = text.find(':');
  char *high_end = nullptr, *low_end = nullptr;
  const std::string high = text.substr(0, colon),
                    low = colon == std::string::npos ? "" : text.substr(colon + 1);
  long long high_value = std::strtoll(high.c_str(), &high_end, 16);
  unsigned long long low_value = std::strtoull(low.c_str(), &low_end, 16);
  if (colon == std::string::npos || high.empty() || low.empty() || *high_end != '\0' ||
      *low_end != '\0' || low_value > 0xFFFFFFFFull || high_value < INT32_MIN ||
      high_value > INT32_MAX) {
    throw Error(PFHOST_E_INVALID_ARGUMENT,
                "[plugins." + plugin + "] render_adapter = \"" + text +
                    "\" is not \"auto\" or an adapter LUID \"HIGH:LOW\" in hex (e.g. \"0:1a2b3\")");
  }
  return pfhost_luid{static_cast<uint32_t>(low_value), static_cast<int32_t>(high_value)};
}

IddSettings read_idd_settings(ConfigReader &config, const std::string &plugin, bool push_capture) {
  IddSettings settings;
  settings.render_adapter =
      parse_render_adapter(config.get_string("render_adapter", "auto"), plugin);
  const std::string topology = config.get_string("topology", "windows");
  if (topology != "windows" && topology != "off") {
    throw Error(PFHOST_E_INVALID_ARGUMENT, "[plugins." + plugin + "] topology = \"" + topology +
                                               "\" is not \"windows\" or \"off\"");
  }
  settings.manage_topology = topology == "windows";
  settings.policy = parse_topology_policy(config.get_string("topology_policy", "extend"));
  settings.state_dir = config.get_string("state_dir", "");
  if (settings.state_dir.empty()) settings.state_dir = default_state_directory();
  settings.gdi_name_timeout =
      config.get_milliseconds("gdi_name_timeout_ms", std::chrono::milliseconds(3000), 0, 30000);
  if (!push_capture) return settings;
  settings.capture_textures = config.get_string("capture_textures", "d3d11");
  if (settings.capture_textures != "d3d11" && settings.capture_textures != "shared-memory") {
    throw Error(PFHOST_E_INVALID_ARGUMENT, "[plugins." + plugin + "] capture_textures = \"" +
                                               settings.capture_textures +
                                               "\" is not \"d3d11\" or \"shared-memory\"");
  }
  settings.capture_open_timeout = config.get_milliseconds(
      "capture_open_timeout_ms", std::chrono::milliseconds(4000), 100, 60000);
  return settings;
}

}  // namespace pfhost::windows
