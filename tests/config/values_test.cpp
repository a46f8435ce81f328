// Values of the right type but outside what a key accepts, and the values each key does accept.
#include "error_cases.hpp"
#include "test_support.hpp"

namespace pfhost::test {
namespace {

using namespace std::chrono_literals;

class BadValue : public testing::TestWithParam<ErrorCase> {};

TEST_P(BadValue, NamesFileLineColumnAndKey) {
  EXPECT_EQ(config_error(GetParam().text), GetParam().message);
}

ErrorCase keep_alive_case(const char *name, const std::string &value, const std::string &problem) {
  return {
      name, "[display]\nkeep_alive = \"" + value + "\"\n",
      "/cfg/host.toml:2:14: key 'display.keep_alive': " + problem + " (" + kKeepAliveHint + ")"};
}

INSTANTIATE_TEST_SUITE_P(
    KeepAlive, BadValue,
    testing::Values(keep_alive_case("NoUnit", "10", "\"10\" has no unit"),
                    keep_alive_case("UnknownUnit", "10x", "\"10x\" has an unknown unit 'x'"),
                    keep_alive_case("Negative", "-1s", "\"-1s\" is negative"),
                    keep_alive_case("Empty", "", "the duration is empty"),
                    keep_alive_case("Fraction", "1.5s", "\"1.5s\" is not a whole number"),
                    keep_alive_case("UppercaseUnit", "10S", "\"10S\" has an unknown unit 'S'"),
                    keep_alive_case("Word", "never", "\"never\" does not start with a number"),
                    keep_alive_case("Overflow", "9999999999999999h",
                                    "\"9999999999999999h\" is too long")),
    CaseName());

INSTANTIATE_TEST_SUITE_P(
    Ranges, BadValue,
    testing::Values(
        ErrorCase{"MaxDisplaysZero", "[display]\nmax_displays = 0\n",
                  "/cfg/host.toml:2:16: key 'display.max_displays': 0 is out of range (accepted: "
                  "an integer from 1 to 64)"},
        ErrorCase{"MaxDisplays65", "[display]\nmax_displays = 65\n",
                  "/cfg/host.toml:2:16: key 'display.max_displays': 65 is out of range (accepted: "
                  "an integer from 1 to 64)"},
        ErrorCase{"ProbeTimeoutTooShort", "[host]\nprobe_timeout_ms = 49\n",
                  "/cfg/host.toml:2:20: key 'host.probe_timeout_ms': 49 is out of range "
                  "(accepted: an integer from 50 to 60000)"},
        ErrorCase{"ProbeTimeoutTooLong", "[host]\nprobe_timeout_ms = 60_001\n",
                  "/cfg/host.toml:2:20: key 'host.probe_timeout_ms': 60001 is out of range "
                  "(accepted: an integer from 50 to 60000)"}),
    CaseName());

INSTANTIATE_TEST_SUITE_P(
    Enums, BadValue,
    testing::Values(
        ErrorCase{"LogLevel", "[host]\nlog_level = \"verbose\"\n",
                  "/cfg/host.toml:2:13: key 'host.log_level': \"verbose\" is not a log level "
                  "(accepted: trace, debug, info, warn, error, off)"},
        ErrorCase{"LogLevelTypo", "[host]\nlog_level = \"warning\"\n",
                  "/cfg/host.toml:2:13: key 'host.log_level': \"warning\" is not a log level (did "
                  "you mean 'warn'? accepted: trace, debug, info, warn, error, off)"},
        ErrorCase{"Sharing", "[display]\nsharing = \"shared\"\n",
                  "/cfg/host.toml:2:11: key 'display.sharing': \"shared\" is not a sharing mode "
                  "(accepted: separate, join)"},
        ErrorCase{"SharingTypo", "[display]\nsharing = \"seperate\"\n",
                  "/cfg/host.toml:2:11: key 'display.sharing': \"seperate\" is not a sharing mode "
                  "(did you mean 'separate'? accepted: separate, join)"}),
    CaseName());

constexpr const char *kIdleRepeatHint =
    "accepted: a duration from \"100ms\" to \"10s\", such as \"500ms\" or \"1s\"";

INSTANTIATE_TEST_SUITE_P(
    Stream, BadValue,
    testing::Values(
        ErrorCase{"FrameRateTypo", "[stream]\nframe_rate = \"varible\"\n",
                  "/cfg/host.toml:2:14: key 'stream.frame_rate': \"varible\" is not a frame rate "
                  "policy (did you mean 'variable'? accepted: variable, constant)"},
        ErrorCase{"IdleRepeatTooShort", "[stream]\nidle_repeat = \"20ms\"\n",
                  std::string("/cfg/host.toml:2:15: key 'stream.idle_repeat': '20ms' is out of "
                              "range (") +
                      kIdleRepeatHint + ")"},
        ErrorCase{"IdleRepeatTooLong", "[stream]\nidle_repeat = \"11s\"\n",
                  std::string("/cfg/host.toml:2:15: key 'stream.idle_repeat': '11s' is out of "
                              "range (") +
                      kIdleRepeatHint + ")"},
        ErrorCase{
            "IdleRepeatNoUnit", "[stream]\nidle_repeat = \"1\"\n",
            std::string("/cfg/host.toml:2:15: key 'stream.idle_repeat': \"1\" has no unit (") +
                kIdleRepeatHint + ")"}),
    CaseName());

INSTANTIATE_TEST_SUITE_P(
    Backends, BadValue,
    testing::Values(
        ErrorCase{"SingleNameString", "[backends]\ndisplay = \"kwin\"\n",
                  "/cfg/host.toml:2:11: key 'backends.display': \"kwin\" is not \"auto\" (" +
                      backend_hint("kwin") + ")"},
        ErrorCase{"EmptyList", "[backends]\ncapture = []\n",
                  "/cfg/host.toml:2:11: key 'backends.capture': the array is empty (" +
                      backend_hint("name") + ")"},
        ErrorCase{"DuplicateName", "[backends]\nencode = [\"nvenc\", \"vaapi\", \"nvenc\"]\n",
                  "/cfg/host.toml:2:29: key 'backends.encode[2]': duplicate backend 'nvenc' "
                  "(accepted: each backend at most once)"},
        ErrorCase{"InvalidName", "[backends]\nencode = [\"NVENC\"]\n",
                  "/cfg/host.toml:2:11: key 'backends.encode[0]': \"NVENC\" is not a valid "
                  "backend name (" +
                      kNameHint + ")"},
        ErrorCase{"AutoInsideList", "[backends]\ndisplay = [\"kwin\", \"auto\"]\n",
                  "/cfg/host.toml:2:20: key 'backends.display[1]': \"auto\" cannot be part of a "
                  "list (" +
                      kNameHint + ")"}),
    CaseName());

INSTANTIATE_TEST_SUITE_P(
    Paths, BadValue,
    testing::Values(
        ErrorCase{"EmptyPluginDir", "[host]\nplugin_dirs = [\"\"]\n",
                  "/cfg/host.toml:2:16: key 'host.plugin_dirs[0]': the path is empty (" +
                      kPathHint + ")"},
        ErrorCase{"VariableInPluginFile", "[host]\nplugin_files = [\"$HOME/p.so\"]\n",
                  "/cfg/host.toml:2:17: key 'host.plugin_files[0]': \"$HOME/p.so\" contains '$' "
                  "but only a leading $ORIGIN is expanded (" +
                      kPathHint + ")"},
        ErrorCase{"OriginInCacheDir", "[host]\ncache_dir = \"$ORIGIN/cache\"\n",
                  "/cfg/host.toml:2:13: key 'host.cache_dir': \"$ORIGIN/cache\" contains '$' but "
                  "only a leading $ORIGIN is expanded (accepted: \"\" for the default, an absolute "
                  "path or a path relative to this file's directory)"}),
    CaseName());

HostConfig parse(std::string_view text) {
  return parse_host_config(text, kSource);
}

KeepAlive keep_alive(const std::string &value) {
  return parse("[display]\nkeep_alive = \"" + value + "\"\n").display_policy.keep_alive;
}

TEST(KeepAliveValues, OffForeverAndDurations) {
  EXPECT_EQ(keep_alive("off"), (KeepAlive{KeepAlive::Kind::off, 0ms}));
  EXPECT_EQ(keep_alive("forever"), (KeepAlive{KeepAlive::Kind::forever, 0ms}));
  EXPECT_EQ(keep_alive("500ms"), (KeepAlive{KeepAlive::Kind::duration, 500ms}));
  EXPECT_EQ(keep_alive("10s"), (KeepAlive{KeepAlive::Kind::duration, 10s}));
  EXPECT_EQ(keep_alive("2m"), (KeepAlive{KeepAlive::Kind::duration, 2min}));
  EXPECT_EQ(keep_alive("1h"), (KeepAlive{KeepAlive::Kind::duration, 1h}));
  // Lingering for no time is tearing down at once.
  EXPECT_EQ(keep_alive("0s"), (KeepAlive{KeepAlive::Kind::off, 0ms}));
}

TEST(DisplayValues, MaxDisplaysBoundsAndSharing) {
  EXPECT_EQ(parse("[display]\nmax_displays = 1").display_policy.max_displays, 1u);
  EXPECT_EQ(parse("[display]\nmax_displays = 64").display_policy.max_displays, 64u);
  EXPECT_EQ(parse("[display]\nsharing = \"join\"").display_policy.sharing, DisplaySharing::join);
  EXPECT_EQ(parse("[display]\nsharing = \"separate\"").display_policy.sharing,
            DisplaySharing::separate);
}

TEST(StreamValues, FrameRatePolicyAndIdleRepeat) {
  EXPECT_EQ(parse("").stream, (StreamPolicy{false, 1000ms}));  // variable, a repeat a second
  EXPECT_TRUE(parse("[stream]\nframe_rate = \"constant\"").stream.constant_frame_rate);
  EXPECT_FALSE(parse("[stream]\nframe_rate = \"variable\"").stream.constant_frame_rate);
  EXPECT_EQ(parse("[stream]\nidle_repeat = \"100ms\"").stream.idle_repeat, 100ms);
  EXPECT_EQ(parse("[stream]\nidle_repeat = \"10s\"").stream.idle_repeat, 10s);
  EXPECT_EQ(builtin_host_config().stream, (StreamPolicy{false, 1000ms}));
}

TEST(HostValues, ProbeTimeoutAndLogLevel) {
  EXPECT_EQ(parse("[host]\nprobe_timeout_ms = 50").probe_timeout, 50ms);
  EXPECT_EQ(parse("[host]\nprobe_timeout_ms = 60000").probe_timeout, 60000ms);
  for (const char *level : {"trace", "debug", "info", "warn", "error", "off"}) {
    EXPECT_EQ(parse(std::string("[host]\nlog_level = \"") + level + "\"").log_level, level);
  }
}

TEST(BackendValues, AutoAndOrderedLists) {
  const HostConfig config = parse(
      "[backends]\ndisplay = [\"kwin\", \"wlroots\", \"pf-vdisplay\"]\ncapture = \"auto\"\n"
      "encode = [\"software\"]\n");
  EXPECT_EQ(config.display, (BackendPreference{false, {"kwin", "wlroots", "pf-vdisplay"}}));
  EXPECT_EQ(config.capture, (BackendPreference{true, {}}));
  EXPECT_EQ(config.encode, (BackendPreference{false, {"software"}}));
}

}  // namespace
}  // namespace pfhost::test
