// The HTTP(S) listener of the management API and the web pages: Boost.Beast and Asio's SSL live in
// http_server.cpp only, because each translation unit that includes them costs about 30 s and
// 600 MB to compile. One I/O thread; every request gets a response with "Connection: close",
// except a WebSocket upgrade, which becomes a MessageChannel. With TLS material every connection
// is TLS (TLS 1.2 or later); nothing is answered in the clear.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "serve/api_types.hpp"
#include "serve/listen_address.hpp"
#include "serve/message_channel.hpp"
#include "serve/tls_material.hpp"

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
  // Binds and starts serving now (https when `tls` is given). Throws std::runtime_error naming the
  // address and the reason, or that OpenSSL refused the material.
  HttpServer(const ListenAddress &address, RequestHandler handler, WebSocketRoutes websockets = {},
             const std::optional<TlsMaterial> &tls = std::nullopt);
  ~HttpServer();  // stops serving; connections in flight are closed
  HttpServer(const HttpServer &) = delete;
  HttpServer &operator=(const HttpServer &) = delete;

  // The address actually bound (the port the system picked for port 0).
  const ListenAddress &bound() const;
  // "https://127.0.0.1:9780" or "http://..."
  std::string url() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pfhost::core::serve
