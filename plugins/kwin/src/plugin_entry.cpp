// The plugin's C ABI surface: the descriptor, the one display backend "kwin" and thin trampolines
// that turn every C++ exception into a status + reason (pfhost::guarded).
#include "kwin_probe.hpp"
#include "output_names.hpp"
#include "virtual_output.hpp"

#include <pfhost/backend_tables.hpp>
#include <pfhost/plugin_config.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace {

using namespace std::chrono_literals;
using pfhost::Error;

// What init() keeps for later calls; deinit deletes it.
struct PluginContext {
  pfhost::Host host;
  double scale = 1.0;
  std::chrono::milliseconds create_timeout{5000};
  std::string config_error;  // unknown keys in [plugins.kwin], reported by the probe
  pfhost::kwin::OutputNames names;
  explicit PluginContext(std::string prefix) : names(std::move(prefix)) {}
};

constexpr std::chrono::milliseconds kProbeTimeout{1000};
// KWin offers its virtual outputs at 60 Hz; the protocol has no refresh rate.
constexpr uint32_t kKwinRefreshMillihz = 60000;

uint32_t pointer_mode(uint32_t cursor_mode) {
  switch (cursor_mode) {
    case PFHOST_CURSOR_EMBEDDED:
      return 2;
    case PFHOST_CURSOR_METADATA:
      return 4;
    default:
      return 1;  // hidden
  }
}

pfhost_status plugin_init(const pfhost_host_api *host_api, void **plugin_ctx,
                          pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    const pfhost::Host host(host_api);
    pfhost::ConfigReader config(host, "kwin");
    // [plugins.kwin] output_prefix: the first part of every virtual output's name.
    auto context = std::make_unique<PluginContext>(config.get_string("output_prefix", "pfhost"));
    context->host = host;
    // [plugins.kwin] scale: the scale factor KWin gives the virtual output (1.0 = 1:1 pixels).
    context->scale = config.get_double("scale", context->scale, 0.25, 4.0);
    // [plugins.kwin] create_timeout_ms: how long to wait for KWin's created/failed answer.
    context->create_timeout =
        config.get_milliseconds("create_timeout_ms", context->create_timeout, 100, 60000);
    context->config_error = config.unknown_key_error();
    *plugin_ctx = context.release();
  });
}

pfhost_status display_probe(void *plugin_ctx, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    if (plugin_ctx != nullptr)
      pfhost::check_config(static_cast<const PluginContext *>(plugin_ctx)->config_error);
    const auto verdict = pfhost::kwin::probe_kwin(kProbeTimeout);
    if (verdict.status != PFHOST_OK) pfhost::set_reason(reason, verdict.reason);
    return verdict.status;
  });
}

// A live display: the output (its thread) and the name it holds. The host holds it as its
// pfhost_display (pfhost::display_table).
struct KwinDisplay {
  PluginContext *context = nullptr;
  std::string name;
  pfhost_mode mode{};
  std::unique_ptr<pfhost::kwin::VirtualOutput> output;

  ~KwinDisplay() {
    output.reset();  // the output is gone from KWin before its name is free again
    if (context != nullptr) context->names.release(name);
  }

  static std::unique_ptr<KwinDisplay> create(void *plugin_ctx,
                                             const pfhost_display_request &request) {
    if (plugin_ctx == nullptr)
      throw Error(PFHOST_E_INVALID_ARGUMENT, "create: init, request, display and target needed");
    auto *context = static_cast<PluginContext *>(plugin_ctx);
    pfhost::require_mode_size(request.mode, "create");
    const auto wayland_display = pfhost::kwin::wayland_display_from_environment();
    if (!wayland_display)
      throw Error(PFHOST_E_UNAVAILABLE,
                  "not running under KDE Plasma/KWin: $WAYLAND_DISPLAY is not set");

    auto display = std::make_unique<KwinDisplay>();
    display->context = context;
    display->name = context->names.claim(request.client_id);
    display->mode = {request.mode.width, request.mode.height, kKwinRefreshMillihz};
    pfhost::kwin::VirtualOutputRequest output;
    output.wayland_display = *wayland_display;
    output.output_name = display->name;
    output.width = static_cast<int32_t>(request.mode.width);
    output.height = static_cast<int32_t>(request.mode.height);
    output.scale = context->scale;
    output.pointer = pointer_mode(request.cursor_mode);
    output.timeout = context->create_timeout;
    display->output = std::make_unique<pfhost::kwin::VirtualOutput>(output, context->host);
    return display;
  }

  pfhost_target target() const {
    // KWin streams on the user's default PipeWire daemon.
    return pfhost::pipewire_node_target(mode, output->node_id());
  }

  std::optional<std::string> why_dead() const {
    if (output->alive()) return std::nullopt;
    return output->death_reason();
  }
};

const pfhost_display_vtable kDisplayVtable =
    pfhost::display_table<KwinDisplay>(1u << PFHOST_TARGET_PIPEWIRE_NODE);

const pfhost_backend kBackend = pfhost::display_backend(
    "kwin", "KDE Plasma (KWin) virtual outputs via zkde_screencast_unstable_v1", 50, &display_probe,
    &kDisplayVtable);

const pfhost_backend *const kBackends[] = {&kBackend};

const pfhost_plugin_descriptor kDescriptor =
    pfhost::plugin_descriptor("kwin", "0.1.0", "pfhost", "KDE Plasma virtual displays",
                              &plugin_init, &pfhost::delete_context<PluginContext>, kBackends);

}  // namespace

PFHOST_DEFINE_PLUGIN_ENTRY(kDescriptor)
