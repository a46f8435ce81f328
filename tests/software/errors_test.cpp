// Requests the plugin cannot honour fail with the right status and a reason that says why, and
// a rejected frame leaves the encoder usable.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <string>

#include "plugin_harness.hpp"
#include "stream_decoder.hpp"
#include "test_images.hpp"

namespace pfhost::software::test {
namespace {

class SoftwareErrors : public testing::Test {
 protected:
  void SetUp() override {
    const std::vector<pfhost_codec> codecs = advertised_codecs();
    ASSERT_FALSE(codecs.empty());
    codec_ = codecs.front();
  }
  Result open_with(const pfhost_encoder_params &params) {
    Encoder encoder(plugin_, params);
    return encoder.open_result();
  }

  TestHost host_;
  PluginInstance plugin_{host_};
  pfhost_codec codec_ = PFHOST_CODEC_NONE;
};

TEST_F(SoftwareErrors, FrameOfAnotherSizeIsRejectedWithBothSizesAndEncoderStaysUsable) {
  Encoder encoder(plugin_, default_params(codec_, 320, 240));
  ASSERT_TRUE(encoder.ok()) << encoder.open_result().reason;
  TestImage wrong = stripes_image(PFHOST_PIXEL_FORMAT_BGRX, 640, 480, {kRed});
  const Result rejected = encoder.submit(wrong.frame(0, timestamp_of(0)));
  EXPECT_EQ(rejected.status, PFHOST_E_INVALID_ARGUMENT);
  EXPECT_NE(rejected.reason.find("640x480"), std::string::npos) << rejected.reason;
  EXPECT_NE(rejected.reason.find("320x240"), std::string::npos) << rejected.reason;
  EXPECT_TRUE(encoder.receive_all().empty());

  TestImage right = stripes_image(PFHOST_PIXEL_FORMAT_BGRX, 320, 240, {kRed});
  EXPECT_EQ(encoder.submit(right.frame(1, timestamp_of(1))).status, PFHOST_OK);
  const std::vector<Packet> packets = encoder.drain();
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_TRUE(packets[0].keyframe);
  EXPECT_EQ(packets[0].frame_sequence, 1u);
}

TEST_F(SoftwareErrors, FrameOfAnotherFormatMemoryOrTooShortStrideIsRejected) {
  Encoder encoder(plugin_, default_params(codec_, 320, 240));
  ASSERT_TRUE(encoder.ok()) << encoder.open_result().reason;

  TestImage rgbx = stripes_image(PFHOST_PIXEL_FORMAT_RGBX, 320, 240, {kRed});
  Result result = encoder.submit(rgbx.frame(0, timestamp_of(0)));
  EXPECT_EQ(result.status, PFHOST_E_INVALID_ARGUMENT);
  EXPECT_NE(result.reason.find("RGBX"), std::string::npos) << result.reason;
  EXPECT_NE(result.reason.find("BGRX"), std::string::npos) << result.reason;

  TestImage bgrx = stripes_image(PFHOST_PIXEL_FORMAT_BGRX, 320, 240, {kRed});
  pfhost_frame dmabuf = bgrx.frame(0, timestamp_of(0));
  dmabuf.memory = PFHOST_MEMORY_DMABUF;
  result = encoder.submit(dmabuf);
  EXPECT_EQ(result.status, PFHOST_E_INVALID_ARGUMENT);
  EXPECT_NE(result.reason.find("CPU"), std::string::npos) << result.reason;

  pfhost_frame short_stride = bgrx.frame(0, timestamp_of(0));
  short_stride.u.cpu.stride[0] = 320 * 4 - 4;
  result = encoder.submit(short_stride);
  EXPECT_EQ(result.status, PFHOST_E_INVALID_ARGUMENT);
  EXPECT_NE(result.reason.find("stride"), std::string::npos) << result.reason;

  pfhost_frame no_data = bgrx.frame(0, timestamp_of(0));
  no_data.u.cpu.data[0] = nullptr;
  EXPECT_EQ(encoder.submit(no_data).status, PFHOST_E_INVALID_ARGUMENT);
  EXPECT_TRUE(encoder.receive_all().empty());
}

TEST_F(SoftwareErrors, SubmitAfterFlushIsRejected) {
  Encoder encoder(plugin_, default_params(codec_, 160, 96));
  ASSERT_TRUE(encoder.ok());
  TestImage image = stripes_image(PFHOST_PIXEL_FORMAT_BGRX, 160, 96, {kRed});
  ASSERT_EQ(encoder.submit(image.frame(0, timestamp_of(0))).status, PFHOST_OK);
  EXPECT_EQ(encoder.flush().status, PFHOST_OK);
  EXPECT_EQ(encoder.receive_all().size(), 1u);
  EXPECT_EQ(encoder.flush().status, PFHOST_OK) << "a second flush is harmless";
  const Result late = encoder.submit(image.frame(1, timestamp_of(1)));
  EXPECT_EQ(late.status, PFHOST_E_INVALID_ARGUMENT);
  EXPECT_NE(late.reason.find("flush"), std::string::npos) << late.reason;
}

TEST_F(SoftwareErrors, OpenRejectsParametersItCannotHonour) {
  struct Case {
    const char *what;
    void (*change)(pfhost_encoder_params &);
    pfhost_status status;
    const char *reason_contains;
  };
  const Case cases[] = {
      {"odd width", [](pfhost_encoder_params &p) { p.width = 321; }, PFHOST_E_INVALID_ARGUMENT,
       "321x240"},
      {"zero height", [](pfhost_encoder_params &p) { p.height = 0; }, PFHOST_E_INVALID_ARGUMENT,
       "320x0"},
      {"too wide", [](pfhost_encoder_params &p) { p.width = 16384; }, PFHOST_E_INVALID_ARGUMENT,
       "8192"},
      {"no frame rate", [](pfhost_encoder_params &p) { p.framerate_den = 0; },
       PFHOST_E_INVALID_ARGUMENT, "frame rate"},
      {"10-bit", [](pfhost_encoder_params &p) { p.bit_depth = 10; }, PFHOST_E_UNSUPPORTED, "8-bit"},
      {"4:4:4", [](pfhost_encoder_params &p) { p.chroma = PFHOST_CHROMA_444; },
       PFHOST_E_UNSUPPORTED, "4:2:0"},
      {"dma-buf input", [](pfhost_encoder_params &p) { p.input_memory = PFHOST_MEMORY_DMABUF; },
       PFHOST_E_UNSUPPORTED, "CPU"},
      {"P010 input", [](pfhost_encoder_params &p) { p.input_format = PFHOST_PIXEL_FORMAT_P010; },
       PFHOST_E_UNSUPPORTED, "pixel format"},
      {"CQP", [](pfhost_encoder_params &p) { p.rate_control = PFHOST_RATE_CONTROL_CQP; },
       PFHOST_E_UNSUPPORTED, "QP"},
      {"no bitrate", [](pfhost_encoder_params &p) { p.bitrate_kbps = 0; },
       PFHOST_E_INVALID_ARGUMENT, "bitrate"},
      {"unknown codec", [](pfhost_encoder_params &p) { p.codec = 42; }, PFHOST_E_INVALID_ARGUMENT,
       "codec 42"},
      {"unknown preset", [](pfhost_encoder_params &p) { p.preset = "warp9"; },
       PFHOST_E_INVALID_ARGUMENT, "warp9"},
  };
  for (const Case &c : cases) {
    pfhost_encoder_params params = default_params(codec_, 320, 240);
    c.change(params);
    const Result result = open_with(params);
    EXPECT_EQ(result.status, c.status) << c.what << ": " << result.reason;
    EXPECT_NE(result.reason.find(c.reason_contains), std::string::npos)
        << c.what << ": " << result.reason;
  }
}

TEST_F(SoftwareErrors, OpenTakesParamsFromAnOlderSmallerStruct) {
  // A host built before vbv_frames existed: the plugin must use every field inside the size the
  // host gave and read zeros (the defaults) for the rest, not whatever follows in memory. H.264
  // shows both: libx264 writes its effective settings into the first keyframe (a user-data SEI).
  const std::vector<pfhost_codec> codecs = advertised_codecs();
  if (std::find(codecs.begin(), codecs.end(), PFHOST_CODEC_H264) == codecs.end())
    GTEST_SKIP() << "libx264 is not available";
  pfhost_encoder_params params = default_params(PFHOST_CODEC_H264, 320, 240, 1234);
  params.gop_length = 45;
  params.preset = "veryfast";
  params.struct_size = offsetof(pfhost_encoder_params, vbv_frames);
  params.vbv_frames = 0xdeadbeef;  // beyond struct_size: what an old host's stack happens to hold
  Encoder encoder(plugin_, params);
  ASSERT_TRUE(encoder.ok()) << encoder.open_result().reason;

  TestImage image = stripes_image(PFHOST_PIXEL_FORMAT_BGRX, 320, 240, {kRed});
  ASSERT_EQ(encoder.submit(image.frame(0, timestamp_of(0))).status, PFHOST_OK);
  const std::vector<Packet> packets = encoder.drain();
  ASSERT_EQ(packets.size(), 1u);
  const std::vector<DecodedPicture> pictures = decode_stream(PFHOST_CODEC_H264, packets);
  ASSERT_EQ(pictures.size(), 1u);
  EXPECT_EQ(pictures[0].width, 320);
  EXPECT_EQ(pictures[0].height, 240);

  const std::string bytes(packets[0].data.begin(), packets[0].data.end());
  const size_t options_at = bytes.find("options: ");
  ASSERT_NE(options_at, std::string::npos) << "no libx264 settings SEI in the keyframe";
  const std::string options = bytes.substr(options_at, bytes.find('\0', options_at) - options_at);
  // Inside the old size: bitrate, GOP and preset (veryfast uses 1 reference frame, not 3).
  EXPECT_NE(options.find(" bitrate=1234 "), std::string::npos) << options;
  EXPECT_NE(options.find(" keyint=45 "), std::string::npos) << options;
  EXPECT_NE(options.find(" ref=1 "), std::string::npos) << options;
  // Beyond it: vbv_frames reads as 0, so CBR keeps its default one-frame buffer, 1234 kbit / 30
  // rounded up = 41134 bit, which libavcodec hands to x264 in whole kbit.
  EXPECT_NE(options.find(" vbv_bufsize=41 "), std::string::npos) << options;
}

}  // namespace
}  // namespace pfhost::software::test
