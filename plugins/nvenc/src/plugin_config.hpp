// The plugin's [plugins.nvenc] table from host.toml, read once at init with the SDK's config
// policy. The keys are documented in docs/backends/nvenc.md.
#pragma once

#include <pfhost/plugin.hpp>

#include <optional>
#include <string>

#include "ffnvcodec_loader.hpp"

namespace pfhost::nvenc {

struct PluginConfig {
  int gpu = 0;  // CUDA device index
  GUID preset = NV_ENC_PRESET_P1_GUID;
  std::string preset_name = "p1";
  NV_ENC_TUNING_INFO tuning = NV_ENC_TUNING_INFO_ULTRA_LOW_LATENCY;
  std::string tuning_name = "ultra_low_latency";
  int vbv_frames = 1;  // VBV buffer in frames of bitrate when the stream request names none
  bool intra_refresh = false;
};

// Throws pfhost::Error(INVALID_ARGUMENT) for a bad value; unknown keys go to *config_error.
PluginConfig read_plugin_config(const Host &host, std::string *config_error);

// "p1".."p7" as the preset GUID, or nullopt for another name.
std::optional<GUID> preset_guid(const std::string &name);
// "preset 'x' is not an NVENC preset (...)": what to say about a name preset_guid refused.
std::string unknown_preset_text(const std::string &name);

}  // namespace pfhost::nvenc
