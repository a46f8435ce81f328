// Pixel content survives conversion and encoding: solid colour stripes decode to the same colours
// for every codec and every input format (a swapped channel order turns red into blue), with the
// colour space the converter used signalled in the stream.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "plugin_harness.hpp"
#include "stream_decoder.hpp"
#include "test_images.hpp"

extern "C" {
#include <libavutil/pixfmt.h>
}

namespace pfhost::software::test {
namespace {

constexpr uint32_t kWidth = 192;  // three 64-pixel stripes: whole macroblocks/CTUs don't matter
constexpr uint32_t kHeight = 128;
constexpr int kTolerance = 24;  // per channel, after 4:2:0 and lossy coding of saturated colours

const std::vector<Rgb> kStripes = {kRed, kGreen, kBlue};

std::string text(Rgb c) {
  return "(" + std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + ")";
}

// Samples the middle of each stripe, away from the edges where chroma is shared.
void expect_stripes(const DecodedPicture &picture, const std::vector<Rgb> &colours) {
  for (size_t i = 0; i < colours.size(); ++i) {
    const int x = static_cast<int>((2 * i + 1) * kWidth / (2 * colours.size()));
    const int y = static_cast<int>(kHeight / 2);
    const Rgb got = picture.rgb_at(x, y);
    const Rgb want = colours[i];
    EXPECT_TRUE(std::abs(got.r - want.r) <= kTolerance && std::abs(got.g - want.g) <= kTolerance &&
                std::abs(got.b - want.b) <= kTolerance)
        << "stripe " << i << " at x=" << x << ": got " << text(got) << ", want " << text(want);
  }
}

// Encodes the given frames (one packet each) and decodes them.
std::vector<DecodedPicture> round_trip(pfhost_codec codec, uint32_t format,
                                       std::vector<std::pair<TestImage *, uint32_t>> frames) {
  TestHost host;
  PluginInstance plugin(host);
  pfhost_encoder_params params = default_params(codec, kWidth, kHeight, 4000);
  params.input_format = format;
  Encoder encoder(plugin, params);
  EXPECT_TRUE(encoder.ok()) << encoder.open_result().reason;
  if (!encoder.ok()) return {};
  std::vector<Packet> packets;
  for (size_t i = 0; i < frames.size(); ++i) {
    const Result submitted = encoder.submit(
        frames[i].first->frame(i, timestamp_of(static_cast<uint32_t>(i)), frames[i].second));
    EXPECT_EQ(submitted.status, PFHOST_OK) << submitted.reason;
    for (Packet &packet : encoder.receive_all()) packets.push_back(std::move(packet));
  }
  EXPECT_EQ(encoder.flush().status, PFHOST_OK);
  for (Packet &packet : encoder.receive_all()) packets.push_back(std::move(packet));
  std::vector<DecodedPicture> pictures = decode_stream(codec, packets);
  EXPECT_EQ(pictures.size(), frames.size());
  return pictures;
}

class SoftwareColour : public testing::TestWithParam<pfhost_codec> {};

TEST_P(SoftwareColour, PaddedBgrxStripesDecodeToTheirColoursInBt709) {
  TestImage image = stripes_image(PFHOST_PIXEL_FORMAT_BGRX, kWidth, kHeight, kStripes, 64);
  const std::vector<DecodedPicture> pictures =
      round_trip(GetParam(), PFHOST_PIXEL_FORMAT_BGRX, {{&image, 0}});
  ASSERT_EQ(pictures.size(), 1u);
  EXPECT_EQ(pictures[0].colorspace, AVCOL_SPC_BT709);
  EXPECT_EQ(pictures[0].color_range, AVCOL_RANGE_MPEG);
  expect_stripes(pictures[0], kStripes);
}

INSTANTIATE_TEST_SUITE_P(AdvertisedCodecs, SoftwareColour, testing::ValuesIn(advertised_codecs()),
                         [](const testing::TestParamInfo<pfhost_codec> &test_info) {
                           return std::string(codec_name(test_info.param));
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(SoftwareColour);

class SoftwareInputFormat : public testing::TestWithParam<pfhost_pixel_format> {};

TEST_P(SoftwareInputFormat, MapsChannelsInTheRightOrder) {
  const std::vector<pfhost_codec> codecs = advertised_codecs();
  ASSERT_FALSE(codecs.empty());
  TestImage image = stripes_image(GetParam(), kWidth, kHeight, kStripes, 12);
  const std::vector<DecodedPicture> pictures =
      round_trip(codecs.front(), GetParam(), {{&image, 0}});
  ASSERT_EQ(pictures.size(), 1u);
  expect_stripes(pictures[0], kStripes);
}

std::string format_name(const testing::TestParamInfo<pfhost_pixel_format> &test_info) {
  static const char *const names[] = {"UNKNOWN", "BGRX", "RGBX", "BGRA",
                                      "RGBA",    "RGB",  "BGR",  "NV12"};
  return names[test_info.param];
}

INSTANTIATE_TEST_SUITE_P(AllFormats, SoftwareInputFormat,
                         testing::Values(PFHOST_PIXEL_FORMAT_BGRX, PFHOST_PIXEL_FORMAT_RGBX,
                                         PFHOST_PIXEL_FORMAT_BGRA, PFHOST_PIXEL_FORMAT_RGBA,
                                         PFHOST_PIXEL_FORMAT_RGB, PFHOST_PIXEL_FORMAT_BGR,
                                         PFHOST_PIXEL_FORMAT_NV12),
                         format_name);

TEST(SoftwareUnchangedFrame, ReusesThePreviousPictureAndConvertsTheNextChangedOne) {
  const std::vector<pfhost_codec> codecs = advertised_codecs();
  ASSERT_FALSE(codecs.empty());
  const std::vector<Rgb> reversed = {kBlue, kGreen, kRed};
  TestImage first = stripes_image(PFHOST_PIXEL_FORMAT_BGRX, kWidth, kHeight, kStripes);
  TestImage second = stripes_image(PFHOST_PIXEL_FORMAT_BGRX, kWidth, kHeight, reversed);
  // The host promises an UNCHANGED frame equals the last one; the plugin may skip converting it,
  // so the (deliberately different) pixels of `second` must not show up until it is "changed".
  const std::vector<DecodedPicture> pictures =
      round_trip(codecs.front(), PFHOST_PIXEL_FORMAT_BGRX,
                 {{&first, 0}, {&second, PFHOST_FRAME_FLAG_UNCHANGED}, {&second, 0}});
  ASSERT_EQ(pictures.size(), 3u);
  expect_stripes(pictures[1], kStripes);
  expect_stripes(pictures[2], reversed);
}

}  // namespace
}  // namespace pfhost::software::test
