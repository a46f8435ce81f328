#include "loader/plugin_sources.hpp"

#include "config/host_config.hpp"

namespace pfhost::core {

std::filesystem::path expand_plugin_path(std::string_view spec,
                                         const std::filesystem::path &origin_dir,
                                         const std::filesystem::path &base) {
  std::filesystem::path path;
  bool expanded = false;
  for (std::string_view token : {std::string_view{"${ORIGIN}"}, std::string_view{"$ORIGIN"}}) {
    if (spec.substr(0, token.size()) != token) continue;
    std::string_view rest = spec.substr(token.size());
    // "$ORIGINAL/x" is not "$ORIGIN" followed by "AL/x".
    if (!rest.empty() && rest.front() != '/') break;
    while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
    path = rest.empty() ? origin_dir : origin_dir / rest;
    expanded = true;
    break;
  }
  if (!expanded) path = std::filesystem::path(spec);
  if (path.is_relative()) path = base / path;
  return path.lexically_normal();
}

std::vector<std::string> split_plugin_path(std::string_view value) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find(':', start);
    if (end == std::string_view::npos) end = value.size();
    if (end > start) out.emplace_back(value.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::vector<PluginSource> collect_plugin_sources(const PluginSourceInputs &inputs) {
  std::vector<PluginSource> out;
  auto add = [&](const std::string &spec, SourceOrigin origin, bool is_directory,
                 const std::filesystem::path &base) {
    out.push_back({spec, expand_plugin_path(spec, inputs.origin_dir, base), origin, is_directory});
  };
  for (const auto &dir : inputs.cli_dirs) add(dir, SourceOrigin::cli_dir, true, inputs.cwd);
  if (inputs.env_plugin_path) {
    for (const auto &dir : split_plugin_path(*inputs.env_plugin_path)) {
      add(dir, SourceOrigin::env_dir, true, inputs.cwd);
    }
  }
  if (inputs.config != nullptr) {
    const HostConfig &config = *inputs.config;
    // The config library already anchors relative paths at the file; doing it again here is a
    // no-op for absolute paths and keeps the built-in default (no file) anchored at the cwd.
    std::filesystem::path base = config.source.empty() ? inputs.cwd : config.source.parent_path();
    if (base.is_relative()) base = inputs.cwd / base;
    for (const auto &file : config.plugin_files) add(file, SourceOrigin::config_file, false, base);
    for (const auto &dir : config.plugin_dirs) add(dir, SourceOrigin::config_dir, true, base);
  }
  return out;
}

}  // namespace pfhost::core
