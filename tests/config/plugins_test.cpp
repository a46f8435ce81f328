// [plugins.<name>] tables are handed to plugins flattened to dotted keys and indexed arrays.
#include "error_cases.hpp"
#include "test_support.hpp"

namespace pfhost::test {
namespace {

TEST(PluginTables, FlattensNestedTablesAndArrays) {
  const HostConfig config = parse_host_config(
      "[plugins.software]\n"
      "preset = \"veryfast\"\n"
      "threads = 4\n"
      "crf = 23.5\n"
      "low_latency = true\n"
      "encoder.preset = \"p4\"\n"
      "encoder.tune = { mode = \"ull\", level = 2 }\n"
      "modes = [\"1920x1080\", \"1280x720\"]\n"
      "matrix = [[1, 2], [3]]\n"
      "[[plugins.software.outputs]]\n"
      "url = \"srt://a\"\n"
      "[[plugins.software.outputs]]\n"
      "url = \"udp://b\"\n"
      "[plugins.kwin]\n",
      kSource);
  const PluginSettings expected{
      {"preset", std::string("veryfast")},
      {"threads", int64_t{4}},
      {"crf", 23.5},
      {"low_latency", true},
      {"encoder.preset", std::string("p4")},
      {"encoder.tune.mode", std::string("ull")},
      {"encoder.tune.level", int64_t{2}},
      {"modes[0]", std::string("1920x1080")},
      {"modes[1]", std::string("1280x720")},
      {"matrix[0][0]", int64_t{1}},
      {"matrix[0][1]", int64_t{2}},
      {"matrix[1][0]", int64_t{3}},
      {"outputs[0].url", std::string("srt://a")},
      {"outputs[1].url", std::string("udp://b")},
  };
  ASSERT_EQ(config.plugins.size(), 2u);
  EXPECT_EQ(config.plugins.at("software"), expected);
  // An empty table still names the plugin.
  EXPECT_TRUE(config.plugins.at("kwin").empty());
}

TEST(PluginTables, NamesMayUseDigitsDashAndUnderscore) {
  const HostConfig config =
      parse_host_config("[plugins.pf-vdisplay_2]\nx = 1\n[plugins]\nnvenc.y = 2\n", kSource);
  EXPECT_EQ(config.plugins.at("pf-vdisplay_2").at("x"), PluginSettingValue(int64_t{1}));
  EXPECT_EQ(config.plugins.at("nvenc").at("y"), PluginSettingValue(int64_t{2}));
}

class PluginTableError : public testing::TestWithParam<ErrorCase> {};

TEST_P(PluginTableError, NamesFileLineColumnAndKey) {
  EXPECT_EQ(config_error(GetParam().text), GetParam().message);
}

constexpr const char *kValueHint =
    "accepted: strings, integers, floats, booleans, and arrays or tables of them";

INSTANTIATE_TEST_SUITE_P(
    Values, PluginTableError,
    testing::Values(
        ErrorCase{"BadPluginName", "[plugins.\"My Plugin\"]\nx = 1\n",
                  "/cfg/host.toml:1:10: key 'plugins.My Plugin': \"My Plugin\" is not a valid "
                  "plugin name (" +
                      kNameHint + ")"},
        ErrorCase{"UppercasePluginName", "[plugins]\nKWin = {}\n",
                  "/cfg/host.toml:2:1: key 'plugins.KWin': \"KWin\" is not a valid plugin name (" +
                      kNameHint + ")"},
        ErrorCase{"Date", "[plugins.x]\nsince = 2024-01-31\n",
                  "/cfg/host.toml:2:9: key 'plugins.x.since': a date is not supported (" +
                      std::string(kValueHint) + ")"},
        ErrorCase{"TimeInNestedTable", "[plugins.x.schedule]\nat = 07:30:00\n",
                  "/cfg/host.toml:2:6: key 'plugins.x.schedule.at': a time is not supported (" +
                      std::string(kValueHint) + ")"},
        ErrorCase{"DateTimeInArray", "[plugins.x]\nwhen = [1, 1979-05-27T07:32:00Z]\n",
                  "/cfg/host.toml:2:12: key 'plugins.x.when[1]': a date-time is not supported (" +
                      std::string(kValueHint) + ")"},
        ErrorCase{"FlattenedKeyCollision", "[plugins.x]\na.b = 1\n\"a.b\" = 2\n",
                  "/cfg/host.toml:3:9: key 'plugins.x.a.b': collides with another key of the "
                  "same flattened name (accepted: each flattened key once)"}),
    CaseName());

}  // namespace
}  // namespace pfhost::test
