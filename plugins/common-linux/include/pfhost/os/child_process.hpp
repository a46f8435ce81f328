// Child processes started with an explicit environment, output captured in a log file, and stopped
// exactly (SIGTERM, then SIGKILL, always reaped) by pid. Used by plugins that own a compositor
// process (managed sway, gamescope) and by the integration-test fixtures that start daemons.
//
// By default a child gets PR_SET_PDEATHSIG(SIGTERM), so a host or test process that crashes does
// not leave compositors behind. The kernel sends it when the *thread* that forked exits, so code
// that may start a child from a short-lived thread must set `parent_death_signal = 0`.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pfhost::os {

// An environment block for a child: a copy of this process's environment with edits.
class ProcessEnvironment {
 public:
  static ProcessEnvironment current();
  ProcessEnvironment &set(std::string_view name, std::string_view value);
  ProcessEnvironment &unset(std::string_view name);
  std::optional<std::string> get(std::string_view name) const;
  // "NAME=value" entries, as execve() wants them.
  const std::vector<std::string> &entries() const noexcept { return entries_; }

 private:
  std::vector<std::string> entries_;
};

// The absolute path of `name` found on $PATH (or `name` itself when it contains a '/' and is
// executable); nullopt when not found.
std::optional<std::filesystem::path> find_executable(std::string_view name);

class ChildProcess {
 public:
  struct Options {
    std::vector<std::string> argv;  // argv[0] is looked up on $PATH
    ProcessEnvironment environment = ProcessEnvironment::current();
    std::filesystem::path log_path;     // stdout + stderr (appended); empty = /dev/null
    int parent_death_signal = SIGTERM;  // 0: none (see the note at the top)
    // The child leads a new process group and stop()/kill_now() signal the whole group, so what
    // it started (a compositor's app) goes with it.
    bool own_process_group = false;
  };

  ChildProcess() = default;
  // Starts the process. Throws std::runtime_error when argv[0] is not found or fork fails.
  explicit ChildProcess(Options options);
  ~ChildProcess();
  ChildProcess(ChildProcess &&other) noexcept;
  ChildProcess &operator=(ChildProcess &&other) noexcept;
  ChildProcess(const ChildProcess &) = delete;
  ChildProcess &operator=(const ChildProcess &) = delete;

  pid_t pid() const noexcept { return pid_; }
  // True while the process has not exited (reaps it if it has).
  bool running();
  // The wait status once it exited (see WIFEXITED...), nullopt while it runs.
  std::optional<int> wait_status();
  // SIGTERM, wait up to `grace`, then SIGKILL; always reaps. Idempotent.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000)) noexcept;
  // SIGKILL and reap at once (an abrupt death, e.g. a crashing producer).
  void kill_now() noexcept;
  // The log so far (empty when there is none); at most the last `max_bytes`.
  std::string log_tail(size_t max_bytes = 4096) const;
  const std::filesystem::path &log_path() const noexcept { return log_path_; }
  // "argv[0] (pid N)" for messages.
  std::string describe() const;

 private:
  bool reap(bool block) noexcept;
  void signal(int sig) noexcept;
  void end_group() noexcept;

  pid_t pid_ = -1;
  std::optional<int> status_;
  std::string name_;
  std::filesystem::path log_path_;
  bool group_ = false;
  bool group_ended_ = false;
};

struct CommandResult {
  int exit_code = -1;  // -1 when it timed out or died from a signal
  bool timed_out = false;
  std::string output;  // stdout + stderr
};

// Runs a command to completion (killed after `timeout`) and returns its output.
CommandResult run_command(const std::vector<std::string> &argv,
                          const ProcessEnvironment &environment, std::chrono::milliseconds timeout);

// Reads a whole (small) text file; empty when it does not exist.
std::string read_text_file(const std::filesystem::path &path, size_t max_tail_bytes = SIZE_MAX);

}  // namespace pfhost::os
