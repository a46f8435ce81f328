// Finding and reading host.toml: the search order, file I/O and the built-in fallback.
#include <cerrno>
#include <cstdio>
#include <system_error>

#include "config/host_config.hpp"
#include "os/user_dirs.hpp"

namespace pfhost::core {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void throw_os_error(const fs::path &file, int error) {
  throw ConfigError(file.string() + ": cannot read the configuration file: " +
                    std::generic_category().message(error));
}

// Plain C stdio: errno says why an open failed on every OS, and the text is read as bytes.
std::string read_file(const fs::path &file) {
  errno = 0;
  std::FILE *stream = std::fopen(file.string().c_str(), "rb");
  if (stream == nullptr) throw_os_error(file, errno != 0 ? errno : EIO);
  std::string text;
  char buffer[16384];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, stream)) > 0) text.append(buffer, n);
  const bool failed = std::ferror(stream) != 0;
  const int error = errno != 0 ? errno : EIO;
  std::fclose(stream);
  if (failed) throw_os_error(file, error);
  return text;
}

}  // namespace

HostConfig load_host_config(const fs::path &file) {
  return parse_host_config(read_file(file), file);
}

std::vector<fs::path> host_config_search_paths() {
  std::vector<fs::path> paths;
  std::error_code error;
  const fs::path cwd = fs::current_path(error);
  paths.push_back(error ? fs::path("host.toml") : cwd / "host.toml");
  const std::vector<fs::path> system = core::os::host_config_candidates();
  paths.insert(paths.end(), system.begin(), system.end());
  return paths;
}

std::optional<fs::path> find_host_config() {
  for (const fs::path &candidate : host_config_search_paths()) {
    std::error_code error;
    if (fs::exists(candidate, error)) return candidate;
  }
  return std::nullopt;
}

HostConfig resolve_host_config(const std::optional<fs::path> &explicit_file) {
  if (explicit_file) return load_host_config(*explicit_file);
  if (std::optional<fs::path> found = find_host_config()) return load_host_config(*found);
  return builtin_host_config();
}

}  // namespace pfhost::core
