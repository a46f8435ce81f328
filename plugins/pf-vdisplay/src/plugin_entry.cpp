// The plugin's C ABI surface: the descriptor and the one display backend "pf-vdisplay"; the
// context, probe and display trampolines are common-windows' IddPlugin over this driver.
#include <pfhost/backend_tables.hpp>

#include "idd_push_backend.hpp"
#include "pf_vdisplay_driver.hpp"
#include "pfhost/windows/idd_plugin.hpp"

namespace {

using Plugin = pfhost::windows::IddPlugin<pfhost::pf_vdisplay::Driver>;

// UPDATE_MODES: the same monitor (and GDI name) at another mode.
pfhost_display_vtable make_display_table() {
  auto table = pfhost::display_table<Plugin::Display>(1u << PFHOST_TARGET_WINDOWS_IDD);
  table.reconfigure = &Plugin::reconfigure;
  return table;
}

const pfhost_display_vtable kDisplayVtable = make_display_table();

const pfhost_backend kBackend = pfhost::display_backend(
    "pf-vdisplay", "Virtual monitors of the pf-vdisplay IddCx driver (Windows)", 60, &Plugin::probe,
    &kDisplayVtable);

// IDD push: the driver copies each composed frame into the ring the capture creates.
const pfhost_capture_vtable kCaptureVtable =
    pfhost::capture_table<pfhost::pf_vdisplay::IddPushBackend>(
        1u << PFHOST_TARGET_WINDOWS_IDD, (1u << PFHOST_MEMORY_CPU) | (1u << PFHOST_MEMORY_D3D11),
        (1ull << PFHOST_PIXEL_FORMAT_BGRX) | (1ull << PFHOST_PIXEL_FORMAT_RGBA16F));

pfhost_status probe_idd_push(void *plugin_ctx, pfhost_reason *reason) {
  // Usable when the driver is: the ring itself can only be proven by a capture.
  const pfhost_status driver = Plugin::probe(plugin_ctx, reason);
  if (driver != PFHOST_OK) return driver;
  return pfhost::guarded(reason, [&] {
    pfhost::set_reason(reason, pfhost::pf_vdisplay::IddPushBackend::describe(plugin_ctx));
  });
}

const pfhost_backend kCaptureBackend = pfhost::capture_backend(
    "idd-push", "Frames the pf-vdisplay driver pushes into host-created shared textures", 60,
    &probe_idd_push, &kCaptureVtable);

const pfhost_backend *const kBackends[] = {&kBackend, &kCaptureBackend};

const pfhost_plugin_descriptor kDescriptor = pfhost::plugin_descriptor(
    "pf-vdisplay", "0.1.0", "pfhost", "pf-vdisplay virtual monitors (IddCx driver, protocol 9)",
    &Plugin::init, &pfhost::delete_context<Plugin::Context>, kBackends);

}  // namespace

PFHOST_DEFINE_PLUGIN_ENTRY(kDescriptor)
