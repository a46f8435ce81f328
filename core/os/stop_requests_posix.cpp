#include <atomic>
#include <csignal>

#include "os/stop_requests.hpp"

namespace pfhost::core::os {
namespace {

std::atomic<StopRequestCallback> g_callback{nullptr};
std::atomic<int> g_count{0};
static_assert(std::atomic<StopRequestCallback>::is_always_lock_free);

extern "C" void on_stop_signal(int signal_number) {
  const int count = g_count.fetch_add(1) + 1;
  const StopRequestCallback callback = g_callback.load();
  if (callback != nullptr && callback(count)) return;
  // signal() and raise() are async-signal-safe: the default action, as if never caught.
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

}  // namespace

StopRequestRoute::StopRequestRoute(StopRequestCallback callback) {
  g_count.store(0);
  g_callback.store(callback);
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
}

StopRequestRoute::~StopRequestRoute() {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  g_callback.store(nullptr);
}

}  // namespace pfhost::core::os
