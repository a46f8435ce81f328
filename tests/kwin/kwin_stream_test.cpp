// The success path KWin 5.27 cannot give here, against FakeScreencastServer (same protocol, a
// real PipeWire node of the requested size): the plugin's create -> pipewire capture -> software
// H.264 -> destroy runs end to end through the core's DisplayRegistry and Session. Also: KWin
// never answering, KWin ending the stream (is_alive), and stable output names per client.
#include "fake_screencast_server.hpp"
#include "kwin_test_support.hpp"

#include "backends/capture_backend.hpp"
#include "backends/display_error.hpp"
#include "backends/encode_backend.hpp"
#include "output/media_output.hpp"
#include "session/session.hpp"

#include <pfhost/test/scoped_env.hpp>
#include <pfhost/test/temp_dir.hpp>
#include <pfhost/test/video_test_source.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pfhost/plugin.hpp>

#include <chrono>
#include <thread>

namespace pfhost::test {
using namespace pfhost::core;  // the host's own types
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

class FakeKwin : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto why = PipeWireEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
    if (auto why = VideoTestSource::unavailable_reason()) GTEST_SKIP() << *why;
  }
  // Starts the private PipeWire (it sets XDG_RUNTIME_DIR, where the server's socket goes).
  FakeScreencastServer &start(FakeScreencastServer::Answer answer) {
    pw_ = std::make_unique<PipeWireEnvironment>();
    server_ = std::make_unique<FakeScreencastServer>(
        FakeScreencastServer::Options{.answer = answer, .pipewire = pw_.get()});
    env_.set("WAYLAND_DISPLAY", server_->socket_name());
    return *server_;
  }
  void TearDown() override {
    server_.reset();
    env_.restore();
    pw_.reset();
  }

  std::unique_ptr<PipeWireEnvironment> pw_;
  std::unique_ptr<FakeScreencastServer> server_;
  ScopedEnv env_;
};

template <class Predicate>
bool eventually(Predicate done, std::chrono::milliseconds timeout = 3s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

TEST_F(FakeKwin, CreateCaptureEncodeDestroy) {
  FakeScreencastServer &server = start(FakeScreencastServer::Answer::create_node);
  std::string reason;
  ASSERT_EQ(kwin_probe(&reason), PFHOST_OK) << reason;

  const DisplayBackend display = kwin_backend();
  const TestPlugin pipewire_plugin(PFHOST_PIPEWIRE_PLUGIN);
  const TestPlugin software_plugin(PFHOST_SOFTWARE_PLUGIN);
  const CaptureBackend capture = pipewire_plugin.capture("pipewire");
  const EncodeBackend encoder = software_plugin.encode("software");
  DisplayRegistry registry(no_keep_alive());
  const pfhost_mode mode{640, 480, 30000};
  auto request = make_struct<pfhost_display_request>();
  request.mode = mode;
  request.cursor_mode = PFHOST_CURSOR_EMBEDDED;
  request.client_id = "living-room";
  DisplayLease lease = registry.acquire(display, request);

  const pfhost_target target = lease.target();
  ASSERT_EQ(target.kind, static_cast<uint32_t>(PFHOST_TARGET_PIPEWIRE_NODE));
  EXPECT_EQ(target.u.pipewire.remote_fd, -1);
  ASSERT_EQ(server.nodes().size(), 1u);
  EXPECT_EQ(target.u.pipewire.node_id, server.nodes()[0]);
  EXPECT_EQ(target.mode.width, 640u);
  EXPECT_EQ(target.mode.height, 480u);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].name, "pfhost-living-room");
  EXPECT_EQ(requests[0].width, 640);
  EXPECT_EQ(requests[0].height, 480);
  EXPECT_DOUBLE_EQ(requests[0].scale, 1.0);
  EXPECT_EQ(requests[0].pointer, 2u);  // embedded
  ASSERT_EQ(registry.snapshot().size(), 1u);

  TempDir dir;
  const std::string path = (dir.path() / "kwin.mkv").string();
  SessionOptions options;
  options.rate = Framerate::from_millihz(mode.refresh_millihz);
  options.duration = 1500ms;
  const pfhost_capture_params params = capture_params_for(target, mode, encoder.caps());
  Session session(Keepalive(std::move(lease)), capture.open(params), encoder,
                  std::make_unique<MediaOutput>(path), std::move(options));
  const SessionResult result = session.run();
  ASSERT_TRUE(result.ok) << result.error << "\n" << pw_->logs();
  EXPECT_EQ(result.stats.width, 640u);
  EXPECT_EQ(result.stats.height, 480u);
  EXPECT_GT(result.stats.frames_captured, 0u);
  EXPECT_GT(result.stats.frames_encoded, 20u);

  // The session ended: its lease went back, nothing lingers, the stream was closed on the
  // compositor side and its node is gone.
  EXPECT_TRUE(eventually([&] { return registry.snapshot().empty(); }));
  EXPECT_TRUE(eventually([&] { return server.closed_streams() == 1; }));
  EXPECT_EQ(server.live_streams(), 0);
  EXPECT_TRUE(pw_->wait_for_node_gone(target.u.pipewire.node_id, 3s));
}

