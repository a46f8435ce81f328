// End to end: a private PipeWire with a GStreamer BGRx source at 640x480 -> the real `pipewire`
// capture plugin -> Session -> the real `software` encoder plugin (H.264) -> MediaOutput .mkv,
// then the file is read back: exact size, about duration x rate frames, and the colour of a
// solid-colour source after the round trip.
#include "session/capture_backend.h"
#include "session/encode_backend.h"
#include "session/media_output.h"
#include "session/session.h"

#include <pfhost/test/temp_dir.hpp>
#include <pfhost/test/test_plugin.hpp>
#include "h264_test_stream.h"

#include "pfhost/test/pipewire_environment.hpp"
#include "pfhost/test/video_test_source.hpp"

#include <gtest/gtest.h>

#include <pfhost/plugin.hpp>

#include <cstdint>  // FFmpeg's C headers need UINT64_C before they are read

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <cmath>

namespace pfhost::test {
namespace {

using namespace std::chrono_literals;

struct Rgb {
  double r, g, b;
};

// The centre pixel of the first decodable frame, converted back to RGB with the BT.709
// limited-range matrix the software encoder signals.
Rgb centre_colour(const std::string &path) {
  AVFormatContext *fmt = nullptr;
  if (avformat_open_input(&fmt, path.c_str(), nullptr, nullptr) < 0)
    throw std::runtime_error("open");
  avformat_find_stream_info(fmt, nullptr);
  const int index = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  const AVCodec *decoder = avcodec_find_decoder(fmt->streams[index]->codecpar->codec_id);
  AVCodecContext *dec = avcodec_alloc_context3(decoder);
  avcodec_parameters_to_context(dec, fmt->streams[index]->codecpar);
  avcodec_open2(dec, decoder, nullptr);
  AVPacket *pkt = av_packet_alloc();
  AVFrame *frame = av_frame_alloc();
  bool got = false;
  while (!got && av_read_frame(fmt, pkt) >= 0) {
    if (pkt->stream_index == index && avcodec_send_packet(dec, pkt) >= 0) {
      got = avcodec_receive_frame(dec, frame) == 0;
    }
    av_packet_unref(pkt);
  }
  if (!got) {
    avcodec_send_packet(dec, nullptr);
    got = avcodec_receive_frame(dec, frame) == 0;
  }
  Rgb rgb{-1, -1, -1};
  if (got && frame->format == AV_PIX_FMT_YUV420P) {
    const int x = frame->width / 2, y = frame->height / 2;
    const double Y = frame->data[0][y * frame->linesize[0] + x];
    const double U = frame->data[1][(y / 2) * frame->linesize[1] + x / 2];
    const double V = frame->data[2][(y / 2) * frame->linesize[2] + x / 2];
    const double yy = (Y - 16) * 255.0 / 219.0, u = (U - 128) * 255.0 / 224.0,
                 v = (V - 128) * 255.0 / 224.0;
    rgb = {yy + 1.5748 * v, yy - 0.1873 * u - 0.4681 * v, yy + 1.8556 * u};
  }
  av_frame_free(&frame);
  av_packet_free(&pkt);
  avcodec_free_context(&dec);
  avformat_close_input(&fmt);
  return rgb;
}

TEST(SessionEndToEnd, PipeWireSourceToSoftwareH264Mkv) {
  if (auto why = PipeWireEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
  if (auto why = VideoTestSource::unavailable_reason()) GTEST_SKIP() << *why;

  PipeWireEnvironment pw;
  VideoTestSource::Options source_options;
  source_options.width = 640;
  source_options.height = 480;
  source_options.framerate = 30;
  source_options.pattern = "solid-color";
  source_options.source_properties = {"foreground-color=0xff4080c0"};  // R 0x40 G 0x80 B 0xc0
  VideoTestSource source(pw, source_options);

  const TestPlugin pipewire_plugin(PFHOST_PIPEWIRE_PLUGIN);
  const TestPlugin software_plugin(PFHOST_SOFTWARE_PLUGIN);
  const CaptureBackend capture_backend("pipewire", pipewire_plugin.backend("pipewire").capture,
                                       pipewire_plugin.ctx());
  const EncodeBackend encode_backend("software", software_plugin.backend("software").encode,
                                     software_plugin.ctx());

  auto target = make_struct<pfhost_target>();
  target.kind = PFHOST_TARGET_PIPEWIRE_NODE;
  target.mode = {640, 480, 30000};
  target.u.pipewire.node_id = source.node_id();
  target.u.pipewire.remote_fd = -1;
  const pfhost_capture_params params =
      capture_params_for(target, target.mode, encode_backend.caps());

  pfhost::test::TempDir dir;
  const std::string path = (dir.path() / "e2e.mkv").string();
  SessionOptions options;
  options.rate = Framerate::from_millihz(target.mode.refresh_millihz);
  options.duration = 2s;
  options.encoder.bitrate_kbps = 2000;
  int progress_calls = 0;
  options.on_progress = [&](const SessionStats &) { ++progress_calls; };
  Session session(Keepalive{}, capture_backend.open(params), encode_backend,
                  std::make_unique<MediaOutput>(path), std::move(options));
  const SessionResult result = session.run();
  ASSERT_TRUE(result.ok) << result.error << "\n" << pw.logs();
  EXPECT_EQ(result.end_reason, "duration reached");
  const SessionStats &s = result.stats;
  std::fprintf(stderr, "%s\n", summary_text(s).c_str());
  EXPECT_EQ(s.width, 640u);
  EXPECT_EQ(s.height, 480u);
  EXPECT_GT(s.frames_captured, 0u);
  EXPECT_GT(s.latency_samples, 0u);
  EXPECT_GE(progress_calls, 1);

  const ProbedStream probed = probe_file(path);
  EXPECT_EQ(probed.codec, "h264");
  EXPECT_EQ(probed.width, 640);
  EXPECT_EQ(probed.height, 480);
  // 2 s at 30 fps; a loaded machine may miss a few slots.
  EXPECT_GE(probed.decoded_frames, 50);
  EXPECT_LE(probed.decoded_frames, 60);
  EXPECT_EQ(static_cast<uint64_t>(probed.decoded_frames), s.frames_encoded);
  EXPECT_NEAR(probed.duration_s, 2.0, 0.25);

  const Rgb rgb = centre_colour(path);
  EXPECT_NEAR(rgb.r, 0x40, 12) << "decoded colour " << rgb.r << "," << rgb.g << "," << rgb.b;
  EXPECT_NEAR(rgb.g, 0x80, 12);
  EXPECT_NEAR(rgb.b, 0xc0, 12);
}

}  // namespace
}  // namespace pfhost::test
