#include "app/list_backends_command.hpp"

#include <iostream>
#include <nlohmann/json.hpp>

#include "app/host_setup.hpp"
#include "app/list_backends_report.hpp"
#include "loader/plugin_discovery.hpp"

namespace pfhost::core::app {

void add_list_backends_options(CLI::App &app, ListBackendsOptions &options) {
  app.add_flag("--list-backends", options.requested,
               "list plugin files, their backends, probe results and the selection");
  app.add_flag("--json", options.json, "with --list-backends: one JSON document on stdout");
}

int run_list_backends(const HostOptions &host, const ListBackendsOptions &options) {
  const auto setup = set_up_host(host);
  if (!setup.config) return setup.exit_code;
  const HostConfig &config = *setup.config;

  DiscoveryOptions discovery = discovery_options(host, setup);
  // A listing only reports: answers from a moment ago under the same context will do, so a warm
  // listing starts no probe worker (stream, serve and display probe afresh).
  discovery.reuse_recent_probes = true;
  const PluginInventory inventory = discover_plugins(config, discovery);

  if (options.json) {
    std::cout << list_backends_json(inventory, config)
                     .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
              << std::endl;
  } else {
    print_list_backends(std::cout, inventory, config);
    std::cout.flush();
  }
  return 0;
}

}  // namespace pfhost::core::app
