// The conversation between the host and a probe worker. The host writes the plugins' config
// tables to the worker's stdin as one JSON document; the worker answers with one JSON event per
// line on stdout, each written (and so delivered) as soon as it happens. Because the descriptor
// comes first and every plugin call is announced ("begin") before it is made, a worker that dies
// mid-probe still leaves the descriptor and the name of the call it died in.
#pragma once

#include <pfhost/abi.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/host_config.hpp"
#include "loader/plugin_records.hpp"

namespace pfhost::core {

// stdin: {"plugins": {"<plugin>": {"<key>": value, ...}, ...}}. Value types round-trip exactly
// (string, integer, float, bool).
std::string encode_worker_settings(const std::map<std::string, PluginSettings> &plugins);
// Throws std::runtime_error on malformed input.
std::map<std::string, PluginSettings> decode_worker_settings(std::string_view text);

// The plugin call a worker is in.
struct WorkerPhase {
  std::string call;     // "load" | "entry" | "descriptor" | "init" | "probe" | "query_caps"
  std::string backend;  // for probe / query_caps

  // "in probe of backend 'x'", "in pfhost_plugin_entry", "while loading the library", ...
  std::string describe() const;
};

struct BackendProbeReport {
  pfhost_status status = PFHOST_E_INTERNAL;
  std::string reason;
  std::optional<pfhost_status> caps_status;  // encoders that probed OK
  std::string caps_reason;
  std::optional<EncoderCaps> caps;
};

// Everything a worker said, accumulated event by event.
struct WorkerReport {
  std::optional<std::string> rejected;  // the plugin cannot be used at all
  bool rejected_cacheable = false;      // the verdict depends only on the file
  std::optional<DescriptorInfo> descriptor;
  std::optional<std::string> init_failure;
  std::map<std::string, BackendProbeReport> probes;
  std::optional<WorkerPhase> open_phase;  // a call announced and not answered yet
  bool done = false;
  std::string protocol_error;             // first unparseable line, if any
  std::vector<std::string> probe_events;  // the probe and caps lines, kept for the cache
};

// Applies one line of worker output. Unparseable lines are remembered, not fatal.
void apply_worker_line(WorkerReport &report, std::string_view line);

// Worker side: one event per call, each a complete line.
namespace worker_events {
std::string begin(std::string_view call, std::string_view backend = {});
std::string rejected(std::string_view reason, bool cacheable);
std::string descriptor(const DescriptorInfo &descriptor);
std::string init_failed(pfhost_status status, std::string_view reason);
std::string probe(std::string_view backend, pfhost_status status, std::string_view reason);
std::string caps(std::string_view backend, pfhost_status status, std::string_view reason,
                 const std::optional<EncoderCaps> &caps);
std::string done();
}  // namespace worker_events

}  // namespace pfhost::core
