// Integration tests: the real plugin (dlopen'ed, driven through its C ABI) against a private
// PipeWire + wireplumber and a GStreamer videotestsrc node. Each test has its own environment,
// so `ctest -j` runs them side by side.
#include "plugin_harness.hpp"

#include <pfhost/test/pipewire_environment.hpp>
#include <pfhost/test/scoped_env.hpp>
#include <pfhost/test/spa_video_test_source.hpp>
#include <pfhost/test/temp_dir.hpp>
#include <pfhost/test/video_test_source.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <dirent.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <thread>

namespace pfhost::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

constexpr uint32_t kFirstFrameMs = 5000;  // negotiation + linking + the first buffer

// CLOCK_MONOTONIC (steady_clock on Linux), the clock frame timestamps are defined in.
uint64_t monotonic_now_ns() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

size_t thread_count() {
  size_t n = 0;
  if (DIR *dir = ::opendir("/proc/self/task")) {
    while (const dirent *e = ::readdir(dir))
      if (e->d_name[0] != '.') ++n;
    ::closedir(dir);
  }
  return n;
}

size_t open_fd_count() {
  size_t n = 0;
  if (DIR *dir = ::opendir("/proc/self/fd")) {
    while (const dirent *e = ::readdir(dir))
      if (e->d_name[0] != '.') ++n;
    ::closedir(dir);
  }
  return n - 1;  // the directory's own fd
}

// How many stream nodes the plugin's captures have in the daemon (capture_stream.cpp names them).
size_t capture_nodes(const PipeWireEnvironment &pw) {
  size_t n = 0;
  for (const auto &o : pw.objects())
    if (o.is_node() && o.prop("node.name") == "pfhost-capture") ++n;
  return n;
}

// Polls until the daemon has `count` capture stream nodes (a closed client goes asynchronously).
bool wait_for_capture_nodes(const PipeWireEnvironment &pw, size_t count,
                            std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (capture_nodes(pw) != count) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

pfhost_mode mode_of(const VideoTestSource::Options &o) {
  return {o.width, o.height, o.framerate * 1000};
}

// Pixels (4 bytes, X ignored) where the frame differs from a tightly packed reference.
size_t mismatching_pixels(const HeldFrame &frame, const std::vector<uint8_t> &reference) {
  size_t bad = 0;
  for (uint32_t y = 0; y < frame->height; ++y) {
    for (uint32_t x = 0; x < frame->width; ++x) {
      const uint8_t *got = frame.pixel(x, y);
      const uint8_t *want = reference.data() + (size_t{y} * frame->width + x) * 4;
      if (std::memcmp(got, want, 3) != 0) ++bad;
    }
  }
  return bad;
}

class PipeWireCapture : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto why = PipeWireEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
    pw_ = std::make_unique<PipeWireEnvironment>();
    plugin_ = std::make_unique<PipeWirePlugin>();
  }

  // Opens a capture of `source` at its own mode and waits for the first frame.
  std::unique_ptr<Capture> open_and_wait(const VideoTestSource &source, HeldFrame *first) {
    OpenResult opened = plugin_->open(source.node_id(), mode_of(source.options()));
    EXPECT_EQ(opened.status, PFHOST_OK) << opened.reason;
    if (opened.status != PFHOST_OK) return nullptr;
    FrameResult r = opened.capture->next_frame(kFirstFrameMs);
    EXPECT_EQ(r.status, PFHOST_OK) << r.reason << "\n" << pw_->logs();
    *first = std::move(r.frame);
    return std::move(opened.capture);
  }

  void expect_exact_capture(VideoTestSource::Options options) {
    VideoTestSource source(*pw_, options);
    const std::vector<uint8_t> reference = VideoTestSource::reference_frame(options);
    ASSERT_EQ(reference.size(), size_t{options.width} * options.height * 4);

    const uint64_t before = monotonic_now_ns();
    HeldFrame frame;
    auto capture = open_and_wait(source, &frame);
    ASSERT_TRUE(capture && frame);
    EXPECT_EQ(frame->struct_size, sizeof(pfhost_frame));
    EXPECT_EQ(frame->memory, PFHOST_MEMORY_CPU);
    EXPECT_EQ(frame->pixel_format, PFHOST_PIXEL_FORMAT_BGRX);
    EXPECT_EQ(frame->width, options.width);
    EXPECT_EQ(frame->height, options.height);
    EXPECT_EQ(frame->plane_count, 1u);
    EXPECT_EQ(frame->u.cpu.stride[0], options.width * 4);  // tightly packed
    EXPECT_EQ(mismatching_pixels(frame, reference), 0u);

    uint64_t last_sequence = frame->sequence;
    uint64_t last_timestamp = frame->timestamp_ns;
    EXPECT_GE(last_timestamp, before);
    for (int i = 0; i < 5; ++i) {
      FrameResult r = capture->next_frame(2000);
      ASSERT_EQ(r.status, PFHOST_OK) << r.reason;
      EXPECT_EQ(r.frame->width, options.width);
      EXPECT_EQ(r.frame->height, options.height);
      EXPECT_GT(r.frame->sequence, last_sequence);
      EXPECT_GT(r.frame->timestamp_ns, last_timestamp);
      EXPECT_LE(r.frame->timestamp_ns, monotonic_now_ns());
      EXPECT_EQ(mismatching_pixels(r.frame, reference), 0u);
      last_sequence = r.frame->sequence;
      last_timestamp = r.frame->timestamp_ns;
    }
  }

  std::unique_ptr<PipeWireEnvironment> pw_;
  std::unique_ptr<PipeWirePlugin> plugin_;
};

