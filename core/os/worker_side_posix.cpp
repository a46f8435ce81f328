// worker_side on Linux.
#include "os/worker_side.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>

namespace pfhost::core::os {

ParentChannel ParentChannel::claim() {
  const int fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  if (fd < 0) return ParentChannel(-1);
  dup2(STDERR_FILENO, STDOUT_FILENO);
  return ParentChannel(fd);
}

void ParentChannel::send(std::string_view text) const {
  const char *data = text.data();
  size_t left = text.size();
  const int fd = static_cast<int>(channel_);
  while (fd >= 0 && left > 0) {
    const ssize_t n = ::write(fd, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the parent is gone
    data += n;
    left -= static_cast<size_t>(n);
  }
}

std::string read_all_stdin() {
  std::string text;
  std::array<char, 4096> chunk{};
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, chunk.data(), chunk.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(chunk.data(), static_cast<size_t>(n));
  }
  return text;
}

void harden_worker_process() {
  struct rlimit no_core {};
  setrlimit(RLIMIT_CORE, &no_core);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
}

void exit_worker(int code) {
  std::fflush(nullptr);
  _exit(code);
}

}  // namespace pfhost::core::os
