#include "serve/http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <chrono>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "logging/log.hpp"

namespace pfhost::core::serve {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
template <class Stream>
constexpr bool kIsTls = std::is_same_v<Stream, TlsStream>;

constexpr size_t kMaxBody = 64 * 1024;                      // policy changes are a few bytes
constexpr auto kRequestTimeout = std::chrono::seconds(10);  // a stalled client gives up its slot
// Requests are answered off the I/O thread, so a slow one (a release tearing a display down)
// holds neither the listener nor WebSockets nor the other requests.
constexpr int kRequestWorkers = 4;

const std::string kInternalError = R"({"error":{"code":"internal","message":"see the host log"}})";

// A WebSocket after the upgrade: a queue of binary messages written one at a time on the I/O
// thread, and a read loop handing text messages to the handler.
template <class Stream>
class WebSocketConnection final : public MessageChannel,
                                  public std::enable_shared_from_this<WebSocketConnection<Stream>> {
  using std::enable_shared_from_this<WebSocketConnection<Stream>>::shared_from_this;

 public:
  explicit WebSocketConnection(Stream stream) : ws_(std::move(stream)) {}

  void accept(http::request<http::string_body> request, const WebSocketRoutes &routes,
              ApiRequest seen) {
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.set_option(websocket::stream_base::decorator(
        [protocol = routes.protocol](websocket::response_type &response) {
          response.set(http::field::server, "pfhost");
          if (!protocol.empty()) response.set(http::field::sec_websocket_protocol, protocol);
        }));
    ws_.binary(true);
    ws_.async_accept(request, [self = shared_from_this(), &routes,
                               seen = std::move(seen)](beast::error_code ec) {
      if (ec) {
        self->closed_.store(true);
        return;
      }
      try {
        self->on_text_ = routes.open(seen, self);
      } catch (const std::exception &e) {
        log::error("WebSocket " + seen.target + ": " + e.what());
        self->close();
        return;
      }
      self->read();
    });
  }

  bool send(std::vector<uint8_t> message) override {
    if (closed_.load()) return false;
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(message));
    if (!writing_) {
      writing_ = true;
      asio::post(ws_.get_executor(), [self = shared_from_this()] { self->write_next(); });
    }
    return true;
  }

  size_t backlog() const override {
    std::lock_guard lock(mutex_);
    return queue_.size();
  }

  void close() override {
    if (closed_.exchange(true)) return;
    asio::post(ws_.get_executor(), [self = shared_from_this()] {
      self->ws_.async_close(websocket::close_code::normal, [self](beast::error_code) {});
    });
  }

 private:
  void write_next() {
    const std::vector<uint8_t> *front = nullptr;
    {
      std::lock_guard lock(mutex_);
      if (queue_.empty() || closed_.load()) {
        writing_ = false;
        return;
      }
      front = &queue_.front();  // deque elements stay put while others are appended
    }
    ws_.async_write(asio::buffer(*front),
                    [self = shared_from_this()](beast::error_code ec, size_t) {
                      std::lock_guard lock(self->mutex_);
                      self->queue_.pop_front();
                      if (ec) {
                        self->closed_.store(true);
                        self->queue_.clear();
                        self->writing_ = false;
                        return;
                      }
                      asio::post(self->ws_.get_executor(), [self] { self->write_next(); });
                    });
  }

  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) {
        self->closed_.store(true);
        return;
      }
      if (self->ws_.got_text() && self->on_text_) {
        self->on_text_(beast::buffers_to_string(self->buffer_.data()));
      }
      self->buffer_.consume(self->buffer_.size());
      self->read();
    });
  }

  websocket::stream<Stream> ws_;
  beast::flat_buffer buffer_;
  TextHandler on_text_;
  mutable std::mutex mutex_;
  std::deque<std::vector<uint8_t>> queue_;
  bool writing_ = false;
  std::atomic<bool> closed_{false};
};

// What every connection shares: the handlers and the threads requests are answered on.
struct Routes {
  RequestHandler handler;
  WebSocketRoutes websockets;
  asio::thread_pool workers{kRequestWorkers};
};

// One connection: (TLS handshake,) read one request, answer it, close (or hand it over as a
// WebSocket).
template <class Stream>
class Connection : public std::enable_shared_from_this<Connection<Stream>> {
  using std::enable_shared_from_this<Connection<Stream>>::shared_from_this;

 public:
  Connection(Stream stream, Routes &routes) : stream_(std::move(stream)), routes_(routes) {}

  void start() {
    parser_.body_limit(kMaxBody);
    beast::get_lowest_layer(stream_).expires_after(kRequestTimeout);
    if constexpr (kIsTls<Stream>) {
      stream_.async_handshake(ssl::stream_base::server,
                              [self = shared_from_this()](beast::error_code ec) {
                                if (!ec) self->read();  // not TLS: nothing is answered
                              });
    } else {
      read();
    }
  }

