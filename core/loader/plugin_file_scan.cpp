#include "loader/plugin_file_scan.hpp"

#include <algorithm>
#include <set>
#include <system_error>

#include "logging/log.hpp"
#include "os/plugin_file.hpp"

namespace pfhost::core {
namespace {

// The key that says "same file": the canonical path when it exists, else the normalized one.
std::filesystem::path identity_key(const std::filesystem::path &path) {
  std::error_code ec;
  auto canonical = std::filesystem::weakly_canonical(path, ec);
  return ec ? path.lexically_normal() : canonical;
}

std::vector<std::filesystem::path> list_directory(const std::filesystem::path &dir,
                                                  std::string &problem) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) {
    problem = "cannot read directory: " + ec.message();
    return out;
  }
  for (const auto &entry : it) {
    std::error_code type_ec;
    // is_regular_file follows symlinks: a link to a plugin counts, a link to a directory not.
    if (os::has_plugin_file_suffix(entry.path()) && entry.is_regular_file(type_ec))
      out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

PluginScan scan_plugin_sources(const std::vector<PluginSource> &sources) {
  PluginScan scan;
  std::set<std::filesystem::path> seen;
  auto add_file = [&](const std::filesystem::path &path, SourceOrigin origin) {
    if (!seen.insert(identity_key(path)).second) {
      log::debug("plugin file " + path.string() + " is listed twice; using its first place");
      return false;
    }
    scan.files.push_back({path, origin});
    return true;
  };

  for (const auto &source : sources) {
    SourceRecord record;
    record.spec = source.spec;
    record.path = source.path;
    record.origin = source.origin;
    record.is_directory = source.is_directory;
    std::error_code ec;
    if (source.is_directory) {
      if (!std::filesystem::exists(source.path, ec)) {
        record.problem = "no such directory";
      } else if (!std::filesystem::is_directory(source.path, ec)) {
        record.problem = "not a directory";
      } else {
        record.found = true;
        for (const auto &file : list_directory(source.path, record.problem)) {
          if (add_file(file, source.origin)) ++record.plugin_files;
        }
      }
      if (!record.problem.empty()) {
        log::warn(std::string("plugin directory ") + source.path.string() + " (" +
                  to_string(source.origin) + "): " + record.problem);
      }
    } else {
      record.found = std::filesystem::exists(source.path, ec);
      if (!record.found) record.problem = "no such file";
      if (add_file(source.path, source.origin)) record.plugin_files = 1;
    }
    scan.sources.push_back(std::move(record));
  }
  return scan;
}

}  // namespace pfhost::core
