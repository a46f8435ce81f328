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

#include <pfhost/plugin.hpp>

#include <memory>
#include <string>

namespace {

using namespace pfhost::wlroots;

// Leaked on purpose: plugins are never unloaded and there is no deinit to pair it with.
struct PluginContext {
  pfhost::Host host;
  WlrootsConfig config;
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
    context->config = read_config(context->host);
    *plugin_ctx = context.release();
  });
}

// ---- display "wlroots" ----------------------------------------------------------------------

struct DisplayHandle {
  std::unique_ptr<WlrootsDisplay> display;
};

pfhost_status wlroots_probe(void *plugin_ctx, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    const auto &context = context_of(plugin_ctx);
    const DisplayMode mode = resolve_mode(context.config);
    pfhost::set_reason(reason, mode == DisplayMode::kAttach
                                   ? "attaches to the running sway (create_output)"
                                   : "starts a private headless sway per display");
  });
}

pfhost_status wlroots_create(void *plugin_ctx, const pfhost_display_request *request_in,
                             pfhost_display **out_display, pfhost_target *target,
                             pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    if (request_in == nullptr || out_display == nullptr || target == nullptr)
      throw pfhost::Error(PFHOST_E_INVALID_ARGUMENT,
                          "create: request, out_display and target "
                          "are required");
    const auto &context = context_of(plugin_ctx);
    const auto request = pfhost::read_struct(request_in);
    auto handle = std::make_unique<DisplayHandle>();
    handle->display = create_display(context.config, context.host, request);
    const pfhost_target made = handle->display->target();
    const uint32_t size = target->struct_size;  // the host's size: copy no more than it has
    std::memcpy(target, &made, size < sizeof made ? size : sizeof made);
    target->struct_size = size;
    *out_display = reinterpret_cast<pfhost_display *>(handle.release());
  });
}

void wlroots_destroy(pfhost_display *display) {
  pfhost::guarded(nullptr, [&] { delete reinterpret_cast<DisplayHandle *>(display); });
}

pfhost_status wlroots_is_alive(pfhost_display *display, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    std::string why;
    const pfhost_status status =
        reinterpret_cast<DisplayHandle *>(display)->display->is_alive(&why);
    if (status != PFHOST_OK) pfhost::set_reason(reason, why);
    return status;
  });
}

const pfhost_display_vtable kWlrootsDisplay = [] {
  auto v = pfhost::make_struct<pfhost_display_vtable>();
  v.target_kinds = 1u << PFHOST_TARGET_WAYLAND_OUTPUT;
  v.create = &wlroots_create;
  v.destroy = &wlroots_destroy;
  v.is_alive = &wlroots_is_alive;
  return v;
}();

// ---- display "wlroots-portal" ---------------------------------------------------------------

constexpr auto kPortalStepTimeout = std::chrono::seconds(30);  // a user may be choosing a source

pfhost_status portal_probe(void *, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    std::string why;
    const pfhost_status status = probe_screencast_portal(&why);
    if (status != PFHOST_OK) pfhost::set_reason(reason, why);
    return status;
  });
}

pfhost_status portal_create(void *plugin_ctx, const pfhost_display_request *request_in,
                            pfhost_display **out_display, pfhost_target *target,
                            pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    if (request_in == nullptr || out_display == nullptr || target == nullptr)
      throw pfhost::Error(PFHOST_E_INVALID_ARGUMENT,
                          "create: request, out_display and target "
                          "are required");
    const auto request = pfhost::read_struct(request_in);
    auto cast = std::make_unique<PortalScreencast>(request, context_of(plugin_ctx).host,
                                                   kPortalStepTimeout);
    const pfhost_target made = cast->target();
    const uint32_t size = target->struct_size;
    std::memcpy(target, &made, size < sizeof made ? size : sizeof made);
    target->struct_size = size;
    *out_display = reinterpret_cast<pfhost_display *>(cast.release());
  });
}

void portal_destroy(pfhost_display *display) {
  pfhost::guarded(nullptr, [&] { delete reinterpret_cast<PortalScreencast *>(display); });
}

pfhost_status portal_is_alive(pfhost_display *display, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    std::string why;
    const pfhost_status status = reinterpret_cast<PortalScreencast *>(display)->is_alive(&why);
    if (status != PFHOST_OK) pfhost::set_reason(reason, why);
    return status;
  });
}

const pfhost_display_vtable kPortalDisplay = [] {
  auto v = pfhost::make_struct<pfhost_display_vtable>();
  v.target_kinds = 1u << PFHOST_TARGET_PIPEWIRE_NODE;
  v.create = &portal_create;
  v.destroy = &portal_destroy;
  v.is_alive = &portal_is_alive;
  return v;
}();

// ---- capture "wlr-screencopy" ---------------------------------------------------------------

ScreencopyCapture *capture_of(pfhost_capture *capture) {
  return reinterpret_cast<ScreencopyCapture *>(capture);
}

