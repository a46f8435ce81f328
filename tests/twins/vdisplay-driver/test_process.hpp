// Other processes for the twin tests: a second host (the test program itself in its `--hold`
// mode), pfhost.exe, or the driver-side IDD publisher. Their output goes to a file the test reads;
// a process still running when its ChildProcess goes is killed, so a test never leaves one behind.
#pragma once

#include <windows.h>

#include <pfhost/display.h>

#include <chrono>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>

#include "os/windows_text.hpp"
#include "pfhost/windows/idd_display.hpp"
#include "pfhost/windows/idd_settings.hpp"

namespace pfhost::test {

// Polls `predicate` every 20 ms until it holds or `limit` passes; false on timeout.
template <class Predicate>
bool eventually(Predicate predicate, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!predicate()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

// A Linux path as wine's Windows programs see it (Z: is the Linux root).
inline std::wstring wine_path(const std::string &unix_path) {
  return L"Z:" + core::os::widen(unix_path);
}

// "<this program> --hold CLIENT": the test program started again as a second host that holds
// one display for CLIENT (each test program's main() implements --hold).
std::wstring self_hold_command(const std::string &client);

// The `--hold CLIENT` mode of a test program: one display of Driver for CLIENT, held for a minute
// (until the test kills it). Prints "holding monitor <id>" once it has it; exit code 3 and the
// reason when it cannot.
template <class Driver>
int hold_display(const windows::IddSettings &settings, const pfhost_mode &mode,
                 const std::string &client) {
  try {
    Driver driver(settings);
    windows::IddDisplay<Driver> display(driver, mode, client);
    std::cout << "holding monitor " << Driver::monitor_identity(display.monitor()) << std::endl;
    Sleep(60000);
    return 0;
  } catch (const std::exception &e) {
    std::cout << e.what() << std::endl;
    return 3;
  }
}

class ChildProcess {
 public:
  // Throws std::runtime_error if it cannot start. Its output goes to a temporary file, removed
  // with the ChildProcess, or to `output`, which is kept for the test to read afterwards.
  explicit ChildProcess(std::wstring command);
  ChildProcess(std::wstring command, std::filesystem::path output);
  ~ChildProcess();
  ChildProcess(const ChildProcess &) = delete;
  ChildProcess &operator=(const ChildProcess &) = delete;

  std::string text() const;        // everything it wrote to stdout and stderr so far
  bool exited(DWORD *code) const;  // true (and its exit code) once it has ended
  bool wait(std::chrono::milliseconds limit) const;  // true once it has ended within `limit`
  void kill() const;                                 // TerminateProcess, as a crash would end it
  void suspend() const;  // every thread stopped, handles open: a hung host
  DWORD pid() const { return process_.dwProcessId; }

 private:
  PROCESS_INFORMATION process_{};
  std::filesystem::path output_;
  bool remove_output_ = true;
};

}  // namespace pfhost::test
