#include "kwin_probe.hpp"

#include <pfhost/plugin.hpp>

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace pfhost::kwin {
namespace {

bool is_kde_interface(const std::string &name) {
  return name.starts_with("org_kde_") || name.starts_with("kde_") || name.starts_with("zkde_");
}

}  // namespace

std::string self_executable() {
  std::error_code error;
  const auto path = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::string("/proc/self/exe") : path.string();
}

ProbeVerdict judge_globals(const std::vector<WaylandGlobal> &globals, const std::string &display,
                           const std::string &exe) {
  bool kde = false;
  for (const auto &global : globals) {
    if (global.interface == kScreencastInterface) {
      if (global.version >= kVirtualOutputSince) return {};
      return {PFHOST_E_UNAVAILABLE, "KWin offers zkde_screencast_unstable_v1 version " +
                                        std::to_string(global.version) +
                                        "; virtual outputs need version 2 (Plasma 5.24 or newer)"};
    }
    kde = kde || is_kde_interface(global.interface);
  }
  if (!kde)
    return {PFHOST_E_UNAVAILABLE,
            "not running under KDE Plasma/KWin: the compositor on Wayland display '" + display +
                "' advertises no org_kde_* interfaces"};
  // KWin checks the client's /proc/<pid>/exe against the Exec= of .desktop files listing the
  // interface; a binary replaced on disk (an upgrade) reads as "<path> (deleted)".
  const bool replaced = exe.ends_with(" (deleted)");
  std::string text = "KWin hides zkde_screencast_unstable_v1 from " + exe + ": ";
  if (replaced) {
    text += "the binary changed since it started (restart pfhost)";
  } else {
    text += std::string("install ") + PFHOST_KWIN_INSTALLED_DESKTOP +
            " (a .desktop file in $XDG_DATA_HOME/applications or $XDG_DATA_DIRS/applications "
            "with Exec=" +
            exe +
            " and X-KDE-Wayland-Interfaces=zkde_screencast_unstable_v1; pfhost installs one for " +
            PFHOST_KWIN_INSTALLED_EXE +
            "), or the binary changed since KWin started (restart the Plasma session)";
  }
  return {PFHOST_E_UNAVAILABLE, text};
}

std::optional<std::string> wayland_display_from_environment() {
  const char *value = std::getenv("WAYLAND_DISPLAY");
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

ProbeVerdict probe_kwin(std::chrono::milliseconds timeout) {
  const auto display = wayland_display_from_environment();
  if (!display)
    return {PFHOST_E_UNAVAILABLE,
            "not running under KDE Plasma/KWin: $WAYLAND_DISPLAY is not set (run pfhost inside "
            "the user's Plasma Wayland session)"};
  try {
    WaylandClient client(*display);
    return judge_globals(client.fetch_globals(Clock::now() + timeout), *display, self_executable());
  } catch (const Error &e) {
    if (e.status() == PFHOST_E_UNAVAILABLE)
      return {PFHOST_E_UNAVAILABLE, std::string("not running under KDE Plasma/KWin: ") + e.what()};
    return {e.status(), e.what()};
  }
}

}  // namespace pfhost::kwin
