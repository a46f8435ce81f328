// The plugin's C ABI surface: the descriptor, the one capture backend "pipewire" and thin
// trampolines that turn every C++ exception into a status + reason (pfhost::guarded).
#include "pipewire_capture.hpp"
#include "video_format.hpp"

#include <pfhost/backend_tables.hpp>
#include <pfhost/pipewire/pw_runtime.hpp>
#include <pfhost/plugin_config.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace {

using pfhost::pipewire::CaptureOptions;
using pfhost::pipewire::PipeWireCapture;

// What init() keeps for later calls; deinit deletes it.
struct PluginContext {
  pfhost::Host host;
  size_t frame_slots = 3;
  std::string config_error;  // unknown keys in [plugins.pipewire], reported by the probe
};

constexpr uint32_t kMaxFrameSlots = 8;
// A probe must answer within a second; a daemon that is there answers in a few milliseconds.
constexpr std::chrono::milliseconds kProbeTimeout{500};

pfhost_status plugin_init(const pfhost_host_api *host_api, void **plugin_ctx,
                          pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    auto context = std::make_unique<PluginContext>();
    context->host = pfhost::Host(host_api);
    pfhost::ConfigReader config(context->host, "pipewire");
    // [plugins.pipewire] frame_slots: frames the hand-over can hold (the host may keep some).
    context->frame_slots = static_cast<size_t>(config.get_int(
        "frame_slots", static_cast<int64_t>(context->frame_slots), 2, kMaxFrameSlots));
    context->config_error = config.unknown_key_error();
    pfhost::pipewire::ensure_pipewire_initialized();
    *plugin_ctx = context.release();
  });
}

pfhost_status capture_probe(void *plugin_ctx, pfhost_reason *reason) {
  return pfhost::guarded_why(reason, [&](std::string *why) {
    if (plugin_ctx != nullptr)
      pfhost::check_config(static_cast<const PluginContext *>(plugin_ctx)->config_error);
    return pfhost::pipewire::probe_default_daemon(kProbeTimeout, why);
  });
}

// What the host holds as a pfhost_capture (pfhost::capture_table): the capture, plus how to
// open it.
struct CaptureHandle : PipeWireCapture {
  using PipeWireCapture::PipeWireCapture;

  static std::unique_ptr<CaptureHandle> open(void *plugin_ctx, const pfhost_capture_params &params,
                                             const pfhost_target &target) {
    if (target.kind != PFHOST_TARGET_PIPEWIRE_NODE)
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
    return std::make_unique<CaptureHandle>(options, context->host);
  }
};

// DMABUF frames come out when the host accepts dma-bufs and the producer agrees to a modifier.
const pfhost_capture_vtable kCaptureVtable = pfhost::capture_table<CaptureHandle>(
    1u << PFHOST_TARGET_PIPEWIRE_NODE, (1u << PFHOST_MEMORY_CPU) | (1u << PFHOST_MEMORY_DMABUF),
    pfhost::pipewire::supported_pixel_mask());

const pfhost_backend kBackend = pfhost::capture_backend(
    "pipewire", "Captures a PipeWire video node (compositor screencast, portal remote)", 50,
    &capture_probe, &kCaptureVtable);

const pfhost_backend *const kBackends[] = {&kBackend};

const pfhost_plugin_descriptor kDescriptor =
    pfhost::plugin_descriptor("pipewire", "0.1.0", "pfhost", "PipeWire screen capture",
                              &plugin_init, &pfhost::delete_context<PluginContext>, kBackends);

}  // namespace

PFHOST_DEFINE_PLUGIN_ENTRY(kDescriptor)
