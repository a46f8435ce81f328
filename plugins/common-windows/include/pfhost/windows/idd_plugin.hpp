// What a Windows virtual-display plugin's entry point needs beyond its driver class: the
// context init() builds (host services, [plugins.<name>] settings, one Driver), the probe, and
// the Display type the SDK's display_table<> turns into the C table. A Driver provides, besides
// what IddDisplay needs, `static constexpr const char *kPluginName`, `static constexpr bool
// kPushCapture` (the driver pushes frames into a host-made ring: the capture_* keys apply) and
// `static std::string probe()` (the version and watchdog, without touching monitors).
#pragma once

#include <pfhost/backend_tables.hpp>
#include <pfhost/plugin_config.hpp>

#include <memory>
#include <string>

#include "pfhost/windows/idd_display.hpp"
#include "pfhost/windows/idd_settings.hpp"

namespace pfhost::windows {

template <class Driver>
struct IddPlugin {
  struct Context {
    Host host;
    std::string config_error;  // unknown keys in [plugins.<name>], reported by the probe
    std::unique_ptr<Driver> driver;
  };

  static Context &context_of(void *plugin_ctx) {
    if (plugin_ctx == nullptr) {
      throw Error(PFHOST_E_INTERNAL, std::string(Driver::kPluginName) + ": no init()");
    }
    return *static_cast<Context *>(plugin_ctx);
  }

  static pfhost_status init(const pfhost_host_api *host_api, void **plugin_ctx,
                            pfhost_reason *reason) {
    return guarded(reason, [&] {
      auto context = std::make_unique<Context>();
      context->host = Host(host_api);
      ConfigReader config(context->host, Driver::kPluginName);
      auto settings = read_idd_settings(config, Driver::kPluginName, Driver::kPushCapture);
      settings.warn = [host = context->host](const std::string &message) { host.warn(message); };
      context->config_error = config.unknown_key_error();
      context->driver = std::make_unique<Driver>(std::move(settings));
      *plugin_ctx = context.release();
    });
  }

  static pfhost_status probe(void *plugin_ctx, pfhost_reason *reason) {
    return guarded(reason, [&] {
      check_config(context_of(plugin_ctx).config_error);
      set_reason(reason, Driver::probe());
    });
  }

  struct Display {
    std::unique_ptr<IddDisplay<Driver>> monitor;

    static std::unique_ptr<Display> create(void *plugin_ctx,
                                           const pfhost_display_request &request) {
      auto display = std::make_unique<Display>();
      display->monitor = std::make_unique<IddDisplay<Driver>>(
          *context_of(plugin_ctx).driver, request.mode,
          request.client_id != nullptr ? request.client_id : "");
      return display;
    }
    pfhost_target target() const { return monitor->target(); }
    std::optional<std::string> why_dead() { return monitor->why_dead(); }
  };

  // reconfigure for drivers that can change a live monitor's mode (pf-vdisplay UPDATE_MODES).
  static pfhost_status reconfigure(pfhost_display *display, const pfhost_mode *mode,
                                   pfhost_target *target, pfhost_reason *reason) {
    return guarded(reason, [&] {
      if (display == nullptr || mode == nullptr || target == nullptr) {
        throw Error(PFHOST_E_INVALID_ARGUMENT, "reconfigure: missing argument");
      }
      auto &monitor = *reinterpret_cast<Display *>(display)->monitor;
      monitor.reconfigure(*mode);
      write_struct(target, monitor.target());
    });
  }
};

}  // namespace pfhost::windows
