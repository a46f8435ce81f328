// The plugin's questions to PipeWire about its monitor's node (plugins/mutter/src/pipewire_nodes):
// the liveness check's "is it still there" and destroy's "wait until it is gone", against a
// private daemon with a stand-in Video/Source node that goes away while we wait.
#include "pipewire_nodes.hpp"

#include <pfhost/test/pipewire_environment.hpp>
#include <pfhost/test/scoped_env.hpp>
#include <pfhost/test/video_test_source.hpp>

#include <gtest/gtest.h>

#include <thread>

namespace pfhost::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(MutterPipeWireNodes, SeesTheNodeAndWaitsUntilItIsGone) {
  if (auto why = PipeWireEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
  if (auto why = VideoTestSource::unavailable_reason()) GTEST_SKIP() << *why;
  PipeWireEnvironment pw;
  VideoTestSource source(pw, {});
  const uint32_t node = source.node_id();
  EXPECT_EQ(mutter::pipewire_node_exists(node, 1s), true);
  EXPECT_FALSE(mutter::wait_for_pipewire_node_gone(node, 100ms));

  const auto started = Clock::now();
  std::thread stopper([&] {
    std::this_thread::sleep_for(300ms);
    source.stop();
  });
  const bool gone = mutter::wait_for_pipewire_node_gone(node, 5s);
  stopper.join();
  EXPECT_TRUE(gone);
  EXPECT_GE(Clock::now() - started, 300ms) << "returned before the node went";
  EXPECT_TRUE(pw.wait_for_node_gone(node, 0ms)) << "returned while the daemon still had the node";
  EXPECT_EQ(mutter::pipewire_node_exists(node, 1s), false);
}

TEST(MutterPipeWireNodes, WithoutADaemonItCannotTell) {
  const ScopedEnv remote("PIPEWIRE_REMOTE", "/nonexistent/pfhost-test-pipewire-0");
  EXPECT_EQ(mutter::pipewire_node_exists(42, 300ms), std::nullopt);
  EXPECT_FALSE(mutter::wait_for_pipewire_node_gone(42, 100ms));
}

}  // namespace
}  // namespace pfhost::test
