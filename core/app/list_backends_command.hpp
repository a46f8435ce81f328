// `pfhost --list-backends [--json]`: discovers and probes every plugin, prints what was found,
// each backend's probe result and what the config would select. Exit 0 whenever the listing
// worked (even with nothing available); 1 when the config is broken.
#pragma once

#include <CLI/CLI.hpp>

#include "app/host_options.hpp"

namespace pfhost::core::app {

struct ListBackendsOptions {
  bool requested = false;
  bool json = false;
};

void add_list_backends_options(CLI::App &app, ListBackendsOptions &options);
int run_list_backends(const HostOptions &host, const ListBackendsOptions &options);

}  // namespace pfhost::core::app
