// Keyframes: forced ones (PFHOST_SUBMIT_FORCE_KEYFRAME, the ABI's only keyframe path) land
// exactly on the frame asked for, are IDRs carrying their parameter sets (a client can join
// there), and nothing else is a keyframe: not a scene cut under the default infinite GOP, and
// only the GOP end otherwise.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "bitstream_units.hpp"
#include "plugin_harness.hpp"
#include "stream_decoder.hpp"
#include "test_images.hpp"

namespace pfhost::software::test {
namespace {

constexpr uint32_t kWidth = 320;
constexpr uint32_t kHeight = 192;

std::set<size_t> keyframe_packets(const std::vector<Packet> &packets) {
  std::set<size_t> keys;
  for (size_t i = 0; i < packets.size(); ++i)
    if (packets[i].keyframe) keys.insert(i);
  return keys;
}

class SoftwareKeyframes : public testing::TestWithParam<pfhost_codec> {
 protected:
  // Encodes `count` moving frames; `flags_for(i)` returns the submit flags of frame i.
  template <class Flags>
  std::vector<Packet> encode(const pfhost_encoder_params &params, uint32_t count, Flags flags_for) {
    PluginInstance plugin(host_);
    Encoder encoder(plugin, params);
    EXPECT_TRUE(encoder.ok()) << encoder.open_result().reason;
    if (!encoder.ok()) return {};
    TestImage image;
    std::vector<Packet> packets;
    for (uint32_t i = 0; i < count; ++i) {
      fill_moving(image, params.width, params.height, i);
      const Result submitted = encoder.submit(image.frame(i, timestamp_of(i)), flags_for(i));
      EXPECT_EQ(submitted.status, PFHOST_OK) << submitted.reason;
      for (Packet &packet : encoder.receive_all()) packets.push_back(std::move(packet));
    }
    for (Packet &packet : encoder.drain()) packets.push_back(std::move(packet));
    EXPECT_EQ(packets.size(), count);
    return packets;
  }

  TestHost host_;
};

TEST_P(SoftwareKeyframes, ForcedKeyframesAreJoinableIdrsOnTheRequestedFrames) {
  const pfhost_codec codec = GetParam();
  const uint32_t count = frame_budget(codec, 30, 12);
  // Two forced keyframes, so SVT-AV1's restart is exercised on an instance that was itself
  // restarted.
  const uint32_t by_flag = count / 3;
  const uint32_t by_flag_again = 2 * count / 3;
  const std::vector<Packet> packets =
      encode(default_params(codec, kWidth, kHeight), count, [&](uint32_t i) {
        return i == by_flag || i == by_flag_again ? uint32_t{PFHOST_SUBMIT_FORCE_KEYFRAME} : 0u;
      });
  ASSERT_EQ(packets.size(), count);
  EXPECT_EQ(keyframe_packets(packets), (std::set<size_t>{0, by_flag, by_flag_again}));
  for (size_t key : {size_t{0}, size_t{by_flag}, size_t{by_flag_again}})
    EXPECT_TRUE(is_self_contained_keyframe(codec, packets[key].data)) << "packet " << key;

  const std::vector<DecodedPicture> pictures = decode_stream(codec, packets);
  ASSERT_EQ(pictures.size(), count);
  for (size_t i = 0; i < pictures.size(); ++i) {
    const bool expected_key = i == 0 || i == by_flag || i == by_flag_again;
    EXPECT_EQ(pictures[i].key_frame, expected_key) << "picture " << i;
    if (expected_key) {
      EXPECT_TRUE(pictures[i].intra) << "picture " << i;
    }
  }

  // A client joining at the forced keyframe decodes everything from there without errors.
  int errors = -1;
  const std::vector<DecodedPicture> joined = decode_stream(codec, packets, by_flag, &errors);
  EXPECT_EQ(errors, 0);
  ASSERT_EQ(joined.size(), count - by_flag);
  EXPECT_TRUE(joined.front().key_frame);
  EXPECT_EQ(joined.front().index, static_cast<int64_t>(by_flag));
  EXPECT_EQ(joined.front().width, static_cast<int>(kWidth));
}

TEST_P(SoftwareKeyframes, DefaultGopHasOnlyTheFirstKeyframeEvenAcrossASceneCut) {
  const pfhost_codec codec = GetParam();
  const uint32_t count = frame_budget(codec, 60, 20);
  PluginInstance plugin(host_);
  Encoder encoder(plugin, default_params(codec, kWidth, kHeight));
  ASSERT_TRUE(encoder.ok()) << encoder.open_result().reason;
  TestImage moving;
  TestImage stripes =
      stripes_image(PFHOST_PIXEL_FORMAT_BGRX, kWidth, kHeight, {kRed, kGreen, kBlue, kGreen, kRed});
  std::vector<Packet> packets;
  for (uint32_t i = 0; i < count; ++i) {
    // The picture changes completely half way: an encoder with scene-cut detection would
    // insert a keyframe there.
    fill_moving(moving, kWidth, kHeight, i);
    TestImage &image = i < count / 2 ? moving : stripes;
    ASSERT_EQ(encoder.submit(image.frame(i, timestamp_of(i))).status, PFHOST_OK);
    for (Packet &packet : encoder.receive_all()) packets.push_back(std::move(packet));
  }
  for (Packet &packet : encoder.drain()) packets.push_back(std::move(packet));
  ASSERT_EQ(packets.size(), count);
  EXPECT_EQ(keyframe_packets(packets), (std::set<size_t>{0}));
}

TEST_P(SoftwareKeyframes, GopLengthPutsAKeyframeEveryNFrames) {
  const pfhost_codec codec = GetParam();
  pfhost_encoder_params params = default_params(codec, 160, 96);
  params.gop_length = 8;
  const std::vector<Packet> packets = encode(params, 20, [](uint32_t) { return 0u; });
  ASSERT_EQ(packets.size(), 20u);
  EXPECT_EQ(keyframe_packets(packets), (std::set<size_t>{0, 8, 16}));
  EXPECT_TRUE(is_self_contained_keyframe(codec, packets[8].data));
}

INSTANTIATE_TEST_SUITE_P(AdvertisedCodecs, SoftwareKeyframes,
                         testing::ValuesIn(advertised_codecs()),
                         [](const testing::TestParamInfo<pfhost_codec> &test_info) {
                           return std::string(codec_name(test_info.param));
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(SoftwareKeyframes);

}  // namespace
}  // namespace pfhost::software::test
