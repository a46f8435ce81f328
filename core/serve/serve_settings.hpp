// What `pfhost serve` is told: where to listen and how to admit clients.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace pfhost::core::serve {

struct ServeSettings {
  std::string srt_listen = "127.0.0.1:9710";
  uint32_t srt_latency_ms = 120;
  std::string srt_passphrase;            // empty: unencrypted (loopback only)
  std::optional<std::string> srt_token;  // callers must send it in their streamid
  uint32_t max_sessions = 4;             // 0: no limit
  uint32_t bitrate_kbps = 8000;          // per session
  std::string api_listen = "127.0.0.1:9780";
  std::string api_token_file;  // empty: default_token_file()
};

}  // namespace pfhost::core::serve
