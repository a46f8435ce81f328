// The plugin's C ABI surface: the descriptor and the one display backend "sudovda", with thin
// trampolines that turn every C++ exception into a status + reason (pfhost::guarded).
#include <pfhost/backend_tables.hpp>
#include <pfhost/plugin_config.hpp>

#include <memory>
#include <string>

#include "pfhost/windows/idd_settings.hpp"
#include "sudovda_display.hpp"
#include "sudovda_driver.hpp"

namespace {

using pfhost::sudovda::Driver;
using pfhost::sudovda::VirtualDisplay;

struct PluginContext {
  pfhost::Host host;
  std::string config_error;  // unknown keys in [plugins.sudovda], reported by the probe
  std::unique_ptr<Driver> driver;
};

PluginContext &context_of(void *plugin_ctx) {
  if (plugin_ctx == nullptr) throw pfhost::Error(PFHOST_E_INTERNAL, "sudovda: no init()");
  return *static_cast<PluginContext *>(plugin_ctx);
}

pfhost_status plugin_init(const pfhost_host_api *host_api, void **plugin_ctx,
                          pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    auto context = std::make_unique<PluginContext>();
    context->host = pfhost::Host(host_api);
    pfhost::ConfigReader config(context->host, "sudovda");
    auto settings = pfhost::windows::read_idd_settings(config, "sudovda");
    context->config_error = config.unknown_key_error();
    context->driver = std::make_unique<Driver>(std::move(settings));
    *plugin_ctx = context.release();
  });
}

pfhost_status display_probe(void *plugin_ctx, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    pfhost::check_config(context_of(plugin_ctx).config_error);
    pfhost::set_reason(reason, pfhost::sudovda::probe_driver());
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

const pfhost_display_vtable kDisplayVtable =
    pfhost::display_table<Display>(1u << PFHOST_TARGET_WINDOWS_IDD);

const pfhost_backend kBackend = pfhost::display_backend(
    "sudovda", "Virtual monitors of the SudoVDA IddCx driver (Windows, Apollo's driver)", 55,
    &display_probe, &kDisplayVtable);

const pfhost_backend *const kBackends[] = {&kBackend};

const pfhost_plugin_descriptor kDescriptor = pfhost::plugin_descriptor(
    "sudovda", "0.1.0", "pfhost", "SudoVDA virtual monitors (IddCx driver, protocol 0.2.x)",
    &plugin_init, &pfhost::delete_context<PluginContext>, kBackends);

}  // namespace

PFHOST_DEFINE_PLUGIN_ENTRY(kDescriptor)
