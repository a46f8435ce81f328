// The C face of the plugin: descriptor, init, and the `vaapi` encode backend's probe, caps and
// vtable (pfhost::encode_table over VaapiEncoder).
#include <pfhost/backend_tables.hpp>
#include <pfhost/plugin_config.hpp>

#include <memory>
#include <string>

#include "codec_choice.hpp"
#include "plugin_config.hpp"
#include "surface_input.hpp"
#include "va_display.hpp"
#include "vaapi_encoder.hpp"

namespace pfhost::vaapi {
namespace {

// init() reads [plugins.vaapi] into this; deinit deletes it.
using PluginContext = SettingsContext<PluginConfig>;

std::string codec_list(uint32_t codecs, const PluginConfig &config) {
  std::string names;
  for (uint32_t codec : {PFHOST_CODEC_H264, PFHOST_CODEC_HEVC, PFHOST_CODEC_AV1}) {
    if ((codecs & (1u << codec)) == 0) continue;
    const CodecChoice choice = *codec_choice(codec, config.h264_profile);
    if (!names.empty()) names += ", ";
    names += std::string(choice.label) + " (" + choice.ffmpeg_profile + ")";
  }
  return names;
}

pfhost_status probe(void *plugin_ctx, pfhost_reason *reason) {
  return guarded(reason, [&] {
    const PluginContext &context = PluginContext::of(plugin_ctx);
    check_config(context.config_error);
    const VaDisplay display(choose_render_node(context.config.device));
    const uint32_t codecs = usable_codecs(display, context.config);
    if (codecs == 0)
      throw Error(PFHOST_E_UNSUPPORTED,
                  "'" + display.vendor() + "' on " + display.device() + " has no " +
                      (context.config.low_power ? "low-power " : "") +
                      "encode entrypoint for H.264 " + profile_name(context.config.h264_profile) +
                      ", HEVC or AV1 that this FFmpeg can drive");
    set_reason(reason, "'" + display.vendor() + "' on " + display.device() + ": encodes " +
                           codec_list(codecs, context.config));
  });
}

struct Encoder : VaapiEncoder {
  using VaapiEncoder::VaapiEncoder;

  static pfhost_encoder_caps query_caps(void *plugin_ctx) {
    const PluginContext &context = PluginContext::of(plugin_ctx);
    const VaDisplay display(choose_render_node(context.config.device));
    auto caps = make_struct<pfhost_encoder_caps>();
    caps.codecs = usable_codecs(display, context.config);
    if (caps.codecs == 0) throw Error(PFHOST_E_UNSUPPORTED, "no usable encode entrypoint");
    caps.bit_depths = 1u << 8;
    caps.chroma = 1u << PFHOST_CHROMA_420;
    caps.max_width = kMaxDimension;
    caps.max_height = kMaxDimension;
    caps.input_memory = (1u << PFHOST_MEMORY_CPU) | (1u << PFHOST_MEMORY_DMABUF);
    caps.input_formats = cpu_input_formats() | dmabuf_input_formats();
    caps.flags = PFHOST_ENCODE_CAP_LOW_LATENCY | PFHOST_ENCODE_CAP_BITRATE_CHANGE;
    return caps;
  }

  static std::unique_ptr<Encoder> open(void *plugin_ctx, const pfhost_encoder_params &params) {
    const PluginContext &context = PluginContext::of(plugin_ctx);
    return std::make_unique<Encoder>(params, context.config, context.host);
  }
};

constexpr pfhost_encode_vtable kEncodeVtable = encode_table<Encoder>();

// Above software (10), below a vendor SDK path such as nvenc.
constexpr pfhost_backend kVaapiBackend = encode_backend(
    "vaapi", "VA-API hardware encoding through FFmpeg: H.264, HEVC, AV1 where the driver has them",
    40, probe, &kEncodeVtable);

constexpr const pfhost_backend *kBackends[] = {&kVaapiBackend};

}  // namespace
}  // namespace pfhost::vaapi

namespace {

constexpr pfhost_plugin_descriptor kDescriptor = pfhost::plugin_descriptor(
    "vaapi", "0.1.0", "pfhost", "VA-API hardware video encoding (Intel, AMD) through FFmpeg",
    &pfhost::vaapi::PluginContext::init<pfhost::vaapi::read_plugin_config>,
    &pfhost::delete_context<pfhost::vaapi::PluginContext>, pfhost::vaapi::kBackends);

}  // namespace

PFHOST_DEFINE_PLUGIN_ENTRY(kDescriptor)
