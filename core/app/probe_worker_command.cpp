#include "app/probe_worker_command.h"

#include <unistd.h>

#include <cstdio>

#include "logging/log.h"
#include "plugins/probe_worker.h"

namespace pfhost::app {

void run_probe_worker_command(const std::string &plugin_path, const std::string &log_level) {
  log::Level level = log::Level::info;
  if (log::parse_level(log_level, level)) log::set_level(level);
  const int code = run_probe_worker(plugin_path);
  std::fflush(nullptr);
  _exit(code);
}

}  // namespace pfhost::app
