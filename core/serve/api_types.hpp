// One HTTP request and response as the management API sees them, free of any HTTP library: the
// API's logic is tested with these directly, and only http_server.cpp speaks Boost.Beast.
#pragma once

#include <string>

namespace pfhost::core::serve {

struct ApiRequest {
  std::string method;         // "GET", "POST", "PUT", "DELETE"
  std::string target;         // "/api/v1/displays/3?x=y"
  std::string host;           // the Host header
  std::string authorization;  // the Authorization header
  std::string body;
  std::string origin;     // the Origin header (browsers send it with a WebSocket upgrade)
  std::string protocols;  // Sec-WebSocket-Protocol: a browser's only way to pass the token
  std::string peer;       // "127.0.0.1:40312"
};

struct ApiResponse {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
};

}  // namespace pfhost::core::serve
