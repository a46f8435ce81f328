#include "registry_nodes.hpp"

#include <cstdlib>
#include <map>
#include <string>

namespace pfhost::gamescope {
namespace {

std::optional<pid_t> pid_value(const std::map<std::string, std::string> &props, const char *key) {
  const auto it = props.find(key);
  if (it == props.end()) return std::nullopt;
  char *end = nullptr;
  const long value = std::strtol(it->second.c_str(), &end, 10);
  if (end == it->second.c_str() || value <= 0) return std::nullopt;
  return static_cast<pid_t>(value);
}

}  // namespace

std::optional<uint32_t> find_gamescope_node(const pipewire::RegistryWatch::Globals &globals,
                                            const std::set<pid_t> &pids) {
  std::optional<uint32_t> found;
  for (const auto &[id, global] : globals) {
    if (global.type != PW_TYPE_INTERFACE_Node) continue;
    const auto media_class = global.props.find("media.class");
    const auto name = global.props.find("node.name");
    if (media_class == global.props.end() || media_class->second != "Video/Source") continue;
    if (name == global.props.end() || name->second.find("gamescope") == std::string::npos) continue;
    std::optional<pid_t> owner = pid_value(global.props, "application.process.id");
    if (!owner) {
      if (const auto client = pid_value(global.props, "client.id")) {
        const auto it = globals.find(static_cast<uint32_t>(*client));
        if (it != globals.end()) {
          owner = pid_value(it->second.props, "application.process.id");
          if (!owner || !pids.contains(*owner))
            owner = pid_value(it->second.props, "pipewire.sec.pid");
        }
      }
    }
    if (owner && pids.contains(*owner)) found = id;  // ids grow: the last is the newest
  }
  return found;
}

}  // namespace pfhost::gamescope
