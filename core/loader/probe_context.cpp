#include "loader/probe_context.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <vector>

#include "os/environment.hpp"

namespace pfhost::core {
namespace {

// FNV-1a, 64 bit: a change detector, not a security boundary.
class Digest {
 public:
  void add(std::string_view text) {
    for (const char c : text) {
      hash_ ^= static_cast<unsigned char>(c);
      hash_ *= 0x100000001b3ULL;
    }
    hash_ ^= 0xff;  // separates "ab"+"c" from "a"+"bc"
    hash_ *= 0x100000001b3ULL;
  }
  std::string hex() const {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash_));
    return text;
  }

 private:
  uint64_t hash_ = 0xcbf29ce484222325ULL;
};

// Shell bookkeeping that changes between two runs of the same command and that no probe reads.
bool volatile_variable(std::string_view entry) {
  for (std::string_view name : {"PWD=", "OLDPWD=", "SHLVL=", "_=", "COLUMNS=", "LINES="}) {
    if (entry.substr(0, name.size()) == name) return true;
  }
  return false;
}

// A directory's modification time: it moves when an entry is added or removed.
void add_directory_time(Digest &digest, const std::filesystem::path &dir) {
  std::error_code ec;
  const auto time = std::filesystem::last_write_time(dir, ec);
  digest.add(dir.string());
  digest.add(ec ? "-" : std::to_string(time.time_since_epoch().count()));
}

}  // namespace

std::string probe_context(const std::string &settings_json) {
  Digest digest;
  digest.add(settings_json);
  std::vector<std::string> environment = os::environment_entries();
  std::sort(environment.begin(), environment.end());
  for (const auto &entry : environment) {
    if (!volatile_variable(entry)) digest.add(entry);
  }
  if (const char *runtime_dir = std::getenv("XDG_RUNTIME_DIR"))
    add_directory_time(digest, runtime_dir);
  if (const char *path = std::getenv("PATH")) {
    const char separator = std::filesystem::path::preferred_separator == '\\' ? ';' : ':';
    std::string_view rest = path;
    while (!rest.empty()) {
      const size_t end = std::min(rest.find(separator), rest.size());
      if (end > 0) add_directory_time(digest, std::string(rest.substr(0, end)));
      rest.remove_prefix(std::min(end + 1, rest.size()));
    }
  }
  return digest.hex();
}

}  // namespace pfhost::core
