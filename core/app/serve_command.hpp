// `pfhost serve`: the long-running host. Clients connect (SRT callers today), each asks for its
// own mode in its streamid and gets a display of its own, kept across reconnects per keep_alive.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>
#include "app/host_options.hpp"

namespace pfhost::core::app {

// Registers the `serve` subcommand (with the shared host options) and returns it.
// Command-line values; each one given replaces the [serve] table's.
struct ServeOptions {
  std::optional<std::string> srt_listen;
  std::optional<std::string> api_listen;
  std::optional<std::string> api_token_file;
  std::optional<uint32_t> srt_latency_ms;
  std::optional<uint32_t> max_sessions;
  std::optional<uint32_t> bitrate_kbps;
  std::vector<std::string> app;  // `-- APP ARGS`: run inside every display (managed sway)
  bool no_demo_client = false;   // no app given: leave the displays empty (no demo client)
};

CLI::App *add_serve_command(CLI::App &app, HostOptions &host, ServeOptions &options);
int run_serve(const HostOptions &host, const ServeOptions &options);

}  // namespace pfhost::core::app
