// `pfhost --probe-worker PLUGIN` (hidden): the child process that probes one plugin for the host.
// Never returns: it leaves with _exit() so no plugin static destructor or atexit handler runs.
#pragma once

#include <string>

namespace pfhost::core::app {

[[noreturn]] void run_probe_worker_command(const std::string &plugin_path,
                                           const std::string &log_level);

}  // namespace pfhost::core::app
