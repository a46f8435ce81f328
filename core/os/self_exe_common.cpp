#include "os/self_exe.hpp"

#include <system_error>

namespace pfhost::core::os {

std::filesystem::path self_executable_dir() {
  auto exe = self_executable();
  if (exe.empty()) {
    std::error_code ec;
    return std::filesystem::current_path(ec);
  }
  return exe.parent_path();
}

}  // namespace pfhost::core::os
