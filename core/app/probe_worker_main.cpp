// pfhost-probe-worker: the child process that probes one plugin for the host. It is the same code
// as `pfhost --probe-worker`, in an executable that links only what probing needs (the loader,
// config and logging; no FFmpeg, no sessions), so each of the workers a listing starts in
// parallel loads a handful of libraries instead of the whole host's.
//
//   pfhost-probe-worker --probe-worker PLUGIN [--log-level LEVEL]
#include <cstdio>
#include <cstring>
#include <string>

#include "app/probe_worker_command.hpp"
#include "loader/probe_runner.hpp"

int main(int argc, char **argv) {
  std::string plugin;
  std::string log_level;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], pfhost::core::kProbeWorkerOption) == 0) {
      plugin = argv[i + 1];
    } else if (std::strcmp(argv[i], "--log-level") == 0) {
      log_level = argv[i + 1];
    } else {
      plugin.clear();
      break;
    }
  }
  if (plugin.empty()) {
    std::fprintf(stderr,
                 "pfhost-probe-worker: started by pfhost to probe one plugin; usage: "
                 "pfhost-probe-worker %s PLUGIN [--log-level LEVEL]\n",
                 pfhost::core::kProbeWorkerOption);
    return 2;
  }
  pfhost::core::app::run_probe_worker_command(plugin, log_level);
}
