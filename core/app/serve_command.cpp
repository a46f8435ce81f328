#include "app/serve_command.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <thread>

#include "app/host_setup.hpp"
#include "display/display_registry.hpp"
#include "loader/plugin_catalog.hpp"
#include "loader/plugin_discovery.hpp"
#include "output/ffmpeg_log.hpp"
#include "pipeline/pipeline.hpp"
#include "serve/serve_host.hpp"

namespace pfhost::core::app {
namespace {

// SIGINT/SIGTERM end the host: the handler only sets a lock-free flag the main thread polls
// (signals stay unblocked, so the compositors and workers the host starts inherit a normal mask).
std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free);
extern "C" void on_stop_signal(int) {
  g_stop.store(true);
}

}  // namespace

CLI::App *add_serve_command(CLI::App &app, HostOptions &host, serve::ServeSettings &settings) {
  CLI::App *cmd = app.add_subcommand(
      "serve", "serve clients: each SRT caller gets a virtual display at the mode it asks for");
  add_host_options(*cmd, host);
  cmd->add_option("--srt-listen", settings.srt_listen, "ADDR:PORT for SRT callers (port 0: any)")
      ->capture_default_str();
  cmd->add_option("--srt-latency", settings.srt_latency_ms, "SRT latency in ms")
      ->capture_default_str();
  cmd->add_option("--max-sessions", settings.max_sessions, "sessions at once (0: no limit)")
      ->capture_default_str();
  cmd->add_option("--bitrate", settings.bitrate_kbps, "kbit/s per session")->capture_default_str();
  return cmd;
}

int run_serve(const HostOptions &host, const serve::ServeSettings &settings) {
  const auto setup = set_up_host(host);
  if (!setup.config) return setup.exit_code;
  route_ffmpeg_log_into_host_log();
  const HostConfig &config = *setup.config;

  // Discovery and probing happen once, here; a connecting client never waits for them.
  const PluginInventory inventory = discover_plugins(config, discovery_options(host, setup));
  PluginCatalog catalog(inventory, config);
  // Unlike `pfhost stream`, the policy applies as configured: a client that reconnects within
  // keep_alive gets its display back. Declared before everything that holds leases.
  DisplayRegistry displays(config.display_policy);
  Pipeline pipeline(config, inventory, catalog, displays);

  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  {
    serve::ServeHost serving(settings, pipeline);
    const std::string srt = serving.srt_address().text();
    std::cout << "serve: srt listening on " << srt << '\n'
              << "serve: watch with: ffplay 'srt://" << srt
              << "?streamid=%23!::r=1280x720@30,u=$USER'" << std::endl;
    while (!g_stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::cerr << "pfhost: serve: stopping (ending every session, tearing displays down)"
              << std::endl;
  }  // sessions end here; the registry then tears every display down
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  return 0;
}

}  // namespace pfhost::core::app
