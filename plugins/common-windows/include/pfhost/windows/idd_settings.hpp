// [plugins.<name>] of a Windows virtual-display plugin (pf-vdisplay, sudovda), read once at init:
// the same keys and the same meaning for both drivers.
#pragma once

#include <pfhost/plugin_config.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "pfhost/windows/display_topology.hpp"

namespace pfhost::windows {

struct IddSettings {
  // render_adapter: "auto" (the driver's choice) or an adapter LUID "HIGH:LOW" in hex, e.g.
  // "0:1a2b3"; sent with SET_RENDER_ADAPTER before the first monitor.
  std::optional<pfhost_luid> render_adapter;
  // topology: "windows" (CCD: GDI name, mode, policy) or "off" (leave the arrangement alone).
  bool manage_topology = true;
  TopologyPolicy policy = TopologyPolicy::kExtend;  // topology_policy
  // state_dir: where the per-client monitor ids live (default %LOCALAPPDATA%\pfhost\state).
  std::filesystem::path state_dir;
  // gdi_name_timeout_ms: how long to wait for Windows to activate a new monitor.
  std::chrono::milliseconds gdi_name_timeout{3000};
  // Read only for drivers with a push channel (pf-vdisplay); others reject the keys as unknown.
  // capture_textures: "d3d11" (keyed-mutex shared textures on the render GPU, what the real
  // driver opens) or "shared-memory" (named sections, for machines without shared textures such
  // as wine; the driver side must use the same).
  std::string capture_textures = "d3d11";
  // capture_open_timeout_ms: how long opening a capture waits for the driver's first frame.
  std::chrono::milliseconds capture_open_timeout{4000};
  // Where a driver's warnings go (the host's log; set at init, not a config key). A REMOVE that
  // fails is no error to anyone (destroy cannot fail), so this is where it becomes visible.
  std::function<void(const std::string &)> warn = [](const std::string &) {};
};

IddSettings read_idd_settings(ConfigReader &config, const std::string &plugin,
                              bool push_capture = false);

// "auto" -> nullopt; "HIGH:LOW" (hex) -> a LUID; anything else throws
// pfhost::Error(PFHOST_E_INVALID_ARGUMENT) naming the key.
std::optional<pfhost_luid> parse_render_adapter(const std::string &text, const std::string &plugin);

}  // namespace pfhost::windows
