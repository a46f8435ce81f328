#include "loader/plugin_discovery.hpp"

#include <pfhost/plugin.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <thread>

#include "loader/abi_names.hpp"
#include "loader/descriptor_cache.hpp"
#include "loader/file_identity.hpp"
#include "loader/plugin_file_scan.hpp"
#include "loader/plugin_sources.hpp"
#include "loader/probe_context.hpp"
#include "loader/probe_protocol.hpp"
#include "loader/probe_runner.hpp"
#include "logging/log.hpp"
#include "os/plugin_file.hpp"
#include "os/self_exe.hpp"
#include "os/worker_processes.hpp"

namespace pfhost::core {
namespace {

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t unix_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Backend rows from a descriptor, all "not probed" until the worker says otherwise.
void set_descriptor(PluginRecord &record, const DescriptorInfo &descriptor,
                    const std::string &why_not_probed) {
  record.descriptor = descriptor;
  record.backends.clear();
  for (const auto &info : descriptor.backends) {
    BackendRecord backend;
    backend.info = info;
    if (!info.problem.empty()) {
      backend.state = ProbeState::skipped;
      backend.reason = info.problem;
    } else {
      backend.state = ProbeState::not_probed;
      backend.reason = why_not_probed;
    }
    record.backends.push_back(std::move(backend));
  }
}

ProbeState state_of(pfhost_status status) {
  switch (status) {
    case PFHOST_OK:
      return ProbeState::ok;
    case PFHOST_E_UNSUPPORTED:
      return ProbeState::unsupported;
    case PFHOST_E_UNAVAILABLE:
      return ProbeState::unavailable;
    default:
      return ProbeState::failed;
  }
}

void apply_probes(PluginRecord &record, const WorkerReport &report) {
  for (auto &backend : record.backends) {
    auto it = report.probes.find(backend.info.name);
    if (backend.state == ProbeState::skipped || it == report.probes.end()) continue;
    const BackendProbeReport &probe = it->second;
    backend.state = state_of(probe.status);
    backend.reason = probe.reason;
    if (backend.state == ProbeState::failed) {
      backend.reason = std::string(pfhost::status_name(probe.status)) +
                       (probe.reason.empty() ? "" : ": " + probe.reason);
    }
    if (backend.state == ProbeState::ok && backend.info.kind == PFHOST_BACKEND_ENCODE) {
      if (probe.caps_status == PFHOST_OK && probe.caps) {
        backend.caps = probe.caps;
      } else if (probe.caps_status) {
        backend.state = ProbeState::failed;
        backend.reason =
            "query_caps failed: " + std::string(pfhost::status_name(*probe.caps_status)) +
            (probe.caps_reason.empty() ? "" : ": " + probe.caps_reason);
      }
      // No caps_status at all: the worker died in query_caps; handled by the caller.
    }
  }
}

// "crashed (SIGSEGV)", "aborted (SIGABRT)", "hung (probe timed out after 500 ms)".
std::string quarantine_summary(const ProbeOutcome &outcome, std::chrono::milliseconds timeout) {
  switch (outcome.end) {
    case ProbeOutcome::End::crashed:
      return std::string(core::os::is_abort_signal(outcome.signal) ? "aborted (" : "crashed (") +
             core::os::signal_name(outcome.signal) + ")";
    case ProbeOutcome::End::timed_out:
      return "hung (probe timed out after " + std::to_string(timeout.count()) + " ms)";
    default:
      return "exited (status " + std::to_string(outcome.exit_code) + ")";
  }
}

// Applies what a worker reported (and how it ended) to the record; updates the cache.
void apply_outcome(PluginRecord &record, const ProbeOutcome &outcome,
                   std::chrono::milliseconds timeout, DescriptorCache *cache,
                   const std::string &probe_context) {
  const WorkerReport &report = outcome.report;
  if (report.descriptor) set_descriptor(record, *report.descriptor, "not probed");

  if (outcome.end == ProbeOutcome::End::spawn_failed) {
    record.state = PluginState::rejected;
    record.reason = outcome.error;
    return;
  }
  if (outcome.end != ProbeOutcome::End::finished) {
    const std::string what = outcome.describe(timeout);
    record.state =
        outcome.end == ProbeOutcome::End::timed_out ? PluginState::timed_out : PluginState::crashed;
    record.reason = what;
    apply_probes(record, report);
    const ProbeState died =
        outcome.end == ProbeOutcome::End::timed_out ? ProbeState::timed_out : ProbeState::crashed;
    for (auto &backend : record.backends) {
      const bool here = report.open_phase && report.open_phase->backend == backend.info.name;
      if (here) {
        backend.state = died;
        backend.reason = what;
        backend.caps.reset();
      } else if (backend.state == ProbeState::not_probed) {
        backend.reason = "not probed: the plugin's worker " +
                         std::string(died == ProbeState::timed_out ? "hung" : "died") +
                         (report.open_phase ? " " + report.open_phase->describe() : "");
      }
    }
    if (cache != nullptr && record.identity) {
      CacheEntry entry;
      entry.identity = *record.identity;
      entry.verdict = CacheEntry::Verdict::quarantined;
      entry.descriptor = record.descriptor;
      entry.reason = what;
      entry.summary = quarantine_summary(outcome, timeout);
      entry.recorded_at = unix_now();
      cache->put(record.path, std::move(entry));
    }
    return;
  }

  if (report.rejected) {
    record.state = PluginState::rejected;
    record.reason = *report.rejected;
    record.descriptor.reset();
    record.backends.clear();
    if (cache != nullptr && record.identity) {
      if (report.rejected_cacheable) {
        CacheEntry entry;
        entry.identity = *record.identity;
        entry.verdict = CacheEntry::Verdict::rejected;
        entry.reason = *report.rejected;
        entry.recorded_at = unix_now();
        cache->put(record.path, std::move(entry));
      } else {
        cache->erase(record.path);
      }
    }
    return;
  }

  if (cache != nullptr && record.identity && record.descriptor) {
    CacheEntry entry;
    entry.identity = *record.identity;
    entry.verdict = CacheEntry::Verdict::descriptor;
    entry.descriptor = record.descriptor;
    // Keep the first recording time so an unchanged descriptor does not rewrite the file.
    const CacheEntry *old = cache->find(record.path, *record.identity);
    entry.recorded_at = old != nullptr ? old->recorded_at : unix_now();
    // Only a plugin that initialised and answered every probe leaves answers to reuse.
    if (!report.init_failure)
      entry.probes = CachedProbes{probe_context, unix_now_ms(), report.probe_events};
    cache->put(record.path, std::move(entry));
  }
  if (report.init_failure) {
    record.state = PluginState::init_failed;
    record.reason = "init failed: " + *report.init_failure;
    for (auto &backend : record.backends) {
      if (backend.state == ProbeState::not_probed)
        backend.reason = "not probed: plugin " + record.reason;
    }
    return;
  }
  record.state = PluginState::ok;
  record.reason.clear();
  apply_probes(record, report);
}

// A listing's shortcut (DiscoveryOptions::reuse_recent_probes): the plugin's last clean probe
// answers, when they were given under `context` within kProbeReuseWindow. Empty context: never.
bool reuse_probes(PluginRecord &record, const CacheEntry &entry, const std::string &context) {
  if (context.empty() || !entry.probes || entry.probes->context != context) return false;
  const std::chrono::milliseconds age{unix_now_ms() - entry.probes->probed_at_ms};
  if (age < std::chrono::milliseconds{0} || age >= kProbeReuseWindow) return false;
  WorkerReport report;
  for (const auto &event : entry.probes->events) apply_worker_line(report, event);
  if (!report.protocol_error.empty()) return false;
  record.state = PluginState::ok;
  record.reason.clear();
  apply_probes(record, report);
  record.probe_age = age;
  return true;
}

// A name may be owned by one healthy plugin only; later ones are skipped, naming the first.
void resolve_duplicates(std::vector<PluginRecord> &plugins) {
  std::map<std::string, const PluginRecord *> plugin_names;
  std::map<std::string, const PluginRecord *> backend_names;
  for (auto &plugin : plugins) {
    if (!plugin.healthy() || !plugin.descriptor) continue;
    auto [first, inserted] = plugin_names.emplace(plugin.descriptor->name, &plugin);
    if (!inserted) {
      plugin.state = PluginState::rejected;
      plugin.reason = "duplicate plugin name '" + plugin.descriptor->name +
                      "': already provided by " + first->second->path.string() + "; skipped";
      for (auto &backend : plugin.backends) {
        backend.state = ProbeState::skipped;
        backend.reason = plugin.reason;
        backend.caps.reset();
      }
      continue;
    }
    for (auto &backend : plugin.backends) {
      if (backend.state == ProbeState::skipped) continue;
      auto [owner, fresh] = backend_names.emplace(backend.info.name, &plugin);
      if (fresh) continue;
      backend.state = ProbeState::skipped;
      backend.caps.reset();
      backend.reason = "duplicate backend name '" + backend.info.name +
                       "': already provided by plugin '" + owner->second->descriptor->name + "' (" +
                       owner->second->path.string() + "); skipped";
    }
  }
  for (auto &plugin : plugins) {
    for (auto &backend : plugin.backends) {
      backend.usable = plugin.healthy() && backend.state == ProbeState::ok;
    }
  }
}

}  // namespace

DiscoveryOptions DiscoveryOptions::from_environment() {
  DiscoveryOptions options;
  if (const char *path = std::getenv("PFHOST_PLUGIN_PATH")) options.env_plugin_path = path;
  return options;
}

const PluginRecord *PluginInventory::plugin_of(const std::string &name) const {
  for (const auto &plugin : plugins) {
    for (const auto &b : plugin.backends) {
      if (b.info.name == name && b.state != ProbeState::skipped) return &plugin;
    }
  }
  return nullptr;
}

const BackendRecord *PluginInventory::backend(const std::string &name) const {
  for (const auto &plugin : plugins) {
    for (const auto &b : plugin.backends) {
      if (b.info.name == name && b.state != ProbeState::skipped) return &b;
    }
  }
  return nullptr;
}

PluginInventory discover_plugins(const HostConfig &config, const DiscoveryOptions &options) {
  PluginInventory inventory;
  inventory.probe_timeout = config.probe_timeout;

  std::error_code ec;
  PluginSourceInputs inputs;
  inputs.config = &config;
  inputs.cli_dirs = options.cli_plugin_dirs;
  inputs.env_plugin_path = options.env_plugin_path;
  inputs.origin_dir = options.origin_dir.empty() ? os::self_executable_dir() : options.origin_dir;
  inputs.cwd = std::filesystem::current_path(ec);
  PluginScan scan = scan_plugin_sources(collect_plugin_sources(inputs));
  inventory.sources = std::move(scan.sources);

  std::optional<DescriptorCache> cache;
  if (options.use_cache) {
    cache.emplace(DescriptorCache::default_directory(config) / DescriptorCache::kFileName);
    inventory.cache_enabled = true;
    inventory.cache_file = cache->file();
  }

  // What the workers get on stdin, and the context their answers are valid in.
  const std::string settings_json = encode_worker_settings(config.plugins);
  const std::string context =
      cache && options.reuse_recent_probes ? probe_context(settings_json) : std::string();

  std::vector<size_t> to_probe;  // indexes into inventory.plugins
  for (const auto &file : scan.files) {
    PluginRecord record;
    record.path = file.path;
    record.origin = file.origin;
    record.cache = cache ? CacheUse::miss : CacheUse::off;
    record.identity = file_identity(file.path);
    if (!record.identity) {
      record.state = PluginState::missing;
      record.reason = "no such file";
    } else if (auto problem = os::check_plugin_file(file.path)) {
      // Cheap enough to redo every time, and it never runs plugin code.
      record.state = PluginState::rejected;
      record.reason = *problem;
    } else if (const CacheEntry *hit = cache ? cache->find(file.path, *record.identity) : nullptr) {
      record.cache = CacheUse::hit;
      switch (hit->verdict) {
        case CacheEntry::Verdict::quarantined:
          record.state = PluginState::quarantined;
          record.reason = quarantine_message(*hit);
          if (hit->descriptor)
            set_descriptor(record, *hit->descriptor, "not probed: " + record.reason);
          break;
        case CacheEntry::Verdict::rejected:
          record.state = PluginState::rejected;
          record.reason = hit->reason;
          break;
        case CacheEntry::Verdict::descriptor:
          // The descriptor is known; availability is probed unless a listing may reuse answers.
          set_descriptor(record, *hit->descriptor, "not probed");
          if (!reuse_probes(record, *hit, context)) to_probe.push_back(inventory.plugins.size());
          break;
      }
    } else {
      to_probe.push_back(inventory.plugins.size());
    }
    inventory.plugins.push_back(std::move(record));
  }

  if (!to_probe.empty()) {
    ProbeRunOptions run;
    run.worker_executable =
        options.worker_executable.empty() ? default_probe_worker() : options.worker_executable;
    run.timeout = config.probe_timeout;
    run.settings_json = settings_json;
    run.log_level = options.worker_log_level;
    // Enough to start every plugin of a normal install at once; a huge directory queues.
    run.max_parallel = std::max<size_t>(16, 4 * std::thread::hardware_concurrency());
    std::vector<std::filesystem::path> paths;
    for (size_t index : to_probe) paths.push_back(inventory.plugins[index].path);
    const auto outcomes = run_probe_workers(paths, run);
    // Taken after the probes: one that touched $XDG_RUNTIME_DIR must not void its own answers.
    const std::string context_after = cache ? probe_context(settings_json) : std::string();
    for (size_t i = 0; i < to_probe.size(); ++i) {
      PluginRecord &record = inventory.plugins[to_probe[i]];
      record.probed_by_worker = true;
      apply_outcome(record, outcomes[i], config.probe_timeout, cache ? &*cache : nullptr,
                    context_after);
      log::debug(record.path.string() + ": " + to_string(record.state) + " in " +
                 std::to_string(outcomes[i].elapsed.count()) + " ms");
    }
  }

  resolve_duplicates(inventory.plugins);
  inventory.selection = select_backends(selection_candidates(inventory.plugins), config.display,
                                        config.capture, config.encode);
  if (cache) cache->save();
  return inventory;
}

}  // namespace pfhost::core
