#include "serve/http_client.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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

void send_all(int fd, const std::string &data) {
  size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw std::runtime_error(std::string("sending to the API failed: ") + std::strerror(errno));
    sent += static_cast<size_t>(n);
  }
}

}  // namespace

HttpResult http_request(const ListenAddress &address, const std::string &method,
                        const std::string &target, const std::string &token,
                        const std::string &body) {
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
  std::string request =
      method + " " + target + " HTTP/1.1\r\nHost: " + address.text() + "\r\nConnection: close\r\n";
  if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
  if (!body.empty() || method == "PUT" || method == "POST") {
    request +=
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  request += "\r\n" + body;
  send_all(socket.fd(), request);

  std::string reply;
  char chunk[4096];
  for (;;) {
    const ssize_t n = ::recv(socket.fd(), chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
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
    throw std::runtime_error("the answer on " + address.text() + " is not HTTP");
  }
  HttpResult result;
  result.status = static_cast<unsigned>(std::stoul(reply.substr(9, 3)));
  result.body = reply.substr(header_end + 4);
  return result;
}

}  // namespace pfhost::core::serve
