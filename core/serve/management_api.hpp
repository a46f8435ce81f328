// The management API's logic: routing, the bearer token, the Host check and JSON errors, free of
// any HTTP library (http_server.cpp carries the requests here). Routes, all under /api/v1:
//
//   GET    /health                    no token needed: {"status": "ok" | "starting"}
//   GET    /displays, /displays/{slot}
//   POST   /displays/{slot}/release   200 released; 409 while sessions use it; 404 no such slot
//   POST   /displays/release          every kept display (active ones are listed as refused)
//   GET    /sessions
//   DELETE /sessions/{id}             ends that client's stream
//   GET    /policy, PUT /policy       keep_alive, max_displays, sharing (for new sessions)
//   GET    /backends                  what `pfhost --list-backends --json` reports
//   GET    /stream?mode=WxH@Hz&client=NAME   a WebSocket upgrade: the browser stream; the token
//                                     comes as the subprotocol "bearer.<token>" (a browser cannot
//                                     set headers on a WebSocket)
// and, without a token (they hold no data; they ask for the token): GET / and GET /view.
//
// The API is up before the host has probed its plugins: until attach(), everything but health
// answers 503 "starting". Thread-safe; detach() waits for requests in flight.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "display/display_registry.hpp"
#include "serve/api_types.hpp"
#include "serve/client_sessions.hpp"
#include "serve/message_channel.hpp"
#include "serve/stream_id.hpp"

namespace pfhost::core::serve {

struct ApiAccess {
  std::string token;  // every request but health must carry "Authorization: Bearer <token>"
  // Names the Host header may carry (with or without a port), besides the loopback names
  // (localhost, 127.0.0.1, [::1]): a browser tricked by DNS rebinding sends a foreign name.
  std::vector<std::string> allowed_hosts;
};

// Starts a browser's session on an open WebSocket; returns what takes the page's text messages.
using BrowserStreamOpener = std::function<std::function<void(const std::string &)>(
    const ClientRequest &, const std::string &peer, std::shared_ptr<MessageChannel>)>;

class ManagementApi {
 public:
  explicit ManagementApi(ApiAccess access);

  // What the API reads and changes, once the host has set it up; all must outlive detach().
  void attach(DisplayRegistry &displays, ClientSessions &sessions, std::string backends_json,
              BrowserStreamOpener open_browser_stream);
  void detach();

  ApiResponse handle(const ApiRequest &request) const;

  // A WebSocket upgrade to /api/v1/stream: nullopt when it may proceed, else the refusal (403
  // Host or Origin, 401 token, 400 streamid-style query, 503 starting or full).
  std::optional<ApiResponse> check_stream(const ApiRequest &request) const;
  // The upgrade is done: starts the session. Returns what takes the page's text messages.
  std::function<void(const std::string &)> open_stream(const ApiRequest &request,
                                                       std::shared_ptr<MessageChannel> channel);

 private:
  bool host_allowed(const std::string &host) const;
  ApiResponse route(const ApiRequest &request, const std::vector<std::string> &path) const;
  ApiResponse release(const std::string &slot_text) const;

  ApiAccess access_;
  mutable std::shared_mutex mutex_;  // readers: requests; writer: attach/detach
  DisplayRegistry *displays_ = nullptr;
  ClientSessions *sessions_ = nullptr;
  std::string backends_json_;
  BrowserStreamOpener open_browser_stream_;
};

}  // namespace pfhost::core::serve
