// `pfhost serve`: the long-running host. Clients connect (SRT callers today), each asks for its
// own mode in its streamid and gets a display of its own, kept across reconnects per keep_alive.
#pragma once

#include <CLI/CLI.hpp>

#include "app/host_options.hpp"
#include "serve/serve_settings.hpp"

namespace pfhost::core::app {

// Registers the `serve` subcommand (with the shared host options) and returns it.
CLI::App *add_serve_command(CLI::App &app, HostOptions &host, serve::ServeSettings &settings);
int run_serve(const HostOptions &host, const serve::ServeSettings &settings);

}  // namespace pfhost::core::app
