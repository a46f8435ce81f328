// A private headless sway owned by one display: its own runtime dir, generated config, IPC
// socket and Wayland socket. The process is the display's keepalive; destroying the object stops
// and reaps it and removes the runtime dir.
#pragma once

#include "plugin_config.hpp"
#include "run_identity.hpp"

#include <pfhost/os/child_process.hpp>
#include <pfhost/plugin.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace pfhost::wlroots {

class ManagedSway {
 public:
  // Starts sway and waits until its IPC answers and its Wayland socket exists. Throws
  // pfhost::Error: UNAVAILABLE (not installed, exited early: with the tail of its log),
  // TIMEOUT (not ready in time).
  ManagedSway(const ManagedSwayOptions &options, const pfhost::Host &host);
  ~ManagedSway();
  ManagedSway(const ManagedSway &) = delete;
  ManagedSway &operator=(const ManagedSway &) = delete;

  std::string ipc_socket() const { return (runtime_dir_ / "sway-ipc.sock").string(); }
  // Absolute path of the Wayland socket (what capturers and apps connect to).
  const std::string &wayland_socket() const noexcept { return wayland_socket_; }
  bool running() { return process_.running(); }
  pid_t pid() const noexcept { return process_.pid(); }
  std::string log_tail() const { return process_.log_tail(2048); }

  // Starts `argv` inside this sway (same identity, WAYLAND_DISPLAY set to its socket).
  os::ChildProcess start_app(const std::vector<std::string> &argv) const;

 private:
  void launch(const RunIdentity &identity);
  // PFHOST_OK when ready; else UNAVAILABLE (sway exited) or TIMEOUT, with why.
  pfhost_status wait_ready(std::string *why);
  os::ProcessEnvironment environment() const;

  ManagedSwayOptions options_;
  pfhost::Host host_;
  RunIdentity identity_;
  std::filesystem::path runtime_dir_;
  std::string wayland_socket_;
  os::ChildProcess process_;
};

// Throws pfhost::Error(UNAVAILABLE), saying how to install it, when `sway_binary` is not found.
void require_sway(const std::string &sway_binary);
// The minimal config sway runs with: no bar, no borders, no Xwayland.
std::string managed_sway_config();
// True when /dev/dri has a render node (then wlroots may pick a GPU renderer).
bool has_render_node();

}  // namespace pfhost::wlroots
