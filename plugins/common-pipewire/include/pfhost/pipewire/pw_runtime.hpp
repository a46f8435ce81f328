// Process-wide PipeWire setup and the daemon probe.
#pragma once

#include <pfhost/abi.h>

#include <chrono>
#include <string>

namespace pfhost::pipewire {

// pw_init() exactly once per process. Never undone: plugins are never unloaded, and pw_deinit()
// while another user of libpipewire in the process is alive would break it.
void ensure_pipewire_initialized();

// Where libpipewire looks for the default daemon: $PIPEWIRE_REMOTE (or "pipewire-0") inside
// $PIPEWIRE_RUNTIME_DIR, else $XDG_RUNTIME_DIR. For messages only.
std::string default_socket_path();

// Connects briefly to the default daemon and waits for one round trip. PFHOST_OK, or
// PFHOST_E_UNAVAILABLE with a reason saying where we looked and how to fix it.
pfhost_status probe_default_daemon(std::chrono::milliseconds timeout, std::string *reason);

}  // namespace pfhost::pipewire
