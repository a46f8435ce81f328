// One SudoVDA monitor as the host holds it: ADD, then the GDI name, mode and topology policy;
// REMOVE and the saved topology back on destruction. SudoVDA has no frame push: its monitors are
// captured with DXGI Desktop Duplication by GDI name (driver_pid stays 0).
#pragma once

#include <pfhost/display.h>

#include <memory>
#include <optional>
#include <string>

#include "pfhost/windows/display_topology.hpp"
#include "sudovda_driver.hpp"

namespace pfhost::sudovda {

class VirtualDisplay {
 public:
  VirtualDisplay(Driver &driver, const pfhost_mode &mode, const std::string &client_id);
  ~VirtualDisplay();
  VirtualDisplay(const VirtualDisplay &) = delete;
  VirtualDisplay &operator=(const VirtualDisplay &) = delete;

  pfhost_target target() const;
  std::optional<std::string> why_dead() { return driver_.why_dead(monitor_); }
  const Monitor &monitor() const { return monitor_; }

 private:
  Driver &driver_;
  Monitor monitor_;
  std::unique_ptr<windows::DisplayTopology> topology_;
  std::string gdi_name_;
};

}  // namespace pfhost::sudovda
