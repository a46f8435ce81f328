#include <pfhost/pipewire/registry_watch.hpp>

#include <pfhost/plugin.hpp>

#include <spa/utils/dict.h>

#include <cstring>
#include <utility>

namespace pfhost::pipewire {

RegistryWatch::RegistryWatch(std::chrono::milliseconds timeout)
    : connection_(std::make_unique<PwConnection>(-1, timeout, PwConnection::Callbacks{})) {
  static const pw_registry_events registry_events = [] {
    pw_registry_events e{};
    e.version = PW_VERSION_REGISTRY_EVENTS;
    e.global = &RegistryWatch::on_global;
    e.global_remove = &RegistryWatch::on_global_remove;
    return e;
  }();
  static const pw_core_events core_events = [] {
    pw_core_events e{};
    e.version = PW_VERSION_CORE_EVENTS;
    e.done = &RegistryWatch::on_core_done;
    return e;
  }();
  const PwConnection::Lock lock(*connection_);
  registry_ = pw_core_get_registry(connection_->core(), PW_VERSION_REGISTRY, 0);
  if (registry_ == nullptr) throw Error(PFHOST_E_INTERNAL, "cannot get the PipeWire registry");
  pw_registry_add_listener(registry_, &registry_listener_, &registry_events, this);
  pw_core_add_listener(connection_->core(), &core_listener_, &core_events, this);
  // Our registry's initial burst arrives before the answer to a sync sent after it.
  pending_sync_ = pw_core_sync(connection_->core(), PW_ID_CORE, 0);
  timespec deadline{};
  pw_thread_loop_get_time(connection_->loop(), &deadline,
                          static_cast<int64_t>(timeout.count()) * 1'000'000);
  while (!synced_) {
    if (pw_thread_loop_timed_wait_full(connection_->loop(), &deadline) != 0) {
      spa_hook_remove(&core_listener_);
      spa_hook_remove(&registry_listener_);
      pw_proxy_destroy(reinterpret_cast<pw_proxy *>(registry_));
      throw Error(PFHOST_E_TIMEOUT, "the PipeWire daemon did not list its registry within " +
                                        std::to_string(timeout.count()) + " ms");
    }
  }
}

RegistryWatch::~RegistryWatch() {
  connection_->stop();  // no callback runs after this
  spa_hook_remove(&core_listener_);
  spa_hook_remove(&registry_listener_);
  pw_proxy_destroy(reinterpret_cast<pw_proxy *>(registry_));
}

bool RegistryWatch::has_node(uint32_t id) const {
  const PwConnection::Lock lock(*connection_);
  return has_node_locked(id);
}

bool RegistryWatch::has_node_locked(uint32_t id) const {
  const auto it = globals_.find(id);
  return it != globals_.end() && it->second.type == PW_TYPE_INTERFACE_Node;
}

bool RegistryWatch::wait_until_node_gone(uint32_t id, std::chrono::milliseconds timeout) const {
  const PwConnection::Lock lock(*connection_);
  timespec deadline{};
  pw_thread_loop_get_time(connection_->loop(), &deadline,
                          static_cast<int64_t>(timeout.count()) * 1'000'000);
  while (has_node_locked(id)) {  // on_global_remove wakes us
    if (pw_thread_loop_timed_wait_full(connection_->loop(), &deadline) != 0) return false;
  }
  return true;
}

void RegistryWatch::on_global(void *data, uint32_t id, uint32_t /*permissions*/, const char *type,
                              uint32_t /*version*/, const spa_dict *props) {
  auto *self = static_cast<RegistryWatch *>(data);
  try {  // nothing may unwind into PipeWire's C code
    if (type == nullptr || (std::strcmp(type, PW_TYPE_INTERFACE_Node) != 0 &&
                            std::strcmp(type, PW_TYPE_INTERFACE_Client) != 0))
      return;
    Global global;
    global.type = type;
    const spa_dict_item *item = nullptr;
    if (props != nullptr)
      spa_dict_for_each(item, props) global.props[item->key] = item->value ? item->value : "";
    self->globals_[id] = std::move(global);
  } catch (...) {
  }
}

void RegistryWatch::on_global_remove(void *data, uint32_t id) {
  auto *self = static_cast<RegistryWatch *>(data);
  self->globals_.erase(id);
  pw_thread_loop_signal(self->connection_->loop(), false);
}

void RegistryWatch::on_core_done(void *data, uint32_t id, int seq) {
  auto *self = static_cast<RegistryWatch *>(data);
  if (id != PW_ID_CORE || seq != self->pending_sync_) return;
  self->synced_ = true;
  pw_thread_loop_signal(self->connection_->loop(), false);
}

}  // namespace pfhost::pipewire
