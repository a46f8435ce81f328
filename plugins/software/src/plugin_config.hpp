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
  int threads = 0;                    // 0 = the encoder's automatic choice
  EncoderConfig x264;
  EncoderConfig x265;
  EncoderConfig svtav1;

  const EncoderConfig &encoder(EncoderFamily family) const noexcept;
};

// Reads the config through the host. Throws pfhost::Error(INVALID_ARGUMENT) for a key of the
// wrong type or value; logs a warning naming every key it does not know (a typo should not go
// unnoticed, but also should not stop the host).
PluginConfig read_plugin_config(const Host &host);

}  // namespace pfhost::software
