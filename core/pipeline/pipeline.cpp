#include "pipeline/pipeline.hpp"

#include <pfhost/plugin.hpp>

#include <optional>
#include <vector>

#include "backends/display_text.hpp"
#include "loader/abi_names.hpp"
#include "loader/backend_selection.hpp"
#include "logging/log.hpp"
#include "output/open_output.hpp"

namespace pfhost::core {
namespace {

BackendPreference only(const std::string &name) {
  return BackendPreference{false, {name}};
}

// The name a kind's selection took, or RequestError with the selection's own words
// ("display: none available: mutter: unavailable: ...").
std::string taken(const KindSelection &selection) {
  if (!selection.selected)
    throw RequestError(abi_names::backend_kind(selection.kind) + ": " + selection.none_reason);
  return *selection.selected;
}

// What the display backend is asked for; `argv` keeps the C strings' array alive.
pfhost_display_request display_request(const StreamRequest &request,
                                       std::vector<const char *> &argv) {
  pfhost_display_request out = make_struct<pfhost_display_request>();
  out.mode = request.mode;
  out.cursor_mode = PFHOST_CURSOR_EMBEDDED;
  out.client_id = request.client_id.c_str();
  if (!request.app.empty()) {
    for (const auto &arg : request.app) argv.push_back(arg.c_str());
    argv.push_back(nullptr);
    out.app_argv = argv.data();
  }
  return out;
}

}  // namespace

Pipeline::Pipeline(const HostConfig &config, const PluginInventory &inventory,
                   PluginCatalog &catalog, DisplayRegistry &displays)
    : config_(config), inventory_(inventory), catalog_(catalog), displays_(displays) {}

ChosenBackends Pipeline::check(const StreamRequest &request, bool needs_output) const {
  check_request_fields(request, needs_output);

  // The request's backend names act as if host.toml listed exactly them, so one selection decides
  // everything: a capturer that fits the display actually used (a wlroots output wants
  // wlr-screencopy, a Mutter node wants pipewire) and "none available" reasons in one format.
  BackendPreference display = config_.display;
  BackendPreference capture = config_.capture;
  BackendPreference encode = config_.encode;
  if (request.pipewire_node) {
    display = BackendPreference{false, {}};  // no display: the node exists already
    capture = only(request.capture.empty() ? "pipewire" : request.capture);
  } else {
    if (!request.display.empty()) display = only(request.display);
    if (!request.capture.empty()) capture = only(request.capture);
  }
  if (!request.encoder.empty()) encode = only(request.encoder);
  const BackendSelection selection =
      select_backends(selection_candidates(inventory_.plugins), display, capture, encode);

  ChosenBackends chosen;
  if (!request.pipewire_node) chosen.display = taken(selection.display);
  chosen.capture = taken(selection.capture);
  chosen.encoder = taken(selection.encode);

  // The encoder must be able to make what was asked, before any display exists for it.
  if (const BackendRecord *encoder = inventory_.backend(chosen.encoder);
      encoder != nullptr && encoder->caps) {
    const EncoderCaps &caps = *encoder->caps;
    if ((caps.codecs & (1u << request.codec)) == 0) {
      throw RequestError("--codec '" + abi_names::codec(request.codec) + "': encoder '" +
                         chosen.encoder + "' cannot encode " + codec_name(request.codec) +
                         " here (see pfhost --list-backends)");
    }
    if ((caps.max_width != 0 && request.mode.width > caps.max_width) ||
        (caps.max_height != 0 && request.mode.height > caps.max_height)) {
      throw RequestError("--mode " + mode_text(request.mode) + ": encoder '" + chosen.encoder +
                         "' takes at most " + std::to_string(caps.max_width) + "x" +
                         std::to_string(caps.max_height));
    }
  }
  return chosen;
}

StartedSession Pipeline::start(const StreamRequest &request, const SessionHooks &hooks,
                               std::unique_ptr<PacketSink> sink) {
  StartedSession out;
  out.backends = check(request, sink == nullptr);

  // Plugins are loaded and the encoder asked for its caps before anything is created.
  EncodeBackend encoder = catalog_.encode(out.backends.encoder);
  CaptureBackend capture = catalog_.capture(out.backends.capture);
  std::optional<DisplayBackend> display;
  if (!out.backends.display.empty()) display.emplace(catalog_.display(out.backends.display));
  const pfhost_encoder_caps caps = encoder.caps();

  // Opened before any display exists, so a bad path or URL costs nothing.
  if (!sink) {
    OutputOptions options;
    options.interrupt = hooks.abandon_io;
    sink = open_output(request.output, options);
  }

  const std::string chain =
      out.backends.capture + " -> " + out.backends.encoder + " -> " + sink->describe();
  Keepalive keepalive;
  pfhost_target target{};  // where the capture reads from
  if (request.pipewire_node) {
    target = pfhost::pipewire_node_target(request.mode, *request.pipewire_node);
    log::info("streaming PipeWire node " + std::to_string(*request.pipewire_node) + " with " +
              chain);
  } else {
    std::vector<const char *> app_argv;
    log::info("creating a " + mode_text(request.mode) + " display with " + display->name() + "...");
    DisplayLease lease = displays_.acquire(*display, display_request(request, app_argv));
    target = lease.target();
    out.display_slot = lease.slot();
    keepalive = Keepalive(std::move(lease));
    log::info("streaming a " + mode_text(request.mode) + " " + display->name() + " display with " +
              chain);
  }

  const pfhost_capture_params params = capture_params_for(target, request.mode, caps);
  SessionOptions options;
  options.rate = Framerate::from_millihz(request.mode.refresh_millihz);
  options.encoder.codec = request.codec;
  options.encoder.bitrate_kbps = request.bitrate_kbps;
  options.duration = request.duration;
  options.repeats.every_slot = config_.stream.constant_frame_rate;
  options.repeats.idle_interval = config_.stream.idle_repeat;
  options.on_progress = hooks.on_progress;
  out.session = std::make_unique<Session>(std::move(keepalive), capture.open(params), encoder,
                                          std::move(sink), std::move(options));
  return out;
}

}  // namespace pfhost::core
