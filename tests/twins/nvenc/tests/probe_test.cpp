// The probe against the twin: fast, names the device (so a machine with a real driver never
// silently tests it) and the codecs; and the driver's refusals as a user would see them.
#include <gtest/gtest.h>

#include <chrono>

#include "plugin_harness.hpp"
#include "twin_report.hpp"

namespace pfhost::nvenc::test {
namespace {

using software::test::PluginInstance;
using software::test::Result;
using software::test::TestHost;

TEST(NvencProbe, FindsTheTwinQuicklyAndNamesItsCodecs) {
  TwinReport report;
  TestHost host;
  PluginInstance plugin(host);
  ASSERT_EQ(plugin.init_result().status, PFHOST_OK) << plugin.init_result().reason;
  const auto start = std::chrono::steady_clock::now();
  const Result probed = plugin.probe();
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(probed.status, PFHOST_OK) << probed.reason;
  EXPECT_NE(probed.reason.find("pfhost NVENC twin"), std::string::npos)
      << "not the twin: " << probed.reason;
  EXPECT_NE(probed.reason.find("NVENC API 11.1"), std::string::npos) << probed.reason;
  EXPECT_NE(probed.reason.find("H.264 (max 4096x4096)"), std::string::npos) << probed.reason;
  EXPECT_NE(probed.reason.find("HEVC"), std::string::npos) << probed.reason;
  EXPECT_LT(took, std::chrono::milliseconds(500));
  // The probe's session is closed again, with nothing left behind.
  ASSERT_EQ(report.events("destroy").size(), 1u);
  EXPECT_TRUE(report.events("violation").empty());
}

TEST(NvencProbe, CapsOfferH264AndHevcFromCpuAndCuda) {
  TwinReport report;
  TestHost host;
  PluginInstance plugin(host);
  pfhost_encoder_caps caps{};
  caps.struct_size = sizeof caps;
  const Result queried = plugin.query_caps(caps);
  ASSERT_EQ(queried.status, PFHOST_OK) << queried.reason;
  EXPECT_EQ(caps.codecs, (1u << PFHOST_CODEC_H264) | (1u << PFHOST_CODEC_HEVC));
  EXPECT_EQ(caps.bit_depths, 1u << 8) << "the twin has no 10-bit encoder";
  EXPECT_EQ(caps.max_width, 4096u);
  EXPECT_EQ(caps.input_memory, (1u << PFHOST_MEMORY_CPU) | (1u << PFHOST_MEMORY_CUDA));
  EXPECT_NE(caps.input_formats & (1ull << PFHOST_PIXEL_FORMAT_BGRX), 0u);
  EXPECT_NE(caps.input_formats & (1ull << PFHOST_PIXEL_FORMAT_NV12), 0u);
  EXPECT_EQ(caps.input_formats & (1ull << PFHOST_PIXEL_FORMAT_P010), 0u);
  EXPECT_NE(caps.flags & PFHOST_ENCODE_CAP_BITRATE_CHANGE, 0u);
  EXPECT_NE(caps.flags & PFHOST_ENCODE_CAP_LOW_LATENCY, 0u);
}

TEST(NvencProbe, DriverTooOldIsUnavailableWithBothVersions) {
  TwinReport report;
  TwinReport::inject("driver_too_old");
  TestHost host;
  PluginInstance plugin(host);
  const Result probed = plugin.probe();
  EXPECT_EQ(probed.status, PFHOST_E_UNAVAILABLE);
  EXPECT_EQ(probed.reason,
            "driver too old for NVENC API 11.1 (it supports 11.0): update the NVIDIA driver");
  EXPECT_TRUE(report.events("open").empty()) << "no session may be opened on a too-old driver";
}

TEST(NvencProbe, MissingGpuIsNamed) {
  TwinReport report;
  TestHost host({{"gpu", int64_t{3}}});
  PluginInstance plugin(host);
  const Result probed = plugin.probe();
  EXPECT_EQ(probed.status, PFHOST_E_UNAVAILABLE);
  EXPECT_EQ(probed.reason, "[plugins.nvenc] gpu = 3 but CUDA sees 1 GPU(s) (numbered from 0)");
}

TEST(NvencProbe, UnknownConfigKeyFailsTheProbe) {
  TwinReport report;
  TestHost host({{"presett", std::string("p2")}});
  PluginInstance plugin(host);
  ASSERT_EQ(plugin.init_result().status, PFHOST_OK);
  const Result probed = plugin.probe();
  EXPECT_EQ(probed.status, PFHOST_E_INVALID_ARGUMENT);
  EXPECT_NE(probed.reason.find("unknown key 'presett' (did you mean 'preset'?)"), std::string::npos)
      << probed.reason;
}

TEST(NvencProbe, BadPresetOrTuningFailsInit) {
  TestHost bad_preset({{"preset", std::string("p9")}});
  PluginInstance first(bad_preset);
  EXPECT_EQ(first.init_result().status, PFHOST_E_INVALID_ARGUMENT);
  EXPECT_EQ(first.init_result().reason,
            "[plugins.nvenc] preset 'p9' is not an NVENC preset (p1 fastest .. p7)");
  TestHost bad_tuning({{"tuning", std::string("fast")}});
  PluginInstance second(bad_tuning);
  EXPECT_EQ(second.init_result().status, PFHOST_E_INVALID_ARGUMENT);
  EXPECT_NE(second.init_result().reason.find("tuning 'fast'"), std::string::npos);
}

}  // namespace
}  // namespace pfhost::nvenc::test
