// The XDG base-directory rules behind host.toml's search order, the probe cache and the state
// directory.
#include "os/user_dirs.hpp"

#include <gtest/gtest.h>

#include <pfhost/test/scoped_env.hpp>

namespace pfhost::core::os {
namespace {

using test::ScopedEnv;

TEST(UserDirs, XdgVariablesWinOverHome) {
  ScopedEnv env;
  env.set("HOME", "/home/u").set("XDG_CONFIG_HOME", "/cfg").set("XDG_CACHE_HOME", "/cache");
  env.set("XDG_STATE_HOME", "/state");
  EXPECT_EQ(host_config_candidates(),
            (std::vector<std::filesystem::path>{"/cfg/pfhost/host.toml", "/etc/pfhost/host.toml"}));
  EXPECT_EQ(cache_dir(), "/cache/pfhost");
  EXPECT_EQ(state_dir(), "/state/pfhost");
}

TEST(UserDirs, RelativeXdgValuesAreIgnoredForHome) {
  ScopedEnv env;
  env.set("HOME", "/home/u").set("XDG_CONFIG_HOME", "relative").set("XDG_CACHE_HOME", "");
  env.unset("XDG_STATE_HOME");
  EXPECT_EQ(host_config_candidates().front(), "/home/u/.config/pfhost/host.toml");
  EXPECT_EQ(cache_dir(), "/home/u/.cache/pfhost");
  EXPECT_EQ(state_dir(), "/home/u/.local/state/pfhost");
}

TEST(UserDirs, WithoutHomeOnlyTheMachineConfigAndATemporaryCache) {
  ScopedEnv env;
  env.unset("HOME").unset("XDG_CONFIG_HOME").unset("XDG_CACHE_HOME").unset("XDG_STATE_HOME");
  EXPECT_EQ(host_config_candidates(),
            (std::vector<std::filesystem::path>{"/etc/pfhost/host.toml"}));
  const std::filesystem::path cache = cache_dir();
  EXPECT_EQ(cache.parent_path(), std::filesystem::temp_directory_path());
  EXPECT_EQ(cache.filename().string().rfind("pfhost-cache-", 0), 0u) << cache;
  EXPECT_EQ(state_dir(), cache / "state");
}

}  // namespace
}  // namespace pfhost::core::os
