#include "pfhost/os/spawn_child.hpp"

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

namespace pfhost::os {

namespace {

class SpawnThread {
 public:
  SpawnThread() : thread_([this] { run(); }) { thread_.detach(); }

  template <class Fn>
  auto call(Fn fn) {
    // Shared: the spawner thread may still be leaving task() when the caller has its result.
    auto task = std::make_shared<std::packaged_task<decltype(fn())()>>(std::move(fn));
    auto result = task->get_future();
    {
      std::lock_guard lock(mutex_);
      queue_.emplace_back([task] { (*task)(); });
    }
    wake_.notify_one();
    return result.get();  // the task runs promptly: forking takes milliseconds
  }

 private:
  // Never returns: the thread must outlive every child it started (the library is never
  // unloaded, so the detached thread is the process's for good).
  [[noreturn]] void run() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return !queue_.empty(); });
        job = std::move(queue_.front());
        queue_.pop_front();
      }
      job();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  std::thread thread_;
};

}  // namespace

ChildProcess spawn_child(ChildProcess::Options options) {
  static SpawnThread *spawner = new SpawnThread();  // leaked on purpose, see run()
  return spawner->call([&options] { return ChildProcess(std::move(options)); });
}

}  // namespace pfhost::os
