// `pfhost --print-default-config`: the built-in host.toml, a starting point for a config file.
#pragma once

#include <CLI/CLI.hpp>

namespace pfhost::core::app {

void add_print_default_config_option(CLI::App &app, bool &requested);
int run_print_default_config();

}  // namespace pfhost::core::app
