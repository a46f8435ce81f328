// The "wlroots" display backend and the "wlr-screencopy" capturer driven through their C tables
// against real headless sway: managed mode (a private sway per display), attach mode (outputs
// added to a running sway over IPC), probe reasons, and the compositor going away.
#include "managed_sway.hpp"
#include "sway_ipc.hpp"
#include "sway_outputs.hpp"
#include "wlroots_test_support.hpp"

#include <gtest/gtest.h>

#include <pfhost/plugin.hpp>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <future>
#include <thread>

namespace pfhost::test {
namespace {

using namespace std::chrono_literals;
using wlroots::ManagedSway;
using wlroots::ManagedSwayOptions;
using wlroots::SwayIpc;

class WlrootsDisplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto why = sway_unavailable_reason()) GTEST_SKIP() << *why;
  }
  IsolatedSession session_;
};

// A sway started the way a user's session would have it, for attach mode.
std::unique_ptr<ManagedSway> running_sway() {
  return std::make_unique<ManagedSway>(ManagedSwayOptions{}, pfhost::Host{});
}

std::string attach_settings(const ManagedSway &sway) {
  return "mode = \"attach\"\nsway_socket = " + toml_string(sway.ipc_socket()) +
         "\nwayland_socket = " + toml_string(sway.wayland_socket()) + "\n";
}

pfhost_frame *first_frame(PluginCapture &capture) {
  pfhost_frame *frame = nullptr;
  std::string why;
  const pfhost_status status = capture.next(5000, &frame, &why);
  EXPECT_EQ(status, PFHOST_OK) << why;
  return status == PFHOST_OK ? frame : nullptr;
}

TEST_F(WlrootsDisplayTest, ManagedDisplayHasTheExactModeAndIsCaptured) {
  const TestPlugin plugin(PFHOST_WLROOTS_PLUGIN, "mode = \"managed\"");
  std::filesystem::path runtime;
  {
    PluginDisplay display(plugin, {1600, 900, 30000});
    EXPECT_EQ(display.target().kind, PFHOST_TARGET_WAYLAND_OUTPUT);
    EXPECT_EQ(display.output(), "HEADLESS-1");
    EXPECT_EQ(display.target().mode.width, 1600u);
    EXPECT_EQ(display.target().mode.height, 900u);
    EXPECT_EQ(display.target().mode.refresh_millihz, 30000u);
    ASSERT_EQ(display.socket().front(), '/') << "the capturer needs an absolute socket path";
    runtime = std::filesystem::path(display.socket()).parent_path();
    EXPECT_EQ(display.is_alive(), PFHOST_OK);

    PluginCapture capture(plugin, display.target());
    pfhost_frame *frame = first_frame(capture);
    ASSERT_NE(frame, nullptr);
    EXPECT_EQ(frame->width, 1600u);
    EXPECT_EQ(frame->height, 900u);
    EXPECT_EQ(frame->memory, static_cast<uint32_t>(PFHOST_MEMORY_CPU));
    EXPECT_EQ(frame->pixel_format, static_cast<uint32_t>(PFHOST_PIXEL_FORMAT_BGRX));
    EXPECT_GE(frame->u.cpu.stride[0], 1600u * 4);
    EXPECT_GE(frame->sequence, 1u);
    frame->release(frame);
  }
  // Destroying the display stopped sway and removed its private runtime dir.
  EXPECT_FALSE(std::filesystem::exists(runtime)) << runtime;
}

