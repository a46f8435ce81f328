// Discovery end to end: plugin sources -> files -> ELF check -> descriptor cache -> isolated probe
// workers (all in parallel) -> per-plugin and per-backend records -> duplicate names across
// plugins -> selection. The host process never runs plugin code here; that is the workers' job.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config/host_config.hpp"
#include "loader/backend_selection.hpp"
#include "loader/plugin_records.hpp"

namespace pfhost::core {

struct DiscoveryOptions {
  std::vector<std::string> cli_plugin_dirs;    // --plugin-dir, in order
  std::optional<std::string> env_plugin_path;  // PFHOST_PLUGIN_PATH
  bool use_cache = true;                       // false: --no-cache (neither read nor written)
  // A listing's shortcut: take a plugin's probe answers from the cache when they were given
  // under the same probe_context() within kProbeReuseWindow, and start no worker for it.
  // Commands that act on the answers leave this off and probe every time.
  bool reuse_recent_probes = false;
  std::filesystem::path worker_executable;  // empty: this executable
  std::filesystem::path origin_dir;         // empty: this executable's directory
  std::string worker_log_level;             // passed to workers as --log-level

  // The one-run additions taken from the environment (PFHOST_PLUGIN_PATH).
  static DiscoveryOptions from_environment();
};

struct PluginInventory {
  std::vector<SourceRecord> sources;
  std::vector<PluginRecord> plugins;  // search order
  BackendSelection selection;
  bool cache_enabled = false;
  std::filesystem::path cache_file;
  std::chrono::milliseconds probe_timeout{0};

  // The record of the plugin providing `backend` (not skipped), or nullptr.
  const PluginRecord *plugin_of(const std::string &backend) const;
  const BackendRecord *backend(const std::string &name) const;
};

PluginInventory discover_plugins(const HostConfig &config, const DiscoveryOptions &options);

}  // namespace pfhost::core
