#include "idd_push_backend.hpp"

#include "pf_vdisplay_driver.hpp"
#include "pfhost/windows/idd_plugin.hpp"

namespace pfhost::pf_vdisplay {
namespace {

using Plugin = windows::IddPlugin<Driver>;

std::unique_ptr<TextureDevice> make_texture_device(const windows::IddSettings &settings) {
  if (settings.capture_textures == "shared-memory") return make_shared_memory_texture_device();
  return make_d3d11_texture_device(settings.render_adapter.value_or(pfhost_luid{}));
}

}  // namespace

std::unique_ptr<IddPushBackend> IddPushBackend::open(void *plugin_ctx,
                                                     const pfhost_capture_params &params,
                                                     const pfhost_target &target) {
  auto &context = Plugin::context_of(plugin_ctx);
  const windows::IddSettings &settings = context.driver->settings();
  if (target.kind != PFHOST_TARGET_WINDOWS_IDD) {
    throw Error(PFHOST_E_INVALID_ARGUMENT, "idd-push captures pf-vdisplay (Windows IDD) targets");
  }
  IddPushOptions options;
  options.open_timeout = settings.capture_open_timeout;
  options.output_memory = (params.accepted_memory & (1u << PFHOST_MEMORY_D3D11)) != 0
                              ? PFHOST_MEMORY_D3D11
                              : PFHOST_MEMORY_CPU;
  auto backend = std::make_unique<IddPushBackend>();
  backend->capture_ = std::make_unique<IddPushCapture>(
      make_texture_device(settings), target, windows_display_state(target), options, context.host);
  return backend;
}

std::string IddPushBackend::describe(void *plugin_ctx) {
  const auto &settings = Plugin::context_of(plugin_ctx).driver->settings();
  return settings.capture_textures == "shared-memory"
             ? "IDD push into shared-memory slots (capture_textures = \"shared-memory\")"
             : "IDD push into keyed-mutex D3D11 textures on the render GPU";
}

}  // namespace pfhost::pf_vdisplay
