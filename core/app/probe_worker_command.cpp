#include "app/probe_worker_command.hpp"

#include "loader/probe_worker.hpp"
#include "logging/log.hpp"
#include "os/worker_side.hpp"

namespace pfhost::core::app {

void run_probe_worker_command(const std::string &plugin_path, const std::string &log_level) {
  log::Level level = log::Level::info;
  if (log::parse_level(log_level, level)) log::set_level(level);
  const int code = run_probe_worker(plugin_path);
  os::exit_worker(code);
}

}  // namespace pfhost::core::app
