// One message-based client connection (a browser's WebSocket), as the host sees it: the HTTP
// library stays behind http_server.cpp. Sending never blocks: messages queue, and the sender
// reads the backlog to decide what a slow client can skip.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pfhost::core::serve {

class MessageChannel {
 public:
  virtual ~MessageChannel() = default;
  // Queues one binary message; false once the connection is closed. Any thread.
  virtual bool send(std::vector<uint8_t> message) = 0;
  // Messages queued and not yet written. Any thread.
  virtual size_t backlog() const = 0;
  // Closes the connection normally (idempotent). Any thread.
  virtual void close() = 0;
};

}  // namespace pfhost::core::serve
