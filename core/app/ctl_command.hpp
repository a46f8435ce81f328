// `pfhost ctl`: a thin terminal client of a running `pfhost serve`'s management API. Exit codes
// tell a script what happened: 0 done, 3 no host is running, 4 the host refused (401, 404, 409...),
// 1 anything else (no token file, a reply that is not the API's).
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

namespace pfhost::core::app {

struct CtlOptions {
  std::string api = "127.0.0.1:9780";
  std::string token_file;  // empty: the serving host's default
  bool json = false;
  std::string action;              // displays | release | sessions | kick
  std::optional<uint64_t> target;  // release: the slot (none: every kept display); kick: the id
};

inline constexpr int kCtlHostNotRunning = 3;
inline constexpr int kCtlRefused = 4;

CLI::App *add_ctl_command(CLI::App &app, CtlOptions &options);
int run_ctl(const CtlOptions &options);

}  // namespace pfhost::core::app
