#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "config/sections.hpp"

namespace pfhost::core::config {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kLogLevels[] = {"trace", "debug", "info", "warn", "error", "off"};
constexpr std::string_view kOrigin = "$ORIGIN";
constexpr std::string_view kPathHint =
    "accepted: an absolute path, a path relative to this file's directory, or a path starting "
    "with $ORIGIN/";
constexpr std::string_view kPathArrayHint =
    "accepted: an array of paths, each absolute, relative to this file's directory, or starting "
    "with $ORIGIN/";
constexpr std::string_view kCacheDirHint =
    "accepted: \"\" for the default, an absolute path or a path relative to this file's directory";

bool starts_with_origin(std::string_view path) {
  return path == kOrigin || (path.starts_with(kOrigin) && path[kOrigin.size()] == '/');
}

struct ResolvedPath {
  std::optional<std::string> path;
  std::string problem;
};

// Absolute paths and "$ORIGIN/..." stay as written; relative ones are anchored at `base_dir`.
ResolvedPath resolve_path(std::string_view text, const fs::path &base_dir, bool allow_origin) {
  const std::string quoted = "\"" + std::string(text) + "\"";
  if (text.empty()) return {std::nullopt, "the path is empty"};
  if (allow_origin && starts_with_origin(text)) return {std::string(text), {}};
  if (text.find('$') != std::string_view::npos) {
    return {std::nullopt, quoted + " contains '$' but only a leading $ORIGIN is expanded"};
  }
  const fs::path path(text);
  if (path.is_absolute()) return {path.lexically_normal().string(), {}};
  return {(base_dir / path).lexically_normal().string(), {}};
}

std::optional<std::vector<std::string>> read_paths(const TableReader &table, std::string_view key,
                                                   const fs::path &base_dir) {
  const toml::node *node = table.find(key);
  if (node == nullptr) return std::nullopt;
  const auto *array = node->as_array();
  if (array == nullptr) {
    table.report_type(*node, table.key_path(key), "an array of strings", kPathArrayHint);
    return std::nullopt;
  }
  std::vector<std::string> paths;
  bool ok = true;
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::node &element = *array->get(i);
    const std::string element_key = table.key_path(key) + "[" + std::to_string(i) + "]";
    const auto *text = element.as_string();
    if (text == nullptr) {
      table.report_type(element, element_key, "a string", kPathHint);
      ok = false;
      continue;
    }
    ResolvedPath resolved = resolve_path(text->get(), base_dir, /*allow_origin=*/true);
    if (!resolved.path) {
      table.report(element, element_key, resolved.problem, kPathHint);
      ok = false;
      continue;
    }
    paths.push_back(std::move(*resolved.path));
  }
  if (!ok) return std::nullopt;
  return paths;
}

}  // namespace

void read_host_table(const TableReader &table, const fs::path &base_dir, HostConfig &config) {
  table.reject_unknown_keys(kHostKeys);
  if (auto dirs = read_paths(table, "plugin_dirs", base_dir)) config.plugin_dirs = *dirs;
  if (auto files = read_paths(table, "plugin_files", base_dir)) config.plugin_files = *files;
  if (auto ms = table.integer_in_range("probe_timeout_ms", 50, 60'000)) {
    config.probe_timeout = std::chrono::milliseconds(*ms);
  }
  if (auto dir = table.string("cache_dir", kCacheDirHint)) {
    if (dir->empty()) {
      config.cache_dir.clear();
    } else if (ResolvedPath resolved = resolve_path(*dir, base_dir, false); resolved.path) {
      config.cache_dir = *resolved.path;
    } else {
      table.report(*table.find("cache_dir"), table.key_path("cache_dir"), resolved.problem,
                   kCacheDirHint);
    }
  }
  if (auto level = table.choice("log_level", kLogLevels, "a log level")) {
    config.log_level = std::string(kLogLevels[*level]);
  }
}

}  // namespace pfhost::core::config
