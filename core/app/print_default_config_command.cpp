#include "app/print_default_config_command.hpp"

#include <iostream>

#include "config/host_config.hpp"

namespace pfhost::core::app {

void add_print_default_config_option(CLI::App &app, bool &requested) {
  app.add_flag("--print-default-config", requested, "print the built-in host.toml and exit");
}

int run_print_default_config() {
  std::cout << builtin_host_config_text();
  std::cout.flush();
  return 0;
}

}  // namespace pfhost::core::app