TEST_F(PipeWireCapture, ProbeFindsThePrivateDaemon) {
  std::string reason;
  EXPECT_EQ(plugin_->probe(&reason), PFHOST_OK) << reason;
}

TEST_F(PipeWireCapture, Bgrx1280x720MatchesTheSourcePixelForPixel) {
  VideoTestSource::Options options;
  options.width = 1280;
  options.height = 720;
  options.pattern = "smpte75";  // static bars (smpte has an animated noise patch)
  expect_exact_capture(options);
}

TEST_F(PipeWireCapture, OddSize1366x768MatchesTheSourcePixelForPixel) {
  VideoTestSource::Options options;
  options.width = 1366;
  options.height = 768;
  options.pattern = "smpte75";  // static bars (smpte has an animated noise patch)
  expect_exact_capture(options);
}

TEST_F(PipeWireCapture, SolidColourArrivesInBgrxByteOrder) {
  VideoTestSource::Options options;
  options.width = 1366;
  options.height = 768;
  options.pattern = "solid-color";
  options.source_properties = {"foreground-color=0xff336699"};  // ARGB
  VideoTestSource source(*pw_, options);
  HeldFrame frame;
  auto capture = open_and_wait(source, &frame);
  ASSERT_TRUE(capture && frame);
  for (auto [x, y] : {std::pair{0u, 0u}, std::pair{1365u, 0u}, std::pair{683u, 384u},
                      std::pair{0u, 767u}, std::pair{1365u, 767u}}) {
    const uint8_t *p = frame.pixel(x, y);
    EXPECT_EQ(p[0], 0x99) << x << "," << y;  // B
    EXPECT_EQ(p[1], 0x66) << x << "," << y;  // G
    EXPECT_EQ(p[2], 0x33) << x << "," << y;  // R
  }
}

TEST_F(PipeWireCapture, UnknownNodeIsRefusedWithAClearReason) {
  const OpenResult opened = plugin_->open(4242, {1280, 720, 60000});
  EXPECT_EQ(opened.status, PFHOST_E_UNAVAILABLE);
  EXPECT_THAT(opened.reason, HasSubstr("PipeWire node 4242 does not exist"));
}

TEST_F(PipeWireCapture, NodeThatIsNoVideoSourceNeverNegotiates) {
  uint32_t driver_id = 0;
  for (const auto &o : pw_->objects())
    if (o.is_node() && o.prop("node.name") == "Dummy-Driver") driver_id = o.id;
  ASSERT_NE(driver_id, 0u) << "the daemon has no Dummy-Driver node";
  OpenResult opened = plugin_->open(driver_id, {1280, 720, 60000});
  ASSERT_EQ(opened.status, PFHOST_OK) << opened.reason;
  // Either wireplumber gives up on linking it (the stream is closed) or nothing happens until
  // the timeout; both must name the likely cause.
  const FrameResult r = opened.capture->next_frame(1500);
  EXPECT_TRUE(r.status == PFHOST_E_CLOSED || r.status == PFHOST_E_TIMEOUT) << r.status;
  EXPECT_THAT(r.reason, HasSubstr("is node " + std::to_string(driver_id) + " a video source?"));
  if (r.status == PFHOST_E_TIMEOUT) {
    EXPECT_THAT(r.reason, HasSubstr("format never negotiated"));
  }
}

