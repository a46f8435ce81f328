// The plugin descriptor cache: what cannot change while a plugin file does not, so a warm start
// need not rediscover it. Keyed by the file's path, size, mtime (ns) and the host's ABI
// major.minor. It holds a plugin's descriptor, a verdict that depends only on the file ("built for
// ABI 2.x"), or a quarantine: a plugin that crashed or hung is not run again until its file
// changes. Next to a descriptor it may keep the plugin's last probe answers with the context they
// were given in (loader/probe_context): a listing reuses them only under the same context and for
// a short while, everything else probes afresh.
//
// Stored as one JSON file, replaced atomically (temp file + rename), so a reader never sees half a
// cache and concurrent pfhost runs at worst lose each other's updates.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "loader/plugin_records.hpp"

namespace pfhost::core {

struct HostConfig;

// A plugin's last clean probe: the worker's probe and caps events as it wrote them (replayed with
// apply_worker_line), when, and under which probe_context().
struct CachedProbes {
  std::string context;
  int64_t probed_at_ms = 0;  // unix milliseconds
  std::vector<std::string> events;

  bool operator==(const CachedProbes &) const = default;
};

struct CacheEntry {
  enum class Verdict { descriptor, rejected, quarantined };
  FileIdentity identity;
  Verdict verdict = Verdict::descriptor;
  std::optional<DescriptorInfo> descriptor;  // descriptor; quarantined when it got that far
  std::string reason;   // rejected: why; quarantined: what happened ("crashed: SIGSEGV in ...")
  std::string summary;  // quarantined: "crashed (SIGSEGV)", "hung (probe timed out after 500 ms)"
  int64_t recorded_at = 0;             // unix seconds
  std::optional<CachedProbes> probes;  // descriptor: the last clean probe, if any

  bool operator==(const CacheEntry &) const = default;
};

// "quarantined: crashed (SIGSEGV) on 2025-01-31 12:00:00 UTC; change or reinstall the file to
// retry".
std::string quarantine_message(const CacheEntry &entry);

class DescriptorCache {
 public:
  // cache_dir from the config, else $XDG_CACHE_HOME/pfhost, else $HOME/.cache/pfhost.
  static std::filesystem::path default_directory(const HostConfig &config);
  static constexpr const char *kFileName = "plugin-cache.json";

  // Reads `file`; a missing file is an empty cache, an unreadable or foreign one too (with a
  // warning), so a broken cache costs a cold start, never a failure.
  explicit DescriptorCache(std::filesystem::path file);

  const std::filesystem::path &file() const { return file_; }

  // The entry for `plugin` if it was recorded for exactly this identity and this host ABI.
  const CacheEntry *find(const std::filesystem::path &plugin, const FileIdentity &identity) const;

  void put(const std::filesystem::path &plugin, CacheEntry entry);
  void erase(const std::filesystem::path &plugin);

  // Writes the cache if anything changed, dropping entries of this ABI whose file is gone or
  // changed. Returns false (after a warning) when it cannot be written.
  bool save();

 private:
  using Key = std::pair<std::string, std::string>;  // path, host ABI "1.0"
  std::filesystem::path file_;
  std::map<Key, CacheEntry> entries_;
  bool dirty_ = false;
};

}  // namespace pfhost::core
