// The main job: a fresh Mutter virtual monitor at exactly the requested size, captured and encoded
// to H.264, showing what a Wayland client draws on it.
#include "mutter_environment.hpp"
#include "mutter_pipeline.hpp"
#include "pattern_client.hpp"

#include "display/display_registry.hpp"

#include <pfhost/test/decoded_video.hpp>
#include <pfhost/test/temp_dir.hpp>

#include <gtest/gtest.h>

#include <optional>

namespace pfhost::test {
using namespace pfhost::core;  // the host's own types
namespace {

using namespace std::chrono_literals;

struct ModeCase {
  uint32_t width, height, hz;
};

class MutterStream : public ::testing::TestWithParam<ModeCase> {};

TEST_P(MutterStream, EncodesExactlyTheRequestedSizeAndShowsTheClient) {
  if (auto why = MutterEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
  const ModeCase mode_case = GetParam();
  MutterEnvironment gnome;
  const MutterPipeline pipeline;
  DisplayRegistry registry(DisplayPolicy{KeepAlive{KeepAlive::Kind::off, 0ms}, 4, {}});
  TempDir dir;
  const auto file = dir.path() / "mutter.mkv";

  DisplayLease lease = registry.acquire(pipeline.display(),
                                        mode_of(mode_case.width, mode_case.height, mode_case.hz));
  EXPECT_EQ(lease.target().kind, PFHOST_TARGET_PIPEWIRE_NODE);
  EXPECT_EQ(lease.mode().width, mode_case.width);
  EXPECT_EQ(lease.mode().height, mode_case.height);

  std::optional<PatternClient> client;
  const SessionResult result =
      pipeline.stream(std::move(lease), 3s, file, [&] { client.emplace(gnome); });
  client.reset();
  ASSERT_TRUE(result.ok) << result.error << "\n" << gnome.logs();
  EXPECT_EQ(result.stats.width, mode_case.width);
  EXPECT_EQ(result.stats.height, mode_case.height);

  const VideoInfo info = probe_video(file);
  EXPECT_EQ(info.codec, "h264");
  EXPECT_EQ(info.width, static_cast<int>(mode_case.width));
  EXPECT_EQ(info.height, static_cast<int>(mode_case.height));
  EXPECT_GT(info.frame_count, 30u);

  // The client draws from shortly after the session started: the last frames must show it.
  const auto frames = decode_rgb_frames(file, SIZE_MAX, 10);
  ASSERT_FALSE(frames.empty());
  std::string why;
  EXPECT_TRUE(frame_shows_test_pattern(frames.back(), &why)) << why;
  size_t with_pattern = 0;
  for (const auto &frame : frames) with_pattern += frame_shows_test_pattern(frame) ? 1 : 0;
  EXPECT_GE(with_pattern, frames.size() / 2)
      << "frames showing the pattern: " << with_pattern << " of " << frames.size();
}

INSTANTIATE_TEST_SUITE_P(Modes, MutterStream,
                         ::testing::Values(ModeCase{1280, 720, 30}, ModeCase{800, 600, 30}),
                         [](const auto &param_info) {
                           return std::to_string(param_info.param.width) + "x" +
                                  std::to_string(param_info.param.height);
                         });

}  // namespace
}  // namespace pfhost::test
