#include "app/serve_command.hpp"

#include <atomic>
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "app/command_summaries.hpp"
#include "app/host_setup.hpp"
#include "app/list_backends_report.hpp"
#include "display/display_registry.hpp"
#include "loader/plugin_catalog.hpp"
#include "loader/plugin_discovery.hpp"
#include "os/self_exe.hpp"
#include "os/stop_requests.hpp"
#include "os/user_dirs.hpp"
#include "output/ffmpeg_log.hpp"
#include "pipeline/pipeline.hpp"
#include "serve/api_tls.hpp"
#include "serve/api_token.hpp"
#include "serve/http_server.hpp"
#include "serve/management_api.hpp"
#include "serve/memory_policy.hpp"
#include "serve/serve_host.hpp"

namespace pfhost::core::app {
namespace {

// A stop request (SIGINT/SIGTERM) ends the host: it only sets a lock-free flag the main thread
// polls (signals stay unblocked, so the compositors and workers the host starts inherit a normal
// mask).
std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free);

bool on_stop_request(int count) {
  g_stop.store(true);
  return count < 3;  // a third request: the OS's default way out, for a host stuck in teardown
}

// Detaches the API from the registry and sessions before they go, on every way out.
struct ApiAttachment {
  serve::ManagementApi &api;
  ~ApiAttachment() { api.detach(); }
};

// The [serve] table with the command line's values on top.
ServeConfig effective_settings(ServeConfig settings, const ServeOptions &options) {
  if (options.srt_listen) settings.srt_listen = *options.srt_listen;
  if (options.api_listen) settings.api_listen = *options.api_listen;
  if (options.api_token_file) settings.token_file = *options.api_token_file;
  if (options.srt_latency_ms) settings.srt_latency_ms = *options.srt_latency_ms;
  if (options.max_sessions) settings.max_sessions = *options.max_sessions;
  if (options.bitrate_kbps) settings.bitrate_kbps = *options.bitrate_kbps;
  return settings;
}

// The small animated client installed with pfhost (or built beside it), run inside every display
// when no app is given, so a demo shows something moving rather than an empty grey desktop.
std::vector<std::string> demo_client() {
  const std::filesystem::path dir = os::self_executable_dir();
  for (const std::filesystem::path &candidate :
       {dir / ".." / "libexec" / "pfhost" / "pfhost-demo-client",
        dir / "pfhost-test-pattern-client"}) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec)) {
      return {candidate.lexically_normal().string()};
    }
  }
  return {};
}

// Where a browser opens the viewer: the bound address, except that a listen on every address
// (0.0.0.0, ::) is not a place to browse to; the first allowed host name is (else loopback).
std::string viewer_origin(const serve::HttpServer &http, const ServeConfig &settings) {
  const serve::ListenAddress &bound = http.bound();
  if (bound.host != "0.0.0.0" && bound.host != "::") return http.url();
  const std::string scheme = http.url().substr(0, http.url().find("://") + 3);
  const std::string host = settings.allowed_hosts.empty() ? "127.0.0.1" : settings.allowed_hosts[0];
  return scheme + host + ":" + std::to_string(bound.port);
}

}  // namespace

CLI::App *add_serve_command(CLI::App &app, HostOptions &host, ServeOptions &options) {
  CLI::App *cmd = app.add_subcommand("serve", kServeSummary);
  add_host_options(*cmd, host);
  cmd->add_option("--srt-listen", options.srt_listen,
                  "ADDR:PORT for SRT callers (port 0: any; default [serve] srt_listen, "
                  "127.0.0.1:9710)");
  cmd->add_option("--api-listen", options.api_listen,
                  "ADDR:PORT of the management API and web pages (port 0: any; default "
                  "127.0.0.1:9780); beyond loopback it is https only");
  cmd->add_option("--api-token-file", options.api_token_file,
                  "the API's bearer token, created 0600 on first start (default: "
                  "$XDG_STATE_HOME/pfhost/api-token)");
  cmd->add_option("--srt-latency", options.srt_latency_ms, "SRT latency in ms (default 120)")
      ->check(CLI::Range(20, 8000));
  cmd->add_option("--max-sessions", options.max_sessions, "sessions at once (0: no limit)");
  cmd->add_option("--bitrate", options.bitrate_kbps, "kbit/s per session (default 8000)")
      ->check(CLI::Range(100, 500000));
  cmd->add_option("app", options.app,
                  "after --: an application to run inside every display a client gets (managed "
                  "sway); default: the small animated demo client installed with pfhost");
  cmd->add_flag("--no-demo-client", options.no_demo_client,
                "with no app given, leave the displays empty instead of running the demo client");
  return cmd;
}

