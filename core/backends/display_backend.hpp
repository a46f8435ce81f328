// One display backend of a loaded plugin, as the host uses it: a copy of its C table plus the
// plugin context, and a create() that returns an owning LiveDisplay.
//
// The plugin catalog hands these out (PluginCatalog::display); the registry calls create().
#pragma once

#include <pfhost/display.h>

#include <memory>
#include <string>

#include "backends/live_display.hpp"

namespace pfhost::core {

// A display create() made: the owner of the display and where it can be captured.
struct CreatedDisplay {
  std::unique_ptr<LiveDisplay> display;
  pfhost_target target;  // host-sized; target.mode is the mode the display really has
};

class DisplayBackend {
 public:
  // `table` is a host-sized copy the loader validated (descriptor_validation): required members
  // present, optional ones NULL when the plugin's table does not reach them. It is copied;
  // `plugin_ctx` is passed to create() as is.
  DisplayBackend(std::string name, const pfhost_display_vtable &table, void *plugin_ctx);

  const std::string &name() const { return name_; }
  // Mask (1u << pfhost_target_kind) of the targets create() may return.
  uint32_t target_kinds() const { return table_.target_kinds; }
  bool has_is_alive() const { return table_.is_alive != nullptr; }
  bool has_reconfigure() const { return table_.reconfigure != nullptr; }

  // Creates a display. May block for seconds (the compositor works); call it without holding
  // locks. Thread-safe: the ABI allows concurrent creates (a plugin serializes if it must).
  // Throws DisplayError carrying the plugin's status and reason text.
  CreatedDisplay create(const pfhost_display_request &request) const;

 private:
  std::string name_;
  // Host-sized copy; optional members outside the plugin's struct_size are NULL.
  pfhost_display_vtable table_;
  void *plugin_ctx_;
};

}  // namespace pfhost::core
