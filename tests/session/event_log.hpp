// An ordered, thread-safe record of what the fakes saw ("capture.close", "keepalive.release"),
// so tests can assert teardown order.
#pragma once

#include <algorithm>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace pfhost::test {

class EventLog {
 public:
  void add(std::string event) {
    std::lock_guard lock(mutex_);
    events_.push_back(std::move(event));
  }
  std::vector<std::string> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }
  // Position of the first `event`, or -1.
  long index_of(const std::string &event) const {
    std::lock_guard lock(mutex_);
    const auto it = std::find(events_.begin(), events_.end(), event);
    return it == events_.end() ? -1 : static_cast<long>(it - events_.begin());
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> events_;
};

// Put into a session's Keepalive: logs "keepalive.release" when the session drops it.
class KeepaliveProbe {
 public:
  explicit KeepaliveProbe(EventLog *log) : log_(log) {}
  KeepaliveProbe(KeepaliveProbe &&other) noexcept : log_(std::exchange(other.log_, nullptr)) {}
  KeepaliveProbe &operator=(KeepaliveProbe &&) = delete;
  ~KeepaliveProbe() {
    if (log_ != nullptr) log_->add("keepalive.release");
  }

 private:
  EventLog *log_;
};

}  // namespace pfhost::test