TEST_F(FakeKwin, FailedIsACleanErrorWithKwinsText) {
  start(FakeScreencastServer::Answer::fail);
  DisplayRegistry registry(no_keep_alive());
  try {
    registry.acquire(kwin_backend(), pfhost_mode{1280, 720, 60000}, "x");
    FAIL() << "expected KWin's failure";
  } catch (const DisplayError &e) {
    EXPECT_EQ(e.status(), PFHOST_E_UNAVAILABLE);
    EXPECT_THAT(e.what(), HasSubstr("Could not find output"));
  }
  EXPECT_TRUE(registry.snapshot().empty());
  EXPECT_TRUE(eventually([&] { return server_->closed_streams() == 1; }));
}

TEST_F(FakeKwin, NoAnswerTimesOutWithinTheConfiguredBound) {
  FakeScreencastServer &server = start(FakeScreencastServer::Answer::never);
  DisplayRegistry registry(no_keep_alive());
  const auto started = std::chrono::steady_clock::now();
  try {
    registry.acquire(kwin_backend(), pfhost_mode{800, 600, 60000});
    FAIL() << "expected a timeout";
  } catch (const DisplayError &e) {
    EXPECT_EQ(e.status(), PFHOST_E_TIMEOUT);
    EXPECT_THAT(e.what(), HasSubstr("answered neither created nor failed"));
    EXPECT_THAT(e.what(), HasSubstr("1500 ms"));
  }
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_GE(took, 1400ms);
  EXPECT_LT(took, 4s);
  EXPECT_TRUE(registry.snapshot().empty());
  // The stream was closed and the connection dropped on the way out.
  EXPECT_TRUE(eventually([&] { return server.closed_streams() == 1; }));
}

TEST_F(FakeKwin, StreamClosedByKwinMakesTheDisplayDead) {
  FakeScreencastServer &server = start(FakeScreencastServer::Answer::create_node);
  const DisplayBackend backend = kwin_backend();
  auto created = backend.create([] {
    auto r = make_struct<pfhost_display_request>();
    r.mode = {320, 240, 60000};
    return r;
  }());
  EXPECT_EQ(server.requests().at(0).name, "pfhost-display-1");
  std::string why;
  EXPECT_TRUE(created.display->is_alive(&why)) << why;
  server.close_all_streams();
  EXPECT_TRUE(eventually([&] { return !created.display->is_alive(&why); }));
  EXPECT_THAT(why, HasSubstr("KWin closed the stream"));
  created.display.reset();  // destroy still closes cleanly
  EXPECT_TRUE(eventually([&] { return server.closed_streams() == 1; }));
}

TEST_F(FakeKwin, OutputNamesAreStablePerClient) {
  FakeScreencastServer &server = start(FakeScreencastServer::Answer::create_node);
  const DisplayBackend backend = kwin_backend();
  DisplayRegistry registry(no_keep_alive());
  {
    DisplayLease a = registry.acquire(backend, pfhost_mode{320, 240, 60000}, "phone");
    DisplayLease b = registry.acquire(backend, pfhost_mode{320, 240, 60000}, "phone");
  }
  DisplayLease again = registry.acquire(backend, pfhost_mode{320, 240, 60000}, "phone");
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].name, "pfhost-phone");
  EXPECT_EQ(requests[1].name, "pfhost-phone-2");  // both alive at once
  EXPECT_EQ(requests[2].name, "pfhost-phone");    // the same client, the same output name
}

}  // namespace
}  // namespace pfhost::test
