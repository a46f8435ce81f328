// The search order (./host.toml, $XDG_CONFIG_HOME or ~/.config, /etc), loading files, and the
// built-in fallback. Each test uses its own temp dir and restores env and cwd.
#include <unistd.h>

#include "test_support.hpp"

namespace pfhost::test {
namespace {

namespace fs = std::filesystem;

const fs::path kEtc = "/etc/pfhost/host.toml";

// A temp dir laid out as cwd/, xdg/ and home/, with the environment pointing at it.
class SearchOrder : public testing::Test {
 protected:
  fs::path cwd_dir() const { return dir_.path() / "cwd"; }
  fs::path xdg_dir() const { return dir_.path() / "xdg"; }
  fs::path home_dir() const { return dir_.path() / "home"; }

  void SetUp() override {
    fs::create_directories(cwd_dir());
    fs::create_directories(xdg_dir());
    fs::create_directories(home_dir());
    cwd_.emplace(cwd_dir());
  }

  TempDir dir_;
  ScopedEnv xdg_{"XDG_CONFIG_HOME", std::nullopt};
  ScopedEnv home_{"HOME", std::nullopt};
  std::optional<ScopedCwd> cwd_;
};

TEST_F(SearchOrder, PathsWithXdgConfigHome) {
  ScopedEnv xdg("XDG_CONFIG_HOME", xdg_dir().string());
  ScopedEnv home("HOME", home_dir().string());
  EXPECT_EQ(host_config_search_paths(),
            (std::vector<fs::path>{fs::current_path() / "host.toml",
                                   xdg_dir() / "pfhost" / "host.toml", kEtc}));
}

TEST_F(SearchOrder, PathsFallBackToHomeWhenXdgIsUnsetEmptyOrRelative) {
  ScopedEnv home("HOME", home_dir().string());
  const std::vector<fs::path> expected{fs::current_path() / "host.toml",
                                       home_dir() / ".config" / "pfhost" / "host.toml", kEtc};
  EXPECT_EQ(host_config_search_paths(), expected);
  {
    ScopedEnv xdg("XDG_CONFIG_HOME", "");
    EXPECT_EQ(host_config_search_paths(), expected);
  }
  {
    ScopedEnv xdg("XDG_CONFIG_HOME", "relative/config");
    EXPECT_EQ(host_config_search_paths(), expected);
  }
}

TEST_F(SearchOrder, PathsWithoutHomeOrXdg) {
  EXPECT_EQ(host_config_search_paths(),
            (std::vector<fs::path>{fs::current_path() / "host.toml", kEtc}));
}

TEST_F(SearchOrder, WorkingDirectoryComesFirst) {
  ScopedEnv xdg("XDG_CONFIG_HOME", xdg_dir().string());
  write_file(cwd_dir() / "host.toml", "");
  write_file(xdg_dir() / "pfhost" / "host.toml", "");
  EXPECT_EQ(find_host_config(), fs::current_path() / "host.toml");
}

TEST_F(SearchOrder, XdgConfigHomeComesSecond) {
  ScopedEnv xdg("XDG_CONFIG_HOME", xdg_dir().string());
  ScopedEnv home("HOME", home_dir().string());
  write_file(xdg_dir() / "pfhost" / "host.toml", "");
  write_file(home_dir() / ".config" / "pfhost" / "host.toml", "");
  EXPECT_EQ(find_host_config(), xdg_dir() / "pfhost" / "host.toml");
}

TEST_F(SearchOrder, HomeConfigWhenXdgIsUnset) {
  ScopedEnv home("HOME", home_dir().string());
  write_file(home_dir() / ".config" / "pfhost" / "host.toml", "");
  EXPECT_EQ(find_host_config(), home_dir() / ".config" / "pfhost" / "host.toml");
}

TEST_F(SearchOrder, ResolveLoadsTheFoundFile) {
  ScopedEnv xdg("XDG_CONFIG_HOME", xdg_dir().string());
  const fs::path file = xdg_dir() / "pfhost" / "host.toml";
  write_file(file, "[display]\nmax_displays = 2\n");
  const HostConfig config = resolve_host_config(std::nullopt);
  EXPECT_EQ(config.source, file);
  EXPECT_EQ(config.display_policy.max_displays, 2u);
}

TEST_F(SearchOrder, ResolveFallsBackToTheBuiltinDefault) {
  if (fs::exists(kEtc)) GTEST_SKIP() << kEtc << " exists on this machine";
  EXPECT_EQ(find_host_config(), std::nullopt);
  EXPECT_EQ(resolve_host_config(std::nullopt), HostConfig{});
}

TEST_F(SearchOrder, ExplicitFileWinsOverTheSearch) {
  write_file(cwd_dir() / "host.toml", "[display]\nmax_displays = 2\n");
  const fs::path file = dir_.path() / "explicit.toml";
  write_file(file, "[display]\nmax_displays = 3\n");
  const HostConfig config = resolve_host_config(file);
  EXPECT_EQ(config.source, file);
  EXPECT_EQ(config.display_policy.max_displays, 3u);
}

TEST_F(SearchOrder, ExplicitFileMustExist) {
  write_file(cwd_dir() / "host.toml", "");
  const fs::path missing = dir_.path() / "missing.toml";
  try {
    (void)resolve_host_config(missing);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError &error) {
    EXPECT_EQ(std::string(error.what()),
              missing.string() + ": cannot read the configuration file: No such file or directory");
  }
}

TEST_F(SearchOrder, LoadingADirectoryNamesTheOsError) {
  try {
    (void)load_host_config(dir_.path());
    FAIL() << "expected ConfigError";
  } catch (const ConfigError &error) {
    EXPECT_EQ(std::string(error.what()),
              dir_.path().string() + ": cannot read the configuration file: Is a directory");
  }
}

TEST_F(SearchOrder, LoadingAnUnreadableFileNamesTheOsError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads any file";
  const fs::path file = dir_.path() / "secret.toml";
  write_file(file, "");
  fs::permissions(file, fs::perms::none);
  try {
    (void)load_host_config(file);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError &error) {
    EXPECT_EQ(std::string(error.what()),
              file.string() + ": cannot read the configuration file: Permission denied");
  }
}

TEST_F(SearchOrder, ErrorsInALoadedFileNameThatFile) {
  const fs::path file = dir_.path() / "bad.toml";
  write_file(file, "[display]\nkeep_alive = \"10\"\n");
  try {
    (void)load_host_config(file);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError &error) {
    EXPECT_EQ(std::string(error.what()),
              file.string() +
                  ":2:14: key 'display.keep_alive': \"10\" has no unit (accepted: \"off\", "
                  "\"forever\" or a duration such as \"500ms\", \"10s\", \"2m\", \"1h\")");
  }
}

}  // namespace
}  // namespace pfhost::test
