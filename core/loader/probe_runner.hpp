// The host side of isolated probing: starts one worker process per plugin file (all in parallel),
// feeds each its settings, collects its events, and kills any worker still running when its
// probe_timeout is up. Each worker leads its own process group, so "kill" takes whatever the
// plugin spawned with it. Whatever happens in a worker, this returns.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "loader/probe_protocol.hpp"

namespace pfhost::core {

// The hidden option that turns pfhost into a probe worker.
inline constexpr const char *kProbeWorkerOption = "--probe-worker";

// The worker to start: pfhost-probe-worker beside this executable (it links only what probing
// needs, so it starts fast), else this executable itself with kProbeWorkerOption.
std::filesystem::path default_probe_worker();

struct ProbeRunOptions {
  std::filesystem::path worker_executable;  // normally the running executable
  std::chrono::milliseconds timeout{2000};
  std::string settings_json;  // encode_worker_settings()
  std::string log_level;      // passed on as --log-level; empty: the worker's default
  size_t max_parallel = 0;    // workers alive at once; 0: all of them
};

struct ProbeOutcome {
  enum class End {
    finished,     // exited 0 after saying everything it had to say
    crashed,      // killed by a signal (its own fault)
    exited,       // exited on its own before finishing (exit() in a plugin, or non-zero code)
    timed_out,    // still running at the deadline; killed
    spawn_failed  // could not be started
  };
  End end = End::finished;
  int signal = 0;     // crashed
  int exit_code = 0;  // exited
  std::string error;  // spawn_failed / protocol trouble
  std::chrono::milliseconds elapsed{0};
  WorkerReport report;

  // "crashed: SIGSEGV in probe of backend 'x'", "aborted: SIGABRT ...",
  // "probe timed out after 500 ms (stuck in probe of backend 'x')"; empty for a clean finish.
  std::string describe(std::chrono::milliseconds timeout) const;
};

// Probes every file, in parallel; the result has one outcome per file, in the same order.
std::vector<ProbeOutcome> run_probe_workers(const std::vector<std::filesystem::path> &plugins,
                                            const ProbeRunOptions &options);

}  // namespace pfhost::core
