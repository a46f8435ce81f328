// Plugin files on Linux: ELF shared objects named *.so.
#include "os/elf_check.hpp"
#include "os/plugin_file.hpp"

namespace pfhost::core::os {

const char *plugin_file_suffix() noexcept {
  return ".so";
}

bool has_plugin_file_suffix(const std::filesystem::path &path) {
  return path.extension() == ".so";
}

std::optional<std::string> check_plugin_file(const std::filesystem::path &path) {
  return check_plugin_elf(path);
}

}  // namespace pfhost::core::os
