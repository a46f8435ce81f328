#include "registry_nodes.hpp"

#include <pfhost/plugin.hpp>

#include <spa/utils/dict.h>

#include <cstdlib>

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

RegistryNodes::RegistryNodes(std::chrono::milliseconds timeout)
    : connection_(std::make_unique<pipewire::PwConnection>(-1, timeout,
                                                           pipewire::PwConnection::Callbacks{})) {
  static const pw_registry_events events = [] {
    pw_registry_events e{};
    e.version = PW_VERSION_REGISTRY_EVENTS;
    e.global = &RegistryNodes::on_global;
    e.global_remove = &RegistryNodes::on_global_remove;
    return e;
  }();
  const pipewire::PwConnection::Lock lock(*connection_);
  registry_ = pw_core_get_registry(connection_->core(), PW_VERSION_REGISTRY, 0);
  if (registry_ == nullptr) throw Error(PFHOST_E_INTERNAL, "cannot get the PipeWire registry");
  pw_registry_add_listener(registry_, &listener_, &events, this);
}

RegistryNodes::~RegistryNodes() {
  connection_->stop();  // no callback runs after this
  spa_hook_remove(&listener_);
  pw_proxy_destroy(reinterpret_cast<pw_proxy *>(registry_));
}

void RegistryNodes::on_global(void *data, uint32_t id, uint32_t /*permissions*/, const char *type,
                              uint32_t /*version*/, const spa_dict *props) {
  auto *self = static_cast<RegistryNodes *>(data);
  try {  // nothing may unwind into PipeWire's C code
    Global global;
    global.type = type != nullptr ? type : "";
    if (global.type != PW_TYPE_INTERFACE_Node && global.type != PW_TYPE_INTERFACE_Client) return;
    const spa_dict_item *item = nullptr;
    if (props != nullptr)
      spa_dict_for_each(item, props) global.props[item->key] = item->value ? item->value : "";
    self->globals_[id] = std::move(global);
  } catch (...) {
  }
}

void RegistryNodes::on_global_remove(void *data, uint32_t id) {
  static_cast<RegistryNodes *>(data)->globals_.erase(id);
}

std::optional<uint32_t> RegistryNodes::find_gamescope_node(const std::set<pid_t> &pids) const {
  const pipewire::PwConnection::Lock lock(*connection_);
  std::optional<uint32_t> found;
  for (const auto &[id, global] : globals_) {
    if (global.type != PW_TYPE_INTERFACE_Node) continue;
    const auto media_class = global.props.find("media.class");
    const auto name = global.props.find("node.name");
    if (media_class == global.props.end() || media_class->second != "Video/Source") continue;
    if (name == global.props.end() || name->second.find("gamescope") == std::string::npos) continue;
    std::optional<pid_t> owner = pid_value(global.props, "application.process.id");
    if (!owner) {
      if (const auto client = pid_value(global.props, "client.id")) {
        const auto it = globals_.find(static_cast<uint32_t>(*client));
        if (it != globals_.end()) {
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
