#include "loader/plugin_sources.hpp"

#include <gtest/gtest.h>

#include "config/host_config.hpp"
#include "loader/plugin_file_scan.hpp"
#include "test_support.hpp"

namespace pfhost::core {
namespace {

TEST(ExpandPluginPath, LeadingOriginIsTheExecutableDirectory) {
  EXPECT_EQ(expand_plugin_path("$ORIGIN/../lib/pfhost/plugins", "/opt/pf/bin", "/cwd"),
            "/opt/pf/lib/pfhost/plugins");
  EXPECT_EQ(expand_plugin_path("${ORIGIN}/plugins", "/opt/pf/bin", "/cwd"), "/opt/pf/bin/plugins");
  EXPECT_EQ(expand_plugin_path("$ORIGIN", "/opt/pf/bin", "/cwd"), "/opt/pf/bin");
}

TEST(ExpandPluginPath, OtherPathsAreAnchoredAtTheBase) {
  EXPECT_EQ(expand_plugin_path("/abs/dir", "/o", "/cwd"), "/abs/dir");
  EXPECT_EQ(expand_plugin_path("rel/dir", "/o", "/cwd"), "/cwd/rel/dir");
  // Only a leading $ORIGIN, and only the whole word, is expanded.
  EXPECT_EQ(expand_plugin_path("$ORIGINAL/x", "/o", "/cwd"), "/cwd/$ORIGINAL/x");
  EXPECT_EQ(expand_plugin_path("x/$ORIGIN", "/o", "/cwd"), "/cwd/x/$ORIGIN");
}

TEST(SplitPluginPath, DropsEmptyEntries) {
  EXPECT_EQ(split_plugin_path("/a::/b:"), (std::vector<std::string>{"/a", "/b"}));
  EXPECT_TRUE(split_plugin_path("").empty());
}

TEST(CollectPluginSources, OneRunAdditionsComeFirst) {
  HostConfig config;
  config.source = "/etc/pfhost/host.toml";
  config.plugin_dirs = {"$ORIGIN/../lib/pfhost/plugins", "relative"};
  config.plugin_files = {"/x/one.so"};
  PluginSourceInputs inputs;
  inputs.config = &config;
  inputs.cli_dirs = {"cli"};
  inputs.env_plugin_path = "/env1:/env2";
  inputs.origin_dir = "/usr/bin";
  inputs.cwd = "/home/u";
  const auto sources = collect_plugin_sources(inputs);
  ASSERT_EQ(sources.size(), 6u);
  EXPECT_EQ(sources[0].path, "/home/u/cli");
  EXPECT_EQ(sources[0].origin, SourceOrigin::cli_dir);
  EXPECT_EQ(sources[1].path, "/env1");
  EXPECT_EQ(sources[2].origin, SourceOrigin::env_dir);
  EXPECT_EQ(sources[3].path, "/x/one.so");
  EXPECT_FALSE(sources[3].is_directory);
  EXPECT_EQ(sources[4].path, "/usr/lib/pfhost/plugins");
  EXPECT_EQ(sources[4].spec, "$ORIGIN/../lib/pfhost/plugins");
  EXPECT_EQ(sources[5].path, "/etc/pfhost/relative");
}

TEST(ScanPluginSources, SortedSoFilesMissingDirectoriesAndDuplicates) {
#ifdef _WIN32
  const std::string so = ".dll";
#else
  const std::string so = ".so";
#endif
  test::TempDir tmp;
  for (const std::string &name : {"b" + so, "a" + so, std::string("notes.txt"), "c" + so + ".1"})
    test::write_file(tmp / name, "x");
  std::filesystem::create_directories(tmp / ("dir" + so));  // a directory is not a plugin
  const std::vector<PluginSource> sources = {
      {"t", tmp.path(), SourceOrigin::cli_dir, true},
      {"missing", tmp / "missing", SourceOrigin::config_dir, true},
      {"again", tmp.path(), SourceOrigin::config_dir, true},
      {"file", tmp / ("a" + so), SourceOrigin::config_file, false}};
  const PluginScan scan = scan_plugin_sources(sources);
  ASSERT_EQ(scan.files.size(), 2u);
  EXPECT_EQ(scan.files[0].path, tmp / ("a" + so));
  EXPECT_EQ(scan.files[1].path, tmp / ("b" + so));
  ASSERT_EQ(scan.sources.size(), 4u);
  EXPECT_TRUE(scan.sources[0].found);
  EXPECT_EQ(scan.sources[0].plugin_files, 2u);
  EXPECT_FALSE(scan.sources[1].found);
  EXPECT_EQ(scan.sources[1].problem, "no such directory");
  EXPECT_EQ(scan.sources[2].plugin_files, 0u);  // already listed
}

}  // namespace
}  // namespace pfhost::core
