// The gamescope plugin's pure parts: reading its log (ANSI colours, the last node line), its
// version gate, the command line, and the process-tree walk and node choice behind the registry
// fallback.
#include "gamescope_instance.hpp"
#include "gamescope_version.hpp"
#include "log_text.hpp"
#include "process_tree.hpp"
#include "registry_nodes.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

namespace pfhost::gamescope {
namespace {

TEST(GamescopeLog, StripsAnsiColours) {
  EXPECT_EQ(strip_ansi("\x1b[0;34m[gamescope] \x1b[0mhello\x1b[1m!"), "[gamescope] hello!");
}

TEST(GamescopeLog, TakesTheLastCompleteNodeLine) {
  const std::string log =
      "\x1b[0;34m[gamescope] \x1b[0mstream available on node ID: 41\n"
      "something else\n"
      "\x1b[0;34m[gamescope] \x1b[0mstream available on node ID: \x1b[1m57\x1b[0m\n";
  EXPECT_EQ(last_announced_node(log), 57u);
  // A line still being written does not count yet.
  EXPECT_EQ(last_announced_node("stream available on node ID: 4"), std::nullopt);
  EXPECT_EQ(last_announced_node("no node here\n"), std::nullopt);
}

TEST(GamescopeLog, LastLinesForErrors) {
  EXPECT_EQ(last_lines("a\nb\nc\nd\n", 2), "c\nd");
  EXPECT_EQ(last_lines("only\n", 5), "only");
}

TEST(GamescopeVersion, ParsesColouredVersionLines) {
  const auto v = parse_version(
      "\x1b[0;34m[gamescope] \x1b[0m\x1b[0;37m[Info] \x1b[0m console: gamescope version 3.14.2 "
      "(gcc 13.2.1)\n");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->text(), "3.14.2");
  EXPECT_TRUE(supports_headless(*v));
  const auto old = parse_version("gamescope version 3.11.51-2");
  ASSERT_TRUE(old);
  EXPECT_FALSE(supports_headless(*old));
  EXPECT_TRUE(supports_headless(*parse_version("gamescope version 3.12")));
  EXPECT_FALSE(parse_version("usage: gamescope [options]"));
}

TEST(GamescopeCommandLine, HeadlessAtTheModeWithTheApp) {
  Settings settings;
  settings.extra_args = {"--force-grab-cursor"};
  LaunchRequest request;
  request.width = 1280;
  request.height = 720;
  request.refresh_hz = 120;
  request.app = {"steam", "-bigpicture"};
  const std::vector<std::string> want = {"/usr/bin/gamescope",
                                         "--backend",
                                         "headless",
                                         "-W",
                                         "1280",
                                         "-H",
                                         "720",
                                         "-r",
                                         "120",
                                         "--force-grab-cursor",
                                         "--",
                                         "steam",
                                         "-bigpicture"};
  EXPECT_EQ(gamescope_argv("/usr/bin/gamescope", settings, request), want);
}

TEST(GamescopeProcessTree, ContainsGrandchildren) {
  int to_parent[2];
  ASSERT_EQ(::pipe(to_parent), 0);
  const pid_t child = ::fork();
  if (child == 0) {
    const pid_t grandchild = ::fork();
    if (grandchild == 0) {
      ::pause();
      ::_exit(0);
    }
    [[maybe_unused]] auto n = ::write(to_parent[1], &grandchild, sizeof grandchild);
    ::pause();
    ::_exit(0);
  }
  pid_t grandchild = 0;
  ASSERT_EQ(::read(to_parent[0], &grandchild, sizeof grandchild),
            static_cast<ssize_t>(sizeof grandchild));
  const auto tree = process_tree(child);
  EXPECT_TRUE(tree.contains(child));
  EXPECT_TRUE(tree.contains(grandchild));
  EXPECT_FALSE(tree.contains(::getpid()));
  ::kill(grandchild, SIGKILL);
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  ::close(to_parent[0]);
  ::close(to_parent[1]);
}

pipewire::RegistryWatch::Global node(const std::string &name, const std::string &media_class,
                                     std::map<std::string, std::string> props = {}) {
  props["node.name"] = name;
  props["media.class"] = media_class;
  return {PW_TYPE_INTERFACE_Node, std::move(props)};
}

pipewire::RegistryWatch::Global client(std::map<std::string, std::string> props) {
  return {PW_TYPE_INTERFACE_Client, std::move(props)};
}

TEST(GamescopeRegistryNodes, PicksTheNewestGamescopeSourceOfTheTree) {
  pipewire::RegistryWatch::Globals globals;
  globals[30] = node("gamescope", "Video/Source", {{"application.process.id", "100"}});
  globals[31] = node("gamescope", "Video/Source", {{"application.process.id", "999"}});  // other
  globals[32] = node("gamescope", "Audio/Source", {{"application.process.id", "100"}});
  globals[33] = node("webcam", "Video/Source", {{"application.process.id", "100"}});
  EXPECT_EQ(find_gamescope_node(globals, {100, 101}), 30u);
  globals[40] = node("gamescope-headless", "Video/Source", {{"application.process.id", "101"}});
  EXPECT_EQ(find_gamescope_node(globals, {100, 101}), 40u);
  EXPECT_EQ(find_gamescope_node(globals, {555}), std::nullopt);
}

TEST(GamescopeRegistryNodes, OwnerFromTheClientWhenTheNodeNamesNone) {
  pipewire::RegistryWatch::Globals globals;
  // The client's application.process.id is outside the tree, its socket credentials are not.
  globals[20] = client({{"application.process.id", "7"}, {"pipewire.sec.pid", "101"}});
  globals[21] = node("gamescope", "Video/Source", {{"client.id", "20"}});
  EXPECT_EQ(find_gamescope_node(globals, {100, 101}), 21u);
  EXPECT_EQ(find_gamescope_node(globals, {7}), 21u);
  EXPECT_EQ(find_gamescope_node(globals, {8}), std::nullopt);
}

}  // namespace
}  // namespace pfhost::gamescope
