#include "idd_push/display_state.hpp"

#include <windows.h>

#include <string>

namespace pfhost::pf_vdisplay {
namespace {

bool advanced_color_enabled(const pfhost_luid &adapter, uint32_t target_id) {
  DISPLAYCONFIG_GET_ADVANCED_COLOR_INFO info{};
  info.header.type = DISPLAYCONFIG_DEVICE_INFO_GET_ADVANCED_COLOR_INFO;
  info.header.size = sizeof info;
  info.header.adapterId.LowPart = adapter.low;
  info.header.adapterId.HighPart = adapter.high;
  info.header.id = target_id;
  if (DisplayConfigGetDeviceInfo(&info.header) != ERROR_SUCCESS) return false;
  return (info.value & 0x2u) != 0;  // advancedColorEnabled
}

}  // namespace

DisplayStateProbe windows_display_state(const pfhost_target &target) {
  const pfhost_target_windows_idd idd = target.u.windows_idd;
  const pfhost_mode negotiated = target.mode;
  return [idd, negotiated] {
    DisplayState state{negotiated.width, negotiated.height, false};
    DEVMODEA mode{};
    mode.dmSize = sizeof mode;
    if (idd.gdi_name[0] != '\0' &&
        EnumDisplaySettingsA(idd.gdi_name, ENUM_CURRENT_SETTINGS, &mode) && mode.dmPelsWidth > 0 &&
        mode.dmPelsHeight > 0) {
      state.width = mode.dmPelsWidth;
      state.height = mode.dmPelsHeight;
    }
    state.hdr = advanced_color_enabled(idd.adapter_luid, idd.target_id);
    return state;
  };
}

}  // namespace pfhost::pf_vdisplay
