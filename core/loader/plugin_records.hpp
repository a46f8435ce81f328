// What the host knows about plugin files and their backends: the data that discovery produces,
// the cache stores, selection reads and --list-backends prints. Plain values, no ABI pointers, so
// it can cross the worker pipe and live in the JSON cache.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pfhost::core {

// An encoder's query_caps() answer, copied out of pfhost_encoder_caps.
struct EncoderCaps {
  uint32_t codecs = 0;
  uint32_t bit_depths = 0;
  uint32_t chroma = 0;
  uint32_t max_width = 0;
  uint32_t max_height = 0;
  uint32_t input_memory = 0;
  uint32_t flags = 0;
  uint64_t input_formats = 0;

  bool operator==(const EncoderCaps &) const = default;
};

// One backend as its descriptor declares it. Everything here is fixed for a given plugin file,
// which is why it may be cached.
struct BackendInfo {
  uint32_t kind = 0;  // pfhost_backend_kind
  std::string name;
  std::string description;
  int32_t rank = 0;
  // display: targets create() may return; capture: targets it opens (both 1u <<
  // pfhost_target_kind).
  uint32_t target_kinds = 0;
  uint32_t memory_kinds = 0;   // capture: 1u << pfhost_memory_kind
  uint64_t pixel_formats = 0;  // capture: 1ull << pfhost_pixel_format
  // Non-empty when the backend is skipped without probing (bad struct, bad name, duplicate).
  std::string problem;

  bool operator==(const BackendInfo &) const = default;
};

// A plugin's descriptor, validated and copied into host-owned values.
struct DescriptorInfo {
  std::string name;
  std::string version;
  std::string vendor;
  std::string description;
  uint32_t abi_major = 0;
  uint32_t abi_minor = 0;
  std::vector<BackendInfo> backends;

  bool operator==(const DescriptorInfo &) const = default;
};

// What became of one backend this run.
enum class ProbeState {
  ok,           // probe() said PFHOST_OK (and query_caps worked, for encoders)
  unsupported,  // PFHOST_E_UNSUPPORTED: can never work here (quiet)
  unavailable,  // PFHOST_E_UNAVAILABLE: could work, something is missing now
  failed,       // any other status, or query_caps failed (loud)
  skipped,      // not probed because of BackendInfo::problem or a cross-plugin duplicate name
  not_probed,   // the plugin never got that far (init failed, worker died earlier)
  crashed,      // the worker died inside this backend's probe/query_caps
  timed_out,    // the worker was killed while inside this backend's probe/query_caps
};
const char *to_string(ProbeState state);

// "state: reason" for people, without saying the state twice when the reason already starts with
// it ("crashed: SIGSEGV ...", "not probed: ..."); underscores in the state read as spaces.
std::string describe_state(const char *state, const std::string &reason);

struct BackendRecord {
  BackendInfo info;
  ProbeState state = ProbeState::not_probed;
  std::string reason;
  std::optional<EncoderCaps> caps;  // encoders whose probe and query_caps succeeded

  // The plugin is healthy and the probe said OK: the backend may be selected and loaded.
  bool usable = false;
};

// What became of one plugin file this run.
enum class PluginState {
  ok,           // loaded, init worked, every probe returned (individual probes may say "no")
  missing,      // a configured plugin file does not exist
  rejected,     // not loadable as a plugin of this host (not ELF, wrong arch, ABI, bad descriptor)
  init_failed,  // the plugin's init() failed
  crashed,      // the worker died of a signal or exited abnormally
  timed_out,    // the worker did not finish within probe_timeout and was killed
  quarantined,  // crashed or hung in an earlier run; not run until the file changes
};
const char *to_string(PluginState state);

// Where a plugin file or directory came from, for the listing.
enum class SourceOrigin { config_dir, config_file, cli_dir, env_dir };
const char *to_string(SourceOrigin origin);

// The part of a file's stat() that says "same file as before" for the cache.
struct FileIdentity {
  uint64_t size = 0;
  int64_t mtime_ns = 0;

  bool operator==(const FileIdentity &) const = default;
};

// A configured plugin directory (or single file) and what scanning it found.
struct SourceRecord {
  std::string spec;  // as written (e.g. "$ORIGIN/../lib/pfhost/plugins")
  std::filesystem::path path;
  SourceOrigin origin = SourceOrigin::config_dir;
  bool is_directory = true;
  bool found = false;
  std::string problem;  // e.g. "no such directory"
  size_t plugin_files = 0;
};

// Cache use for one plugin row.
enum class CacheUse { off, miss, hit };
const char *to_string(CacheUse use);

struct PluginRecord {
  std::filesystem::path path;
  SourceOrigin origin = SourceOrigin::config_dir;
  PluginState state = PluginState::rejected;
  std::string reason;  // empty when ok
  std::optional<FileIdentity> identity;
  std::optional<DescriptorInfo> descriptor;
  std::vector<BackendRecord> backends;  // in descriptor order
  CacheUse cache = CacheUse::off;
  // Where this run's probe answers came from: a worker started for the file, or the cache (a
  // listing under an unchanged probe context; then probe_age says how old they are). Neither for
  // a file that was not probed (rejected, quarantined, missing).
  bool probed_by_worker = false;
  std::optional<std::chrono::milliseconds> probe_age;

  // Only a healthy plugin may be loaded into the host process (PluginCatalog).
  bool healthy() const { return state == PluginState::ok; }
};

}  // namespace pfhost::core
