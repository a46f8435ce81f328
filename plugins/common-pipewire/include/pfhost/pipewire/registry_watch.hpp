// A live copy of the default PipeWire daemon's registry: every node and client with all its
// properties. For display plugins that ask PipeWire about nodes they do not capture: does node N
// still exist, wait until it is gone, which node belongs to which process.
//
// It rides on PwConnection (its loop thread, context and core) with a registry listener of its
// own, since the connection keeps only the few properties the capturer needs.
#pragma once

#include <pfhost/pipewire/pw_connection.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>

namespace pfhost::pipewire {

class RegistryWatch {
 public:
  struct Global {
    std::string type;  // PW_TYPE_INTERFACE_Node or PW_TYPE_INTERFACE_Client
    std::map<std::string, std::string> props;
  };
  using Globals = std::map<uint32_t, Global>;

  // Connects to the default daemon and waits until the copy holds every global that exists now
  // (two round trips, each bounded by `timeout`). Throws pfhost::Error (E_UNAVAILABLE: no daemon,
  // E_TIMEOUT: no answer).
  explicit RegistryWatch(std::chrono::milliseconds timeout);
  ~RegistryWatch();
  RegistryWatch(const RegistryWatch &) = delete;
  RegistryWatch &operator=(const RegistryWatch &) = delete;

  // Calls `inspect(globals)` with the copy as it is now and returns what it returns. [any thread]
  template <typename Inspect>
  auto with_globals(Inspect &&inspect) const {
    const PwConnection::Lock lock(*connection_);
    return inspect(std::as_const(globals_));
  }

  // Whether node `id` is in the registry now. [any thread]
  bool has_node(uint32_t id) const;

  // Waits until node `id` has left the registry (true) or `timeout` passed (false). [any thread]
  bool wait_until_node_gone(uint32_t id, std::chrono::milliseconds timeout) const;

 private:
  static void on_global(void *data, uint32_t id, uint32_t permissions, const char *type,
                        uint32_t version, const spa_dict *props);
  static void on_global_remove(void *data, uint32_t id);
  static void on_core_done(void *data, uint32_t id, int seq);
  bool has_node_locked(uint32_t id) const;

  std::unique_ptr<PwConnection> connection_;
  pw_registry *registry_ = nullptr;
  spa_hook registry_listener_{};
  spa_hook core_listener_{};
  int pending_sync_ = -1;
  bool synced_ = false;
  Globals globals_;  // the loop thread writes, others read under the loop lock
};

}  // namespace pfhost::pipewire
