// The POSIX-only helpers of test_support.hpp: exact modification times and looking at processes
// through /proc.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <thread>

#include "test_support.hpp"

namespace pfhost::test {

void set_mtime(const std::filesystem::path &path, const timespec &mtime) {
  const timespec times[2] = {{0, UTIME_OMIT}, mtime};
  if (utimensat(AT_FDCWD, path.c_str(), times, 0) != 0)
    throw std::runtime_error("utimensat " + path.string() + ": " + strerror(errno));
}

bool running_with_env(pid_t pid, const std::string &mark) {
  if (pid <= 0) return false;
  if (::kill(pid, 0) != 0 && errno == ESRCH) return false;
  const std::filesystem::path proc = "/proc/" + std::to_string(pid);
  // The state follows the last ')' (the command name may contain anything).
  const std::string stat = read_file(proc / "stat");
  const size_t paren = stat.rfind(')');
  if (paren == std::string::npos || paren + 2 >= stat.size()) return false;  // gone meanwhile
  const char state = stat[paren + 2];
  if (state == 'Z' || state == 'X') return false;
  std::ifstream in(proc / "environ", std::ios::binary);
  const std::string environment((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
  return environment.find(mark) != std::string::npos;
}

bool wait_not_running(pid_t pid, const std::string &mark, std::chrono::milliseconds bound) {
  const auto deadline = std::chrono::steady_clock::now() + bound;
  while (running_with_env(pid, mark)) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace pfhost::test
