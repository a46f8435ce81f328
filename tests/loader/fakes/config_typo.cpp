// A plugin that reads its table with the SDK's pfhost/plugin_config.hpp, as every in-tree plugin
// does: a typo'd key in [plugins.config-typo] must show as its backend's probe failure in
// `pfhost --list-backends`, naming the nearest known key.
#include <pfhost/backend_tables.hpp>
#include <pfhost/plugin_config.hpp>

#include <memory>
#include <string>

namespace {

struct Context {
  pfhost::Host host;
  std::string binary;
  std::string config_error;
};

pfhost_status typo_init(const pfhost_host_api *host_api, void **plugin_ctx, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    auto context = std::make_unique<Context>();
    context->host = pfhost::Host(host_api);
    pfhost::ConfigReader config(context->host, "config-typo");
    context->binary = config.get_string("sway_binary", "sway");
    config.get_int("capture_buffers", 4, 2, 8);
    context->config_error = config.unknown_key_error();
    *plugin_ctx = context.release();
  });
}

pfhost_status typo_probe(void *plugin_ctx, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    if (plugin_ctx != nullptr)
      pfhost::check_config(static_cast<Context *>(plugin_ctx)->config_error);
    pfhost::set_reason(reason, "config is fine");
  });
}

// A capturer that opens nothing: only its probe matters here.
struct NoCapture {
  static std::unique_ptr<NoCapture> open(void *, const pfhost_capture_params &,
                                         const pfhost_target &) {
    throw pfhost::Error(PFHOST_E_UNSUPPORTED, "a test plugin captures nothing");
  }
  pfhost_status next_frame(uint32_t, pfhost_frame **, std::string *why) {
    *why = "a test plugin captures nothing";
    return PFHOST_E_UNSUPPORTED;
  }
};

const pfhost_capture_vtable kCapture = pfhost::capture_table<NoCapture>(
    1u << PFHOST_TARGET_PIPEWIRE_NODE, 1u << PFHOST_MEMORY_CPU, 1ull << PFHOST_PIXEL_FORMAT_BGRX);
const pfhost_backend kBackend =
    pfhost::capture_backend("config-typo-capture", "reads its table with pfhost/plugin_config.hpp",
                            1, &typo_probe, &kCapture);
const pfhost_backend *const kBackends[] = {&kBackend};
const pfhost_plugin_descriptor kDescriptor =
    pfhost::plugin_descriptor("config-typo", "1.0.0", "pfhost tests", "a test plugin", &typo_init,
                              &pfhost::delete_context<Context>, kBackends);

}  // namespace

PFHOST_DEFINE_PLUGIN_ENTRY(kDescriptor)
