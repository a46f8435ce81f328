#include "pfhost/windows/idd_display.hpp"

#include <pfhost/plugin.hpp>

#include <algorithm>
#include <cstring>

namespace pfhost::windows {

std::unique_ptr<DisplayTopology> make_topology(const IddSettings &settings) {
  return settings.manage_topology ? make_windows_topology() : make_no_topology();
}

pfhost_target idd_target(const pfhost_mode &mode, pfhost_luid adapter, uint32_t target_id,
                         uint32_t driver_pid, const std::string &gdi_name,
                         const std::string &monitor_id) {
  auto target = make_struct<pfhost_target>();
  target.kind = PFHOST_TARGET_WINDOWS_IDD;
  target.mode = mode;
  auto &idd = target.u.windows_idd;
  idd.adapter_luid = adapter;
  idd.target_id = target_id;
  idd.driver_pid = driver_pid;
  std::memcpy(idd.gdi_name, gdi_name.data(), std::min(gdi_name.size(), sizeof idd.gdi_name - 1));
  std::memcpy(idd.monitor_id, monitor_id.data(),
              std::min(monitor_id.size(), sizeof idd.monitor_id - 1));
  return target;
}

}  // namespace pfhost::windows
