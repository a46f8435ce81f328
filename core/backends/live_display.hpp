// One live virtual display made by a display plugin: owns the plugin's pfhost_display handle and
// destroys it exactly once, when this object is destroyed. Made only by DisplayBackend::create().
//
// Threading: one thread at a time per LiveDisplay (the ABI allows no concurrent calls on one
// display, and is_alive must never overlap destroy); different LiveDisplays are independent.
// Holds a copy of the backend's table, so it stays valid after the DisplayBackend that
// made it is gone (plugins are never unloaded).
#pragma once

#include <pfhost/display.h>

#include <string>

namespace pfhost::core {

class LiveDisplay {
 public:
  LiveDisplay(const LiveDisplay &) = delete;
  LiveDisplay &operator=(const LiveDisplay &) = delete;
  // Calls the plugin's destroy; blocks until the compositor output / monitor is gone.
  ~LiveDisplay();

  // The plugin's liveness check: true when the display can still be captured. Backends without
  // the optional method are assumed alive. Writes the plugin's reason into *why when it is not.
  bool is_alive(std::string *why = nullptr);

  bool can_reconfigure() const { return table_.reconfigure != nullptr; }
  // Changes the mode in place and refreshes *target. Throws DisplayError: PFHOST_E_UNSUPPORTED
  // when the backend lacks the method (create a new display instead), or the plugin's failure.
  void reconfigure(const pfhost_mode &mode, pfhost_target &target);

  const std::string &backend_name() const { return backend_; }
  // The plugin's handle, for code that talks to the same plugin about this display.
  pfhost_display *handle() const { return handle_; }

 private:
  friend class DisplayBackend;
  // `table` is the backend's validated copy: optional methods are NULL when absent.
  LiveDisplay(std::string backend, const pfhost_display_vtable &table, pfhost_display *handle);

  std::string backend_;
  pfhost_display_vtable table_;
  pfhost_display *handle_;
};

}  // namespace pfhost::core
