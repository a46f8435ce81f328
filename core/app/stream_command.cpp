#include "app/stream_command.h"

#include <atomic>
#include <csignal>
#include <iostream>
#include <regex>
#include <vector>

#include <pfhost/plugin.hpp>

#include "app/host_setup.h"
#include "display/display_backend.h"
#include "display/display_registry.h"
#include "display/display_text.h"
#include "logging/log.h"
#include "plugins/plugin_catalog.h"
#include "plugins/plugin_discovery.h"
#include "session/ffmpeg_log.h"
#include "session/media_output.h"
#include "session/session.h"

namespace pfhost::app {
namespace {

// Ctrl-C: the handler may only touch lock-free atomics. The first press stops the session (the
// file is finished and playable); a blocked network connect gives up through `g_interrupted`.
std::atomic<bool> g_interrupted{false};
std::atomic<Session *> g_session{nullptr};

// Labels the display in logs and lets backends that remember outputs per client (KWin, Windows
// monitor ids) give repeated runs the same output.
constexpr const char *kClientId = "pfhost-stream";

extern "C" void on_interrupt(int) {
  g_interrupted.store(true);
  if (Session *session = g_session.load()) session->request_stop();
}

// "WxH@Hz" with an optional fractional rate ("1920x1080@59.94"); Hz defaults to 60.
pfhost_mode parse_mode(const std::string &text) {
  static const std::regex kMode(R"(^(\d{2,5})x(\d{2,5})(?:@(\d{1,3}(?:\.\d{1,3})?))?$)");
  std::smatch m;
  if (!std::regex_match(text, m, kMode)) {
    throw std::invalid_argument("--mode '" + text + "': expected WxH@Hz, e.g. 1920x1080@60");
  }
  pfhost_mode mode{};
  mode.width = static_cast<uint32_t>(std::stoul(m[1]));
  mode.height = static_cast<uint32_t>(std::stoul(m[2]));
  const double hz = m[3].matched ? std::stod(m[3]) : 60.0;
  if (mode.width % 2 != 0 || mode.height % 2 != 0 || hz < 1 || hz > 480) {
    throw std::invalid_argument("--mode '" + text +
                                "': width and height must be even and the rate 1..480 Hz");
  }
  mode.refresh_millihz = static_cast<uint32_t>(hz * 1000.0 + 0.5);
  return mode;
}

uint32_t parse_codec(const std::string &name) {
  if (name == "h264") return PFHOST_CODEC_H264;
  if (name == "hevc") return PFHOST_CODEC_HEVC;
  if (name == "av1") return PFHOST_CODEC_AV1;
  throw std::invalid_argument("--codec '" + name + "': expected h264, hevc or av1");
}

// The command line's backend choices, as if host.toml listed exactly them, so one selection
// decides everything: a capturer that fits the display actually used (a wlroots output wants
// wlr-screencopy, a Mutter node wants pipewire), and "none available" reasons in one format.
HostConfig with_command_line_choices(HostConfig config, const StreamOptions &options) {
  const auto only = [](const std::string &name) { return BackendPreference{false, {name}}; };
  if (options.pipewire_node) {
    config.display = BackendPreference{false, {}};  // no display: the node exists already
    config.capture = only(options.capture.empty() ? "pipewire" : options.capture);
  } else {
    if (!options.display.empty()) config.display = only(options.display);
    if (!options.capture.empty()) config.capture = only(options.capture);
  }
  if (!options.encoder.empty()) config.encode = only(options.encoder);
  return config;
}

// What the display backend is asked for; `argv` keeps the C strings' array alive.
pfhost_display_request display_request(const pfhost_mode &mode, const StreamOptions &options,
                                       std::vector<const char *> &argv) {
  pfhost_display_request request = make_struct<pfhost_display_request>();
  request.mode = mode;
  request.cursor_mode = PFHOST_CURSOR_EMBEDDED;
  request.client_id = kClientId;
  if (!options.app.empty()) {
    for (const auto &arg : options.app) argv.push_back(arg.c_str());
    argv.push_back(nullptr);
    request.app_argv = argv.data();
  }
  return request;
}

}  // namespace

CLI::App *add_stream_command(CLI::App &app, HostOptions &host, StreamOptions &options) {
  CLI::App *cmd = app.add_subcommand("stream", "stream one virtual display (or PipeWire node)");
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
  const auto setup = set_up_host(host);
  if (!setup.config) return setup.exit_code;
  route_ffmpeg_log_into_host_log();  // before the encoder plugin or the output opens anything
  const HostConfig config = with_command_line_choices(*setup.config, options);
  const pfhost_mode mode = parse_mode(options.mode);

  const PluginInventory inventory = discover_plugins(config, discovery_options(host, setup));
  PluginCatalog catalog(inventory, config);

  const LoadedBackend &capture_backend = catalog.selected(PFHOST_BACKEND_CAPTURE);
  const LoadedBackend &encode_backend = catalog.selected(PFHOST_BACKEND_ENCODE);
  EncodeBackend encoder(encode_backend.name, encode_backend.encode, encode_backend.plugin_ctx);
  CaptureBackend capture(capture_backend.name, capture_backend.capture, capture_backend.plugin_ctx);

  // Opened before any display exists, so a bad path or URL costs nothing.
  auto output =
      std::make_unique<MediaOutput>(options.output, MediaOutputOptions{&g_interrupted, {}});

  // The registry outlives the session (declared first): the lease inside the session's
  // keepalive releases into it when the session ends.
  // One session and then the process ends: no later session could reuse a kept display, so it
  // goes with the session instead of lingering until shutdown.
  DisplayPolicy one_shot = config.display_policy;
  one_shot.keep_alive.kind = KeepAlive::Kind::off;
  DisplayRegistry displays(one_shot);
  pfhost_target target{};
  target.struct_size = sizeof target;
  Keepalive keepalive;
  if (options.pipewire_node) {
    target.kind = PFHOST_TARGET_PIPEWIRE_NODE;
    target.mode = mode;
    target.u.pipewire.node_id = *options.pipewire_node;
    target.u.pipewire.remote_fd = -1;
    log::info("streaming PipeWire node " + std::to_string(*options.pipewire_node) + " with " +
              capture_backend.name + " -> " + encode_backend.name + " -> " + options.output);
  } else {
    const LoadedBackend &display_backend = catalog.selected(PFHOST_BACKEND_DISPLAY);
    DisplayBackend display(display_backend.name, display_backend.display,
                           display_backend.plugin_ctx);
    std::vector<const char *> app_argv;
    log::info("creating a " + mode_text(mode) + " display with " + display_backend.name + "...");
    DisplayLease lease = displays.acquire(display, display_request(mode, options, app_argv));
    target = lease.target();
    keepalive = Keepalive(std::move(lease));
    log::info("streaming a " + mode_text(mode) + " " + display_backend.name + " display with " +
              capture_backend.name + " -> " + encode_backend.name + " -> " + options.output);
  }

  const pfhost_capture_params params = capture_params_for(target, mode, encoder.caps());
  SessionOptions session_options;
  session_options.rate = Framerate::from_millihz(mode.refresh_millihz);
  session_options.encoder.codec = parse_codec(options.codec);
  session_options.encoder.bitrate_kbps = options.bitrate_kbps;
  if (options.duration_s) {
    session_options.duration =
        std::chrono::nanoseconds(static_cast<int64_t>(*options.duration_s * 1e9));
  }
  session_options.on_progress = [](const SessionStats &stats) {
    std::cerr << progress_line(stats) << std::endl;
  };

  Session session(std::move(keepalive), capture.open(params), encoder, std::move(output),
                  std::move(session_options));
  g_session.store(&session);
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  const SessionResult result = session.run();
  g_session.store(nullptr);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);

  std::cerr << summary_text(result.stats) << '\n';
  if (!result.ok) {
    std::cerr << "pfhost: stream ended: " << result.error << '\n';
    return 1;
  }
  return 0;
}

}  // namespace pfhost::app
