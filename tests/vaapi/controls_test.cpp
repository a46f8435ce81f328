// Stream controls through the plugin, checked in the packets, the decoded stream and the twin's
// counters: a keyframe on request is an IDR on exactly that frame; a bitrate change reaches the
// driver's rate control (the codec is reopened: FFmpeg's VAAPI encoders read the rate once).
#include <gtest/gtest.h>

#include "stream_decoder.hpp"
#include "test_images.hpp"
#include "twin_session.hpp"

namespace pfhost::vaapi::test {
namespace {

using namespace software::test;

TEST(VaapiControls, KeyframeOnRequestIsAnIdrOnThatFrame) {
  const std::string report = fresh_twin_report("keyframe");
  std::vector<Packet> packets;
  {
    TestHost host(twin_config());
    PluginInstance plugin(host);
    Encoder encoder(plugin, h264_params(160, 96));
    ASSERT_TRUE(encoder.ok()) << encoder.open_result().reason;
    TestImage image;
    for (uint32_t i = 0; i < 8; ++i) {
      fill_moving(image, 160, 96, i);
      const uint32_t flags = i == 5 ? PFHOST_SUBMIT_FORCE_KEYFRAME : 0;
      ASSERT_EQ(encoder.submit(image.frame(i, timestamp_of(i)), flags).status, PFHOST_OK);
      for (Packet &packet : encoder.receive_all()) packets.push_back(std::move(packet));
    }
  }
  ASSERT_EQ(packets.size(), 8u);
  for (uint32_t i = 0; i < packets.size(); ++i)
    EXPECT_EQ(packets[i].keyframe, i == 0 || i == 5) << "packet " << i;
  int errors = 0;
  const std::vector<DecodedPicture> pictures =
      decode_stream(PFHOST_CODEC_H264, packets, 5, &errors);
  EXPECT_EQ(errors, 0) << "decoding from the requested keyframe on must work";
  ASSERT_EQ(pictures.size(), 3u);
  EXPECT_TRUE(pictures[0].key_frame);
  const auto twin = read_twin_report(report);
  EXPECT_EQ(twin.at("idr_pictures"), "2");
  EXPECT_EQ(twin.at("pictures"), "8");
  EXPECT_EQ(twin.at("violations"), "0") << twin.at("first_violation");
}

TEST(VaapiControls, BitrateChangeReachesTheDriver) {
  const std::string report = fresh_twin_report("bitrate");
  std::vector<Packet> packets;
  {
    TestHost host(twin_config());
    PluginInstance plugin(host);
    Encoder encoder(plugin, h264_params(160, 96, 2000));
    ASSERT_TRUE(encoder.ok()) << encoder.open_result().reason;
    TestImage image;
    for (uint32_t i = 0; i < 6; ++i) {
      if (i == 3) {
        ASSERT_EQ(encoder.set_bitrate(750), PFHOST_OK);
      }
      fill_moving(image, 160, 96, i);
      ASSERT_EQ(encoder.submit(image.frame(i, timestamp_of(i))).status, PFHOST_OK);
      for (Packet &packet : encoder.receive_all()) packets.push_back(std::move(packet));
    }
  }
  ASSERT_EQ(packets.size(), 6u);
  EXPECT_TRUE(packets[3].keyframe) << "the reopened codec starts with an IDR";
  int errors = 0;
  EXPECT_EQ(decode_stream(PFHOST_CODEC_H264, packets, 0, &errors).size(), 6u);
  EXPECT_EQ(errors, 0);
  const auto twin = read_twin_report(report);
  // CBR: the driver's target is the rate asked for, in bits per second.
  EXPECT_EQ(twin.at("bits_per_second"), "750000");
  EXPECT_EQ(twin.at("contexts_created"), "2");
  EXPECT_EQ(twin.at("leaked_total"), "0");
}

TEST(VaapiControls, LowPowerEncodesOnTheLowPowerEntrypoint) {
  const std::string report = fresh_twin_report("low_power");
  {
    TestHost host(twin_config({{"low_power", true}}));
    PluginInstance plugin(host);
    Encoder encoder(plugin, h264_params(160, 96));
    ASSERT_TRUE(encoder.ok()) << encoder.open_result().reason;
    TestImage image = stripes_image(PFHOST_PIXEL_FORMAT_BGRX, 160, 96, {kGreen});
    ASSERT_EQ(encoder.submit(image.frame(0, timestamp_of(0))).status, PFHOST_OK);
    EXPECT_EQ(encoder.receive_all().size(), 1u);
  }
  const auto twin = read_twin_report(report);
  EXPECT_EQ(twin.at("configs_low_power"), "1")
      << "FFmpeg must have asked for VAEntrypointEncSliceLP";
  EXPECT_EQ(twin.count("configs_created"), 0u);
}

}  // namespace
}  // namespace pfhost::vaapi::test
