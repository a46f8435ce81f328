// Plugin files on Windows: PE DLLs named *.dll.
#include "os/pe_check.hpp"
#include "os/plugin_file.hpp"

#include <cctype>

namespace pfhost::core::os {

const char *plugin_file_suffix() noexcept {
  return ".dll";
}

bool has_plugin_file_suffix(const std::filesystem::path &path) {
  std::string ext = path.extension().string();
  for (char &c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".dll";
}

std::optional<std::string> check_plugin_file(const std::filesystem::path &path) {
  return check_plugin_pe(path);
}

}  // namespace pfhost::core::os
