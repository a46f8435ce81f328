// `pfhost stream`: one session from the command line — a display lease (or an existing PipeWire
// node), the capturer, the encoder and an output file or URL, with progress on stderr.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/host_options.hpp"

namespace pfhost::core::app {

struct StreamOptions {
  std::string display;  // backend names; empty = the config's selection
  std::string capture;
  std::string encoder;
  std::string mode = "1280x720@30";
  std::string codec = "h264";
  uint32_t bitrate_kbps = 8000;
  std::optional<double> duration_s;
  std::string output = "out.mkv";
  std::optional<uint32_t> pipewire_node;  // capture this node; no display backend involved
  std::vector<std::string> app;           // `-- APP ARGS`: run inside the display (if it can)
};

// Registers the `stream` subcommand (with the shared host options) and returns it.
CLI::App *add_stream_command(CLI::App &app, HostOptions &host, StreamOptions &options);
int run_stream(const HostOptions &host, const StreamOptions &options);

}  // namespace pfhost::core::app
