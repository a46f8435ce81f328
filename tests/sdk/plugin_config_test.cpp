// pfhost/plugin_config.hpp: the one config policy every plugin shares. Typed getters fall back to
// their defaults, refuse wrong types and out-of-range values with the plugin, key, value and range
// in the text, read string arrays, and report every key nobody asked for as an error with the
// nearest known key. Built as C++17, the standard the SDK promises, against a fake host table.
#include <pfhost/plugin_config.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace {

using Value = std::variant<std::string, int64_t, double, bool>;

// A [plugins.<name>] table as the host would hand it over: flattened keys, getters that answer
// NOT_FOUND / INVALID_ARGUMENT as host.h says (integers convert to doubles).
struct FakeTable {
  std::vector<std::pair<std::string, Value>> entries;
  bool can_enumerate = true;
  pfhost_host_api api{};

  explicit FakeTable(std::vector<std::pair<std::string, Value>> values)
      : entries(std::move(values)) {
    api.struct_size = sizeof api;
    api.abi_major = PFHOST_ABI_MAJOR;
    api.abi_minor = PFHOST_ABI_MINOR;
    api.host_ctx = this;
    api.config_get_string = &get_string;
    api.config_get_int = &get_int;
    api.config_get_double = &get_double;
    api.config_get_bool = &get_bool;
    api.config_key_at = &key_at;
  }
  FakeTable(const FakeTable &) = delete;
  FakeTable &operator=(const FakeTable &) = delete;

  pfhost::Host host() const { return pfhost::Host(&api); }

  static FakeTable &of(void *ctx) { return *static_cast<FakeTable *>(ctx); }
  const Value *find(const char *key) const {
    for (const auto &[k, v] : entries)
      if (k == key) return &v;
    return nullptr;
  }
  static pfhost_status get_string(void *ctx, const char *key, const char **out) {
    const Value *v = of(ctx).find(key);
    if (v == nullptr) return PFHOST_E_NOT_FOUND;
    const auto *s = std::get_if<std::string>(v);
    if (s == nullptr) return PFHOST_E_INVALID_ARGUMENT;
    *out = s->c_str();
    return PFHOST_OK;
  }
  static pfhost_status get_int(void *ctx, const char *key, int64_t *out) {
    const Value *v = of(ctx).find(key);
    if (v == nullptr) return PFHOST_E_NOT_FOUND;
    const auto *i = std::get_if<int64_t>(v);
    if (i == nullptr) return PFHOST_E_INVALID_ARGUMENT;
    *out = *i;
    return PFHOST_OK;
  }
  static pfhost_status get_double(void *ctx, const char *key, double *out) {
    const Value *v = of(ctx).find(key);
    if (v == nullptr) return PFHOST_E_NOT_FOUND;
    if (const auto *i = std::get_if<int64_t>(v)) {
      *out = static_cast<double>(*i);
      return PFHOST_OK;
    }
    const auto *d = std::get_if<double>(v);
    if (d == nullptr) return PFHOST_E_INVALID_ARGUMENT;
    *out = *d;
    return PFHOST_OK;
  }
  static pfhost_status get_bool(void *ctx, const char *key, int32_t *out) {
    const Value *v = of(ctx).find(key);
    if (v == nullptr) return PFHOST_E_NOT_FOUND;
    const auto *b = std::get_if<bool>(v);
    if (b == nullptr) return PFHOST_E_INVALID_ARGUMENT;
    *out = *b ? 1 : 0;
    return PFHOST_OK;
  }
  static const char *key_at(void *ctx, uint32_t index) {
    const FakeTable &table = of(ctx);
    if (!table.can_enumerate) return nullptr;
    return index < table.entries.size() ? table.entries[index].first.c_str() : nullptr;
  }
};

// The text of the pfhost::Error that `body` throws (and that it is INVALID_ARGUMENT), or "".
template <class Body>
std::string error_of(Body &&body) {
  try {
    body();
  } catch (const pfhost::Error &e) {
    EXPECT_EQ(e.status(), PFHOST_E_INVALID_ARGUMENT) << e.what();
    return e.what();
  }
  return "";
}

TEST(ConfigReaderTest, AbsentKeysGiveTheDefaults) {
  FakeTable table({});
  pfhost::ConfigReader config(table.host(), "mine");
  EXPECT_EQ(config.get_string("binary", "mine"), "mine");
  EXPECT_FALSE(config.get_string("binary").has_value());
  EXPECT_TRUE(config.get_bool("cursor", true));
  EXPECT_EQ(config.get_int("buffers", 4, 2, 8), 4);
  EXPECT_EQ(config.get_int("anything", -7), -7);
  EXPECT_DOUBLE_EQ(config.get_double("scale", 1.5, 0.25, 4.0), 1.5);
  EXPECT_EQ(config.get_milliseconds("timeout_ms", std::chrono::seconds(5), 100, 60000),
            std::chrono::milliseconds(5000));
  EXPECT_FALSE(config.get_string_array("app").has_value());
  EXPECT_EQ(config.get_string_array("app", {"sleep", "infinity"}),
            (std::vector<std::string>{"sleep", "infinity"}));
  EXPECT_EQ(config.unknown_key_error(), "");
}

