#include "pipewire_nodes.hpp"

#include <pfhost/pipewire/registry_watch.hpp>
#include <pfhost/plugin.hpp>

namespace pfhost::mutter {

std::optional<bool> pipewire_node_exists(uint32_t node_id, std::chrono::milliseconds timeout) {
  try {
    return pipewire::RegistryWatch(timeout).has_node(node_id);
  } catch (const pfhost::Error &) {
    return std::nullopt;
  }
}

bool wait_for_pipewire_node_gone(uint32_t node_id, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  try {
    const pipewire::RegistryWatch registry(timeout);
    return registry.wait_until_node_gone(node_id,
                                         std::chrono::duration_cast<std::chrono::milliseconds>(
                                             deadline - std::chrono::steady_clock::now()));
  } catch (const pfhost::Error &) {
    return false;
  }
}

}  // namespace pfhost::mutter
