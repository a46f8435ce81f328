// The C face of the plugin: descriptor, init, and the `software` encode backend's probe and
// vtable. The vtable comes from pfhost::encode_table over EncoderSession, so no C++ exception
// crosses the ABI and no trampoline is written by hand here.
#include <pfhost/backend_tables.hpp>
#include <pfhost/plugin_config.hpp>

#include <memory>
#include <string>

#include "codec_table.hpp"
#include "encoder_options.hpp"
#include "encoder_session.hpp"
#include "ffmpeg.hpp"
#include "plugin_config.hpp"

namespace pfhost::software {
namespace {

// init() reads [plugins.software] into this; deinit deletes it.
using PluginContext = SettingsContext<PluginConfig>;

std::string available_encoder_names() {
  std::string names;
  for (const CodecEntry &entry : codec_table()) {
    if (find_encoder(entry) == nullptr) continue;
    if (!names.empty()) names += ", ";
    names += std::string(entry.encoder_name) + " (" + entry.label + ")";
  }
  return names;
}

pfhost_status probe(void *plugin_ctx, pfhost_reason *reason) {
  return guarded(reason, [&] {
    check_config(PluginContext::of(plugin_ctx).config_error);
    const std::string names = available_encoder_names();
    if (names.empty())
      throw Error(PFHOST_E_UNSUPPORTED, "libavcodec has none of libx264, libx265, libsvtav1");
    set_reason(reason, "encoders: " + names);  // shown by --list-backends
  });
}

// What the host holds as a pfhost_encoder (pfhost::encode_table): the session, plus how to open
// it and what this backend can do. The table's trampolines do the null checks, the size-safe
// copies and the exception-to-status mapping; the destructor is close. Keyframes come only
// through PFHOST_SUBMIT_FORCE_KEYFRAME, which EncoderSession::submit honours on that frame.
struct SoftwareEncoder : EncoderSession {
  using EncoderSession::EncoderSession;

  static pfhost_encoder_caps query_caps(void * /*plugin_ctx*/) {
    auto caps = make_struct<pfhost_encoder_caps>();
    caps.codecs = available_codecs();
    if (caps.codecs == 0)
      throw Error(PFHOST_E_UNSUPPORTED, "libavcodec has none of libx264, libx265, libsvtav1");
    caps.bit_depths = 1u << 8;
    caps.chroma = 1u << PFHOST_CHROMA_420;
    caps.max_width = kMaxDimension;
    caps.max_height = kMaxDimension;
    caps.input_memory = 1u << PFHOST_MEMORY_CPU;
    caps.input_formats = supported_input_formats();
    // The caps are per backend, not per codec: claim a property only when it holds for every
    // codec offered here (set_bitrate still works on libx264 either way).
    bool one_packet_per_frame = true;
    bool bitrate_change = true;
    for (const CodecEntry &entry : codec_table()) {
      if (find_encoder(entry) == nullptr) continue;
      one_packet_per_frame = one_packet_per_frame && entry.one_packet_per_frame;
      bitrate_change = bitrate_change && entry.bitrate_change;
    }
    if (one_packet_per_frame) caps.flags |= PFHOST_ENCODE_CAP_LOW_LATENCY;
    if (bitrate_change) caps.flags |= PFHOST_ENCODE_CAP_BITRATE_CHANGE;
    return caps;
  }

  static std::unique_ptr<SoftwareEncoder> open(void *plugin_ctx,
                                               const pfhost_encoder_params &params) {
    const PluginContext &context = PluginContext::of(plugin_ctx);
    return std::make_unique<SoftwareEncoder>(params, context.config, context.host);
  }
};

constexpr pfhost_encode_vtable kEncodeVtable = encode_table<SoftwareEncoder>();

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
    &pfhost::software::PluginContext::init<pfhost::software::read_plugin_config>,
    &pfhost::delete_context<pfhost::software::PluginContext>, pfhost::software::kBackends);

}  // namespace

PFHOST_DEFINE_PLUGIN_ENTRY(kDescriptor)
