// Every ```toml example in docs/host-toml.md must be a valid host.toml that means what the
// document says it means.
#include <chrono>
#include <fstream>
#include <sstream>

#include "test_support.hpp"

namespace pfhost::test {
namespace {

std::vector<std::string> toml_blocks(const std::string &markdown) {
  std::vector<std::string> blocks;
  std::istringstream in(markdown);
  std::string line;
  std::optional<std::string> block;
  while (std::getline(in, line)) {
    if (!block && line == "```toml") {
      block.emplace();
    } else if (block && line == "```") {
      blocks.push_back(std::move(*block));
      block.reset();
    } else if (block) {
      *block += line + "\n";
    }
  }
  return blocks;
}

std::string sharing_name(DisplaySharing sharing) {
  return sharing == DisplaySharing::join ? "join" : "separate";
}

// What each ```toml block of the document says, in document order: the whole HostConfig it must
// give when read from /etc/pfhost/host.toml, so a key the parser drops or misreads fails here,
// and so does a key the example does not set but the parser changes.
std::vector<HostConfig> documented_examples() {
  const std::filesystem::path source = "/etc/pfhost/host.toml";
  auto from_defaults = [&source] {
    HostConfig config;
    config.source = source;
    return config;
  };
  std::vector<HostConfig> examples;

  // "Complete example (the built-in default)": every key at its default.
  examples.push_back(from_defaults());

  // [host]: a relative plugin file is relative to the host.toml's directory; $ORIGIN is kept.
  HostConfig host = from_defaults();
  host.plugin_dirs = {"$ORIGIN/../lib/pfhost/plugins", "/opt/vendor/pfhost-plugins"};
  host.plugin_files = {"/etc/pfhost/plugins/libmy-encoder.so"};
  host.probe_timeout = std::chrono::milliseconds(5000);
  host.log_level = "debug";
  examples.push_back(host);

  // [backends]: two ordered lists, capture left on auto.
  HostConfig backends = from_defaults();
  backends.display = BackendPreference{false, {"kwin", "wlroots"}};
  backends.encode = BackendPreference{false, {"nvenc", "vaapi", "software"}};
  examples.push_back(backends);

  // [display]: "2m" is two minutes.
  HostConfig display = from_defaults();
  display.display_policy.keep_alive = KeepAlive{KeepAlive::Kind::duration, std::chrono::minutes(2)};
  display.display_policy.max_displays = 2;
  display.display_policy.sharing = DisplaySharing::join;
  examples.push_back(display);

  // [stream]: a constant frame rate.
  HostConfig stream = from_defaults();
  stream.stream.constant_frame_rate = true;
  examples.push_back(stream);

  // [serve]: reachable from other machines (https, a token for SRT callers), one extra Host name.
  HostConfig serve = from_defaults();
  serve.serve.api_listen = "0.0.0.0:9780";
  serve.serve.allowed_hosts = {"studio.lan"};
  serve.serve.srt_listen = "0.0.0.0:9710";
  serve.serve.srt_token = "a-token-callers-send";
  examples.push_back(serve);

  // A private sway with an application: the wlroots table handed over flattened.
  HostConfig wlroots = from_defaults();
  wlroots.display = BackendPreference{false, {"wlroots"}};
  wlroots.plugins["wlroots"] = {{"mode", std::string("managed")}, {"app[0]", std::string("foot")}};
  examples.push_back(wlroots);

  // The flattening example: each key as its comment names it.
  HostConfig flattened = from_defaults();
  flattened.plugins["software"] = {
      {"preset", std::string("veryfast")},
      {"threads", int64_t{4}},
      {"encoder.tune", std::string("zerolatency")},
      {"modes[0]", std::string("1920x1080")},
      {"modes[1]", std::string("1280x720")},
      {"outputs[0].url", std::string("srt://0.0.0.0:9000?mode=listener")},
  };
  examples.push_back(flattened);
  return examples;
}

TEST(HostTomlDocs, EveryExampleParsesToWhatTheDocumentSays) {
#ifdef _WIN32
  GTEST_SKIP() << "the examples use Linux absolute paths, which are drive-relative on Windows";
#endif
  const std::filesystem::path doc = PFHOST_SOURCE_DIR "/docs/host-toml.md";
  std::ifstream in(doc);
  ASSERT_TRUE(in) << doc;
  std::stringstream text;
  text << in.rdbuf();
  const std::vector<std::string> blocks = toml_blocks(text.str());
  const std::vector<HostConfig> expected = documented_examples();
  // An example added, removed or moved must come with its expectation here.
  ASSERT_EQ(blocks.size(), expected.size())
      << "docs/host-toml.md has " << blocks.size()
      << " toml examples; documented_examples() describes " << expected.size();
  for (size_t i = 0; i < blocks.size(); ++i) {
    SCOPED_TRACE("example " + std::to_string(i + 1) + ":\n" + blocks[i]);
    HostConfig parsed;
    ASSERT_NO_THROW(parsed = parse_host_config(blocks[i], "/etc/pfhost/host.toml"));
    EXPECT_EQ(parsed.source, expected[i].source);
    EXPECT_EQ(parsed.plugin_dirs, expected[i].plugin_dirs);
    EXPECT_EQ(parsed.plugin_files, expected[i].plugin_files);
    EXPECT_EQ(parsed.probe_timeout.count(), expected[i].probe_timeout.count());
    EXPECT_EQ(parsed.cache_dir, expected[i].cache_dir);
    EXPECT_EQ(parsed.log_level, expected[i].log_level);
    EXPECT_EQ(parsed.display.automatic, expected[i].display.automatic);
    EXPECT_EQ(parsed.display.order, expected[i].display.order);
    EXPECT_EQ(parsed.capture.automatic, expected[i].capture.automatic);
    EXPECT_EQ(parsed.capture.order, expected[i].capture.order);
    EXPECT_EQ(parsed.encode.automatic, expected[i].encode.automatic);
    EXPECT_EQ(parsed.encode.order, expected[i].encode.order);
    EXPECT_EQ(parsed.display_policy.keep_alive.kind, expected[i].display_policy.keep_alive.kind);
    EXPECT_EQ(parsed.display_policy.keep_alive.duration.count(),
              expected[i].display_policy.keep_alive.duration.count());
    EXPECT_EQ(parsed.display_policy.max_displays, expected[i].display_policy.max_displays);
    EXPECT_EQ(sharing_name(parsed.display_policy.sharing),
              sharing_name(expected[i].display_policy.sharing));
    EXPECT_EQ(parsed.plugins, expected[i].plugins);
    // Whatever the field-by-field checks above do not name (a field added later).
    EXPECT_EQ(parsed, expected[i]);
  }
}

TEST(HostTomlDocs, FlatteningExampleMatchesTheComments) {
  const HostConfig config = parse_host_config(
      "[plugins.software]\nencoder.tune = \"zerolatency\"\nmodes = [\"a\", \"b\"]\n"
      "[[plugins.software.outputs]]\nurl = \"srt://x\"\n",
      kSource);
  const PluginSettings &settings = config.plugins.at("software");
  EXPECT_EQ(settings.at("encoder.tune"), PluginSettingValue(std::string("zerolatency")));
  EXPECT_EQ(settings.at("modes[1]"), PluginSettingValue(std::string("b")));
  EXPECT_EQ(settings.at("outputs[0].url"), PluginSettingValue(std::string("srt://x")));
}

TEST(HostTomlDocs, BuiltinDefaultIsTheDocumentedExample) {
  // The doc's "Complete example" is the built-in default without its comments.
  const HostConfig documented = parse_host_config(
      "[host]\nplugin_dirs = [\"$ORIGIN/../lib/pfhost/plugins\"]\nplugin_files = []\n"
      "probe_timeout_ms = 2000\ncache_dir = \"\"\nlog_level = \"info\"\n[backends]\n"
      "display = \"auto\"\ncapture = \"auto\"\nencode = \"auto\"\n[display]\n"
      "keep_alive = \"10s\"\nmax_displays = 4\nsharing = \"separate\"\n",
      "");
  EXPECT_EQ(documented, builtin_host_config());
}

}  // namespace
}  // namespace pfhost::test