int run_serve(const HostOptions &host, const ServeOptions &options) {
  serve::use_one_malloc_arena();  // before any thread: a long-running host must not fragment
  const auto setup = set_up_host(host);
  if (!setup.config) return setup.exit_code;
  route_ffmpeg_log_into_host_log();
  const HostConfig &config = *setup.config;
  const ServeConfig settings = effective_settings(config.serve, options);
  serve::check_serve_settings(settings);  // before anything is bound or probed
  // From here a stop request is only noted; it takes effect once setup is done (probing a
  // plugin is bounded by its timeout), so nothing is left half-made.
  const os::StopRequestRoute stop_route(on_stop_request);

  // The API is up first, so scripts and the web page get answers (health: "starting") while the
  // plugins are probed.
  const std::filesystem::path token_file = settings.token_file.empty()
                                               ? serve::default_token_file()
                                               : std::filesystem::path(settings.token_file);
  serve::ManagementApi api(
      serve::ApiAccess{serve::load_or_create_token(token_file), settings.allowed_hosts});
  serve::WebSocketRoutes websockets;
  websockets.check = [&api](const serve::ApiRequest &request) { return api.check_stream(request); };
  websockets.open = [&api](const serve::ApiRequest &request,
                           std::shared_ptr<serve::MessageChannel> channel) {
    return api.open_stream(request, std::move(channel));
  };
  websockets.protocol = "pfhost";
  // Beyond loopback the API is https only (a generated pair when none is configured).
  const serve::ListenAddress api_listen =
      serve::parse_listen_address(settings.api_listen, "serve.api_listen");
  const std::optional<serve::TlsMaterial> tls =
      serve::api_tls_material(settings, api_listen, os::state_dir());
  serve::HttpServer http(
      api_listen, [&api](const serve::ApiRequest &request) { return api.handle(request); },
      std::move(websockets), tls);
  std::cout << "serve: api listening on " << http.url() << " (token in " << token_file.string()
            << ")" << std::endl;
  if (tls) {
    std::cout << "serve: tls certificate " << tls->certificate_file.string()
              << (tls->generated ? " (self-signed)" : "") << " sha256 " << tls->fingerprint
              << std::endl;
  }

  // Discovery and probing happen once, here; a connecting client never waits for them.
  const PluginInventory inventory = discover_plugins(config, discovery_options(host, setup));
  PluginCatalog catalog(inventory, config);
  // Unlike `pfhost stream`, the policy applies as configured: a client that reconnects within
  // keep_alive gets its display back. Declared before everything that holds leases.
  DisplayRegistry displays(config.display_policy);
  Pipeline pipeline(config, inventory, catalog, displays);

  {
    std::vector<std::string> app = options.app;
    if (app.empty() && !options.no_demo_client) app = demo_client();
    if (!app.empty()) std::cout << "serve: every display runs " << app.front() << std::endl;
    serve::ServeHost serving(settings, pipeline, app);
    api.attach(displays, serving.sessions(), list_backends_json(inventory, config).dump(),
               [&serving](const serve::ClientRequest &request, const std::string &peer,
                          std::shared_ptr<serve::MessageChannel> channel) {
                 return serving.open_browser_stream(request, peer, std::move(channel));
               });
    const ApiAttachment attachment{api};
    const std::string srt = serving.srt_address().text();
    std::cout << "serve: srt listening on " << srt << '\n'
              << "serve: watch with: ffplay 'srt://" << srt << "?streamid=%23!::r=1280x720@30,u=me'"
              << "\nserve: or in a browser: " << viewer_origin(http, settings)
              << "/view?mode=1280x720@30&client=me (asks for the token once)" << std::endl;
    while (!g_stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::cerr << "pfhost: serve: stopping (ending every session, tearing displays down)"
              << std::endl;
  }  // the API lets go, sessions end; the registry then tears every display down
  return 0;
}

}  // namespace pfhost::core::app