 private:
  void read() {
    http::async_read(
        stream_, buffer_, parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      respond(ApiResponse{413, "application/json",
                          R"({"error":{"code":"too_large","message":"the body is over 64 KiB"}})"});
      return;
    }
    if (ec) return;  // closed, timed out or not HTTP: nothing to answer
    const auto &req = parser_.get();
    ApiRequest request;
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    request.host = std::string(req[http::field::host]);
    request.authorization = std::string(req[http::field::authorization]);
    request.body = req.body();
    request.origin = std::string(req[http::field::origin]);
    request.protocols = std::string(req[http::field::sec_websocket_protocol]);
    beast::error_code peer_ec;
    const tcp::endpoint peer = beast::get_lowest_layer(stream_).socket().remote_endpoint(peer_ec);
    if (!peer_ec) request.peer = peer.address().to_string() + ":" + std::to_string(peer.port());
    if (websocket::is_upgrade(req) && routes_.websockets.check) {
      std::optional<ApiResponse> refusal;
      try {
        refusal = routes_.websockets.check(request);
      } catch (const std::exception &e) {
        refusal = ApiResponse{500, "application/json", kInternalError};
        log::error("WebSocket " + request.target + " failed: " + e.what());
      }
      if (!refusal) {
        std::make_shared<WebSocketConnection<Stream>>(std::move(stream_))
            ->accept(parser_.release(), routes_.websockets, std::move(request));
        return;
      }
      respond(std::move(*refusal));
      return;
    }
    asio::post(routes_.workers, [self = shared_from_this(), request = std::move(request)] {
      ApiResponse response;
      try {
        response = self->routes_.handler(request);
      } catch (const std::exception &e) {
        log::error("API " + request.method + " " + request.target + " failed: " + e.what());
        response = ApiResponse{500, "application/json", kInternalError};
      }
      asio::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
        self->respond(std::move(response));
      });
    });
  }

  void respond(ApiResponse response) {
    response_.result(response.status);
    response_.version(11);
    response_.set(http::field::server, "pfhost");
    response_.set(http::field::content_type, response.content_type);
    response_.set(http::field::cache_control, "no-store");
    if (response.status == 401) response_.set(http::field::www_authenticate, "Bearer");
    response_.keep_alive(false);
    response_.body() = std::move(response.body);
    response_.prepare_payload();
    http::async_write(stream_, response_, [self = shared_from_this()](beast::error_code, size_t) {
      if constexpr (kIsTls<Stream>) {
        // close_notify; the request timeout still bounds a client that never answers it.
        self->stream_.async_shutdown([self](beast::error_code) {});
      } else {
        beast::error_code ignored;
        self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      }
    });
  }

  Stream stream_;
  Routes &routes_;
  beast::flat_buffer buffer_;
  http::request_parser<http::string_body> parser_;
  http::response<http::string_body> response_;
};

// TLS 1.2 or later with the host's certificate and key (PEM held in memory).
std::unique_ptr<ssl::context> tls_context(const TlsMaterial &material) {
  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                       ssl::context::single_dh_use);
  beast::error_code ec;
  context->use_certificate_chain(asio::buffer(material.certificate_pem), ec);
  if (!ec) context->use_private_key(asio::buffer(material.private_key_pem), ssl::context::pem, ec);
  if (ec) {
    throw std::runtime_error("TLS refused the certificate " + material.certificate_file.string() +
                             " or its key: " + ec.message());
  }
  return context;
}

}  // namespace

struct HttpServer::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  Routes routes;
  std::unique_ptr<ssl::context> tls;  // null: plain HTTP (loopback only)
  ListenAddress bound;
  std::thread thread;

  void accept() {
    acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec && tls) {
        std::make_shared<Connection<TlsStream>>(TlsStream(std::move(socket), *tls), routes)
            ->start();
      } else if (!ec) {
        std::make_shared<Connection<PlainStream>>(PlainStream(std::move(socket)), routes)->start();
      }
      accept();
    });
  }
};

HttpServer::HttpServer(const ListenAddress &address, RequestHandler handler,
                       WebSocketRoutes websockets, const std::optional<TlsMaterial> &tls)
    : impl_(std::make_unique<Impl>()) {
  impl_->routes.handler = std::move(handler);
  impl_->routes.websockets = std::move(websockets);
  if (tls) impl_->tls = tls_context(*tls);
  impl_->bound = address;
  beast::error_code ec;
  const tcp::endpoint endpoint(asio::ip::make_address(address.host, ec), address.port);
  if (!ec) impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot listen for the API on " + address.text() + ": " +
                             ec.message());
  }
  impl_->bound.port = impl_->acceptor.local_endpoint().port();
  impl_->accept();
  impl_->thread = std::thread([this] { impl_->io.run(); });
}

HttpServer::~HttpServer() {
  impl_->io.stop();
  impl_->thread.join();
  impl_->routes.workers.join();  // requests in flight finish; their answers are dropped
}

const ListenAddress &HttpServer::bound() const {
  return impl_->bound;
}

std::string HttpServer::url() const {
  return (impl_->tls ? "https://" : "http://") + impl_->bound.text();
}

}  // namespace pfhost::core::serve
