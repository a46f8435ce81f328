#include "loader/plugin_catalog.hpp"

#include <algorithm>
#include <deque>
#include <pfhost/plugin.hpp>

#include "backends/reason_buffer.hpp"
#include "loader/abi_names.hpp"
#include "loader/descriptor_validation.hpp"
#include "loader/file_identity.hpp"
#include "loader/host_services.hpp"
#include "loader/plugin_library.hpp"
#include "logging/log.hpp"
#include "os/plugin_file.hpp"

namespace pfhost::core {
namespace {

// A plugin initialised in this process. init() runs once per process, whichever catalog asks
// first, so this registry is process-wide and, like the libraries, never torn down; only the
// plugins' own contexts go, through deinit in shutdown_plugins().
struct InitialisedPlugin {
  ValidatedDescriptor descriptor;
  void *plugin_ctx = nullptr;
  std::string init_error;  // init failed: remembered so init is never retried in this process
  std::deque<LoadedBackend> backends;  // deque: addresses stay put
  uint64_t load_order = 0;             // deinit runs in the order the plugins were loaded
};

struct Process {
  std::mutex mutex;
  std::map<std::filesystem::path, InitialisedPlugin> plugins;
  uint64_t loads = 0;
  bool shut_down = false;  // plugin contexts are gone: nothing may be handed out any more
};

Process &process() {
  static Process *instance = new Process;  // never destroyed, like the libraries
  return *instance;
}

}  // namespace

PluginCatalog::PluginCatalog(const PluginInventory &inventory, const HostConfig &config)
    : selection_(inventory.selection), settings_(config.plugins) {
  for (const auto &plugin : inventory.plugins) {
    if (!plugin.healthy() || !plugin.identity || !plugin.descriptor) continue;
    Candidate c{plugin.path, *plugin.identity, plugin.descriptor->name, {}};
    for (const auto &b : plugin.backends) {
      if (b.state != ProbeState::skipped) c.backends[b.info.name] = b.state == ProbeState::ok;
    }
    candidates_.push_back(std::move(c));
  }
}

const PluginCatalog::Candidate *PluginCatalog::candidate_for(const std::string &backend) const {
  for (const auto &c : candidates_) {
    if (c.backends.count(backend) != 0) return &c;
  }
  return nullptr;
}

void PluginCatalog::load_plugin(const Candidate &candidate) {
  Process &proc = process();
  std::lock_guard lock(proc.mutex);
  if (proc.shut_down) throw PluginLoadError("the host is shutting down; no plugin is loaded now");
  auto found = proc.plugins.find(candidate.path);
  if (found == proc.plugins.end()) {
    // The child vouched for these exact bytes; anything else is unchecked code.
    const auto identity = file_identity(candidate.path);
    if (!identity || !(*identity == candidate.identity)) {
      throw PluginLoadError("plugin " + candidate.path.string() +
                            " changed since it was probed; run pfhost again to re-check it");
    }
    if (auto problem = os::check_plugin_file(candidate.path)) {
      throw PluginLoadError("plugin " + candidate.path.string() + ": " + *problem);
    }
    const auto loaded = PluginLibrary::load(candidate.path);
    if (loaded.library == nullptr) {
      throw PluginLoadError("cannot load " + candidate.path.string() + ": " + loaded.error);
    }
    DescriptorCheck check = call_entry(loaded.library->entry());
    if (!check.descriptor) {
      throw PluginLoadError("plugin " + candidate.path.string() + ": " + check.error);
    }
    if (check.descriptor->info.name != candidate.plugin_name) {
      throw PluginLoadError("plugin " + candidate.path.string() + " now calls itself '" +
                            check.descriptor->info.name + "', not '" + candidate.plugin_name + "'");
    }
    InitialisedPlugin plugin;
    plugin.descriptor = std::move(*check.descriptor);
    plugin.load_order = ++proc.loads;
    if (plugin.descriptor.descriptor.init != nullptr) {
      auto settings = settings_.find(candidate.plugin_name);
      const pfhost_host_api *host = make_host_services(
          candidate.plugin_name, settings == settings_.end() ? PluginSettings{} : settings->second);
      ReasonBuffer reason;
      const pfhost_status status =
          plugin.descriptor.descriptor.init(host, &plugin.plugin_ctx, reason.get());
      if (status != PFHOST_OK) {
        const std::string why = reason.text();
        plugin.init_error = "plugin '" + candidate.plugin_name +
                            "' init failed: " + pfhost::status_name(status) +
                            (why.empty() ? "" : ": " + why);
        const std::string error = plugin.init_error;
        proc.plugins.emplace(candidate.path, std::move(plugin));
        throw PluginLoadError(error);
      }
    }
    log::info("loaded plugin '" + candidate.plugin_name + "' from " + candidate.path.string());
    found = proc.plugins.emplace(candidate.path, std::move(plugin)).first;
    InitialisedPlugin &ready = found->second;
    for (const auto &b : ready.descriptor.backends) {
      if (!b.info.problem.empty()) continue;
      LoadedBackend &out = ready.backends.emplace_back();
      out.name = b.info.name;
      out.plugin_name = candidate.plugin_name;
      out.plugin_path = candidate.path;
      out.kind = b.info.kind;
      out.rank = b.info.rank;
      out.plugin_ctx = ready.plugin_ctx;
      out.backend = b.backend;
      if (b.info.kind == PFHOST_BACKEND_DISPLAY) out.display = &b.display;
      if (b.info.kind == PFHOST_BACKEND_CAPTURE) out.capture = &b.capture;
      if (b.info.kind == PFHOST_BACKEND_ENCODE) out.encode = &b.encode;
    }
  }
  if (!found->second.init_error.empty()) throw PluginLoadError(found->second.init_error);
  for (auto &b : found->second.backends) {
    auto it = candidate.backends.find(b.name);
    if (it == candidate.backends.end()) continue;  // a cross-plugin duplicate, owned elsewhere
    b.probed_ok = it->second;
    loaded_[b.name] = &b;
  }
}

const LoadedBackend &PluginCatalog::backend(const std::string &name) {
  std::lock_guard lock(mutex_);
  if (auto it = loaded_.find(name); it != loaded_.end()) return *it->second;
  const Candidate *candidate = candidate_for(name);
  if (candidate == nullptr) {
    throw PluginLoadError("no healthy plugin provides backend '" + name +
                          "' (see pfhost --list-backends)");
  }
  load_plugin(*candidate);
  auto it = loaded_.find(name);
  if (it == loaded_.end()) {
    throw PluginLoadError("plugin '" + candidate->plugin_name + "' no longer offers backend '" +
                          name + "'");
  }
  return *it->second;
}

namespace {
// The loaded backend `name` if it is of `kind`; otherwise why it cannot serve as one.
const LoadedBackend &of_kind(const LoadedBackend &backend, uint32_t kind) {
  if (backend.kind != kind) {
    throw PluginLoadError("backend '" + backend.name + "' is a " +
                          abi_names::backend_kind(backend.kind) + " backend, not a " +
                          abi_names::backend_kind(kind) + " backend");
  }
  return backend;
}
}  // namespace

DisplayBackend PluginCatalog::display(const std::string &name) {
  const LoadedBackend &b = of_kind(backend(name), PFHOST_BACKEND_DISPLAY);
  return DisplayBackend(b.name, *b.display, b.plugin_ctx);
}

CaptureBackend PluginCatalog::capture(const std::string &name) {
  const LoadedBackend &b = of_kind(backend(name), PFHOST_BACKEND_CAPTURE);
  return CaptureBackend(b.name, *b.capture, b.plugin_ctx);
}

EncodeBackend PluginCatalog::encode(const std::string &name) {
  const LoadedBackend &b = of_kind(backend(name), PFHOST_BACKEND_ENCODE);
  return EncodeBackend(b.name, *b.encode, b.plugin_ctx);
}

const LoadedBackend &PluginCatalog::selected(uint32_t kind) {
  const KindSelection &s = kind == PFHOST_BACKEND_DISPLAY   ? selection_.display
                           : kind == PFHOST_BACKEND_CAPTURE ? selection_.capture
                                                            : selection_.encode;
  if (!s.selected) throw PluginLoadError(abi_names::backend_kind(kind) + ": " + s.none_reason);
  return backend(*s.selected);
}

void PluginCatalog::load_all() {
  std::lock_guard lock(mutex_);
  for (const auto &c : candidates_) load_plugin(c);
}

void shutdown_plugins() noexcept {
  Process &proc = process();
  std::lock_guard lock(proc.mutex);
  if (proc.shut_down) return;
  proc.shut_down = true;
  std::vector<InitialisedPlugin *> order;
  for (auto &[path, plugin] : proc.plugins) {
    // The descriptor is a host-sized copy: a deinit outside the plugin's struct_size (a 1.0
    // plugin) reads as NULL here.
    if (plugin.init_error.empty() && plugin.descriptor.descriptor.deinit != nullptr)
      order.push_back(&plugin);
  }
  std::sort(order.begin(), order.end(), [](const InitialisedPlugin *a, const InitialisedPlugin *b) {
    return a->load_order < b->load_order;
  });
  for (InitialisedPlugin *plugin : order) {
    log::debug("deinit plugin '" + plugin->descriptor.info.name + "'");
    plugin->descriptor.descriptor.deinit(plugin->plugin_ctx);
    plugin->plugin_ctx = nullptr;
    for (auto &b : plugin->backends) b.plugin_ctx = nullptr;
  }
}

}  // namespace pfhost::core
