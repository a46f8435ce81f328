// The monitor's life: gone from Mutter and PipeWire after a session with keep_alive = "off";
// reused (same node) within a linger window and made anew after it; and a Mutter that dies
// mid-session ends the session with a clear error, leaving no thread or fd behind.
#include "mutter_environment.hpp"
#include "mutter_pipeline.hpp"
#include "pattern_client.hpp"

#include "display/display_registry.hpp"

#include <pfhost/test/temp_dir.hpp>

#include <gtest/gtest.h>

#include <dirent.h>

#include <filesystem>
#include <optional>
#include <thread>

namespace pfhost::test {
using namespace pfhost::core;  // the host's own types
namespace {

using namespace std::chrono_literals;

DisplayPolicy keep_alive(KeepAlive::Kind kind, std::chrono::milliseconds duration = 0ms) {
  DisplayPolicy policy;
  policy.keep_alive = KeepAlive{kind, duration};
  return policy;
}

size_t count_entries(const char *dir) {
  size_t count = 0;
  if (DIR *d = ::opendir(dir)) {
    while (const dirent *entry = ::readdir(d)) count += entry->d_name[0] != '.' ? 1 : 0;
    ::closedir(d);
  }
  return count;
}

std::string node_serial(MutterEnvironment &gnome, uint32_t node_id) {
  for (const auto &object : gnome.pipewire().objects()) {
    if (object.id == node_id && object.is_node()) return object.prop("object.serial").value_or("?");
  }
  return "(no node " + std::to_string(node_id) + ")";
}

// What the open fds are, for a failure message.
std::string fd_list() {
  std::string text;
  for (const auto &entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    std::error_code ignored;
    text += entry.path().filename().string() + " -> " +
            std::filesystem::read_symlink(entry.path(), ignored).string() + "\n";
  }
  return text;
}

TEST(MutterLifecycle, MonitorIsGoneAfterTheSessionWithKeepAliveOff) {
  if (auto why = MutterEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
  MutterEnvironment gnome;
  const MutterPipeline pipeline;
  TempDir dir;
  DisplayRegistry registry(keep_alive(KeepAlive::Kind::off));
  ASSERT_EQ(gnome.monitor_connectors().size(), 0u) << "mutter started with a monitor of its own";

  DisplayLease lease = registry.acquire(pipeline.display(), mode_of(1024, 768, 30));
  const uint32_t node = lease.target().u.pipewire.node_id;
  size_t monitors_during = 0;
  const SessionResult result = pipeline.stream(std::move(lease), 1500ms, dir.path() / "a.mkv", [&] {
    std::this_thread::sleep_for(500ms);
    monitors_during = gnome.monitor_connectors().size();
  });
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(monitors_during, 1u);
  // destroy() returned only after Mutter confirmed, so no waiting should be needed; allow a
  // little for the registry's teardown and for pw-dump to see it.
  EXPECT_TRUE(gnome.pipewire().wait_for_node_gone(node, 1s)) << "node " << node << " still there";
  EXPECT_TRUE(gnome.wait_for_monitor_count(0, 1s))
      << "Mutter still has monitors: " << gnome.monitor_connectors().size();
  EXPECT_TRUE(registry.snapshot().empty());
}

TEST(MutterLifecycle, LingerWindowReusesTheMonitorThenANewOneIsMade) {
  if (auto why = MutterEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
  MutterEnvironment gnome;
  const MutterPipeline pipeline;
  TempDir dir;
  constexpr auto kLinger = 2s;
  DisplayRegistry registry(keep_alive(KeepAlive::Kind::duration, kLinger));
  const pfhost_mode mode = mode_of(1280, 720, 30);

  DisplayLease first = registry.acquire(pipeline.display(), mode);
  const uint32_t first_node = first.target().u.pipewire.node_id;
  const uint64_t first_slot = first.slot();
  // PipeWire hands freed ids out again, so a new monitor may get the same node id: object.serial
  // is what tells two nodes apart.
  const std::string first_serial = node_serial(gnome, first_node);
  std::optional<PatternClient> client;
  SessionResult result =
      pipeline.stream(std::move(first), 1s, dir.path() / "1.mkv", [&] { client.emplace(gnome); });
  ASSERT_TRUE(result.ok) << result.error;

  // Within the window: the same monitor, same node.
  DisplayLease second = registry.acquire(pipeline.display(), mode);
  EXPECT_EQ(second.target().u.pipewire.node_id, first_node);
  EXPECT_EQ(second.slot(), first_slot);
  EXPECT_EQ(node_serial(gnome, first_node), first_serial);
  EXPECT_EQ(gnome.monitor_connectors().size(), 1u);
  result = pipeline.stream(std::move(second), 1s, dir.path() / "2.mkv");
  ASSERT_TRUE(result.ok) << result.error;
  client.reset();

  // After the window: the old monitor is torn down and a new one is made.
  EXPECT_TRUE(gnome.pipewire().wait_for_node_gone(first_node, kLinger + 3s))
      << "the lingering monitor was not torn down after its window";
  EXPECT_TRUE(gnome.wait_for_monitor_count(0, 1s));
  DisplayLease third = registry.acquire(pipeline.display(), mode);
  EXPECT_NE(third.slot(), first_slot);
  EXPECT_NE(node_serial(gnome, third.target().u.pipewire.node_id), first_serial);
}

TEST(MutterLifecycle, MutterDyingMidSessionEndsItClearlyWithoutLeaks) {
  if (auto why = MutterEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
  MutterEnvironment gnome;
  const MutterPipeline pipeline;
  TempDir dir;
  // One ordinary session first: libpipewire keeps a few fds of its first stream for the life of
  // the process (a one-time cost, not per session), which must not count as this session's leak.
  {
    DisplayRegistry warm_up(keep_alive(KeepAlive::Kind::off));
    const SessionResult first = pipeline.stream(
        warm_up.acquire(pipeline.display(), mode_of(640, 480, 30)), 300ms, dir.path() / "w.mkv");
    ASSERT_TRUE(first.ok) << first.error;
  }
  // Counted before the registry exists: its expiry timer is a thread of its own.
  const size_t threads_before = count_entries("/proc/self/task");
  const size_t fds_before = count_entries("/proc/self/fd");
  std::optional<DisplayRegistry> registry;
  registry.emplace(keep_alive(KeepAlive::Kind::off));

  DisplayLease lease = registry->acquire(pipeline.display(), mode_of(1280, 720, 30));
  const auto started = std::chrono::steady_clock::now();
  const SessionResult result = pipeline.stream(std::move(lease), 20s, dir.path() / "k.mkv", [&] {
    std::this_thread::sleep_for(1s);
    gnome.kill_mutter();
  });
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.end_reason, "capture closed");
  EXPECT_NE(result.error.find("was removed"), std::string::npos) << result.error;
  std::fprintf(stderr, "session error after Mutter died: %s (%s)\n", result.error.c_str(),
               result.end_reason.c_str());
  EXPECT_LT(took, 10s) << "the session noticed Mutter's death late";
  registry.reset();  // tears down whatever is left

  EXPECT_EQ(count_entries("/proc/self/task"), threads_before);
  EXPECT_EQ(count_entries("/proc/self/fd"), fds_before) << fd_list();
}

}  // namespace
}  // namespace pfhost::test
