// The plugin's C ABI surface: the descriptor and the one display backend "pf-vdisplay", with
// thin trampolines that turn every C++ exception into a status + reason (pfhost::guarded).
#include <pfhost/backend_tables.hpp>
#include <pfhost/plugin_config.hpp>

#include <memory>
#include <string>

#include "pf_vdisplay_display.hpp"
#include "pf_vdisplay_driver.hpp"
#include "pfhost/windows/idd_settings.hpp"

namespace {

using pfhost::pf_vdisplay::Driver;
using pfhost::pf_vdisplay::VirtualDisplay;

struct PluginContext {
  pfhost::Host host;
  std::string config_error;  // unknown keys in [plugins.pf-vdisplay], reported by the probe
  std::unique_ptr<Driver> driver;
};

PluginContext &context_of(void *plugin_ctx) {
  if (plugin_ctx == nullptr) throw pfhost::Error(PFHOST_E_INTERNAL, "pf-vdisplay: no init()");
  return *static_cast<PluginContext *>(plugin_ctx);
}

pfhost_status plugin_init(const pfhost_host_api *host_api, void **plugin_ctx,
                          pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    auto context = std::make_unique<PluginContext>();
    context->host = pfhost::Host(host_api);
    pfhost::ConfigReader config(context->host, "pf-vdisplay");
    auto settings = pfhost::windows::read_idd_settings(config, "pf-vdisplay");
    context->config_error = config.unknown_key_error();
    context->driver = std::make_unique<Driver>(std::move(settings));
    *plugin_ctx = context.release();
  });
}

pfhost_status display_probe(void *plugin_ctx, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    pfhost::check_config(context_of(plugin_ctx).config_error);
    pfhost::set_reason(reason, pfhost::pf_vdisplay::probe_driver());
  });
}

struct Display {
  std::unique_ptr<VirtualDisplay> monitor;

  static std::unique_ptr<Display> create(void *plugin_ctx, const pfhost_display_request &request) {
    auto display = std::make_unique<Display>();
    display->monitor =
        std::make_unique<VirtualDisplay>(*context_of(plugin_ctx).driver, request.mode,
                                         request.client_id != nullptr ? request.client_id : "");
    return display;
  }
  pfhost_target target() const { return monitor->target(); }
  std::optional<std::string> why_dead() { return monitor->why_dead(); }
};

// UPDATE_MODES: the same monitor (and GDI name) at another mode.
pfhost_status display_reconfigure(pfhost_display *display, const pfhost_mode *mode,
                                  pfhost_target *target, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    if (display == nullptr || mode == nullptr || target == nullptr) {
      throw pfhost::Error(PFHOST_E_INVALID_ARGUMENT, "reconfigure: missing argument");
    }
    auto &monitor = *reinterpret_cast<Display *>(display)->monitor;
    monitor.reconfigure(*mode);
    pfhost::write_struct(target, monitor.target());
  });
}

pfhost_display_vtable make_display_table() {
  auto table = pfhost::display_table<Display>(1u << PFHOST_TARGET_WINDOWS_IDD);
  table.reconfigure = &display_reconfigure;
  return table;
}

const pfhost_display_vtable kDisplayVtable = make_display_table();

const pfhost_backend kBackend = pfhost::display_backend(
    "pf-vdisplay", "Virtual monitors of the pf-vdisplay IddCx driver (Windows)", 60, &display_probe,
    &kDisplayVtable);

const pfhost_backend *const kBackends[] = {&kBackend};

const pfhost_plugin_descriptor kDescriptor = pfhost::plugin_descriptor(
    "pf-vdisplay", "0.1.0", "pfhost", "pf-vdisplay virtual monitors (IddCx driver, protocol 9)",
    &plugin_init, &pfhost::delete_context<PluginContext>, kBackends);

}  // namespace

PFHOST_DEFINE_PLUGIN_ENTRY(kDescriptor)
