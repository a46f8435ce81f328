// The plugin's C ABI surface: the descriptor, the one display backend "mutter" and thin
// trampolines that turn every C++ exception into a status + reason (pfhost::guarded).
#include "dbus_names.hpp"
#include "mutter_settings.hpp"
#include "screencast_probe.hpp"
#include "virtual_monitor.hpp"

#include <pfhost/backend_tables.hpp>
#include <pfhost/plugin_config.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace {

using pfhost::mutter::MonitorRequest;
using pfhost::mutter::Settings;
using pfhost::mutter::VirtualMonitor;

// What init() keeps for later calls; deinit deletes it.
struct PluginContext {
  pfhost::Host host;
  Settings settings;
  std::string config_error;  // unknown keys in [plugins.mutter], reported by the probe
  // Mutter (and gnome-shell on top of it) can crash when monitors are added and removed while it
  // is still rebuilding its topology for another one, so this plugin creates and destroys one
  // monitor at a time even when the host asks concurrently.
  std::mutex topology_mutex;
};

// A probe must answer within a second.
constexpr std::chrono::milliseconds kProbeTimeout{700};

PluginContext &context_of(void *plugin_ctx) {
  static PluginContext fallback;  // a host that never called init()
  return plugin_ctx != nullptr ? *static_cast<PluginContext *>(plugin_ctx) : fallback;
}

pfhost_status plugin_init(const pfhost_host_api *host_api, void **plugin_ctx,
                          pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    auto context = std::make_unique<PluginContext>();
    context->host = pfhost::Host(host_api);
    context->settings = pfhost::mutter::read_settings(context->host, &context->config_error);
    *plugin_ctx = context.release();
  });
}

pfhost_status display_probe(void *plugin_ctx, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    pfhost::check_config(context_of(plugin_ctx).config_error);
    const auto connection = pfhost::mutter::connect_session_bus();
    const int32_t version = pfhost::mutter::screencast_version(*connection, kProbeTimeout);
    pfhost::set_reason(reason, "Mutter ScreenCast API version " + std::to_string(version) +
                                   (version >= pfhost::mutter::names::kFirstVersionWithModes
                                        ? " (exact modes)"
                                        : " (size from the capture's negotiation)"));
  });
}

// What the host holds as a pfhost_display (pfhost::display_table).
struct Display {
  PluginContext *context = nullptr;
  std::unique_ptr<VirtualMonitor> monitor;

  ~Display() {
    if (!monitor) return;
    const std::lock_guard serialize(context->topology_mutex);
    monitor.reset();
  }

  static std::unique_ptr<Display> create(void *plugin_ctx, const pfhost_display_request &request) {
    PluginContext &context = context_of(plugin_ctx);
    MonitorRequest monitor_request;
    monitor_request.mode = request.mode;
    monitor_request.cursor_mode = request.cursor_mode;

    auto display = std::make_unique<Display>();
    display->context = &context;
    const std::lock_guard serialize(context.topology_mutex);
    display->monitor =
        std::make_unique<VirtualMonitor>(context.settings, context.host, monitor_request);
    return display;
  }

  pfhost_target target() const {
    // Mutter's nodes live on the user's default daemon.
    return pfhost::pipewire_node_target(monitor->mode(), monitor->node_id());
  }

  std::optional<std::string> why_dead() { return monitor->why_dead(); }
};

const pfhost_display_vtable kDisplayVtable =
    pfhost::display_table<Display>(1u << PFHOST_TARGET_PIPEWIRE_NODE);

const pfhost_backend kBackend = pfhost::display_backend(
    "mutter", "Virtual monitors on GNOME (Mutter ScreenCast RecordVirtual -> PipeWire node)", 50,
    &display_probe, &kDisplayVtable);

const pfhost_backend *const kBackends[] = {&kBackend};

const pfhost_plugin_descriptor kDescriptor = pfhost::plugin_descriptor(
    "mutter", "0.1.0", "pfhost", "GNOME Mutter virtual monitors over D-Bus", &plugin_init,
    &pfhost::delete_context<PluginContext>, kBackends);

}  // namespace

PFHOST_DEFINE_PLUGIN_ENTRY(kDescriptor)
