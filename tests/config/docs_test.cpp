// Every ```toml example in docs/host-toml.md must be a valid host.toml.
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

TEST(HostTomlDocs, EveryExampleParses) {
  const std::filesystem::path doc = PFHOST_SOURCE_DIR "/docs/host-toml.md";
  std::ifstream in(doc);
  ASSERT_TRUE(in) << doc;
  std::stringstream text;
  text << in.rdbuf();
  const std::vector<std::string> blocks = toml_blocks(text.str());
  ASSERT_GE(blocks.size(), 5u);
  for (const std::string &block : blocks) {
    EXPECT_NO_THROW((void)parse_host_config(block, "/etc/pfhost/host.toml")) << block;
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
