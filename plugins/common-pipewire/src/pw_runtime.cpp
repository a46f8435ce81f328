#include <pfhost/pipewire/pw_runtime.hpp>

#include <pfhost/pipewire/pw_connection.hpp>

#include <pfhost/plugin.hpp>

#include <pipewire/pipewire.h>

#include <cstdlib>
#include <mutex>

namespace pfhost::pipewire {

void ensure_pipewire_initialized() {
  static std::once_flag once;
  std::call_once(once, [] { pw_init(nullptr, nullptr); });
}

std::string default_socket_path() {
  const char *remote = std::getenv("PIPEWIRE_REMOTE");
  const std::string name = remote != nullptr && *remote != '\0' ? remote : "pipewire-0";
  if (name.front() == '/') return name;
  for (const char *var : {"PIPEWIRE_RUNTIME_DIR", "XDG_RUNTIME_DIR"}) {
    const char *dir = std::getenv(var);
    if (dir != nullptr && *dir != '\0') return std::string(dir) + "/" + name;
  }
  return "$XDG_RUNTIME_DIR/" + name + " (XDG_RUNTIME_DIR is not set)";
}

pfhost_status probe_default_daemon(std::chrono::milliseconds timeout, std::string *reason) {
  try {
    PwConnection connection(-1, timeout, {});
    return PFHOST_OK;
  } catch (const pfhost::Error &e) {
    if (e.status() == PFHOST_E_UNAVAILABLE) {
      *reason = "no PipeWire daemon reachable at " + default_socket_path() +
                " (start pipewire, or set PIPEWIRE_RUNTIME_DIR)";
    } else {
      *reason = "PipeWire daemon at " + default_socket_path() + ": " + e.what();
    }
    return PFHOST_E_UNAVAILABLE;
  }
}

}  // namespace pfhost::pipewire
