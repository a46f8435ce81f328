// The fallback when gamescope's log never names its node: watch the default PipeWire daemon's
// registry for a Video/Source node whose node.name contains "gamescope" and that belongs to a
// process of the gamescope child's tree (application.process.id of the node or of its client,
// or the client's socket credentials pipewire.sec.pid).
//
// It reuses the pipewire plugin's connection (its loop thread, context and core) and adds a
// registry listener of its own that keeps every node's and client's properties.
#pragma once

#include "pw_connection.hpp"

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace pfhost::gamescope {

class RegistryNodes {
 public:
  // Connects to the default daemon. Throws pfhost::Error when there is none.
  explicit RegistryNodes(std::chrono::milliseconds timeout);
  ~RegistryNodes();
  RegistryNodes(const RegistryNodes &) = delete;
  RegistryNodes &operator=(const RegistryNodes &) = delete;

  // A gamescope Video/Source node owned by one of `pids`, the newest when several. [any thread]
  std::optional<uint32_t> find_gamescope_node(const std::set<pid_t> &pids) const;

 private:
  struct Global {
    std::string type;
    std::map<std::string, std::string> props;
  };
  static void on_global(void *data, uint32_t id, uint32_t permissions, const char *type,
                        uint32_t version, const spa_dict *props);
  static void on_global_remove(void *data, uint32_t id);

  std::unique_ptr<pipewire::PwConnection> connection_;
  pw_registry *registry_ = nullptr;
  spa_hook listener_{};
  std::map<uint32_t, Global> globals_;  // loop thread writes, others read under the loop lock
};

}  // namespace pfhost::gamescope
