#include "serve/http_client.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "serve/tls_material.hpp"

namespace pfhost::core::serve {
namespace {

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket &) = delete;
  Socket &operator=(const Socket &) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

// Bytes to and from the host: the socket itself, or TLS over it.
class Channel {
 public:
  virtual ~Channel() = default;
  virtual ssize_t send(const char *data, size_t size) = 0;
  virtual ssize_t receive(char *data, size_t size) = 0;  // 0: the host closed
};

class PlainChannel final : public Channel {
 public:
  explicit PlainChannel(int fd) : fd_(fd) {}
  ssize_t send(const char *data, size_t size) override {
    ssize_t n;
    do n = ::send(fd_, data, size, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    return n;
  }
  ssize_t receive(char *data, size_t size) override {
    ssize_t n;
    do n = ::recv(fd_, data, size, 0);
    while (n < 0 && errno == EINTR);
    return n;
  }

 private:
  int fd_;
};

// TLS whose peer must present the pinned certificate; checked right after the handshake, before
// the token is sent.
class TlsChannel final : public Channel {
 public:
  TlsChannel(int fd, const TlsPin &pin, const std::string &where)
      : context_(SSL_CTX_new(TLS_client_method()), SSL_CTX_free), ssl_(nullptr, SSL_free) {
    if (!context_) throw std::runtime_error("cannot set up TLS (OpenSSL)");
    SSL_CTX_set_min_proto_version(context_.get(), TLS1_2_VERSION);
    // The peer is checked by its pinned fingerprint below, not by a CA chain.
    SSL_CTX_set_verify(context_.get(), SSL_VERIFY_NONE, nullptr);
    ssl_.reset(SSL_new(context_.get()));
    SSL_set_fd(ssl_.get(), fd);
    if (SSL_connect(ssl_.get()) != 1) {
      throw std::runtime_error("no TLS handshake with the API on " + where +
                               " (does the host serve plain http? then its config has no "
                               "tls_cert and it listens on loopback)");
    }
    X509 *peer = SSL_get1_peer_certificate(ssl_.get());
    if (peer == nullptr) throw std::runtime_error("the API on " + where + " sent no certificate");
    unsigned char *der = nullptr;
    const int length = i2d_X509(peer, &der);
    X509_free(peer);
    const std::string fingerprint =
        der_fingerprint(std::string_view(reinterpret_cast<const char *>(der), length));
    OPENSSL_free(der);
    if (fingerprint != pin.fingerprint) {
      throw std::runtime_error("the API on " + where + " presents the certificate " + fingerprint +
                               ", not " + pin.source + " (" + pin.fingerprint +
                               "); refusing to send the token to it");
    }
  }
  ssize_t send(const char *data, size_t size) override {
    return SSL_write(ssl_.get(), data, static_cast<int>(size));
  }
  ssize_t receive(char *data, size_t size) override {
    const int n = SSL_read(ssl_.get(), data, static_cast<int>(size));
    if (n > 0) return n;
    const int error = SSL_get_error(ssl_.get(), n);
    // A close without close_notify still ends the answer: it carries Content-Length.
    return error == SSL_ERROR_ZERO_RETURN || error == SSL_ERROR_SYSCALL ? 0 : -1;
  }

 private:
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> context_;
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl_;
};

void send_all(Channel &channel, const std::string &data) {
  size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = channel.send(data.data() + sent, data.size() - sent);
    if (n <= 0)
      throw std::runtime_error(std::string("sending to the API failed: ") + std::strerror(errno));
    sent += static_cast<size_t>(n);
  }
}

}  // namespace

HttpResult http_request(const ListenAddress &address, const std::string &method,
                        const std::string &target, const std::string &token,
                        const std::string &body, const std::optional<TlsPin> &tls) {
  sockaddr_storage sa{};
  const unsigned length = to_sockaddr(address, sa);
  Socket socket(::socket(sa.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (socket.fd() < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  const timeval timeout{10, 0};
  ::setsockopt(socket.fd(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(socket.fd(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  if (::connect(socket.fd(), reinterpret_cast<sockaddr *>(&sa), length) != 0) {
    const int err = errno;
    if (err == ECONNREFUSED || err == ENOENT) {
      throw HostNotRunning("no pfhost serve answers on " + address.text() +
                           " (start one with `pfhost serve`, or pass --api ADDR:PORT)");
    }
    throw std::runtime_error("cannot reach the API on " + address.text() + ": " +
                             std::strerror(err));
  }
  std::unique_ptr<Channel> channel;
  if (tls) {
    channel = std::make_unique<TlsChannel>(socket.fd(), *tls, address.text());
  } else {
    channel = std::make_unique<PlainChannel>(socket.fd());
  }
  std::string request =
      method + " " + target + " HTTP/1.1\r\nHost: " + address.text() + "\r\nConnection: close\r\n";
  if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
  if (!body.empty() || method == "PUT" || method == "POST") {
    request +=
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  request += "\r\n" + body;
  send_all(*channel, request);

  std::string reply;
  char chunk[4096];
  for (;;) {
    const ssize_t n = channel->receive(chunk, sizeof chunk);
    if (n < 0) {
      throw std::runtime_error("no answer from the API on " + address.text() + ": " +
                               std::strerror(errno));
    }
    if (n == 0) break;
    reply.append(chunk, static_cast<size_t>(n));
  }
  // "HTTP/1.1 200 OK\r\n...\r\n\r\nBODY" (the server sends Content-Length and closes).
  const size_t header_end = reply.find("\r\n\r\n");
  if (!reply.starts_with("HTTP/1.") || reply.size() < 12 || header_end == std::string::npos) {
    throw std::runtime_error("the answer on " + address.text() + " is not HTTP" +
                             (tls ? "" : " (does the host serve https? give ctl its --config)"));
  }
  HttpResult result;
  result.status = static_cast<unsigned>(std::stoul(reply.substr(9, 3)));
  result.body = reply.substr(header_end + 4);
  return result;
}

}  // namespace pfhost::core::serve
