// The plugin's C ABI surface: the descriptor, the one capture backend "pipewire" and thin
// trampolines that turn every C++ exception into a status + reason (pfhost::guarded).
#include "pipewire_capture.hpp"
#include "pw_runtime.hpp"
#include "video_format.hpp"

#include <pfhost/plugin.hpp>

#include <chrono>
#include <string>

namespace {

using pfhost::pipewire::CaptureOptions;
using pfhost::pipewire::PipeWireCapture;

// What init() keeps for later calls. Leaked on purpose: plugins are never unloaded and the host
// has no "deinit" to pair it with.
struct PluginContext {
  pfhost::Host host;
  size_t frame_slots = 3;
};

constexpr uint32_t kMaxFrameSlots = 8;
// A probe must answer within a second; a daemon that is there answers in a few milliseconds.
constexpr std::chrono::milliseconds kProbeTimeout{500};

pfhost_status plugin_init(const pfhost_host_api *host_api, void **plugin_ctx,
                          pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    auto context = std::make_unique<PluginContext>();
    context->host = pfhost::Host(host_api);
    // [plugins.pipewire] frame_slots: frames the hand-over can hold (the host may keep some).
    if (const auto slots = context->host.config_int("frame_slots")) {
      if (*slots < 2 || *slots > kMaxFrameSlots)
        throw pfhost::Error(PFHOST_E_INVALID_ARGUMENT,
                            "frame_slots must be between 2 and " + std::to_string(kMaxFrameSlots));
      context->frame_slots = static_cast<size_t>(*slots);
    }
    pfhost::pipewire::ensure_pipewire_initialized();
    *plugin_ctx = context.release();
  });
}

pfhost_status capture_probe(void * /*plugin_ctx*/, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    std::string why;
    const pfhost_status status = pfhost::pipewire::probe_default_daemon(kProbeTimeout, &why);
    if (status != PFHOST_OK) pfhost::set_reason(reason, why);
    return status;
  });
}

PipeWireCapture *from_abi(pfhost_capture *capture) {
  return reinterpret_cast<PipeWireCapture *>(capture);
}

pfhost_status capture_open(void *plugin_ctx, const pfhost_capture_params *params_in,
                           pfhost_capture **out_capture, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    if (params_in == nullptr || out_capture == nullptr)
      throw pfhost::Error(PFHOST_E_INVALID_ARGUMENT, "open: params and out_capture are required");
    const auto params = pfhost::read_struct(params_in);
    const auto target = pfhost::read_struct(params.target);
    if (params.target == nullptr || target.kind != PFHOST_TARGET_PIPEWIRE_NODE)
      throw pfhost::Error(PFHOST_E_INVALID_ARGUMENT,
                          "the pipewire capturer opens only PIPEWIRE_NODE targets");
    static const PluginContext fallback;  // a host that never called init()
    const auto *context =
        plugin_ctx != nullptr ? static_cast<const PluginContext *>(plugin_ctx) : &fallback;

    CaptureOptions options;
    options.node_id = target.u.pipewire.node_id;
    options.remote_fd = target.u.pipewire.remote_fd;
    options.mode = params.mode;
    options.accepted_formats = params.accepted_formats;
    options.frame_slots = context->frame_slots;
    if ((params.accepted_memory & (1u << PFHOST_MEMORY_DMABUF)) != 0) {
      const uint32_t count = params.dmabuf_modifier_count < 8 ? params.dmabuf_modifier_count : 8;
      options.dmabuf_modifiers.assign(params.dmabuf_modifiers, params.dmabuf_modifiers + count);
    }
    pfhost::pipewire::ensure_pipewire_initialized();
    auto capture = std::make_unique<PipeWireCapture>(options, context->host);
    *out_capture = reinterpret_cast<pfhost_capture *>(capture.release());
  });
}

pfhost_status capture_next_frame(pfhost_capture *capture, uint32_t timeout_ms,
                                 pfhost_frame **out_frame, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    if (capture == nullptr || out_frame == nullptr)
      throw pfhost::Error(PFHOST_E_INVALID_ARGUMENT, "next_frame: capture and out_frame needed");
    std::string why;
    const pfhost_status status = from_abi(capture)->next_frame(timeout_ms, out_frame, &why);
    if (status != PFHOST_OK) pfhost::set_reason(reason, why);
    return status;
  });
}

pfhost_status capture_try_latest(pfhost_capture *capture, pfhost_frame **out_frame) {
  return pfhost::guarded(nullptr, [&]() -> pfhost_status {
    if (capture == nullptr || out_frame == nullptr) return PFHOST_E_INVALID_ARGUMENT;
    return from_abi(capture)->try_latest(out_frame);
  });
}

pfhost_status capture_set_active(pfhost_capture *capture, int32_t active) {
  return pfhost::guarded(nullptr, [&]() -> pfhost_status {
    if (capture == nullptr) return PFHOST_E_INVALID_ARGUMENT;
    from_abi(capture)->set_active(active != 0);
    return PFHOST_OK;
  });
}

void capture_close(pfhost_capture *capture) {
  pfhost::guarded(nullptr, [&] { delete from_abi(capture); });
}

const pfhost_capture_vtable kCaptureVtable = [] {
  auto v = pfhost::make_struct<pfhost_capture_vtable>();
  v.target_kinds = 1u << PFHOST_TARGET_PIPEWIRE_NODE;
  // DMABUF frames come out when the host accepts dma-bufs and the producer agrees to a modifier.
  v.memory_kinds = (1u << PFHOST_MEMORY_CPU) | (1u << PFHOST_MEMORY_DMABUF);
  v.pixel_formats = pfhost::pipewire::supported_pixel_mask();
  v.open = &capture_open;
  v.next_frame = &capture_next_frame;
  v.try_latest = &capture_try_latest;
  v.set_active = &capture_set_active;
  v.close = &capture_close;
  return v;
}();

const pfhost_backend kBackend = [] {
  auto b = pfhost::make_struct<pfhost_backend>();
  b.kind = PFHOST_BACKEND_CAPTURE;
  b.name = "pipewire";
  b.description = "Captures a PipeWire video node (compositor screencast, portal remote)";
  b.rank = 50;
  b.probe = &capture_probe;
  b.capture = &kCaptureVtable;
  return b;
}();

const pfhost_backend *const kBackends[] = {&kBackend};

const pfhost_plugin_descriptor kDescriptor = [] {
  auto d = pfhost::make_struct<pfhost_plugin_descriptor>();
  d.abi_major = PFHOST_ABI_MAJOR;
  d.abi_minor = PFHOST_ABI_MINOR;
  d.name = "pipewire";
  d.version = "0.1.0";
  d.vendor = "pfhost";
  d.description = "PipeWire screen capture";
  d.init = &plugin_init;
  d.backend_count = 1;
  d.backends = kBackends;
  return d;
}();

}  // namespace

PFHOST_DEFINE_PLUGIN_ENTRY(kDescriptor)
