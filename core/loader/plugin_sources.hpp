// Where plugins come from: the config's plugin_dirs and plugin_files, plus --plugin-dir and
// PFHOST_PLUGIN_PATH for one run. This file only turns those specs into absolute paths, in the
// order they are searched; plugin_file_scan lists what is in them.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loader/plugin_records.hpp"

namespace pfhost::core {

struct HostConfig;

struct PluginSource {
  std::string spec;  // as written by the user
  std::filesystem::path path;
  SourceOrigin origin = SourceOrigin::config_dir;
  bool is_directory = true;
};

// Expands a leading "$ORIGIN" (or "${ORIGIN}") to `origin_dir` and makes the result absolute
// against `base`. "$ORIGIN" anywhere else is left alone, like the dynamic linker does.
std::filesystem::path expand_plugin_path(std::string_view spec,
                                         const std::filesystem::path &origin_dir,
                                         const std::filesystem::path &base);

// Splits a colon-separated PFHOST_PLUGIN_PATH, dropping empty entries.
std::vector<std::string> split_plugin_path(std::string_view value);

struct PluginSourceInputs {
  const HostConfig *config = nullptr;
  std::vector<std::string> cli_dirs;           // --plugin-dir, in order
  std::optional<std::string> env_plugin_path;  // PFHOST_PLUGIN_PATH, if set
  std::filesystem::path origin_dir;            // what $ORIGIN means (the pfhost binary's dir)
  std::filesystem::path cwd;                   // anchors relative CLI/env paths
};

// The search order. One-run additions come first (--plugin-dir, then PFHOST_PLUGIN_PATH) so a
// developer's fresh build shadows an installed copy of the same plugin (the later duplicate is
// skipped), then the config's plugin_files, then its plugin_dirs. Relative config entries are
// anchored at the config file's directory.
std::vector<PluginSource> collect_plugin_sources(const PluginSourceInputs &inputs);

}  // namespace pfhost::core