TEST_F(PipeWireCapture, RemovedNodeEndsTheCaptureWithClosed) {
  VideoTestSource source(*pw_, {});
  HeldFrame first;
  auto capture = open_and_wait(source, &first);
  ASSERT_TRUE(capture && first);
  first.release();
  source.kill_now();  // an abrupt producer death removes its node
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  FrameResult r;
  do {
    r = capture->next_frame(500);
  } while (r.status == PFHOST_OK && std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(r.status, PFHOST_E_CLOSED) << r.reason;
  EXPECT_THAT(r.reason,
              HasSubstr("PipeWire node " + std::to_string(source.node_id()) + " was removed"));
  // It stays closed.
  EXPECT_EQ(capture->next_frame(10).status, PFHOST_E_CLOSED);
  EXPECT_EQ(capture->try_latest().status, PFHOST_E_CLOSED);
}

TEST_F(PipeWireCapture, GracefullyStoppedSourceEndsTheCaptureWithClosed) {
  VideoTestSource source(*pw_, {});
  HeldFrame first;
  auto capture = open_and_wait(source, &first);
  ASSERT_TRUE(capture && first);
  source.stop();
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  FrameResult r;
  do {
    r = capture->next_frame(500);
  } while (r.status == PFHOST_OK && std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(r.status, PFHOST_E_CLOSED) << r.reason;
}

// PipeWire's own videotestsrc: RGB (3 bytes per pixel), and it resumes after a pause (GStreamer's
// pipewiresink does not restart once its only consumer was paused).
TEST_F(PipeWireCapture, ThreeBytesPerPixelRgbFromSpaVideotestsrc) {
  SpaVideoTestSource source(*pw_);
  OpenResult opened = plugin_->open(source.node_id(), {333, 199, 25000});
  ASSERT_EQ(opened.status, PFHOST_OK) << opened.reason;
  FrameResult r = opened.capture->next_frame(kFirstFrameMs);
  ASSERT_EQ(r.status, PFHOST_OK) << r.reason << "\n" << pw_->logs();
  EXPECT_EQ(r.frame->pixel_format, PFHOST_PIXEL_FORMAT_RGB);
  // The exact size is offered first, and a source that can produce any size takes it (odd sizes
  // included).
  EXPECT_EQ(r.frame->width, 333u);
  EXPECT_EQ(r.frame->height, 199u);
  EXPECT_EQ(r.frame->u.cpu.stride[0], r.frame->width * 3u);  // tightly packed
}

TEST_F(PipeWireCapture, PausedCaptureSaysSoAndResumes) {
  SpaVideoTestSource source(*pw_);
  OpenResult opened = plugin_->open(source.node_id(), {320, 240, 25000});
  ASSERT_EQ(opened.status, PFHOST_OK) << opened.reason;
  auto &capture = opened.capture;
  FrameResult r = capture->next_frame(kFirstFrameMs);
  ASSERT_EQ(r.status, PFHOST_OK) << r.reason;
  std::this_thread::sleep_for(200ms);  // let it stream for a while
  r = capture->next_frame(1000);
  ASSERT_EQ(r.status, PFHOST_OK) << r.reason;
  const uint64_t before_pause = r.frame->sequence;
  r.frame.release();
  ASSERT_EQ(capture->set_active(false), PFHOST_OK);
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  do {  // a frame already handed over may still come out once
    r = capture->next_frame(300);
  } while (r.status == PFHOST_OK && std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(r.status, PFHOST_E_TIMEOUT);
  EXPECT_THAT(r.reason, HasSubstr("paused"));
  ASSERT_EQ(capture->set_active(true), PFHOST_OK);
  r = capture->next_frame(3000);
  ASSERT_EQ(r.status, PFHOST_OK) << r.reason << "\n" << pw_->logs();
  EXPECT_GT(r.frame->sequence, before_pause);
}

TEST_F(PipeWireCapture, DestroyedSpaNodeEndsTheCaptureWithClosed) {
  SpaVideoTestSource source(*pw_);
  OpenResult opened = plugin_->open(source.node_id(), {320, 240, 25000});
  ASSERT_EQ(opened.status, PFHOST_OK) << opened.reason;
  ASSERT_EQ(opened.capture->next_frame(kFirstFrameMs).status, PFHOST_OK);
  source.remove();
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  FrameResult r;
  do {
    r = opened.capture->next_frame(500);
  } while (r.status == PFHOST_OK && std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(r.status, PFHOST_E_CLOSED) << r.reason;
  EXPECT_THAT(r.reason,
              HasSubstr("PipeWire node " + std::to_string(source.node_id()) + " was removed"));
}

TEST_F(PipeWireCapture, TryLatestHandsOutOnlyNewerFrames) {
  VideoTestSource source(*pw_, {});
  HeldFrame first;
  auto capture = open_and_wait(source, &first);
  ASSERT_TRUE(capture && first);
  uint64_t last = first->sequence;
  int again = 0;
  int frames = 0;
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  while (std::chrono::steady_clock::now() < deadline && (again < 3 || frames < 3)) {
    FrameResult r = capture->try_latest();
    if (r.status == PFHOST_OK) {
      EXPECT_GT(r.frame->sequence, last);
      last = r.frame->sequence;
      ++frames;
    } else {
      ASSERT_EQ(r.status, PFHOST_E_AGAIN);
      ++again;
    }
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_GE(again, 3);
  EXPECT_GE(frames, 3);
}

TEST_F(PipeWireCapture, HoldingEverySlotDropsFramesUntilOneIsReleased) {
  VideoTestSource source(*pw_, {});
  HeldFrame first;
  auto capture = open_and_wait(source, &first);
  ASSERT_TRUE(capture && first);
  std::vector<HeldFrame> held;
  held.push_back(std::move(first));
  for (int i = 0; i < 2; ++i) {  // the default hand-over has 3 slots
    FrameResult r = capture->next_frame(2000);
    ASSERT_EQ(r.status, PFHOST_OK) << r.reason;
    held.push_back(std::move(r.frame));
  }
  // The PipeWire thread never blocks on us: with every slot held, new frames are dropped.
  EXPECT_EQ(capture->next_frame(400).status, PFHOST_E_TIMEOUT);
  const uint64_t last_held = held.back()->sequence;
  held.front().release();
  FrameResult r = capture->next_frame(2000);
  ASSERT_EQ(r.status, PFHOST_OK) << r.reason;
  EXPECT_GT(r.frame->sequence, last_held + 1) << "the dropped frames leave a sequence gap";
}

TEST_F(PipeWireCapture, FramesStayValidAfterCloseAndCloseJoinsItsThread) {
  VideoTestSource::Options options;
  options.width = 640;
  options.height = 480;
  VideoTestSource source(*pw_, options);
  const std::vector<uint8_t> reference = VideoTestSource::reference_frame(options);
  const size_t threads_before = thread_count();
  HeldFrame frame;
  auto capture = open_and_wait(source, &frame);
  ASSERT_TRUE(capture && frame);
  EXPECT_GT(thread_count(), threads_before);
  const auto start = std::chrono::steady_clock::now();
  capture.reset();  // close()
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_EQ(thread_count(), threads_before) << "close() must join the PipeWire thread";
  EXPECT_EQ(mismatching_pixels(frame, reference), 0u);  // still readable after close
  frame.release();
}

TEST_F(PipeWireCapture, ReopeningTheSameNodeWorks) {
  // What a client reconnecting to the same display does: close the capture, open it again. The
  // first capture must leave nothing behind (its thread, its fds, its stream node in the daemon),
  // or every reconnect would leak them and link one more consumer to the source; the second must
  // deliver the source's real frames, not merely some frame.
  VideoTestSource::Options options;
  options.width = 640;
  options.height = 360;
  options.pattern = "smpte75";  // static bars: every frame equals the reference
  VideoTestSource source(*pw_, options);
  const std::vector<uint8_t> reference = VideoTestSource::reference_frame(options);
  const size_t threads_before = thread_count();
  const size_t fds_before = open_fd_count();
  {
    HeldFrame frame;
    auto first = open_and_wait(source, &frame);
    ASSERT_TRUE(first && frame) << "first open";
    EXPECT_EQ(mismatching_pixels(frame, reference), 0u);
    EXPECT_EQ(capture_nodes(*pw_), 1u);
    frame.release();
  }  // closed here
  EXPECT_EQ(thread_count(), threads_before) << "the first capture's thread is still running";
  EXPECT_EQ(open_fd_count(), fds_before) << "the first capture left file descriptors open";
  EXPECT_TRUE(wait_for_capture_nodes(*pw_, 0, 3s))
      << "the first capture's stream node is still in the daemon";

  HeldFrame frame;
  auto second = open_and_wait(source, &frame);
  ASSERT_TRUE(second && frame) << "second open";
  EXPECT_EQ(frame->memory, PFHOST_MEMORY_CPU);
  EXPECT_EQ(frame->pixel_format, PFHOST_PIXEL_FORMAT_BGRX);
  EXPECT_EQ(frame->width, options.width);
  EXPECT_EQ(frame->height, options.height);
  EXPECT_EQ(frame->u.cpu.stride[0], options.width * 4);
  EXPECT_EQ(mismatching_pixels(frame, reference), 0u);
  // Frames keep coming, not just one that was left over.
  FrameResult next = second->next_frame(2000);
  ASSERT_EQ(next.status, PFHOST_OK) << next.reason;
  EXPECT_GT(next.frame->sequence, frame->sequence);
  EXPECT_EQ(mismatching_pixels(next.frame, reference), 0u);
  EXPECT_EQ(capture_nodes(*pw_), 1u) << "one capture open, one stream node";
}

TEST_F(PipeWireCapture, RemoteFdIsUsedThroughADupAndLeftOpenForItsOwner) {
  // A portal hands a connected PipeWire socket; emulate one by connecting to the daemon ourselves.
  VideoTestSource source(*pw_, {});
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const std::string path = (pw_->runtime_dir() / "pipewire-0").string();
  path.copy(addr.sun_path, sizeof addr.sun_path - 1);
  ASSERT_EQ(::connect(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr), 0);
  {
    // The default daemon is made unreachable, so only the fd can work.
    ScopedEnv no_default;
    no_default.set("PIPEWIRE_REMOTE", "pfhost-no-such-remote");
    OpenResult opened = plugin_->open(source.node_id(), {1280, 720, 30000}, fd);
    ASSERT_EQ(opened.status, PFHOST_OK) << opened.reason;
    const FrameResult r = opened.capture->next_frame(kFirstFrameMs);
    EXPECT_EQ(r.status, PFHOST_OK) << r.reason;
  }
  EXPECT_NE(::fcntl(fd, F_GETFD), -1) << "the display's fd must stay open";
  ::close(fd);
}

TEST_F(PipeWireCapture, DaemonExitEndsTheCaptureWithClosed) {
  VideoTestSource source(*pw_, {});
  HeldFrame first;
  auto capture = open_and_wait(source, &first);
  ASSERT_TRUE(capture && first);
  source.stop();
  pw_->stop();  // wireplumber, pipewire and the bus go away
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  FrameResult r;
  do {
    r = capture->next_frame(500);
  } while (r.status == PFHOST_OK && std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(r.status, PFHOST_E_CLOSED) << r.reason;
  capture.reset();  // closing after the daemon died must not hang or crash
}

TEST(PipeWireCaptureWithoutSessionManager, NeverNegotiatesAndSaysWhy) {
  if (auto why = PipeWireEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
  PipeWireEnvironment::Options no_wireplumber;
  no_wireplumber.start_wireplumber = false;
  PipeWireEnvironment pw(no_wireplumber);
  VideoTestSource source(pw, {});
  PipeWirePlugin plugin;
  OpenResult opened = plugin.open(source.node_id(), {1280, 720, 30000});
  ASSERT_EQ(opened.status, PFHOST_OK) << opened.reason;
  const FrameResult r = opened.capture->next_frame(1000);
  EXPECT_EQ(r.status, PFHOST_E_TIMEOUT);
  EXPECT_THAT(r.reason, HasSubstr("format never negotiated"));
  EXPECT_THAT(r.reason, HasSubstr("is wireplumber running?"));
}

// --- without a daemon (these run even where PipeWire is not installed) ------------------------

TEST(PipeWirePlugin, DescriptorDeclaresOneCaptureBackend) {
  PipeWirePlugin plugin;
  const pfhost_plugin_descriptor *d = plugin.descriptor();
  EXPECT_STREQ(d->name, "pipewire");
  EXPECT_EQ(d->abi_major, PFHOST_ABI_MAJOR);
  EXPECT_EQ(d->backend_count, 1u);
  const pfhost_backend *b = plugin.backend();
  EXPECT_STREQ(b->name, "pipewire");
  EXPECT_EQ(b->kind, PFHOST_BACKEND_CAPTURE);
  EXPECT_EQ(b->rank, 50);
  ASSERT_NE(b->capture, nullptr);
  EXPECT_EQ(b->capture->target_kinds, 1u << PFHOST_TARGET_PIPEWIRE_NODE);
  EXPECT_NE(b->capture->memory_kinds & (1u << PFHOST_MEMORY_CPU), 0u);
  for (auto f : {PFHOST_PIXEL_FORMAT_BGRX, PFHOST_PIXEL_FORMAT_RGBX, PFHOST_PIXEL_FORMAT_BGRA,
                 PFHOST_PIXEL_FORMAT_RGBA, PFHOST_PIXEL_FORMAT_RGB, PFHOST_PIXEL_FORMAT_BGR})
    EXPECT_NE(b->capture->pixel_formats & (1ull << f), 0u) << f;
  EXPECT_NE(b->capture->try_latest, nullptr);
  EXPECT_NE(b->capture->set_active, nullptr);
}

TEST(PipeWirePlugin, ProbeWithoutADaemonIsUnavailableAndSaysWhere) {
  TempDir empty("pfhost-nopw-");
  ScopedEnv env;
  env.set("XDG_RUNTIME_DIR", empty.path().string())
      .set("PIPEWIRE_RUNTIME_DIR", empty.path().string())
      .unset("PIPEWIRE_REMOTE");
  PipeWirePlugin plugin;
  std::string reason;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(plugin.probe(&reason), PFHOST_E_UNAVAILABLE);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_EQ(reason, "no PipeWire daemon reachable at " + empty.path().string() +
                        "/pipewire-0 (start pipewire, or set PIPEWIRE_RUNTIME_DIR)");
}

TEST(PipeWirePlugin, OpenWithoutADaemonIsUnavailable) {
  TempDir empty("pfhost-nopw-");
  ScopedEnv env;
  env.set("XDG_RUNTIME_DIR", empty.path().string())
      .set("PIPEWIRE_RUNTIME_DIR", empty.path().string())
      .unset("PIPEWIRE_REMOTE");
  PipeWirePlugin plugin;
  const OpenResult opened = plugin.open(42, {1280, 720, 60000});
  EXPECT_EQ(opened.status, PFHOST_E_UNAVAILABLE);
  EXPECT_THAT(opened.reason, HasSubstr("no PipeWire daemon reachable"));
}

TEST(PipeWirePlugin, OpenRefusesOtherTargetKinds) {
  PipeWirePlugin plugin;
  pfhost_target target{};
  target.struct_size = sizeof target;
  target.kind = PFHOST_TARGET_WAYLAND_OUTPUT;
  pfhost_capture_params params{};
  params.struct_size = sizeof params;
  params.target = &target;
  const OpenResult opened = plugin.open(params);
  EXPECT_EQ(opened.status, PFHOST_E_INVALID_ARGUMENT);
  EXPECT_THAT(opened.reason, HasSubstr("PIPEWIRE_NODE"));
  params.target = nullptr;
  EXPECT_EQ(plugin.open(params).status, PFHOST_E_INVALID_ARGUMENT);
}

}  // namespace
}  // namespace pfhost::test
