// One gamescope process running headless at the session's mode with its app: started, watched
// until it names its PipeWire node (log line first, PipeWire registry as the fallback), checked
// for liveness, and terminated with its whole process group (gamescope and the app) on destroy.
//
// The child is forked from a small keeper thread that lives exactly as long as the display: the
// kernel's parent-death signal (SIGTERM to the child when its forking *thread* exits) then covers
// a crashed host without killing gamescope when the session thread that created it ends.
#pragma once

#include "gamescope_settings.hpp"

#include <pfhost/os/child_process.hpp>
#include <pfhost/plugin.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace pfhost::gamescope {

struct LaunchRequest {
  uint32_t width = 0;
  uint32_t height = 0;
  uint32_t refresh_hz = 60;
  std::vector<std::string> app;  // argv after "--"
  std::filesystem::path log_path;
};

// gamescope's command line for `request` (binary resolved by the caller).
std::vector<std::string> gamescope_argv(const std::string &binary, const Settings &settings,
                                        const LaunchRequest &request);

class GamescopeInstance {
 public:
  // Starts gamescope and waits until its node is known. Throws pfhost::Error: PFHOST_E_UNAVAILABLE
  // when it cannot start or exits first (with the tail of its log), PFHOST_E_TIMEOUT when no node
  // appears within settings.node_timeout. Nothing is left running on failure.
  GamescopeInstance(const Settings &settings, LaunchRequest request, Host host);
  // Terminates gamescope's process group (SIGTERM, then SIGKILL after stop_timeout), reaps it.
  ~GamescopeInstance();
  GamescopeInstance(const GamescopeInstance &) = delete;
  GamescopeInstance &operator=(const GamescopeInstance &) = delete;

  uint32_t node_id() const noexcept { return node_id_; }
  pid_t pid() const noexcept { return child_.pid(); }
  // Empty while gamescope runs; otherwise how it ended. Quick (a non-blocking waitpid).
  std::string death_reason();

 private:
  uint32_t wait_for_node();
  void shut_down() noexcept;
  std::string exit_text();
  std::string log_excerpt() const;

  Settings settings_;
  LaunchRequest request_;
  Host host_;
  os::ChildProcess child_;
  uint32_t node_id_ = 0;
};

}  // namespace pfhost::gamescope
