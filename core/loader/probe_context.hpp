// When a remembered probe result may stand in for a fresh one. A probe answers "can this backend
// work here, now?", and the answer depends on more than the plugin file: the plugin's host.toml
// table, the environment (WAYLAND_DISPLAY, SWAYSOCK, the session bus, LD_LIBRARY_PATH, ...), the
// sockets in $XDG_RUNTIME_DIR (a compositor or PipeWire starting or stopping adds or removes one)
// and the programs on PATH (sway, gamescope installed or removed). The context is a digest of
// all of those; a listing reuses a probe result only under the same context and within
// kProbeReuseWindow of the probe, and anything that acts on the answer (stream, serve, display)
// probes afresh. So a warm `pfhost --list-backends` starts no worker at all.
#pragma once

#include <chrono>
#include <string>

namespace pfhost::core {

// How long a probe result may be reused under an unchanged context: long enough for a tool or a
// person running listings back to back, short enough that what no digest sees (a D-Bus name
// appearing, a GPU driver loading) shows up soon.
inline constexpr std::chrono::seconds kProbeReuseWindow{30};

// A digest (hex) of what probes depend on besides the plugin file; `settings_json` is what the
// workers get on stdin (encode_worker_settings).
std::string probe_context(const std::string &settings_json);

}  // namespace pfhost::core
