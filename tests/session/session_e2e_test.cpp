// End to end: a private PipeWire with a GStreamer BGRx source at 640x480 -> the real `pipewire`
// capture plugin -> Session -> the real `software` encoder plugin (H.264) -> MediaOutput .mkv,
// then the file is read back: exact size, about duration x rate frames, and the colour of a
// solid-colour source after the round trip.
#include "backends/capture_backend.hpp"
#include "backends/encode_backend.hpp"
#include "output/media_output.hpp"
#include "session/session.hpp"

#include <pfhost/test/temp_dir.hpp>
#include <pfhost/test/test_plugin.hpp>

#include "pfhost/test/decoded_video.hpp"
#include "pfhost/test/pipewire_environment.hpp"
#include "pfhost/test/video_test_source.hpp"

#include <gtest/gtest.h>

#include <pfhost/plugin.hpp>

#include <cstdint>

namespace pfhost::test {
using namespace pfhost::core;  // the host's own types
namespace {

using namespace std::chrono_literals;

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
  const CaptureBackend capture_backend = pipewire_plugin.capture("pipewire");
  const EncodeBackend encode_backend = software_plugin.encode("software");

  const pfhost_target target = pfhost::pipewire_node_target({640, 480, 30000}, source.node_id());
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

  const VideoInfo probed = probe_video(path);
  EXPECT_EQ(probed.codec, "h264");
  EXPECT_EQ(probed.width, 640);
  EXPECT_EQ(probed.height, 480);
  // 2 s at 30 fps; a loaded machine may miss a few slots.
  EXPECT_GE(probed.frame_count, 50u);
  EXPECT_LE(probed.frame_count, 60u);
  EXPECT_EQ(static_cast<uint64_t>(probed.frame_count), s.frames_encoded);
  // First to last pts, plus the last frame's own 1/30 s.
  EXPECT_NEAR(probed.duration_seconds + 1.0 / 30, 2.0, 0.25);

  // The centre of the first frame, converted back with the colour matrix the encoder signals.
  const std::vector<RgbFrame> first = decode_rgb_frames(path, 1);
  ASSERT_EQ(first.size(), 1u);
  const Rgb rgb = mean_colour(first[0], {316, 236, 8, 8});
  EXPECT_NEAR(rgb.r, 0x40, 12) << "decoded colour " << int{rgb.r} << "," << int{rgb.g} << ","
                               << int{rgb.b};
  EXPECT_NEAR(rgb.g, 0x80, 12);
  EXPECT_NEAR(rgb.b, 0xc0, 12);
}

}  // namespace
}  // namespace pfhost::test
