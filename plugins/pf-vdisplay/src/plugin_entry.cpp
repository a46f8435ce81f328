// The plugin's C ABI surface: the descriptor and the one display backend "pf-vdisplay"; the
// context, probe and display trampolines are common-windows' IddPlugin over this driver.
#include <pfhost/backend_tables.hpp>

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

const pfhost_backend *const kBackends[] = {&kBackend};

const pfhost_plugin_descriptor kDescriptor = pfhost::plugin_descriptor(
    "pf-vdisplay", "0.1.0", "pfhost", "pf-vdisplay virtual monitors (IddCx driver, protocol 9)",
    &Plugin::init, &pfhost::delete_context<Plugin::Context>, kBackends);

}  // namespace

PFHOST_DEFINE_PLUGIN_ENTRY(kDescriptor)
