// A session built by the core pipeline under wine: `pfhost stream` with the real pf-vdisplay
// display (a monitor of the kernel driver twin), the real idd-push capture over shared-memory
// slots, and the frame-check test encoder, while the driver-side twin publishes into the ring.
// The frames the capture handed the session carry the pattern at the display's size, and the
// teardown is ordered: the capture is closed before the monitor is removed.
#include <gtest/gtest.h>

#include <windows.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "test_process.hpp"
#include "twin_device.hpp"

namespace pfhost::test {
namespace {

using namespace std::chrono_literals;

std::string read_text(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream all;
  all << in.rdbuf();
  return all.str();
}

// pfhost.exe --list-backends with the given config text; what it printed.
std::string list_backends(const std::string &config_text) {
  const auto dir = std::filesystem::temp_directory_path() / "pfhost-idd-push-list";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "host.toml") << config_text;
  {
    ChildProcess list(L"\"" + wine_path(PFHOST_BINARY) + L"\" --no-cache --plugin-dir \"" +
                          wine_path(PFHOST_PLUGIN_DIR) + L"\" --config \"" +
                          (dir / "host.toml").wstring() + L"\" --list-backends",
                      dir / "list.log");
    EXPECT_TRUE(list.wait(90s));
  }
  return read_text(dir / "list.log");
}

TEST(IddPushNoDriver, ListBackendsSaysWhyNeitherCapturerCanRun) {
  const std::string text = list_backends("");
  EXPECT_NE(text.find("not idd-push: unavailable: pf-vdisplay driver not installed"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("not desktop-duplication: unavailable: SudoVDA driver not installed"),
            std::string::npos)
      << text;
}

TEST(IddPushSession, ListBackendsPicksIddPushAndSaysWhyDuplicationCannotRun) {
  const std::string text = list_backends(
      "[plugins.pf-vdisplay]\ntopology = \"off\"\ncapture_textures = \"shared-memory\"\n"
      "[plugins.sudovda]\ntopology = \"off\"\n");
  EXPECT_NE(text.find("capture  idd-push"), std::string::npos) << text;  // the selection
  EXPECT_NE(text.find("IDD push into shared-memory slots"), std::string::npos) << text;
  // wine has no desktop duplication: the probe says so.
  EXPECT_NE(text.find("desktop-duplication: unavailable: desktop duplication does not work here: "),
            std::string::npos)
      << text;
}

TEST(IddPushSession, PfhostStreamCapturesThePushedFramesAndTearsDownInOrder) {
  TwinDevice twin(kPfVdisplayInterface);
  twin.reset();
  const auto dir = std::filesystem::temp_directory_path() / "pfhost-idd-push-session";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto config = dir / "host.toml";
  std::ofstream(config) << "[plugins.pf-vdisplay]\ntopology = \"off\"\n"
                           "capture_textures = \"shared-memory\"\n"
                        << "state_dir = '" << (dir / "state").string() << "'\n";
  const auto output = dir / "out.h264";
  const std::wstring command =
      L"\"" + wine_path(PFHOST_BINARY) + L"\" --no-cache --log-level info --plugin-dir \"" +
      wine_path(PFHOST_PLUGIN_DIR) + L"\" --plugin-dir \"" + wine_path(FRAME_CHECK_PLUGIN_DIR) +
      L"\" --config \"" + config.wstring() +
      L"\" stream --display pf-vdisplay --capture idd-push --encoder frame-check "
      L"--mode 320x240@30 --duration 3 --output \"" +
      output.wstring() + L"\"";
  ChildProcess pfhost(command, dir / "pfhost.log");

  // The monitor pfhost made, by its target id: the driver-side twin publishes into its ring.
  pfhost_twin_state state{};
  DWORD exit_code = 0;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while ((state = twin.state()).live_monitors == 0 && std::chrono::steady_clock::now() < deadline &&
         !pfhost.exited(&exit_code)) {
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_EQ(state.live_monitors, 1u) << read_text(dir / "pfhost.log");
  const uint32_t target_id = state.monitors[0].target_id;
  ChildProcess publisher(L"\"" + wine_path(PFHOST_IDD_PUBLISHER) + L"\" --fps 60 --target " +
                             std::to_wstring(target_id),
                         dir / "publisher.log");

  ASSERT_TRUE(pfhost.wait(90s)) << read_text(dir / "pfhost.log");
  const std::string log = read_text(dir / "pfhost.log");
  ASSERT_TRUE(pfhost.exited(&exit_code));
  EXPECT_EQ(exit_code, 0u) << log;
  EXPECT_EQ(twin.state().live_monitors, 0u) << "the monitor outlived the session";

  // What the capture handed the session, as the test encoder saw it.
  std::istringstream lines(read_text(output));
  std::string line;
  int fresh = 0, bad = 0;
  while (std::getline(lines, line)) {
    EXPECT_NE(line.find(" 320x240 format 1 "), std::string::npos) << line;
    if (line.find("pattern ok") == std::string::npos) ++bad;
    if (line.find("unchanged 0") != std::string::npos) ++fresh;
  }
  EXPECT_EQ(bad, 0) << read_text(output);
  EXPECT_GE(fresh, 30) << "3 s at 30 fps should bring most frames fresh\n" << log;

  // Teardown order: the capture closes before the display's monitor is removed.
  const std::string closed = "IDD-push capture of target " + std::to_string(target_id) + " closed";
  const size_t closed_at = log.find(closed), removed_at = log.find("torn down");
  ASSERT_NE(closed_at, std::string::npos) << log;
  ASSERT_NE(removed_at, std::string::npos) << log;
  EXPECT_LT(closed_at, removed_at) << log;
}

}  // namespace
}  // namespace pfhost::test
