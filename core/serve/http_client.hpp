// A minimal HTTP/1.1 client for `pfhost ctl`: one request per connection to the host's own API
// (the answers are small JSON documents and the server closes after each). Over TLS the host's
// certificate is pinned: its SHA-256 fingerprint must be the expected one (no CA is consulted,
// and nothing else is trusted).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

#include "serve/listen_address.hpp"

namespace pfhost::core::serve {

// Nothing listens at the address: the host is not running (or listens elsewhere).
class HostNotRunning : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The certificate a TLS host must present.
struct TlsPin {
  std::string fingerprint;  // "AB:CD:..." (normalized_fingerprint)
  std::string source;       // where it came from, for errors: "the certificate /x/cert.pem"
};

struct HttpResult {
  unsigned status = 0;
  std::string body;
};

// Throws HostNotRunning when the connection is refused, std::runtime_error for anything else
// (timeout after 10 s, a reply that is not HTTP, a TLS host whose certificate is not `tls`).
HttpResult http_request(const ListenAddress &address, const std::string &method,
                        const std::string &target, const std::string &token,
                        const std::string &body = {}, const std::optional<TlsPin> &tls = {});

}  // namespace pfhost::core::serve
