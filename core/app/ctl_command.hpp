// `pfhost ctl`: a thin terminal client of a running `pfhost serve`'s management API. Exit codes
// tell a script what happened: 0 done, 3 no host is running, 4 the host refused (401, 404, 409...),
// 1 anything else (no token file, a reply that is not the API's).
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <optional>
#include <string>

namespace pfhost::core::app {

struct CtlOptions {
  // The host's config (default: the one `pfhost serve` finds): its [serve] api_listen, token_file
  // and TLS settings say where the API is and what certificate it presents.
  std::optional<std::filesystem::path> config;
  std::optional<std::string> api;  // overrides [serve] api_listen
  std::string token_file;          // empty: [serve] token_file, else the serving host's default
  // Pin the TLS certificate: by file (the host's PEM) or by SHA-256 fingerprint.
  std::optional<std::filesystem::path> tls_cert;
  std::optional<std::string> tls_fingerprint;
  bool json = false;
  std::string action;              // displays | release | sessions | kick
  std::optional<uint64_t> target;  // release: the slot (none: every kept display); kick: the id
};

inline constexpr int kCtlHostNotRunning = 3;
inline constexpr int kCtlRefused = 4;

CLI::App *add_ctl_command(CLI::App &app, CtlOptions &options);
int run_ctl(const CtlOptions &options);

}  // namespace pfhost::core::app
