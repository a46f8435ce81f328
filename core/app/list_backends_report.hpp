// Renders a discovery run for `pfhost --list-backends`: aligned tables for people, one JSON
// document (same content) for tools.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <ostream>

#include "config/host_config.hpp"
#include "loader/plugin_discovery.hpp"

namespace pfhost::core::app {

nlohmann::json list_backends_json(const PluginInventory &inventory, const HostConfig &config);
void print_list_backends(std::ostream &out, const PluginInventory &inventory,
                         const HostConfig &config);

}  // namespace pfhost::core::app
