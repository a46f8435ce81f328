// The probe worker command: `pfhost-probe-worker --probe-worker PLUGIN`, or the same option hidden
// in pfhost itself (the fallback when the worker is not installed beside it). Never returns: it leaves with _exit() so no plugin static destructor or atexit handler runs.
#pragma once

#include <string>

namespace pfhost::core::app {

[[noreturn]] void run_probe_worker_command(const std::string &plugin_path,
                                           const std::string &log_level);

}  // namespace pfhost::core::app
