// The current host must load a plugin built against the frozen 1.0 headers and probe all three of
// its backends OK. Runs the real `pfhost --list-backends --json` (probing happens in its child
// process, exactly as in production) against a directory holding only that plugin.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace {

namespace fs = std::filesystem;

// A temp directory removed with everything in it when the test ends.
struct TempDir {
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "pfhost-abi-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path.empty()) fs::remove_all(path, ignored);
  }
  fs::path path;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;
};

// Runs `command` through the shell; stderr goes to the test log, stdout is returned.
CommandResult run(const std::string &command) {
  CommandResult result;
  FILE *pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> chunk{};
  size_t n = 0;
  while ((n = fread(chunk.data(), 1, chunk.size(), pipe)) > 0) result.out.append(chunk.data(), n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::string shell_quote(const fs::path &path) {
  std::string out = "'";
  for (char c : path.string()) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The listing's row for the plugin named `name` ({"path", "status", "plugin": {...},
// "backends": [...]}), or null.
nlohmann::json find_plugin(const nlohmann::json &listing, const std::string &name) {
  for (const auto &row : listing.value("plugins", nlohmann::json::array())) {
    if (row.contains("plugin") && row["plugin"].is_object() &&
        row["plugin"].value("name", "") == name) {
      return row;
    }
  }
  return nullptr;
}

TEST(AbiFrozen10, CurrentHostLoadsAndProbesFrozenPlugin) {
  const std::string pfhost = PFHOST_EXE;
  if (pfhost.empty()) GTEST_SKIP() << "the pfhost target does not exist in this build";
  ASSERT_TRUE(fs::exists(pfhost)) << pfhost;

  TempDir tmp;
  ASSERT_FALSE(tmp.path.empty());
  // Only the frozen plugin's directory (no config dirs, no PFHOST_PLUGIN_PATH), and a cache that
  // starts empty and dies with the test.
  const fs::path config = tmp.path / "host.toml";
  std::ofstream(config) << "[host]\nplugin_dirs = []\ncache_dir = \""
                        << (tmp.path / "cache").string() << "\"\n";

  const CommandResult listed = run(
      "env -u PFHOST_PLUGIN_PATH " + shell_quote(pfhost) + " --list-backends --json --plugin-dir " +
      shell_quote(FROZEN_PLUGIN_DIR) + " --config " + shell_quote(config));
  ASSERT_EQ(listed.exit_code, 0) << listed.out;
  const nlohmann::json json = nlohmann::json::parse(listed.out, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << "not JSON:\n" << listed.out;

  const nlohmann::json row = find_plugin(json, "abi-frozen-1-0");
  ASSERT_TRUE(row.is_object()) << "plugin missing from:\n" << json.dump(2);
  EXPECT_EQ(row.value("status", ""), "ok") << row.dump(2);
  EXPECT_EQ(row["plugin"].value("abi", ""), "1.0");
  std::map<std::string, nlohmann::json> backends;
  for (const auto &backend : row.value("backends", nlohmann::json::array())) {
    backends[backend.value("name", "")] = backend;
  }
  for (const char *name : {"frozen-display", "frozen-capture", "frozen-encode"}) {
    ASSERT_TRUE(backends.count(name)) << name << " missing from:\n" << row.dump(2);
    EXPECT_EQ(backends[name].value("status", ""), "ok") << backends[name].dump(2);
    EXPECT_TRUE(backends[name].value("usable", false)) << backends[name].dump(2);
  }
  // query_caps went through the 1.0 struct too.
  ASSERT_TRUE(backends["frozen-encode"].contains("caps")) << backends["frozen-encode"].dump(2);
  EXPECT_EQ(backends["frozen-encode"]["caps"].value("max_width", 0), 8192);
}

}  // namespace
