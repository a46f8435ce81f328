// The plugin's C ABI surface: the descriptor, the one display backend "mutter" and thin
// trampolines that turn every C++ exception into a status + reason (pfhost::guarded).
#include "dbus_names.hpp"
#include "mutter_settings.hpp"
#include "screencast_probe.hpp"
#include "virtual_monitor.hpp"

#include <pfhost/plugin.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

namespace {

using pfhost::mutter::MonitorRequest;
using pfhost::mutter::Settings;
using pfhost::mutter::VirtualMonitor;

// What init() keeps for later calls. Leaked on purpose: plugins are never unloaded and the host
// has no "deinit" to pair it with.
struct PluginContext {
  pfhost::Host host;
  Settings settings;
  // Mutter (and gnome-shell on top of it) can crash when monitors are added and removed while it
  // is still rebuilding its topology for another one, so this plugin creates and destroys one
  // monitor at a time even when the host asks concurrently.
  std::mutex topology_mutex;
};

// What the host holds as a pfhost_display.
struct Display {
  PluginContext *context = nullptr;
  std::unique_ptr<VirtualMonitor> monitor;
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
    context->settings = pfhost::mutter::read_settings(context->host);
    *plugin_ctx = context.release();
  });
}

pfhost_status display_probe(void *plugin_ctx, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    const auto connection = pfhost::mutter::connect_session_bus();
    const int32_t version = pfhost::mutter::screencast_version(*connection, kProbeTimeout);
    pfhost::set_reason(reason, "Mutter ScreenCast API version " + std::to_string(version) +
                                   (version >= pfhost::mutter::names::kFirstVersionWithModes
                                        ? " (exact modes)"
                                        : " (size from the capture's negotiation)"));
    (void)plugin_ctx;
  });
}

pfhost_status display_create(void *plugin_ctx, const pfhost_display_request *request_in,
                             pfhost_display **out_display, pfhost_target *target,
                             pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    if (request_in == nullptr || out_display == nullptr || target == nullptr)
      throw pfhost::Error(PFHOST_E_INVALID_ARGUMENT,
                          "create: request, out_display and target are required");
    const auto request = pfhost::read_struct(request_in);
    PluginContext &context = context_of(plugin_ctx);
    MonitorRequest monitor_request;
    monitor_request.mode = request.mode;
    monitor_request.cursor_mode = request.cursor_mode;

    auto display = std::make_unique<Display>();
    display->context = &context;
    {
      const std::lock_guard serialize(context.topology_mutex);
      display->monitor =
          std::make_unique<VirtualMonitor>(context.settings, context.host, monitor_request);
    }
    // Only the fields the host's struct has room for: it set struct_size.
    auto filled = pfhost::make_struct<pfhost_target>();
    filled.kind = PFHOST_TARGET_PIPEWIRE_NODE;
    filled.mode = display->monitor->mode();
    filled.u.pipewire.node_id = display->monitor->node_id();
    filled.u.pipewire.remote_fd = -1;  // Mutter's nodes live on the user's default daemon
    const uint32_t room = target->struct_size;
    std::memcpy(target, &filled, room < sizeof filled ? room : sizeof filled);
    target->struct_size = room;
    *out_display = reinterpret_cast<pfhost_display *>(display.release());
  });
}

void display_destroy(pfhost_display *handle) {
  pfhost::guarded(nullptr, [&] {
    std::unique_ptr<Display> display(reinterpret_cast<Display *>(handle));
    if (!display) return;
    const std::lock_guard serialize(display->context->topology_mutex);
    display->monitor.reset();
  });
}

pfhost_status display_is_alive(pfhost_display *handle, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    auto *display = reinterpret_cast<Display *>(handle);
    if (display == nullptr || !display->monitor)
      throw pfhost::Error(PFHOST_E_INVALID_ARGUMENT, "is_alive: no display");
    if (const auto why = display->monitor->why_dead()) throw pfhost::Error(PFHOST_E_CLOSED, *why);
  });
}

const pfhost_display_vtable kDisplayVtable = [] {
  auto v = pfhost::make_struct<pfhost_display_vtable>();
  v.target_kinds = 1u << PFHOST_TARGET_PIPEWIRE_NODE;
  v.create = &display_create;
  v.destroy = &display_destroy;
  v.is_alive = &display_is_alive;
  return v;
}();

const pfhost_backend kBackend = [] {
  auto b = pfhost::make_struct<pfhost_backend>();
  b.kind = PFHOST_BACKEND_DISPLAY;
  b.name = "mutter";
  b.description = "Virtual monitors on GNOME (Mutter ScreenCast RecordVirtual -> PipeWire node)";
  b.rank = 50;
  b.probe = &display_probe;
  b.display = &kDisplayVtable;
  return b;
}();

const pfhost_backend *const kBackends[] = {&kBackend};

const pfhost_plugin_descriptor kDescriptor = [] {
  auto d = pfhost::make_struct<pfhost_plugin_descriptor>();
  d.abi_major = PFHOST_ABI_MAJOR;
  d.abi_minor = PFHOST_ABI_MINOR;
  d.name = "mutter";
  d.version = "0.1.0";
  d.vendor = "pfhost";
  d.description = "GNOME Mutter virtual monitors over D-Bus";
  d.init = &plugin_init;
  d.backend_count = 1;
  d.backends = kBackends;
  return d;
}();

}  // namespace

PFHOST_DEFINE_PLUGIN_ENTRY(kDescriptor)