pfhost_status screencopy_probe(void *, pfhost_reason *reason) {
  // Whether a compositor offers screencopy is known only per target (at open); the backend
  // itself needs nothing but libwayland, which is linked.
  pfhost::set_reason(reason, "opens Wayland outputs of wlroots compositors");
  return PFHOST_OK;
}

pfhost_status screencopy_open(void *plugin_ctx, const pfhost_capture_params *params_in,
                              pfhost_capture **out_capture, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    if (params_in == nullptr || out_capture == nullptr)
      throw pfhost::Error(PFHOST_E_INVALID_ARGUMENT, "open: params and out_capture are required");
    const auto params = pfhost::read_struct(params_in);
    const auto target = pfhost::read_struct(params.target);
    if (params.target == nullptr || target.kind != PFHOST_TARGET_WAYLAND_OUTPUT)
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
    auto capture = std::make_unique<ScreencopyCapture>(options, context.host);
    *out_capture = reinterpret_cast<pfhost_capture *>(capture.release());
  });
}

pfhost_status screencopy_next_frame(pfhost_capture *capture, uint32_t timeout_ms,
                                    pfhost_frame **out_frame, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    if (capture == nullptr || out_frame == nullptr)
      throw pfhost::Error(PFHOST_E_INVALID_ARGUMENT, "next_frame: capture and out_frame needed");
    std::string why;
    const pfhost_status status = capture_of(capture)->next_frame(timeout_ms, out_frame, &why);
    if (status != PFHOST_OK) pfhost::set_reason(reason, why);
    return status;
  });
}

pfhost_status screencopy_try_latest(pfhost_capture *capture, pfhost_frame **out_frame) {
  return pfhost::guarded(nullptr, [&]() -> pfhost_status {
    if (capture == nullptr || out_frame == nullptr) return PFHOST_E_INVALID_ARGUMENT;
    return capture_of(capture)->try_latest(out_frame);
  });
}

pfhost_status screencopy_set_active(pfhost_capture *capture, int32_t active) {
  return pfhost::guarded(nullptr, [&]() -> pfhost_status {
    if (capture == nullptr) return PFHOST_E_INVALID_ARGUMENT;
    capture_of(capture)->set_active(active != 0);
    return PFHOST_OK;
  });
}

void screencopy_close(pfhost_capture *capture) {
  pfhost::guarded(nullptr, [&] { delete capture_of(capture); });
}

const pfhost_capture_vtable kScreencopyCapture = [] {
  auto v = pfhost::make_struct<pfhost_capture_vtable>();
  v.target_kinds = 1u << PFHOST_TARGET_WAYLAND_OUTPUT;
  v.memory_kinds = 1u << PFHOST_MEMORY_CPU;
  v.pixel_formats = supported_pixel_mask();
  v.open = &screencopy_open;
  v.next_frame = &screencopy_next_frame;
  v.try_latest = &screencopy_try_latest;
  v.set_active = &screencopy_set_active;
  v.close = &screencopy_close;
  return v;
}();

// ---- descriptor -----------------------------------------------------------------------------

const pfhost_backend kWlrootsBackend = [] {
  auto b = pfhost::make_struct<pfhost_backend>();
  b.kind = PFHOST_BACKEND_DISPLAY;
  b.name = "wlroots";
  b.description = "Headless output of sway: attach to a running sway, or start a private one";
  b.rank = 40;  // a running GNOME/KDE (rank 50) wins under auto
  b.probe = &wlroots_probe;
  b.display = &kWlrootsDisplay;
  return b;
}();

const pfhost_backend kScreencopyBackend = [] {
  auto b = pfhost::make_struct<pfhost_backend>();
  b.kind = PFHOST_BACKEND_CAPTURE;
  b.name = "wlr-screencopy";
  b.description = "Captures a Wayland output with wlr-screencopy into shared memory";
  b.rank = 50;
  b.probe = &screencopy_probe;
  b.capture = &kScreencopyCapture;
  return b;
}();

const pfhost_backend kPortalBackend = [] {
  auto b = pfhost::make_struct<pfhost_backend>();
  b.kind = PFHOST_BACKEND_DISPLAY;
  b.name = "wlroots-portal";
  b.description = "Screen cast through xdg-desktop-portal (PipeWire node)";
  b.rank = 20;
  b.probe = &portal_probe;
  b.display = &kPortalDisplay;
  return b;
}();

const pfhost_backend *const kBackends[] = {&kWlrootsBackend, &kScreencopyBackend, &kPortalBackend};

const pfhost_plugin_descriptor kDescriptor = [] {
  auto d = pfhost::make_struct<pfhost_plugin_descriptor>();
  d.abi_major = PFHOST_ABI_MAJOR;
  d.abi_minor = PFHOST_ABI_MINOR;
  d.name = "wlroots";
  d.version = "0.1.0";
  d.vendor = "pfhost";
  d.description = "sway / wlroots virtual displays and wlr-screencopy capture";
  d.init = &plugin_init;
  d.backend_count = 3;
  d.backends = kBackends;
  return d;
}();

}  // namespace

PFHOST_DEFINE_PLUGIN_ENTRY(kDescriptor)
