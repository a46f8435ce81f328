// One pf-vdisplay monitor as the host holds it: ADD through the driver, then the GDI name, mode
// and topology policy; REMOVE and the saved topology back on destruction.
#pragma once

#include <pfhost/display.h>

#include <memory>
#include <optional>
#include <string>

#include "pf_vdisplay_driver.hpp"
#include "pfhost/windows/display_topology.hpp"

namespace pfhost::pf_vdisplay {

class VirtualDisplay {
 public:
  VirtualDisplay(Driver &driver, const pfhost_mode &mode, const std::string &client_id);
  ~VirtualDisplay();
  VirtualDisplay(const VirtualDisplay &) = delete;
  VirtualDisplay &operator=(const VirtualDisplay &) = delete;

  pfhost_target target() const;
  std::optional<std::string> why_dead() { return driver_.why_dead(monitor_); }
  void reconfigure(const pfhost_mode &mode);
  const Monitor &monitor() const { return monitor_; }

 private:
  Driver &driver_;
  Monitor monitor_;
  std::unique_ptr<windows::DisplayTopology> topology_;
  std::string gdi_name_;
};

}  // namespace pfhost::pf_vdisplay
