// Rate control: on content with more detail than the budget carries, the stream's rate lands
// near the target (CBR with about one frame of VBV) and follows set_bitrate where supported.
#include <gtest/gtest.h>

#include <string>

#include "plugin_harness.hpp"
#include "test_images.hpp"

namespace pfhost::software::test {
namespace {

constexpr uint32_t kWidth = 480;
constexpr uint32_t kHeight = 272;
constexpr double kFps = 30.0;

// Encodes frames [first, first + count) of the moving sequence; returns the bytes produced.
size_t encode_bytes(Encoder &encoder, TestImage &image, uint32_t first, uint32_t count) {
  size_t bytes = 0;
  for (uint32_t i = first; i < first + count; ++i) {
    fill_moving(image, kWidth, kHeight, i);
    const Result submitted = encoder.submit(image.frame(i, timestamp_of(i)));
    EXPECT_EQ(submitted.status, PFHOST_OK) << submitted.reason;
    for (const Packet &packet : encoder.receive_all()) bytes += packet.data.size();
  }
  return bytes;
}

double kbps_of(size_t bytes, uint32_t frames) {
  return static_cast<double>(bytes) * 8.0 * kFps / frames / 1000.0;
}

class SoftwareBitrate : public testing::TestWithParam<pfhost_codec> {};

TEST_P(SoftwareBitrate, CbrRateIsWithin35PercentOfTheTarget) {
  const pfhost_codec codec = GetParam();
  // 4 s for x264, 3 s for the slower encoders: long enough for the rate to settle.
  const uint32_t frames = codec == PFHOST_CODEC_H264 ? 120 : 90;
  TestHost host;
  PluginInstance plugin(host);
  double measured[2] = {};
  const uint32_t targets[2] = {1000, 4000};
  for (int run = 0; run < 2; ++run) {
    Encoder encoder(plugin, default_params(codec, kWidth, kHeight, targets[run]));
    ASSERT_TRUE(encoder.ok()) << encoder.open_result().reason;
    TestImage image;
    size_t bytes = encode_bytes(encoder, image, 0, frames);
    for (const Packet &packet : encoder.drain()) bytes += packet.data.size();
    measured[run] = kbps_of(bytes, frames);
    std::printf("%s target %u kbit/s: measured %.0f kbit/s\n", codec_name(codec), targets[run],
                measured[run]);
    EXPECT_GT(measured[run], targets[run] * 0.65) << "target " << targets[run];
    EXPECT_LT(measured[run], targets[run] * 1.35) << "target " << targets[run];
  }
  EXPECT_GT(measured[1], 2.5 * measured[0]);
}

TEST_P(SoftwareBitrate, VbrWithAnExplicitBufferStaysNearTheTarget) {
  const pfhost_codec codec = GetParam();
  const uint32_t frames = frame_budget(codec, 90, 45);
  TestHost host;
  PluginInstance plugin(host);
  pfhost_encoder_params params = default_params(codec, kWidth, kHeight, 2000);
  params.rate_control = PFHOST_RATE_CONTROL_VBR;
  params.vbv_frames = 15;
  Encoder encoder(plugin, params);
  ASSERT_TRUE(encoder.ok()) << encoder.open_result().reason;
  TestImage image;
  size_t bytes = encode_bytes(encoder, image, 0, frames);
  for (const Packet &packet : encoder.drain()) bytes += packet.data.size();
  const double measured = kbps_of(bytes, frames);
  std::printf("%s VBR target 2000 kbit/s: measured %.0f kbit/s\n", codec_name(codec), measured);
  EXPECT_GT(measured, 2000 * 0.5);
  EXPECT_LT(measured, 2000 * 1.5);
}

TEST_P(SoftwareBitrate, SetBitrateChangesTheRateWhereTheEncoderCan) {
  const pfhost_codec codec = GetParam();
  TestHost host;
  PluginInstance plugin(host);
  Encoder encoder(plugin, default_params(codec, kWidth, kHeight, 1000));
  ASSERT_TRUE(encoder.ok()) << encoder.open_result().reason;
  if (codec != PFHOST_CODEC_H264) {
    // FFmpeg 5.1's libx265 and libsvtav1 wrappers cannot reconfigure a running encoder.
    EXPECT_EQ(encoder.set_bitrate(4000), PFHOST_E_UNSUPPORTED);
    return;
  }
  EXPECT_EQ(encoder.set_bitrate(0), PFHOST_E_INVALID_ARGUMENT);
  TestImage image;
  const size_t low = encode_bytes(encoder, image, 0, 60);
  ASSERT_EQ(encoder.set_bitrate(4000), PFHOST_OK);
  // The first frames after the change still drain the old buffer; measure the settled part.
  encode_bytes(encoder, image, 60, 10);
  const size_t high = encode_bytes(encoder, image, 70, 50);
  std::printf("H264 set_bitrate 1000 -> 4000 kbit/s: %.0f -> %.0f kbit/s\n", kbps_of(low, 60),
              kbps_of(high, 50));
  EXPECT_GT(kbps_of(high, 50), 4000 * 0.65);
  EXPECT_LT(kbps_of(high, 50), 4000 * 1.35);
  EXPECT_GT(kbps_of(high, 50), 2.5 * kbps_of(low, 60));
}

INSTANTIATE_TEST_SUITE_P(AdvertisedCodecs, SoftwareBitrate, testing::ValuesIn(advertised_codecs()),
                         [](const testing::TestParamInfo<pfhost_codec> &test_info) {
                           return std::string(codec_name(test_info.param));
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(SoftwareBitrate);

}  // namespace
}  // namespace pfhost::software::test
