#include "pipewire_nodes.hpp"

#include <pipewire/pipewire.h>

#include <cstring>
#include <mutex>
#include <thread>

namespace pfhost::mutter {
namespace {

// One registry enumeration: every global arrives before the reply to a core sync.
struct RegistryScan {
  uint32_t wanted = 0;
  bool found = false;
  int sync_seq = -1;
  bool done = false;
  bool failed = false;
};

void on_global(void *data, uint32_t id, uint32_t /*permissions*/, const char *type,
               uint32_t /*version*/, const struct spa_dict * /*props*/) {
  auto *scan = static_cast<RegistryScan *>(data);
  if (id == scan->wanted && std::strcmp(type, PW_TYPE_INTERFACE_Node) == 0) scan->found = true;
}

void on_done(void *data, uint32_t id, int seq) {
  auto *scan = static_cast<RegistryScan *>(data);
  if (id == PW_ID_CORE && seq == scan->sync_seq) scan->done = true;
}

void on_error(void *data, uint32_t id, int /*seq*/, int /*res*/, const char * /*message*/) {
  if (id == PW_ID_CORE) static_cast<RegistryScan *>(data)->failed = true;
}

void ensure_pipewire_initialized() {
  static std::once_flag once;
  std::call_once(once, [] { pw_init(nullptr, nullptr); });
}

}  // namespace

std::optional<bool> pipewire_node_exists(uint32_t node_id, std::chrono::milliseconds timeout) {
  ensure_pipewire_initialized();
  RegistryScan scan;
  scan.wanted = node_id;
  pw_loop *loop = pw_loop_new(nullptr);
  if (loop == nullptr) return std::nullopt;
  pw_context *context = pw_context_new(loop, nullptr, 0);
  pw_core *core = context != nullptr ? pw_context_connect(context, nullptr, 0) : nullptr;
  if (core != nullptr) {
    pw_registry *registry = pw_core_get_registry(core, PW_VERSION_REGISTRY, 0);
    static const pw_registry_events kRegistryEvents = [] {
      pw_registry_events e{};
      e.version = PW_VERSION_REGISTRY_EVENTS;
      e.global = &on_global;
      return e;
    }();
    static const pw_core_events kCoreEvents = [] {
      pw_core_events e{};
      e.version = PW_VERSION_CORE_EVENTS;
      e.done = &on_done;
      e.error = &on_error;
      return e;
    }();
    spa_hook registry_listener{};
    spa_hook core_listener{};
    pw_registry_add_listener(registry, &registry_listener, &kRegistryEvents, &scan);
    pw_core_add_listener(core, &core_listener, &kCoreEvents, &scan);
    scan.sync_seq = pw_core_sync(core, PW_ID_CORE, 0);

    const auto deadline = std::chrono::steady_clock::now() + timeout;
    pw_loop_enter(loop);
    while (!scan.done && !scan.failed) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pw_loop_iterate(loop, static_cast<int>(left.count()));
    }
    pw_loop_leave(loop);
    spa_hook_remove(&core_listener);
    spa_hook_remove(&registry_listener);
    pw_proxy_destroy(reinterpret_cast<pw_proxy *>(registry));
    pw_core_disconnect(core);
  }
  if (context != nullptr) pw_context_destroy(context);
  pw_loop_destroy(loop);
  if (!scan.done) return std::nullopt;
  return scan.found;
}

bool wait_for_pipewire_node_gone(uint32_t node_id, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    const auto exists =
        pipewire_node_exists(node_id, std::max(left, std::chrono::milliseconds(50)));
    if (exists && !*exists) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace pfhost::mutter