TEST_F(WlrootsDisplayTest, ConfiguredAppRunsInsideAndPausedCaptureCopiesNothing) {
  const auto client = pattern_client_path();
  if (!client) GTEST_SKIP() << "pfhost-test-pattern-client is not built";
  // `app` from the config (the request's app_argv would win); it redraws every frame.
  const TestPlugin plugin(
      PFHOST_WLROOTS_PLUGIN,
      "mode = \"managed\"\napp = [" + toml_string(*client) + ", \"--output\", \"HEADLESS-1\"]");
  PluginDisplay display(plugin, {640, 480, 60000});
  PluginCapture capture(plugin, display.target());
  pfhost_frame *frame = nullptr;
  // A drawing app means a stream of fresh frames.
  uint64_t last = 0;
  for (int i = 0; i < 5; ++i) {
    std::string why;
    ASSERT_EQ(capture.next(3000, &frame, &why), PFHOST_OK) << why;
    EXPECT_GT(frame->sequence, last);
    last = frame->sequence;
    frame->release(frame);
  }
  // Paused: the outstanding copy may still land, then nothing more.
  ASSERT_EQ(capture.set_active(false), PFHOST_OK);
  std::this_thread::sleep_for(200ms);
  while (capture.next(0, &frame) == PFHOST_OK) frame->release(frame);
  EXPECT_EQ(capture.next(300, &frame), PFHOST_E_TIMEOUT);
  ASSERT_EQ(capture.set_active(true), PFHOST_OK);
  std::string why;
  ASSERT_EQ(capture.next(3000, &frame, &why), PFHOST_OK) << why;
  frame->release(frame);
}

TEST_F(WlrootsDisplayTest, AsRootRunAsUserStartsSwayUnderThatAccount) {
  if (::geteuid() != 0) GTEST_SKIP() << "only root drops to an account";
  // The same path the user-namespace launch falls back to when namespaces are disabled.
  const TestPlugin plugin(PFHOST_WLROOTS_PLUGIN, "mode = \"managed\"\nrun_as_user = \"nobody\"");
  PluginDisplay display(plugin, {800, 450, 30000});
  struct stat info {};
  ASSERT_EQ(::stat(display.socket().c_str(), &info), 0);
  EXPECT_NE(info.st_uid, 0u) << "the socket belongs to nobody, and root can still connect";
  PluginCapture capture(plugin, display.target());
  pfhost_frame *frame = first_frame(capture);
  ASSERT_NE(frame, nullptr);
  EXPECT_EQ(frame->width, 800u);
  EXPECT_EQ(frame->height, 450u);
  frame->release(frame);
}

TEST_F(WlrootsDisplayTest, AsRootWithoutUserNamespacesFallsBackToNobody) {
  if (::geteuid() != 0) GTEST_SKIP() << "only root needs a user namespace";
  // An `unshare` that fails the way it does where user namespaces are disabled.
  TempDir bin("pfhost-fake-unshare-");
  {
    std::ofstream script(bin.path() / "unshare");
    script << "#!/bin/sh\necho 'unshare: unshare failed: Operation not permitted' >&2\nexit 1\n";
  }
  std::filesystem::permissions(bin.path() / "unshare", std::filesystem::perms::owner_all);
  ScopedEnv path("PATH", bin.path().string() + ":" + std::getenv("PATH"));
  const TestPlugin plugin(PFHOST_WLROOTS_PLUGIN, "mode = \"managed\"");
  PluginDisplay display(plugin, {640, 360, 30000});
  struct stat info {};
  ASSERT_EQ(::stat(display.socket().c_str(), &info), 0);
  EXPECT_EQ(info.st_uid, 65534u) << "sway ran as nobody";
  PluginCapture capture(plugin, display.target());
  pfhost_frame *frame = first_frame(capture);
  ASSERT_NE(frame, nullptr);
  EXPECT_EQ(frame->width, 640u);
  frame->release(frame);
}

