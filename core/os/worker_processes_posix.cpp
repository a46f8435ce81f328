// run_workers on Linux: posix_spawn with stdin/stdout redirected, one process group per worker
// (so a kill takes whatever the worker started), poll() over every pipe, waitpid() for the end.
#include "os/worker_processes.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>

#include "logging/log.hpp"
#include "os/worker_output_lines.hpp"

extern char **environ;

namespace pfhost::core::os {
namespace {

using Clock = std::chrono::steady_clock;

struct Worker {
  const WorkerSpec *spec = nullptr;
  pid_t pid = -1;
  int stdin_fd = -1;
  int stdout_fd = -1;
  size_t input_written = 0;
  WorkerOutputLines output;
  Clock::time_point started;
  Clock::time_point deadline;
  bool running = false;
  WorkerEnd end;
};

void close_fd(int &fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

void set_nonblocking(int fd) {
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

bool spawn(Worker &worker) {
  const WorkerSpec &spec = *worker.spec;
  // stdin is a socket, not a pipe, so writing to a worker that already died fails with EPIPE
  // (send with MSG_NOSIGNAL) instead of raising SIGPIPE in the host.
  int in_pipe[2];
  int out_pipe[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in_pipe) != 0) {
    worker.end.error = std::string("socketpair: ") + std::strerror(errno);
    return false;
  }
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    worker.end.error = std::string("pipe: ") + std::strerror(errno);
    ::close(in_pipe[0]);
    ::close(in_pipe[1]);
    return false;
  }

  // dup2 onto 0/1 clears close-on-exec for the child's copies only; every other pipe end (also
  // other workers') stays close-on-exec, so one worker never holds another's pipe open.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);

  // Own process group (so a timeout kills the worker's children too), default signal handling
  // (a host that ignores SIGPIPE must not hand that to a worker), nothing blocked.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGFPE, SIGILL,
                  SIGABRT, SIGCHLD, SIGALRM, SIGUSR1, SIGUSR2}) {
    sigaddset(&defaults, sig);
  }
  posix_spawnattr_setsigdefault(&attr, &defaults);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);

  std::vector<std::string> args{spec.executable.string()};
  args.insert(args.end(), spec.args.begin(), spec.args.end());
  std::vector<char *> argv;
  for (auto &arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  const int rc =
      posix_spawn(&worker.pid, spec.executable.c_str(), &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  if (rc != 0) {
    worker.end.error = "cannot start " + spec.executable.string() + ": " + std::strerror(rc);
    ::close(in_pipe[1]);
    ::close(out_pipe[0]);
    return false;
  }
  worker.stdin_fd = in_pipe[1];
  worker.stdout_fd = out_pipe[0];
  set_nonblocking(worker.stdin_fd);
  set_nonblocking(worker.stdout_fd);
  return true;
}

// Reads what is there without blocking; closes the pipe at EOF. Returns false when the worker
// exceeded the output limit.
bool drain_output(Worker &worker, size_t max_output) {
  std::array<char, 16 * 1024> buffer{};
  while (worker.stdout_fd >= 0) {
    const ssize_t n = ::read(worker.stdout_fd, buffer.data(), buffer.size());
    if (n > 0) {
      if (!worker.output.append(std::string_view(buffer.data(), static_cast<size_t>(n)),
                                worker.spec->on_line, max_output)) {
        return false;
      }
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    close_fd(worker.stdout_fd);  // EOF or error
  }
  return true;
}

void feed_input(Worker &worker) {
  const std::string &input = worker.spec->input;
  while (worker.stdin_fd >= 0 && worker.input_written < input.size()) {
    const ssize_t n = ::send(worker.stdin_fd, input.data() + worker.input_written,
                             input.size() - worker.input_written, MSG_NOSIGNAL);
    if (n > 0) {
      worker.input_written += static_cast<size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return;
    } else {
      close_fd(worker.stdin_fd);  // the worker closed its end (or died)
      return;
    }
  }
  close_fd(worker.stdin_fd);  // everything written: EOF tells the worker the input is complete
}

void finish(Worker &worker, int status, size_t max_output) {
  worker.running = false;
  drain_output(worker, max_output);
  close_fd(worker.stdout_fd);
  close_fd(worker.stdin_fd);
  WorkerEnd &end = worker.end;
  end.elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - worker.started);
  if (WIFSIGNALED(status)) {
    end.how = WorkerEnd::How::signaled;
    end.signal = WTERMSIG(status);
    ::kill(-worker.pid, SIGKILL);  // whatever the worker started goes with it
  } else {
    end.how = WorkerEnd::How::exited;
    end.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
}

void kill_now(Worker &worker, WorkerEnd::How how, size_t max_output) {
  ::kill(-worker.pid, SIGKILL);
  int status = 0;
  while (::waitpid(worker.pid, &status, 0) < 0 && errno == EINTR) {
  }
  finish(worker, status, max_output);
  worker.end.how = how;
  worker.end.signal = 0;
}

}  // namespace

std::string signal_name(int signal) {
  if (const char *abbrev = sigabbrev_np(signal)) return std::string("SIG") + abbrev;
  return "signal " + std::to_string(signal);
}

bool is_abort_signal(int signal) {
  return signal == SIGABRT;
}

std::vector<WorkerEnd> run_workers(const std::vector<WorkerSpec> &specs,
                                   const WorkerRunOptions &options) {
  std::vector<Worker> workers(specs.size());
  for (size_t i = 0; i < specs.size(); ++i) workers[i].spec = &specs[i];
  // All in parallel, but not hundreds at once: a directory full of files must not make healthy
  // workers miss their deadline for want of CPU. Each deadline starts when its worker starts.
  const size_t max_running = options.max_parallel > 0 ? options.max_parallel : specs.size();
  size_t next = 0;
  size_t running = 0;
  auto start_more = [&] {
    for (; next < workers.size() && running < max_running; ++next) {
      Worker &worker = workers[next];
      worker.started = Clock::now();
      worker.deadline = worker.started + options.timeout;
      if (spawn(worker)) {
        worker.running = true;
        ++running;
        log::debug("worker " + std::to_string(worker.pid) + ": " +
                   worker.spec->executable.string());
      } else {
        worker.end.how = WorkerEnd::How::spawn_failed;
      }
    }
  };
  start_more();

  std::vector<pollfd> fds;
  std::vector<Worker *> owners;
  for (;;) {
    fds.clear();
    owners.clear();
    auto now = Clock::now();
    auto wait = std::chrono::milliseconds(50);  // re-check exits now and then (see below)
    bool any_running = false;
    for (auto &worker : workers) {
      if (!worker.running) continue;
      any_running = true;
      wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(
                                std::max(worker.deadline - now, Clock::duration::zero())));
      if (worker.stdout_fd >= 0) {
        fds.push_back({worker.stdout_fd, POLLIN, 0});
        owners.push_back(&worker);
      } else {
        // Output closed: the process is exiting; look again very soon.
        wait = std::min(wait, std::chrono::milliseconds(1));
      }
      if (worker.stdin_fd >= 0) {
        fds.push_back({worker.stdin_fd, POLLOUT, 0});
        owners.push_back(&worker);
      }
    }
    if (!any_running && next >= workers.size()) break;

    // poll() only watches pipes; a worker whose descendants keep its stdout open after it died
    // is noticed by the periodic waitpid below rather than by EOF.
    const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(wait.count()));
    if (ready < 0 && errno != EINTR) {
      log::error(std::string("worker processes: poll failed: ") + std::strerror(errno));
    }
    for (size_t i = 0; ready > 0 && i < fds.size(); ++i) {
      if (fds[i].revents == 0) continue;
      Worker &worker = *owners[i];
      if (!worker.running) continue;
      if (fds[i].fd == worker.stdin_fd) {
        feed_input(worker);
      } else if (!drain_output(worker, options.max_output)) {
        kill_now(worker, WorkerEnd::How::flooded, options.max_output);
        --running;
      }
    }

    now = Clock::now();
    for (auto &worker : workers) {
      if (!worker.running) continue;
      int status = 0;
      const pid_t done = ::waitpid(worker.pid, &status, WNOHANG);
      if (done == worker.pid) {
        finish(worker, status, options.max_output);
      } else if (done < 0 && errno == ECHILD) {
        // SIGCHLD set to SIG_IGN somewhere in the host: the kernel reaped it and the exit status
        // is gone; report a plain exit and let what the worker said decide.
        finish(worker, 0, options.max_output);
      } else if (now >= worker.deadline) {
        kill_now(worker, WorkerEnd::How::timed_out, options.max_output);
      }
      if (!worker.running) --running;  // it was running at the top of this iteration
    }
    start_more();
  }

  std::vector<WorkerEnd> ends;
  ends.reserve(workers.size());
  for (auto &worker : workers) ends.push_back(std::move(worker.end));
  return ends;
}

}  // namespace pfhost::core::os
