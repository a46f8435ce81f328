// [plugins.pf-vdisplay] in host.toml, read once at init.
#pragma once

#include <pfhost/plugin_config.hpp>

#include <chrono>
#include <filesystem>
#include <optional>

#include "pfhost/windows/display_topology.hpp"

namespace pfhost::pf_vdisplay {

struct Settings {
  // render_adapter: "auto" (the driver's choice) or an adapter LUID "HIGH:LOW" in hex, e.g.
  // "0:1a2b3"; sent with SET_RENDER_ADAPTER before the first monitor.
  std::optional<pfhost_luid> render_adapter;
  // topology: "windows" (CCD: GDI name, mode, policy) or "off" (leave the arrangement alone).
  bool manage_topology = true;
  windows::TopologyPolicy policy = windows::TopologyPolicy::kExtend;  // topology_policy
  // state_dir: where the per-client monitor ids live (default %LOCALAPPDATA%\pfhost\state).
  std::filesystem::path state_dir;
  // gdi_name_timeout_ms: how long to wait for Windows to activate a new monitor.
  std::chrono::milliseconds gdi_name_timeout{3000};
};

Settings read_settings(ConfigReader &config);

// "auto" -> nullopt; "HIGH:LOW" (hex) -> a LUID; anything else throws
// pfhost::Error(PFHOST_E_INVALID_ARGUMENT) naming the key.
std::optional<pfhost_luid> parse_render_adapter(const std::string &text);

}  // namespace pfhost::pf_vdisplay