TEST_F(WlrootsDisplayTest, RunAsAnUnknownAccountIsAClearError) {
  if (::geteuid() != 0) GTEST_SKIP() << "only root drops to an account";
  const TestPlugin plugin(PFHOST_WLROOTS_PLUGIN,
                          "mode = \"managed\"\nrun_as_user = \"no-such-user-pfhost\"");
  try {
    PluginDisplay display(plugin, {800, 450, 30000});
    FAIL() << "create must fail";
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find("no account named 'no-such-user-pfhost'"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(WlrootsDisplayTest, AttachAddsAHeadlessOutputToARunningSwayAndReleasesIt) {
  auto sway = running_sway();
  const TestPlugin plugin(PFHOST_WLROOTS_PLUGIN, attach_settings(*sway));
  std::string name;
  {
    PluginDisplay display(plugin, {1366, 768, 75000});
    name = display.output();
    EXPECT_NE(name, "HEADLESS-1") << "a new output, not the session's own";
    EXPECT_EQ(display.socket(), sway->wayland_socket());
    SwayIpc ipc(sway->ipc_socket(), 2s);
    const auto output = wlroots::find_output(ipc, name);
    ASSERT_TRUE(output);
    EXPECT_TRUE(output->active);
    EXPECT_EQ(output->mode.width, 1366u);
    EXPECT_EQ(output->mode.height, 768u);
    EXPECT_NEAR(output->mode.refresh_millihz, 75000u, 100u);

    PluginCapture capture(plugin, display.target());
    pfhost_frame *frame = first_frame(capture);
    ASSERT_NE(frame, nullptr);
    EXPECT_EQ(frame->width, 1366u);
    EXPECT_EQ(frame->height, 768u);
    frame->release(frame);
  }
  // sway >= 1.8 unplugs the output. sway 1.7 can neither unplug nor (headless) disable it: then
  // the next display on this sway reuses it instead of adding another HEADLESS-N.
  SwayIpc ipc(sway->ipc_socket(), 2s);
  const auto after = wlroots::find_output(ipc, name);
  if (after) {
    PluginDisplay again(plugin, {1024, 600, 60000});
    EXPECT_EQ(again.output(), name);
    const auto reused = wlroots::find_output(ipc, name);
    ASSERT_TRUE(reused);
    EXPECT_TRUE(reused->active);
    EXPECT_EQ(reused->mode.width, 1024u);
  }
  EXPECT_TRUE(sway->running()) << "attach mode must never stop the user's sway";
}

TEST_F(WlrootsDisplayTest, ConcurrentAttachCreatesGetDistinctOutputs) {
  auto sway = running_sway();
  const TestPlugin plugin(PFHOST_WLROOTS_PLUGIN, attach_settings(*sway));
  auto make = [&] { return std::make_unique<PluginDisplay>(plugin, pfhost_mode{800, 600, 60000}); };
  auto a = std::async(std::launch::async, make);
  auto b = std::async(std::launch::async, make);
  auto c = make();
  const auto da = a.get();
  const auto db = b.get();
  EXPECT_NE(da->output(), db->output());
  EXPECT_NE(da->output(), c->output());
  EXPECT_NE(db->output(), c->output());
}

TEST_F(WlrootsDisplayTest, AutoModeAttachesWhenSwaysockPointsAtALiveSway) {
  auto sway = running_sway();
  ScopedEnv env;
  env.set("SWAYSOCK", sway->ipc_socket()).set("WAYLAND_DISPLAY", sway->wayland_socket());
  const TestPlugin plugin(PFHOST_WLROOTS_PLUGIN);
  char text[256] = {};
  pfhost_reason reason{sizeof(pfhost_reason), sizeof text, text};
  ASSERT_EQ(plugin.backend("wlroots").probe(plugin.ctx(), &reason), PFHOST_OK) << text;
  EXPECT_NE(std::string(text).find("attaches"), std::string::npos) << text;
  PluginDisplay display(plugin, {1280, 720, 60000});
  EXPECT_EQ(display.socket(), sway->wayland_socket());
}

TEST_F(WlrootsDisplayTest, ProbeSaysWhenSwayIsNotInstalled) {
  const TestPlugin plugin(PFHOST_WLROOTS_PLUGIN, "sway_binary = \"/nonexistent/sway\"");
  char text[256] = {};
  pfhost_reason reason{sizeof(pfhost_reason), sizeof text, text};
  EXPECT_EQ(plugin.backend("wlroots").probe(plugin.ctx(), &reason), PFHOST_E_UNAVAILABLE);
  EXPECT_NE(std::string(text).find("sway is not installed"), std::string::npos) << text;
  EXPECT_NE(std::string(text).find("apt-get install sway"), std::string::npos) << text;
}

TEST_F(WlrootsDisplayTest, AttachWithoutARunningSwayIsUnavailable) {
  const TestPlugin plugin(PFHOST_WLROOTS_PLUGIN,
                          "mode = \"attach\"\nsway_socket = \"/nonexistent/sway.sock\"");
  char text[256] = {};
  pfhost_reason reason{sizeof(pfhost_reason), sizeof text, text};
  EXPECT_EQ(plugin.backend("wlroots").probe(plugin.ctx(), &reason), PFHOST_E_UNAVAILABLE);
  EXPECT_NE(std::string(text).find("/nonexistent/sway.sock"), std::string::npos) << text;
}

// The one config policy of every plugin: a typo is an error at probe, naming the plugin, the key
// and the nearest key it knows, so `pfhost --list-backends` shows it on the backend's row.
TEST_F(WlrootsDisplayTest, UnknownConfigKeyFailsTheProbeWithASuggestion) {
  const TestPlugin plugin(PFHOST_WLROOTS_PLUGIN, "sway_bianry = \"sway\"");
  for (const char *backend : {"wlroots", "wlr-screencopy"}) {
    char text[256] = {};
    pfhost_reason reason{sizeof(pfhost_reason), sizeof text, text};
    EXPECT_NE(plugin.backend(backend).probe(plugin.ctx(), &reason), PFHOST_OK) << backend;
    EXPECT_EQ(std::string(text),
              "[plugins.wlroots] unknown key 'sway_bianry' (did you mean 'sway_binary'?)")
        << backend;
  }
}

TEST_F(WlrootsDisplayTest, CaptureOfAMissingOutputNamesTheOutputsThereAre) {
  const TestPlugin plugin(PFHOST_WLROOTS_PLUGIN, "mode = \"managed\"");
  PluginDisplay display(plugin, {640, 480, 30000});
  pfhost_target target = display.target();
  std::snprintf(target.u.wayland.output_name, sizeof target.u.wayland.output_name, "DP-9");
  try {
    PluginCapture capture(plugin, target);
    FAIL() << "open must fail";
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find("no output named 'DP-9' (outputs: HEADLESS-1)"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(WlrootsDisplayTest, CompositorDeathClosesTheCaptureWithAReason) {
  auto sway = running_sway();
  const TestPlugin plugin(PFHOST_WLROOTS_PLUGIN, attach_settings(*sway));
  auto display = std::make_unique<PluginDisplay>(plugin, pfhost_mode{640, 480, 30000});
  PluginCapture capture(plugin, display->target());
  pfhost_frame *frame = first_frame(capture);
  ASSERT_NE(frame, nullptr);
  frame->release(frame);
  ::kill(sway->pid(), SIGKILL);
  std::string why;
  pfhost_status status = PFHOST_E_TIMEOUT;
  for (int i = 0; i < 50 && status != PFHOST_E_CLOSED; ++i) {
    status = capture.next(100, &frame, &why);
    if (status == PFHOST_OK) frame->release(frame);
  }
  EXPECT_EQ(status, PFHOST_E_CLOSED);
  EXPECT_NE(
      why.find("the Wayland compositor at " + sway->wayland_socket() + " closed the connection"),
      std::string::npos)
      << why;
  std::string alive_why;
  EXPECT_EQ(display->is_alive(&alive_why), PFHOST_E_CLOSED);
  display.reset();  // releasing an output of a dead sway only warns
}

}  // namespace
}  // namespace pfhost::test
