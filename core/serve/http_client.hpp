// A minimal HTTP/1.1 client for `pfhost ctl`: one request per connection to the host's own API
// (plain sockets; the answers are small JSON documents and the server closes after each).
#pragma once

#include <stdexcept>
#include <string>

#include "serve/listen_address.hpp"

namespace pfhost::core::serve {

// Nothing listens at the address: the host is not running (or listens elsewhere).
class HostNotRunning : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct HttpResult {
  unsigned status = 0;
  std::string body;
};

// Throws HostNotRunning when the connection is refused, std::runtime_error for anything else
// (timeout after 10 s, a reply that is not HTTP).
HttpResult http_request(const ListenAddress &address, const std::string &method,
                        const std::string &target, const std::string &token,
                        const std::string &body = {});

}  // namespace pfhost::core::serve
