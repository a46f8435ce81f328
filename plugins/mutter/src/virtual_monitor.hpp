// One Mutter virtual monitor: a ScreenCast session with one RecordVirtual stream, on a D-Bus
// connection of its own. Mutter stops a session when the connection that created it closes, so
// the connection (and its event-loop thread, which receives the signals) lives exactly as long as
// this object.
//
//   construct: CreateSession -> RecordVirtual -> subscribe PipeWireStreamAdded -> Start -> node
//   destroy:   Stop -> wait for Closed and for the node to leave PipeWire -> close the connection
//
// Not thread-safe beyond the display ABI's contract: destroy is never concurrent with anything
// else on the same monitor; is_alive may run on any thread.
#pragma once

#include "mutter_settings.hpp"

#include <pfhost/plugin.hpp>

#include <sdbus-c++/IConnection.h>
#include <sdbus-c++/IProxy.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace pfhost::mutter {

struct MonitorRequest {
  pfhost_mode mode{};
  uint32_t cursor_mode = PFHOST_CURSOR_EMBEDDED;
};

class VirtualMonitor {
 public:
  // Creates the monitor and waits (bounded by the settings) for its PipeWire node. Throws
  // pfhost::Error with a sentence naming the step that failed.
  VirtualMonitor(const Settings &settings, const pfhost::Host &host, const MonitorRequest &request);
  // Stops the session and returns once the monitor is gone (or the stop timeout passed, logged).
  ~VirtualMonitor();
  VirtualMonitor(const VirtualMonitor &) = delete;
  VirtualMonitor &operator=(const VirtualMonitor &) = delete;

  uint32_t node_id() const noexcept { return node_id_; }
  // The mode the monitor will have: the requested one (Mutter sizes it from the consumer's
  // negotiation, or from the "modes" list whose preferred entry is this mode).
  const pfhost_mode &mode() const noexcept { return mode_; }
  int32_t api_version() const noexcept { return api_version_; }

  // nullopt while the session is running and its node exists; otherwise why not.
  std::optional<std::string> why_dead();

 private:
  void create(const MonitorRequest &request);
  void watch_mutter_name();
  std::string create_remote_desktop_session();
  void record_virtual(const MonitorRequest &request);
  void start_and_wait_for_node();
  void stop() noexcept;
  void close_connection() noexcept;
  std::string describe() const;

  Settings settings_;
  pfhost::Host host_;
  pfhost_mode mode_{};
  int32_t api_version_ = 0;
  std::string mutter_owner_;  // the unique bus name that owned ScreenCast when we started
  std::string session_path_;
  std::string stream_path_;
  std::string remote_desktop_path_;

  std::unique_ptr<sdbus::IConnection> connection_;
  bool event_loop_running_ = false;
  std::unique_ptr<sdbus::IProxy> bus_proxy_;
  std::unique_ptr<sdbus::IProxy> session_proxy_;
  std::unique_ptr<sdbus::IProxy> stream_proxy_;
  std::unique_ptr<sdbus::IProxy> remote_desktop_proxy_;

  // Written by signal handlers on the connection's event-loop thread.
  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<uint32_t> announced_node_;
  bool session_closed_ = false;
  bool mutter_vanished_ = false;

  uint32_t node_id_ = 0;
};

}  // namespace pfhost::mutter
