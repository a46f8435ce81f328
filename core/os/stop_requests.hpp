// The user asking a running command to stop: Ctrl-C and SIGTERM on Linux; Ctrl-C, Ctrl-Break and
// closing the console window on Windows (SetConsoleCtrlHandler).
#pragma once

namespace pfhost::core::os {

// Called once per request with the number of requests so far (1, 2, ...). It runs inside a signal
// handler on Linux and on a thread the system starts on Windows, so it may only touch lock-free
// atomics. It returns true when it handled the request, false to let the OS end the process its
// default way (the user insisted).
using StopRequestCallback = bool (*)(int count);

// Routes stop requests to `callback` while it lives; the OS defaults come back after. One at a
// time per process.
class StopRequestRoute {
 public:
  explicit StopRequestRoute(StopRequestCallback callback);
  ~StopRequestRoute();
  StopRequestRoute(const StopRequestRoute &) = delete;
  StopRequestRoute &operator=(const StopRequestRoute &) = delete;
};

}  // namespace pfhost::core::os
