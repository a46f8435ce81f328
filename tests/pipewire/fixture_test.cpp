// Tests of the reusable test fixtures themselves (tests/fixtures).
#include <pfhost/test/child_process.hpp>
#include <pfhost/test/pipewire_environment.hpp>
#include <pfhost/test/pipewire_objects.hpp>
#include <pfhost/test/scoped_env.hpp>
#include <pfhost/test/temp_dir.hpp>
#include <pfhost/test/video_test_source.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

namespace pfhost::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

bool pid_alive(pid_t pid) {
  return pid > 0 && ::kill(pid, 0) == 0;
}

TEST(PipeWireObjects, ParsesNodesAndProps) {
  const auto objects = parse_pw_dump(R"([
    {"id": 0, "type": "PipeWire:Interface:Core", "info": {"props": {"core.name": "pipewire-0"}}},
    {"id": 36, "type": "PipeWire:Interface:Node",
     "info": {"props": {"node.name": "src", "media.class": "Video/Source", "object.serial": 52}}},
    {"id": 30, "type": "PipeWire:Interface:Metadata", "props": {"metadata.name": "settings"}},
    {"type": "broken"}
  ])");
  ASSERT_EQ(objects.size(), 3u);
  const auto node = find_node_by_name(objects, "src");
  ASSERT_TRUE(node);
  EXPECT_EQ(node->id, 36u);
  EXPECT_EQ(node->prop("media.class"), "Video/Source");
  EXPECT_EQ(node->prop("object.serial"), "52");
  EXPECT_FALSE(find_node_by_name(objects, "pipewire-0"));  // not a node
  EXPECT_EQ(objects[2].prop("metadata.name"), "settings");
  EXPECT_THROW(parse_pw_dump("not json"), std::runtime_error);
}

TEST(TempDir, IsPrivateAndRemovedWithItsContents) {
  std::filesystem::path path;
  {
    TempDir dir("pfhost-fixture-");
    path = dir.path();
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    std::ofstream(path / "file") << "x";
    std::filesystem::create_directory(path / "sub");
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(ScopedEnv, RestoresSetAndUnsetVariables) {
  ::setenv("PFHOST_FIXTURE_A", "old", 1);
  ::unsetenv("PFHOST_FIXTURE_B");
  {
    ScopedEnv env;
    env.set("PFHOST_FIXTURE_A", "new").set("PFHOST_FIXTURE_B", "b").unset("PFHOST_FIXTURE_A");
    EXPECT_EQ(std::getenv("PFHOST_FIXTURE_A"), nullptr);
    EXPECT_STREQ(std::getenv("PFHOST_FIXTURE_B"), "b");
  }
  EXPECT_STREQ(std::getenv("PFHOST_FIXTURE_A"), "old");
  EXPECT_EQ(std::getenv("PFHOST_FIXTURE_B"), nullptr);
}

TEST(ChildProcess, RunsWithTheGivenEnvironmentAndCapturesOutput) {
  auto env = ProcessEnvironment::current();
  env.set("PFHOST_FIXTURE_VALUE", "hello");
  const CommandResult r = run_command({"sh", "-c", "echo $PFHOST_FIXTURE_VALUE; exit 3"}, env, 5s);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.output, "hello\n");
}

TEST(ChildProcess, CommandsThatHangAreKilled) {
  const auto start = std::chrono::steady_clock::now();
  const CommandResult r = run_command({"sleep", "30"}, ProcessEnvironment::current(), 200ms);
  EXPECT_TRUE(r.timed_out);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(ChildProcess, StopTerminatesAndReapsExactlyThatPid) {
  ChildProcess child({{"sleep", "30"}, ProcessEnvironment::current(), {}});
  const pid_t pid = child.pid();
  EXPECT_TRUE(child.running());
  child.stop();
  EXPECT_FALSE(child.running());
  EXPECT_FALSE(pid_alive(pid));  // reaped, not a zombie
}

// Makes this process the reaper of orphaned descendants for its lifetime, so a test can wait for
// a grandchild itself: "gone" then means reaped by us, not a zombie nobody collects, and its pid
// cannot be reused while the test still holds it.
class ScopedSubreaper {
 public:
  ScopedSubreaper() { ok_ = ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0; }
  ~ScopedSubreaper() { ::prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0); }
  ScopedSubreaper(const ScopedSubreaper &) = delete;
  ScopedSubreaper &operator=(const ScopedSubreaper &) = delete;
  bool ok() const noexcept { return ok_; }

 private:
  bool ok_ = false;
};

// Waits up to `timeout` for `pid` (a child of ours, or an orphan handed to us as subreaper) to
// exit and reaps it. False if it is still running then.
bool reaped_within(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  do {
    const pid_t r = ::waitpid(pid, nullptr, WNOHANG);
    if (r == pid || (r < 0 && errno == ECHILD)) return true;
    std::this_thread::sleep_for(5ms);
  } while (std::chrono::steady_clock::now() < deadline);
  return false;
}

TEST(ChildProcess, StopEscalatesToSigkillAndLeavesNothingBehind) {
  ScopedSubreaper subreaper;
  ASSERT_TRUE(subreaper.ok()) << "prctl(PR_SET_CHILD_SUBREAPER): " << std::strerror(errno);
  TempDir dir("pfhost-fixture-");
  // A shell that ignores SIGTERM and has a child of its own that ignores it too (an ignored
  // signal stays ignored across fork and exec): only SIGKILL ends either, and the child must not
  // outlive the shell as an orphan.
  ChildProcess::Options options{
      {"sh", "-c", "trap '' TERM; sleep 30 & echo $!; wait"}, ProcessEnvironment::current(), {}};
  options.log_path = dir.path() / "log";
  options.own_process_group = true;
  ChildProcess child(std::move(options));
  const pid_t shell = child.pid();

  // The grandchild's pid, printed once the trap is installed and the child started.
  pid_t grandchild = -1;
  const auto started = std::chrono::steady_clock::now();
  while (grandchild <= 0 && std::chrono::steady_clock::now() - started < 5s) {
    const std::string log = child.log_tail();
    if (!log.empty() && log.back() == '\n') grandchild = static_cast<pid_t>(std::stol(log));
    if (grandchild <= 0) std::this_thread::sleep_for(5ms);
  }
  ASSERT_GT(grandchild, 0) << "the shell never printed its child's pid";
  EXPECT_TRUE(pid_alive(grandchild));

  const auto start = std::chrono::steady_clock::now();
  child.stop(200ms);
  const auto took = std::chrono::steady_clock::now() - start;
  // Whatever happened above, nothing of this test may outlive it: kill the grandchild if it is
  // still there (it is ours to reap, so the pid cannot belong to anyone else) before asserting.
  const bool grandchild_gone = reaped_within(grandchild, 2s);
  if (!grandchild_gone) {
    ::kill(grandchild, SIGKILL);
    reaped_within(grandchild, 5s);
  }

  EXPECT_FALSE(child.running());
  EXPECT_FALSE(pid_alive(shell));  // reaped, not a zombie
  // The escalation: SIGTERM was ignored for the whole grace period, then SIGKILL ended it.
  const std::optional<int> status = child.wait_status();
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFSIGNALED(*status) && WTERMSIG(*status) == SIGKILL)
      << "wait status " << *status << ": not killed by SIGKILL";
  EXPECT_GE(took, 200ms) << "stop() did not wait out the grace period";
  EXPECT_LT(took, 3s);
  EXPECT_TRUE(grandchild_gone) << "the shell's child (pid " << grandchild
                               << ") outlived stop(): the group was not killed";
}

