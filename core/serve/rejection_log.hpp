// Rate-limited logging of refused callers. A rejected SRT caller retries about a hundred times a
// second; logging each attempt would flood the log and cost the listen callback time. Each
// distinct rejection (peer address + streamid) is logged once; repeats within the quiet period
// are only counted, and the count is reported with the next line logged for it after the period.
// Thread-safe; pure (time is passed in), so it is tested without waiting.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace pfhost::core::serve {

class RejectionLog {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RejectionLog(std::chrono::milliseconds quiet_period = std::chrono::minutes(1),
                        size_t max_keys = 256)
      : quiet_period_(quiet_period), max_keys_(max_keys) {}

  // The line to log for this rejection now, or nullopt when it repeats one logged within the
  // quiet period. `key` identifies the rejection, `message` says what happened.
  std::optional<std::string> note(const std::string &key, const std::string &message,
                                  Clock::time_point now);

 private:
  struct Entry {
    Clock::time_point logged_at;
    uint64_t suppressed = 0;
  };
  std::chrono::milliseconds quiet_period_;
  size_t max_keys_;
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;
};

}  // namespace pfhost::core::serve
