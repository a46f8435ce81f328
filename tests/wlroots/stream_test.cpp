// Whole sessions on headless sway: wlroots display -> wlr-screencopy -> software H.264 -> .mkv,
// read back with FFmpeg. Exact sizes (a standard and a non-standard mode), our pattern client's
// picture in the decoded frames, a steady rate on a static screen at little CPU, a kept display
// reused by the next session, and a compositor killed mid-session.
#include "managed_sway.hpp"
#include "wlroots_test_support.hpp"

#include "backends/display_backend.hpp"
#include "display/display_registry.hpp"

#include <pfhost/test/decoded_video.hpp>

#include <gtest/gtest.h>

#include <pfhost/plugin.hpp>

#include <signal.h>

#include <thread>

namespace pfhost::test {
using namespace pfhost::core;  // the host's own types
namespace {

using namespace std::chrono_literals;

class WlrootsStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto why = sway_unavailable_reason()) GTEST_SKIP() << *why;
  }
  IsolatedSession session_;
  TempDir files_{"pfhost-wlr-out-"};
};

struct ModeCase {
  uint32_t width, height;
};

class WlrootsExactSizeTest : public WlrootsStreamTest,
                             public ::testing::WithParamInterface<ModeCase> {};

TEST_P(WlrootsExactSizeTest, EncodedFileHasTheRequestedSize) {
  const ModeCase mode = GetParam();
  const TestPlugin plugin(PFHOST_WLROOTS_PLUGIN, "mode = \"managed\"");
  PluginDisplay display(plugin, {mode.width, mode.height, 30000});
  const auto file = files_.path() / "size.mkv";
  const FileSession run = stream_to_file(plugin, display.target(), Keepalive{}, file, 1s);
  ASSERT_TRUE(run.result.ok) << run.result.error;
  const VideoInfo info = probe_video(file);
  EXPECT_EQ(info.codec, "h264");
  EXPECT_EQ(info.width, static_cast<int>(mode.width));
  EXPECT_EQ(info.height, static_cast<int>(mode.height));
  EXPECT_GE(info.frame_count, 20u);
}

INSTANTIATE_TEST_SUITE_P(Modes, WlrootsExactSizeTest,
                         ::testing::Values(ModeCase{1600, 900}, ModeCase{1366, 768},
                                           ModeCase{1000, 562}),
                         [](const auto &test) {
                           return std::to_string(test.param.width) + "x" +
                                  std::to_string(test.param.height);
                         });

TEST_F(WlrootsStreamTest, PatternClientInsideManagedSwayShowsInDecodedFrames) {
  const auto client = pattern_client_path();
  if (!client) GTEST_SKIP() << "pfhost-test-pattern-client is not built";
  const TestPlugin plugin(PFHOST_WLROOTS_PLUGIN, "mode = \"managed\"");
  const auto ready = files_.path() / "client-ready";
  PluginDisplay display(plugin, {960, 540, 30000},
                        {*client, "--output", "HEADLESS-1", "--ready-file", ready.string()});
  for (int i = 0; i < 100 && !std::filesystem::exists(ready); ++i)
    std::this_thread::sleep_for(50ms);
  ASSERT_TRUE(std::filesystem::exists(ready)) << "the pattern client never drew";
  const auto file = files_.path() / "pattern.mkv";
  const FileSession run = stream_to_file(plugin, display.target(), Keepalive{}, file, 1500ms);
  ASSERT_TRUE(run.result.ok) << run.result.error;
  EXPECT_GT(run.result.stats.frames_captured, 5u) << "a changing picture yields fresh frames";
  // sway shows the client from its first committed buffer on; the very first capture may still
  // predate it, so judge the frames after the first half second.
  const auto frames = decode_rgb_frames(file, 100, 5);
  int checked = 0;
  for (const auto &frame : frames) {
    if (frame.pts_seconds < 0.5) continue;
    ++checked;
    std::string why;
    EXPECT_TRUE(frame_shows_test_pattern(frame, &why))
        << "at " << frame.pts_seconds << " s: " << why;
  }
  EXPECT_GE(checked, 3);
}