TEST(ConfigReaderTest, PresentKeysAreRead) {
  FakeTable table({{"binary", std::string("/usr/bin/x")},
                   {"cursor", false},
                   {"buffers", int64_t{8}},
                   {"scale", int64_t{2}},
                   {"timeout_ms", int64_t{100}},
                   {"app[0]", std::string("vkcube")},
                   {"app[1]", std::string("--wsi")}});
  pfhost::ConfigReader config(table.host(), "mine");
  EXPECT_EQ(config.get_string("binary", "mine"), "/usr/bin/x");
  EXPECT_FALSE(config.get_bool("cursor", true));
  EXPECT_EQ(config.get_int("buffers", 4, 2, 8), 8);                   // the bounds are inclusive
  EXPECT_DOUBLE_EQ(config.get_double("scale", 1.0, 0.25, 4.0), 2.0);  // an integer converts
  EXPECT_EQ(config.get_milliseconds("timeout_ms", std::chrono::seconds(5), 100, 60000),
            std::chrono::milliseconds(100));
  EXPECT_EQ(config.get_string_array("app"), (std::vector<std::string>{"vkcube", "--wsi"}));
  EXPECT_EQ(config.unknown_key_error(), "") << "every key, and app[N], was asked for";
}

TEST(ConfigReaderTest, OutOfRangeNamesPluginKeyValueAndRange) {
  FakeTable table({{"buffers", int64_t{12}},
                   {"threads", int64_t{-1}},
                   {"scale", 8.5},
                   {"timeout_ms", int64_t{0}}});
  pfhost::ConfigReader config(table.host(), "wlroots");
  EXPECT_EQ(error_of([&] { config.get_int("buffers", 4, 2, 8); }),
            "[plugins.wlroots] buffers = 12 is out of range: allowed 2..8");
  EXPECT_EQ(error_of([&] { config.get_int("threads", 0, 0, INT64_MAX); }),
            "[plugins.wlroots] threads = -1 is out of range: allowed at least 0");
  EXPECT_EQ(error_of([&] { config.get_double("scale", 1.0, 0.25, 4.0); }),
            "[plugins.wlroots] scale = 8.5 is out of range: allowed 0.25..4");
  EXPECT_EQ(
      error_of([&] { config.get_milliseconds("timeout_ms", std::chrono::seconds(1), 1, 600000); }),
      "[plugins.wlroots] timeout_ms = 0 is out of range: allowed 1..600000");
}

TEST(ConfigReaderTest, NanIsOutOfEveryRange) {
  FakeTable table({{"scale", std::nan("")}});
  pfhost::ConfigReader config(table.host(), "kwin");
  EXPECT_NE(error_of([&] { config.get_double("scale", 1.0, 0.25, 4.0); }).find("out of range"),
            std::string::npos);
}

TEST(ConfigReaderTest, WrongTypeNamesPluginKeyAndType) {
  FakeTable table({{"buffers", std::string("four")},
                   {"cursor", int64_t{1}},
                   {"binary", true},
                   {"app[0]", std::string("ok")},
                   {"app[1]", int64_t{3}}});
  pfhost::ConfigReader config(table.host(), "mine");
  EXPECT_EQ(error_of([&] { config.get_int("buffers", 4, 2, 8); }),
            "[plugins.mine] buffers must be an integer");
  EXPECT_EQ(error_of([&] { config.get_bool("cursor", true); }),
            "[plugins.mine] cursor must be a boolean (true or false)");
  EXPECT_EQ(error_of([&] { config.get_string("binary"); }),
            "[plugins.mine] binary must be a string");
  EXPECT_EQ(error_of([&] { config.get_string_array("app"); }),
            "[plugins.mine] app[1] must be a string");
}

TEST(ConfigReaderTest, UnknownKeyIsAnErrorWithTheNearestKnownKey) {
  FakeTable table({{"sway_bianry", std::string("/opt/sway")}, {"mode", std::string("managed")}});
  pfhost::ConfigReader config(table.host(), "wlroots");
  config.get_string("mode");
  config.get_string("sway_binary");
  config.get_string("sway_socket");
  EXPECT_EQ(config.unknown_key_error(),
            "[plugins.wlroots] unknown key 'sway_bianry' (did you mean 'sway_binary'?)");
}

TEST(ConfigReaderTest, EveryUnknownKeyIsNamedAndFarOnesGetNoSuggestion) {
  FakeTable table({{"colour", std::string("red")},
                   {"speed", int64_t{3}},
                   {"zzzzzzzzzzzz", true},
                   {"app[x]", std::string("not an index")},
                   {"apps[0]", std::string("not the array")}});
  pfhost::ConfigReader config(table.host(), "minimal");
  config.get_int("speed", 4);
  config.get_string_array("app");
  config.allow("color");
  EXPECT_EQ(config.unknown_key_error(),
            "[plugins.minimal] unknown key 'colour' (did you mean 'color'?); "
            "[plugins.minimal] unknown key 'zzzzzzzzzzzz'; "
            "[plugins.minimal] unknown key 'app[x]'; "
            "[plugins.minimal] unknown key 'apps[0]'");
}