TEST(ChildProcess, MissingExecutableThrows) {
  EXPECT_THROW(ChildProcess({{"pfhost-no-such-binary"}, ProcessEnvironment::current(), {}}),
               std::runtime_error);
}

TEST(PipeWireEnvironment, StartsIsolatedAndLeavesNothingBehind) {
  if (auto why = PipeWireEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
  const char *outer = std::getenv("XDG_RUNTIME_DIR");
  const std::string outer_value = outer != nullptr ? outer : "<unset>";
  std::filesystem::path dir;
  pid_t pipewire = -1;
  pid_t wireplumber = -1;
  {
    PipeWireEnvironment pw;
    dir = pw.runtime_dir();
    pipewire = pw.pipewire_pid();
    wireplumber = pw.wireplumber_pid();
    EXPECT_STREQ(std::getenv("XDG_RUNTIME_DIR"), dir.c_str());
    EXPECT_STREQ(std::getenv("PIPEWIRE_RUNTIME_DIR"), dir.c_str());
    EXPECT_EQ(std::getenv("DBUS_SESSION_BUS_ADDRESS"), pw.bus_address());
    EXPECT_TRUE(std::filesystem::exists(dir / "pipewire-0"));
    EXPECT_TRUE(pid_alive(pipewire));
    EXPECT_TRUE(pid_alive(wireplumber));
    bool has_core = false;
    for (const auto &o : pw.objects()) has_core |= o.type == "PipeWire:Interface:Core";
    EXPECT_TRUE(has_core);
  }
  EXPECT_FALSE(pid_alive(pipewire));
  EXPECT_FALSE(pid_alive(wireplumber));
  EXPECT_FALSE(std::filesystem::exists(dir));
  const char *after = std::getenv("XDG_RUNTIME_DIR");
  EXPECT_EQ(after != nullptr ? after : "<unset>", outer_value);
}

TEST(VideoTestSource, ProvidesANamedVideoNodeThatGoesAwayWhenStopped) {
  if (auto why = PipeWireEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
  PipeWireEnvironment pw;
  VideoTestSource::Options options;
  options.node_name = "pfhost-fixture-node";
  options.width = 320;
  options.height = 240;
  VideoTestSource source(pw, options);
  bool found = false;
  for (const auto &o : pw.objects()) {
    if (o.id != source.node_id()) continue;
    found = true;
    EXPECT_EQ(o.prop("node.name"), "pfhost-fixture-node");
    EXPECT_EQ(o.prop("media.class"), "Video/Source");
  }
  EXPECT_TRUE(found);
  source.stop();
  EXPECT_TRUE(pw.wait_for_node_gone(source.node_id(), 3s));
}

TEST(VideoTestSource, ReferenceFrameHasTheRequestedSizeAndColour) {
  VideoTestSource::Options options;
  options.width = 7;
  options.height = 3;
  options.pattern = "red";
  const auto frame = VideoTestSource::reference_frame(options);
  ASSERT_EQ(frame.size(), 7u * 3u * 4u);
  EXPECT_EQ(frame[0], 0);    // B
  EXPECT_EQ(frame[2], 255);  // R
}

}  // namespace
}  // namespace pfhost::test
