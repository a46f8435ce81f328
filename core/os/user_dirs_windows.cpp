// user_dirs on Windows: the known folders, read from the environment variables Windows sets for
// every process (%APPDATA% = FOLDERID_RoamingAppData, %LOCALAPPDATA% = FOLDERID_LocalAppData,
// %ProgramData% = FOLDERID_ProgramData), so tests and users can point them elsewhere.
#include <cstdlib>
#include <string>

#include "os/user_dirs.hpp"

namespace pfhost::core::os {
namespace {

namespace fs = std::filesystem;

// The variable as a path, when set to an absolute one. _wgetenv keeps non-ASCII names intact.
fs::path folder(const wchar_t *variable) {
  const wchar_t *value = _wgetenv(variable);
  if (value == nullptr || *value == L'\0') return {};
  fs::path path(value);
  return path.is_absolute() ? path : fs::path{};
}

}  // namespace

std::vector<fs::path> host_config_candidates() {
  std::vector<fs::path> paths;
  if (fs::path roaming = folder(L"APPDATA"); !roaming.empty())
    paths.push_back(roaming / "pfhost" / "host.toml");
  if (fs::path machine = folder(L"ProgramData"); !machine.empty())
    paths.push_back(machine / "pfhost" / "host.toml");
  return paths;
}

const char *host_config_search_text() noexcept {
  return ".\\host.toml, %APPDATA%\\pfhost\\host.toml, %ProgramData%\\pfhost\\host.toml";
}

fs::path cache_dir() {
  if (fs::path local = folder(L"LOCALAPPDATA"); !local.empty()) return local / "pfhost" / "cache";
  return fs::temp_directory_path() / "pfhost-cache";
}

fs::path state_dir() {
  if (fs::path local = folder(L"LOCALAPPDATA"); !local.empty()) return local / "pfhost" / "state";
  return cache_dir() / "state";
}

}  // namespace pfhost::core::os
