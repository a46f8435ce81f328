// What an absent key means, and the built-in default configuration.
#include "test_support.hpp"

namespace pfhost::test {
namespace {

using namespace std::chrono_literals;

TEST(Defaults, EmptyFileGivesTheDefaults) {
  HostConfig expected;
  expected.source = kSource;
  EXPECT_EQ(parse_host_config("", kSource), expected);
  EXPECT_EQ(
      parse_host_config("# only a comment\n\n[host]\n[backends]\n[display]\n[plugins]\n", kSource),
      expected);
}

TEST(Defaults, DefaultValues) {
  const HostConfig config = parse_host_config("", kSource);
  EXPECT_EQ(config.plugin_dirs, std::vector<std::string>{"$ORIGIN/../lib/pfhost/plugins"});
  EXPECT_TRUE(config.plugin_files.empty());
  EXPECT_EQ(config.probe_timeout, 2000ms);
  EXPECT_EQ(config.cache_dir, "");
  EXPECT_EQ(config.log_level, "info");
  EXPECT_TRUE(config.display.automatic);
  EXPECT_TRUE(config.capture.automatic);
  EXPECT_TRUE(config.encode.automatic);
  EXPECT_EQ(config.display_policy.keep_alive, (KeepAlive{KeepAlive::Kind::duration, 10s}));
  EXPECT_EQ(config.display_policy.max_displays, 4u);
  EXPECT_EQ(config.display_policy.sharing, DisplaySharing::separate);
  EXPECT_TRUE(config.plugins.empty());
}

TEST(Defaults, AbsentKeysKeepTheirDefaultsBesidePresentOnes) {
  const HostConfig config =
      parse_host_config("[host]\nlog_level = \"debug\"\n[display]\nsharing = \"join\"\n", kSource);
  HostConfig expected;
  expected.source = kSource;
  expected.log_level = "debug";
  expected.display_policy.sharing = DisplaySharing::join;
  EXPECT_EQ(config, expected);
}

TEST(BuiltinDefault, ParsesToTheDefaults) {
  EXPECT_EQ(builtin_host_config(), HostConfig{});
  HostConfig named = parse_host_config(builtin_host_config_text(), "<built-in default>");
  EXPECT_EQ(named.source, "<built-in default>");
  named.source.clear();
  EXPECT_EQ(named, HostConfig{});
}

TEST(BuiltinDefault, SpellsOutEveryKey) {
  const std::string_view text = builtin_host_config_text();
  for (const char *key : {"[host]", "plugin_dirs", "plugin_files", "probe_timeout_ms", "cache_dir",
                          "log_level", "[backends]", "display =", "capture =", "encode =",
                          "[display]", "keep_alive", "max_displays", "sharing", "[plugins."}) {
    EXPECT_NE(text.find(key), std::string_view::npos) << key;
  }
}

}  // namespace
}  // namespace pfhost::test
