// A listener's ADDR:PORT as given on the command line or in host.toml ("127.0.0.1:9710",
// "[::1]:9710", "localhost:0", "0.0.0.0:9710"); port 0 lets the system pick a free one.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

struct sockaddr_storage;

namespace pfhost::core::serve {

struct ListenAddress {
  std::string host;  // numeric IPv4 or IPv6 (no brackets); "localhost" reads as 127.0.0.1
  uint16_t port = 0;
  bool ipv6 = false;

  // "127.0.0.1:9710" / "[::1]:9710"
  std::string text() const;
  // 127.0.0.0/8 or ::1: only this machine can connect.
  bool loopback() const;
};

// Throws std::invalid_argument naming `field` and the expected form.
ListenAddress parse_listen_address(std::string_view text, std::string_view field);

// The socket address for bind(); returns its length.
unsigned to_sockaddr(const ListenAddress &address, sockaddr_storage &out);
// The numeric "host:port" of a peer's socket address (for logs and the session list).
std::string peer_text(const void *sockaddr_in_or_in6);
// The port of a bound socket address.
uint16_t port_of(const sockaddr_storage &address);

}  // namespace pfhost::core::serve
