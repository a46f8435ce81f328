// The real topology on Windows: CCD (QueryDisplayConfig / SetDisplayConfig) to find the new
// monitor's source and to save and restore the arrangement, ChangeDisplaySettingsEx for its mode.
// Not exercised under wine (no real display topology there); see docs/backends/pf-vdisplay.md.
#include <windows.h>

#include <pfhost/plugin.hpp>

#include <thread>
#include <vector>

#include "pfhost/windows/display_topology.hpp"

namespace pfhost::windows {
namespace {

struct DisplayConfig {
  std::vector<DISPLAYCONFIG_PATH_INFO> paths;
  std::vector<DISPLAYCONFIG_MODE_INFO> modes;
};

bool query(UINT32 flags, DisplayConfig &config) {
  for (int attempt = 0; attempt < 3; ++attempt) {  // the sizes can change between the two calls
    UINT32 path_count = 0, mode_count = 0;
    if (GetDisplayConfigBufferSizes(flags, &path_count, &mode_count) != ERROR_SUCCESS) return false;
    config.paths.resize(path_count);
    config.modes.resize(mode_count);
    LONG result = QueryDisplayConfig(flags, &path_count, config.paths.data(), &mode_count,
                                     config.modes.data(), nullptr);
    if (result == ERROR_SUCCESS) {
      config.paths.resize(path_count);
      config.modes.resize(mode_count);
      return true;
    }
    if (result != ERROR_INSUFFICIENT_BUFFER) return false;
  }
  return false;
}

std::string source_gdi_name(const DISPLAYCONFIG_PATH_INFO &path) {
  DISPLAYCONFIG_SOURCE_DEVICE_NAME name{};
  name.header.type = DISPLAYCONFIG_DEVICE_INFO_GET_SOURCE_NAME;
  name.header.size = sizeof name;
  name.header.adapterId = path.sourceInfo.adapterId;
  name.header.id = path.sourceInfo.id;
  if (DisplayConfigGetDeviceInfo(&name.header) != ERROR_SUCCESS) return {};
  char utf8[64] = {0};
  WideCharToMultiByte(CP_UTF8, 0, name.viewGdiDeviceName, -1, utf8, sizeof utf8 - 1, nullptr,
                      nullptr);
  return utf8;
}

class CcdTopology final : public DisplayTopology {
 public:
  std::string gdi_name(pfhost_luid adapter, uint32_t target_id,
                       std::chrono::milliseconds timeout) override {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    do {
      DisplayConfig config;
      if (query(QDC_ONLY_ACTIVE_PATHS, config)) {
        for (const auto &path : config.paths) {
          if (path.targetInfo.adapterId.LowPart == adapter.low &&
              path.targetInfo.adapterId.HighPart == adapter.high &&
              path.targetInfo.id == target_id) {
            auto name = source_gdi_name(path);
            if (!name.empty()) return name;
          }
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    } while (std::chrono::steady_clock::now() < deadline);
    return {};
  }

  void apply(const std::string &gdi_name, const pfhost_mode &mode, TopologyPolicy policy) override {
    if (gdi_name.empty()) return;
    if (!saved_) saved_ = query(QDC_ONLY_ACTIVE_PATHS, saved_config_);
    DEVMODEA devmode{};
    devmode.dmSize = sizeof devmode;
    devmode.dmPelsWidth = mode.width;
    devmode.dmPelsHeight = mode.height;
    devmode.dmDisplayFrequency = (mode.refresh_millihz + 500) / 1000;
    devmode.dmFields = DM_PELSWIDTH | DM_PELSHEIGHT | DM_DISPLAYFREQUENCY;
    DWORD flags = CDS_UPDATEREGISTRY | CDS_NORESET;
    if (policy != TopologyPolicy::kExtend) {
      devmode.dmPosition = POINTL{0, 0};  // the primary monitor sits at the origin
      devmode.dmFields |= DM_POSITION;
      flags |= CDS_SET_PRIMARY;
    }
    LONG result = ChangeDisplaySettingsExA(gdi_name.c_str(), &devmode, nullptr, flags, nullptr);
    if (result != DISP_CHANGE_SUCCESSFUL) {
      throw Error(PFHOST_E_IO, "Windows refused mode " + std::to_string(mode.width) + "x" +
                                   std::to_string(mode.height) + " on " + gdi_name +
                                   " (ChangeDisplaySettingsEx " + std::to_string(result) + ")");
    }
    ChangeDisplaySettingsExA(nullptr, nullptr, nullptr, 0, nullptr);  // apply what was staged
    if (policy == TopologyPolicy::kExclusive) deactivate_others(gdi_name);
  }

  void restore() override {
    if (!saved_) return;
    saved_ = false;
    SetDisplayConfig(
        static_cast<UINT32>(saved_config_.paths.size()), saved_config_.paths.data(),
        static_cast<UINT32>(saved_config_.modes.size()), saved_config_.modes.data(),
        SDC_APPLY | SDC_USE_SUPPLIED_DISPLAY_CONFIG | SDC_ALLOW_CHANGES | SDC_SAVE_TO_DATABASE);
  }

 private:
  static void deactivate_others(const std::string &keep) {
    DisplayConfig config;
    if (!query(QDC_ONLY_ACTIVE_PATHS, config)) return;
    std::vector<DISPLAYCONFIG_PATH_INFO> kept;
    for (const auto &path : config.paths) {
      if (source_gdi_name(path) == keep) kept.push_back(path);
    }
    if (kept.empty()) return;
    SetDisplayConfig(static_cast<UINT32>(kept.size()), kept.data(),
                     static_cast<UINT32>(config.modes.size()), config.modes.data(),
                     SDC_APPLY | SDC_USE_SUPPLIED_DISPLAY_CONFIG | SDC_ALLOW_CHANGES);
  }

  bool saved_ = false;
  DisplayConfig saved_config_;
};

}  // namespace

std::unique_ptr<DisplayTopology> make_windows_topology() {
  return std::make_unique<CcdTopology>();
}

}  // namespace pfhost::windows
