// The driver's real failures, injected by the twin, reach the host as errors that carry NVENC's
// own status name and the driver's last error string, with a status the host can act on.
#include <gtest/gtest.h>

#include <string>

#include "plugin_harness.hpp"
#include "test_images.hpp"
#include "twin_report.hpp"

namespace pfhost::nvenc::test {
namespace {

using namespace software::test;

constexpr uint32_t kWidth = 160;
constexpr uint32_t kHeight = 96;

TEST(NvencErrors, SessionLimitIsBusyAndSaysWhy) {
  TwinReport report;
  TwinReport::inject("session_limit");
  TestHost host;
  PluginInstance plugin(host);
  Encoder encoder(plugin, default_params(PFHOST_CODEC_H264, kWidth, kHeight));
  ASSERT_FALSE(encoder.ok());
  EXPECT_EQ(encoder.open_result().status, PFHOST_E_BUSY);
  EXPECT_NE(encoder.open_result().reason.find("nvEncOpenEncodeSessionEx: NV_ENC_ERR_OUT_OF_MEMORY"),
            std::string::npos)
      << encoder.open_result().reason;
  EXPECT_NE(encoder.open_result().reason.find("concurrent encode sessions"), std::string::npos);
}

TEST(NvencErrors, UnsupportedConfigIsUnsupportedWithTheDriversWords) {
  TwinReport report;
  TwinReport::inject("unsupported_param");
  TestHost host;
  PluginInstance plugin(host);
  Encoder encoder(plugin, default_params(PFHOST_CODEC_HEVC, kWidth, kHeight));
  ASSERT_FALSE(encoder.ok());
  EXPECT_EQ(encoder.open_result().status, PFHOST_E_UNSUPPORTED);
  EXPECT_EQ(encoder.open_result().reason,
            "nvEncInitializeEncoder: NV_ENC_ERR_UNSUPPORTED_PARAM (nvEncInitializeEncoder: "
            "injected: unsupported parameter)");
  // The half-opened session is destroyed, not leaked.
  EXPECT_EQ(report.events("open").size(), report.events("destroy").size());
}

TEST(NvencErrors, EncodeErrorMidStreamFailsThatFrame) {
  TwinReport report;
  TestHost host;
  PluginInstance plugin(host);
  Encoder encoder(plugin, default_params(PFHOST_CODEC_H264, kWidth, kHeight));
  ASSERT_TRUE(encoder.ok()) << encoder.open_result().reason;
  TwinReport::inject("encode_error_after:3");
  TestImage image;
  for (uint32_t i = 0; i < 3; ++i) {
    fill_moving(image, kWidth, kHeight, i);
    ASSERT_EQ(encoder.submit(image.frame(i, timestamp_of(i))).status, PFHOST_OK);
    ASSERT_EQ(encoder.receive_all().size(), 1u);
  }
  const Result failed = encoder.submit(image.frame(3, timestamp_of(3)));
  EXPECT_EQ(failed.status, PFHOST_E_INTERNAL);
  EXPECT_EQ(failed.reason,
            "nvEncEncodePicture: NV_ENC_ERR_GENERIC (nvEncEncodePicture: injected: the encoder "
            "hit an error mid-stream)");
  EXPECT_TRUE(encoder.receive_all().empty());
  EXPECT_TRUE(report.events("violation").empty()) << "a failed frame still unlocks its input";
}

TEST(NvencErrors, UnsupportedRequestsAreRefusedBeforeTheDriverSeesThem) {
  TwinReport report;
  TestHost host;
  PluginInstance plugin(host);
  pfhost_encoder_params av1 = default_params(PFHOST_CODEC_AV1, kWidth, kHeight);
  Encoder no_av1(plugin, av1);
  EXPECT_EQ(no_av1.open_result().status, PFHOST_E_UNSUPPORTED);
  EXPECT_NE(no_av1.open_result().reason.find("no encoder for codec 3"), std::string::npos)
      << no_av1.open_result().reason;
  pfhost_encoder_params ten_bit = default_params(PFHOST_CODEC_HEVC, kWidth, kHeight);
  ten_bit.bit_depth = 10;
  ten_bit.input_format = PFHOST_PIXEL_FORMAT_P010;
  Encoder no_ten_bit(plugin, ten_bit);
  EXPECT_EQ(no_ten_bit.open_result().status, PFHOST_E_UNSUPPORTED);
  EXPECT_NE(no_ten_bit.open_result().reason.find("10-bit"), std::string::npos);
  EXPECT_TRUE(report.events("initialize").empty());
  EXPECT_TRUE(report.events("violation").empty());
}

TEST(NvencErrors, StreamPresetOverridesConfigAndIsChecked) {
  TwinReport report;
  TestHost host({{"preset", std::string("p3")}});
  PluginInstance plugin(host);
  pfhost_encoder_params params = default_params(PFHOST_CODEC_H264, kWidth, kHeight);
  params.preset = "ultrafast";
  Encoder bad(plugin, params);
  EXPECT_EQ(bad.open_result().status, PFHOST_E_INVALID_ARGUMENT);
  EXPECT_EQ(bad.open_result().reason,
            "the stream's preset 'ultrafast' is not an NVENC preset (p1 fastest .. p7)");
  params.preset = "p6";
  { Encoder good(plugin, params); }
  ASSERT_EQ(report.events("initialize").size(), 1u);
  EXPECT_EQ(field(report.events("initialize")[0], "preset"), "p6");
}

}  // namespace
}  // namespace pfhost::nvenc::test
