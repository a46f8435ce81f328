// One monitor of a Windows virtual-display (IddCx) driver as the host holds it, for any driver
// class that speaks its protocol: ADD through the driver, then the GDI name, the mode and the
// topology policy; on destruction the saved topology back and REMOVE. A Driver provides
//   Monitor add(const pfhost_mode &, const std::string &client_id);   Monitor has .mode and
//       .reply.{adapter, target_id, driver_pid}
//   void remove(const Monitor &);  std::optional<std::string> why_dead(const Monitor &);
//   static std::string monitor_identity(const Monitor &);   the driver's id of it, for the target
//   const IddSettings &settings() const;
//   void update_mode(Monitor &, const pfhost_mode &);   (only if reconfigure() is used)
#pragma once

#include <pfhost/display.h>

#include <memory>
#include <optional>
#include <string>

#include "pfhost/windows/display_topology.hpp"
#include "pfhost/windows/idd_settings.hpp"

namespace pfhost::windows {

// CCD when the settings manage the topology, the stand-in otherwise.
std::unique_ptr<DisplayTopology> make_topology(const IddSettings &settings);

// What both drivers do about a REMOVE that failed, for the warning that reports it: the monitor
// is remembered and removed again before the next ADD; with no monitor left the pinger stops and
// the driver's watchdog removes it.
inline constexpr const char *kRemoveRetryNote =
    "; removed again before the next monitor is added (with no monitor left, the pings stop and "
    "the driver's watchdog removes it)";

// The ABI's target descriptor for a Windows IDD monitor.
pfhost_target idd_target(const pfhost_mode &mode, pfhost_luid adapter, uint32_t target_id,
                         uint32_t driver_pid, const std::string &gdi_name,
                         const std::string &monitor_id);

template <class Driver>
class IddDisplay {
 public:
  using Monitor = typename Driver::Monitor;

  IddDisplay(Driver &driver, const pfhost_mode &mode, const std::string &client_id)
      : driver_(driver),
        monitor_(driver.add(mode, client_id)),
        topology_(make_topology(driver.settings())) {
    try {
      gdi_name_ = topology_->gdi_name(monitor_.reply.adapter, monitor_.reply.target_id,
                                      driver.settings().gdi_name_timeout);
      topology_->apply(gdi_name_, mode, driver.settings().policy);
    } catch (...) {
      topology_->restore();
      driver_.remove(monitor_);
      throw;
    }
  }
  ~IddDisplay() {
    topology_->restore();
    driver_.remove(monitor_);
  }
  IddDisplay(const IddDisplay &) = delete;
  IddDisplay &operator=(const IddDisplay &) = delete;

  pfhost_target target() const {
    return idd_target(monitor_.mode, monitor_.reply.adapter, monitor_.reply.target_id,
                      monitor_.reply.driver_pid, gdi_name_, Driver::monitor_identity(monitor_));
  }
  std::optional<std::string> why_dead() { return driver_.why_dead(monitor_); }
  void reconfigure(const pfhost_mode &mode) {
    driver_.update_mode(monitor_, mode);
    topology_->apply(gdi_name_, mode, driver_.settings().policy);
  }
  const Monitor &monitor() const { return monitor_; }

 private:
  Driver &driver_;
  Monitor monitor_;
  std::unique_ptr<DisplayTopology> topology_;
  std::string gdi_name_;
};

}  // namespace pfhost::windows
