// Failures are reported with what the driver said: an injected VA error (the twin answers the
// n-th call of an entry point with a real VA status) comes back from the plugin naming the VA
// call and the status; parameters the driver cannot honour fail at open with the reason.
#include <gtest/gtest.h>

#include <cstdlib>

#include "test_images.hpp"
#include "twin_session.hpp"

namespace pfhost::vaapi::test {
namespace {

using namespace software::test;

class InjectedFailure : public testing::Test {
 protected:
  void TearDown() override { unsetenv("VATWIN_FAIL"); }
};

TEST_F(InjectedFailure, MidStreamEncodingErrorNamesTheVaStatus) {
  fresh_twin_report("inject_end_picture");
  setenv("VATWIN_FAIL", "vaEndPicture:VA_STATUS_ERROR_ENCODING_ERROR:3", 1);
  TestHost host(twin_config());
  PluginInstance plugin(host);
  Encoder encoder(plugin, h264_params(160, 96));
  ASSERT_TRUE(encoder.ok()) << encoder.open_result().reason;
  TestImage image = stripes_image(PFHOST_PIXEL_FORMAT_BGRX, 160, 96, {kRed});
  EXPECT_EQ(encoder.submit(image.frame(0, timestamp_of(0))).status, PFHOST_OK);
  EXPECT_EQ(encoder.submit(image.frame(1, timestamp_of(1))).status, PFHOST_OK);
  const Result third = encoder.submit(image.frame(2, timestamp_of(2)));
  EXPECT_EQ(third.status, PFHOST_E_IO);
  EXPECT_NE(third.reason.find("vaEndPicture answered VA_STATUS_ERROR_ENCODING_ERROR"),
            std::string::npos)
      << third.reason;
}

TEST_F(InjectedFailure, OpenFailureNamesTheVaStatus) {
  fresh_twin_report("inject_create_context");
  setenv("VATWIN_FAIL", "vaCreateContext:VA_STATUS_ERROR_ALLOCATION_FAILED", 1);
  TestHost host(twin_config());
  PluginInstance plugin(host);
  Encoder encoder(plugin, h264_params(160, 96));
  ASSERT_FALSE(encoder.ok());
  EXPECT_NE(encoder.open_result().reason.find("VA_STATUS_ERROR_ALLOCATION_FAILED"),
            std::string::npos)
      << encoder.open_result().reason;
  EXPECT_NE(encoder.open_result().reason.find("cannot open h264_vaapi"), std::string::npos)
      << encoder.open_result().reason;
}

TEST(VaapiOpen, ProfileTheDriverLacksIsRefusedWithItsName) {
  TestHost host(twin_config({{"profile", std::string("high")}}));
  PluginInstance plugin(host);
  Encoder encoder(plugin, h264_params(160, 96));
  ASSERT_FALSE(encoder.ok());
  EXPECT_EQ(encoder.open_result().status, PFHOST_E_UNSUPPORTED);
  EXPECT_NE(encoder.open_result().reason.find("profile high has no EncSlice entrypoint"),
            std::string::npos)
      << encoder.open_result().reason;
}

TEST(VaapiOpen, BadParametersAreRefusedBeforeTheDevice) {
  TestHost host(twin_config());
  PluginInstance plugin(host);
  pfhost_encoder_params odd = h264_params(161, 96);
  Encoder encoder(plugin, odd);
  ASSERT_FALSE(encoder.ok());
  EXPECT_EQ(encoder.open_result().status, PFHOST_E_INVALID_ARGUMENT);
  EXPECT_NE(encoder.open_result().reason.find("even width and height"), std::string::npos);
}

TEST(VaapiSubmit, FrameOfAnotherSizeIsRefused) {
  TestHost host(twin_config());
  PluginInstance plugin(host);
  Encoder encoder(plugin, h264_params(160, 96));
  ASSERT_TRUE(encoder.ok()) << encoder.open_result().reason;
  TestImage image = stripes_image(PFHOST_PIXEL_FORMAT_BGRX, 320, 96, {kRed});
  const Result submitted = encoder.submit(image.frame(0, timestamp_of(0)));
  EXPECT_EQ(submitted.status, PFHOST_E_INVALID_ARGUMENT);
  EXPECT_NE(submitted.reason.find("differs from the encoder's 160x96"), std::string::npos)
      << submitted.reason;
}

}  // namespace
}  // namespace pfhost::vaapi::test
