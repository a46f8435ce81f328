// The [plugins.wlroots] table, read once at init. Every key is optional; defaults give the
// "embedded" behaviour: attach to a running sway when $SWAYSOCK points at one, otherwise start a
// private headless sway.
#pragma once

#include <pfhost/plugin.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace pfhost::wlroots {

enum class DisplayMode { kAuto, kAttach, kManaged };

// How a managed sway is started (the keys of the table that say so), and the IPC timeout both
// modes use.
struct ManagedSwayOptions {
  std::string sway_binary = "sway";
  // wlroots renderer for the managed sway: empty = pixman without a GPU render node, else auto.
  std::string renderer;
  // Where the private runtime dir is created (default: $XDG_RUNTIME_DIR for a normal user, /tmp
  // for root, whose runtime dir may not be traversable inside a namespace).
  std::string runtime_parent;
  // As root: drop to this account with setpriv instead of a user namespace.
  std::string run_as_user;
  std::chrono::milliseconds startup_timeout{10000};
  std::chrono::milliseconds ipc_timeout{5000};
};

struct WlrootsConfig {
  DisplayMode mode = DisplayMode::kAuto;
  ManagedSwayOptions sway;
  // Attach mode: the sway IPC socket (default $SWAYSOCK) and the compositor's Wayland socket
  // (default $WAYLAND_DISPLAY, relative to $XDG_RUNTIME_DIR unless absolute).
  std::string sway_socket;
  std::string wayland_socket;
  // Managed mode: an application started inside the display (a request's app_argv wins).
  std::vector<std::string> app;
  // Capture: composite the cursor into frames; shm buffers in the rotation.
  bool overlay_cursor = true;
  int capture_buffers = 4;
};

// Reads the table with the SDK's one config policy (pfhost/plugin_config.hpp): throws
// pfhost::Error(INVALID_ARGUMENT) naming the key for a bad value; unknown keys go into
// *config_error, which the probes report.
WlrootsConfig read_config(const pfhost::Host &host, std::string *config_error);

const char *mode_name(DisplayMode mode);

}  // namespace pfhost::wlroots
