// user_dirs on Windows: %APPDATA% then %ProgramData% for host.toml, %LOCALAPPDATA% for the cache
// and state; relative values are ignored.
#include <gtest/gtest.h>

#include <pfhost/test/scoped_env.hpp>

#include "os/user_dirs.hpp"

namespace pfhost::core::os {
namespace {

namespace fs = std::filesystem;

TEST(UserDirsWindows, ConfigCandidatesAreAppDataThenProgramData) {
  pfhost::test::ScopedEnv env("APPDATA", "C:\\Users\\ana\\AppData\\Roaming");
  env.set("ProgramData", "C:\\ProgramData");
  const auto candidates = host_config_candidates();
  ASSERT_EQ(candidates.size(), 2u);
  EXPECT_EQ(candidates[0], fs::path("C:\\Users\\ana\\AppData\\Roaming\\pfhost\\host.toml"));
  EXPECT_EQ(candidates[1], fs::path("C:\\ProgramData\\pfhost\\host.toml"));
}

TEST(UserDirsWindows, RelativeOrMissingFoldersAreSkipped) {
  pfhost::test::ScopedEnv env("APPDATA", "relative\\dir");
  env.unset("ProgramData");
  EXPECT_TRUE(host_config_candidates().empty());
}

TEST(UserDirsWindows, CacheAndStateLiveUnderLocalAppData) {
  pfhost::test::ScopedEnv env("LOCALAPPDATA", "D:\\Local");
  EXPECT_EQ(cache_dir(), fs::path("D:\\Local\\pfhost\\cache"));
  EXPECT_EQ(state_dir(), fs::path("D:\\Local\\pfhost\\state"));
}

}  // namespace
}  // namespace pfhost::core::os
