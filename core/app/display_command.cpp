#include "app/display_command.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/host_setup.hpp"
#include "display/display_registry.hpp"
#include "loader/plugin_catalog.hpp"
#include "loader/plugin_discovery.hpp"
#include "os/stop_requests.hpp"
#include "pipeline/stream_request.hpp"

namespace pfhost::core::app {
namespace {

std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free, "a stop request may only touch atomics");

bool on_stop_request(int count) {
  g_stop.store(true);
  return count < 3;  // a third request ends the process the default way
}

std::string luid_text(const pfhost_luid &luid) {
  char text[32];
  std::snprintf(text, sizeof text, "%x:%x", static_cast<unsigned>(luid.high), luid.low);
  return text;
}

std::string bounded(const char *text, size_t size) {
  return std::string(text, strnlen(text, size));
}

}  // namespace

std::string describe_target(const std::string &backend, const pfhost_target &target, bool json) {
  nlohmann::json out;
  out["backend"] = backend;
  out["mode"] = {{"width", target.mode.width},
                 {"height", target.mode.height},
                 {"refresh_millihz", target.mode.refresh_millihz}};
  std::string where;
  switch (target.kind) {
    case PFHOST_TARGET_PIPEWIRE_NODE:
      out["pipewire_node"] = target.u.pipewire.node_id;
      where = "PipeWire node " + std::to_string(target.u.pipewire.node_id);
      break;
    case PFHOST_TARGET_WAYLAND_OUTPUT: {
      const auto &wayland = target.u.wayland;
      out["wayland_output"] = bounded(wayland.output_name, sizeof wayland.output_name);
      out["wayland_socket"] = bounded(wayland.socket_path, sizeof wayland.socket_path);
      where = "Wayland output " + out["wayland_output"].get<std::string>() + " on " +
              out["wayland_socket"].get<std::string>();
      break;
    }
    case PFHOST_TARGET_WINDOWS_IDD: {
      const auto &idd = target.u.windows_idd;
      const std::string gdi = bounded(idd.gdi_name, sizeof idd.gdi_name);
      // Empty from a plugin built before ABI 1.2 (the host zero-fills the target).
      const std::string monitor = bounded(idd.monitor_id, sizeof idd.monitor_id);
      out["adapter_luid"] = luid_text(idd.adapter_luid);
      out["target_id"] = idd.target_id;
      out["monitor_id"] = monitor.empty() ? nlohmann::json() : nlohmann::json(monitor);
      out["driver_pid"] = idd.driver_pid;
      out["gdi_name"] = gdi;
      where = "adapter LUID " + luid_text(idd.adapter_luid) + ", target id " +
              std::to_string(idd.target_id) + ", monitor id " +
              (monitor.empty() ? "unknown" : monitor) + ", driver pid " +
              std::to_string(idd.driver_pid) + ", GDI name " +
              (gdi.empty() ? "not known (Windows has not activated it)" : gdi);
      break;
    }
    default:
      where = "a target of kind " + std::to_string(target.kind);
  }
  if (json) return out.dump();
  return backend + ": " + std::to_string(target.mode.width) + "x" +
         std::to_string(target.mode.height) + "@" +
         std::to_string(target.mode.refresh_millihz / 1000.0).substr(0, 6) + " Hz, " + where;
}

CLI::App *add_display_command(CLI::App &app, HostOptions &host, DisplayOptions &options) {
  CLI::App *cmd = app.add_subcommand(
      "display", "create one virtual display, print where it is and hold it (checks a backend)");
  add_host_options(*cmd, host);
  cmd->add_option("--backend", options.backend, "display backend (see --list-backends)")
      ->required();
  cmd->add_option("--mode", options.mode, "WxH@Hz")->capture_default_str();
  cmd->add_option("--client", options.client,
                  "client id: backends that can give the same client the same monitor")
      ->capture_default_str();
  cmd->add_option("--hold", options.hold_s, "seconds to hold it; default: until Ctrl-C");
  cmd->add_flag("--json", options.json, "print the display as one JSON object");
  return cmd;
}

int run_display(const HostOptions &host, const DisplayOptions &options) {
  const pfhost_mode mode = parse_mode(options.mode);
  if (options.hold_s && *options.hold_s < 0) {
    std::cerr << "pfhost: error: --hold: must be 0 seconds or more\n";
    return 2;
  }
  const auto setup = set_up_host(host);
  if (!setup.config) return setup.exit_code;
  const HostConfig &config = *setup.config;
  const PluginInventory inventory = discover_plugins(config, discovery_options(host, setup));
  PluginCatalog catalog(inventory, config);
  DisplayPolicy one_shot = config.display_policy;  // nothing to reuse it later: no lingering
  one_shot.keep_alive.kind = KeepAlive::Kind::off;
  DisplayRegistry displays(one_shot);
  const DisplayBackend backend = catalog.display(options.backend);

  const os::StopRequestRoute stop_route(on_stop_request);
  {
    DisplayLease lease = displays.acquire(backend, mode, options.client);
    std::cout << describe_target(options.backend, lease.target(), options.json) << std::endl;
    const auto until =
        options.hold_s ? std::chrono::steady_clock::now() +
                             std::chrono::milliseconds(static_cast<int64_t>(*options.hold_s * 1000))
                       : std::chrono::steady_clock::time_point::max();
    while (!g_stop.load() && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }  // the lease goes: with lingering off, the display is torn down here
  if (!options.json) std::cerr << "pfhost: display " << options.backend << " removed\n";
  return 0;
}

}  // namespace pfhost::core::app
