// The one place that turns a StreamRequest into a session ready to run: it checks the whole
// request, chooses the backends (the capturer follows the display actually used, the encoder
// must take the codec), opens the output, acquires a display lease from the registry, opens the
// capture on the display's target and builds the Session. `pfhost stream` runs one; a serving
// host runs many at once through the same object.
//
// Nothing is created before the whole request has been checked: a bad codec, mode, output or
// backend name costs no display. Everything created is owned by the returned session (the display
// through its lease), so a failure part way releases what was made, in reverse order.
//
// Thread-safe: start() may be called from several threads at once (the catalog and the registry
// are thread-safe). No globals, no signal handling: stopping a session is the caller's business
// (Session::request_stop()).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "config/host_config.hpp"
#include "display/display_registry.hpp"
#include "loader/plugin_catalog.hpp"
#include "loader/plugin_discovery.hpp"
#include "output/packet_sink.hpp"
#include "pipeline/stream_request.hpp"
#include "session/session.hpp"

namespace pfhost::core {

// The backends a request will use. `display` is empty when the request names a PipeWire node.
struct ChosenBackends {
  std::string display;
  std::string capture;
  std::string encoder;
};

// What the caller wants to hear from the session it starts.
struct SessionHooks {
  // Called from Session::run()'s thread about once a second.
  std::function<void(const SessionStats &)> on_progress;
  // When it reads true, blocked network I/O of the built-in output (an SRT connect, a full
  // socket) gives up. It is for abandoning a connection, not for stopping: a stopped session
  // still finishes its output (trailer written, file playable).
  const std::atomic<bool> *abandon_io = nullptr;
};

struct StartedSession {
  std::unique_ptr<Session> session;  // not running yet: call run()
  ChosenBackends backends;
  // The registry slot of the session's display; unset when it captures a PipeWire node.
  std::optional<uint64_t> display_slot;
};

class Pipeline {
 public:
  // All four must outlive the pipeline and every session it starts (the registry outlives the
  // sessions' leases by contract: declare it first).
  Pipeline(const HostConfig &config, const PluginInventory &inventory, PluginCatalog &catalog,
           DisplayRegistry &displays);

  // Checks the request and chooses its backends; creates nothing. Throws RequestError.
  ChosenBackends check(const StreamRequest &request, bool needs_output = true) const;

  // Builds a session for `request`. `sink` replaces the built-in output (request.output) when
  // given, e.g. one per network client. Throws RequestError for a bad request (nothing created),
  // OutputError, PluginLoadError, DisplayError or BackendError for what failed while building.
  StartedSession start(const StreamRequest &request, const SessionHooks &hooks = {},
                       std::unique_ptr<PacketSink> sink = nullptr);

 private:
  const HostConfig &config_;
  const PluginInventory &inventory_;
  PluginCatalog &catalog_;
  DisplayRegistry &displays_;
};

}  // namespace pfhost::core
