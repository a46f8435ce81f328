// The C face of the plugin: descriptor, init, and the `nvenc` encode backend's probe and vtable
// (pfhost::encode_table over NvencEncoder, so no exception crosses the ABI).
#include <pfhost/backend_tables.hpp>
#include <pfhost/plugin_config.hpp>

#include <memory>
#include <optional>
#include <string>

#include "cuda_context.hpp"
#include "device_caps.hpp"
#include "driver_library.hpp"
#include "encoder_config.hpp"
#include "nvenc_encoder.hpp"
#include "nvenc_session.hpp"
#include "plugin_config.hpp"

namespace pfhost::nvenc {
namespace {

// init() reads [plugins.nvenc] into this; deinit deletes it.
using PluginContext = SettingsContext<PluginConfig>;

// What the GPU offers, read through a short-lived session: load, version check, context, session,
// GUIDs and caps, close. Throws PFHOST_E_UNAVAILABLE quietly when there is no usable driver.
struct DeviceReport {
  std::string device_name;
  uint32_t max_version;
  DeviceCaps caps;
};

DeviceReport inspect_device(const PluginConfig &config) {
  const DriverLibrary &driver = driver_library();
  CudaContext cuda(driver, config.gpu);
  CudaScope scope(cuda);
  NvencSession session(driver, NV_ENC_DEVICE_TYPE_CUDA, cuda.get());
  return {cuda.device_name(), driver.max_version, query_device_caps(session)};
}

pfhost_status probe(void *plugin_ctx, pfhost_reason *reason) {
  return guarded(reason, [&] {
    const PluginContext &context = PluginContext::of(plugin_ctx);
    check_config(context.config_error);
    const DeviceReport report = inspect_device(context.config);
    if (report.caps.codec_mask() == 0)
      throw Error(PFHOST_E_UNSUPPORTED,
                  report.device_name + ": NVENC offers neither H.264 nor HEVC");
    char built[16], driver[16];
    set_reason(reason, report.device_name + " (GPU " + std::to_string(context.config.gpu) +
                           "), NVENC API " + api_version_text(kHeaderApiVersion, built) +
                           " (driver up to " + api_version_text(report.max_version, driver) +
                           "): " + describe(report.caps));
  });
}

struct NvencBackend : NvencEncoder {
  using NvencEncoder::NvencEncoder;

  static pfhost_encoder_caps query_caps(void *plugin_ctx) {
    const DeviceCaps caps = inspect_device(PluginContext::of(plugin_ctx).config).caps;
    auto out = make_struct<pfhost_encoder_caps>();
    out.codecs = caps.codec_mask();
    if (out.codecs == 0) throw Error(PFHOST_E_UNSUPPORTED, "NVENC offers neither H.264 nor HEVC");
    out.bit_depths = 1u << 8;
    if (caps.hevc.ten_bit) out.bit_depths |= 1u << 10;
    out.chroma = 1u << PFHOST_CHROMA_420;
    // Per backend, not per codec: promise what every offered codec does.
    out.max_width = out.max_height = UINT32_MAX;
    bool bitrate_change = true, intra_refresh = true;
    for (const CodecCaps *codec : {&caps.h264, &caps.hevc}) {
      if (!codec->present) continue;
      out.max_width = std::min(out.max_width, codec->max_width);
      out.max_height = std::min(out.max_height, codec->max_height);
      bitrate_change = bitrate_change && codec->bitrate_change;
      intra_refresh = intra_refresh && codec->intra_refresh;
    }
    out.input_memory = (1u << PFHOST_MEMORY_CPU) | (1u << PFHOST_MEMORY_CUDA);
#ifdef _WIN32
    out.input_memory |= 1u << PFHOST_MEMORY_D3D11;
#endif
    out.input_formats = supported_input_formats();
    if (!caps.hevc.ten_bit) out.input_formats &= ~(1ull << PFHOST_PIXEL_FORMAT_P010);
    out.flags = PFHOST_ENCODE_CAP_LOW_LATENCY;
    if (bitrate_change) out.flags |= PFHOST_ENCODE_CAP_BITRATE_CHANGE;
    if (intra_refresh) out.flags |= PFHOST_ENCODE_CAP_INTRA_REFRESH;
    return out;
  }

  static std::unique_ptr<NvencBackend> open(void *plugin_ctx, const pfhost_encoder_params &params) {
    const PluginContext &context = PluginContext::of(plugin_ctx);
    return std::make_unique<NvencBackend>(params, context.config, context.host);
  }
};

constexpr pfhost_encode_vtable kEncodeVtable = encode_table<NvencBackend>();

// Hardware encoding outranks the software fallback (rank 10).
constexpr pfhost_backend kNvencBackend =
    encode_backend("nvenc", "NVIDIA NVENC through the Video Codec SDK API: H.264, HEVC", 100, probe,
                   &kEncodeVtable);

constexpr const pfhost_backend *kBackends[] = {&kNvencBackend};

}  // namespace
}  // namespace pfhost::nvenc

namespace {

constexpr pfhost_plugin_descriptor kDescriptor = pfhost::plugin_descriptor(
    "nvenc", "0.1.0", "pfhost", "NVIDIA NVENC hardware video encoding",
    &pfhost::nvenc::PluginContext::init<pfhost::nvenc::read_plugin_config>,
    &pfhost::delete_context<pfhost::nvenc::PluginContext>, pfhost::nvenc::kBackends);

}  // namespace

PFHOST_DEFINE_PLUGIN_ENTRY(kDescriptor)
