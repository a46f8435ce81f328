// The HTTP listener of the management API (and later the web page): Boost.Beast lives in
// http_server.cpp only, because each translation unit that includes it costs about 30 s and
// 600 MB to compile. One I/O thread; every request gets a response with "Connection: close",
// except a WebSocket upgrade, which becomes a MessageChannel.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "serve/api_types.hpp"
#include "serve/listen_address.hpp"
#include "serve/message_channel.hpp"

namespace pfhost::core::serve {

using RequestHandler = std::function<ApiResponse(const ApiRequest &)>;
using TextHandler = std::function<void(const std::string &)>;

// WebSocket upgrades (the browser stream).
struct WebSocketRoutes {
  // Decides on an upgrade request: nullopt accepts it; a response refuses it (sent instead).
  std::function<std::optional<ApiResponse>(const ApiRequest &)> check;
  // The connection is open (I/O thread); returns what receives the client's text messages.
  std::function<TextHandler(const ApiRequest &, std::shared_ptr<MessageChannel>)> open;
  std::string protocol;  // the subprotocol the server answers with
};

class HttpServer {
 public:
  // Binds and starts serving now. Throws std::runtime_error naming the address and the reason.
  HttpServer(const ListenAddress &address, RequestHandler handler, WebSocketRoutes websockets = {});
  ~HttpServer();  // stops serving; connections in flight are closed
  HttpServer(const HttpServer &) = delete;
  HttpServer &operator=(const HttpServer &) = delete;

  // The address actually bound (the port the system picked for port 0).
  const ListenAddress &bound() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pfhost::core::serve
