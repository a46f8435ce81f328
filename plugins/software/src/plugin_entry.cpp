// The C face of the plugin: descriptor, init, the `software` encode backend's probe and vtable.
// Every function here is a thin noexcept shim over EncoderSession behind pfhost::guarded, so no
// C++ exception crosses the ABI.
#include <pfhost/backend_tables.hpp>
#include <pfhost/plugin_config.hpp>

#include <memory>
#include <string>

#include "codec_table.hpp"
#include "encoder_options.hpp"
#include "encoder_session.hpp"
#include "pixel_converter.hpp"
#include "plugin_config.hpp"

// The ABI's opaque encoder handle is defined by each plugin; ours is a session.
struct pfhost_encoder {
  pfhost::software::EncoderSession session;
};

namespace pfhost::software {
namespace {

// What init() builds; deinit deletes it.
struct PluginContext {
  Host host;
  PluginConfig config;
  std::string config_error;  // unknown keys in [plugins.software], reported by the probe
};

const PluginContext &context_of(void *plugin_ctx) {
  // A host that skips init() still gets a working plugin with the default config.
  static const PluginContext defaults{};
  return plugin_ctx != nullptr ? *static_cast<const PluginContext *>(plugin_ctx) : defaults;
}

std::string available_encoder_names() {
  std::string names;
  for (const CodecEntry &entry : codec_table()) {
    if (find_encoder(entry) == nullptr) continue;
    if (!names.empty()) names += ", ";
    names += std::string(entry.encoder_name) + " (" + entry.label + ")";
  }
  return names;
}

pfhost_status init(const pfhost_host_api *host_api, void **plugin_ctx, pfhost_reason *reason) {
  return guarded(reason, [&] {
    if (plugin_ctx == nullptr) throw Error(PFHOST_E_INVALID_ARGUMENT, "plugin_ctx is NULL");
    auto context = std::make_unique<PluginContext>();
    context->host = Host(host_api);
    context->config = read_plugin_config(context->host, &context->config_error);
    *plugin_ctx = context.release();
  });
}

pfhost_status probe(void *plugin_ctx, pfhost_reason *reason) {
  return guarded(reason, [&] {
    check_config(context_of(plugin_ctx).config_error);
    const std::string names = available_encoder_names();
    if (names.empty())
      throw Error(PFHOST_E_UNSUPPORTED, "libavcodec has none of libx264, libx265, libsvtav1");
    set_reason(reason, "encoders: " + names);  // shown by --list-backends
  });
}

pfhost_status query_caps(void * /*plugin_ctx*/, pfhost_encoder_caps *caps, pfhost_reason *reason) {
  return guarded(reason, [&] {
    if (caps == nullptr) throw Error(PFHOST_E_INVALID_ARGUMENT, "caps is NULL");
    auto out = make_struct<pfhost_encoder_caps>();
    out.codecs = available_codecs();
    if (out.codecs == 0)
      throw Error(PFHOST_E_UNSUPPORTED, "libavcodec has none of libx264, libx265, libsvtav1");
    out.bit_depths = 1u << 8;
    out.chroma = 1u << PFHOST_CHROMA_420;
    out.max_width = kMaxDimension;
    out.max_height = kMaxDimension;
    out.input_memory = 1u << PFHOST_MEMORY_CPU;
    out.input_formats = supported_input_formats();
    // The caps are per backend, not per codec: claim a property only when it holds for every
    // codec offered here (set_bitrate still works on libx264 either way).
    bool one_packet_per_frame = true;
    bool bitrate_change = true;
    for (const CodecEntry &entry : codec_table()) {
      if (find_encoder(entry) == nullptr) continue;
      one_packet_per_frame = one_packet_per_frame && entry.one_packet_per_frame;
      bitrate_change = bitrate_change && entry.bitrate_change;
    }
    if (one_packet_per_frame) out.flags |= PFHOST_ENCODE_CAP_LOW_LATENCY;
    if (bitrate_change) out.flags |= PFHOST_ENCODE_CAP_BITRATE_CHANGE;
    write_struct(caps, out);
  });
}

pfhost_status open(void *plugin_ctx, const pfhost_encoder_params *params,
                   pfhost_encoder **out_encoder, pfhost_reason *reason) {
  return guarded(reason, [&] {
    if (params == nullptr || out_encoder == nullptr)
      throw Error(PFHOST_E_INVALID_ARGUMENT, "params or out_encoder is NULL");
    const PluginContext &context = context_of(plugin_ctx);
    *out_encoder =
        new pfhost_encoder{EncoderSession(read_struct(params), context.config, context.host)};
  });
}

pfhost_status submit(pfhost_encoder *encoder, const pfhost_frame *frame, uint32_t flags,
                     pfhost_reason *reason) {
  return guarded(reason, [&] {
    if (encoder == nullptr || frame == nullptr)
      throw Error(PFHOST_E_INVALID_ARGUMENT, "encoder or frame is NULL");
    encoder->session.submit(read_struct(frame), flags);
  });
}

pfhost_status receive(pfhost_encoder *encoder, pfhost_packet *packet, pfhost_reason *reason) {
  return guarded(reason, [&] {
    if (encoder == nullptr || packet == nullptr)
      throw Error(PFHOST_E_INVALID_ARGUMENT, "encoder or packet is NULL");
    auto out = make_struct<pfhost_packet>();
    const pfhost_status status = encoder->session.receive(out);
    if (status == PFHOST_OK) write_struct(packet, out);
    return status;
  });
}

pfhost_status request_keyframe(pfhost_encoder *encoder) {
  if (encoder == nullptr) return PFHOST_E_INVALID_ARGUMENT;
  encoder->session.request_keyframe();
  return PFHOST_OK;
}

pfhost_status set_bitrate(pfhost_encoder *encoder, uint32_t bitrate_kbps) {
  if (encoder == nullptr) return PFHOST_E_INVALID_ARGUMENT;
  return guarded(nullptr, [&] { return encoder->session.set_bitrate(bitrate_kbps); });
}

pfhost_status flush(pfhost_encoder *encoder, pfhost_reason *reason) {
  return guarded(reason, [&] {
    if (encoder == nullptr) throw Error(PFHOST_E_INVALID_ARGUMENT, "encoder is NULL");
    encoder->session.flush();
  });
}

void close(pfhost_encoder *encoder) {
  delete encoder;
}

const pfhost_encode_vtable kEncodeVtable = {
    sizeof(pfhost_encode_vtable),
    query_caps,
    open,
    submit,
    receive,
    request_keyframe,
    set_bitrate,
    flush,
    close,
};

// The portable fallback: any hardware path outranks it.
constexpr pfhost_backend kSoftwareBackend = encode_backend(
    "software", "FFmpeg software encoders: libx264 (H.264), libx265 (HEVC), libsvtav1 (AV1)", 10,
    probe, &kEncodeVtable);

constexpr const pfhost_backend *kBackends[] = {&kSoftwareBackend};

}  // namespace
}  // namespace pfhost::software

namespace {

constexpr pfhost_plugin_descriptor kDescriptor = pfhost::plugin_descriptor(
    "software", "0.1.0", "pfhost", "Portable software video encoding through FFmpeg",
    pfhost::software::init, &pfhost::delete_context<pfhost::software::PluginContext>,
    pfhost::software::kBackends);

}  // namespace

PFHOST_DEFINE_PLUGIN_ENTRY(kDescriptor)
