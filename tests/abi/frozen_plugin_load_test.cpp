// The current host must load a plugin built against the frozen 1.0 headers and probe all three of
// its backends OK. Runs the real `pfhost --list-backends --json` (probing happens in its child
// process, exactly as in production) against a directory holding only that plugin.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <pfhost/test/run_program.hpp>
#include <pfhost/test/temp_dir.hpp>
#include <string>

namespace {

namespace fs = std::filesystem;

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

  pfhost::test::TempDir tmp("pfhost-abi-");
  // Only the frozen plugin's directory (no config dirs, no PFHOST_PLUGIN_PATH), and a cache that
  // starts empty and dies with the test.
  const fs::path config = tmp.path() / "host.toml";
  // generic_string: forward slashes, which TOML does not read as escapes and Windows accepts.
  std::ofstream(config) << "[host]\nplugin_dirs = []\ncache_dir = \""
                        << (tmp.path() / "cache").generic_string() << "\"\n";

  const pfhost::test::RunResult listed = pfhost::test::run_program(
      pfhost,
      {"--list-backends", "--json", "--plugin-dir", FROZEN_PLUGIN_DIR, "--config", config.string()},
      {{"PFHOST_PLUGIN_PATH", std::nullopt}});
  ASSERT_EQ(listed.exit_code, 0) << listed.out << listed.err;
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