TEST(ConfigReaderTest, AllowedAndNestedKeysAreKnown) {
  FakeTable table({{"x264.preset", std::string("fast")}, {"marker_file", std::string("/tmp/m")}});
  pfhost::ConfigReader config(table.host(), "software");
  config.get_string("x264.preset");
  config.allow("marker_file");
  EXPECT_EQ(config.unknown_key_error(), "");
}

TEST(ConfigReaderTest, AHostThatCannotEnumerateKeysReportsNothing) {
  FakeTable table({{"typo", true}});
  table.can_enumerate = false;
  pfhost::ConfigReader config(table.host(), "mine");
  EXPECT_EQ(config.unknown_key_error(), "");
}

TEST(ConfigReaderTest, CheckConfigThrowsOnlyForAnError) {
  EXPECT_NO_THROW(pfhost::check_config(""));
  EXPECT_EQ(error_of([] { pfhost::check_config("[plugins.x] unknown key 'y'"); }),
            "[plugins.x] unknown key 'y'");
  // In probe, inside guarded(): the failing status and the reason --list-backends shows.
  char text[128] = {};
  pfhost_reason reason{sizeof reason, sizeof text, text};
  EXPECT_EQ(pfhost::guarded(&reason, [] { pfhost::check_config("[plugins.x] unknown key 'y'"); }),
            PFHOST_E_INVALID_ARGUMENT);
  EXPECT_STREQ(text, "[plugins.x] unknown key 'y'");
}

TEST(ConfigKeyDistanceTest, CountsATranspositionAsOneEdit) {
  EXPECT_EQ(pfhost::config_key_distance("sway_bianry", "sway_binary"), 1u);
  EXPECT_EQ(pfhost::config_key_distance("speed", "speed"), 0u);
  EXPECT_EQ(pfhost::config_key_distance("", "abc"), 3u);
  EXPECT_EQ(pfhost::config_key_distance("kitten", "sitting"), 3u);
}

TEST(ConfigKeyDistanceTest, NearestKeyWithinAThirdOfTheKey) {
  const std::vector<std::string> known = {"node_timeout_ms", "stop_timeout_ms", "binary"};
  EXPECT_EQ(pfhost::nearest_config_key("stop_timout_ms", known), "stop_timeout_ms");
  EXPECT_EQ(pfhost::nearest_config_key("binray", known), "binary");
  EXPECT_FALSE(pfhost::nearest_config_key("colour", known).has_value());
  EXPECT_FALSE(pfhost::nearest_config_key("ab", {"xy"}).has_value());
}

// A plugin whose state is its settings: SettingsContext::init reads them through the plugin's
// reader, keeps the unknown-key verdict for the probes, and refuses bad input with a reason.
struct DemoSettings {
  int64_t buffers = 4;
};

DemoSettings read_demo_settings(const pfhost::Host &host, std::string *config_error) {
  pfhost::ConfigReader config(host, "demo");
  DemoSettings settings;
  settings.buffers = config.get_int("buffers", 4, 2, 8);
  *config_error = config.unknown_key_error();
  return settings;
}

using DemoContext = pfhost::SettingsContext<DemoSettings>;

TEST(SettingsContextTest, InitReadsTheSettingsAndKeepsTheUnknownKeyVerdict) {
  FakeTable table({{"buffers", int64_t{6}}, {"bufers", int64_t{2}}});
  void *ctx = nullptr;
  char text[256] = "";
  pfhost_reason reason{sizeof(pfhost_reason), sizeof text, text};
  ASSERT_EQ((DemoContext::init<read_demo_settings>(&table.api, &ctx, &reason)), PFHOST_OK)
      << reason.text;
  ASSERT_NE(ctx, nullptr);
  const DemoContext &context = DemoContext::of(ctx);
  EXPECT_EQ(context.config.buffers, 6);
  EXPECT_NE(context.config_error.find("unknown key 'bufers'"), std::string::npos)
      << context.config_error;
  delete static_cast<DemoContext *>(ctx);
}

TEST(SettingsContextTest, ABadValueOrNoPlaceForTheContextFailsInitWithAReason) {
  FakeTable table({{"buffers", int64_t{12}}});
  void *ctx = nullptr;
  char text[256] = "";
  pfhost_reason reason{sizeof(pfhost_reason), sizeof text, text};
  EXPECT_EQ((DemoContext::init<read_demo_settings>(&table.api, &ctx, &reason)),
            PFHOST_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(reason.text).find("buffers = 12 is out of range"), std::string::npos)
      << reason.text;
  EXPECT_EQ(ctx, nullptr);
  EXPECT_EQ((DemoContext::init<read_demo_settings>(&table.api, nullptr, &reason)),
            PFHOST_E_INVALID_ARGUMENT);
}

TEST(SettingsContextTest, AHostThatSkippedInitGetsTheDefaults) {
  EXPECT_EQ(DemoContext::of(nullptr).config.buffers, 4);
  EXPECT_EQ(DemoContext::of(nullptr).config_error, "");
}

}  // namespace
