// Without a driver (no twin on the library path) the plugin still loads, and its probe says so
// quickly and in the words a user can act on.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <chrono>

#include "plugin_harness.hpp"

namespace pfhost::nvenc::test {
namespace {

using software::test::PluginInstance;
using software::test::Result;
using software::test::TestHost;

TEST(NvencWithoutDriver, ProbeSaysUnavailableQuickly) {
  if (void *real = dlopen("libnvidia-encode.so.1", RTLD_LAZY | RTLD_NOLOAD | RTLD_LOCAL)) {
    dlclose(real);
    GTEST_SKIP() << "an NVIDIA driver is installed here";
  }
  if (void *real = dlopen("libnvidia-encode.so.1", RTLD_LAZY | RTLD_LOCAL)) {
    dlclose(real);
    GTEST_SKIP() << "an NVIDIA driver (or the twin) is on the library path";
  }
  TestHost host;
  PluginInstance plugin(host);
  ASSERT_EQ(plugin.init_result().status, PFHOST_OK) << plugin.init_result().reason;
  const auto start = std::chrono::steady_clock::now();
  const Result probed = plugin.probe();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(100));
  EXPECT_EQ(probed.status, PFHOST_E_UNAVAILABLE);
  EXPECT_EQ(probed.reason, "no NVIDIA driver (libnvidia-encode.so.1 not found)");
  EXPECT_TRUE(host.logs().empty()) << "the probe must stay quiet: " << host.logs().front();
}

}  // namespace
}  // namespace pfhost::nvenc::test
