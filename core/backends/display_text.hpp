// Short human-readable renderings for log lines and errors ("1280x720@59.94", "10s").
#pragma once

#include <pfhost/abi.h>

#include <chrono>
#include <string>

namespace pfhost::core {

// "WIDTHxHEIGHT@HZ" with the refresh in hertz, decimals only when needed (59940 mHz -> "59.94").
std::string mode_text(const pfhost_mode &mode);

// "250ms", "10s", "1.5s", "2m30s": how long a display will linger.
std::string duration_text(std::chrono::milliseconds d);

inline bool same_mode(const pfhost_mode &a, const pfhost_mode &b) {
  return a.width == b.width && a.height == b.height && a.refresh_millihz == b.refresh_millihz;
}

}  // namespace pfhost::core
