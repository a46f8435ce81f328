#include "serve/listen_address.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <charconv>
#include <cstring>

namespace pfhost::core::serve {

std::string ListenAddress::text() const {
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

bool ListenAddress::loopback() const {
  if (ipv6) return host == "::1";
  in_addr addr{};
  return inet_pton(AF_INET, host.c_str(), &addr) == 1 && (ntohl(addr.s_addr) >> 24) == 127;
}

ListenAddress parse_listen_address(std::string_view text, std::string_view field) {
  const auto bad = [&](const std::string &why) {
    return std::invalid_argument(std::string(field) + " '" + std::string(text) + "': " + why +
                                 " (expected ADDR:PORT, e.g. 127.0.0.1:9710 or [::1]:0)");
  };
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) throw bad("no port");
  ListenAddress out;
  std::string_view host = text.substr(0, colon);
  const std::string_view port = text.substr(colon + 1);
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value > 65535) {
    throw bad("the port must be a number 0..65535");
  }
  out.port = static_cast<uint16_t>(value);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    out.ipv6 = true;
    host = host.substr(1, host.size() - 2);
  }
  out.host = host == "localhost" ? "127.0.0.1" : std::string(host);
  unsigned char buffer[sizeof(in6_addr)];
  if (inet_pton(out.ipv6 ? AF_INET6 : AF_INET, out.host.c_str(), buffer) != 1) {
    throw bad(out.ipv6 ? "not a numeric IPv6 address" : "not a numeric IPv4 address or localhost");
  }
  return out;
}

unsigned to_sockaddr(const ListenAddress &address, sockaddr_storage &out) {
  std::memset(&out, 0, sizeof out);
  if (address.ipv6) {
    auto *in6 = reinterpret_cast<sockaddr_in6 *>(&out);
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(address.port);
    inet_pton(AF_INET6, address.host.c_str(), &in6->sin6_addr);
    return sizeof(sockaddr_in6);
  }
  auto *in = reinterpret_cast<sockaddr_in *>(&out);
  in->sin_family = AF_INET;
  in->sin_port = htons(address.port);
  inet_pton(AF_INET, address.host.c_str(), &in->sin_addr);
  return sizeof(sockaddr_in);
}

std::string peer_text(const void *address) {
  if (address == nullptr) return "unknown peer";
  char text[INET6_ADDRSTRLEN] = {};
  const auto *generic = static_cast<const sockaddr *>(address);
  if (generic->sa_family == AF_INET6) {
    const auto *in6 = static_cast<const sockaddr_in6 *>(address);
    inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
    return "[" + std::string(text) + "]:" + std::to_string(ntohs(in6->sin6_port));
  }
  const auto *in = static_cast<const sockaddr_in *>(address);
  inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
  return std::string(text) + ":" + std::to_string(ntohs(in->sin_port));
}

uint16_t port_of(const sockaddr_storage &address) {
  if (address.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6 *>(&address)->sin6_port);
  }
  return ntohs(reinterpret_cast<const sockaddr_in *>(&address)->sin_port);
}

}  // namespace pfhost::core::serve
