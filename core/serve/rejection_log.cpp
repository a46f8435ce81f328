#include "serve/rejection_log.hpp"

#include <algorithm>

namespace pfhost::core::serve {

std::optional<std::string> RejectionLog::note(const std::string &key, const std::string &message,
                                              Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it != entries_.end() && now - it->second.logged_at < quiet_period_) {
    ++it->second.suppressed;
    return std::nullopt;
  }
  std::string line = message;
  if (it != entries_.end() && it->second.suppressed > 0) {
    line += " (refused " + std::to_string(it->second.suppressed) + " more time(s) since last said)";
  }
  if (it == entries_.end()) {
    // Bounded: a scan of random streamids must not grow memory. The oldest entry goes first.
    if (entries_.size() >= max_keys_) {
      entries_.erase(std::min_element(
          entries_.begin(), entries_.end(),
          [](const auto &a, const auto &b) { return a.second.logged_at < b.second.logged_at; }));
    }
    it = entries_.emplace(key, Entry{}).first;
  }
  it->second = Entry{now, 0};
  return line;
}

}  // namespace pfhost::core::serve
