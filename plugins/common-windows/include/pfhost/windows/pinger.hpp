// The watchdog pinger: one thread per open driver calling `ping` every interval (the driver's
// watchdog / 3) while at least one monitor lives. The drivers remove every monitor when pings
// stop, so a hung or killed host never leaves monitors behind; a live one must keep pinging.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace pfhost::windows {

class Pinger {
 public:
  explicit Pinger(std::function<void()> ping) : ping_(std::move(ping)) {}
  ~Pinger() { stop(); }
  Pinger(const Pinger &) = delete;
  Pinger &operator=(const Pinger &) = delete;

  // A monitor appeared: the first one starts the thread.
  void monitor_added(std::chrono::milliseconds interval);
  // A monitor went: the last one stops (and joins) the thread.
  void monitor_removed();
  unsigned monitors() const;

 private:
  void stop();
  void run(std::chrono::milliseconds interval);

  std::function<void()> ping_;
  mutable std::mutex lifecycle_mutex_;  // monitors_ and starting/joining the thread
  std::mutex mutex_;                    // stopping_, for the thread's wait
  std::condition_variable wake_;
  std::thread thread_;
  unsigned monitors_ = 0;
  bool stopping_ = false;
};

}  // namespace pfhost::windows
