// The worker's half of run_workers (worker_processes.hpp): what a process started that way does
// to talk back to its parent and to die cleanly. Kept here because every piece differs per OS
// (file descriptors and prctl on Linux; handles and job objects on Windows).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace pfhost::core::os {

// The pipe the parent reads, kept apart from everything else the process prints: claim() moves it
// off stdout (which then goes to stderr), so a plugin's stray printf cannot corrupt the protocol.
class ParentChannel {
 public:
  // Call once, before any plugin code runs. An invalid channel (valid() false) means the
  // descriptor could not be moved; the worker should exit.
  static ParentChannel claim();

  bool valid() const noexcept { return channel_ != -1; }
  // Writes `text` whole and unbuffered, so a crash right after still leaves every line sent
  // before it. A parent that is gone is ignored (nobody is listening).
  void send(std::string_view text) const;

 private:
  explicit ParentChannel(std::intptr_t channel) : channel_(channel) {}
  std::intptr_t channel_ = -1;  // a file descriptor (Linux) or a HANDLE (Windows)
};

// Everything on stdin until EOF (the parent writes its input, then closes).
std::string read_all_stdin();

// A crashing plugin should leave a signal, not a core file per probe; and a worker whose parent
// died must not linger.
void harden_worker_process();

// Ends the process now with `code`, after flushing C stdio, without running static destructors
// (a plugin's half-torn-down state must not crash the exit and turn a clean answer into a crash).
[[noreturn]] void exit_worker(int code);

}  // namespace pfhost::core::os
