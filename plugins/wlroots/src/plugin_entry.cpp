// The plugin's C ABI surface: descriptor, the three backends and thin trampolines that turn every
// C++ exception into a status + reason (pfhost::guarded).
//   display "wlroots"         a headless output of sway (attach to $SWAYSOCK, or a private sway)
//   capture "wlr-screencopy"  wlr-screencopy-unstable-v1 of a Wayland output into shm
//   display "wlroots-portal"  a screen cast through xdg-desktop-portal (PipeWire node)
#include "plugin_config.hpp"
#include "portal_screencast.hpp"
#include "screencopy_capture.hpp"
#include "shm_format.hpp"
#include "wlroots_display.hpp"

#include <pfhost/backend_tables.hpp>
#include <pfhost/plugin_config.hpp>

#include <cstring>
#include <memory>
#include <optional>
#include <string>

namespace {

using namespace pfhost::wlroots;

// What init() keeps for later calls; deinit deletes it.
struct PluginContext {
  pfhost::Host host;
  WlrootsConfig config;
  std::string config_error;  // unknown keys in [plugins.wlroots], reported by every probe
};

const PluginContext &context_of(void *plugin_ctx) {
  static const PluginContext fallback;  // a host that never called init()
  return plugin_ctx != nullptr ? *static_cast<const PluginContext *>(plugin_ctx) : fallback;
}

pfhost_status plugin_init(const pfhost_host_api *host_api, void **plugin_ctx,
                          pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    auto context = std::make_unique<PluginContext>();
    context->host = pfhost::Host(host_api);
    context->config = read_config(context->host, &context->config_error);
    *plugin_ctx = context.release();
  });
}

// ---- display "wlroots" ----------------------------------------------------------------------

pfhost_status wlroots_probe(void *plugin_ctx, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    const auto &context = context_of(plugin_ctx);
    pfhost::check_config(context.config_error);
    const DisplayMode mode = resolve_mode(context.config);
    pfhost::set_reason(reason, mode == DisplayMode::kAttach
                                   ? "attaches to the running sway (create_output)"
                                   : "starts a private headless sway per display");
  });
}

// Why a display that answers is_alive(&why) is dead, for pfhost::display_table.
template <class Source>
std::optional<std::string> why_dead_of(Source &source) {
  std::string why;
  if (source.is_alive(&why) == PFHOST_OK) return std::nullopt;
  return why;
}

// What the host holds as a pfhost_display of "wlroots".
struct DisplayHandle {
  std::unique_ptr<WlrootsDisplay> display;

  static std::unique_ptr<DisplayHandle> create(void *plugin_ctx,
                                               const pfhost_display_request &request) {
    const auto &context = context_of(plugin_ctx);
    auto handle = std::make_unique<DisplayHandle>();
    handle->display = create_display(context.config, context.host, request);
    return handle;
  }
  pfhost_target target() const { return display->target(); }
  std::optional<std::string> why_dead() { return why_dead_of(*display); }
};

const pfhost_display_vtable kWlrootsDisplay =
    pfhost::display_table<DisplayHandle>(1u << PFHOST_TARGET_WAYLAND_OUTPUT);

// ---- display "wlroots-portal" ---------------------------------------------------------------

constexpr auto kPortalStepTimeout = std::chrono::seconds(30);  // a user may be choosing a source

pfhost_status portal_probe(void *plugin_ctx, pfhost_reason *reason) {
  return pfhost::guarded_why(reason, [&](std::string *why) {
    pfhost::check_config(context_of(plugin_ctx).config_error);
    return probe_screencast_portal(why);
  });
}

// What the host holds as a pfhost_display of "wlroots-portal".
struct PortalHandle : PortalScreencast {
  using PortalScreencast::PortalScreencast;

  static std::unique_ptr<PortalHandle> create(void *plugin_ctx,
                                              const pfhost_display_request &request) {
    return std::make_unique<PortalHandle>(request, context_of(plugin_ctx).host, kPortalStepTimeout);
  }
  std::optional<std::string> why_dead() { return why_dead_of(*this); }
};

const pfhost_display_vtable kPortalDisplay =
    pfhost::display_table<PortalHandle>(1u << PFHOST_TARGET_PIPEWIRE_NODE);

// ---- capture "wlr-screencopy" ---------------------------------------------------------------

pfhost_status screencopy_probe(void *plugin_ctx, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    pfhost::check_config(context_of(plugin_ctx).config_error);
    // Whether a compositor offers screencopy is known only per target (at open); the backend
    // itself needs nothing but libwayland, which is linked.
    pfhost::set_reason(reason, "opens Wayland outputs of wlroots compositors");
  });
}

// What the host holds as a pfhost_capture of "wlr-screencopy": the capture, plus how to open it.
struct ScreencopyHandle : ScreencopyCapture {
  using ScreencopyCapture::ScreencopyCapture;

  static std::unique_ptr<ScreencopyHandle> open(void *plugin_ctx,
                                                const pfhost_capture_params & /*params*/,
                                                const pfhost_target &target) {
    if (target.kind != PFHOST_TARGET_WAYLAND_OUTPUT)
      throw pfhost::Error(PFHOST_E_INVALID_ARGUMENT,
                          "the wlr-screencopy capturer opens only WAYLAND_OUTPUT targets");
    const auto &context = context_of(plugin_ctx);
    ScreencopyOptions options;
    options.socket_path.assign(
        target.u.wayland.socket_path,
        strnlen(target.u.wayland.socket_path, sizeof target.u.wayland.socket_path));
    options.output_name.assign(
        target.u.wayland.output_name,
        strnlen(target.u.wayland.output_name, sizeof target.u.wayland.output_name));
    options.overlay_cursor = context.config.overlay_cursor;
    options.buffers = static_cast<size_t>(context.config.capture_buffers);
    return std::make_unique<ScreencopyHandle>(options, context.host);
  }
};

const pfhost_capture_vtable kScreencopyCapture = pfhost::capture_table<ScreencopyHandle>(
    1u << PFHOST_TARGET_WAYLAND_OUTPUT, 1u << PFHOST_MEMORY_CPU, supported_pixel_mask());

// ---- descriptor -----------------------------------------------------------------------------

// A running GNOME/KDE (rank 50) wins over "wlroots" (40) under auto.
const pfhost_backend kWlrootsBackend = pfhost::display_backend(
    "wlroots", "Headless output of sway: attach to a running sway, or start a private one", 40,
    &wlroots_probe, &kWlrootsDisplay);

const pfhost_backend kScreencopyBackend = pfhost::capture_backend(
    "wlr-screencopy", "Captures a Wayland output with wlr-screencopy into shared memory", 50,
    &screencopy_probe, &kScreencopyCapture);

const pfhost_backend kPortalBackend = pfhost::display_backend(
    "wlroots-portal", "Screen cast through xdg-desktop-portal (PipeWire node)", 20, &portal_probe,
    &kPortalDisplay);

const pfhost_backend *const kBackends[] = {&kWlrootsBackend, &kScreencopyBackend, &kPortalBackend};

const pfhost_plugin_descriptor kDescriptor = pfhost::plugin_descriptor(
    "wlroots", "0.1.0", "pfhost", "sway / wlroots virtual displays and wlr-screencopy capture",
    &plugin_init, &pfhost::delete_context<PluginContext>, kBackends);

}  // namespace

PFHOST_DEFINE_PLUGIN_ENTRY(kDescriptor)
