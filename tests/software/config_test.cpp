// The plugin's config table: presets and threads are honoured, bad values fail init with the
// key's name, and unknown keys fail the probe with the nearest known key (the SDK's one policy).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "plugin_harness.hpp"
#include "test_images.hpp"

namespace pfhost::software::test {
namespace {

pfhost_codec first_codec() {
  const std::vector<pfhost_codec> codecs = advertised_codecs();
  return codecs.empty() ? PFHOST_CODEC_NONE : codecs.front();
}

Result open_and_encode_one(const PluginInstance &plugin, const pfhost_encoder_params &params) {
  Encoder encoder(plugin, params);
  if (!encoder.ok()) return encoder.open_result();
  TestImage image = stripes_image(PFHOST_PIXEL_FORMAT_BGRX, params.width, params.height, {kRed});
  const Result submitted = encoder.submit(image.frame(0, timestamp_of(0)));
  if (submitted.status != PFHOST_OK) return submitted;
  const size_t packets = encoder.drain().size();
  return Result{packets == 1 ? PFHOST_OK : PFHOST_E_INTERNAL,
                std::to_string(packets) + " packets for one frame"};
}

TEST(SoftwareConfig, PluginPresetIsUsedAndParamsPresetWins) {
  TestHost host({{"preset", std::string("not-a-preset")}});
  PluginInstance plugin(host);
  ASSERT_EQ(plugin.init_result().status, PFHOST_OK) << plugin.init_result().reason;
  pfhost_encoder_params params = default_params(first_codec(), 160, 96);
  const Result from_config = open_and_encode_one(plugin, params);
  EXPECT_EQ(from_config.status, PFHOST_E_INVALID_ARGUMENT);
  EXPECT_NE(from_config.reason.find("not-a-preset"), std::string::npos) << from_config.reason;

  params.preset = "veryfast";  // x264/x265 name; SVT-AV1 maps it to a preset number
  const Result from_params = open_and_encode_one(plugin, params);
  EXPECT_EQ(from_params.status, PFHOST_OK) << from_params.reason;
}

TEST(SoftwareConfig, PerEncoderPresetOverridesThePluginPreset) {
  TestHost host({{"preset", std::string("not-a-preset")},
                 {"x264.preset", std::string("superfast")},
                 {"x265.preset", std::string("superfast")},
                 {"svtav1.preset", std::string("11")}});
  PluginInstance plugin(host);
  ASSERT_EQ(plugin.init_result().status, PFHOST_OK) << plugin.init_result().reason;
  for (pfhost_codec codec : advertised_codecs()) {
    const Result result = open_and_encode_one(plugin, default_params(codec, 160, 96));
    EXPECT_EQ(result.status, PFHOST_OK) << codec_name(codec) << ": " << result.reason;
  }
}

TEST(SoftwareConfig, SvtAv1PresetOutOfRangeIsRejected) {
  if (first_codec() == PFHOST_CODEC_NONE) GTEST_SKIP();
  const std::vector<pfhost_codec> codecs = advertised_codecs();
  if (std::find(codecs.begin(), codecs.end(), PFHOST_CODEC_AV1) == codecs.end())
    GTEST_SKIP() << "no libsvtav1";
  TestHost host({{"svtav1.preset", std::string("14")}});
  PluginInstance plugin(host);
  const Result result = open_and_encode_one(plugin, default_params(PFHOST_CODEC_AV1, 160, 96));
  EXPECT_EQ(result.status, PFHOST_E_INVALID_ARGUMENT);
  EXPECT_NE(result.reason.find("'14'"), std::string::npos) << result.reason;
}

TEST(SoftwareConfig, ThreadsIsHonouredAndValidated) {
  {
    TestHost host({{"threads", int64_t{2}}});
    PluginInstance plugin(host);
    ASSERT_EQ(plugin.init_result().status, PFHOST_OK) << plugin.init_result().reason;
    for (pfhost_codec codec : advertised_codecs()) {
      const Result result = open_and_encode_one(plugin, default_params(codec, 160, 96));
      EXPECT_EQ(result.status, PFHOST_OK) << codec_name(codec) << ": " << result.reason;
    }
  }
  {
    TestHost host({{"threads", int64_t{-1}}});
    PluginInstance plugin(host);
    EXPECT_EQ(plugin.init_result().status, PFHOST_E_INVALID_ARGUMENT);
    EXPECT_EQ(plugin.init_result().reason,
              "[plugins.software] threads = -1 is out of range: allowed 0..256");
  }
  {
    TestHost host({{"threads", std::string("four")}});
    PluginInstance plugin(host);
    EXPECT_EQ(plugin.init_result().status, PFHOST_E_INVALID_ARGUMENT);
    EXPECT_EQ(plugin.init_result().reason, "[plugins.software] threads must be an integer");
  }
}

TEST(SoftwareConfig, UnknownKeysFailTheProbeNamingTheNearestKey) {
  TestHost host({{"preset", std::string("ultrafast")},
                 {"thredas", int64_t{4}},
                 {"x264.tune", std::string("film")}});
  PluginInstance plugin(host);
  ASSERT_EQ(plugin.init_result().status, PFHOST_OK) << plugin.init_result().reason;
  const Result probe = plugin.probe();
  EXPECT_EQ(probe.status, PFHOST_E_INVALID_ARGUMENT);
  EXPECT_EQ(probe.reason,
            "[plugins.software] unknown key 'thredas' (did you mean 'threads'?); "
            "[plugins.software] unknown key 'x264.tune'")
      << probe.reason;
  EXPECT_TRUE(host.logs().empty()) << "an error, not a warning";
}

TEST(SoftwareConfig, KnownKeysProbeOk) {
  if (first_codec() == PFHOST_CODEC_NONE) GTEST_SKIP() << "no encoder in this libavcodec";
  TestHost host({{"preset", std::string("ultrafast")}, {"x265.params", std::string("")}});
  PluginInstance plugin(host);
  ASSERT_EQ(plugin.init_result().status, PFHOST_OK) << plugin.init_result().reason;
  EXPECT_EQ(plugin.probe().status, PFHOST_OK) << plugin.probe().reason;
}

TEST(SoftwareConfig, ExtraEncoderParamsReachTheEncoder) {
  // x264.params is appended last to x264-params, so it overrides ours: keyint=5 must show.
  const std::vector<pfhost_codec> codecs = advertised_codecs();
  if (std::find(codecs.begin(), codecs.end(), PFHOST_CODEC_H264) == codecs.end())
    GTEST_SKIP() << "no libx264";
  TestHost host({{"x264.params", std::string("keyint=5")}});
  PluginInstance plugin(host);
  Encoder encoder(plugin, default_params(PFHOST_CODEC_H264, 160, 96));
  ASSERT_TRUE(encoder.ok()) << encoder.open_result().reason;
  TestImage image;
  std::vector<bool> keys;
  for (uint32_t i = 0; i < 11; ++i) {
    fill_moving(image, 160, 96, i);
    ASSERT_EQ(encoder.submit(image.frame(i, timestamp_of(i))).status, PFHOST_OK);
    for (const Packet &packet : encoder.receive_all()) keys.push_back(packet.keyframe);
  }
  EXPECT_EQ(keys, (std::vector<bool>{true, false, false, false, false, true, false, false, false,
                                     false, true}));
}

}  // namespace
}  // namespace pfhost::software::test
