// Finding and reading host.toml: the search order, file I/O and the built-in fallback.
#include <cerrno>
#include <cstdlib>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

#include "config/host_config.h"

namespace pfhost {
namespace {

namespace fs = std::filesystem;

std::string env(const char *name) {
  const char *value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

[[noreturn]] void throw_os_error(const fs::path &file, int error) {
  throw ConfigError(file.string() + ": cannot read the configuration file: " +
                    std::generic_category().message(error));
}

std::string read_file(const fs::path &file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw_os_error(file, errno);
  std::string text;
  char buffer[16384];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      throw_os_error(file, error);
    }
    text.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
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
  // XDG: a relative $XDG_CONFIG_HOME is invalid and ignored.
  const fs::path xdg = env("XDG_CONFIG_HOME");
  const std::string home = env("HOME");
  if (xdg.is_absolute()) {
    paths.push_back(xdg / "pfhost" / "host.toml");
  } else if (!home.empty()) {
    paths.push_back(fs::path(home) / ".config" / "pfhost" / "host.toml");
  }
  paths.emplace_back("/etc/pfhost/host.toml");
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

}  // namespace pfhost
