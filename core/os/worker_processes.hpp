// Runs helper processes side by side, each with a deadline, and reports how each one ended. The
// loader's isolated probing is built on it; what differs per OS (posix_spawn and process groups
// here, CreateProcessW and job objects on Windows) stays behind this interface.
//
// Each worker gets `input` on stdin (then EOF), and every complete line it writes to stdout is
// handed to its `on_line` as it arrives. A worker still running at its deadline, or writing more
// than `max_output` bytes, is killed together with everything it started. Whatever happens in a
// worker, run_workers returns.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace pfhost::core::os {

struct WorkerSpec {
  std::filesystem::path executable;
  std::vector<std::string> args;  // after argv[0]
  std::string input;              // written to stdin, then EOF
  // Called on the caller's thread for each complete line of stdout (without the newline).
  std::function<void(std::string_view line)> on_line;
};

struct WorkerEnd {
  enum class How {
    exited,        // ended on its own; exit_code says how
    signaled,      // killed by a signal it raised or received (its own fault)
    timed_out,     // still running at the deadline; killed
    flooded,       // wrote more than max_output; killed
    spawn_failed,  // could not be started; error says why
  };
  How how = How::exited;
  int exit_code = 0;  // exited
  int signal = 0;     // signaled
  std::string error;  // spawn_failed
  std::chrono::milliseconds elapsed{0};
};

struct WorkerRunOptions {
  std::chrono::milliseconds timeout{2000};  // per worker, from its own start
  size_t max_parallel = 0;                  // workers alive at once; 0: all of them
  size_t max_output = 4 * 1024 * 1024;      // bytes of stdout before a worker counts as broken
};

// Runs every worker (at most max_parallel at once) and returns one end per spec, in order.
std::vector<WorkerEnd> run_workers(const std::vector<WorkerSpec> &workers,
                                   const WorkerRunOptions &options);

// "SIGSEGV", "SIGABRT", ... or "signal <n>".
std::string signal_name(int signal);

// Whether `signal` is the one abort() raises (reported as "aborted" rather than "crashed").
bool is_abort_signal(int signal);

}  // namespace pfhost::core::os
