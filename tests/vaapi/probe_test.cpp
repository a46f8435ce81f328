// The probe through the real libva: the twin's vendor string and encode entrypoints; without a
// device a quiet, fast "unavailable" that says what is missing; config mistakes named.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <chrono>

#include "twin_session.hpp"

namespace pfhost::vaapi::test {
namespace {

using namespace software::test;

TEST(VaapiProbe, ReportsTheTwinsVendorAndCodecs) {
  TestHost host(twin_config());
  PluginInstance plugin(host);
  const Result probed = plugin.probe();
  ASSERT_EQ(probed.status, PFHOST_OK) << probed.reason;
  // A machine with a real driver must never pass this test by accident.
  EXPECT_NE(probed.reason.find("VA-API twin"), std::string::npos) << probed.reason;
  EXPECT_NE(probed.reason.find("H.264 (constrained_baseline)"), std::string::npos) << probed.reason;
  pfhost_encoder_caps caps{};
  caps.struct_size = sizeof caps;
  ASSERT_EQ(plugin.query_caps(caps).status, PFHOST_OK);
  EXPECT_EQ(caps.codecs, 1u << PFHOST_CODEC_H264);
  EXPECT_NE(caps.input_memory & (1u << PFHOST_MEMORY_DMABUF), 0u);
}

TEST(VaapiProbe, LowPowerEntrypointIsFound) {
  TestHost host(twin_config({{"low_power", true}}));
  PluginInstance plugin(host);
  const Result probed = plugin.probe();
  EXPECT_EQ(probed.status, PFHOST_OK) << probed.reason;
}

TEST(VaapiProbe, ProfileWithoutEntrypointIsUnsupported) {
  TestHost host(twin_config({{"profile", std::string("main")}}));
  PluginInstance plugin(host);
  const Result probed = plugin.probe();
  EXPECT_EQ(probed.status, PFHOST_E_UNSUPPORTED) << probed.reason;
  EXPECT_NE(probed.reason.find("no encode entrypoint for H.264 main"), std::string::npos)
      << probed.reason;
}

TEST(VaapiProbe, MissingDeviceIsQuietlyUnavailableAtOnce) {
  TestHost host({{"device", std::string("/nonexistent/renderD128")}});
  PluginInstance plugin(host);
  const auto start = std::chrono::steady_clock::now();
  const Result probed = plugin.probe();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
  EXPECT_EQ(probed.status, PFHOST_E_UNAVAILABLE);
  EXPECT_NE(probed.reason.find("cannot open /nonexistent/renderD128"), std::string::npos)
      << probed.reason;
}

TEST(VaapiProbe, NoRenderNodeOnThisMachineSaysSo) {
  struct stat info {};
  if (stat("/dev/dri", &info) == 0) GTEST_SKIP() << "this machine has /dev/dri";
  TestHost host;
  PluginInstance plugin(host);
  const auto start = std::chrono::steady_clock::now();
  const Result probed = plugin.probe();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
  EXPECT_EQ(probed.status, PFHOST_E_UNAVAILABLE);
  EXPECT_NE(probed.reason.find("no render node (/dev/dri/renderD* not found)"), std::string::npos)
      << probed.reason;
}

TEST(VaapiProbe, FileThatIsNoRenderNodeIsUnavailable) {
  // Without the shim's blessing libdrm rejects an ordinary file, as on a machine where the
  // configured path is wrong.
  TestHost host({{"device", std::string("/proc/self/exe")}});
  PluginInstance plugin(host);
  const Result probed = plugin.probe();
  EXPECT_EQ(probed.status, PFHOST_E_UNAVAILABLE) << probed.reason;
}

TEST(VaapiConfig, UnknownKeyAndBadProfileAreNamed) {
  {
    TestHost host(twin_config({{"low_powr", true}}));
    PluginInstance plugin(host);
    const Result probed = plugin.probe();
    EXPECT_EQ(probed.status, PFHOST_E_INVALID_ARGUMENT);
    EXPECT_NE(probed.reason.find("did you mean 'low_power'?"), std::string::npos) << probed.reason;
  }
  TestHost host({{"profile", std::string("baseline")}});
  PluginInstance plugin(host);
  EXPECT_EQ(plugin.init_result().status, PFHOST_E_INVALID_ARGUMENT);
  EXPECT_NE(plugin.init_result().reason.find("allowed high, main, constrained_baseline"),
            std::string::npos)
      << plugin.init_result().reason;
}

}  // namespace
}  // namespace pfhost::vaapi::test
