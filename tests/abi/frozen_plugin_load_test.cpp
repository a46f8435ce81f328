// The current host must load a plugin built against the frozen 1.0 headers and probe all of its
// backends OK. Runs the real `pfhost --list-backends --json` (probing happens in its child
// process, exactly as in production) against a directory holding only that plugin, and
// `pfhost display` on its IDD display, whose later target fields must read as unknown.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <pfhost/test/run_program.hpp>
#include <pfhost/test/temp_dir.hpp>
#include <string>
#include <vector>

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

// pfhost ARGS with only the frozen plugin's directory (no config dirs, no PFHOST_PLUGIN_PATH),
// and a cache that starts empty and dies with the test.
pfhost::test::RunResult run_pfhost_on_frozen(std::vector<std::string> args) {
  pfhost::test::TempDir tmp("pfhost-abi-");
  const fs::path config = tmp.path() / "host.toml";
  // generic_string: forward slashes, which TOML does not read as escapes and Windows accepts.
  std::ofstream(config) << "[host]\nplugin_dirs = []\ncache_dir = \""
                        << (tmp.path() / "cache").generic_string() << "\"\n";
  for (const char *arg : {"--plugin-dir", FROZEN_PLUGIN_DIR, "--config"}) args.push_back(arg);
  args.push_back(config.string());
  return pfhost::test::run_program(PFHOST_EXE, args, {{"PFHOST_PLUGIN_PATH", std::nullopt}});
}

TEST(AbiFrozen10, CurrentHostLoadsAndProbesFrozenPlugin) {
  const std::string pfhost = PFHOST_EXE;
  if (pfhost.empty()) GTEST_SKIP() << "the pfhost target does not exist in this build";
  ASSERT_TRUE(fs::exists(pfhost)) << pfhost;

  const pfhost::test::RunResult listed = run_pfhost_on_frozen({"--list-backends", "--json"});
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
  for (const char *name :
       {"frozen-display", "frozen-idd-display", "frozen-capture", "frozen-encode"}) {
    ASSERT_TRUE(backends.count(name)) << name << " missing from:\n" << row.dump(2);
    EXPECT_EQ(backends[name].value("status", ""), "ok") << backends[name].dump(2);
    EXPECT_TRUE(backends[name].value("usable", false)) << backends[name].dump(2);
  }
  // query_caps went through the 1.0 struct too.
  ASSERT_TRUE(backends["frozen-encode"].contains("caps")) << backends["frozen-encode"].dump(2);
  EXPECT_EQ(backends["frozen-encode"]["caps"].value("max_width", 0), 8192);
}

// ABI 1.2's monitor_id lies in bytes a 1.0 plugin never writes: pfhost display says "unknown"
// (JSON null) and still prints the 1.0 fields the plugin filled.
TEST(AbiFrozen10, DisplayOfAnOldIddPluginHasAnUnknownMonitorId) {
  const std::string pfhost = PFHOST_EXE;
  if (pfhost.empty()) GTEST_SKIP() << "the pfhost target does not exist in this build";
  const std::vector<std::string> display = {
      "display", "--backend", "frozen-idd-display", "--mode", "800x600@60", "--hold", "0"};

  std::vector<std::string> json_args = display;
  json_args.push_back("--json");
  const pfhost::test::RunResult as_json = run_pfhost_on_frozen(json_args);
  ASSERT_EQ(as_json.exit_code, 0) << as_json.out << as_json.err;
  const nlohmann::json json = nlohmann::json::parse(as_json.out, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << "not JSON:\n" << as_json.out;
  ASSERT_TRUE(json.contains("monitor_id")) << json.dump(2);
  EXPECT_TRUE(json["monitor_id"].is_null()) << json.dump(2);
  EXPECT_EQ(json.value("target_id", 0), 7);
  EXPECT_EQ(json.value("adapter_luid", ""), "0:1a2b3");
  EXPECT_EQ(json.value("gdi_name", ""), "\\\\.\\DISPLAY9");

  const pfhost::test::RunResult as_text = run_pfhost_on_frozen(display);
  ASSERT_EQ(as_text.exit_code, 0) << as_text.out << as_text.err;
  EXPECT_NE(as_text.out.find("frozen-idd-display: 800x600@60.000 Hz, adapter LUID 0:1a2b3, "
                             "target id 7, monitor id unknown, driver pid 4242, GDI name "
                             "\\\\.\\DISPLAY9"),
            std::string::npos)
      << as_text.out;
}

}  // namespace
