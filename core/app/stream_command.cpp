#include "app/stream_command.hpp"

#include <atomic>
#include <iostream>

#include "app/command_summaries.hpp"
#include "app/host_setup.hpp"
#include "display/display_registry.hpp"
#include "loader/plugin_catalog.hpp"
#include "loader/plugin_discovery.hpp"
#include "os/stop_requests.hpp"
#include "output/ffmpeg_log.hpp"
#include "pipeline/pipeline.hpp"

namespace pfhost::core::app {
namespace {

// Ctrl-C / SIGTERM (Windows: Ctrl-C, Ctrl-Break, closing the console). The callback only touches
// lock-free atomics. The first request stops the session: the encoder is drained and the output
// finished, so the file is complete and playable. A second one (or one that arrives before there
// is a session to stop) abandons blocked network I/O, e.g. an SRT connect waiting for a listener;
// it never cuts a file short. A third one ends the process the default way, for a user who would
// rather lose the output than wait for a compositor that does not answer.
std::atomic<int> g_stop_requests{0};
std::atomic<bool> g_abandon_io{false};
std::atomic<Session *> g_session{nullptr};
static_assert(std::atomic<int>::is_always_lock_free && std::atomic<Session *>::is_always_lock_free,
              "a stop request may only touch lock-free atomics");

bool on_stop_request(int count) {
  g_stop_requests.store(count);
  if (count >= 3) return false;
  if (Session *session = g_session.load(); session != nullptr && count == 1) {
    session->request_stop();
    return true;
  }
  g_abandon_io.store(true);
  return true;
}

// Labels the display in logs and lets backends that remember outputs per client (KWin, Windows
// monitor ids) give repeated runs the same output.
constexpr const char *kClientId = "pfhost-stream";

// The command line as a request; throws RequestError before anything is set up.
StreamRequest request_from(const StreamOptions &options) {
  StreamRequest request;
  request.mode = parse_mode(options.mode);
  request.codec = parse_codec(options.codec);
  request.bitrate_kbps = options.bitrate_kbps;
  request.client_id = kClientId;
  request.display = options.display;
  request.capture = options.capture;
  request.encoder = options.encoder;
  request.app = options.app;
  request.pipewire_node = options.pipewire_node;
  request.output = options.output;
  if (options.duration_s) {
    if (*options.duration_s <= 0) throw RequestError("--duration: must be more than 0 seconds");
    request.duration = std::chrono::nanoseconds(static_cast<int64_t>(*options.duration_s * 1e9));
  }
  check_request_fields(request, true);
  return request;
}

}  // namespace

CLI::App *add_stream_command(CLI::App &app, HostOptions &host, StreamOptions &options) {
  CLI::App *cmd = app.add_subcommand("stream", kStreamSummary);
  add_host_options(*cmd, host);
  const size_t host_option_count = cmd->get_options().size();
  cmd->add_option("--display", options.display, "display backend (default: the selection)");
  cmd->add_option("--capture", options.capture, "capture backend (default: the selection)");
  cmd->add_option("--encoder", options.encoder, "encode backend (default: the selection)");
  cmd->add_option("--mode", options.mode, "WxH@Hz")->capture_default_str();
  cmd->add_option("--codec", options.codec, "h264 | hevc | av1")->capture_default_str();
  cmd->add_option("--bitrate", options.bitrate_kbps, "kbit/s")->capture_default_str();
  cmd->add_option("--duration", options.duration_s, "seconds; default: until Ctrl-C");
  cmd->add_option("--output", options.output,
                  "file (.mkv .mp4 .ts .h264 .hevc) or URL (srt:// udp:// rtp://)")
      ->capture_default_str();
  cmd->add_option("--pipewire-node", options.pipewire_node,
                  "capture this existing PipeWire node instead of creating a display");
  cmd->add_option("app", options.app,
                  "after --: an application to run inside the display (managed sway, gamescope)");
  // The last occurrence wins, so wrappers (scripts/stream-demo.sh) can pass defaults that a
  // user's own arguments override.
  // (Only the stream options: --plugin-dir among the host options is meant to repeat.)
  const auto options_now = cmd->get_options();
  for (size_t i = host_option_count; i < options_now.size(); ++i) {
    options_now[i]->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  }
  return cmd;
}

int run_stream(const HostOptions &host, const StreamOptions &options) {
  // The whole command line is checked before the config, the plugins or a display are touched.
  const StreamRequest request = request_from(options);
  const auto setup = set_up_host(host);
  if (!setup.config) return setup.exit_code;
  route_ffmpeg_log_into_host_log();  // before the encoder plugin or the output opens anything
  const HostConfig &config = *setup.config;

  const PluginInventory inventory = discover_plugins(config, discovery_options(host, setup));
  PluginCatalog catalog(inventory, config);
  // One session and then the process ends: no later session could reuse a kept display, so it
  // goes with the session instead of lingering until shutdown. The registry outlives the session
  // (declared first): the session's lease releases into it.
  DisplayPolicy one_shot = config.display_policy;
  one_shot.keep_alive.kind = KeepAlive::Kind::off;
  DisplayRegistry displays(one_shot);
  Pipeline pipeline(config, inventory, catalog, displays);

  const os::StopRequestRoute stop_route(on_stop_request);
  SessionHooks hooks;
  hooks.abandon_io = &g_abandon_io;
  hooks.on_progress = [](const SessionStats &stats) {
    std::cerr << progress_line(stats) << std::endl;
  };
  StartedSession started = pipeline.start(request, hooks);
  g_session.store(started.session.get());
  // Cleared on every way out (an exception too), so no later request reaches a dead session.
  const struct ForgetSession {
    ~ForgetSession() { g_session.store(nullptr); }
  } forget_session;
  // A signal while the session was being built: stop it as soon as it exists.
  if (g_stop_requests.load() > 0) started.session->request_stop();
  const SessionResult result = started.session->run();

  std::cerr << summary_text(result.stats) << '\n';
  if (!result.ok) {
    std::cerr << "pfhost: stream ended: " << result.error << '\n';
    return 1;
  }
  return 0;
}

}  // namespace pfhost::core::app
