// The nvenc plugin against the twin, end to end through the C ABI: decoded output at the exact
// size with the pattern's colours for every codec and input format, keyframes exactly where asked,
// a bitrate change reaching the driver's reconfigure with the value, the low-latency settings
// reaching initialise, and a session that leaves nothing behind.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <tuple>

#include "plugin_harness.hpp"
#include "stream_decoder.hpp"
#include "test_images.hpp"
#include "twin_report.hpp"

namespace pfhost::nvenc::test {
namespace {

using namespace software::test;

constexpr uint32_t kWidth = 192;  // three 64-pixel stripes
constexpr uint32_t kHeight = 128;
constexpr int kTolerance = 24;  // per channel, after 4:2:0 and lossy coding of saturated colours
const std::vector<Rgb> kStripes = {kRed, kGreen, kBlue};

void expect_stripes(const DecodedPicture &picture) {
  for (size_t i = 0; i < kStripes.size(); ++i) {
    const int x = static_cast<int>((2 * i + 1) * kWidth / (2 * kStripes.size()));
    const Rgb got = picture.rgb_at(x, kHeight / 2);
    const Rgb want = kStripes[i];
    EXPECT_TRUE(std::abs(got.r - want.r) <= kTolerance && std::abs(got.g - want.g) <= kTolerance &&
                std::abs(got.b - want.b) <= kTolerance)
        << "stripe " << i << ": got (" << int{got.r} << "," << int{got.g} << "," << int{got.b}
        << "), want (" << int{want.r} << "," << int{want.g} << "," << int{want.b} << ")";
  }
}

// The session closed cleanly: one destroy line with nothing left behind, no contract violation.
void expect_clean_close(const TwinReport &report) {
  for (const std::string &line : report.events("violation")) ADD_FAILURE() << line;
  const std::vector<std::string> destroyed = report.events("destroy");
  ASSERT_FALSE(destroyed.empty());
  const std::string &last = destroyed.back();
  for (const char *key : {"leaked_inputs", "leaked_bitstreams", "leaked_registrations",
                          "still_mapped", "still_locked"})
    EXPECT_EQ(number(last, key), 0u) << key << " in " << last;
}

// Encodes `count` frames of moving content, calling `before(i, encoder)` ahead of frame i; it
// returns the submit flags for that frame.
template <class Before>
std::vector<Packet> encode_moving(Encoder &encoder, uint32_t count, Before before) {
  std::vector<Packet> packets;
  TestImage image;
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t flags = before(i, encoder);
    fill_moving(image, kWidth, kHeight, i);
    const Result submitted = encoder.submit(image.frame(i, timestamp_of(i)), flags);
    EXPECT_EQ(submitted.status, PFHOST_OK) << submitted.reason;
    for (Packet &packet : encoder.receive_all()) packets.push_back(std::move(packet));
  }
  return packets;
}

using ColourCase = std::tuple<pfhost_codec, uint32_t>;  // codec, pixel format

class NvencColours : public testing::TestWithParam<ColourCase> {};

TEST_P(NvencColours, DecodeToExactSizeAndPatternColours) {
  const auto [codec, format] = GetParam();
  TwinReport report;
  {
    TestHost host;
    PluginInstance plugin(host);
    pfhost_encoder_params params = default_params(codec, kWidth, kHeight, 4000);
    params.input_format = format;
    Encoder encoder(plugin, params);
    ASSERT_TRUE(encoder.ok()) << encoder.open_result().reason;
    TestImage image = stripes_image(format, kWidth, kHeight, kStripes, 16);
    std::vector<Packet> packets;
    for (uint32_t i = 0; i < 4; ++i) {
      const Result submitted = encoder.submit(image.frame(50 + i, timestamp_of(i)));
      ASSERT_EQ(submitted.status, PFHOST_OK) << submitted.reason;
      std::vector<Packet> ready = encoder.receive_all();
      ASSERT_EQ(ready.size(), 1u) << "one packet per frame, ready when submit returns";
      EXPECT_EQ(ready[0].frame_sequence, 50u + i);
      EXPECT_EQ(ready[0].pts_ns, timestamp_of(i));
      EXPECT_EQ(ready[0].keyframe, i == 0);
      packets.push_back(std::move(ready[0]));
    }
    EXPECT_TRUE(encoder.drain().empty());
    int errors = 0;
    const std::vector<DecodedPicture> pictures = decode_stream(codec, packets, 0, &errors);
    EXPECT_EQ(errors, 0);
    ASSERT_EQ(pictures.size(), packets.size());
    for (const DecodedPicture &picture : pictures) {
      EXPECT_EQ(picture.width, static_cast<int>(kWidth));
      EXPECT_EQ(picture.height, static_cast<int>(kHeight));
    }
    expect_stripes(pictures.back());
  }
  expect_clean_close(report);
}

INSTANTIATE_TEST_SUITE_P(CodecsAndFormats, NvencColours,
                         testing::Combine(testing::Values(PFHOST_CODEC_H264, PFHOST_CODEC_HEVC),
                                          testing::Values(PFHOST_PIXEL_FORMAT_BGRX,
                                                          PFHOST_PIXEL_FORMAT_RGBX,
                                                          PFHOST_PIXEL_FORMAT_NV12)),
                         [](const testing::TestParamInfo<ColourCase> &param) {
                           const uint32_t format = std::get<1>(param.param);
                           return std::string(codec_name(std::get<0>(param.param))) + "_" +
                                  (format == PFHOST_PIXEL_FORMAT_BGRX   ? "BGRX"
                                   : format == PFHOST_PIXEL_FORMAT_RGBX ? "RGBX"
                                                                        : "NV12");
                         });

TEST(NvencEncode, LowLatencySettingsReachTheDriver) {
  TwinReport report;
  {
    TestHost host;
    PluginInstance plugin(host);
    Encoder encoder(plugin, default_params(PFHOST_CODEC_H264, kWidth, kHeight, 3000));
    ASSERT_TRUE(encoder.ok()) << encoder.open_result().reason;
  }
  const std::vector<std::string> initialised = report.events("initialize");
  ASSERT_EQ(initialised.size(), 1u);
  const std::string &line = initialised[0];
  EXPECT_EQ(field(line, "preset"), "p1");
  EXPECT_EQ(field(line, "tuning"), "ultra_low_latency");
  EXPECT_EQ(field(line, "rc"), "cbr");
  EXPECT_EQ(number(line, "bitrate"), 3'000'000u);
  EXPECT_EQ(number(line, "maxbitrate"), 3'000'000u);
  EXPECT_EQ(number(line, "vbv"), 100'000u) << "one frame of bits at 30 fps";
  EXPECT_EQ(field(line, "gop"), "infinite");
  EXPECT_EQ(number(line, "frame_interval_p"), 1u) << "no B-frames";
  EXPECT_EQ(number(line, "bt709"), 1u);
  expect_clean_close(report);
}

TEST(NvencEncode, ConfigKeysReachTheDriver) {
  TwinReport report;
  {
    TestHost host({{"preset", std::string("p4")},
                   {"tuning", std::string("low_latency")},
                   {"vbv_frames", int64_t{3}},
                   {"intra_refresh", true}});
    PluginInstance plugin(host);
    ASSERT_EQ(plugin.init_result().status, PFHOST_OK) << plugin.init_result().reason;
    Encoder encoder(plugin, default_params(PFHOST_CODEC_HEVC, kWidth, kHeight, 4000));
    ASSERT_TRUE(encoder.ok()) << encoder.open_result().reason;
    EXPECT_EQ(encoder.set_bitrate(1000), PFHOST_OK);
  }
  const std::vector<std::string> initialised = report.events("initialize");
  ASSERT_EQ(initialised.size(), 1u);
  ASSERT_EQ(report.events("reconfigure").size(), 1u);
  EXPECT_EQ(number(report.events("reconfigure")[0], "vbv"), 99'999u)
      << "a bitrate change keeps vbv_frames (3 frames of 1000 kbit/s at 30 fps, rounded down)";
  EXPECT_EQ(field(initialised[0], "preset"), "p4");
  EXPECT_EQ(field(initialised[0], "tuning"), "low_latency");
  EXPECT_EQ(number(initialised[0], "vbv"), 399'999u) << "3 frames of 4000 kbit/s at 30 fps";
  EXPECT_EQ(number(initialised[0], "intra_refresh"), 1u);
}

TEST(NvencEncode, KeyframeExactlyWhereAskedAndJoinableThere) {
  TwinReport report;
  std::vector<Packet> packets;
  {
    TestHost host;
    PluginInstance plugin(host);
    Encoder encoder(plugin, default_params(PFHOST_CODEC_H264, kWidth, kHeight, 2000));
    ASSERT_TRUE(encoder.ok()) << encoder.open_result().reason;
    packets = encode_moving(encoder, 12, [](uint32_t i, Encoder &) {
      return i == 7 ? uint32_t{PFHOST_SUBMIT_FORCE_KEYFRAME} : 0u;
    });
  }
  ASSERT_EQ(packets.size(), 12u);
  for (size_t i = 0; i < packets.size(); ++i)
    EXPECT_EQ(packets[i].keyframe, i == 0 || i == 7) << "packet " << i;
  // A decoder joining at the requested keyframe needs nothing before it (SPS/PPS in-band).
  int errors = 0;
  const std::vector<DecodedPicture> joined = decode_stream(PFHOST_CODEC_H264, packets, 7, &errors);
  EXPECT_EQ(errors, 0);
  EXPECT_EQ(joined.size(), 5u);
  ASSERT_FALSE(report.events("destroy").empty());
  EXPECT_EQ(number(report.events("destroy").back(), "idr"), 2u);
  expect_clean_close(report);
}

TEST(NvencEncode, BitrateChangeReachesReconfigureWithoutKeyframe) {
  TwinReport report;
  std::vector<Packet> packets;
  {
    TestHost host;
    PluginInstance plugin(host);
    Encoder encoder(plugin, default_params(PFHOST_CODEC_H264, kWidth, kHeight, 4000));
    ASSERT_TRUE(encoder.ok()) << encoder.open_result().reason;
    packets = encode_moving(encoder, 8, [](uint32_t i, Encoder &e) {
      if (i == 4) {
        EXPECT_EQ(e.set_bitrate(1500), PFHOST_OK);
      }
      return 0u;
    });
    EXPECT_EQ(encoder.set_bitrate(0), PFHOST_E_INVALID_ARGUMENT);
  }
  const std::vector<std::string> reconfigured = report.events("reconfigure");
  ASSERT_EQ(reconfigured.size(), 1u);
  EXPECT_EQ(number(reconfigured[0], "bitrate"), 1'500'000u);
  EXPECT_EQ(number(reconfigured[0], "maxbitrate"), 1'500'000u);
  EXPECT_EQ(number(reconfigured[0], "vbv"), 50'000u) << "still one frame of the new bitrate";
  EXPECT_EQ(number(reconfigured[0], "reset"), 0u);
  EXPECT_EQ(number(reconfigured[0], "force_idr"), 0u);
  ASSERT_EQ(packets.size(), 8u);
  for (size_t i = 1; i < packets.size(); ++i) EXPECT_FALSE(packets[i].keyframe) << "packet " << i;
  EXPECT_EQ(number(report.events("destroy").back(), "reconfigurations"), 1u);
  expect_clean_close(report);
}

TEST(NvencEncode, WrongFrameIsRejectedWithTheDifference) {
  TwinReport report;
  TestHost host;
  PluginInstance plugin(host);
  Encoder encoder(plugin, default_params(PFHOST_CODEC_H264, kWidth, kHeight));
  ASSERT_TRUE(encoder.ok()) << encoder.open_result().reason;
  TestImage image = stripes_image(PFHOST_PIXEL_FORMAT_BGRX, 64, 64, kStripes);
  const Result submitted = encoder.submit(image.frame(0, timestamp_of(0)));
  EXPECT_EQ(submitted.status, PFHOST_E_INVALID_ARGUMENT);
  EXPECT_EQ(submitted.reason, "frame does not match the encoder: size 64x64, opened for 192x128");
}

}  // namespace
}  // namespace pfhost::nvenc::test
