#include "os/self_exe.hpp"

#include <system_error>

namespace pfhost::core::os {

std::filesystem::path self_executable() {
  std::error_code ec;
  auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path{} : path;
}

std::filesystem::path sibling_executable(const std::string &name) {
  return self_executable_dir() / name;
}

}  // namespace pfhost::core::os
