// The pipeline as a long-running host uses it: plugins discovered and probed in workers (the real
// pfhost binary), the real pipewire capturer and software encoder loaded by the catalog, and
// requests turned into sessions. A bad request must create nothing; two requests must become two
// independent sessions running at the same time through one Pipeline.
#include "pipeline/pipeline.hpp"

#include <gtest/gtest.h>

#include <pfhost/test/temp_dir.hpp>

#include <filesystem>
#include <string>
#include <thread>

#include "config/host_config.hpp"
#include "display/display_registry.hpp"
#include "loader/plugin_catalog.hpp"
#include "loader/plugin_discovery.hpp"
#include "pfhost/test/decoded_video.hpp"
#include "pfhost/test/pipewire_environment.hpp"
#include "pfhost/test/video_test_source.hpp"

namespace pfhost::core {
namespace {

using namespace std::chrono_literals;
using test::PipeWireEnvironment;
using test::VideoTestSource;

// Everything a host process sets up once, in the order it must be torn down.
struct Host {
  HostConfig config;
  PluginInventory inventory;
  std::optional<PluginCatalog> catalog;
  std::optional<DisplayRegistry> displays;
  std::optional<Pipeline> pipeline;

  Host() {
    config = parse_host_config(
        "[host]\nplugin_dirs = [\"" + std::string(PFHOST_PLUGIN_DIR) + "\"]\n", "<pipeline test>");
    DiscoveryOptions options;
    options.use_cache = false;
    options.worker_executable = PFHOST_BINARY;
    inventory = discover_plugins(config, options);
    catalog.emplace(inventory, config);
    displays.emplace(config.display_policy);
    pipeline.emplace(config, inventory, *catalog, *displays);
  }
};

StreamRequest node_request(uint32_t node, const std::filesystem::path &output) {
  StreamRequest request;
  request.mode = parse_mode("320x240@30");
  request.codec = parse_codec("h264");
  request.bitrate_kbps = 1000;
  request.client_id = "pipeline-test";
  request.pipewire_node = node;
  request.output = output.string();
  request.duration = 1500ms;
  return request;
}

VideoTestSource::Options solid(uint32_t argb) {
  VideoTestSource::Options options;
  options.width = 320;
  options.height = 240;
  options.framerate = 30;
  options.pattern = "solid-color";
  char colour[32];
  std::snprintf(colour, sizeof colour, "foreground-color=0x%08x", argb);
  options.source_properties = {colour};
  return options;
}

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto why = PipeWireEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
    if (auto why = VideoTestSource::unavailable_reason()) GTEST_SKIP() << *why;
  }
};

// Display requests (no PipeWire node), so the selected display backend (a managed sway where
// sway is installed) would make a display if the pipeline checked too late; the host's policy
// keeps a display lingering after its session, so one made by mistake shows in the snapshot.
TEST_F(PipelineTest, ABadRequestCreatesNothing) {
  PipeWireEnvironment pw;
  Host host;
  test::TempDir dir;
  const auto output = dir.path() / "never.mkv";
  const auto display_request = [](const std::filesystem::path &file) {
    StreamRequest request = node_request(0, file);
    request.pipewire_node.reset();
    return request;
  };

  StreamRequest request = display_request(output);
  request.encoder = "no-such-encoder";
  try {
    host.pipeline->start(request);
    FAIL() << "a request for an unknown encoder started";
  } catch (const RequestError &e) {
    EXPECT_NE(std::string(e.what()).find("no-such-encoder"), std::string::npos) << e.what();
  }
  request = display_request(output);
  request.mode.width = 321;
  EXPECT_THROW(host.pipeline->start(request), RequestError);
  request = display_request(dir.path() / "never.h264");
  request.codec = parse_codec("hevc");
  EXPECT_THROW(host.pipeline->start(request), RequestError);
  EXPECT_FALSE(std::filesystem::exists(output)) << "an output was opened for a bad request";
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "never.h264"));
  EXPECT_TRUE(host.displays->snapshot().empty()) << "a display was made for a bad request";
}

TEST_F(PipelineTest, TwoSessionsRunAtOnceThroughOnePipeline) {
  PipeWireEnvironment pw;
  VideoTestSource red(pw, solid(0xffe02020));
  VideoTestSource blue(pw, solid(0xff2020e0));
  Host host;
  test::TempDir dir;
  const auto red_file = dir.path() / "red.mkv";
  const auto blue_file = dir.path() / "blue.ts";

  // Started from two threads at once: the catalog and the registry are shared.
  StartedSession red_session;
  StartedSession blue_session;
  std::thread start_red(
      [&] { red_session = host.pipeline->start(node_request(red.node_id(), red_file)); });
  std::thread start_blue(
      [&] { blue_session = host.pipeline->start(node_request(blue.node_id(), blue_file)); });
  start_red.join();
  start_blue.join();
  ASSERT_TRUE(red_session.session && blue_session.session);
  EXPECT_EQ(red_session.backends.capture, "pipewire");
  EXPECT_EQ(red_session.backends.encoder, "software");
  EXPECT_TRUE(red_session.backends.display.empty());

  SessionResult red_result;
  SessionResult blue_result;
  std::thread run_red([&] { red_result = red_session.session->run(); });
  std::thread run_blue([&] { blue_result = blue_session.session->run(); });
  run_red.join();
  run_blue.join();
  ASSERT_TRUE(red_result.ok) << red_result.error << "\n" << pw.logs();
  ASSERT_TRUE(blue_result.ok) << blue_result.error << "\n" << pw.logs();
  red_session.session.reset();
  blue_session.session.reset();

  // Each file holds its own source: right size, about 1.5 s at 30 fps, its own colour.
  for (const auto &[file, expect_red] : {std::pair{red_file, true}, std::pair{blue_file, false}}) {
    const test::VideoInfo info = test::probe_video(file.string());
    EXPECT_EQ(info.codec, "h264") << file;
    EXPECT_EQ(info.width, 320) << file;
    EXPECT_EQ(info.height, 240) << file;
    EXPECT_GE(info.frame_count, 35u) << file;
    EXPECT_LE(info.frame_count, 46u) << file;
    const std::vector<test::RgbFrame> first = test::decode_rgb_frames(file.string(), 1);
    ASSERT_EQ(first.size(), 1u) << file;
    const test::Rgb rgb = test::mean_colour(first[0], {156, 116, 8, 8});
    if (expect_red) {
      EXPECT_GT(rgb.r, 180) << file;
      EXPECT_LT(rgb.b, 80) << file;
    } else {
      EXPECT_GT(rgb.b, 180) << file;
      EXPECT_LT(rgb.r, 80) << file;
    }
  }
}

// Plugins loaded by the catalog get their deinit at the end, as in pfhost's main().
class PluginShutdown : public ::testing::Environment {
 public:
  void TearDown() override { shutdown_plugins(); }
};
const auto *const kShutdown = ::testing::AddGlobalTestEnvironment(new PluginShutdown);

}  // namespace
}  // namespace pfhost::core
