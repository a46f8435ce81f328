#include <windows.h>

#include <vector>

#include "os/self_exe.hpp"

namespace pfhost::core::os {

std::filesystem::path self_executable() {
  // GetModuleFileNameW truncates silently; grow until the path fits (long paths exceed MAX_PATH).
  std::vector<wchar_t> buffer(MAX_PATH);
  for (;;) {
    const DWORD n = GetModuleFileNameW(nullptr, buffer.data(), static_cast<DWORD>(buffer.size()));
    if (n == 0) return {};
    if (n < buffer.size()) return std::filesystem::path(std::wstring(buffer.data(), n));
    buffer.resize(buffer.size() * 2);
  }
}

std::filesystem::path sibling_executable(const std::string &name) {
  return self_executable_dir() / (name + ".exe");
}

}  // namespace pfhost::core::os
