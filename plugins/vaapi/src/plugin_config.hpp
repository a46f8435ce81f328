// The plugin's [plugins.vaapi] table from host.toml, read once at init. Keys and defaults are
// documented in docs/backends/vaapi.md.
#pragma once

#include <pfhost/plugin.hpp>

#include <string>

namespace pfhost::vaapi {

// H.264 profile: what the stream promises its decoder. High (the default) compresses best;
// constrained baseline is for weak decoders (and uses CAVLC instead of CABAC).
enum class H264Profile { high, main, constrained_baseline };

struct PluginConfig {
  std::string device;  // render node; empty = the first /dev/dri/renderD*
  H264Profile h264_profile = H264Profile::high;
  bool low_power = false;  // the driver's low-power (fixed-function) entrypoint, EncSliceLP
};

// Reads the config with the SDK's config policy (pfhost/plugin_config.hpp): throws
// pfhost::Error(INVALID_ARGUMENT) for a wrong type or value; unknown keys go into *config_error.
PluginConfig read_plugin_config(const Host &host, std::string *config_error);

// "high", "main", "constrained_baseline": FFmpeg's names, also the config's.
const char *profile_name(H264Profile profile) noexcept;

}  // namespace pfhost::vaapi
