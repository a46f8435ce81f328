#include <windows.h>

#include <atomic>

#include "os/stop_requests.hpp"

namespace pfhost::core::os {
namespace {

std::atomic<StopRequestCallback> g_callback{nullptr};
std::atomic<int> g_count{0};

BOOL WINAPI on_console_control(DWORD event) {
  const int count = g_count.fetch_add(1) + 1;
  const StopRequestCallback callback = g_callback.load();
  if (callback == nullptr || !callback(count)) return FALSE;  // the default: ExitProcess
  if (event == CTRL_CLOSE_EVENT || event == CTRL_LOGOFF_EVENT || event == CTRL_SHUTDOWN_EVENT) {
    // Windows ends the process as soon as this handler returns (and at the latest after about
    // 5 s): wait here while the main thread finishes the output and exits the process itself.
    Sleep(4500);
  }
  return TRUE;
}

}  // namespace

StopRequestRoute::StopRequestRoute(StopRequestCallback callback) {
  g_count.store(0);
  g_callback.store(callback);
  SetConsoleCtrlHandler(on_console_control, TRUE);
}

StopRequestRoute::~StopRequestRoute() {
  SetConsoleCtrlHandler(on_console_control, FALSE);
  g_callback.store(nullptr);
}

}  // namespace pfhost::core::os
