// The plugin's [plugins.software] table from host.toml, read once at init. The keys and their
// defaults are documented in docs/backends/software.md.
#pragma once

#include <pfhost/plugin.hpp>

#include <optional>
#include <string>

#include "codec_table.hpp"

namespace pfhost::software {

// Settings of one encoder ([plugins.software.x264] and so on).
struct EncoderConfig {
  std::optional<std::string> preset;  // overrides the plugin-wide preset for this encoder
  std::string params;                 // extra "key=value:key=value" appended to *-params
};

struct PluginConfig {
  std::optional<std::string> preset;  // for every encoder unless it has its own
  int threads = 0;                    // 0 = the encoder's automatic choice, up to 256
  EncoderConfig x264;
  EncoderConfig x265;
  EncoderConfig svtav1;

  const EncoderConfig &encoder(EncoderFamily family) const noexcept;
};

// Reads the config through the host with the SDK's one config policy
// (pfhost/plugin_config.hpp): throws pfhost::Error(INVALID_ARGUMENT) for a key of the wrong type
// or value; unknown keys go into *config_error, which the probe reports.
PluginConfig read_plugin_config(const Host &host, std::string *config_error);

}  // namespace pfhost::software
