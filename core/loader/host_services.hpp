// The services a plugin gets at init (pfhost_host_api): log lines routed into the host's log with
// the plugin's name as source, typed lookups over the plugin's own [plugins.<name>] table, and
// the monotonic clock. Used both by the probe worker and by the in-process catalog.
#pragma once

#include <pfhost/host.h>

#include <string>

#include "config/host_config.hpp"

namespace pfhost::core {

// Builds the table for one plugin. The table, its context and every string a getter hands out
// live for the rest of the process (the ABI lets a plugin keep them), so they are never freed.
const pfhost_host_api *make_host_services(std::string plugin_name, PluginSettings settings);

}  // namespace pfhost::core
