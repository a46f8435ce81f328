// Relative plugin paths are anchored at the config file's directory; $ORIGIN stays for the loader.
#include "test_support.hpp"

namespace pfhost::test {
namespace {

namespace fs = std::filesystem;

TEST(Paths, RelativePathsAreResolvedAgainstTheFilesDirectory) {
#ifdef _WIN32
  GTEST_SKIP() << "the examples use Linux absolute paths, which are drive-relative on Windows";
#endif
  const HostConfig config = parse_host_config(
      "[host]\n"
      "plugin_dirs = [\"plugins\", \"../common/./plugins/\", \"/opt/pfhost/plugins\"]\n"
      "plugin_files = [\"extra/libvendor.so\", \"/usr/lib/libother.so\"]\n"
      "cache_dir = \"cache\"\n",
      "/etc/pfhost/host.toml");
  EXPECT_EQ(config.plugin_dirs,
            (std::vector<std::string>{"/etc/pfhost/plugins", "/etc/common/plugins/",
                                      "/opt/pfhost/plugins"}));
  EXPECT_EQ(config.plugin_files,
            (std::vector<std::string>{"/etc/pfhost/extra/libvendor.so", "/usr/lib/libother.so"}));
  EXPECT_EQ(config.cache_dir, "/etc/pfhost/cache");
}

TEST(Paths, OriginPathsAreKeptAsWritten) {
  const HostConfig config = parse_host_config(
      "[host]\nplugin_dirs = [\"$ORIGIN\", \"$ORIGIN/../lib/x/../plugins\"]\n"
      "plugin_files = [\"$ORIGIN/p.so\"]\n",
      "/etc/pfhost/host.toml");
  EXPECT_EQ(config.plugin_dirs,
            (std::vector<std::string>{"$ORIGIN", "$ORIGIN/../lib/x/../plugins"}));
  EXPECT_EQ(config.plugin_files, std::vector<std::string>{"$ORIGIN/p.so"});
}

TEST(Paths, EmptyListsReplaceTheDefault) {
  const HostConfig config = parse_host_config("[host]\nplugin_dirs = []\n", "/x/host.toml");
  EXPECT_TRUE(config.plugin_dirs.empty());
}

TEST(Paths, RelativeSourceIsAnchoredAtTheWorkingDirectory) {
  TempDir dir;
  ScopedCwd cwd(dir.path());
  const HostConfig config =
      parse_host_config("[host]\nplugin_dirs = [\"p\"]\n", fs::path("conf") / "host.toml");
  const fs::path expected = fs::current_path() / "conf" / "p";
  EXPECT_EQ(config.plugin_dirs, std::vector<std::string>{expected.string()});
}

TEST(Paths, LoadedFileAnchorsAtItsDirectory) {
  TempDir dir;
  const fs::path file = dir.path() / "etc" / "host.toml";
  write_file(file, "[host]\nplugin_files = [\"../lib/p.so\"]\n");
  const HostConfig config = load_host_config(file);
  EXPECT_EQ(config.source, file);
  EXPECT_EQ(config.plugin_files, std::vector<std::string>{(dir.path() / "lib" / "p.so").string()});
}

}  // namespace
}  // namespace pfhost::test
