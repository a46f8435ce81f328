#include "serve/http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "logging/log.hpp"

namespace pfhost::core::serve {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr size_t kMaxBody = 64 * 1024;                      // policy changes are a few bytes
constexpr auto kRequestTimeout = std::chrono::seconds(10);  // a stalled client gives up its slot

// One connection: read one request, answer it, close.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, const RequestHandler &handler)
      : stream_(std::move(socket)), handler_(handler) {}

  void start() {
    parser_.body_limit(kMaxBody);
    stream_.expires_after(kRequestTimeout);
    http::async_read(
        stream_, buffer_, parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
  }

 private:
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
    ApiResponse response;
    try {
      response = handler_(request);
    } catch (const std::exception &e) {
      log::error("API " + request.method + " " + request.target + " failed: " + e.what());
      response = ApiResponse{500, "application/json",
                             R"({"error":{"code":"internal","message":"see the host log"}})"};
    }
    respond(std::move(response));
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
      beast::error_code ignored;
      self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    });
  }

  beast::tcp_stream stream_;
  const RequestHandler &handler_;
  beast::flat_buffer buffer_;
  http::request_parser<http::string_body> parser_;
  http::response<http::string_body> response_;
};

}  // namespace

struct HttpServer::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  RequestHandler handler;
  ListenAddress bound;
  std::thread thread;

  void accept() {
    acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) std::make_shared<Connection>(std::move(socket), handler)->start();
      accept();
    });
  }
};

HttpServer::HttpServer(const ListenAddress &address, RequestHandler handler)
    : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
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
}

const ListenAddress &HttpServer::bound() const {
  return impl_->bound;
}

}  // namespace pfhost::core::serve
