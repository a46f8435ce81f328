// The plugin's C ABI surface: the descriptor and the one display backend "sudovda"; the
// context, probe and display trampolines are common-windows' IddPlugin over this driver.
#include <pfhost/backend_tables.hpp>

#include "desktop_duplication_backend.hpp"
#include "pfhost/windows/idd_plugin.hpp"
#include "sudovda_driver.hpp"

namespace {

using Plugin = pfhost::windows::IddPlugin<pfhost::sudovda::Driver>;

// No reconfigure: SudoVDA cannot change a live monitor's mode; the host makes a new display.
const pfhost_display_vtable kDisplayVtable =
    pfhost::display_table<Plugin::Display>(1u << PFHOST_TARGET_WINDOWS_IDD);

const pfhost_backend kBackend = pfhost::display_backend(
    "sudovda", "Virtual monitors of the SudoVDA IddCx driver (Windows, Apollo's driver)", 55,
    &Plugin::probe, &kDisplayVtable);

// SudoVDA has no push channel: its monitors are read with DXGI Desktop Duplication.
const pfhost_capture_vtable kCaptureVtable =
    pfhost::capture_table<pfhost::sudovda::DesktopDuplicationBackend>(
        1u << PFHOST_TARGET_WINDOWS_IDD, 1u << PFHOST_MEMORY_CPU, 1ull << PFHOST_PIXEL_FORMAT_BGRX);

const pfhost_backend kCaptureBackend = pfhost::capture_backend(
    "desktop-duplication", "DXGI Desktop Duplication of SudoVDA monitors (Windows)", 50,
    &pfhost::sudovda::DesktopDuplicationBackend::probe, &kCaptureVtable);

const pfhost_backend *const kBackends[] = {&kBackend, &kCaptureBackend};

const pfhost_plugin_descriptor kDescriptor = pfhost::plugin_descriptor(
    "sudovda", "0.1.0", "pfhost", "SudoVDA virtual monitors (IddCx driver, protocol 0.2.x)",
    &Plugin::init, &pfhost::delete_context<Plugin::Context>, kBackends);

}  // namespace

PFHOST_DEFINE_PLUGIN_ENTRY(kDescriptor)
