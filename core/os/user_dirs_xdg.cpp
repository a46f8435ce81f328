// user_dirs on Linux: the XDG base-directory rules.
#include "os/user_dirs.hpp"

#include <unistd.h>

#include <cstdlib>
#include <string>

namespace pfhost::core::os {
namespace {

namespace fs = std::filesystem;

// An XDG variable counts only when it holds an absolute path.
fs::path xdg_dir(const char *variable) {
  const char *value = std::getenv(variable);
  if (value == nullptr || *value != '/') return {};
  return fs::path(value);
}

fs::path home_dir() {
  const char *home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') return {};
  return fs::path(home);
}

// $VARIABLE/pfhost, else ~/<fallback>/pfhost; empty when neither is known.
fs::path user_dir(const char *variable, const char *fallback) {
  if (fs::path xdg = xdg_dir(variable); !xdg.empty()) return xdg / "pfhost";
  if (fs::path home = home_dir(); !home.empty()) return home / fallback / "pfhost";
  return {};
}

}  // namespace

std::vector<fs::path> host_config_candidates() {
  std::vector<fs::path> paths;
  if (fs::path dir = user_dir("XDG_CONFIG_HOME", ".config"); !dir.empty())
    paths.push_back(dir / "host.toml");
  paths.emplace_back("/etc/pfhost/host.toml");
  return paths;
}

const char *host_config_search_text() noexcept {
  return "./host.toml, $XDG_CONFIG_HOME/pfhost/host.toml, /etc/pfhost/host.toml";
}

fs::path cache_dir() {
  if (fs::path dir = user_dir("XDG_CACHE_HOME", ".cache"); !dir.empty()) return dir;
  return fs::temp_directory_path() / ("pfhost-cache-" + std::to_string(getuid()));
}

fs::path state_dir() {
  if (fs::path dir = user_dir("XDG_STATE_HOME", ".local/state"); !dir.empty()) return dir;
  return cache_dir() / "state";
}

}  // namespace pfhost::core::os
