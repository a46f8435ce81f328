// One display backend of a loaded plugin, wrapped for the host: the size-checked copy of its C
// vtable plus the plugin context, and a create() that returns an owning LiveDisplay.
//
// The plugin loader builds these from each plugin's descriptor; the registry calls create().
#pragma once

#include <pfhost/display.h>

#include <memory>
#include <string>

#include "display/live_display.h"

namespace pfhost {

// A display create() made: the owner of the display and where it can be captured.
struct CreatedDisplay {
  std::unique_ptr<LiveDisplay> display;
  pfhost_target target;  // host-sized; target.mode is the mode the display really has
};

class DisplayBackend {
 public:
  // `table` is read once, size-safely: a table from an older plugin reads its unknown tail as
  // zero, and optional methods count only when they lie inside the plugin's struct_size. Throws
  // DisplayError(PFHOST_E_INTERNAL) when the table is missing or lacks create/destroy.
  // `table` need not outlive this object; `plugin_ctx` is passed to create() as is.
  DisplayBackend(std::string name, const pfhost_display_vtable *table, void *plugin_ctx);

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
  // Host-sized copy; optional members outside the plugin's struct_size are already null.
  pfhost_display_vtable table_;
  void *plugin_ctx_;
};

}  // namespace pfhost
