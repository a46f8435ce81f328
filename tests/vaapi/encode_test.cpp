// The vaapi plugin encodes through the real libva into the VA-API driver twin: the stream has the
// exact size asked for, one packet per submitted frame, and decodes to the pattern's colours; the
// twin saw no contract violation and the plugin left no VA object alive.
#include <gtest/gtest.h>

#include <cstdlib>

#include "stream_decoder.hpp"
#include "test_images.hpp"
#include "twin_session.hpp"

namespace pfhost::vaapi::test {
namespace {

using namespace software::test;

struct SizeCase {
  uint32_t width, height;
};

class VaapiEncode : public testing::TestWithParam<SizeCase> {};

TEST_P(VaapiEncode, DecodesToThePatternAtTheExactSize) {
  const auto [width, height] = GetParam();
  const std::string report =
      fresh_twin_report("encode_" + std::to_string(width) + "x" + std::to_string(height));
  const std::vector<Rgb> colours = {kRed, kGreen, kBlue};
  std::vector<Packet> packets;
  {
    TestHost host(twin_config());
    PluginInstance plugin(host);
    ASSERT_EQ(plugin.init_result().status, PFHOST_OK) << plugin.init_result().reason;
    Encoder encoder(plugin, h264_params(width, height));
    ASSERT_TRUE(encoder.ok()) << encoder.open_result().reason;
    TestImage image = stripes_image(PFHOST_PIXEL_FORMAT_BGRX, width, height, colours, 16);
    for (uint32_t i = 0; i < 6; ++i) {
      const Result submitted = encoder.submit(image.frame(40 + i, timestamp_of(i)));
      ASSERT_EQ(submitted.status, PFHOST_OK) << submitted.reason;
      std::vector<Packet> ready = encoder.receive_all();
      ASSERT_EQ(ready.size(), 1u) << "the packet must be ready when submit returns (frame " << i
                                  << ")";
      packets.push_back(std::move(ready[0]));
    }
    EXPECT_TRUE(encoder.drain().empty()) << "nothing may be held back";
  }
  ASSERT_EQ(packets.size(), 6u);
  EXPECT_TRUE(packets[0].keyframe);
  for (uint32_t i = 0; i < packets.size(); ++i) {
    EXPECT_EQ(packets[i].frame_sequence, 40u + i);
    EXPECT_EQ(packets[i].pts_ns, timestamp_of(i));
  }
  int errors = 0;
  const std::vector<DecodedPicture> pictures =
      decode_stream(PFHOST_CODEC_H264, packets, 0, &errors);
  EXPECT_EQ(errors, 0);
  ASSERT_EQ(pictures.size(), packets.size());
  for (const DecodedPicture &picture : pictures) {
    EXPECT_EQ(picture.width, static_cast<int>(width));
    EXPECT_EQ(picture.height, static_cast<int>(height));
    // The middle of each stripe (vertical stripes, left to right), away from chroma edges.
    for (size_t stripe = 0; stripe < colours.size(); ++stripe) {
      const int x = static_cast<int>((2 * stripe + 1) * width / (2 * colours.size()));
      const Rgb got = picture.rgb_at(x, static_cast<int>(height / 2));
      EXPECT_NEAR(got.r, colours[stripe].r, 6) << "stripe " << stripe;
      EXPECT_NEAR(got.g, colours[stripe].g, 6) << "stripe " << stripe;
      EXPECT_NEAR(got.b, colours[stripe].b, 6) << "stripe " << stripe;
    }
  }
  // The twin's view, written when the plugin's display was terminated at close.
  const auto twin = read_twin_report(report);
  ASSERT_FALSE(twin.empty()) << "the twin wrote no report: was it loaded?";
  EXPECT_EQ(twin.at("pictures"), "6");
  EXPECT_EQ(twin.at("last_width"), std::to_string(width));
  EXPECT_EQ(twin.at("last_height"), std::to_string(height));
  EXPECT_EQ(twin.at("violations"), "0") << twin.at("first_violation");
  EXPECT_EQ(twin.at("leaked_total"), "0");
}

INSTANTIATE_TEST_SUITE_P(Sizes, VaapiEncode,
                         testing::Values(SizeCase{320, 176}, SizeCase{250, 142}),
                         [](const testing::TestParamInfo<SizeCase> &size) {
                           return std::to_string(size.param.width) + "x" +
                                  std::to_string(size.param.height);
                         });

}  // namespace
}  // namespace pfhost::vaapi::test
