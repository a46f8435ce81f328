// In-process access to plugins that passed the isolated check, for sessions. Given the inventory
// of a discovery run, the catalog loads a healthy plugin into the host process on first use
// (Boost.DLL, never unloaded), validates its descriptor again, calls init exactly once per process
// with the host services, and hands out its backends by name as the host's backend objects
// (DisplayBackend, CaptureBackend, EncodeBackend), built from the validated table copies.
//
// A plugin that did not pass the child check (crashed, hung, quarantined, rejected, init failed,
// or a file that changed since it was probed) is never loaded here.
#pragma once

#include <pfhost/plugin.h>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "backends/capture_backend.hpp"
#include "backends/display_backend.hpp"
#include "backends/encode_backend.hpp"
#include "config/host_config.hpp"
#include "loader/plugin_discovery.hpp"

namespace pfhost::core {

// Why a backend cannot be handed out; what() is a complete sentence for the user.
class PluginLoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One backend of an initialised plugin. Stable address for the life of the process.
struct LoadedBackend {
  std::string name;
  std::string plugin_name;
  std::filesystem::path plugin_path;
  uint32_t kind = 0;  // pfhost_backend_kind
  int32_t rank = 0;
  bool probed_ok = false;  // what the isolated probe said this run
  void *plugin_ctx = nullptr;
  pfhost_backend backend{};  // host-sized copy; backend.probe may be called again
  // Host-sized validated copies; only the one matching `kind` is set (others NULL).
  const pfhost_display_vtable *display = nullptr;
  const pfhost_capture_vtable *capture = nullptr;
  const pfhost_encode_vtable *encode = nullptr;
};

class PluginCatalog {
 public:
  // Remembers which plugins are healthy and the plugins' settings; loads nothing yet.
  PluginCatalog(const PluginInventory &inventory, const HostConfig &config);

  // The backend `name`, loading and initialising its plugin in this process if needed.
  // Thread-safe. Throws PluginLoadError when no healthy plugin provides it or loading fails.
  const LoadedBackend &backend(const std::string &name);

  // The backend `name` as the host's object for its kind, loading its plugin if needed. Throws
  // PluginLoadError as backend() does, or when `name` is a backend of another kind.
  DisplayBackend display(const std::string &name);
  CaptureBackend capture(const std::string &name);
  EncodeBackend encode(const std::string &name);

  // The backend the inventory's selection picked for a kind, or PluginLoadError with the
  // selection's "none available: ..." reason.
  const LoadedBackend &selected(uint32_t kind);

  // Loads and initialises every healthy plugin now (e.g. at startup, to fail early).
  void load_all();

 private:
  struct Candidate {
    std::filesystem::path path;
    FileIdentity identity;
    std::string plugin_name;
    std::map<std::string, bool> backends;  // name -> probed OK (skipped ones left out)
  };
  const Candidate *candidate_for(const std::string &backend) const;
  void load_plugin(const Candidate &candidate);

  std::mutex mutex_;
  std::vector<Candidate> candidates_;
  BackendSelection selection_;
  std::map<std::string, PluginSettings> settings_;
  std::map<std::string, const LoadedBackend *> loaded_;  // by backend name
};

// [main thread, at exit] Calls deinit (ABI 1.1) of every plugin this process initialised, once,
// in load order, and refuses to load plugins afterwards. main() calls it before returning: by
// then every command has destroyed its sessions, displays, captures and encoders and joined
// their threads, which a static destructor could not promise (plugin threads or detached work
// may still run while statics go away). A plugin whose descriptor predates deinit (1.0), or
// whose init failed, is skipped. Safe to call more than once; later calls do nothing.
void shutdown_plugins() noexcept;

}  // namespace pfhost::core
