// Every advertised codec opens and produces a stream libavcodec's own decoders accept, at the
// exact size asked for, one packet per frame, with timestamps and sequence numbers passed through.
#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "plugin_harness.hpp"
#include "stream_decoder.hpp"
#include "test_images.hpp"

namespace pfhost::software::test {
namespace {

using DecodeCase = std::tuple<pfhost_codec, uint32_t, uint32_t>;  // codec, width, height

class SoftwareDecode : public testing::TestWithParam<DecodeCase> {};

TEST_P(SoftwareDecode, ProducesDecodableStreamOfExactSize) {
  const auto [codec, width, height] = GetParam();
  TestHost host;
  PluginInstance plugin(host);
  Encoder encoder(plugin, default_params(codec, width, height, 3000));
  ASSERT_TRUE(encoder.ok()) << encoder.open_result().reason;

  const uint32_t count = frame_budget(codec, 8);
  TestImage image;
  std::vector<Packet> packets;
  for (uint32_t i = 0; i < count; ++i) {
    fill_moving(image, width, height, i);
    const Result submitted = encoder.submit(image.frame(100 + i, timestamp_of(i)));
    ASSERT_EQ(submitted.status, PFHOST_OK) << submitted.reason;
    std::vector<Packet> ready = encoder.receive_all();
    if (packet_per_submit(codec)) {
      // The packet for a frame is ready as soon as submit returns.
      ASSERT_EQ(ready.size(), 1u) << "frame " << i;
    } else {
      ASSERT_LE(ready.size(), 1u) << "frame " << i;
    }
    for (Packet &packet : ready) packets.push_back(std::move(packet));
    EXPECT_LE(i + 1 - packets.size(), 4u) << "pipeline delay at frame " << i;
  }
  std::vector<Packet> rest = encoder.drain();
  if (packet_per_submit(codec)) {
    EXPECT_TRUE(rest.empty()) << "nothing may be held back";
  }
  for (Packet &packet : rest) packets.push_back(std::move(packet));
  ASSERT_EQ(packets.size(), count);
  for (uint32_t i = 0; i < count; ++i) {
    EXPECT_EQ(packets[i].frame_sequence, 100u + i);
    EXPECT_EQ(packets[i].pts_ns, timestamp_of(i));
    EXPECT_FALSE(packets[i].data.empty());
  }

  int errors = 0;
  const std::vector<DecodedPicture> pictures = decode_stream(codec, packets, 0, &errors);
  EXPECT_EQ(errors, 0);
  ASSERT_EQ(pictures.size(), count);
  for (size_t i = 0; i < pictures.size(); ++i) {
    EXPECT_EQ(pictures[i].width, static_cast<int>(width));
    EXPECT_EQ(pictures[i].height, static_cast<int>(height));
    EXPECT_EQ(pictures[i].index, static_cast<int64_t>(i)) << "output order must be input order";
  }
}

class SoftwareLifecycle : public testing::TestWithParam<pfhost_codec> {};

// Regression: SVT-AV1 1.4 hangs in close when it never got a frame (the plugin feeds it one).
TEST_P(SoftwareLifecycle, UnusedEncoderClosesAndFlushesWithNothingToSay) {
  TestHost host;
  PluginInstance plugin(host);
  {
    Encoder unused(plugin, default_params(GetParam(), 160, 96));
    ASSERT_TRUE(unused.ok()) << unused.open_result().reason;
  }
  Encoder flushed(plugin, default_params(GetParam(), 160, 96));
  ASSERT_TRUE(flushed.ok()) << flushed.open_result().reason;
  EXPECT_TRUE(flushed.drain().empty());
  EXPECT_TRUE(flushed.receive_all().empty());
}

INSTANTIATE_TEST_SUITE_P(AdvertisedCodecs, SoftwareLifecycle,
                         testing::ValuesIn(advertised_codecs()),
                         [](const testing::TestParamInfo<pfhost_codec> &test_info) {
                           return std::string(codec_name(test_info.param));
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(SoftwareLifecycle);

std::vector<DecodeCase> decode_cases() {
  std::vector<DecodeCase> cases;
  for (pfhost_codec codec : advertised_codecs()) {
    cases.emplace_back(codec, 1280, 720);
    cases.emplace_back(codec, 1366, 768);  // not a multiple of 16 (or 64) in either direction
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(AdvertisedCodecs, SoftwareDecode, testing::ValuesIn(decode_cases()),
                         [](const testing::TestParamInfo<DecodeCase> &test_info) {
                           return std::string(codec_name(std::get<0>(test_info.param))) + "_" +
                                  std::to_string(std::get<1>(test_info.param)) + "x" +
                                  std::to_string(std::get<2>(test_info.param));
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(SoftwareDecode);

}  // namespace
}  // namespace pfhost::software::test
