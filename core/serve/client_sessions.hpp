// The sessions of a serving host: one per connected client, each on its own thread, all built by
// the one Pipeline (so the registry's keep-alive, reuse and eviction apply across them). A
// session ends when its client leaves (the sink's write fails), when it is stopped by id (the
// management API's kick), or when the host stops; its display then lingers per keep_alive.
//
// Thread-safe. The destructor stops every session and waits for each to be torn down.
#pragma once

#include <pfhost/display.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "output/packet_sink.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/stream_request.hpp"
#include "session/session_stats.hpp"

namespace pfhost::core::serve {

// Who a session serves, as the listener that admitted it saw them.
struct ClientLabel {
  std::string client;     // the name in the request; labels the display
  std::string transport;  // "srt", "websocket"
  std::string peer;       // "127.0.0.1:40312"
};

struct ClientSessionInfo {
  uint64_t id = 0;
  ClientLabel label;
  pfhost_mode mode{};
  uint32_t codec = 0;  // pfhost_codec
  std::chrono::system_clock::time_point started;
  std::string state;             // "starting" (display and capture being set up) | "streaming"
  std::optional<uint64_t> slot;  // the registry slot of its display, once it has one
  SessionStats stats;            // zero until streaming
};

class ClientSessions {
 public:
  // `max_sessions` == 0: no limit.
  ClientSessions(Pipeline &pipeline, uint32_t max_sessions);
  ~ClientSessions();
  ClientSessions(const ClientSessions &) = delete;
  ClientSessions &operator=(const ClientSessions &) = delete;

  // Whether another session may start now (the listener asks before admitting a caller).
  bool has_room() const;
  // Starts a session for `request` writing to `sink` on a thread of its own; returns its id.
  // Failures to start are logged (and the sink closed); they never throw here.
  uint64_t start(ClientLabel label, StreamRequest request, std::unique_ptr<PacketSink> sink);
  std::vector<ClientSessionInfo> list() const;
  // Ends one session (its output is finished); false when there is no such session.
  bool stop(uint64_t id);
  // The session's next frame is encoded as a keyframe (a browser's decoder failed, or it fell
  // behind); false when there is no such session.
  bool request_keyframe(uint64_t id);
  // Ends every session and waits until all are torn down.
  void stop_all();

 private:
  struct Running;
  void run_one(const std::shared_ptr<Running> &running, StreamRequest request,
               std::unique_ptr<PacketSink> sink);
  // Joins the threads of sessions that have ended. Caller holds mutex_.
  void reap_locked();

  Pipeline &pipeline_;
  uint32_t max_sessions_;
  mutable std::mutex mutex_;
  uint64_t next_id_ = 1;
  std::vector<std::shared_ptr<Running>> running_;
  std::vector<std::shared_ptr<Running>> finished_;  // threads to join
};

}  // namespace pfhost::core::serve
