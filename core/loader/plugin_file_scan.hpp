// Turns plugin sources into the list of plugin files to examine: every "*.so" of each directory,
// sorted by name so the order (and therefore which duplicate wins) is the same on every run.
// A missing directory is a diagnostic, not an error.
#pragma once

#include <filesystem>
#include <vector>

#include "loader/plugin_records.hpp"
#include "loader/plugin_sources.hpp"

namespace pfhost::core {

struct PluginFile {
  std::filesystem::path path;
  SourceOrigin origin = SourceOrigin::config_dir;
};

struct PluginScan {
  std::vector<SourceRecord> sources;  // one per source, with what was found
  std::vector<PluginFile> files;      // in search order, each file once
};

// Lists the files. A file reached twice (a directory listed twice, a plugin_files entry inside a
// listed directory) is kept at its first position only. Explicit plugin_files are listed even
// when missing, so the report can say so on the file's own row.
PluginScan scan_plugin_sources(const std::vector<PluginSource> &sources);

}  // namespace pfhost::core
