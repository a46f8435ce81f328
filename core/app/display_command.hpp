// `pfhost display`: create one display through the registry, print what the backend returned
// and hold it until Ctrl-C or --hold seconds, then tear it down. How a user checks that a display
// backend (a driver install, a compositor) works without streaming anything; tests use it too.
#pragma once

#include <pfhost/display.h>

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "app/host_options.hpp"

namespace pfhost::core::app {

struct DisplayOptions {
  std::string backend;
  std::string mode = "1920x1080@60";
  std::string client = "pfhost-display";
  std::optional<double> hold_s;
  bool json = false;
};

CLI::App *add_display_command(CLI::App &app, HostOptions &host, DisplayOptions &options);
int run_display(const HostOptions &host, const DisplayOptions &options);

// One line (or a JSON object) describing a display's target; separate for tests.
std::string describe_target(const std::string &backend, const pfhost_target &target, bool json);

}  // namespace pfhost::core::app
