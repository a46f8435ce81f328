// The gamescope plugin through the host's DisplayRegistry with the stand-in gamescope: a kept
// display is reused while gamescope runs, and a dead one is noticed (is_alive) and replaced.
#include "backends/display_backend.hpp"
#include "backends/display_error.hpp"
#include "display/display_registry.hpp"

#include <pfhost/test/pipewire_environment.hpp>
#include <pfhost/test/scoped_env.hpp>
#include <pfhost/test/temp_dir.hpp>
#include <pfhost/test/test_plugin.hpp>
#include <pfhost/test/video_test_source.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <fstream>
#include <thread>

namespace pfhost::test {
using namespace pfhost::core;  // the host's own types
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

pid_t read_pid(const std::filesystem::path &file) {
  pid_t pid = -1;
  std::ifstream(file) >> pid;
  return pid;
}

// PipeWire hands a freed node id to the next node, so "this node is gone" is asked by the
// never-reused object.serial.
std::optional<std::string> serial_of(const PipeWireEnvironment &pw, uint32_t node_id) {
  for (const auto &o : pw.objects())
    if (o.is_node() && o.id == node_id) return o.prop("object.serial");
  return std::nullopt;
}

bool wait_for_serial_gone(const PipeWireEnvironment &pw, const std::string &serial,
                          std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    bool present = false;
    for (const auto &o : pw.objects())
      if (o.is_node() && o.prop("object.serial") == serial) present = true;
    if (!present) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(20ms);
  }
}

TEST(GamescopeLiveness, KeptDisplayIsReusedWhileAliveAndReplacedWhenDead) {
  if (auto why = PipeWireEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
  if (auto why = VideoTestSource::unavailable_reason()) GTEST_SKIP() << *why;
  PipeWireEnvironment pw;
  TempDir dir;
  ScopedEnv env("FAKE_GAMESCOPE_PIDFILE", (dir.path() / "gamescope.pid").string());
  const TestPlugin plugin(PFHOST_GAMESCOPE_PLUGIN,
                          "binary = \"" FAKE_GAMESCOPE "\"\nnode_timeout_ms = 10000\n");
  const DisplayBackend backend = plugin.display("gamescope");
  DisplayPolicy policy;
  policy.keep_alive.kind = KeepAlive::Kind::forever;
  DisplayRegistry registry(policy);
  const pfhost_mode mode{320, 240, 30000};

  uint64_t first_slot = 0;
  uint32_t first_node = 0;
  {
    DisplayLease lease = registry.acquire(backend, mode, "a");
    first_slot = lease.slot();
    first_node = lease.target().u.pipewire.node_id;
  }
  const pid_t first_pid = read_pid(dir.path() / "gamescope.pid");
  ASSERT_GT(first_pid, 0);
  const std::optional<std::string> first_serial = serial_of(pw, first_node);
  ASSERT_TRUE(first_serial);
  {
    DisplayLease again = registry.acquire(backend, mode, "a");
    EXPECT_EQ(again.slot(), first_slot);  // alive: reused, no second gamescope
    EXPECT_EQ(again.target().u.pipewire.node_id, first_node);
  }
  EXPECT_EQ(read_pid(dir.path() / "gamescope.pid"), first_pid);

  ::kill(first_pid, SIGKILL);  // gamescope dies while kept
  std::this_thread::sleep_for(100ms);
  {
    DisplayLease fresh = registry.acquire(backend, mode, "a");
    EXPECT_NE(fresh.slot(), first_slot);
    EXPECT_NE(read_pid(dir.path() / "gamescope.pid"), first_pid);
  }
  // Its source went with the dead display.
  EXPECT_TRUE(wait_for_serial_gone(pw, *first_serial, 5s));
  registry.release();
  EXPECT_TRUE(registry.snapshot().empty());
}

TEST(GamescopeLiveness, MissingBinaryIsUnavailable) {
  const TestPlugin plugin(PFHOST_GAMESCOPE_PLUGIN, "binary = \"/nonexistent/gamescope\"\n");
  char text[512] = {};
  pfhost_reason reason{sizeof(pfhost_reason), sizeof text, text};
  EXPECT_EQ(plugin.backend("gamescope").probe(plugin.ctx(), &reason), PFHOST_E_UNAVAILABLE);
  EXPECT_THAT(text, HasSubstr("gamescope binary '/nonexistent/gamescope' not found"));
}

}  // namespace
}  // namespace pfhost::test
