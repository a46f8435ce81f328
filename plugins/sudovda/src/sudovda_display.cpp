#include "sudovda_display.hpp"

#include <pfhost/plugin.hpp>

#include <algorithm>
#include <cstring>

namespace pfhost::sudovda {

VirtualDisplay::VirtualDisplay(Driver &driver, const pfhost_mode &mode,
                               const std::string &client_id)
    : driver_(driver),
      monitor_(driver.add(mode, client_id)),
      topology_(driver.settings().manage_topology ? windows::make_windows_topology()
                                                  : windows::make_no_topology()) {
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

VirtualDisplay::~VirtualDisplay() {
  topology_->restore();
  driver_.remove(monitor_);
}

pfhost_target VirtualDisplay::target() const {
  auto target = make_struct<pfhost_target>();
  target.kind = PFHOST_TARGET_WINDOWS_IDD;
  target.mode = monitor_.mode;
  auto &idd = target.u.windows_idd;
  idd.adapter_luid = monitor_.reply.adapter;
  idd.target_id = monitor_.reply.target_id;
  std::memcpy(idd.gdi_name, gdi_name_.data(), std::min(gdi_name_.size(), sizeof idd.gdi_name - 1));
  return target;
}

}  // namespace pfhost::sudovda
