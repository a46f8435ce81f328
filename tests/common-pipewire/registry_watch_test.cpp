// The PipeWire code plugins share (plugins/common-pipewire), against a private daemon: the
// registry copy display plugins ask about nodes (does it exist, which process made it, wait until
// it is gone), and the daemon probe's answers with and without a daemon.
#include <pfhost/pipewire/pw_runtime.hpp>
#include <pfhost/pipewire/registry_watch.hpp>
#include <pfhost/plugin.hpp>
#include <pfhost/test/pipewire_environment.hpp>
#include <pfhost/test/scoped_env.hpp>
#include <pfhost/test/video_test_source.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

namespace pfhost::pipewire {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using test::PipeWireEnvironment;
using test::ScopedEnv;
using test::VideoTestSource;

constexpr auto kMissingDaemon = "/nonexistent/pfhost-test-pipewire-0";

TEST(RegistryWatch, SeesANodeWithItsPropertiesUntilItIsGone) {
  if (auto why = PipeWireEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
  if (auto why = VideoTestSource::unavailable_reason()) GTEST_SKIP() << *why;
  PipeWireEnvironment pw;
  VideoTestSource source(pw, {});
  const uint32_t node = source.node_id();
  const RegistryWatch watch(2s);
  EXPECT_TRUE(watch.has_node(node));
  watch.with_globals([&](const RegistryWatch::Globals &globals) {
    const auto it = globals.find(node);
    ASSERT_NE(it, globals.end());
    EXPECT_EQ(it->second.type, PW_TYPE_INTERFACE_Node);
    EXPECT_EQ(it->second.props.at("node.name"), source.node_name());
    EXPECT_EQ(it->second.props.at("media.class"), "Video/Source");
  });
  EXPECT_FALSE(watch.wait_until_node_gone(node, 100ms));

  const auto started = Clock::now();
  std::thread stopper([&] {
    std::this_thread::sleep_for(300ms);
    source.stop();
  });
  const bool gone = watch.wait_until_node_gone(node, 5s);
  stopper.join();
  EXPECT_TRUE(gone);
  EXPECT_GE(Clock::now() - started, 300ms) << "returned before the node went";
  EXPECT_FALSE(watch.has_node(node));
}

TEST(RegistryWatch, WithoutADaemonItSaysUnavailable) {
  const ScopedEnv remote("PIPEWIRE_REMOTE", kMissingDaemon);
  try {
    const RegistryWatch watch(300ms);
    FAIL() << "connected to a daemon that does not exist";
  } catch (const pfhost::Error &e) {
    EXPECT_EQ(e.status(), PFHOST_E_UNAVAILABLE) << e.what();
  }
}

TEST(PipeWireRuntime, ProbeAnswersOkWithADaemonAndSaysWhereItLookedWithout) {
  std::string reason;
  {
    const ScopedEnv remote("PIPEWIRE_REMOTE", kMissingDaemon);
    EXPECT_EQ(default_socket_path(), kMissingDaemon);
    EXPECT_EQ(probe_default_daemon(300ms, &reason), PFHOST_E_UNAVAILABLE);
    EXPECT_NE(reason.find(kMissingDaemon), std::string::npos) << reason;
  }
  if (auto why = PipeWireEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
  PipeWireEnvironment pw;
  reason.clear();
  EXPECT_EQ(probe_default_daemon(2s, &reason), PFHOST_OK) << reason;
}

TEST(PipeWireRuntime, DefaultSocketIsTheRemoteInsideTheRuntimeDirectory) {
  ScopedEnv env;
  env.unset("PIPEWIRE_REMOTE")
      .set("PIPEWIRE_RUNTIME_DIR", "/run/pw")
      .set("XDG_RUNTIME_DIR", "/run/user/1");
  EXPECT_EQ(default_socket_path(), "/run/pw/pipewire-0");
  env.set("PIPEWIRE_REMOTE", "other-0");
  EXPECT_EQ(default_socket_path(), "/run/pw/other-0");
  env.unset("PIPEWIRE_RUNTIME_DIR");
  EXPECT_EQ(default_socket_path(), "/run/user/1/other-0");
}

}  // namespace
}  // namespace pfhost::pipewire
