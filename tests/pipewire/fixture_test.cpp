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
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
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

TEST(ChildProcess, StopEscalatesToSigkill) {
  ChildProcess child(
      {{"sh", "-c", "trap '' TERM; echo ready; sleep 30"}, ProcessEnvironment::current(), {}});
  std::this_thread::sleep_for(100ms);  // let the trap be installed
  const auto start = std::chrono::steady_clock::now();
  child.stop(200ms);
  EXPECT_FALSE(child.running());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
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
