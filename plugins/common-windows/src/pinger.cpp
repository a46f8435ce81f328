#include "pfhost/windows/pinger.hpp"

namespace pfhost::windows {

void Pinger::monitor_added(std::chrono::milliseconds interval) {
  std::lock_guard lifecycle(lifecycle_mutex_);
  if (monitors_++ > 0) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this, interval] { run(interval); });
}

void Pinger::monitor_removed() {
  std::lock_guard lifecycle(lifecycle_mutex_);
  if (monitors_ == 0 || --monitors_ > 0) return;
  stop();
}

unsigned Pinger::monitors() const {
  std::lock_guard lifecycle(lifecycle_mutex_);
  return monitors_;
}

void Pinger::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Pinger::run(std::chrono::milliseconds interval) {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval, [this] { return stopping_; })) {
    lock.unlock();
    try {
      ping_();  // a failed ping shows up on the next real call; the pinger just keeps going
    } catch (...) {
    }
    lock.lock();
  }
}

}  // namespace pfhost::windows