TEST_F(WlrootsStreamTest, StaticScreenKeepsTheRateWithoutBurningCpu) {
  const TestPlugin plugin(PFHOST_WLROOTS_PLUGIN, "mode = \"managed\"");
  PluginDisplay display(plugin, {640, 360, 30000});
  const auto file = files_.path() / "static.mkv";
  const FileSession run = stream_to_file(plugin, display.target(), Keepalive{}, file, 3s);
  ASSERT_TRUE(run.result.ok) << run.result.error;
  const VideoInfo info = probe_video(file);
  EXPECT_GE(info.frame_count, 85u) << "3 s at 30 Hz";
  EXPECT_LE(info.frame_count, 92u);
  // Nothing changes on screen: the capturer delivers (almost) nothing new and the session
  // repeats the last frame.
  EXPECT_LE(run.result.stats.frames_captured, 5u);
  EXPECT_GE(run.result.stats.frames_repeated, 80u);
  // The capture thread sleeps in poll() while copy_with_damage waits; generous for ASan and a
  // loaded machine, far below a thread that polls or copies every frame.
  EXPECT_LT(run.capture_thread_cpu.count(), 150) << "ms of capture-thread CPU in 3 s";
}

TEST_F(WlrootsStreamTest, KeptDisplayIsReusedByTheNextSession) {
  const TestPlugin plugin(PFHOST_WLROOTS_PLUGIN, "mode = \"managed\"");
  const DisplayBackend backend = plugin.display("wlroots");
  DisplayPolicy policy;
  policy.keep_alive.kind = KeepAlive::Kind::duration;
  policy.keep_alive.duration = 30s;
  DisplayRegistry registry(policy);
  const pfhost_mode mode{800, 600, 30000};

  DisplayLease first = registry.acquire(backend, mode, "client-a");
  const std::string socket = first.target().u.wayland.socket_path;
  const uint64_t slot = first.slot();
  FileSession run = stream_to_file(plugin, first.target(), Keepalive(std::move(first)),
                                   files_.path() / "one.mkv", 500ms);
  ASSERT_TRUE(run.result.ok) << run.result.error;
  // The session ended and released its lease: the display lingers, sway still runs.
  EXPECT_TRUE(std::filesystem::exists(socket));

  DisplayLease second = registry.acquire(backend, mode, "client-a");
  EXPECT_EQ(second.slot(), slot) << "reused, not created anew";
  EXPECT_EQ(std::string(second.target().u.wayland.socket_path), socket);
  run = stream_to_file(plugin, second.target(), Keepalive(std::move(second)),
                       files_.path() / "two.mkv", 500ms);
  ASSERT_TRUE(run.result.ok) << run.result.error;
  EXPECT_EQ(probe_video(files_.path() / "two.mkv").width, 800);

  registry.release();  // force-release the kept display: sway stops, its socket goes
  EXPECT_FALSE(std::filesystem::exists(socket));
}

TEST_F(WlrootsStreamTest, CompositorKilledMidSessionEndsItCleanly) {
  wlroots::ManagedSway sway(wlroots::ManagedSwayOptions{}, pfhost::Host{});
  const TestPlugin plugin(PFHOST_WLROOTS_PLUGIN,
                          "mode = \"attach\"\nsway_socket = " + toml_string(sway.ipc_socket()) +
                              "\nwayland_socket = " + toml_string(sway.wayland_socket()));
  PluginDisplay display(plugin, {640, 480, 30000});
  const auto file = files_.path() / "killed.mkv";
  std::thread killer([&] {
    std::this_thread::sleep_for(1s);
    ::kill(sway.pid(), SIGKILL);
  });
  const FileSession run = stream_to_file(plugin, display.target(), Keepalive{}, file, 20s);
  killer.join();
  EXPECT_FALSE(run.result.ok);
  EXPECT_EQ(run.result.end_reason, "capture closed");
  EXPECT_NE(run.result.error.find("closed the connection"), std::string::npos) << run.result.error;
  // What was encoded before the compositor died is a playable file.
  const VideoInfo info = probe_video(file);
  EXPECT_EQ(info.width, 640);
  EXPECT_GE(info.frame_count, 10u);
}

}  // namespace
}  // namespace pfhost::test
