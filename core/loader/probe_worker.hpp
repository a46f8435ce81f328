// The child side of isolated probing: `pfhost-probe-worker --probe-worker PLUGIN_PATH` (a small
// executable beside pfhost, like GStreamer's gst-plugin-scanner; pfhost itself as a fallback). The
// worker loads one plugin, validates its descriptor, calls init with real host services, probes
// each backend, asks encoders that probed OK for their capabilities, and reports every step as a
// line of JSON (probe_protocol.hpp). If the plugin crashes or hangs, only this process dies.
#pragma once

#include <filesystem>

namespace pfhost::core {

// Runs the worker in this process: reads the settings document from stdin (fd 0), writes events
// to what was stdout (fd 1) and points fd 1 at stderr for the plugin's own prints, so nothing a
// plugin prints can corrupt the event stream. Returns the process exit code; the caller should
// leave with _exit() so no plugin static destructor runs.
int run_probe_worker(const std::filesystem::path &plugin_path);

}  // namespace pfhost::core
