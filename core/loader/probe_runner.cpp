#include "loader/probe_runner.hpp"

#include "os/self_exe.hpp"
#include "os/worker_processes.hpp"

#include <system_error>

namespace pfhost::core {

std::string ProbeOutcome::describe(std::chrono::milliseconds timeout) const {
  const std::string where = report.open_phase ? " " + report.open_phase->describe() : "";
  switch (end) {
    case End::finished:
      return {};
    case End::crashed:
      return std::string(core::os::is_abort_signal(signal) ? "aborted: " : "crashed: ") +
             core::os::signal_name(signal) + where;
    case End::exited:
      return "exited with status " + std::to_string(exit_code) + where +
             (where.empty() ? " before finishing its probe" : "");
    case End::timed_out:
      if (!error.empty()) return error;
      return "probe timed out after " + std::to_string(timeout.count()) + " ms" +
             (report.open_phase ? " (stuck " + report.open_phase->describe() + ")" : "");
    case End::spawn_failed:
      return error;
  }
  return error;
}

std::filesystem::path default_probe_worker() {
  const std::filesystem::path worker = os::sibling_executable("pfhost-probe-worker");
  std::error_code error;
  if (std::filesystem::is_regular_file(worker, error)) return worker;
  return os::self_executable();
}

std::vector<ProbeOutcome> run_probe_workers(const std::vector<std::filesystem::path> &plugins,
                                            const ProbeRunOptions &options) {
  std::vector<ProbeOutcome> outcomes(plugins.size());
  std::vector<core::os::WorkerSpec> specs(plugins.size());
  for (size_t i = 0; i < plugins.size(); ++i) {
    core::os::WorkerSpec &spec = specs[i];
    spec.executable = options.worker_executable;
    spec.args = {kProbeWorkerOption, plugins[i].string()};
    if (!options.log_level.empty()) {
      spec.args.emplace_back("--log-level");
      spec.args.push_back(options.log_level);
    }
    spec.input = options.settings_json;
    WorkerReport &report = outcomes[i].report;
    spec.on_line = [&report](std::string_view line) { apply_worker_line(report, line); };
  }
  core::os::WorkerRunOptions run;
  run.timeout = options.timeout;
  run.max_parallel = options.max_parallel;
  const std::vector<core::os::WorkerEnd> ends = core::os::run_workers(specs, run);

  for (size_t i = 0; i < plugins.size(); ++i) {
    const core::os::WorkerEnd &end = ends[i];
    ProbeOutcome &out = outcomes[i];
    out.elapsed = end.elapsed;
    switch (end.how) {
      case core::os::WorkerEnd::How::signaled:
        out.end = ProbeOutcome::End::crashed;
        out.signal = end.signal;
        break;
      case core::os::WorkerEnd::How::exited: {
        out.exit_code = end.exit_code;
        const bool said_last_word =
            out.report.done || out.report.rejected || out.report.init_failure.has_value();
        out.end = out.exit_code == 0 && said_last_word ? ProbeOutcome::End::finished
                                                       : ProbeOutcome::End::exited;
        break;
      }
      case core::os::WorkerEnd::How::timed_out:
        out.end = ProbeOutcome::End::timed_out;
        break;
      case core::os::WorkerEnd::How::flooded:
        out.end = ProbeOutcome::End::timed_out;
        out.error = "probe worker flooded its output; killed";
        break;
      case core::os::WorkerEnd::How::spawn_failed:
        out.end = ProbeOutcome::End::spawn_failed;
        out.error = "probe worker: " + end.error;
        break;
    }
  }
  return outcomes;
}

}  // namespace pfhost::core
